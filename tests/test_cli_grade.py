"""`roleplay grade`: JSON and JSONL in, tables or JSON lines out, one-line errors, no litellm."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from grading_calls import ASKS_AND_EXPLORES, PITCHES_AND_ARGUES, transcript

from roleplay.grading import grade
from roleplay.grading.rubrics import load_rubrics
from roleplay.grading.scorecard import Scorecard

RUN_AND_REPORT_MODULES = """
import sys
from roleplay.cli import main
sys.argv = ["roleplay", *sys.argv[1:]]
try:
    main()
finally:
    seen = "litellm" in sys.modules
    print("LITELLM_IMPORTED" if seen else "LITELLM_NOT_IMPORTED", file=sys.stderr)
"""


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", RUN_AND_REPORT_MODULES, "grade", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def write_call(path: Path, turns: list[tuple[str, str]], call_id: str) -> Path:
    path.write_text(transcript(turns, call_id).model_dump_json(), encoding="utf-8")
    return path


def test_one_json_transcript_gives_one_json_scorecard(tmp_path: Path) -> None:
    path = write_call(tmp_path / "call.json", ASKS_AND_EXPLORES, "good")
    result = run(str(path), "--json")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    card = Scorecard.model_validate_json(lines[0])
    assert card.rubric == "default" and card.transcript_id == "good"
    assert len(card.turns) == len(ASKS_AND_EXPLORES)


def test_grading_does_not_import_litellm(tmp_path: Path) -> None:
    path = write_call(tmp_path / "call.json", PITCHES_AND_ARGUES, "bad")
    result = run(str(path), "--json")
    assert result.returncode == 0, result.stderr
    assert "LITELLM_NOT_IMPORTED" in result.stderr
    table = run(str(path))
    assert table.returncode == 0 and "LITELLM_NOT_IMPORTED" in table.stderr


HEAVY_MODULES = (
    "litellm", "pydantic_settings", "roleplay.config", "roleplay.grading.judge", "roleplay.api",
    "roleplay.storage", "roleplay.conversation", "fastapi", "starlette", "sqlalchemy", "httpx",
    "uvicorn", "asyncio", "concurrent.futures.process",
)

RUN_AND_REPORT_HEAVY = """
import sys
from roleplay.cli import main
watched = sys.argv[1].split(",")
sys.argv = ["roleplay", *sys.argv[2:]]
try:
    main()
finally:
    heavy = [name for name in watched if name in sys.modules]
    print("HEAVY:" + ",".join(heavy), file=sys.stderr)
"""


@pytest.mark.parametrize("as_json", [True, False])
def test_grading_one_file_imports_nothing_it_does_not_use(tmp_path: Path, as_json: bool) -> None:
    """Issue #13's 1 s budget: no server, storage, settings loader or judge on the grade path."""
    path = write_call(tmp_path / "call.json", ASKS_AND_EXPLORES, "x")
    args = [str(path), "--json"] if as_json else [str(path)]
    result = subprocess.run(
        [sys.executable, "-c", RUN_AND_REPORT_HEAVY, ",".join(HEAVY_MODULES), "grade", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "HEAVY:\n" in result.stderr


def test_the_rubric_folder_is_read_from_the_environment_as_settings_read_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from roleplay import environment
    from roleplay.config import Settings

    for name in [n for n in os.environ if n.lower() == "roleplay_rubrics_dir"]:
        monkeypatch.delenv(name)
    assert environment.rubrics_dir() == Settings().rubrics_dir == environment.default_dir("rubrics")
    for name, value in [
        ("ROLEPLAY_RUBRICS_DIR", str(tmp_path)),
        ("roleplay_rubrics_dir", "relative/folder/"),
        ("Roleplay_Rubrics_Dir", ""),
        ("ROLEPLAY_RUBRICS_DIR", " spaced "),
    ]:
        monkeypatch.setenv(name, value)
        assert environment.rubrics_dir() == Settings().rubrics_dir, (name, value)
        monkeypatch.delenv(name)


def questions_rubric(tmp_path: Path, stem: str, name: str) -> Path:
    """A rubric folder holding one rubric, `stem`, with one criterion: three questions asked."""
    rubrics = tmp_path / "rubrics"
    rubrics.mkdir()
    (rubrics / f"{stem}.yaml").write_text(
        f"name: {name}\n"
        "criteria:\n"
        "  - id: questions\n"
        "    name: Questions\n"
        "    weight: 1\n"
        "    checks:\n"
        "      - {metric: questions_asked, at_least: 3, description: Three questions.}\n"
        "    levels: {good: g, fair: f, poor: p}\n",
        encoding="utf-8",
    )
    return rubrics


def test_the_rubric_folder_from_the_environment_reaches_the_command(tmp_path: Path) -> None:
    rubrics = questions_rubric(tmp_path, "only", "Only")
    path = write_call(tmp_path / "call.json", ASKS_AND_EXPLORES, "a")
    result = subprocess.run(
        [sys.executable, "-m", "roleplay", "grade", str(path), "--json", "--rubric", "only"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "ROLEPLAY_RUBRICS_DIR": str(rubrics)},
    )
    assert result.returncode == 0, result.stderr
    card = Scorecard.model_validate_json(result.stdout)
    assert card.rubric == "only" and [c.id for c in card.criteria] == ["questions"]


def test_jsonl_gives_one_scorecard_per_line_in_order(tmp_path: Path) -> None:
    calls = [("a", ASKS_AND_EXPLORES), ("b", PITCHES_AND_ARGUES), ("c", ASKS_AND_EXPLORES)]
    path = tmp_path / "calls.jsonl"
    path.write_text(
        "\n".join(transcript(turns, cid).model_dump_json() for cid, turns in calls) + "\n",
        encoding="utf-8",
    )
    result = run(str(path), "--json", "--rubric", "discovery")
    assert result.returncode == 0, result.stderr
    cards = [Scorecard.model_validate_json(line) for line in result.stdout.splitlines()]
    assert [c.transcript_id for c in cards] == ["a", "b", "c"]
    assert {c.rubric for c in cards} == {"discovery"}
    assert cards[0].score is not None and cards[1].score is not None
    assert cards[0].score > cards[1].score


def test_a_malformed_line_is_named_and_the_others_still_graded(tmp_path: Path) -> None:
    good = transcript(ASKS_AND_EXPLORES, "ok").model_dump_json()
    path = tmp_path / "calls.jsonl"
    lines = [good, '{"turns": [oops', good, '{"turns": [{"speaker": "bot", "text": "hi"}]}', good]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(str(path), "--json")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if not line.startswith("LITELLM")]
    assert len(errors) == 2
    assert errors[0].startswith(f"{path}:2: not valid JSON")
    assert errors[1].startswith(f"{path}:4: turns.0.speaker:")
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 5
    assert [o.get("transcript_id") for o in out] == ["ok", None, "ok", None, "ok"]
    assert out[1]["line"] == 2 and out[3]["line"] == 4


def test_several_files_are_one_batch_reported_file_by_file(tmp_path: Path) -> None:
    first = write_call(tmp_path / "one.json", ASKS_AND_EXPLORES, "a")
    second = tmp_path / "two.jsonl"
    second.write_text("\n".join([transcript(PITCHES_AND_ARGUES, "b").model_dump_json(),
                                 '{"turns": [oops',
                                 transcript(ASKS_AND_EXPLORES, "c").model_dump_json()]) + "\n",
                      encoding="utf-8")
    result = run(str(first), str(second), "--json")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if not line.startswith("LITELLM")]
    assert len(errors) == 1 and errors[0].startswith(f"{second}:2: not valid JSON")
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o.get("transcript_id") for o in out] == ["a", "b", None, "c"]
    assert out[2]["file"] == str(second) and out[2]["line"] == 2
    rubric = load_rubrics(Path(__file__).parents[1] / "rubrics")["default"]
    alone = grade(transcript(PITCHES_AND_ARGUES, "b"), rubric)
    assert Scorecard.model_validate(out[1]) == alone


def test_the_table_view_shows_scores_and_labels(tmp_path: Path) -> None:
    path = write_call(tmp_path / "call.json", PITCHES_AND_ARGUES, "bad")
    result = run(str(path))
    assert result.returncode == 0, result.stderr
    assert "Asking over telling" in result.stdout
    assert "argues" in result.stdout
    assert "Better lines" in result.stdout


def test_a_broken_single_json_file_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "call.json"
    path.write_text(
        '{\n  "turns": [\n    {"speaker": "rep" "text": "hi"}\n  ]\n}\n', encoding="utf-8"
    )
    result = run(str(path), "--json")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith(f"{path}:3: not valid JSON")


def test_an_unknown_rubric_is_one_line(tmp_path: Path) -> None:
    path = write_call(tmp_path / "call.json", ASKS_AND_EXPLORES, "x")
    result = run(str(path), "--rubric", "nope")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith("error: unknown rubric 'nope'")
    assert "Traceback" not in result.stderr


def test_judge_without_a_model_is_one_line(tmp_path: Path) -> None:
    path = write_call(tmp_path / "call.json", ASKS_AND_EXPLORES, "x")
    result = run(str(path), "--judge")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "error: --judge needs a model: set ROLEPLAY_JUDGE_MODEL"


def test_a_failing_judge_keeps_the_scorecard_and_says_why(tmp_path: Path) -> None:
    path = write_call(tmp_path / "call.json", PITCHES_AND_ARGUES, "x")
    env = {
        **os.environ,
        "ROLEPLAY_JUDGE_MODEL": "openai/judge",
        "ROLEPLAY_API_BASE": "http://127.0.0.1:9/v1",  # nothing listens on the discard port
        "ROLEPLAY_MAX_RETRIES": "0",
        "ROLEPLAY_TIMEOUT": "5",
        "OPENAI_API_KEY": "sk-test-not-a-real-key",
    }
    result = subprocess.run(
        [sys.executable, "-c", RUN_AND_REPORT_MODULES, "grade", str(path), "--json", "--judge"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    card = Scorecard.model_validate_json(result.stdout.splitlines()[0])
    assert card.judge is not None and card.judge.error and card.judge.model == "openai/judge"
    rubric = load_rubrics(Path(__file__).resolve().parent.parent / "rubrics")["default"]
    assert card.score == grade(transcript(PITCHES_AND_ARGUES, "x"), rubric).score
    assert f"{path}:1: judge failed:" in result.stderr
    assert "LITELLM_IMPORTED" in result.stderr


def test_help_still_lists_every_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "roleplay", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for command in ("grade", "check", "demo"):
        assert command in result.stdout


def test_a_trainer_rubric_from_another_folder_and_blank_lines(tmp_path: Path) -> None:
    rubrics = questions_rubric(tmp_path, "questions_only", "Questions only")
    path = tmp_path / "calls.jsonl"
    good = transcript(ASKS_AND_EXPLORES, "a").model_dump_json()
    bad = transcript(PITCHES_AND_ARGUES, "b").model_dump_json()
    path.write_text(f"{good}\n\n{bad}\n", encoding="utf-8")
    result = run(str(path), "--json", "--rubric", "questions_only", "--rubrics-dir", str(rubrics))
    assert result.returncode == 0, result.stderr
    cards = [Scorecard.model_validate_json(line) for line in result.stdout.splitlines()]
    assert [(c.transcript_id, c.score) for c in cards] == [("a", 100), ("b", 0)]
    assert [c.id for c in cards[0].criteria] == ["questions"]


@pytest.mark.parametrize("content", ["", "\n  \n"])
def test_an_empty_file_is_an_error_not_silence(tmp_path: Path, content: str) -> None:
    empty = tmp_path / "calls.jsonl"
    empty.write_text(content)
    done = run(str(empty), "--json")
    assert done.returncode == 1
    assert done.stdout == ""
    assert f"error: {empty}: no transcript in the file (it is empty)\n" in done.stderr
