"""Alembic environment: runs on the connection `roleplay.storage.migrate` passes in, or on an
async engine built from `sqlalchemy.url` / ROLEPLAY_DATABASE_URL when alembic is run by hand."""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy.engine import Connection

from roleplay.storage.engine import engine_for
from roleplay.storage.tables import metadata


def _migrate(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def _url() -> str:
    url = context.config.get_main_option("sqlalchemy.url")
    return url or os.environ.get("ROLEPLAY_DATABASE_URL", "sqlite+aiosqlite:///roleplay.db")


async def _migrate_online(url: str) -> None:
    engine = engine_for(url)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(_migrate)
    finally:
        await engine.dispose()


def _run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
    elif context.is_offline_mode():
        context.configure(url=_url(), target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
    else:
        asyncio.run(_migrate_online(_url()))


_run()
