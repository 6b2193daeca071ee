"""API keys: 32 random bytes shown once; only their sha256 is stored.

sha256 is right for high-entropy keys (no salt or slow hash is needed at 256 bits); a key is
found by its hash (indexed, unique) and compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime
from typing import Any, Literal, get_args

from pydantic import BaseModel
from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from roleplay.errors import InputError
from roleplay.storage.tables import api_keys
from roleplay.storage.times import aware, utcnow

Role = Literal["rep", "trainer", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)
KEY_PREFIX = "rp_"


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


async def create(writer: AsyncEngine, name: str, role: Role) -> tuple[str, str]:
    """A new key: (key_id, plaintext). The plaintext is shown once, never stored."""
    if role not in ROLES:
        raise InputError(f"unknown role {role!r} (known: {', '.join(ROLES)})")
    key_id = "key_" + secrets.token_hex(6)
    plaintext = KEY_PREFIX + secrets.token_urlsafe(32)
    async with writer.begin() as conn:
        await conn.execute(
            insert(api_keys).values(
                id=key_id, name=name, role=role, hash=hash_key(plaintext),
                created_at=utcnow(), revoked_at=None,
            )
        )
    return key_id, plaintext


async def verify(engine: AsyncEngine, plaintext: str) -> ApiKeyRow | None:
    """The active key with this plaintext, or None."""
    digest = hash_key(plaintext)
    async with engine.connect() as conn:
        result = await conn.execute(select(api_keys).where(api_keys.c.hash == digest))
        found = result.mappings().first()
    if found is None or not hmac.compare_digest(found["hash"], digest):
        return None
    key = _key_row(found)
    return key if key.active else None


async def revoke(writer: AsyncEngine, key_id: str) -> bool:
    """True if an active key was revoked."""
    async with writer.begin() as conn:
        result = await conn.execute(
            update(api_keys)
            .where(api_keys.c.id == key_id, api_keys.c.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
    return bool(result.rowcount)


async def list_all(engine: AsyncEngine) -> list[ApiKeyRow]:
    async with engine.connect() as conn:
        found = await conn.execute(select(api_keys).order_by(api_keys.c.created_at))
        return [_key_row(item) for item in found.mappings().all()]


async def any_active(engine: AsyncEngine) -> bool:
    query = select(func.count()).select_from(api_keys).where(api_keys.c.revoked_at.is_(None))
    async with engine.connect() as conn:
        count = (await conn.execute(query)).scalar_one()
    return bool(count)


def _key_row(found: Any) -> ApiKeyRow:
    revoked = found["revoked_at"]
    return ApiKeyRow(
        id=found["id"], name=found["name"], role=found["role"],
        created_at=aware(found["created_at"]),
        revoked_at=aware(revoked) if revoked is not None else None,
    )
