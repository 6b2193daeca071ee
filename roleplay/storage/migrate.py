"""Run the alembic migrations in roleplay/migrations from code (no alembic.ini needed).

`upgrade(engine)` runs inside one transaction that holds the database's write lock (SQLite:
BEGIN IMMEDIATE; PostgreSQL: an advisory lock), so workers starting together migrate once.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from roleplay.storage.engine import is_sqlite, writer

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
_PG_LOCK_ID = 7_270_001


def config(url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url is not None:
        cfg.set_main_option("sqlalchemy.url", url)
    return cfg


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    await _run(engine, "upgrade", revision)


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    await _run(engine, "downgrade", revision)


async def current(engine: AsyncEngine) -> str | None:
    async with engine.connect() as conn:
        return await conn.run_sync(_current)


async def _run(engine: AsyncEngine, action: str, revision: str) -> None:
    async with writer(engine).begin() as conn:
        if not is_sqlite(engine):
            await conn.execute(text(f"SELECT pg_advisory_xact_lock({_PG_LOCK_ID})"))
        await conn.run_sync(_command, action, revision)


def _command(connection: Connection, action: str, revision: str) -> None:
    cfg = config()
    cfg.attributes["connection"] = connection
    getattr(command, action)(cfg, revision)


def _current(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()
