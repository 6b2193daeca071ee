"""Durable session storage: sessions, idempotency records and API keys (SQLAlchemy 2 async).

    Store.open(url)          SQLite file (WAL, synchronous=FULL) or PostgreSQL (asyncpg);
                             migrates the schema to head with alembic
    create/get/list/end      sessions, newest first, keyset pagination
    turn_lock(session_id)    one turn of a session at a time, across workers and processes:
                             an in-process asyncio.Lock, then a lease on the session row
                             (lock_token, lock_until) renewed while held; no database
                             transaction stays open while the model is called
    create/verify/revoke     API keys; only a sha256 of each key is stored

A turn acknowledged to a client has been committed (SQLite: fsync'd WAL) before the response.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import secrets
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, get_args

from pydantic import BaseModel, Field
from sqlalchemy import and_, func, insert, or_, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from roleplay.errors import Conflict, InputError, NotFound
from roleplay.storage import migrate
from roleplay.storage.engine import engine_for, writer
from roleplay.storage.tables import api_keys, idempotency, sessions

Role = Literal["rep", "trainer", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)

KEY_PREFIX = "rp_"
LEASE_SECONDS = 30.0
"""A lease older than this is free again: a worker killed mid-turn blocks its session this long."""
RENEW_SECONDS = 10.0
POLL_SECONDS = 0.05
WAIT_SECONDS = 120.0
"""How long a turn waits for another turn of the same session before giving up (409)."""


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_session_id() -> str:
    return "s_" + uuid.uuid4().hex


class SessionRow(BaseModel):
    """One stored session; `state` is conversation.SessionState as JSON."""

    id: str = Field(default_factory=new_session_id)
    owner: str | None = None
    persona: str
    rubric: str
    seed: int = 0
    hide_feedback: bool = False
    state: dict[str, Any] = Field(default_factory=dict)
    ended: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


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


@dataclass(frozen=True)
class IdempotentHit:
    """A request seen before under the same Idempotency-Key: its fingerprint and its response."""

    request_hash: str | None
    response: dict[str, Any] | None


def hash_key(plaintext: str) -> str:
    """sha256 hex: right for 32-byte random keys (no salt or slow hash needed at that entropy)."""
    return hashlib.sha256(plaintext.encode()).hexdigest()


class Store:
    """The only door to the database. Open with `await Store.open(url)`, close when done."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.writer = writer(engine)
        self._local_locks: dict[str, _LocalLock] = {}

    @classmethod
    async def open(cls, url: str, *, migrate_schema: bool = True) -> Store:
        engine = engine_for(url)
        if migrate_schema:
            await migrate.upgrade(engine)
        return cls(engine)

    async def close(self) -> None:
        await self.engine.dispose()

    async def ping(self) -> bool:
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    # sessions -----------------------------------------------------------------------------

    async def create_session(
        self,
        row: SessionRow,
        *,
        idem_key: str | None = None,
        request_hash: str | None = None,
        response: dict[str, Any] | None = None,
    ) -> tuple[SessionRow, IdempotentHit | None]:
        """Store `row` (and its idempotency record), or return the session stored under the key."""
        scope = "create:" + (row.owner or "")
        if idem_key is not None:
            found = await self._stored_creation(scope, idem_key)
            if found is not None:
                return found
        try:
            async with self.writer.begin() as conn:
                await conn.execute(insert(sessions).values(**_session_values(row)))
                if idem_key is not None:
                    await _record(conn, scope, idem_key, request_hash, response, row.id)
        except IntegrityError:
            found = await self._stored_creation(scope, idem_key) if idem_key else None
            if found is None:
                raise Conflict(f"session {row.id!r} already exists") from None
            return found
        return row, None

    async def _stored_creation(
        self, scope: str, idem_key: str
    ) -> tuple[SessionRow, IdempotentHit] | None:
        async with self.engine.connect() as conn:
            hit, session_id = await _find_record(conn, scope, idem_key)
        if hit is None or session_id is None:
            return None
        row = await self.get_session(session_id)
        return (row, hit) if row is not None else None

    async def get_session(self, id: str) -> SessionRow | None:
        async with self.engine.connect() as conn:
            result = await conn.execute(select(sessions).where(sessions.c.id == id))
            found = result.mappings().first()
        return _session_row(found) if found is not None else None

    async def list_sessions(
        self, *, owner: str | None = None, limit: int = 50, cursor: str | None = None
    ) -> tuple[list[SessionRow], str | None]:
        """Newest first; `owner=None` lists everyone's. Returns the page and the next cursor."""
        query = select(sessions).order_by(sessions.c.created_at.desc(), sessions.c.id.desc())
        if owner is not None:
            query = query.where(sessions.c.owner == owner)
        if cursor is not None:
            created, last_id = _decode_cursor(cursor)
            query = query.where(
                or_(
                    sessions.c.created_at < created,
                    and_(sessions.c.created_at == created, sessions.c.id < last_id),
                )
            )
        async with self.engine.connect() as conn:
            found = (await conn.execute(query.limit(limit + 1))).mappings().all()
        rows = [_session_row(item) for item in found[:limit]]
        more = len(found) > limit
        return rows, (_encode_cursor(rows[-1]) if more and rows else None)

    async def end_session(self, id: str, state: dict[str, Any]) -> SessionRow:
        async with self.writer.begin() as conn:
            result = await conn.execute(
                update(sessions)
                .where(sessions.c.id == id)
                .values(state=state, ended=True, updated_at=utcnow())
            )
        if result.rowcount == 0:
            raise NotFound(f"no session {id!r}")
        row = await self.get_session(id)
        assert row is not None
        return row

    # turns --------------------------------------------------------------------------------

    def turn_lock(self, session_id: str) -> AbstractAsyncContextManager[LockedSession]:
        """Hold the session for one turn; raises NotFound, or Conflict after WAIT_SECONDS."""
        return self._turn_lock(session_id)

    @asynccontextmanager
    async def _turn_lock(self, session_id: str) -> AsyncIterator[LockedSession]:
        local = self._local_locks.setdefault(session_id, _LocalLock())
        local.users += 1
        try:
            async with local.lock:
                token = await self._take_lease(session_id)
                renewer = asyncio.create_task(self._renew_lease(session_id, token))
                try:
                    row = await self.get_session(session_id)
                    if row is None:
                        raise NotFound(f"no session {session_id!r}")
                    yield LockedSession(self, row, token)
                finally:
                    renewer.cancel()
                    await self._release_lease(session_id, token)
        finally:
            local.users -= 1
            if local.users == 0:
                self._local_locks.pop(session_id, None)

    async def _take_lease(self, session_id: str) -> str:
        token = uuid.uuid4().hex
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            now = time.time()
            async with self.writer.begin() as conn:
                result = await conn.execute(
                    update(sessions)
                    .where(sessions.c.id == session_id)
                    .where(or_(sessions.c.lock_until.is_(None), sessions.c.lock_until < now))
                    .values(lock_token=token, lock_until=now + LEASE_SECONDS)
                )
            if result.rowcount == 1:
                return token
            if await self.get_session(session_id) is None:
                raise NotFound(f"no session {session_id!r}")
            if time.monotonic() > deadline:
                raise Conflict(f"session {session_id!r} is busy with another turn; retry")
            await asyncio.sleep(POLL_SECONDS)

    async def _renew_lease(self, session_id: str, token: str) -> None:
        while True:
            await asyncio.sleep(RENEW_SECONDS)
            async with self.writer.begin() as conn:
                await conn.execute(
                    update(sessions)
                    .where(sessions.c.id == session_id, sessions.c.lock_token == token)
                    .values(lock_until=time.time() + LEASE_SECONDS)
                )

    async def _release_lease(self, session_id: str, token: str) -> None:
        async with self.writer.begin() as conn:
            await conn.execute(
                update(sessions)
                .where(sessions.c.id == session_id, sessions.c.lock_token == token)
                .values(lock_token=None, lock_until=None)
            )

    # API keys -----------------------------------------------------------------------------

    async def create_key(self, name: str, role: Role) -> tuple[str, str]:
        """A new key: returns (key_id, plaintext). The plaintext is shown once, never stored."""
        if role not in ROLES:
            raise InputError(f"unknown role {role!r} (known: {', '.join(ROLES)})")
        key_id = "key_" + secrets.token_hex(6)
        plaintext = KEY_PREFIX + secrets.token_urlsafe(32)
        async with self.writer.begin() as conn:
            await conn.execute(
                insert(api_keys).values(
                    id=key_id, name=name, role=role, hash=hash_key(plaintext),
                    created_at=utcnow(), revoked_at=None,
                )
            )
        return key_id, plaintext

    async def verify_key(self, plaintext: str) -> ApiKeyRow | None:
        """The active key with this plaintext, or None."""
        digest = hash_key(plaintext)
        async with self.engine.connect() as conn:
            result = await conn.execute(select(api_keys).where(api_keys.c.hash == digest))
            found = result.mappings().first()
        if found is None or not hmac.compare_digest(found["hash"], digest):
            return None
        key = _key_row(found)
        return key if key.active else None

    async def revoke_key(self, key_id: str) -> bool:
        """True if an active key was revoked."""
        async with self.writer.begin() as conn:
            result = await conn.execute(
                update(api_keys)
                .where(api_keys.c.id == key_id, api_keys.c.revoked_at.is_(None))
                .values(revoked_at=utcnow())
            )
        return bool(result.rowcount)

    async def list_keys(self) -> list[ApiKeyRow]:
        async with self.engine.connect() as conn:
            found = await conn.execute(select(api_keys).order_by(api_keys.c.created_at))
            return [_key_row(item) for item in found.mappings().all()]

    async def has_keys(self) -> bool:
        """True when any key is active: the server then requires one on every request."""
        query = select(func.count()).select_from(api_keys).where(api_keys.c.revoked_at.is_(None))
        async with self.engine.connect() as conn:
            count = (await conn.execute(query)).scalar_one()
        return bool(count)


class LockedSession:
    """A session held by `Store.turn_lock`: `row` was read after the lock was taken."""

    def __init__(self, store: Store, row: SessionRow, token: str) -> None:
        self.store = store
        self.row = row
        self._token = token

    @property
    def _scope(self) -> str:
        return "turn:" + self.row.id

    async def find_idempotent(self, key: str) -> IdempotentHit | None:
        async with self.store.engine.connect() as conn:
            hit, _ = await _find_record(conn, self._scope, key)
        return hit

    async def save_turn(
        self,
        state: dict[str, Any],
        ended: bool,
        *,
        idem_key: str | None = None,
        request_hash: str | None = None,
        response: dict[str, Any],
    ) -> None:
        """The new state and the idempotency record in one transaction: both or neither."""
        now = utcnow()
        async with self.store.writer.begin() as conn:
            result = await conn.execute(
                update(sessions)
                .where(sessions.c.id == self.row.id, sessions.c.lock_token == self._token)
                .values(state=state, ended=ended, updated_at=now)
            )
            if result.rowcount != 1:
                raise Conflict(f"session {self.row.id!r} lost its turn lock; retry the turn")
            if idem_key is not None:
                await _record(conn, self._scope, idem_key, request_hash, response, self.row.id)
        self.row = self.row.model_copy(update={"state": state, "ended": ended, "updated_at": now})


class _LocalLock:
    """The in-process lock in front of the lease, and how many tasks hold or wait for it."""

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


async def _record(
    conn: AsyncConnection,
    scope: str,
    key: str,
    request_hash: str | None,
    response: dict[str, Any] | None,
    session_id: str | None,
) -> None:
    await conn.execute(
        insert(idempotency).values(
            scope=scope, key=key, request_hash=request_hash, response=response,
            session_id=session_id, created_at=utcnow(),
        )
    )


async def _find_record(
    conn: AsyncConnection, scope: str, key: str
) -> tuple[IdempotentHit | None, str | None]:
    query = select(idempotency).where(idempotency.c.scope == scope, idempotency.c.key == key)
    found = (await conn.execute(query)).mappings().first()
    if found is None:
        return None, None
    return IdempotentHit(found["request_hash"], found["response"]), found["session_id"]


def _session_values(row: SessionRow) -> dict[str, Any]:
    return row.model_dump() | {"lock_token": None, "lock_until": None}


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _session_row(found: Any) -> SessionRow:
    values = {name: found[name] for name in SessionRow.model_fields}
    values["created_at"] = _aware(values["created_at"])
    values["updated_at"] = _aware(values["updated_at"])
    return SessionRow.model_validate(values)


def _key_row(found: Any) -> ApiKeyRow:
    revoked = found["revoked_at"]
    return ApiKeyRow(
        id=found["id"], name=found["name"], role=found["role"],
        created_at=_aware(found["created_at"]),
        revoked_at=_aware(revoked) if revoked is not None else None,
    )


def _encode_cursor(row: SessionRow) -> str:
    raw = f"{row.created_at.isoformat()}|{row.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        created, last_id = raw.split("|", 1)
        return datetime.fromisoformat(created), last_id
    except (ValueError, UnicodeDecodeError):
        raise InputError(f"invalid cursor {cursor!r}: pass a next_cursor you were given") from None


__all__ = ["ROLES", "ApiKeyRow", "IdempotentHit", "LockedSession", "Role", "SessionRow", "Store"]
