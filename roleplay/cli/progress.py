"""`roleplay progress REP [--json]`: a rep's scores per criterion across their stored calls,
with the recency-weighted proficiency (roleplay/progress.py)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from roleplay.cli import app
from roleplay.cli.stored import Context, run


@app.command()
def progress(
    rep: Annotated[str, typer.Argument(help="the rep's name (what their key was created for)")],
    as_json: Annotated[bool, typer.Option("--json", help="the progress as JSON")] = False,
    persona: Annotated[str | None, typer.Option(help="only calls with this persona")] = None,
    criterion: Annotated[str | None, typer.Option(help="only this criterion id")] = None,
    half_life: Annotated[float, typer.Option(help="calls after which an older call weighs half",
                                             min=0.1)] = 5.0,
) -> None:
    """Show a rep's progress per criterion across their calls."""
    from roleplay.progress import Progress, graded_sessions, only
    from roleplay.progress import progress as track

    async def load(ctx: Context) -> Progress:
        graded = await graded_sessions(ctx.store, ctx.catalog, rep, persona=persona)
        return only(track(rep, graded, half_life), criterion)

    found = run(load)
    if as_json:
        typer.echo(found.model_dump_json(indent=2))
        return
    console = Console(highlight=False)
    if not found.sessions:
        console.print(f"{rep}: no graded calls yet")
        return
    console.print(f"[bold]{rep}[/bold]: {found.sessions} calls "
                  f"(proficiency weighs a call half as much every {half_life:g} calls)")
    table = Table(box=None, pad_edge=False)
    for column in ("criterion", "calls", "proficiency", "level", "trend", "latest", "best",
                   "scores, oldest first"):
        table.add_column(column)
    for item in [*([found.overall] if found.overall else []), *found.criteria]:
        table.add_row(item.name, str(item.sessions), f"{item.proficiency:g}", item.level,
                      f"{item.trend:+g}", str(item.latest), str(item.best),
                      " ".join(str(p.score) for p in item.scores[-12:]))
    console.print(table)
