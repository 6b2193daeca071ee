"""Sessions survive a restart: turns, and the idempotency record of each turn."""

from __future__ import annotations

from pathlib import Path

import httpx
from api_support import OPENER, running, settings_for

from roleplay.api.app import create_app
from roleplay.storage.store import Store


async def test_a_session_and_its_idempotency_keys_survive_a_restart(tmp_path: Path) -> None:
    key = {"Idempotency-Key": "turn-1"}
    async with running(tmp_path) as api:
        sid = await api.new_session()
        first = await api.client.post(f"/v1/sessions/{sid}/turns", json={"text": OPENER},
                                      headers=key)
        before = (await api.client.get(f"/v1/sessions/{sid}")).json()

    async with running(tmp_path) as api:
        after = (await api.client.get(f"/v1/sessions/{sid}")).json()
        retry = await api.client.post(f"/v1/sessions/{sid}/turns", json={"text": OPENER},
                                      headers=key)
        again = (await api.client.get(f"/v1/sessions/{sid}")).json()
    assert after == before and len(after["turns"]) == 3
    assert retry.json() == first.json()
    assert again["turns"] == before["turns"]


async def test_a_given_store_is_used_and_left_open(tmp_path: Path) -> None:
    store = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'given.db'}")
    app = create_app(settings_for(tmp_path), store=store)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            created = await client.post("/v1/sessions", json={"persona": "skeptical_cfo"})
    assert app.state.store is store
    assert await store.get_session(created.json()["id"]) is not None
    await store.close()
