"""Store on a SQLite file: CRUD, idempotency, pagination, the turn lock, keys, migrations."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from sqlalchemy import inspect, text, update
from sqlalchemy.engine import Connection
from store_cases import (
    STORE_CASES,
    a_session,
    another_worker_sees_a_new_turn,
    serialized_turns,
    upgrade_keeps_sessions_of_0001,
)

from roleplay.errors import Conflict, InputError
from roleplay.storage import keys, lease, migrate
from roleplay.storage.engine import engine_for
from roleplay.storage.store import SessionRow, Store
from roleplay.storage.tables import metadata
from roleplay.storage.tables import sessions as sessions_table


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'roleplay.db'}"


@pytest.fixture
async def store(db_url: str) -> AsyncIterator[Store]:
    opened = await Store.open(db_url)
    yield opened
    await opened.close()


@pytest.mark.parametrize("case", STORE_CASES, ids=lambda case: case.__name__)
async def test_store(store: Store, case: Callable[[Store], Awaitable[None]]) -> None:
    await case(store)


async def test_turns_of_one_session_are_serialized_across_stores(db_url: str) -> None:
    await serialized_turns(lambda: Store.open(db_url))


async def test_sqlite_is_durable_wal_with_full_sync(store: Store) -> None:
    async with store.engine.connect() as conn:
        journal = (await conn.execute(text("PRAGMA journal_mode"))).scalar_one()
        synchronous = (await conn.execute(text("PRAGMA synchronous"))).scalar_one()
    assert (journal, synchronous) == ("wal", 2)  # 2 = FULL


async def test_expired_lease_of_a_dead_worker_is_taken_over(store: Store) -> None:
    row, _ = await store.create_session(a_session())
    await _set_lease(store, row.id, "dead-worker", time.time() - 1)
    async with store.turn_lock(row.id) as locked:
        await locked.save_turn({"turns": ["after crash"]}, False, response={})
    stored = await store.get_session(row.id)
    assert stored is not None and stored.state == {"turns": ["after crash"]}


async def test_live_lease_makes_a_turn_wait_then_give_up(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lease, "WAIT_SECONDS", 0.2)
    row, _ = await store.create_session(a_session())
    await _set_lease(store, row.id, "other-worker", time.time() + 60)
    with pytest.raises(Conflict, match="busy"):
        async with store.turn_lock(row.id):
            pass


async def test_save_turn_refuses_after_losing_the_lease(store: Store) -> None:
    row, _ = await store.create_session(a_session())
    async with store.turn_lock(row.id) as locked:
        await _set_lease(store, row.id, "thief", time.time() + 60)
        with pytest.raises(Conflict, match="lost"):
            await locked.save_turn({"turns": ["x"]}, False, idem_key="k", response={})
        assert await locked.find_idempotent("k") is None
    stored = await store.get_session(row.id)
    assert stored is not None and stored.state == {"turns": []}


async def test_invalid_cursor_is_a_one_line_input_error(store: Store) -> None:
    with pytest.raises(InputError, match="invalid cursor"):
        await store.list_sessions(owner=None, limit=2, cursor="not a cursor")


async def test_keys_are_hashed_at_rest(db_url: str, tmp_path: Path) -> None:
    store = await Store.open(db_url)
    _, plaintext = await store.create_key("alice", "admin")
    await store.close()
    stored = b"".join(path.read_bytes() for path in tmp_path.iterdir() if path.is_file())
    assert b"alice" in stored  # the name is there: we are reading the right files
    assert plaintext.encode() not in stored
    assert plaintext.removeprefix("rp_").encode() not in stored


async def test_migrations_upgrade_from_empty_downgrade_and_upgrade_again(db_url: str) -> None:
    engine = engine_for(db_url)
    try:
        await migrate.upgrade(engine)
        assert await migrate.current(engine) == migrate.HEAD
        assert await _tables(engine) >= {"sessions", "idempotency_records", "api_keys"}
        await migrate.downgrade(engine, "base")
        assert await migrate.current(engine) is None
        assert await _tables(engine) <= {"alembic_version"}
        await migrate.upgrade(engine)
        assert await migrate.current(engine) == migrate.HEAD
    finally:
        await engine.dispose()


async def test_migrations_match_the_tables(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = engine_for(db_url)
    try:
        await migrate.upgrade(engine)
        async with engine.connect() as conn:
            diff = await conn.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), metadata)
            )
    finally:
        await engine.dispose()
    assert diff == []


async def test_opening_twice_migrates_once(db_url: str) -> None:
    first = await Store.open(db_url)
    second = await Store.open(db_url)
    assert await second.ping()
    await first.close()
    await second.close()


async def _set_lease(store: Store, session_id: str, token: str, until: float) -> None:
    async with store.writer.begin() as conn:
        await conn.execute(
            update(sessions_table)
            .where(sessions_table.c.id == session_id)
            .values(lock_token=token, lock_until=until)
        )


async def _tables(engine: object) -> set[str]:
    async with engine.connect() as conn:  # type: ignore[attr-defined]
        names: list[str] = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
    return set(names)


def test_head_constant_is_the_newest_migration() -> None:
    from alembic.script import ScriptDirectory

    assert ScriptDirectory.from_config(migrate.config()).get_current_head() == migrate.HEAD


async def test_upgrade_keeps_sessions_of_0001(db_url: str) -> None:
    engine = engine_for(db_url)
    try:
        await upgrade_keeps_sessions_of_0001(engine)
    finally:
        await engine.dispose()


async def test_another_worker_sees_a_new_turn(db_url: str) -> None:
    await another_worker_sees_a_new_turn(lambda: Store.open(db_url))


async def test_a_failing_write_in_a_commit_group_leaves_the_others_stored(store: Store) -> None:
    """SQLite writes queued together commit together; one that raises is rolled back alone."""
    gate = threading.Event()
    rows = [a_session(minutes=minute) for minute in range(3)]

    def hold(conn: Connection) -> None:
        gate.wait(5)

    def insert(row: SessionRow, fail: bool) -> Callable[[Connection], str]:
        def work(conn: Connection) -> str:
            conn.execute(sessions_table.insert().values(
                id=row.id, owner=row.owner, persona=row.persona, rubric=row.rubric,
                seed=row.seed, hide_feedback=False, state={"turns": 0}, ended=False,
                created_at=row.created_at, updated_at=row.updated_at,
            ))
            if fail:
                raise Conflict("this write fails after its insert")
            return row.id
        return work

    holding = asyncio.ensure_future(store.db.write(hold))
    await asyncio.sleep(0.05)  # the writing thread is inside `hold`; the next three queue up
    writes = [asyncio.ensure_future(store.db.write(insert(row, fail=index == 1)))
              for index, row in enumerate(rows)]
    await asyncio.sleep(0.05)
    gate.set()
    await holding
    results = await asyncio.gather(*writes, return_exceptions=True)
    assert results[0] == rows[0].id and results[2] == rows[2].id
    assert isinstance(results[1], Conflict)
    assert await store.get_session(rows[0].id) is not None
    assert await store.get_session(rows[1].id) is None
    assert await store.get_session(rows[2].id) is not None


async def test_key_checks_are_cached_for_a_bounded_time(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker trusts what it read about keys for keys.CACHE_SECONDS: a key created or revoked
    by another process (here another Store) counts there once that time is up; a new key
    verifies at once; changes made through the worker's own store count at once."""
    clock = _Clock()
    monkeypatch.setattr(keys, "time", clock)
    worker, cli = await Store.open(db_url), await Store.open(db_url)
    try:
        assert not await worker.has_keys()
        key_id, plaintext = await cli.create_key("alice", "rep")
        assert not await worker.has_keys()  # within CACHE_SECONDS of reading "no keys"
        assert await worker.verify_key(plaintext) is not None  # a new key works at once
        clock.now += keys.CACHE_SECONDS + 0.1
        assert await worker.has_keys()
        assert await worker.verify_key(plaintext) is not None  # read again, trusted from now
        await cli.revoke_key(key_id)
        assert await worker.verify_key(plaintext) is not None  # within CACHE_SECONDS
        clock.now += keys.CACHE_SECONDS + 0.1
        assert await worker.verify_key(plaintext) is None
        own_id, own = await worker.create_key("bob", "rep")
        assert await worker.verify_key(own) is not None
        assert await worker.revoke_key(own_id)
        assert await worker.verify_key(own) is None  # its own revocation: at once
        assert not await worker.has_keys()
    finally:
        await worker.close()
        await cli.close()


class _Clock:
    """Stands in for the `time` module in roleplay.storage.keys."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now



@pytest.mark.parametrize("where", ["a_file/roleplay.db", "a_folder"])
async def test_a_database_that_cannot_be_opened_is_one_line(tmp_path: Path, where: str) -> None:
    (tmp_path / "a_file").write_text("not a folder")
    (tmp_path / "a_folder").mkdir()
    with pytest.raises(InputError) as raised:
        await Store.open(f"sqlite+aiosqlite:///{tmp_path / where}")
    message = str(raised.value)
    assert message.startswith("cannot open the database sqlite+aiosqlite:///"), message
    assert "\n" not in message


async def test_a_folder_given_as_the_database_file_is_refused_before_any_connection(
        tmp_path: Path) -> None:
    # a connection that fails in aiosqlite leaves its worker thread behind, which later fails on
    # a closed event loop (an unhandled-thread-exception warning in some other test)
    before = set(threading.enumerate())
    with pytest.raises(InputError) as refused:
        await Store.open(f"sqlite+aiosqlite:///{tmp_path}")
    assert "is a folder" in str(refused.value)
    assert not [t for t in set(threading.enumerate()) - before if t.is_alive()]


async def test_a_database_that_cannot_be_reached_is_named_without_its_password() -> None:
    with pytest.raises(InputError) as refused:
        await Store.open("postgresql+asyncpg://rep:secret@127.0.0.1:1/roleplay")
    assert "secret" not in str(refused.value) and "rep:***@" in str(refused.value)


async def test_a_database_from_a_newer_release_is_refused_in_one_line(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'roleplay.db'}"
    store = await Store.open(url)
    await store.close()
    with sqlite3.connect(tmp_path / "roleplay.db") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(InputError) as refused:
        await Store.open(url)
    message = str(refused.value)
    assert message.startswith("cannot use the database sqlite+aiosqlite:///"), message
    assert "'9999'" in message and "\n" not in message


@pytest.mark.parametrize("url", ["nonsense://x", "mysql://rep:secret@db/roleplay"])
async def test_an_unsupported_database_url_is_refused_in_one_line(url: str) -> None:
    with pytest.raises(InputError) as refused:
        await Store.open(url)
    message = str(refused.value)
    assert message.startswith("unsupported database URL"), message
    assert "secret" not in message and "postgresql+asyncpg://" in message
