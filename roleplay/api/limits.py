"""Request limits: body size (413 problem, checked on Content-Length and while the body streams
in), transcript size (`check_size`), CORS (see `roleplay.api.cors`) and which proxies are
trusted (`roleplay.api.proxy`). The per-key rate limit and the limit on failed key lookups are
token buckets in `Store.shared` (`storage/shared.py`: per process, or in Redis); `auth` takes
from them."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from roleplay.api.auth import FailedKeys
from roleplay.api.cors import EXPOSED_HEADERS, Cors
from roleplay.api.problems import problem_response
from roleplay.api.proxy import TrustedProxies
from roleplay.config import Settings
from roleplay.errors import LimitExceeded
from roleplay.storage.shared import TokenBuckets

RateLimiter = TokenBuckets
"""A per-process token bucket per key (what `Store.shared` uses without Redis)."""

__all__ = ["EXPOSED_HEADERS", "BodySizeLimit", "RateLimiter", "check_size", "install"]


def check_size(texts: Sequence[str], settings: Settings, what: str) -> None:
    """413 when a transcript or a conversation (`what`) has more turns than a session may
    hold, or more characters in all than `max_transcript_chars`: bounds the CPU any one
    request can cost (grading, replaying a conversation)."""
    most = 2 * settings.max_turns_per_session + 1
    if len(texts) > most:
        raise LimitExceeded(f"the {what} has {len(texts)} turns; the limit is {most}")
    chars = sum(len(text) for text in texts)
    if chars > settings.max_transcript_chars:
        raise LimitExceeded(
            f"the {what} has {chars} characters; the limit is {settings.max_transcript_chars} "
            "(ROLEPLAY_MAX_TRANSCRIPT_CHARS)"
        )


def install(app: FastAPI, settings: Settings) -> None:
    """Body-size limit, CORS (so even a 413 carries CORS headers), and outermost the trusted
    proxies, so everything inside sees the real client."""
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(Cors, settings=settings)
    app.add_middleware(TrustedProxies, trusted=settings.forwarded_allow_ips)
    app.state.failed_keys = FailedKeys(settings.auth_failures_per_minute)


class _BodyTooLarge(Exception):
    pass


class BodySizeLimit:
    """Answer 413 problem+json to a request body over `max_bytes`, however it is sent."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._reject(scope, receive, send)
            return
        received = 0
        exceeded = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    exceeded = True
                    raise _BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            if not exceeded:
                await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not exceeded:
                raise
        if exceeded:
            await self._reject(scope, receive, send)

    async def _reject(self, scope: Scope, receive: Receive, send: Send) -> None:
        detail = f"request body larger than {self.max_bytes} bytes"
        response = problem_response(Request(scope), 413, LimitExceeded.title, detail)
        await response(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
