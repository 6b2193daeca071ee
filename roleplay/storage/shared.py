"""State every worker must agree on: rate-limit buckets, and news that API keys changed.

    open_shared(None)         `Shared`: in this process's memory (one worker, or a limit per
                              worker)
    open_shared("redis://")   `RedisShared`: buckets in Redis (one Lua script per request, the
                              clock is Redis's), key changes on a pub/sub channel

    await shared.take(bucket, per_minute)   0 if allowed, else the seconds to wait
    await shared.keys_changed()             tell every worker (and this one) to forget what
                                            it cached about keys
    shared.on_keys_changed(callback)        called when any worker says so

Buckets are token buckets: `per_minute` requests in a burst, refilled continuously. When Redis
cannot be reached a request is allowed (a limit is not worth an outage) and a warning logged;
the key cache still expires after `keys.CACHE_SECONDS`, so a revocation missed on the channel
takes effect within that time, as without Redis. `redis` is imported only here.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from roleplay.errors import InputError

_log = logging.getLogger("roleplay.storage")

CHANNEL = "roleplay:keys-changed"
PREFIX = "roleplay:bucket:"


@dataclass
class _Bucket:
    tokens: float
    stamp: float
    limit: float


@dataclass
class TokenBuckets:
    """Token buckets in memory: `per_minute` requests per key, in bursts of up to `per_minute`."""

    per_minute: int
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[str, _Bucket] = field(default_factory=dict)

    MAX_BUCKETS = 100_000
    """Full buckets are forgotten past this many (a full bucket is the same as none)."""

    def take(self, key: str, per_minute: int | None = None) -> int:
        """Take one token for `key`: 0 if allowed, else the seconds to wait (at least 1)."""
        limit = per_minute or self.per_minute
        now = self.clock()
        rate = limit / 60.0
        bucket = self._buckets.get(key) or _Bucket(float(limit), now, float(limit))
        bucket.tokens = min(float(limit), bucket.tokens + (now - bucket.stamp) * rate)
        bucket.stamp, bucket.limit = now, float(limit)
        self._buckets[key] = bucket
        if len(self._buckets) > self.MAX_BUCKETS:
            self._forget_full(now)
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0
        return max(1, math.ceil((1.0 - bucket.tokens) / rate))

    def _forget_full(self, now: float) -> None:
        for key, bucket in list(self._buckets.items()):
            if bucket.tokens + (now - bucket.stamp) * bucket.limit / 60.0 >= bucket.limit:
                del self._buckets[key]


class Shared:
    """In this process only."""

    def __init__(self) -> None:
        self._buckets = TokenBuckets(1)
        self._listeners: list[Callable[[], None]] = []

    @property
    def where(self) -> str:
        return "memory"

    async def start(self) -> None:
        """Begin listening for other workers (nothing to do in memory)."""

    async def close(self) -> None:
        """Stop listening and close connections."""

    async def take(self, bucket: str, per_minute: int) -> int:
        return self._buckets.take(bucket, per_minute)

    def on_keys_changed(self, callback: Callable[[], None]) -> None:
        self._listeners.append(callback)

    async def keys_changed(self) -> None:
        self._notify()

    def _notify(self) -> None:
        for callback in self._listeners:
            callback()


_TAKE = """
local limit = tonumber(ARGV[1])
local now = redis.call('TIME')
now = tonumber(now[1]) + tonumber(now[2]) / 1000000
local found = redis.call('HMGET', KEYS[1], 'tokens', 'stamp')
local tokens = tonumber(found[1]) or limit
local stamp = tonumber(found[2]) or now
tokens = math.min(limit, tokens + (now - stamp) * limit / 60)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = math.max(1, math.ceil((1 - tokens) * 60 / limit))
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'stamp', tostring(now))
redis.call('EXPIRE', KEYS[1], 120)
return wait
"""


class RedisShared(Shared):
    """Through Redis, for every worker and machine that names the same Redis."""

    def __init__(self, url: str) -> None:
        super().__init__()
        try:
            import redis.asyncio as redis
        except ImportError:
            raise InputError(
                "ROLEPLAY_REDIS_URL is set but the redis package is not installed: "
                "pip install 'roleplay[redis]'"
            ) from None

        self.url = url
        self._redis: Any = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._take = self._redis.register_script(_TAKE)
        self._listener: asyncio.Task[None] | None = None
        self._warned = 0.0

    @property
    def where(self) -> str:
        return "redis"

    async def start(self) -> None:
        if self._listener is None:
            ready = asyncio.get_running_loop().create_future()
            self._listener = asyncio.create_task(self._listen(ready))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(ready), 2)

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._listener
            self._listener = None
        await self._redis.aclose()

    async def take(self, bucket: str, per_minute: int) -> int:
        try:
            wait = await self._take(keys=[PREFIX + bucket], args=[per_minute])
        except Exception as err:
            self._warn(f"rate limit not checked: Redis at {self._shown()} failed: {err}")
            return 0
        return int(wait)

    async def keys_changed(self) -> None:
        self._notify()
        try:
            await self._redis.publish(CHANNEL, b"1")
        except Exception as err:
            self._warn(f"key change not sent to other workers (they see it within their key "
                       f"cache time): Redis at {self._shown()} failed: {err}")

    async def _listen(self, ready: asyncio.Future[None]) -> None:
        """Forget cached keys on every message; after a lost connection, forget them too (a
        message may have been missed) and subscribe again."""
        while True:
            try:
                async with self._redis.pubsub() as pubsub:
                    await pubsub.subscribe(CHANNEL)
                    if not ready.done():
                        ready.set_result(None)
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            self._notify()
            except asyncio.CancelledError:
                raise
            except Exception as err:
                self._warn(f"not hearing key changes: Redis at {self._shown()} failed: {err}")
                self._notify()
                await asyncio.sleep(1)

    def _warn(self, message: str) -> None:
        now = time.monotonic()
        if now - self._warned > 10:  # at most one warning every 10 s
            self._warned = now
            _log.warning(message)

    def _shown(self) -> str:
        from urllib.parse import urlsplit

        parts = urlsplit(self.url)
        return f"{parts.hostname}:{parts.port or 6379}"


def open_shared(url: str | None) -> Shared:
    return RedisShared(url) if url else Shared()
