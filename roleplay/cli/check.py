"""`roleplay check [PATH...]`: validate persona and rubric files, every problem at once.

Problems and warnings print one per line as `file:line: field: message`, sorted by file and
line, with paths as given (relative to the working directory when inside it). Problems exit 1;
warnings (`field: warning: ...`, see roleplay/lint.py) exit 0 unless `--strict`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from roleplay.cli import app
from roleplay.config import Settings
from roleplay.errors import FileProblems


@app.command()
def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="persona or rubric files or folders (default: both folders)"),
    ] = None,
    personas_dir: Annotated[Path | None, typer.Option(help="persona folder")] = None,
    rubrics_dir: Annotated[Path | None, typer.Option(help="rubric folder")] = None,
    strict: Annotated[bool, typer.Option(help="warnings fail the check too (exit 1)")] = False,
) -> None:
    """Validate persona and rubric files; each problem as `file:line: field: message`."""
    from roleplay.lint import review

    settings = Settings()
    found = review(personas_dir or settings.personas_dir, rubrics_dir or settings.rubrics_dir,
                   paths or ())
    if found.problems or (strict and found.warnings):
        raise FileProblems(found.lines())
    for line in found.warnings:
        typer.echo(line, err=True)
    warned = f", {_count(len(found.warnings), 'warning')}" if found.warnings else ""
    typer.echo(f"ok: {_count(len(found.personas), 'persona')}, "
               f"{_count(len(found.rubrics), 'rubric')}{warned}")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
