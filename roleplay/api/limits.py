"""Request limits: body size (413 problem, checked on Content-Length and while the body streams
in), the per-key rate limit (a token bucket per key, in memory per process) and CORS (see
`roleplay.api.cors`)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from fastapi import FastAPI
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from roleplay.api.cors import EXPOSED_HEADERS, Cors
from roleplay.api.problems import problem_response
from roleplay.config import Settings
from roleplay.errors import LimitExceeded

__all__ = ["EXPOSED_HEADERS", "BodySizeLimit", "RateLimiter", "install"]


def install(app: FastAPI, settings: Settings) -> None:
    """Body-size limit, CORS (outermost, so even a 413 carries CORS headers), rate limiter."""
    app.state.rate_limiter = (
        RateLimiter(settings.rate_limit_per_minute) if settings.rate_limit_per_minute else None
    )
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(Cors, settings=settings)


@dataclass
class _Bucket:
    tokens: float
    stamp: float


@dataclass
class RateLimiter:
    """`per_minute` requests per key, in bursts of up to `per_minute`, refilled continuously."""

    per_minute: int
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[str, _Bucket] = field(default_factory=dict)

    def take(self, key: str) -> int:
        """Take one token for `key`: 0 if allowed, else the seconds to wait (at least 1)."""
        now = self.clock()
        rate = self.per_minute / 60.0
        bucket = self._buckets.get(key) or _Bucket(float(self.per_minute), now)
        bucket.tokens = min(float(self.per_minute), bucket.tokens + (now - bucket.stamp) * rate)
        bucket.stamp = now
        self._buckets[key] = bucket
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0
        return max(1, math.ceil((1.0 - bucket.tokens) / rate))


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
