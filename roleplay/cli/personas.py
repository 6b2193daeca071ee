"""`roleplay personas [--json]` lists the personas; `roleplay personas import CARD` turns a
Character Card (V1/V2/V3, JSON or PNG) into a persona file to edit, then checks it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from roleplay.cli import app
from roleplay.config import Settings

personas_app = typer.Typer(
    help="List the personas, or import a character card as a new persona file.",
    invoke_without_command=True,
)
app.add_typer(personas_app, name="personas")


@personas_app.callback()
def personas(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="one JSON array, for machines")] = False,
    personas_dir: Annotated[Path | None, typer.Option(help="persona folder")] = None,
) -> None:
    """List the personas: id, name, difficulty, summary."""
    if ctx.invoked_subcommand is not None:
        return
    from roleplay.personas import load_personas

    found = load_personas(personas_dir or Settings().personas_dir)
    rows = [
        {"id": p.id, "name": p.name, "title": p.title, "company": p.company,
         "difficulty": p.difficulty, "summary": p.summary}
        for p in sorted(found.values(), key=lambda p: p.id)
    ]
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    table = Table(box=None, pad_edge=False)
    for column in ("id", "name", "difficulty", "summary"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(row["id"], escape(row["name"]), row["difficulty"], escape(row["summary"]))
    Console(highlight=False).print(table)
