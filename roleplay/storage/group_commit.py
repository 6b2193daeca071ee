"""Group commit for SQLite: one thread runs queued write transactions, many per commit.

SQLite lets one writer in at a time and, with `synchronous=FULL`, fsyncs every commit. Run
from a pool of threads, writers queue inside SQLite's busy handler (which sleeps in steps of
up to 100 ms) and each needs the GIL back several times per transaction while holding the
write lock, so under load a write waits tens of milliseconds for the event loop thread to let
go of the GIL, with every other writer waiting behind it. Here one thread takes whatever
writes are queued (up to MAX_GROUP), runs each in a SAVEPOINT of one `BEGIN IMMEDIATE`
transaction and commits once: one fsync and one round of GIL hand-overs for the group. Each
caller's future is settled after the commit, so an acknowledged write is on disk; a write that
raises is rolled back to its savepoint alone and its caller gets the exception.

The thread keeps one pooled connection between writes instead of checking one out of the pool
and back in (which resets it) for every transaction; after a write that raised, it hands the
connection back to the pool and takes one again for the next write, as it did per write before.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.engine import Connection, Engine

T = TypeVar("T")
MAX_GROUP = 8
"""Most writes committed together."""


@dataclass(frozen=True)
class _Job:
    work: Callable[[Connection], Any]
    future: asyncio.Future[Any]
    loop: asyncio.AbstractEventLoop


Outcome = tuple[Any, BaseException | None]


class GroupCommit:
    """The writing thread of one SQLite engine (whose transactions begin IMMEDIATE)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._conn: Connection | None = None
        """The writing thread's connection (used by that thread only)."""
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="roleplay-db-write", daemon=True)
        self._thread.start()

    async def run(self, work: Callable[[Connection], T]) -> T:
        """`work(conn)` inside a committed write transaction; its result, or what it raised."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._queue.put(_Job(work, future, loop))
        return await future

    def close(self) -> None:
        """Finish the queued writes, then stop the thread."""
        self._queue.put(None)
        self._thread.join()

    def _run(self) -> None:
        try:
            self._serve()
        finally:
            self._drop()

    def _serve(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            group, stop = [first], False
            while len(group) < MAX_GROUP:
                try:
                    job = self._queue.get_nowait()
                except queue.Empty:
                    break
                if job is None:
                    stop = True
                    break
                group.append(job)
            for job, outcome in zip(group, self._commit(group), strict=True):
                _settle(job, outcome)
            if stop:
                return

    def _commit(self, group: list[_Job]) -> list[Outcome]:
        if len(group) == 1:
            outcome = self._alone(group[0].work)
            if outcome[1] is not None:
                self._drop()
            return [outcome]
        outcomes: list[Outcome] = []
        try:
            conn = self._connection()
            with conn.begin():
                outcomes = [_in_savepoint(conn, job.work) for job in group]
        except Exception as exc:  # BEGIN, a SAVEPOINT or COMMIT failed: none of it is stored
            self._drop()
            errors = [error or exc for _, error in outcomes]
            return [(None, error) for error in errors + [exc] * (len(group) - len(errors))]
        if any(error is not None for _, error in outcomes):
            self._drop()
        return outcomes

    def _alone(self, work: Callable[[Connection], Any]) -> Outcome:
        try:
            conn = self._connection()
            with conn.begin():
                return work(conn), None
        except Exception as exc:
            return None, exc

    def _connection(self) -> Connection:
        if self._conn is None:
            self._conn = self._engine.connect()
        return self._conn

    def _drop(self) -> None:
        """Hand the connection back to the pool (after an error, and when the thread stops)."""
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()


_SAVEPOINT = "SAVEPOINT roleplay_group"
_RELEASE = "RELEASE SAVEPOINT roleplay_group"
_ROLLBACK = "ROLLBACK TO SAVEPOINT roleplay_group"


def _in_savepoint(conn: Connection, work: Callable[[Connection], Any]) -> Outcome:
    """`work` in a SAVEPOINT of the group's transaction, rolled back alone if it raises.
    The statements are sent as they are (`exec_driver_sql`): SQLAlchemy's `begin_nested`
    compiles a new SAVEPOINT and RELEASE statement each time, which cost the writing thread
    more than the turn's own statements. The jobs run one after another, so one name does."""
    conn.exec_driver_sql(_SAVEPOINT)
    try:
        result = work(conn)
    except Exception as exc:
        conn.exec_driver_sql(_ROLLBACK)  # undoes the job's writes; the savepoint stays open
        conn.exec_driver_sql(_RELEASE)
        return None, exc
    conn.exec_driver_sql(_RELEASE)
    return result, None


def _settle(job: _Job, outcome: Outcome) -> None:
    with contextlib.suppress(RuntimeError):  # the caller's loop is closed: nobody waits
        job.loop.call_soon_threadsafe(_set, job.future, outcome)


def _set(future: asyncio.Future[Any], outcome: Outcome) -> None:
    if future.done():
        return
    result, error = outcome
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
