"""The turn lease: one turn of a session at a time, across workers and processes.

A lease is a token and an expiry on the session row, taken with one conditional UPDATE (free
or expired), polled while another holder has it, renewed while held, cleared on release. No
transaction stays open while the lease is held. A holder killed mid-turn blocks the session
for at most LEASE_SECONDS.
"""

from __future__ import annotations

import asyncio
import time
import uuid

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from roleplay.errors import Conflict, NotFound
from roleplay.storage.tables import sessions

LEASE_SECONDS = 30.0
RENEW_SECONDS = 10.0
POLL_SECONDS = 0.05
WAIT_SECONDS = 120.0
"""How long a turn waits for another turn of the same session before giving up (409)."""


async def take(engine: AsyncEngine, writer: AsyncEngine, session_id: str) -> str:
    """The lease's token; NotFound for an unknown session, Conflict after WAIT_SECONDS."""
    token = uuid.uuid4().hex
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        if await _try_take(writer, session_id, token):
            return token
        if not await _exists(engine, session_id):
            raise NotFound(f"no session {session_id!r}")
        if time.monotonic() > deadline:
            raise Conflict(f"session {session_id!r} is busy with another turn; retry")
        await asyncio.sleep(POLL_SECONDS)


async def keep(writer: AsyncEngine, session_id: str, token: str) -> None:
    """Renew the lease every RENEW_SECONDS until cancelled."""
    while True:
        await asyncio.sleep(RENEW_SECONDS)
        async with writer.begin() as conn:
            await conn.execute(
                update(sessions)
                .where(sessions.c.id == session_id, sessions.c.lock_token == token)
                .values(lock_until=time.time() + LEASE_SECONDS)
            )


async def release(writer: AsyncEngine, session_id: str, token: str) -> None:
    async with writer.begin() as conn:
        await conn.execute(
            update(sessions)
            .where(sessions.c.id == session_id, sessions.c.lock_token == token)
            .values(lock_token=None, lock_until=None)
        )


async def _try_take(writer: AsyncEngine, session_id: str, token: str) -> bool:
    now = time.time()
    async with writer.begin() as conn:
        result = await conn.execute(
            update(sessions)
            .where(sessions.c.id == session_id)
            .where(or_(sessions.c.lock_until.is_(None), sessions.c.lock_until < now))
            .values(lock_token=token, lock_until=now + LEASE_SECONDS)
        )
    return result.rowcount == 1


async def _exists(engine: AsyncEngine, session_id: str) -> bool:
    async with engine.connect() as conn:
        found = await conn.execute(select(sessions.c.id).where(sessions.c.id == session_id))
        return found.first() is not None
