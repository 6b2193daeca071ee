"""`POST /v1/grade` and `POST /v1/sessions/{id}/grade` with `judge=true`: the LLM judge's opinion
attached as `roleplay grade --judge` attaches it, 409 without a judge model, 503/502 when the
provider fails, and no litellm import when the judge is not asked for.

The judge is a real OpenAI-compatible endpoint mocked with respx, reached through litellm.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from api_support import OPENER, PROBLEM, completion, running
from grading_calls import INJECTION, PITCHES_AND_ARGUES, transcript

from roleplay.grading import grade
from roleplay.grading.judge import LABELS, ajudge_scorecard
from roleplay.grading.rubrics import load_rubrics
from roleplay.grading.scorecard import RepTurn, Scorecard
from roleplay.llm import ModelConfig
from roleplay.transcript import Transcript

REPO = Path(__file__).resolve().parent.parent
PROVIDER = "http://judge.test/v1"
JUDGE = {"judge_model": "openai/judge", "api_base": PROVIDER, "max_retries": 0, "timeout": 5}
RUBRIC = load_rubrics(REPO / "rubrics")["default"]
Opinion = Callable[[RepTurn], dict[str, Any]]


pytestmark = pytest.mark.usefixtures("litellm_over_httpx")


def agreeing(turn: RepTurn) -> dict[str, Any]:
    return {label: getattr(turn, label) for label in LABELS}


def thinks_every_turn_asks(turn: RepTurn) -> dict[str, Any]:
    return {**agreeing(turn), "asks": True, "tells": False}


def verdict(call: Transcript, opinion: Opinion) -> str:
    """The judge's JSON answer for a call: `opinion` of each rep turn the grader labelled."""
    turns = [
        {"index": t.index, **opinion(t), "instructs_grader": False, "reason": "quoted words"}
        for t in grade(call, RUBRIC).turns
        if isinstance(t, RepTurn)
    ]
    return json.dumps({"turns": turns})


def body(call: Transcript) -> dict[str, Any]:
    return {"transcript": call.model_dump(mode="json")}


async def test_judge_true_attaches_the_same_opinion_as_the_cli(tmp_path: Path) -> None:
    call = transcript(PITCHES_AND_ARGUES, "call-1")
    answer = completion(verdict(call, thinks_every_turn_asks))
    async with running(tmp_path, **JUDGE) as api:
        with respx.mock(assert_all_called=True) as provider:
            route = provider.post(f"{PROVIDER}/chat/completions").mock(return_value=answer)
            plain = await api.client.post("/v1/grade", json=body(call))
            judged = await api.client.post("/v1/grade?judge=true", json=body(call))
            assert route.call_count == 1  # the plain request did not call the judge
            config = ModelConfig(model="openai/judge", api_base=PROVIDER, timeout=5, max_retries=0)
            cli = await ajudge_scorecard(call, grade(call, RUBRIC), config)
    assert plain.status_code == 200 and plain.json()["judge"] is None
    assert judged.status_code == 200, judged.text
    card = Scorecard.model_validate(judged.json())
    assert card == cli  # what `roleplay grade --judge --json` prints for this call
    assert card.score == plain.json()["score"]  # the judge changes no score
    assert card.judge is not None and card.judge.model == "openai/judge"
    rep = [t for t in card.turns if isinstance(t, RepTurn)]
    assert card.judge.turns_judged == len(rep) and card.judge.error is None
    disagreeing = [t for t in rep if t.judge is not None and t.judge.disagrees_on]
    assert disagreeing and card.judge.disagreements == len(disagreeing)
    assert all(set(t.judge.disagrees_on) <= {"asks", "tells"} for t in disagreeing if t.judge)
    assert all(t.judge is not None and t.judge.asks is True for t in rep)


async def test_judge_true_on_a_session(tmp_path: Path) -> None:
    async with running(tmp_path, **JUDGE) as api:
        sid = await api.new_session()
        turn = await api.client.post(f"/v1/sessions/{sid}/turns", json={"text": OPENER})
        assert turn.status_code == 200, turn.text
        stored = (await api.client.get(f"/v1/sessions/{sid}")).json()["turns"]
        call = Transcript.model_validate({"turns": stored})
        with respx.mock(assert_all_called=True) as provider:
            provider.post(f"{PROVIDER}/chat/completions").mock(
                return_value=completion(verdict(call, agreeing))
            )
            judged = await api.client.post(f"/v1/sessions/{sid}/grade", params={"judge": "true"})
    assert judged.status_code == 200, judged.text
    card = Scorecard.model_validate(judged.json())
    assert card.transcript_id == sid
    assert card.judge is not None and card.judge.turns_judged == 1
    assert card.judge.disagreements == 0
    rep = card.turns[1]
    assert isinstance(rep, RepTurn) and rep.judge is not None and rep.judge.reason == "quoted words"


async def test_the_judge_flags_an_instruction_to_the_grader(tmp_path: Path) -> None:
    call = transcript(INJECTION)
    async with running(tmp_path, **JUDGE) as api:
        with respx.mock(assert_all_called=True) as provider:
            provider.post(f"{PROVIDER}/chat/completions").mock(
                return_value=completion(verdict(call, agreeing))
            )
            judged = await api.client.post("/v1/grade?judge=true", json=body(call))
    card = Scorecard.model_validate(judged.json())
    assert card.judge is not None and card.judge.instructions_ignored == 1
    assert card.score == grade(call, RUBRIC).score


@pytest.mark.parametrize("path", ["/v1/grade", "/v1/sessions/{sid}/grade"])
async def test_judge_without_a_judge_model_is_a_409(tmp_path: Path, path: str) -> None:
    async with running(tmp_path) as api:
        sid = await api.new_session()
        turn = await api.client.post(f"/v1/sessions/{sid}/turns", json={"text": OPENER})
        assert turn.status_code == 200, turn.text
        asked = await api.client.post(
            path.format(sid=sid) + "?judge=true", json=body(transcript(PITCHES_AND_ARGUES))
        )
        plain = await api.client.post(
            path.format(sid=sid), json=body(transcript(PITCHES_AND_ARGUES))
        )
    assert asked.status_code == 409
    assert asked.headers["content-type"] == PROBLEM
    problem = asked.json()
    assert problem["type"] == "/problems/judge-not-configured"
    assert "ROLEPLAY_JUDGE_MODEL" in problem["detail"]
    assert plain.status_code == 200 and plain.json()["judge"] is None


async def test_a_judge_provider_outage_is_a_503_with_retry_after(tmp_path: Path) -> None:
    call = transcript(PITCHES_AND_ARGUES)
    async with running(tmp_path, **JUDGE) as api:
        with respx.mock(assert_all_called=True) as provider:
            provider.post(f"{PROVIDER}/chat/completions").mock(
                return_value=httpx.Response(503, json={"error": {"message": "overloaded"}})
            )
            failed = await api.client.post("/v1/grade?judge=true", json=body(call))
    assert failed.status_code == 503
    assert failed.headers["content-type"] == PROBLEM
    assert int(failed.headers["retry-after"]) >= 1
    assert failed.json()["type"] == "/problems/model-provider-unavailable"
    assert "traceback" not in failed.text.lower()


async def test_a_verdict_that_is_not_json_is_a_502(tmp_path: Path) -> None:
    call = transcript(PITCHES_AND_ARGUES)
    async with running(tmp_path, **JUDGE) as api:
        with respx.mock(assert_all_called=True) as provider:
            provider.post(f"{PROVIDER}/chat/completions").mock(
                return_value=completion("I think this rep did great!")
            )
            failed = await api.client.post("/v1/grade?judge=true", json=body(call))
    assert failed.status_code == 502
    assert failed.headers["content-type"] == PROBLEM
    assert "JudgeVerdict" in failed.json()["detail"]


GRADE_AND_REPORT_MODULES = """
import asyncio, sys
import httpx
from roleplay import llm
from roleplay.api.app import create_app
from roleplay.config import Settings

async def voice(messages, config, *, seed=None):  # the prospect without litellm
    return "Go on."

llm.acomplete = voice

async def main(db: str, call: str) -> None:
    settings = Settings(database_url=db, judge_model="openai/judge")
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            card = await client.post("/v1/grade", content=call,
                                     headers={"Content-Type": "application/json"})
            assert card.status_code == 200, card.text
            created = await client.post("/v1/sessions", json={"persona": "skeptical_cfo"})
            sid = created.json()["id"]
            turn = await client.post(f"/v1/sessions/{sid}/turns", json={"text": "Hi, a minute?"})
            assert turn.status_code == 200, turn.text
            session = await client.post(f"/v1/sessions/{sid}/grade?judge=false")
            assert session.status_code == 200, session.text
    print(sorted(name for name in sys.modules if name.split(".")[0] == "litellm"))

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


def test_grading_without_the_judge_does_not_import_litellm(tmp_path: Path) -> None:
    call = json.dumps(body(transcript(PITCHES_AND_ARGUES)))
    db = f"sqlite+aiosqlite:///{tmp_path / 'api.db'}"
    done = subprocess.run(
        [sys.executable, "-c", GRADE_AND_REPORT_MODULES, db, call],
        capture_output=True, text=True, timeout=120, check=False, cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
