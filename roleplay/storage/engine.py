"""An async engine for a database URL: SQLite set up for durability, PostgreSQL as is.

SQLite: WAL journal, `synchronous=FULL` (a committed transaction is fsync'd before the commit
returns, so an acknowledged turn survives kill -9 and power loss), a busy timeout so concurrent
writers wait instead of failing, and transactions begun by us: `BEGIN IMMEDIATE` on the writer
view (`writer(engine)`), so two processes never deadlock upgrading a read to a write.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from roleplay.errors import InputError

BUSY_TIMEOUT_MS = 30_000
_BEGIN_OPTION = "roleplay_sqlite_begin"


def engine_for(url: str) -> AsyncEngine:
    parsed = _parse(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    return create_async_engine(parsed, pool_pre_ping=True)


def writer(engine: AsyncEngine) -> AsyncEngine:
    """The same engine (same pool) whose transactions take SQLite's write lock at BEGIN."""
    return engine.execution_options(**{_BEGIN_OPTION: "BEGIN IMMEDIATE"})


def sqlite_threads(url: URL, pool_size: int) -> tuple[Engine, Engine]:
    """A sync (`sqlite3`) engine on the SQLite file of `url`, set up like the async one, for
    use from threads: (the engine, its view whose transactions begin IMMEDIATE)."""
    engine = create_engine(
        url.set(drivername="sqlite+pysqlite"), pool_size=pool_size, max_overflow=0,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    _listen(engine)
    return engine, engine.execution_options(**{_BEGIN_OPTION: "BEGIN IMMEDIATE"})


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"


_EXPECTED = "expected e.g. sqlite+aiosqlite:///roleplay.db or postgresql+asyncpg://user@host/db"


def _parse(url: str) -> URL:
    try:
        parsed = make_url(url)
    except Exception:
        raise InputError(f"invalid database URL {url!r}: {_EXPECTED}") from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        shown = parsed.render_as_string(hide_password=True)
        raise InputError(f"unsupported database URL {shown}: {_EXPECTED}")
    if parsed.get_backend_name() == "sqlite" and parsed.drivername != "sqlite+aiosqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    if parsed.get_backend_name() == "postgresql" and parsed.drivername != "postgresql+asyncpg":
        parsed = parsed.set(drivername="postgresql+asyncpg")
    return parsed


def _sqlite_engine(url: URL) -> AsyncEngine:
    """OSError, before any connection, when the file cannot be made: a connection that fails
    in aiosqlite leaves its worker thread behind, to fail later on a closed event loop."""
    if url.database and url.database != ":memory:":
        path = Path(url.database).expanduser()
        if path.is_dir():
            raise IsADirectoryError(f"{path} is a folder, not a database file")
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    _listen(engine.sync_engine)
    return engine


def _listen(engine: Engine) -> None:
    event.listen(engine, "connect", _on_sqlite_connect)
    event.listen(engine, "begin", _on_sqlite_begin)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see _on_sqlite_begin)
    cursor = dbapi_connection.cursor()
    for pragma in (
        "PRAGMA journal_mode=WAL",
        "PRAGMA synchronous=FULL",
        f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
    ):
        cursor.execute(pragma)
    cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    connection.exec_driver_sql(connection.get_execution_options().get(_BEGIN_OPTION, "BEGIN"))
