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


@personas_app.command("import")
def import_card(
    card: Annotated[Path, typer.Argument(help="a Character Card: .json, or .png with the card")],
    persona_id: Annotated[
        str | None, typer.Option("--id", help="the new persona's id (default: from the name)")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="file to write (default: "
                                  "PERSONAS_DIR/ID.yaml)")
    ] = None,
    force: Annotated[bool, typer.Option(help="overwrite an existing file")] = False,
    personas_dir: Annotated[Path | None, typer.Option(help="persona folder")] = None,
) -> None:
    """Turn a Character Card (V1/V2/V3) into a persona file to edit, then check it."""
    from roleplay.cards import persona_yaml, read_card, to_persona
    from roleplay.errors import InputError
    from roleplay.files import shown_path
    from roleplay.lint import review

    settings = Settings()
    folder = personas_dir or settings.personas_dir
    imported = to_persona(read_card(card), persona_id)
    target = output or folder / f"{imported.persona_id}.yaml"
    if target.exists() and not force:
        raise InputError(f"{shown_path(target)} exists; pass --force to overwrite it, or --id "
                         "to choose another id")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(persona_yaml(imported, card.name), encoding="utf-8")
    typer.echo(f"wrote {shown_path(target)}")
    for item in imported.dropped:
        typer.echo(f"  left out: {item}")
    found = review(folder, settings.rubrics_dir, [target])
    for line in found.lines():
        typer.echo(line, err=True)
    if found.problems:
        raise typer.Exit(1)
    typer.echo("fill in the TODOs (the warnings above), then run `roleplay check`")
