"""A whole session through the HTTP API, idempotency, limits and the session list."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from api_support import OPENER, PERSONA, PROBE, PROBLEM, Api, running


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[Api]:
    async with running(tmp_path) as api:
        yield api


async def test_a_whole_session(api: Api) -> None:
    created = await api.client.post("/v1/sessions", json={"persona": PERSONA, "seed": 1})
    assert created.status_code == 201
    session = created.json()
    assert session["persona"] == PERSONA and session["rubric"] == "default"
    assert [t["speaker"] for t in session["turns"]] == ["prospect"]
    assert created.headers["location"].endswith(f"/v1/sessions/{session['id']}")

    for index, text in enumerate((OPENER, PROBE)):
        turn = await api.client.post(f"/v1/sessions/{session['id']}/turns", json={"text": text})
        assert turn.status_code == 200, turn.text
        result = turn.json()
        assert result["rep"] == result["rep"] | {"index": 1 + 2 * index, "text": text}
        assert result["prospect"]["speaker"] == "prospect" and result["prospect"]["text"]
        assert set(result["rep"]["labels"]) >= {"asks", "tells", "probing", "premature", "argues"}
        assert result["rep"]["state_change"]["trust"][1] >= 0

    read = (await api.client.get(f"/v1/sessions/{session['id']}")).json()
    assert [t["index"] for t in read["turns"]] == [0, 1, 2, 3, 4]
    assert read["turns"][3]["text"] == PROBE

    card = await api.client.post(f"/v1/sessions/{session['id']}/grade")
    assert card.status_code == 200
    assert card.json()["rubric"] == "default" and len(card.json()["turns"]) == 5

    listed = (await api.client.get("/v1/sessions")).json()["items"]
    assert [(item["turn_count"], item["ended"]) for item in listed] == [(5, False)]

    ended = await api.client.post(f"/v1/sessions/{session['id']}/end")
    assert ended.json()["ended"] is True and ended.json()["end_reason"] == "ended_by_rep"
    listed = (await api.client.get("/v1/sessions")).json()["items"]
    assert [(item["turn_count"], item["ended"]) for item in listed] == [(5, True)]
    late = await api.client.post(f"/v1/sessions/{session['id']}/turns", json={"text": "Hello?"})
    assert late.status_code == 409 and late.headers["content-type"] == PROBLEM


async def test_a_retried_turn_returns_the_first_response_and_adds_nothing(api: Api) -> None:
    sid = await api.new_session()
    key = {"Idempotency-Key": "turn-1"}
    first = await api.client.post(f"/v1/sessions/{sid}/turns", json={"text": OPENER}, headers=key)
    again = await api.client.post(f"/v1/sessions/{sid}/turns", json={"text": OPENER}, headers=key)
    assert again.status_code == 200
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    turns = (await api.client.get(f"/v1/sessions/{sid}")).json()["turns"]
    assert len(turns) == 3


async def test_the_same_key_with_another_body_is_a_422(api: Api) -> None:
    sid = await api.new_session()
    key = {"Idempotency-Key": "turn-1"}
    await api.client.post(f"/v1/sessions/{sid}/turns", json={"text": OPENER}, headers=key)
    other = await api.client.post(f"/v1/sessions/{sid}/turns", json={"text": PROBE}, headers=key)
    assert other.status_code == 422
    assert other.headers["content-type"] == PROBLEM
    assert other.json()["type"] == "/problems/idempotency-key-reused"
    assert len((await api.client.get(f"/v1/sessions/{sid}")).json()["turns"]) == 3


async def test_session_creation_is_idempotent(api: Api) -> None:
    key = {"Idempotency-Key": "start-1"}
    body = {"persona": PERSONA}
    first = await api.client.post("/v1/sessions", json=body, headers=key)
    again = await api.client.post("/v1/sessions", json=body, headers=key)
    assert again.status_code == 201 and again.json() == first.json()
    listed = (await api.client.get("/v1/sessions")).json()["items"]
    assert [s["id"] for s in listed] == [first.json()["id"]]
    other = await api.client.post("/v1/sessions", json={"persona": "bakery_owner"}, headers=key)
    assert other.status_code == 422 and other.headers["content-type"] == PROBLEM


async def test_unknown_persona_or_rubric_is_a_404_problem(api: Api) -> None:
    for body in ({"persona": "nobody"}, {"persona": PERSONA, "rubric": "nothing"}):
        response = await api.client.post("/v1/sessions", json=body)
        assert response.status_code == 404 and response.headers["content-type"] == PROBLEM
        assert "known:" in response.json()["detail"]


async def test_a_turn_over_the_length_limit_is_a_413(tmp_path: Path) -> None:
    async with running(tmp_path, max_turn_chars=40) as api:
        sid = await api.new_session()
        response = await api.client.post(f"/v1/sessions/{sid}/turns", json={"text": "x" * 41})
        assert response.status_code == 413 and response.headers["content-type"] == PROBLEM
        assert "41 characters; the limit is 40" in response.json()["detail"]


async def test_the_turn_limit_is_a_422_problem(tmp_path: Path) -> None:
    async with running(tmp_path, max_turns_per_session=1) as api:
        sid = await api.new_session()
        ok = await api.client.post(f"/v1/sessions/{sid}/turns", json={"text": OPENER})
        assert ok.status_code == 200
        over = await api.client.post(f"/v1/sessions/{sid}/turns", json={"text": PROBE})
        assert over.status_code == 422 and over.json()["title"] == "Turn limit reached"


async def test_an_empty_turn_is_a_422_problem(api: Api) -> None:
    sid = await api.new_session()
    response = await api.client.post(f"/v1/sessions/{sid}/turns", json={"text": ""})
    assert response.status_code == 422 and response.headers["content-type"] == PROBLEM
    assert response.json()["errors"][0]["loc"] == "body.text"


async def test_the_session_list_pages_with_a_cursor_and_a_link(api: Api) -> None:
    made = [await api.new_session() for _ in range(5)]
    page = await api.client.get("/v1/sessions", params={"limit": 2})
    assert [s["id"] for s in page.json()["items"]] == made[::-1][:2]
    assert 'rel="next"' in page.headers["link"]
    seen = [s["id"] for s in page.json()["items"]]
    cursor = page.json()["next"]
    while cursor:
        page = await api.client.get("/v1/sessions", params={"limit": 2, "cursor": cursor})
        seen += [s["id"] for s in page.json()["items"]]
        cursor = page.json()["next"]
    assert seen == made[::-1]
    assert "link" not in page.headers


async def test_hidden_feedback_leaves_labels_out_until_the_end(api: Api) -> None:
    sid = await api.new_session(hide_feedback=True)
    turn = (await api.client.post(f"/v1/sessions/{sid}/turns", json={"text": OPENER})).json()
    assert turn["rep"]["labels"] is None and turn["rep"]["state_change"] is None
    await api.client.post(f"/v1/sessions/{sid}/end")
    after = (await api.client.get(f"/v1/sessions/{sid}")).json()
    assert after["turns"][1]["labels"] is not None
