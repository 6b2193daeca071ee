"""`roleplay test-personas [ID...]`: run each persona's scripted tests on the offline voice.

Each persona's tests are in `personas/tests/<id>.yaml` (docs/personas.md, "Persona tests"). Every
failed expectation is printed with the trace of its turn (labels, rules, trust and patience); a
persona with no test file, or with a behaviour left untested, fails too. Exit status 1 on any
failure.
"""

from __future__ import annotations

from typing import Annotated

import typer

from roleplay.cli import app


@app.command("test-personas")
def test_personas(
    ids: Annotated[list[str] | None, typer.Argument(help="persona ids (default: all)")] = None,
) -> None:
    """Run the persona tests (scripted rep lines with expectations) on the offline voice."""
    from roleplay.config import Settings
    from roleplay.prospect.persona import load_personas
    from roleplay.prospect.persona_tests import check_personas

    settings = Settings()
    personas = load_personas(settings.personas_dir)
    report = check_personas(personas, settings.personas_dir, ids or [])
    for line in report.lines:
        typer.echo(line)
    typer.echo(report.summary)
    if not report.ok:
        raise typer.Exit(1)
