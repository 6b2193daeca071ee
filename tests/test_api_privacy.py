"""Roles: a rep sees only their own sessions (another rep's is a 404, never a 403) and only
public persona views; trainers see full personas and every session."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from api_support import OPENER, PERSONA, PROBLEM, Api, running

from roleplay.personas import load_personas


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[Api]:
    async with running(tmp_path) as api:
        yield api


async def test_a_rep_cannot_read_another_reps_session(api: Api) -> None:
    alice, bob = await api.key("alice", "rep"), await api.key("bob", "rep")
    trainer = await api.key("tina", "trainer")
    sid = await api.new_session(headers=alice)

    for method, path in (("GET", ""), ("POST", "/turns"), ("POST", "/grade"), ("POST", "/end")):
        body = {"text": OPENER} if path == "/turns" else None
        response = await api.client.request(
            method, f"/v1/sessions/{sid}{path}", json=body, headers=bob
        )
        assert response.status_code == 404, (path, response.text)
        assert response.headers["content-type"] == PROBLEM
    assert (await api.client.get(f"/v1/sessions/{sid}", headers=alice)).status_code == 200
    assert (await api.client.get(f"/v1/sessions/{sid}", headers=trainer)).status_code == 200

    bob_sid = await api.new_session(headers=bob)
    mine = (await api.client.get("/v1/sessions", headers=alice)).json()["items"]
    everyone = (await api.client.get("/v1/sessions", headers=trainer)).json()["items"]
    assert [s["id"] for s in mine] == [sid]
    assert {s["id"] for s in everyone} == {sid, bob_sid}


async def test_a_rep_sees_no_hidden_facts_a_trainer_does(api: Api, tmp_path: Path) -> None:
    rep, trainer = await api.key("alice", "rep"), await api.key("tina", "trainer")
    persona = load_personas(api.app.state.settings.personas_dir)[PERSONA]
    secret = persona.facts[0].says

    public = await api.client.get(f"/v1/personas/{PERSONA}", headers=rep)
    listed = await api.client.get("/v1/personas", headers=rep)
    for text in (public.text, listed.text):
        assert secret not in text
        assert "facts" not in text and "objections" not in text and "triggers" not in text
    assert public.json() == persona.public_view()

    full = await api.client.get(f"/v1/personas/{PERSONA}", headers=trainer)
    assert secret in full.text
    assert full.json()["facts"][0]["unlock"] is not None


async def test_a_reps_turns_carry_no_fact_ids_or_rule_traces(api: Api) -> None:
    rep = await api.key("alice", "rep")
    sid = await api.new_session(headers=rep)
    turn = await api.client.post(f"/v1/sessions/{sid}/turns", json={"text": OPENER}, headers=rep)
    change = turn.json()["rep"]["state_change"]
    assert change["unlocked"] is None and change["trace"] is None
    assert "trust" in change


async def test_no_key_is_a_401_problem_once_keys_exist(api: Api) -> None:
    await api.key("alice", "rep")
    response = await api.client.get("/v1/personas")
    assert response.status_code == 401 and response.headers["content-type"] == PROBLEM


async def test_hidden_feedback_is_hidden_from_the_rep_not_from_a_trainer(api: Api) -> None:
    rep, trainer = await api.key("alice", "rep"), await api.key("tina", "trainer")
    sid = await api.new_session(headers=rep, hide_feedback=True)
    turn = await api.client.post(f"/v1/sessions/{sid}/turns", json={"text": OPENER}, headers=rep)
    assert turn.json()["rep"]["labels"] is None
    as_rep = (await api.client.get(f"/v1/sessions/{sid}", headers=rep)).json()
    as_trainer = (await api.client.get(f"/v1/sessions/{sid}", headers=trainer)).json()
    assert as_rep["turns"][1]["labels"] is None
    assert as_trainer["turns"][1]["labels"]["asks"] is True
    early = await api.client.post(f"/v1/sessions/{sid}/grade", headers=rep)
    assert early.status_code == 409 and early.headers["content-type"] == PROBLEM
    await api.client.post(f"/v1/sessions/{sid}/end", headers=rep)
    assert (await api.client.post(f"/v1/sessions/{sid}/grade", headers=rep)).status_code == 200


async def test_a_new_key_for_the_same_rep_keeps_their_sessions(api: Api) -> None:
    old, new = await api.key("alice", "rep"), await api.key("alice", "rep")
    sid = await api.new_session(headers=old)
    assert (await api.client.get(f"/v1/sessions/{sid}", headers=new)).status_code == 200
    assert [s["id"] for s in (await api.client.get("/v1/sessions", headers=new)).json()["items"]] \
        == [sid]
