"""Sessions survive a restart: turns, and the idempotency record of each turn."""

from __future__ import annotations

from pathlib import Path

from api_support import OPENER, running


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
