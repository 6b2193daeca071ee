"""`roleplay trace SESSION_ID [--json]`: each turn of a stored call with the rules that fired.

Every rep turn shows its labels, the prospect's state change (trust, patience, mood, facts
shared, objections) and each engine rule that fired, why, and what it did to trust and
patience; every prospect turn shows what the voice had to repair, if anything.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from roleplay.cli import app
from roleplay.cli.stored import Context, run, session


@app.command()
def trace(
    session_id: Annotated[str, typer.Argument(help="a stored session's id (s_...)")],
    as_json: Annotated[bool, typer.Option("--json", help="the trace as JSON")] = False,
) -> None:
    """Show why the prospect reacted as it did, turn by turn."""
    from roleplay import replay
    from roleplay.storage import versions

    async def load(ctx: Context) -> dict[str, Any]:
        row, state = await session(ctx, session_id)
        pinned = await versions.pin_of(ctx.store, row.id)
        return {
            "session": row.id, "persona": row.persona, "rubric": row.rubric,
            "persona_hash": pinned.persona_hash if pinned else None,
            "branched_from": pinned.branched_from if pinned else None,
            "branched_at": pinned.branched_at if pinned else None,
            "turns": replay.trace(state),
        }

    found = run(load)
    if as_json:
        typer.echo(json.dumps(found, indent=2))
        return
    show(Console(highlight=False), found)


def show(console: Console, found: dict[str, Any]) -> None:
    version = f" (version {found['persona_hash']})" if found["persona_hash"] else ""
    console.print(f"[bold]{found['session']}[/bold]: {found['persona']}{version}, "
                  f"rubric {found['rubric']}")
    if found["branched_from"]:
        console.print(f"branched from {found['branched_from']} at turn {found['branched_at']}")
    for turn in found["turns"]:
        show_turn(console, turn)


def show_turn(console: Console, turn: dict[str, Any]) -> None:
    from roleplay.cli.call_view import REP_FLAGS, describe_change

    who = "REP" if turn["speaker"] == "rep" else "PROSPECT"
    console.print(f"\n[bold]{turn['index']:>3} {who}[/bold]  {escape(turn['text'])}")
    if turn["speaker"] == "rep":
        labels = [name for name in REP_FLAGS if turn["labels"].get(name)]
        topics = turn["labels"].get("topics") or []
        console.print(f"      labels: {', '.join(labels) or '-'}"
                      + (f"; topics: {', '.join(topics)}" if topics else ""))
    elif turn["labels"].get("objection"):
        console.print(f"      objection ({turn['labels'].get('kind') or 'unnamed'})")
    if turn["state_change"]:
        console.print(f"      state: {escape(describe_change(turn['state_change']))}")
    for rule in turn["rules"]:
        moves = [f"{rule['trust_delta']:+.2f} trust" if rule["trust_delta"] else "",
                 f"{rule['patience_delta']:+g} patience" if rule["patience_delta"] else ""]
        tail = f" ({', '.join(m for m in moves if m)})" if any(moves) else ""
        console.print(f"      - {rule['rule']}: {escape(rule['why'])}{tail}")
