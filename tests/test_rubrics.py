"""Rubric files: loading, checks as data, and bad files reported as `file:line: field: message`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from roleplay.errors import FileProblems, NotFound
from roleplay.grading.metrics import METRICS
from roleplay.grading.rubrics import Check, load_rubrics, pick_rubric

REPO = Path(__file__).resolve().parent.parent

GOOD = """\
name: Tiny
criteria:
  - id: asking_over_telling
    name: Asking
    weight: 1
    checks:
      - metric: ask_share
        at_least: 0.5
        description: Half the turns ask.
    levels: {good: g, fair: f, poor: p}
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(FileProblems) as caught:
        load_rubrics(folder)
    return caught.value.problems


def test_shipped_rubrics_load_with_the_contract_criteria() -> None:
    rubrics = load_rubrics(REPO / "rubrics")
    assert {"default", "discovery"} <= set(rubrics)
    ids = [c.id for c in rubrics["default"].criteria]
    assert ids[:3] == ["asking_over_telling", "earning_the_right", "not_arguing"]  # the contract
    assert ids[3:] == ["client_focus"]
    assert all(c.critical for c in rubrics["default"].criteria)
    assert rubrics["default"].id == "default"
    for criterion in rubrics["default"].criteria:
        assert criterion.checks and criterion.levels.good and criterion.weight > 0


def test_the_second_rubric_differs_in_weights_and_checks() -> None:
    rubrics = load_rubrics(REPO / "rubrics")
    default, discovery = rubrics["default"], rubrics["discovery"]
    assert [c.weight for c in default.criteria] != [c.weight for c in discovery.criteria]
    metrics = {k.metric for c in discovery.criteria for k in c.checks}
    assert metrics != {k.metric for c in default.criteria for k in c.checks}


def test_a_trainer_rubric_loads_from_any_folder(tmp_path: Path) -> None:
    write(tmp_path, "tiny.yaml", GOOD)
    rubric = load_rubrics(tmp_path)["tiny"]
    assert rubric.criteria[0].checks[0].threshold == 0.5
    assert rubric.thresholds.good == 80


def test_unknown_key_names_the_line_and_suggests(tmp_path: Path) -> None:
    write(tmp_path, "bad.yaml", GOOD.replace("    weight: 1\n", "    wieght: 1\n"))
    problems = problems_of(tmp_path)
    assert any(
        re.search(
            r"bad\.yaml:5: criteria\.0\.wieght: unknown field 'wieght'; did you mean 'weight'", p
        )
        for p in problems
    ), problems


def test_unknown_metric_names_the_line_and_suggests(tmp_path: Path) -> None:
    write(tmp_path, "bad.yaml", GOOD.replace("metric: ask_share", "metric: asks_share"))
    assert problems_of(tmp_path) == [
        f"{tmp_path / 'bad.yaml'}:7: criteria.0.checks.0.metric: "
        "unknown metric 'asks_share'; did you mean 'ask_share'?"
    ]


def test_a_short_of_good_count_no_call_can_reach_names_the_line(tmp_path: Path) -> None:
    """`short_of_good.criteria` above the number of criteria would silently never cap."""
    write(tmp_path, "short.yaml", GOOD.replace("criteria:\n", "short_of_good:\n  criteria: 3\n"
                                               "  cap: 59\ncriteria:\n", 1))
    line = GOOD[: GOOD.index("criteria:")].count("\n") + 2
    assert problems_of(tmp_path) == [
        f"{tmp_path / 'short.yaml'}:{line}: short_of_good.criteria: 3 criteria short of good can "
        "never happen in a rubric of 1: the cap would never apply"
    ]
    write(tmp_path, "short.yaml", GOOD.replace("criteria:\n", "short_of_good:\n  criteria: 2\n"
                                               "  cap: 59\ncriteria:\n", 1).replace(
        "  - id:", "  - id: second\n    name: Second\n    weight: 1\n    checks:\n"
        "      - metric: ask_share\n        at_least: 0.5\n        description: Asks.\n"
        "    levels: {good: g, fair: f, "
        "poor: p}\n  - id:", 1))
    assert load_rubrics(tmp_path)["short"].short_of_good is not None


def test_duplicate_criterion_ids_are_reported(tmp_path: Path) -> None:
    criterion = GOOD[GOOD.index("  - id:") :]
    write(tmp_path, "dup.yaml", GOOD + criterion)
    problems = problems_of(tmp_path)
    assert problems == [
        f"{tmp_path / 'dup.yaml'}:11: criteria.1.id: duplicate criterion id 'asking_over_telling'"
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("at_least: 0.5", "at_least: 0.5\n        at_most: 0.9"),
        ("at_least: 0.5", "zero_at: 0"),
    ],
)
def test_a_check_needs_exactly_one_threshold(tmp_path: Path, change: str, message: str) -> None:
    write(tmp_path, "bad.yaml", GOOD.replace(change, message))
    problems = problems_of(tmp_path)
    assert len(problems) == 1
    assert "criteria.0.checks.0: give exactly one of at_least or at_most" in problems[0]
    assert ":7:" in problems[0]


def test_every_problem_of_every_file_at_once(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD.replace("name: Tiny\n", ""))
    write(tmp_path, "b.yaml", GOOD.replace("weight: 1", "weight: -1"))
    write(tmp_path, "c.yaml", "criteria: [\n")
    problems = problems_of(tmp_path)
    assert any(p.startswith(f"{tmp_path / 'a.yaml'}:1: name: required field") for p in problems)
    assert any(p.startswith(f"{tmp_path / 'b.yaml'}:5: criteria.0.weight:") for p in problems)
    assert any(p.startswith(f"{tmp_path / 'c.yaml'}:") for p in problems)
    assert len(problems) == 3


def test_pick_rubric_names_the_known_ones() -> None:
    rubrics = load_rubrics(REPO / "rubrics")
    with pytest.raises(NotFound, match=r"unknown rubric 'nope'.*default"):
        pick_rubric(rubrics, "nope")


def test_check_credit_is_full_when_passing_and_linear_when_failing() -> None:
    at_least = Check(metric="ask_share", at_least=0.6, description="d")
    assert at_least.credit(0.9) == 1.0
    assert at_least.credit(0.3) == pytest.approx(0.5)
    assert at_least.credit(0.0) == 0.0
    at_most = Check(metric="premature_probes", at_most=0, description="d")
    assert at_most.credit(0) == 1.0
    assert at_most.credit(1) == pytest.approx(0.5)  # the count's natural spread is 2
    assert at_most.credit(5) == 0.0
    custom = Check(metric="longest_monologue_words", at_most=60, zero_at=160, description="d")
    assert custom.credit(110) == pytest.approx(0.5)


def test_docs_list_exactly_the_metric_vocabulary() -> None:
    text = (REPO / "docs" / "grading.md").read_text(encoding="utf-8")
    text = text[text.index("**Metrics**") : text.index("## Scorecard")]
    documented = set(re.findall(r"^\| `([a-z_]+)` \| ", text, flags=re.MULTILINE))
    assert documented == set(METRICS)
