"""files.py: YAML to pydantic with `file:line: field: message` problems."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict

from roleplay.errors import FileProblems
from roleplay.files import load_directory, load_file


class Part(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    weight: float = 1.0


class Thing(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    title: str
    parts: list[Part] = []

    def reference_problems(self) -> list[tuple[tuple[str | int, ...], str]]:
        names = [p.name for p in self.parts]
        return [
            (("parts", i, "name"), f"duplicate part {n!r}")
            for i, n in enumerate(names)
            if n in names[:i]
        ]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(FileProblems) as caught:
        load_file(path, Thing)
    return caught.value.problems


def test_valid_file_gets_its_stem_as_id(tmp_path: Path) -> None:
    thing = load_file(write(tmp_path, "alpha.yaml", "title: A\nparts:\n  - name: x\n"), Thing)
    assert thing.id == "alpha"
    assert thing.parts[0].name == "x"


def test_unknown_key_points_at_its_line_with_did_you_mean(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "title: A\nparts:\n  - name: x\n    wieght: 2\n")
    assert problems_of(path) == [
        f"{path}:4: parts.0.wieght: unknown field 'wieght'; did you mean 'weight'?"
    ]


def test_wrong_type_and_missing_field_reported_together(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "parts:\n  - name: x\n    weight: heavy\n")
    found = problems_of(path)
    assert len(found) == 2
    assert any(p.startswith(f"{path}:1: title: required field is missing") for p in found)
    assert any(p.startswith(f"{path}:3: parts.0.weight: ") for p in found)


def test_reference_problems_point_at_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "title: A\nparts:\n  - name: x\n  - name: x\n")
    assert problems_of(path) == [f"{path}:4: parts.1.name: duplicate part 'x'"]


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "title: A\nparts: [\n  name: x\n")
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:")
    assert ": (file): " in problem


def test_id_must_match_file_stem(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "id: b\ntitle: A\n")
    assert problems_of(path) == [f"{path}:1: id: id must match the file name 'a'"]


def test_directory_reports_every_problem_of_every_file(tmp_path: Path) -> None:
    write(tmp_path, "good.yaml", "title: G\n")
    write(tmp_path, "bad1.yaml", "titel: B\n")
    write(tmp_path, "bad2.yaml", "title: [1, 2]\n")
    with pytest.raises(FileProblems) as caught:
        load_directory(tmp_path, Thing)
    joined = "\n".join(caught.value.problems)
    assert "bad1.yaml:1: titel: unknown field 'titel'; did you mean 'title'?" in joined
    assert "bad2.yaml:1: title: " in joined


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "- 1\n- 2\n")
    assert problems_of(path) == [f"{path}:1: (file): expected a mapping of fields at the top level"]
