"""Persona tests: every shipped persona's scripted calls behave as a trainer expects, for every
behaviour of the prospect, typed and voice-to-text (`roleplay test-personas` runs the same)."""

from __future__ import annotations

from pathlib import Path

import pytest

from roleplay.errors import FileProblems
from roleplay.prospect.persona import load_personas
from roleplay.prospect.persona_tests import (
    BEHAVIOURS,
    check_personas,
    load_tests,
    missing_behaviours,
    run_tests,
)
from roleplay.prospect.persona_tests import (
    tests_path as path_of_tests,
)

ROOT = Path(__file__).resolve().parent.parent
PERSONAS_DIR = ROOT / "personas"
PERSONAS = load_personas(PERSONAS_DIR)


@pytest.mark.parametrize("persona_id", sorted(PERSONAS))
def test_every_behaviour_is_tested_typed_and_voice(persona_id: str) -> None:
    tests = load_tests(path_of_tests(PERSONAS_DIR, persona_id))
    assert missing_behaviours(tests) == []


@pytest.mark.parametrize("persona_id", sorted(PERSONAS))
def test_persona_tests_pass_on_the_offline_voice(persona_id: str) -> None:
    tests = load_tests(path_of_tests(PERSONAS_DIR, persona_id))
    failures = run_tests(PERSONAS[persona_id], tests)
    assert not failures, "\n".join(f.describe() for f in failures)


def test_a_failed_expectation_is_reported_with_the_turn_trace(tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "skeptical_cfo.yaml").write_text(
        "tests:\n"
        "  - name: wrong on purpose\n"
        "    behaviour: answers_question\n"
        "    style: typed\n"
        "    steps:\n"
        "      - say: \"What's your budget?\"\n"
        "        expect: {shares: [timeline], trust: [0.9, 1]}\n", encoding="utf-8")
    report = check_personas({"skeptical_cfo": PERSONAS["skeptical_cfo"]}, tmp_path, [])
    text = "\n".join(report.lines)
    assert not report.ok
    assert "shares nothing, expected ['timeline']" in text
    assert "trust 0." in text and "unearned_probe" in text  # the turn's trace
    assert all(b in text for b in ("difficulty (voice)", "language (typed)"))  # untested


def test_test_files_report_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bakery_owner.yaml"
    path.write_text("tests:\n  - name: x\n    behaviour: answer\n    style: typed\n"
                    "    steps: [{say: hi}]\n", encoding="utf-8")
    with pytest.raises(FileProblems) as err:
        load_tests(path)
    assert f"{path}:3: tests.0.behaviour:" in str(err.value)


def test_behaviours_cover_the_issue() -> None:
    assert set(BEHAVIOURS) >= {"answers_question", "repeat_question", "explores_objection",
                               "ignores_objection", "incumbent_question", "next_step_agreed",
                               "next_step_declined", "difficulty", "monologue", "odd_turns",
                               "language"}
