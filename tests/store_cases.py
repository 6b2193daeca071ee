"""Store behaviour shared by the SQLite (test_store.py) and PostgreSQL (test_postgres.py) tests."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from roleplay.errors import NotFound
from roleplay.storage import migrate
from roleplay.storage.store import SessionRow, Store
from roleplay.storage.tables import session_turns, sessions

OpenStore = Callable[[], Awaitable[Store]]
T0 = datetime(2025, 1, 1, tzinfo=UTC)


def a_session(owner: str | None = "alice", minutes: int = 0, **fields: object) -> SessionRow:
    stamp = T0 + timedelta(minutes=minutes)
    values: dict[str, object] = {
        "owner": owner, "persona": "cfo", "rubric": "discovery", "seed": 7,
        "state": {"turns": []}, "created_at": stamp, "updated_at": stamp,
    }
    return SessionRow.model_validate(values | fields)


async def crud(store: Store) -> None:
    row, hit = await store.create_session(a_session(hide_feedback=True))
    assert hit is None
    fetched = await store.get_session(row.id)
    assert fetched == row
    assert await store.get_session("s_missing") is None
    ended = await store.end_session(row.id, {"turns": ["bye"]})
    assert ended.ended and ended.state == {"turns": ["bye"]}
    with pytest.raises(NotFound):
        await store.end_session("s_missing", {})


async def idempotent_create(store: Store) -> None:
    first, hit = await store.create_session(
        a_session(), idem_key="k1", request_hash="h1", response={"id": "first"}
    )
    assert hit is None
    again, hit = await store.create_session(
        a_session(), idem_key="k1", request_hash="h2", response={"id": "second"}
    )
    assert again.id == first.id
    assert hit is not None and hit.request_hash == "h1" and hit.response == {"id": "first"}
    other_owner, hit = await store.create_session(a_session(owner="bob"), idem_key="k1")
    assert hit is None and other_owner.id != first.id


async def concurrent_idempotent_create(store: Store) -> None:
    results = await asyncio.gather(
        *(store.create_session(a_session(), idem_key="same", request_hash="h") for _ in range(5))
    )
    assert len({row.id for row, _ in results}) == 1
    rows, _ = await store.list_sessions(owner="alice", limit=10)
    assert len(rows) == 1


async def pagination(store: Store) -> None:
    for minute in range(5):
        await store.create_session(a_session(minutes=minute))
    await store.create_session(a_session(owner="bob", minutes=2))
    seen: list[SessionRow] = []
    cursor: str | None = None
    pages = 0
    while True:
        rows, cursor = await store.list_sessions(owner="alice", limit=2, cursor=cursor)
        seen.extend(rows)
        pages += 1
        if cursor is None:
            break
    assert pages == 3
    stamps = [row.created_at for row in seen]
    assert stamps == sorted(stamps, reverse=True) and len(set(row.id for row in seen)) == 5
    everyone, _ = await store.list_sessions(owner=None, limit=10)
    assert len(everyone) == 6


async def same_time_pagination(store: Store) -> None:
    for _ in range(3):
        await store.create_session(a_session(minutes=1))
    first, cursor = await store.list_sessions(owner="alice", limit=2)
    rest, end = await store.list_sessions(owner="alice", limit=2, cursor=cursor)
    assert end is None
    assert len({row.id for row in first + rest}) == 3


async def turn_and_idempotency(store: Store) -> None:
    row, _ = await store.create_session(a_session())
    async with store.turn_lock(row.id) as locked:
        assert await locked.find_idempotent("t1") is None
        await locked.save_turn(
            {"turns": ["hi"]}, False, idem_key="t1", request_hash="h", response={"n": 1}
        )
        hit = await locked.find_idempotent("t1")
        assert hit is not None and hit.response == {"n": 1} and hit.request_hash == "h"
    stored = await store.get_session(row.id)
    assert stored is not None and stored.state == {"turns": ["hi"]}
    async with store.turn_lock(row.id) as locked:
        assert locked.row.state == {"turns": ["hi"]}
    with pytest.raises(NotFound):
        async with store.turn_lock("s_missing"):
            pass


async def serialized_turns(open_store: OpenStore) -> None:
    """Two workers (two Stores, two pools) post to one session at once: both kept, in order."""
    worker_a, worker_b = await open_store(), await open_store()
    try:
        row, _ = await worker_a.create_session(a_session())
        events: list[str] = []

        async def turn(store: Store, name: str) -> None:
            async with store.turn_lock(row.id) as locked:
                events.append(f"{name} in")
                turns = list(locked.row.state["turns"])
                await asyncio.sleep(0.2)  # the model call: no transaction open here
                await locked.save_turn({"turns": [*turns, name]}, False, response={})
                events.append(f"{name} out")

        await asyncio.gather(turn(worker_a, "a"), turn(worker_b, "b"))
        stored = await worker_a.get_session(row.id)
        assert stored is not None
        assert sorted(stored.state["turns"]) == ["a", "b"]
        first = stored.state["turns"][0]
        second = stored.state["turns"][1]
        assert events == [f"{first} in", f"{first} out", f"{second} in", f"{second} out"]
    finally:
        await worker_a.close()
        await worker_b.close()


async def keys(store: Store) -> None:
    assert not await store.has_keys()
    key_id, plaintext = await store.create_key("alice", "rep")
    assert await store.has_keys()
    key = await store.verify_key(plaintext)
    assert key is not None and key.id == key_id and key.role == "rep" and key.name == "alice"
    assert await store.verify_key(plaintext + "x") is None
    assert await store.revoke_key(key_id)
    assert not await store.revoke_key(key_id)
    assert await store.verify_key(plaintext) is None
    assert not await store.has_keys()
    listed = await store.list_keys()
    assert [k.id for k in listed] == [key_id] and listed[0].revoked_at is not None


OLD_ID, EMPTY_ID = "s_" + "0" * 31 + "1", "s_" + "0" * 31 + "2"


async def upgrade_keeps_sessions_of_0001(engine: AsyncEngine) -> None:
    """A database at revision 0001 (turns inside `state`) upgrades with its sessions intact and
    downgrades back to the same rows."""
    turns = [{"index": 0, "speaker": "prospect", "text": "Hello?"},
             {"index": 1, "speaker": "rep", "text": "Hi, it's Sam."}]
    state = {"persona": "cfo", "prospect": {"trust": 0.3}, "turns": turns}
    await migrate.upgrade(engine, "0001")
    async with engine.begin() as conn:
        for session_id, session_state in ((OLD_ID, state), (EMPTY_ID, {"turns": []})):
            await conn.execute(text(
                "INSERT INTO sessions (id, owner, persona, rubric, seed, hide_feedback, state, "
                "ended, created_at, updated_at) VALUES (:id, 'alice', 'cfo', 'discovery', 7, "
                "false, :state, false, :at, :at)"
            ), {"id": session_id, "state": json.dumps(session_state), "at": T0})
    await migrate.upgrade(engine)
    assert await migrate.current(engine) == migrate.HEAD
    store = Store(engine)
    old = await store.get_session(OLD_ID)
    assert old is not None and old.state == state and old.owner == "alice"
    empty = await store.get_session(EMPTY_ID)
    assert empty is not None and empty.state == {"turns": []}
    async with store.turn_lock(OLD_ID) as locked:
        more = [*turns, {"index": 2, "speaker": "prospect", "text": "Who?"}]
        await locked.save_turn({**state, "turns": more}, False, response={})
    await store.close()
    await migrate.downgrade(engine, "0001")
    async with engine.connect() as conn:
        stored = await conn.execute(select(sessions.c.state).where(sessions.c.id == OLD_ID))
        assert stored.scalar_one() == {**state, "turns": more}


async def turns_are_appended(store: Store) -> None:
    """A saved turn adds rows for its new turns and leaves the earlier rows alone; a state
    whose earlier turns changed is rewritten whole."""
    row, _ = await store.create_session(a_session(state={"turns": ["a"], "mood": "guarded"}))
    async with store.turn_lock(row.id) as locked:
        await locked.save_turn({"turns": ["a", "b", "c"], "mood": "open"}, False, response={})
    async with store.engine.connect() as conn:
        rows = (await conn.execute(
            select(session_turns.c.idx, session_turns.c.turn)
            .where(session_turns.c.session_id == row.id).order_by(session_turns.c.idx)
        )).all()
    assert [tuple(r) for r in rows] == [(0, "a"), (1, "b"), (2, "c")]
    stored = await store.get_session(row.id)
    assert stored is not None and stored.state == {"turns": ["a", "b", "c"], "mood": "open"}
    assert stored.version == row.version + 1
    ended = await store.end_session(row.id, {"turns": ["z"], "mood": "ending"})
    assert ended.state == {"turns": ["z"], "mood": "ending"} and ended.ended
    again = await store.get_session(row.id)
    assert again == ended


async def another_worker_sees_a_new_turn(open_store: OpenStore) -> None:
    """A worker's copy of a session in memory is not used once another worker saved a turn."""
    worker_a, worker_b = await open_store(), await open_store()
    try:
        row, _ = await worker_a.create_session(a_session())
        async with worker_a.turn_lock(row.id) as locked:
            assert locked.row.state == {"turns": []}
        async with worker_b.turn_lock(row.id) as locked:
            await locked.save_turn({"turns": ["from b"]}, False, response={})
        async with worker_a.turn_lock(row.id) as locked:
            assert locked.row.state == {"turns": ["from b"]}
            await locked.save_turn({"turns": ["from b", "from a"]}, False, response={})
        stored = await worker_b.get_session(row.id)
        assert stored is not None and stored.state == {"turns": ["from b", "from a"]}
    finally:
        await worker_a.close()
        await worker_b.close()


STORE_CASES = [crud, idempotent_create, concurrent_idempotent_create, pagination,
               same_time_pagination, turn_and_idempotency, keys, turns_are_appended]
