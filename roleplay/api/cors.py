"""CORS: which browser pages may call the API, decided per request.

    origins in ROLEPLAY_CORS_ORIGINS        always allowed
    http://localhost:<port>, http://127.0.0.1:<port>, http://[::1]:<port>
                                            allowed too while the server is in local
                                            development mode (no API keys), so a frontend on
                                            `localhost:5173` works with no configuration
    any other origin                        a preflight is refused with a 403 problem saying
                                            why and what to set (not a 405, not a bare 400)

Development mode can end while the server runs (a key is created), so the choice is made per
request from `Store.has_keys()` (cached by the store; no query per request).
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from roleplay.api.problems import problem_response
from roleplay.config import Settings
from roleplay.errors import AccessDenied

EXPOSED_HEADERS = ("Location", "Link", "Retry-After", "Idempotent-Replayed", "WWW-Authenticate")
"""Response headers the API sends that a browser script may read (CORS hides all but a few)."""

ALLOWED_METHODS = ("GET", "POST", "OPTIONS")
ALLOWED_HEADERS = ("Authorization", "Content-Type", "Idempotency-Key", "Accept", "X-Roleplay-Rep")
LOOPBACK_ORIGINS = r"http://(localhost|127\.0\.0\.1|\[::1\])(:[0-9]{1,5})?"
"""Origins of pages served from this machine, any port: allowed in local development mode."""

PREFLIGHT_SECONDS = 600


class CorsRefused(AccessDenied):
    """A browser preflight from an origin (or asking for a method or header) we do not allow."""

    status = 403
    title = "CORS request refused"


@dataclass(frozen=True)
class _Policy:
    """One set of allowed origins, applied by Starlette's CORS middleware."""

    cors: CORSMiddleware
    loopback: bool

    def refusal(self, headers: Headers) -> str | None:
        """Why a preflight is refused (one line for the developer), or None if it is allowed."""
        origin = headers["origin"]
        if not self.cors.is_allowed_origin(origin):
            return _origin_refused(origin, self.loopback)
        method = headers["access-control-request-method"]
        if method not in ALLOWED_METHODS:
            return f"method {method} is not allowed from a browser (allowed: GET, POST)"
        asked = [h.strip().lower() for h in headers.get("access-control-request-headers", "")
                 .split(",") if h.strip()]
        refused = [h for h in asked if h not in self.cors.allow_headers]
        if refused:
            allowed = ", ".join(ALLOWED_HEADERS)
            return f"request header {refused[0]} is not allowed (allowed: {allowed})"
        return None


def _origin_refused(origin: str, loopback: bool) -> str:
    hint = (
        "this server has API keys, so only origins listed in ROLEPLAY_CORS_ORIGINS may call it"
        if not loopback else
        "local development mode allows http://localhost:*, http://127.0.0.1:* and "
        "http://[::1]:*; list other origins in ROLEPLAY_CORS_ORIGINS"
    )
    return f"origin {origin} may not call this API: {hint}"


class Cors:
    """ASGI middleware: the configured policy, or the development one while no key exists."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.configured = _Policy(_cors(app, settings.cors_origins, None), loopback=False)
        self.development = _Policy(
            _cors(app, settings.cors_origins, LOOPBACK_ORIGINS), loopback=True
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if "origin" not in headers:
            await self.app(scope, receive, send)
            return
        policy = self.development if await _development_mode(scope) else self.configured
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            refusal = policy.refusal(headers)
            if refusal is not None:
                response = problem_response(
                    Request(scope), CorsRefused.status, CorsRefused.title, refusal,
                    headers={"Vary": "Origin"},
                )
                await response(scope, receive, send)
                return
        await policy.cors(scope, receive, send)


def _cors(app: ASGIApp, origins: list[str], regex: str | None) -> CORSMiddleware:
    return CORSMiddleware(
        app,
        allow_origins=origins,
        allow_origin_regex=regex,
        allow_methods=ALLOWED_METHODS,
        allow_headers=ALLOWED_HEADERS,
        allow_private_network=True,
        expose_headers=EXPOSED_HEADERS,
        max_age=PREFLIGHT_SECONDS,
    )


async def _development_mode(scope: Scope) -> bool:
    """No active API key in the store (the app's lifespan has opened it)."""
    store = getattr(scope["app"].state, "store", None)
    if store is None:
        return False
    try:
        return not await store.has_keys()
    except Exception:  # the database is down: refuse loopback origins rather than guess
        return False
