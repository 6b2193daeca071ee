"""The practice page: `GET /practice` serves the static files in `static/practice/`.

Plain HTML, CSS and JavaScript modules shipped inside the package: no build step, nothing
loaded from another origin. The page talks to this server's `/v1` API like any frontend would
(so it is also a worked example for frontend builders). Its Content-Security-Policy allows
only this origin, so a stray CDN link would fail loudly in the browser tests.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response
from starlette.types import Scope

PAGE_URL = "/practice"
STATIC_DIR = Path(__file__).resolve().parent / "static" / "practice"

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "media-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
))
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "microphone=(self), camera=(), geolocation=()",
    "Cache-Control": "no-cache",  # revalidate (ETag) so an upgrade shows at once
}


class PracticeFiles(StaticFiles):
    """Static files with the page's security headers on every answer (304s included)."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers.update(PAGE_HEADERS)
        return response


def install(app: FastAPI) -> None:
    """`/practice` redirects to `/practice/` (so the page's relative links resolve), which
    serves `index.html`."""
    app.mount(PAGE_URL, PracticeFiles(directory=STATIC_DIR, html=True), name="practice")
