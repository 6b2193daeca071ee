"""What the commands that read stored sessions share: the store, the catalog, a session."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from roleplay.config import Settings
from roleplay.errors import NotFound

if TYPE_CHECKING:  # SQLAlchemy and the catalog load only when a command runs
    from roleplay.catalog import Catalog
    from roleplay.conversation import SessionState
    from roleplay.storage.rows import SessionRow
    from roleplay.storage.store import Store

T = TypeVar("T")


@dataclass
class Context:
    settings: Settings
    store: Store
    catalog: Catalog


def run(action: Callable[[Context], Awaitable[T]]) -> T:
    """`action` with the store of ROLEPLAY_DATABASE_URL and the persona and rubric folders."""
    return asyncio.run(_with(action))


async def _with(action: Callable[[Context], Awaitable[T]]) -> T:
    from roleplay.catalog import Catalog
    from roleplay.storage.store import Store

    settings = Settings()
    catalog = Catalog.load(settings.personas_dir, settings.rubrics_dir)
    store = await Store.open(settings.database_url)
    try:
        return await action(Context(settings, store, catalog))
    finally:
        await store.close()


async def session(ctx: Context, session_id: str) -> tuple[SessionRow, SessionState]:
    """A stored session and its state, or NotFound."""
    from roleplay.conversation import SessionState

    row = await ctx.store.get_session(session_id)
    if row is None:
        raise NotFound(f"no session {session_id!r} in {ctx.settings.database_url}")
    return row, SessionState.model_validate(row.state)
