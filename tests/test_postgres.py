"""The Store and its migrations on PostgreSQL (127.0.0.1:5432, database `test`), each test in a
schema of its own; skipped cleanly when no PostgreSQL answers there."""

from __future__ import annotations

import getpass
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from store_cases import (
    STORE_CASES,
    OpenStore,
    another_worker_sees_a_new_turn,
    serialized_turns,
    upgrade_keeps_sessions_of_0001,
)

from roleplay.storage import migrate
from roleplay.storage.store import Store

HOST, PORT, DATABASE = "127.0.0.1", 5432, "test"


async def _reachable_user() -> str | None:
    import asyncpg

    for user in ("postgres", getpass.getuser()):
        try:
            conn = await asyncpg.connect(
                host=HOST, port=PORT, user=user, database=DATABASE, timeout=2
            )
        except Exception:
            continue
        await conn.close()
        return user
    return None


@pytest.fixture
async def pg_url() -> str:
    user = await _reachable_user()
    if user is None:
        pytest.skip(f"no PostgreSQL at {HOST}:{PORT}/{DATABASE}")
    return f"postgresql+asyncpg://{user}@{HOST}:{PORT}/{DATABASE}"


@pytest.fixture
async def schema(pg_url: str) -> AsyncIterator[str]:
    name = "rp_test_" + uuid.uuid4().hex[:12]
    admin = create_async_engine(pg_url)
    async with admin.begin() as conn:
        await conn.execute(text(f"CREATE SCHEMA {name}"))
    yield name
    async with admin.begin() as conn:
        await conn.execute(text(f"DROP SCHEMA {name} CASCADE"))
    await admin.dispose()


def engine_in(pg_url: str, schema: str) -> AsyncEngine:
    return create_async_engine(
        pg_url, connect_args={"server_settings": {"search_path": schema}}, pool_pre_ping=True
    )


@pytest.fixture
async def store(pg_url: str, schema: str) -> AsyncIterator[Store]:
    engine = engine_in(pg_url, schema)
    await migrate.upgrade(engine)
    opened = Store(engine)
    yield opened
    await opened.close()


@pytest.mark.parametrize("case", STORE_CASES, ids=lambda case: case.__name__)
async def test_store_on_postgres(store: Store, case: Callable[[Store], Awaitable[None]]) -> None:
    await case(store)


@pytest.fixture
def another_worker(store: Store, pg_url: str, schema: str) -> OpenStore:
    """Opens another Store on the migrated schema, as another worker process would."""

    async def open_store() -> Store:
        return Store(engine_in(pg_url, schema))

    return open_store


async def test_turns_are_serialized_across_stores_on_postgres(another_worker: OpenStore) -> None:
    await serialized_turns(another_worker)


async def test_another_worker_sees_a_new_turn_on_postgres(another_worker: OpenStore) -> None:
    await another_worker_sees_a_new_turn(another_worker)


async def test_upgrade_keeps_sessions_of_0001_on_postgres(pg_url: str, schema: str) -> None:
    engine = engine_in(pg_url, schema)
    try:
        await upgrade_keeps_sessions_of_0001(engine)
    finally:
        await engine.dispose()


async def test_migrations_on_postgres(pg_url: str, schema: str) -> None:
    engine = engine_in(pg_url, schema)
    try:
        await migrate.upgrade(engine)
        assert await migrate.current(engine) == migrate.HEAD
        await migrate.downgrade(engine, "base")
        assert await migrate.current(engine) is None
        async with engine.connect() as conn:
            left = await conn.execute(
                text("SELECT count(*) FROM pg_tables WHERE schemaname = :s"),
                {"s": schema},
            )
            assert left.scalar_one() == 1  # only alembic_version is left
        await migrate.upgrade(engine)
        assert await migrate.current(engine) == migrate.HEAD
    finally:
        await engine.dispose()


async def test_store_open_accepts_a_postgres_url(pg_url: str) -> None:
    store = await Store.open(pg_url, migrate_schema=False)
    try:
        assert await store.ping()
    finally:
        await store.close()
