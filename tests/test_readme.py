"""The README's commands name things that exist (docs drift is a bug)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_persona_the_readme_names_exists() -> None:
    named = set(re.findall(r"roleplay (?:chat|demo --persona) (\w+)", README))
    shipped = {path.stem for path in (ROOT / "personas").glob("*.yaml")}
    assert named, "the README shows no persona command"
    assert named <= shipped, f"README names unknown personas: {sorted(named - shipped)}"


def test_every_linked_doc_exists() -> None:
    for link in re.findall(r"\]\(((?:docs/)?[\w./-]+\.md)\)", README):
        assert (ROOT / link).is_file(), link


def test_quick_start_shows_demo_and_test_first() -> None:
    quick = README.split("## Quick start", 1)[1]
    commands = re.findall(r"^make (\w+)", quick, flags=re.M)
    assert commands[:2] == ["demo", "test"]


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
