"""API keys: 32 random bytes shown once; only their sha256 is stored.

sha256 is right for high-entropy keys (no salt or slow hash is needed at 256 bits); a key is
found by its hash (indexed, unique) and compared in constant time.

Verifying a key on every request would cost a query each time, so each worker keeps what it
read for CACHE_SECONDS (`KeyCache`): a key revoked or created by another process (the `roleplay
keys` CLI, another worker) takes effect there within CACHE_SECONDS; in the process that made
the change, at once; with Redis (`storage/shared.py`) in every worker at once. An unknown key
is remembered as unknown for CACHE_SECONDS too: keys are random, so no one sends a key before it
exists, and a flood of bad keys costs one query per key instead of one per request.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from datetime import datetime
from typing import Any, Literal, get_args

from pydantic import BaseModel
from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection

from roleplay.errors import InputError
from roleplay.storage.tables import api_keys
from roleplay.storage.times import aware, utcnow

Role = Literal["rep", "trainer", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)
KEY_PREFIX = "rp_"
CACHE_SECONDS = 5.0
"""How long a worker trusts what it read about keys (revocation delay across processes)."""
CACHE_SIZE = 1024


class ApiKeyRow(BaseModel):
    """An API key as stored: never the key itself."""

    id: str
    name: str
    role: Role
    created_at: datetime
    revoked_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def hash_key(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def new_key(role: Role) -> tuple[str, str]:
    """(key_id, plaintext) for a new key with this role."""
    if role not in ROLES:
        raise InputError(f"unknown role {role!r} (known: {', '.join(ROLES)})")
    return "key_" + secrets.token_hex(6), KEY_PREFIX + secrets.token_urlsafe(32)


def create(conn: Connection, key_id: str, plaintext: str, name: str, role: Role) -> None:
    conn.execute(
        insert(api_keys).values(
            id=key_id, name=name, role=role, hash=hash_key(plaintext),
            created_at=utcnow(), revoked_at=None,
        )
    )


def find(conn: Connection, digest: str) -> ApiKeyRow | None:
    """The key (active or revoked) whose hash is `digest`, or None."""
    found = conn.execute(select(api_keys).where(api_keys.c.hash == digest)).mappings().first()
    if found is None or not hmac.compare_digest(found["hash"], digest):
        return None
    return _key_row(found)


def revoke(conn: Connection, key_id: str) -> bool:
    """True if an active key was revoked."""
    result = conn.execute(
        update(api_keys)
        .where(api_keys.c.id == key_id, api_keys.c.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return bool(result.rowcount)


def list_all(conn: Connection) -> list[ApiKeyRow]:
    found = conn.execute(select(api_keys).order_by(api_keys.c.created_at))
    return [_key_row(item) for item in found.mappings().all()]


def any_active(conn: Connection) -> bool:
    query = select(func.count()).select_from(api_keys).where(api_keys.c.revoked_at.is_(None))
    return bool(conn.execute(query).scalar_one())


class KeyCache:
    """What this worker read about keys, each entry trusted for CACHE_SECONDS."""

    def __init__(self) -> None:
        self._keys: dict[str, tuple[float, ApiKeyRow]] = {}
        self._unknown: dict[str, float] = {}
        self._any: tuple[float, bool] | None = None

    def key(self, digest: str) -> ApiKeyRow | None:
        found = self._keys.get(digest)
        if found is None or found[0] < time.monotonic():
            return None
        return found[1]

    def keep_key(self, digest: str, key: ApiKeyRow) -> None:
        now = time.monotonic()
        self._keys.pop(digest, None)  # re-inserted last: the dict stays in expiry order
        if len(self._keys) >= CACHE_SIZE:
            self._drop_oldest(now)
        self._keys[digest] = (now + CACHE_SECONDS, key)

    def _drop_oldest(self, now: float) -> None:
        """Expired entries go first; if none has expired, the one kept longest ago."""
        expired = [digest for digest, (until, _) in self._keys.items() if until < now]
        for digest in expired or [next(iter(self._keys))]:
            del self._keys[digest]

    def unknown(self, digest: str) -> bool:
        until = self._unknown.get(digest)
        return until is not None and until >= time.monotonic()

    def keep_unknown(self, digest: str) -> None:
        now = time.monotonic()
        if len(self._unknown) >= CACHE_SIZE:
            expired = [d for d, until in self._unknown.items() if until < now]
            for gone in expired or [next(iter(self._unknown))]:
                del self._unknown[gone]
        self._unknown[digest] = now + CACHE_SECONDS

    def any_active(self) -> bool | None:
        if self._any is None or self._any[0] < time.monotonic():
            return None
        return self._any[1]

    def keep_any_active(self, active: bool) -> None:
        self._any = (time.monotonic() + CACHE_SECONDS, active)

    def clear(self) -> None:
        self._keys.clear()
        self._unknown.clear()
        self._any = None


def _key_row(found: Any) -> ApiKeyRow:
    revoked = found["revoked_at"]
    return ApiKeyRow(
        id=found["id"], name=found["name"], role=found["role"],
        created_at=aware(found["created_at"]),
        revoked_at=aware(revoked) if revoked is not None else None,
    )
