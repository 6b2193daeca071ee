"""`roleplay replay SESSION_ID [--json]`: a stored call's rep lines again, against the persona
file as it is now (after your edit), compared turn by turn with the call as it happened."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from roleplay.cli import app
from roleplay.cli.stored import Context, run, session


@app.command()
def replay(
    session_id: Annotated[str, typer.Argument(help="a stored session's id (s_...)")],
    as_json: Annotated[bool, typer.Option("--json", help="the comparison as JSON")] = False,
) -> None:
    """Replay a stored call against the current persona file, to compare before and after."""
    from roleplay import replay as replaying
    from roleplay.cli.demo import pick_persona
    from roleplay.grading import grade
    from roleplay.llm import ModelConfig
    from roleplay.pins import session_persona, session_rubric

    async def act(ctx: Context) -> dict[str, Any]:
        row, state = await session(ctx, session_id)
        then = await session_persona(ctx.store, ctx.catalog, row)
        now = pick_persona(ctx.catalog.personas.items, row.persona)
        rubric = await session_rubric(ctx.store, ctx.catalog, row)
        again = await replaying.replay(now, state, ModelConfig.from_settings(ctx.settings))
        new = {t.index: t for t in again.session.turns}
        turns = [
            {"index": t.index, "text": t.text,
             "before": [replaying.trace_turn(x) for x in state.turns[t.index:t.index + 2]],
             "after": [replaying.trace_turn(new[i]) for i in (t.index, t.index + 1) if i in new]}
            for t in state.turns if t.speaker == "rep"
        ]
        return {"session": row.id, "same_persona": then == now, "turns": turns,
                "unplayed": again.unplayed,
                "score_before": grade(state.transcript(), rubric).score,
                "score_after": grade(again.session.transcript(), rubric).score}

    found = run(act)
    if as_json:
        typer.echo(json.dumps(found, indent=2))
        return
    show(Console(highlight=False), found)


def show(console: Console, found: dict[str, Any]) -> None:
    from roleplay.cli.call_view import describe_change

    if found["same_persona"]:
        console.print("(the persona file has not changed since this call)")
    for turn in found["turns"]:
        console.print(f"\n[bold]{turn['index']:>3} REP[/bold]  {escape(turn['text'])}")
        for label, side in (("before", turn["before"]), ("after", turn["after"])):
            if not side:
                console.print(f"      {label}: (the call had ended)")
                continue
            rep, *reply = side
            change = describe_change(rep["state_change"]) if rep["state_change"] else "-"
            rules = ", ".join(r["rule"] for r in rep["rules"]) or "-"
            said = escape(reply[0]["text"]) if reply else ""
            console.print(f"      {label}: {escape(change)}\n        rules: {rules}\n"
                          f"        prospect: {said}")
    if found["unplayed"]:
        console.print(f"\n{found['unplayed']} rep lines not played: the replayed call ended first")
    console.print(f"\n[bold]Score[/bold]: {found['score_before']} -> {found['score_after']}")
