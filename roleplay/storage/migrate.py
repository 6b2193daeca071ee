"""Run the alembic migrations in roleplay/migrations from code (no alembic.ini needed).

`upgrade(engine)` runs inside one transaction that holds the database's write lock (SQLite:
BEGIN IMMEDIATE; PostgreSQL: an advisory lock), so workers starting together migrate once.
A database already at HEAD is recognised with one query, without importing alembic (start-up).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from roleplay.errors import InputError
from roleplay.storage.engine import is_sqlite, writer

if TYPE_CHECKING:
    from alembic.config import Config

HEAD = "0003"
"""The newest revision in roleplay/migrations/versions (a test keeps the two equal)."""

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
_PG_LOCK_ID = 7_270_001


def config(url: str | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url is not None:
        cfg.set_main_option("sqlalchemy.url", url)
    return cfg


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """InputError when the database carries a revision this release does not know."""
    if revision == "head" and await current(engine) == HEAD:
        return
    from alembic.util.exc import CommandError

    try:
        await _run(engine, "upgrade", revision)
    except CommandError as err:
        raise InputError(
            f"the database's schema is not one this release knows ({err}); "
            "upgrade roleplay or use another database"
        ) from None


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    await _run(engine, "downgrade", revision)


async def current(engine: AsyncEngine) -> str | None:
    """The database's revision, or None for an empty database."""
    try:
        async with engine.connect() as conn:
            found = await conn.execute(text("SELECT version_num FROM alembic_version"))
            versions = list(found.scalars())
    except DBAPIError:
        return None
    return str(versions[0]) if len(versions) == 1 else None


async def _run(engine: AsyncEngine, action: str, revision: str) -> None:
    async with writer(engine).begin() as conn:
        if not is_sqlite(engine):
            await conn.execute(text(f"SELECT pg_advisory_xact_lock({_PG_LOCK_ID})"))
        await conn.run_sync(_command, action, revision)


def _command(connection: Connection, action: str, revision: str) -> None:
    from alembic import command

    cfg = config()
    cfg.attributes["connection"] = connection
    getattr(command, action)(cfg, revision)
