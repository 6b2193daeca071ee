"""A rep's progress per criterion, the export of calls with scorecards, and the CLI forms of
trace, branch, progress and export."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from pathlib import Path

import pytest
from api_support import running
from typer.testing import CliRunner

from roleplay.cli import app
from roleplay.cli import commands as _commands  # noqa: F401  (registers the commands)
from roleplay.progress import weighted

POOR = ("We are the number one spend management platform and we save customers thirty percent "
        "in the first year.", "So what's your budget for this?")
GOOD = ("Hi Margaret, it's Sam from Northwind. Tom Reyes suggested I call. Is now a bad time?",
        "How do you close the books each month today?",
        "What happens when the receipts are late?")
SAM = {"X-Roleplay-Rep": "sam"}


def test_recent_calls_weigh_more() -> None:
    assert weighted([0, 100]) > 50 > weighted([100, 0])
    assert weighted([70]) == 70
    assert weighted([40, 60, 80], half_life=1000) == pytest.approx(60, abs=0.1)


async def play(api, lines: tuple[str, ...], headers: dict[str, str]) -> str:  # type: ignore[no-untyped-def]
    sid: str = await api.new_session(headers=headers)
    for line in lines:
        done = await api.client.post(f"/v1/sessions/{sid}/turns", json={"text": line},
                                     headers=headers)
        if done.json().get("ended"):
            break
    return sid


async def test_progress_tracks_each_criterion_across_a_reps_calls(tmp_path: Path) -> None:
    async with running(tmp_path) as api:
        first = await play(api, POOR, SAM)
        second = await play(api, GOOD, SAM)
        await api.new_session(headers=SAM)  # no rep turn: left out
        await play(api, GOOD, {"X-Roleplay-Rep": "kim"})
        branch = await api.client.post(f"/v1/sessions/{first}/branch",
                                       json={"turn": 1, "text": GOOD[0]}, headers=SAM)
        assert branch.status_code == 201

        found = await api.client.get("/v1/reps/me/progress", headers=SAM)
        assert found.status_code == 200, found.text
        body = found.json()
        assert body["rep"] == "sam" and body["sessions"] == 2
        overall = body["overall"]
        assert [p["session"] for p in overall["scores"]] == [first, second]
        assert overall["latest"] == overall["scores"][-1]["score"]
        assert overall["proficiency"] > overall["mean"] and overall["trend"] > 0
        ids = {c["id"] for c in body["criteria"]}
        assert {"asking_over_telling", "earning_the_right"} <= ids

        one = await api.client.get("/v1/reps/me/progress?criterion=earning_the_right",
                                   headers=SAM)
        assert [c["id"] for c in one.json()["criteria"]] == ["earning_the_right"]
        typo = await api.client.get("/v1/reps/me/progress?criterion=earning_the_rite",
                                    headers=SAM)
        assert typo.status_code == 400
        assert "did you mean 'earning_the_right'?" in typo.json()["detail"]
        assert (await api.client.get("/v1/reps/kim/progress", headers=SAM)).status_code == 404
        trainer = await api.client.get("/v1/reps/kim/progress")
        assert trainer.status_code == 200 and trainer.json()["sessions"] == 1

        exported = await api.client.get("/v1/reps/sam/export", headers=SAM)
        rows = exported.json()
        assert [r["session"] for r in rows] == [first, second]
        assert rows[0]["scorecard"]["rubric"] == "default" and rows[0]["persona_hash"]
        as_csv = await api.client.get("/v1/reps/sam/export?format=csv", headers=SAM)
        assert as_csv.headers["content-type"].startswith("text/csv")
        table = list(csv.DictReader(io.StringIO(as_csv.text)))
        assert [r["session"] for r in table] == [first, second]
        assert table[1]["score"] == str(rows[1]["scorecard"]["score"])
        assert table[1]["asking_over_telling_level"] in ("good", "fair", "poor", "n/a")


async def one_call(tmp_path: Path) -> str:
    async with running(tmp_path) as api:
        return await play(api, POOR[:1], SAM)


def test_the_command_line_reads_the_same_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    sid = asyncio.run(one_call(tmp_path))
    monkeypatch.setenv("ROLEPLAY_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'api.db'}")
    runner = CliRunner()

    traced = runner.invoke(app, ["trace", sid])
    assert traced.exit_code == 0, traced.output
    assert "pitch_before_discovery:" in traced.stdout and "trust" in traced.stdout

    as_json = json.loads(runner.invoke(app, ["trace", sid, "--json"]).stdout)
    assert as_json["session"] == sid and as_json["turns"][1]["rules"]

    branched = runner.invoke(app, ["branch", sid, "--turn", "1", "--text", GOOD[0], "--json"])
    assert branched.exit_code == 0, branched.output
    made = json.loads(branched.stdout)
    assert made["branched_from"] == sid and made["after"][0]["text"] == GOOD[0]
    assert made["score_after"] >= made["score_before"]
    plain = runner.invoke(app, ["branch", sid, "--turn", "1", "--text", GOOD[0]])
    assert "Scorecard up to turn 1" in plain.stdout

    replayed = runner.invoke(app, ["replay", sid, "--json"])
    assert replayed.exit_code == 0, replayed.output
    again = json.loads(replayed.stdout)
    assert again["same_persona"] is True and again["score_before"] == again["score_after"]
    assert again["turns"][0]["before"][0]["state_change"] == \
        again["turns"][0]["after"][0]["state_change"]
    assert "Score" in runner.invoke(app, ["replay", sid]).stdout

    shown = runner.invoke(app, ["progress", "sam"])
    assert shown.exit_code == 0 and "Overall score" in shown.stdout
    assert json.loads(runner.invoke(app, ["progress", "sam", "--json"]).stdout)["sessions"] == 1

    out = tmp_path / "calls.csv"
    exported = runner.invoke(app, ["export", "--rep", "sam", "--format", "csv", "-o", str(out)])
    assert exported.exit_code == 0
    assert [r["session"] for r in csv.DictReader(out.open(encoding="utf-8"))] == [sid]
