"""The turn lease: one turn of a session at a time, across workers and processes.

A lease is a token and an expiry on the session row. Taking it is one conditional UPDATE (free
or expired) that returns the session's version, so the holder knows whether the copy of the
session it has in memory is current. Another holder's lease is polled; a held lease is renewed
only when a turn runs longer than RENEW_SECONDS; saving the turn expires it in the same
statement (`storage.store.Store`), so a turn costs two write transactions: take, and save. No
transaction stays open while the lease is held. A holder killed mid-turn blocks the session
for at most LEASE_SECONDS.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import and_, bindparam, or_, select, update
from sqlalchemy.engine import Connection

from roleplay.errors import Conflict, NotFound
from roleplay.storage.database import Database
from roleplay.storage.tables import sessions

LEASE_SECONDS = 30.0
RENEW_SECONDS = 10.0
POLL_SECONDS = 0.05
WAIT_SECONDS = 120.0
"""How long a turn waits for another turn of the same session before giving up (409)."""

_MISSING = -1
T = TypeVar("T")


async def take(
    db: Database, session_id: str, also: Callable[[Connection], T] | None = None
) -> tuple[str, int, T | None]:
    """(token, session version, `also(conn)` run in the same transaction once taken); NotFound
    for an unknown session, Conflict after WAIT_SECONDS."""
    token = uuid.uuid4().hex
    deadline = time.monotonic() + WAIT_SECONDS

    def attempt(conn: Connection) -> tuple[int | None, T | None]:
        version = _try_take(conn, session_id, token)
        if version is None or version == _MISSING or also is None:
            return version, None
        return version, also(conn)

    while True:
        version, extra = await db.write(attempt)
        if version == _MISSING:
            raise NotFound(f"no session {session_id!r}")
        if version is not None:
            return token, version, extra
        if time.monotonic() > deadline:
            raise Conflict(f"session {session_id!r} is busy with another turn; retry")
        await asyncio.sleep(POLL_SECONDS)


class Renewal:
    """Renews a lease after RENEW_SECONDS, then every RENEW_SECONDS, until cancelled. Costs a
    timer, not a task, for the turns (nearly all) that end sooner."""

    def __init__(self, db: Database, session_id: str, token: str) -> None:
        self._db, self._session_id, self._token = db, session_id, token
        self._task: asyncio.Task[None] | None = None
        self.handle = asyncio.get_running_loop().call_later(RENEW_SECONDS, self._start)

    def cancel(self) -> None:
        self.handle.cancel()
        if self._task is not None:
            self._task.cancel()

    def _start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._renew())

    async def _renew(self) -> None:
        while True:
            await self._db.write(lambda conn: renew(conn, self._session_id, self._token))
            await asyncio.sleep(RENEW_SECONDS)


# Built once: a statement built per call costs more CPU than SQLite takes to run it.
_HELD = and_(sessions.c.id == bindparam("b_id"), sessions.c.lock_token == bindparam("b_token"))
_RENEW = update(sessions).where(_HELD).values(lock_until=bindparam("b_until"))
_RELEASE = update(sessions).where(_HELD).values(lock_token=None, lock_until=None)
_TAKE = (
    update(sessions)
    .where(sessions.c.id == bindparam("b_id"))
    .where(or_(sessions.c.lock_until.is_(None), sessions.c.lock_until < bindparam("b_now")))
    .values(lock_token=bindparam("b_token"), lock_until=bindparam("b_until"))
    .returning(sessions.c.version)
)
_EXISTS = select(sessions.c.id).where(sessions.c.id == bindparam("b_id"))


def renew(conn: Connection, session_id: str, token: str) -> None:
    until = time.time() + LEASE_SECONDS
    conn.execute(_RENEW, {"b_id": session_id, "b_token": token, "b_until": until})


def release(conn: Connection, session_id: str, token: str) -> None:
    conn.execute(_RELEASE, {"b_id": session_id, "b_token": token})


def _try_take(conn: Connection, session_id: str, token: str) -> int | None:
    """The version if taken, None if someone else holds it, _MISSING if there is no session."""
    now = time.time()
    taken = conn.execute(
        _TAKE, {"b_id": session_id, "b_now": now, "b_token": token, "b_until": now + LEASE_SECONDS}
    ).first()
    if taken is not None:
        return int(taken[0])
    found = conn.execute(_EXISTS, {"b_id": session_id}).first()
    return None if found is not None else _MISSING
