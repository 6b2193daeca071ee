"""The contract a frontend builds on: the OpenAPI document, response models, problem+json
for every error, and grading."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from api_support import OPENER, PERSONA, PROBLEM, Api, running
from fastapi.routing import APIRoute

import roleplay.grading
from roleplay.api.app import PREFIX, ROUTERS
from roleplay.api.routes import grading
from roleplay.config import Settings
from roleplay.grading.rubrics import load_rubrics
from roleplay.transcript import Transcript


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[Api]:
    async with running(tmp_path, max_body_bytes=4096) as api:
        yield api


def v1_routes() -> list[tuple[str, APIRoute]]:
    return [(PREFIX + r.path, r) for router in ROUTERS for r in router.routes
            if isinstance(r, APIRoute)]


async def test_the_openapi_document_covers_every_route(api: Api) -> None:
    document = (await api.client.get("/openapi.json")).json()
    routes = v1_routes()
    assert len(routes) == 22
    for path, route in routes:
        assert route.response_model is not None, path
        for method in route.methods or ():
            operation = document["paths"][path][method.lower()]
            success = operation["responses"][str(route.status_code or 200)]
            assert "application/json" in success["content"], path
            errors = [v for k, v in operation["responses"].items() if k.startswith("4")]
            assert errors and all(PROBLEM in e["content"] for e in errors), path
    ids = [op["operationId"] for ops in document["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids)) and "take_turn" in ids and "create_session" in ids
    turn = document["paths"]["/v1/sessions/{session_id}/turns"]["post"]
    assert "text/event-stream" in turn["responses"]["200"]["content"]
    assert any(p["name"] == "Idempotency-Key" for p in turn["parameters"])
    events = turn["responses"]["200"]["content"]["text/event-stream"]["x-sse-events"]
    assert set(events) == {"delta", "turn", "done", "error"}
    for ref in events.values():
        assert ref["$ref"].rsplit("/", 1)[-1] in document["components"]["schemas"]



async def test_routes_that_call_a_model_document_502_and_503(api: Api) -> None:
    document = (await api.client.get("/openapi.json")).json()
    for path in ("/v1/grade", "/v1/sessions/{session_id}/grade", "/v1/sessions/{session_id}/turns",
                 "/v1/chat/completions"):
        responses = document["paths"][path]["post"]["responses"]
        for status in ("502", "503"):
            assert PROBLEM in responses[status]["content"], (path, status)

BAD_REQUESTS: list[tuple[str, str, Any, int]] = [
    ("GET", "/v1/nowhere", None, 404),
    ("DELETE", "/v1/personas", None, 405),
    ("GET", "/v1/personas/nobody", None, 404),
    ("GET", "/v1/rubrics/nothing", None, 404),
    ("GET", "/v1/sessions/s_missing", None, 404),
    ("POST", "/v1/sessions", {"persona": PERSONA, "colour": "red"}, 422),
    ("POST", "/v1/sessions", "not json", 422),
    ("GET", "/v1/sessions?limit=0", None, 422),
    ("GET", "/v1/sessions?cursor=%%%", None, 400),
    ("POST", "/v1/grade", {"transcript": {"turns": [{"speaker": "coach", "text": "x"}]}}, 422),
    ("POST", "/v1/grade", {"transcript": {"turns": []}, "pad": "x" * 5000}, 413),
]


@pytest.mark.parametrize(("method", "path", "body", "status"), BAD_REQUESTS)
async def test_every_error_is_problem_json(
    api: Api, method: str, path: str, body: Any, status: int
) -> None:
    if isinstance(body, str):
        response = await api.client.request(
            method, path, content=body, headers={"content-type": "application/json"}
        )
    else:
        response = await api.client.request(method, path, json=body)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == status and problem["title"] and problem["type"]
    assert problem["instance"] == path.split("?")[0]


async def test_a_body_that_is_not_json_says_so_and_where(api: Api) -> None:
    response = await api.client.post(
        "/v1/sessions", content=b'{"persona": ', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422 and response.headers["content-type"] == PROBLEM
    assert response.json()["detail"] == "body: not valid JSON: Expecting value (character 12)"


async def test_an_unexpected_error_is_a_500_problem_without_a_stack_trace(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(grading, "grade", broken)
    transport = httpx.ASGITransport(app=api.app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        body = {"transcript": {"turns": [{"speaker": "rep", "text": OPENER}]}}
        response = await client.post("/v1/grade", json=body)
    assert response.status_code == 500 and response.headers["content-type"] == PROBLEM
    assert "secret internals" not in response.text and "Traceback" not in response.text


async def test_grade_any_transcript(api: Api) -> None:
    turns = [
        {"speaker": "rep", "text": OPENER},
        {"speaker": "prospect", "text": "I have a minute. What's this about?"},
        {"speaker": "rep", "text": "our platform cuts close time in half and everyone loves it"},
    ]
    for rubric in (None, "discovery"):
        body = {"transcript": {"turns": turns}, **({"rubric": rubric} if rubric else {})}
        card = await api.client.post("/v1/grade", json=body)
        assert card.status_code == 200, card.text
        assert card.json()["rubric"] == (rubric or "default")
        assert [t["index"] for t in card.json()["turns"]] == [0, 1, 2]
    assert card.json()["turns"][2]["tells"] is True


async def test_a_long_transcript_is_graded_in_a_worker_process(tmp_path: Path) -> None:
    """Over grading.INLINE_CHARS characters, the grade runs in the app's CpuPool (a process),
    and the scorecard is the one grading inline gives."""
    pooled: list[int] = []
    turns = [{"speaker": "rep" if i % 2 == 0 else "prospect", "text": "How is month-end going?"}
             for i in range(grading.INLINE_CHARS // 20)]
    async with running(tmp_path) as api:
        pool = api.app.state.cpu
        real = pool.run

        async def recording(func: Any, *args: Any) -> Any:
            pooled.append(len(args[0].turns))
            return await real(func, *args)

        pool.run = recording
        short = await api.client.post("/v1/grade", json={"transcript": {"turns": turns[:4]}})
        card = await api.client.post("/v1/grade", json={"transcript": {"turns": turns}})
    assert short.status_code == 200
    assert card.status_code == 200 and len(card.json()["turns"]) == len(turns)
    assert pooled == [len(turns)]
    inline = roleplay.grading.grade(
        Transcript.model_validate({"turns": turns}), load_rubrics(Settings().rubrics_dir)["default"]
    )
    assert card.json() == inline.model_dump(mode="json")


async def test_personas_and_rubrics_are_listed(api: Api) -> None:
    personas = (await api.client.get("/v1/personas")).json()
    rubrics = (await api.client.get("/v1/rubrics")).json()
    assert PERSONA in [p["id"] for p in personas]
    assert "default" in [r["id"] for r in rubrics]
    one = (await api.client.get("/v1/rubrics/default")).json()
    assert one["criteria"]
