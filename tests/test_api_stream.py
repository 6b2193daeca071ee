"""Streamed turns: delta events, then the turn, then done; stored only when complete; a client
that disconnects mid-stream finds the finished turn afterwards."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, MutableMapping
from pathlib import Path
from typing import Any

import pytest
from api_support import OPENER, PROBE, PROBLEM, Api, running, sse_events

from roleplay import llm
from roleplay.errors import ProviderUnavailable

STREAM = {"Accept": "text/event-stream"}


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[Api]:
    async with running(tmp_path) as api:
        yield api


async def test_a_streamed_turn_yields_deltas_then_the_turn_then_done(api: Api) -> None:
    sid = await api.new_session()
    response = await api.client.post(
        f"/v1/sessions/{sid}/turns", json={"text": OPENER}, headers=STREAM
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    events = sse_events(response.text)
    names = [name for name, _ in events]
    assert names[-2:] == ["turn", "done"] and set(names[:-2]) == {"delta"} and names[0] == "delta"
    turn = events[-2][1]
    assert "".join(data["text"] for name, data in events if name == "delta") == \
        turn["prospect"]["text"]
    assert turn["rep"]["text"] == OPENER and turn["rep"]["labels"]["asks"] is True
    stored = (await api.client.get(f"/v1/sessions/{sid}")).json()["turns"]
    assert [t["text"] for t in stored[1:]] == [OPENER, turn["prospect"]["text"]]


async def test_a_streamed_retry_replays_the_stored_turn(api: Api) -> None:
    sid = await api.new_session()
    key = {**STREAM, "Idempotency-Key": "s-1"}
    first = sse_events((await api.client.post(
        f"/v1/sessions/{sid}/turns", json={"text": OPENER}, headers=key)).text)
    again = await api.client.post(f"/v1/sessions/{sid}/turns", json={"text": OPENER}, headers=key)
    assert again.headers["idempotent-replayed"] == "true"
    replayed = sse_events(again.text)
    assert [n for n, _ in replayed] == ["delta", "turn", "done"]
    assert replayed[1][1] == first[-2][1]
    plain = await api.client.post(
        f"/v1/sessions/{sid}/turns", json={"text": OPENER}, headers={"Idempotency-Key": "s-1"}
    )
    assert plain.json() == first[-2][1]
    assert len((await api.client.get(f"/v1/sessions/{sid}")).json()["turns"]) == 3


async def test_a_provider_failure_before_any_text_is_a_503_problem(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def failing(*args: Any, **kwargs: Any) -> AsyncIterator[str]:
        raise ProviderUnavailable("model provider unavailable (test)", retry_after=7)
        yield ""  # pragma: no cover

    sid = await api.new_session()
    monkeypatch.setattr(llm, "astream", failing)
    response = await api.client.post(
        f"/v1/sessions/{sid}/turns", json={"text": OPENER}, headers=STREAM
    )
    assert response.status_code == 503 and response.headers["content-type"] == PROBLEM
    assert response.headers["retry-after"] == "7"
    assert len((await api.client.get(f"/v1/sessions/{sid}")).json()["turns"]) == 1


class HeldModel:
    """A streaming model that says one sentence, then waits until released."""

    def __init__(self) -> None:
        self.release = asyncio.Event()

    async def astream(self, *args: Any, **kwargs: Any) -> AsyncIterator[str]:
        yield "Honestly, it's mostly spreadsheets. "
        await self.release.wait()
        yield "Four of them, and nobody trusts the totals."


async def post_and_hang_up(api: Api, path: str, body: dict[str, Any]) -> bytes:
    """POST through the raw ASGI interface; disconnect as soon as the first delta arrives."""
    first_delta = asyncio.Event()
    received: list[bytes] = []
    asked = False

    async def receive() -> dict[str, Any]:
        nonlocal asked
        if not asked:
            asked = True
            return {"type": "http.request", "body": json.dumps(body).encode(), "more_body": False}
        await first_delta.wait()
        return {"type": "http.disconnect"}

    async def send(message: MutableMapping[str, Any]) -> None:
        if message["type"] == "http.response.body":
            received.append(message.get("body", b""))
            if b"event: delta" in b"".join(received):
                first_delta.set()

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "client": ("127.0.0.1", 5000), "server": ("test", 80),
        "headers": [(b"host", b"test"), (b"content-type", b"application/json"),
                    (b"accept", b"text/event-stream")],
    }
    await asyncio.wait_for(api.app(scope, receive, send), timeout=30)
    return b"".join(received)


async def test_a_client_that_hangs_up_mid_stream_finds_the_finished_turn(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = HeldModel()
    monkeypatch.setattr(llm, "astream", model.astream)
    sid = await api.new_session()

    seen = await post_and_hang_up(api, f"/v1/sessions/{sid}/turns", {"text": PROBE})
    assert b"mostly spreadsheets" in seen and b"event: turn" not in seen
    during = (await api.client.get(f"/v1/sessions/{sid}")).json()["turns"]
    assert len(during) == 1  # nothing is stored until the turn is complete

    model.release.set()
    await asyncio.wait_for(api.app.state.generations.drain(), timeout=30)
    after = (await api.client.get(f"/v1/sessions/{sid}")).json()["turns"]
    assert [t["speaker"] for t in after] == ["prospect", "rep", "prospect"]
    assert after[1]["text"] == PROBE
    assert after[2]["text"] == (
        "Honestly, it's mostly spreadsheets. Four of them, and nobody trusts the totals."
    )


async def test_a_failure_mid_stream_is_an_error_event_and_nothing_is_stored(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def breaks_off(*args: Any, **kwargs: Any) -> AsyncIterator[str]:
        yield "Honestly, it's mostly spreadsheets. "
        raise ProviderUnavailable("model provider unavailable (connection reset)", retry_after=3)

    sid = await api.new_session()
    monkeypatch.setattr(llm, "astream", breaks_off)
    response = await api.client.post(
        f"/v1/sessions/{sid}/turns", json={"text": PROBE}, headers=STREAM
    )
    events = sse_events(response.text)
    assert [name for name, _ in events] == ["delta", "error"]
    problem = events[-1][1]
    assert problem["status"] == 503 and problem["type"] == "/problems/model-provider-unavailable"
    assert problem["retry_after"] == 3
    assert len((await api.client.get(f"/v1/sessions/{sid}")).json()["turns"]) == 1
