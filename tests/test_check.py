"""`roleplay check`, `roleplay personas` and `roleplay schema`: every mistake at once, warnings,
did-you-mean, paths as given, and the JSON Schemas editors read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from roleplay.cli import app
from roleplay.cli import commands as _commands  # noqa: F401  (registers the commands)
from roleplay.editor_schema import HEADER, json_schema, schema_text
from roleplay.errors import FileProblems, NotFound
from roleplay.grading.rubrics import load_rubrics, pick_rubric
from roleplay.lint import hardness, review
from roleplay.personas import load_personas

ROOT = Path(__file__).resolve().parent.parent
PERSONAS = ROOT / "personas"
RUBRICS = ROOT / "rubrics"
runner = CliRunner()


def florist(folder: Path, *, mistakes: bool = True) -> Path:
    """A trainer's copy of the bakery owner, half rewritten, with three deliberate mistakes."""
    text = (PERSONAS / "bakery_owner.yaml").read_text(encoding="utf-8")
    text = (text.replace("name: Rosa Delgado", "name: Ines Marlow")
            .replace("company: Delgado's Bakery (three shops)", "company: Marlow Flowers")
            .replace("industry: food retail", "industry: florist")
            .replace("difficulty: easy", "difficulty: hard"))
    if mistakes:
        text = (text.replace("triggers: [cold_open", "triggers: [cold_opn", 1)
                .replace("kind: motive", "kind: motives", 1)
                .replace("after: [sunday_payroll]", "after: [sunday_payrol]", 1))
    path = folder / "florist.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr, as `roleplay.cli.main` prints a FileProblems."""
    done = runner.invoke(app, list(args))
    if isinstance(done.exception, FileProblems):
        return 1, done.stdout, done.stderr + "\n".join(done.exception.problems) + "\n"
    return done.exit_code, done.stdout, done.stderr


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    personas = tmp_path / "personas"
    personas.mkdir()
    (personas / "bakery_owner.yaml").write_text(
        (PERSONAS / "bakery_owner.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return personas


def test_three_mistakes_in_one_run_sorted_with_did_you_mean_and_paths_as_given(
    folder: Path,
) -> None:
    florist(folder)
    code, _, err = run("check", "--personas-dir", str(folder), "--rubrics-dir", str(RUBRICS))
    lines = err.strip().splitlines()
    assert code == 1
    assert len(lines) == 3, lines
    assert all(line.startswith("personas/florist.yaml:") for line in lines)  # relative, as typed
    numbers = [int(line.split(":")[1]) for line in lines]
    assert numbers == sorted(numbers)
    assert "unknown fact 'sunday_payrol'; did you mean 'sunday_payroll'?" in lines[0]
    assert "'motives' is not allowed; did you mean 'motive'?" in lines[1]
    assert "'cold_opn' is not allowed; did you mean 'cold_open'?" in lines[2]


def test_a_fixed_file_passes_with_warnings_and_strict_fails_on_them(folder: Path) -> None:
    florist(folder, mistakes=False)
    code, out, err = run("check", "--personas-dir", "personas", "--rubrics-dir", str(RUBRICS))
    assert code == 0
    assert out.startswith("ok: 2 personas, 2 rubrics, ")
    warnings = err.strip().splitlines()
    assert all(": warning: " in line for line in warnings)
    florist_lines = [w for w in warnings if w.startswith("personas/florist.yaml:")]
    assert any("difficulty: warning: 'hard' contradicts the dials, which read as 'easy'" in w
               for w in florist_lines)
    assert any("mentions 'bakery'" in w and "'bakery_owner'" in w for w in florist_lines)
    assert any("word for word the same as a line of persona 'bakery_owner'" in w
               for w in florist_lines)
    strict, _, strict_err = run("check", "--strict", "--personas-dir", "personas",
                                "--rubrics-dir", str(RUBRICS))
    assert strict == 1 and strict_err.strip().splitlines() == warnings


def test_one_file_is_checked_against_the_folder(folder: Path) -> None:
    path = florist(folder, mistakes=False)
    code, _, err = run("check", str(path.relative_to(folder.parent)), "--personas-dir", "personas")
    assert code == 0
    assert err and all(line.startswith("personas/florist.yaml:") for line in err.splitlines())


def test_shipped_files_have_no_problems_and_no_warnings() -> None:
    found = review(PERSONAS, RUBRICS)
    assert found.problems == [] and found.warnings == []


def test_unreachable_facts_and_dead_objections_are_warned(tmp_path: Path) -> None:
    text = (PERSONAS / "ready_buyer.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["dials"]["inbound"] is True
    data["facts"][0]["unlock"]["after"] = [data["facts"][1]["id"]]
    data["facts"][1]["unlock"]["after"] = [data["facts"][0]["id"]]
    data["objections"][0]["triggers"] = ["cold_open", "unearned_probe"]
    (tmp_path / "loop.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    found = review(tmp_path, RUBRICS)
    assert found.problems == []
    text = "\n".join(found.warnings)
    assert f"fact {data['facts'][0]['id']!r} can never be shared" in text
    assert f"objection {data['objections'][0]['id']!r} can never be raised" in text


def test_difficulty_reads_from_the_dials() -> None:
    shipped = load_personas(PERSONAS)
    cfo, bakery = shipped["skeptical_cfo"], shipped["bakery_owner"]
    assert hardness(cfo.dials) > 0.6 > 0.4 > hardness(bakery.dials)


def test_unknown_rubric_id_gets_a_did_you_mean() -> None:
    with pytest.raises(NotFound, match="did you mean 'default'"):
        pick_rubric(load_rubrics(RUBRICS), "defualt")


def test_personas_lists_id_name_difficulty_summary() -> None:
    code, out, _ = run("personas", "--json")
    rows = json.loads(out)
    assert code == 0
    assert [r["id"] for r in rows] == sorted(load_personas(PERSONAS))
    assert {"id", "name", "difficulty", "summary"} <= set(rows[0])
    code, out, _ = run("personas")
    assert code == 0 and "skeptical_cfo" in out and "hard" in out


@pytest.mark.parametrize("kind", ["persona", "rubric"])
def test_shipped_schemas_are_the_generated_ones(kind: str) -> None:
    shipped = (ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert shipped == schema_text(kind), (
        f"schemas/{kind}.schema.json is out of date: run "
        f"`roleplay schema {kind} -o schemas/{kind}.schema.json`")
    code, out, _ = run("schema", kind)
    assert code == 0 and json.loads(out) == json_schema(kind)


@pytest.mark.parametrize(("kind", "folder"), [("persona", PERSONAS), ("rubric", RUBRICS)])
def test_shipped_files_name_their_schema_and_validate_against_it(kind: str, folder: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json_schema(kind)
    for path in sorted(folder.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert text.splitlines()[0] == HEADER.format(kind=kind), path.name
        jsonschema.validate(yaml.safe_load(text), schema)
    bad = {**yaml.safe_load((folder / sorted(p.name for p in folder.glob("*.yaml"))[0])
                            .read_text(encoding="utf-8")), "unknown_field": 1}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_schema_writes_a_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "persona.schema.json"
    code, _, err = run("schema", "persona", "--output", str(target))
    assert code == 0 and json.loads(target.read_text(encoding="utf-8"))["title"]
    assert "yaml-language-server" in err


def test_unknown_persona_ids_get_a_did_you_mean(tmp_path: Path) -> None:
    from roleplay.api.deps import pick_persona as api_pick
    from roleplay.cli.demo import pick_persona as cli_pick

    personas = load_personas(PERSONAS)
    for pick in (api_pick, cli_pick):
        with pytest.raises(NotFound, match=r"did you mean 'skeptical_cfo'\? known: bakery_owner"):
            pick(personas, "skeptical_cf")
        with pytest.raises(NotFound) as caught:
            pick(personas, "zzz")
        assert "did you mean" not in str(caught.value) and "known: " in str(caught.value)


def test_persona_test_files_name_real_facts_and_objections(tmp_path: Path) -> None:
    tests = tmp_path / "tests"
    tests.mkdir()
    (tmp_path / "bakery_owner.yaml").write_text(
        (PERSONAS / "bakery_owner.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    text = (PERSONAS / "tests" / "bakery_owner.yaml").read_text(encoding="utf-8")
    assert "raised: busy_baking" in text
    text = text.replace("raised: busy_baking", "raised: busy_bakng", 1)
    (tests / "bakery_owner.yaml").write_text(text, encoding="utf-8")
    found = review(tmp_path, RUBRICS)
    assert len(found.problems) == 1, found.problems
    assert found.problems[0].endswith(
        ".raised: unknown objection 'busy_bakng'; did you mean 'busy_baking'?")
    assert "tests/bakery_owner.yaml:" in found.problems[0]
