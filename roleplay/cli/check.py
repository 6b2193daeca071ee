"""`roleplay check`: validate every persona and rubric file, all problems at once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from roleplay.cli import app
from roleplay.config import Settings
from roleplay.errors import FileProblems


@app.command()
def check(
    personas_dir: Annotated[Path | None, typer.Option(help="persona folder")] = None,
    rubrics_dir: Annotated[Path | None, typer.Option(help="rubric folder")] = None,
) -> None:
    """Validate persona and rubric files; each problem as `file:line: field: message`."""
    from roleplay.grading.rubrics import load_rubrics
    from roleplay.personas import load_personas

    settings = Settings()
    problems: list[str] = []
    counts: dict[str, int] = {}
    for label, loader, folder in (
        ("personas", load_personas, personas_dir or settings.personas_dir),
        ("rubrics", load_rubrics, rubrics_dir or settings.rubrics_dir),
    ):
        try:
            counts[label] = len(loader(folder))
        except FileProblems as err:
            problems.extend(err.problems)
    if problems:
        raise FileProblems(problems)
    typer.echo(f"ok: {counts['personas']} personas, {counts['rubrics']} rubrics")
