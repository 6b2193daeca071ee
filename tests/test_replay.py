"""Trace, branch-and-replay: why the prospect reacted, and a turn said better."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from api_support import running

from roleplay.config import OFFLINE_MODEL, Settings
from roleplay.conversation import SessionState, start_session, take_turn
from roleplay.errors import InputError
from roleplay.llm import ModelConfig
from roleplay.personas import load_personas
from roleplay.replay import branch, rebuild, replay, trace

ROOT = Path(__file__).resolve().parent.parent
PERSONA = "skeptical_cfo"
OPENER = "Hi Margaret, it's Sam from Northwind. Tom Reyes suggested I call. Is now a bad time?"
PITCH = ("We are the number one spend management platform and we save customers thirty percent "
         "in the first year with automated receipts and card controls.")
BETTER = "Before I say anything about us: how do you close the books each month today?"
CONFIG = ModelConfig.from_settings(Settings(model=OFFLINE_MODEL))


async def call(*lines: str) -> SessionState:
    persona = load_personas(ROOT / "personas")[PERSONA]
    state = start_session(persona, seed=1)
    for line in lines:
        state = (await take_turn(persona, state, line, CONFIG)).session
    return state


def test_rebuild_reproduces_the_state_saved_at_each_turn() -> None:
    persona = load_personas(ROOT / "personas")[PERSONA]
    state = asyncio.run(call(OPENER, PITCH, BETTER))
    rebuilt = rebuild(persona, state, 5)
    assert rebuilt.drift == []
    assert rebuilt.session.turns == state.turns[:5]
    after_two = asyncio.run(call(OPENER, PITCH))
    assert rebuilt.session.prospect == after_two.prospect
    with pytest.raises(InputError, match="not a rep turn"):
        rebuild(persona, state, 2)


def test_a_branch_changes_the_turn_and_keeps_what_came_before() -> None:
    persona = load_personas(ROOT / "personas")[PERSONA]
    state = asyncio.run(call(OPENER, PITCH))
    made = asyncio.run(branch(persona, state, 3, BETTER, CONFIG))
    assert made.session.turns[:3] == state.turns[:3]
    assert made.outcome.rep.text == BETTER
    old_rules = {e.rule for e in state.turns[3].trace}
    new_rules = {e.rule for e in made.outcome.rep.trace}
    assert "pitch_before_discovery" in old_rules and "pitch_before_discovery" not in new_rules
    assert made.session.prospect.trust > state.prospect.trust


def test_trace_lists_every_rule_with_why() -> None:
    state = asyncio.run(call(OPENER, PITCH))
    turns = trace(state)
    assert [t["speaker"] for t in turns] == ["prospect", "rep", "prospect", "rep", "prospect"]
    pitch_rules = {r["rule"]: r for r in turns[3]["rules"]}
    assert pitch_rules["pitch_before_discovery"]["trust_delta"] < 0
    assert pitch_rules["pitch_before_discovery"]["why"]


def test_replaying_a_call_against_an_edited_persona() -> None:
    persona = load_personas(ROOT / "personas")[PERSONA]
    state = asyncio.run(call(OPENER, PITCH, BETTER))
    softer = persona.model_copy(update={"dials": persona.dials.model_copy(
        update={"trust": 0.6, "trust_loss": 0.01})})
    again = asyncio.run(replay(softer, state, CONFIG))
    assert [t.text for t in again.session.turns if t.speaker == "rep"] == \
        [t.text for t in state.turns if t.speaker == "rep"]
    assert again.session.prospect.trust > state.prospect.trust


async def test_branch_over_http_is_a_new_session_with_both_scorecards(tmp_path: Path) -> None:
    async with running(tmp_path) as api:
        sid = await api.new_session()
        for line in (OPENER, PITCH):
            done = await api.client.post(f"/v1/sessions/{sid}/turns", json={"text": line})
            assert done.status_code == 200, done.text
        made = await api.client.post(f"/v1/sessions/{sid}/branch",
                                     json={"turn": 3, "text": BETTER})
        assert made.status_code == 201, made.text
        body = made.json()
        assert made.headers["Location"].endswith(f"/v1/sessions/{body['session']}")
        assert body["branched_from"] == sid and body["turn"] == 3
        assert body["before"]["rep"]["text"] == PITCH and body["after"]["rep"]["text"] == BETTER
        before_rules = {r["rule"] for r in body["before"]["rep"]["rules"]}
        after_rules = {r["rule"] for r in body["after"]["rep"]["rules"]}
        assert "pitch_before_discovery" in before_rules - after_rules
        assert body["scorecard_after"]["score"] - body["scorecard_before"]["score"] == \
            body["score_change"] > 0
        assert body["drift"] == []
        new = (await api.client.get(f"/v1/sessions/{body['session']}")).json()
        assert [t["text"] for t in new["turns"][:3]] == \
            [t["text"] for t in (await api.client.get(f"/v1/sessions/{sid}")).json()["turns"][:3]]
        more = await api.client.post(f"/v1/sessions/{body['session']}/turns",
                                     json={"text": "What does that cost you?"})
        assert more.status_code == 200
        trace_body = (await api.client.get(f"/v1/sessions/{body['session']}/trace")).json()
        assert trace_body["branched_from"] == sid and trace_body["branched_at"] == 3
        assert trace_body["persona_hash"]
        bad = await api.client.post(f"/v1/sessions/{sid}/branch", json={"turn": 2, "text": "x"})
        assert bad.status_code == 400 and "not a rep turn" in bad.json()["detail"]


async def test_reps_branch_their_own_calls_without_engine_internals(tmp_path: Path) -> None:
    rep = {"X-Roleplay-Rep": "sam"}
    async with running(tmp_path) as api:
        sid = await api.new_session(headers=rep)
        await api.client.post(f"/v1/sessions/{sid}/turns", json={"text": PITCH}, headers=rep)
        made = await api.client.post(f"/v1/sessions/{sid}/branch",
                                     json={"turn": 1, "text": OPENER}, headers=rep)
        assert made.status_code == 201, made.text
        assert made.json()["after"]["rep"]["rules"] == []
        assert (await api.client.get(f"/v1/sessions/{sid}/trace", headers=rep)).status_code == 403
        other = await api.client.post(f"/v1/sessions/{sid}/branch", json={"turn": 1, "text": "x"},
                                      headers={"X-Roleplay-Rep": "kim"})
        assert other.status_code == 404


async def test_replay_over_http_compares_turn_by_turn(tmp_path: Path) -> None:
    async with running(tmp_path) as api:
        sid = await api.new_session()
        for line in (OPENER, BETTER):
            await api.client.post(f"/v1/sessions/{sid}/turns", json={"text": line})
        found = await api.client.post(f"/v1/sessions/{sid}/replay")
        assert found.status_code == 200, found.text
        body = found.json()
        assert body["same_persona"] is True and body["score_change"] == 0
        assert [t["index"] for t in body["turns"]] == [1, 3]
        assert body["turns"][0]["before"]["rep"]["state_change"] == \
            body["turns"][0]["after"]["rep"]["state_change"]


async def test_a_branch_line_is_cleaned_like_a_turn(tmp_path: Path) -> None:
    async with running(tmp_path) as api:
        sid = await api.new_session()
        await api.client.post(f"/v1/sessions/{sid}/turns", json={"text": PITCH})
        made = await api.client.post(f"/v1/sessions/{sid}/branch",
                                     json={"turn": 1, "text": "\x1b[31m" + OPENER + "\u200b"})
        assert made.status_code == 201 and made.json()["after"]["rep"]["text"] == OPENER
        blank = await api.client.post(f"/v1/sessions/{sid}/branch",
                                      json={"turn": 1, "text": "\u200b\u200b"})
        assert blank.status_code == 422
