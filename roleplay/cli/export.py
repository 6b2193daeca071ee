"""`roleplay export [--rep NAME] [--format json|csv] [--output FILE]`: stored calls with their
scorecards, one JSON object or CSV row per call (every rep's without `--rep`)."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from roleplay.cli import app
from roleplay.cli.stored import Context, run


class Format(StrEnum):
    json = "json"
    csv = "csv"


@app.command()
def export(
    rep: Annotated[str | None, typer.Option(help="only this rep's calls")] = None,
    format: Annotated[Format, typer.Option(help="json or csv")] = Format.json,
    output: Annotated[Path | None, typer.Option("--output", "-o",
                                                help="write here instead of stdout")] = None,
    persona: Annotated[str | None, typer.Option(help="only calls with this persona")] = None,
) -> None:
    """Export stored calls with their scorecards (branches and empty calls left out)."""
    from roleplay.progress import export_csv, export_rows, graded_sessions

    async def load(ctx: Context) -> str:
        graded = await graded_sessions(ctx.store, ctx.catalog, rep, persona=persona)
        if format is Format.csv:
            return export_csv(graded)
        return json.dumps(export_rows(graded), indent=2) + "\n"

    text = run(load)
    if output is None:
        typer.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {output}", err=True)
