"""personas.py and the shipped persona files: they load, hide their facts, and report problems."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest

from roleplay.errors import FileProblems
from roleplay.personas import TRIGGERS, Dials, FactKind, Persona, load_personas

ROOT = Path(__file__).resolve().parent.parent
PERSONAS = ROOT / "personas"

VALID = """\
name: Pat Doe
title: Ops Director
company: Acme
industry: testing
difficulty: easy
summary: A test prospect.
situation: You are calling Pat.
personality: Plain.
speaking_style: Short.
opening: ["Pat here."]
facts:
  - id: late_orders
    kind: pain
    says: "A tenth of our orders ship late."
    unlock: {min_trust: 0.4, topics: [pain]}
objections:
  - id: have_vendor
    kind: has_vendor
    says: ["We have someone."]
    triggers: [pitch_before_discovery]
    explored_says: "They are slow, though."
ending:
  out_of_patience: ["Bye."]
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_in(folder: Path) -> list[str]:
    with pytest.raises(FileProblems) as caught:
        load_personas(folder)
    return caught.value.problems


@pytest.fixture(scope="module")
def shipped() -> dict[str, Persona]:
    return load_personas(PERSONAS)


def test_every_shipped_persona_loads(shipped: dict[str, Persona]) -> None:
    assert len(shipped) >= 6
    assert {"gatekeeper_assistant", "interested_coordinator", "ready_buyer"} <= set(shipped)
    assert {p.difficulty for p in shipped.values()} == {"easy", "medium", "hard"}
    assert len({p.industry for p in shipped.values()}) >= 5


def test_every_shipped_file_starts_with_a_comment_for_trainers() -> None:
    for path in sorted(PERSONAS.glob("*.yaml")):
        assert path.read_text(encoding="utf-8").startswith("# "), path.name


def test_every_shipped_persona_can_be_provoked_and_opened(shipped: dict[str, Persona]) -> None:
    for persona in shipped.values():
        assert persona.objections, persona.id
        assert any(f.unlock.topics for f in persona.facts), persona.id
        assert {t for o in persona.objections for t in o.triggers} <= set(TRIGGERS)


def test_the_merely_interested_prospect_has_nothing_to_buy_with(
    shipped: dict[str, Persona],
) -> None:
    persona = shipped["interested_coordinator"]
    assert not persona.ending.agrees_to_next_step
    assert not [f for f in persona.facts if f.kind in ("pain", "motive")]


def test_hard_personas_start_colder_than_easy_ones(shipped: dict[str, Persona]) -> None:
    hard = [p.dials for p in shipped.values() if p.difficulty == "hard"]
    easy = [p.dials for p in shipped.values() if p.difficulty == "easy"]
    assert max(d.trust for d in hard) < min(d.trust for d in easy)
    assert max(d.patience for d in hard) < min(d.patience for d in easy)


def test_public_view_hides_facts_objections_and_dials(shipped: dict[str, Persona]) -> None:
    for persona in shipped.values():
        view = persona.public_view()
        assert view["id"] == persona.id and view["name"] == persona.name
        text = repr(view)
        assert not {"facts", "objections", "dials", "ending", "lines"} & set(view)
        for fact in persona.facts:
            assert fact.says not in text
        for objection in persona.objections:
            assert objection.explored_says not in text


def test_a_valid_file_loads_with_its_stem_as_id(tmp_path: Path) -> None:
    write(tmp_path, "pat.yaml", VALID)
    persona = load_personas(tmp_path)["pat"]
    assert persona.fact("late_orders").unlock.min_trust == 0.4
    assert persona.dials.patience > 0


def test_unknown_key_gets_a_did_you_mean_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "pat.yaml", VALID.replace("    unlock:", "    unlok:"))
    assert problems_in(tmp_path) == [
        f"{path}:15: facts.0.unlok: unknown field 'unlok'; did you mean 'unlock'?"
    ]


def test_all_problems_of_all_files_are_reported_at_once(tmp_path: Path) -> None:
    bad_type = VALID.replace("    unlock: {min_trust: 0.4,", "    unlock: {min_trust: lots,")
    bad_trigger = bad_type.replace("[pitch_before_discovery]", "[pitching]")
    bad_kind = bad_trigger.replace("kind: pain", "kind: agony")
    one = write(tmp_path, "one.yaml", bad_kind)
    two = write(tmp_path, "two.yaml", VALID.replace("difficulty: easy", "difficulty: brutal"))
    problems = problems_in(tmp_path)
    assert len(problems) == 4, problems
    assert problems[0].startswith(f"{one}:")
    assert any(p.startswith(f"{one}:15: facts.0.unlock.min_trust: ") for p in problems)
    assert any(p.startswith(f"{one}:13: facts.0.kind: ") for p in problems)
    assert any(
        p.startswith(f"{one}:20: objections.0.triggers.0: ") and "pitch_before_discovery" in p
        for p in problems
    )
    assert any(p.startswith(f"{two}:5: difficulty: ") for p in problems)


def test_bad_references_point_at_the_reference(tmp_path: Path) -> None:
    path = write(tmp_path, "pat.yaml", _with_duplicate_fact(VALID))
    path2 = write(
        tmp_path,
        "sam.yaml",
        VALID.replace("topics: [pain]}", "topics: [pain], after: [budgett]}")
        + "  next_step_needs: [late_orders, nope]\n",
    )
    problems = problems_in(tmp_path)
    assert problems == [
        f"{path}:16: facts.1.id: duplicate id 'late_orders'",
        f"{path2}:15: facts.0.unlock.after.0: unknown fact 'budgett'; known facts: late_orders",
        f"{path2}:24: ending.next_step_needs.1: unknown fact 'nope'; known facts: late_orders",
    ]


def _with_duplicate_fact(text: str) -> str:
    fact = text[text.index("  - id: late_orders") : text.index("objections:")]
    return text.replace("objections:", fact + "objections:")


def test_roleplay_check_lists_every_problem_of_every_file(tmp_path: Path) -> None:
    from roleplay.cli.check import check

    write(tmp_path, "pat.yaml", VALID.replace("opening:", "personallity: x\nopening:"))
    write(tmp_path, "sam.yaml", VALID.replace("difficulty: easy", "difficulty: 3"))
    with pytest.raises(FileProblems) as caught:
        check(personas_dir=tmp_path, rubrics_dir=ROOT / "rubrics")
    problems = caught.value.problems
    assert [p.split(": ")[1] for p in problems] == ["personallity", "difficulty"]
    assert "did you mean 'personality'?" in problems[0]


def test_roleplay_check_command_prints_file_line_field_message(tmp_path: Path) -> None:
    write(tmp_path, "pat.yaml", VALID.replace("opening:", "personallity: x\nopening:"))
    roleplay = Path(sys.executable).parent / "roleplay"
    done = subprocess.run(
        [
            str(roleplay),
            "check",
            "--personas-dir",
            str(tmp_path),
            "--rubrics-dir",
            str(ROOT / "rubrics"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"{tmp_path / 'pat.yaml'}:10: personallity: unknown field 'personallity'; "
        "did you mean 'personality'?"
    )
    assert "Traceback" not in done.stderr


def test_roleplay_check_passes_on_the_shipped_files(capsys: pytest.CaptureFixture[str]) -> None:
    from roleplay.cli.check import check

    check(personas_dir=PERSONAS, rubrics_dir=ROOT / "rubrics")
    assert capsys.readouterr().out.startswith(f"ok: {len(load_personas(PERSONAS))} personas")


def test_the_trainer_guide_names_every_dial_trigger_and_fact_kind() -> None:
    guide = (ROOT / "docs" / "personas.md").read_text(encoding="utf-8")
    names = [*Dials.model_fields, *TRIGGERS, *get_args(FactKind)]
    assert [name for name in names if f"`{name}`" not in guide and name not in guide] == []
    assert [p.stem for p in PERSONAS.glob("*.yaml") if f"`{p.stem}`" not in guide] == []
