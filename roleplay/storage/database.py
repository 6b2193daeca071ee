"""One transaction, one hop: `read(work)` / `write(work)` run a sync function on a Connection.

A store operation is written once as a plain function of a SQLAlchemy `Connection` (Core
statements) and runs inside one transaction:

- **SQLite file**: on threads, with a sync `sqlite3` engine set up exactly like the async one
  (WAL, synchronous=FULL, busy timeout, `BEGIN IMMEDIATE` for writes). The whole transaction
  is one hop between the event loop and a thread, instead of one hop per cursor call through
  aiosqlite (about ten per statement); `sqlite3` releases the GIL while SQLite works (and
  fsyncs), so the event loop keeps running. Reads run on a small pool (WAL readers do not wait
  for the writer); writes on one thread that commits whatever is queued together
  (`group_commit.py`).
- **PostgreSQL** (and in-memory SQLite): on the async engine, `conn.run_sync(work)`.

`engine` and `writer` (the async engines) stay available for code that wants them directly.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.asyncio import AsyncEngine

from roleplay.storage.engine import sqlite_threads, writer
from roleplay.storage.group_commit import GroupCommit

T = TypeVar("T")
Work = Callable[[Connection], T]

THREADS = 4
"""Threads (and pooled sqlite3 connections) running SQLite reads; writes have one more."""


class Database:
    """The async engine, and a way to run a whole transaction in one step."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.writer = writer(engine)
        self._sync: Engine | None = None
        self._group: GroupCommit | None = None
        self._threads: ThreadPoolExecutor | None = None
        parsed = engine.url
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            self._sync, immediate = sqlite_threads(parsed, pool_size=THREADS + 1)
            self._group = GroupCommit(immediate)
            self._threads = ThreadPoolExecutor(THREADS, thread_name_prefix="roleplay-db")

    async def read(self, work: Work[T]) -> T:
        """`work(conn)` in a read transaction (rolled back at the end)."""
        if self._sync is not None:
            assert self._threads is not None
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._threads, _read, self._sync, work)
        async with self.engine.connect() as conn:
            return await conn.run_sync(work)

    async def write(self, work: Work[T]) -> T:
        """`work(conn)` in a write transaction: committed if it returns, rolled back on error."""
        if self._group is not None:
            return await self._group.run(work)
        async with self.writer.begin() as conn:
            return await conn.run_sync(work)

    async def dispose(self) -> None:
        """Finish queued writes and close every connection, off the event loop (a shutdown
        waiting on the writer thread must not stall requests still being answered)."""
        await asyncio.to_thread(self._close_threads)
        await self.engine.dispose()

    def _close_threads(self) -> None:
        if self._group is not None:
            self._group.close()
        if self._threads is not None:
            self._threads.shutdown(wait=True)
        if self._sync is not None:
            self._sync.dispose()



def _read(engine: Engine, work: Work[T]) -> T:
    with engine.connect() as conn:
        return work(conn)


