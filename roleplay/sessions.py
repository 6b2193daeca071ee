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
import uuid
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import and_, insert, or_, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from roleplay.errors import Conflict, InputError, NotFound
from roleplay.storage import keys, lease, migrate
from roleplay.storage.engine import engine_for, writer
from roleplay.storage.keys import ROLES, ApiKeyRow, Role
from roleplay.storage.tables import idempotency, sessions
from roleplay.storage.times import aware, utcnow


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


@dataclass(frozen=True)
class IdempotentHit:
    """A request seen before under the same Idempotency-Key: its fingerprint and its response."""

    request_hash: str | None
    response: dict[str, Any] | None


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
        """Hold the session for one turn; raises NotFound, or Conflict after lease.WAIT_SECONDS."""
        return self._turn_lock(session_id)

    @asynccontextmanager
    async def _turn_lock(self, session_id: str) -> AsyncIterator[LockedSession]:
        local = self._local_locks.setdefault(session_id, _LocalLock())
        local.users += 1
        try:
            async with local.lock:
                token = await lease.take(self.engine, self.writer, session_id)
                renewer = asyncio.create_task(lease.keep(self.writer, session_id, token))
                try:
                    row = await self.get_session(session_id)
                    if row is None:
                        raise NotFound(f"no session {session_id!r}")
                    yield LockedSession(self, row, token)
                finally:
                    renewer.cancel()
                    await lease.release(self.writer, session_id, token)
        finally:
            local.users -= 1
            if local.users == 0:
                self._local_locks.pop(session_id, None)

    # API keys -----------------------------------------------------------------------------

    async def create_key(self, name: str, role: Role) -> tuple[str, str]:
        """A new key: returns (key_id, plaintext). The plaintext is shown once, never stored."""
        return await keys.create(self.writer, name, role)

    async def verify_key(self, plaintext: str) -> ApiKeyRow | None:
        """The active key with this plaintext, or None."""
        return await keys.verify(self.engine, plaintext)

    async def revoke_key(self, key_id: str) -> bool:
        """True if an active key was revoked."""
        return await keys.revoke(self.writer, key_id)

    async def list_keys(self) -> list[ApiKeyRow]:
        return await keys.list_all(self.engine)

    async def has_keys(self) -> bool:
        """True when any key is active: the server then requires one on every request."""
        return await keys.any_active(self.engine)


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


def _session_row(found: Any) -> SessionRow:
    values = {name: found[name] for name in SessionRow.model_fields}
    values["created_at"] = aware(values["created_at"])
    values["updated_at"] = aware(values["updated_at"])
    return SessionRow.model_validate(values)


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
