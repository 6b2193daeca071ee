"""`roleplay branch SESSION_ID --turn K --text "..."`: rep turn K said differently.

The prospect replays from the state saved at turn K (the engine replays the earlier turns,
with the persona and rubric versions the call ran with) and answers the new line. The result
is stored as a new session; the command prints the turn before and after, and both scorecards
up to that turn.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Console

from roleplay.cli import app
from roleplay.cli.stored import Context, run, session


@app.command()
def branch(
    session_id: Annotated[str, typer.Argument(help="a stored session's id (s_...)")],
    turn: Annotated[int, typer.Option(help="index of the rep turn to rewrite", min=1)],
    text: Annotated[str, typer.Option(help="what the rep says instead")],
    as_json: Annotated[bool, typer.Option("--json", help="the comparison as JSON")] = False,
) -> None:
    """Replay a stored call from rep turn K with a new line, as a new session."""
    from roleplay import replay
    from roleplay.grading import grade
    from roleplay.llm import ModelConfig
    from roleplay.pins import create_pinned, session_persona, session_rubric
    from roleplay.storage import versions
    from roleplay.storage.rows import SessionRow

    async def act(ctx: Context) -> dict[str, Any]:
        row, state = await session(ctx, session_id)
        persona = await session_persona(ctx.store, ctx.catalog, row)
        rubric = await session_rubric(ctx.store, ctx.catalog, row)
        made = await replay.branch(persona, state, turn, text, ModelConfig.from_settings(
            ctx.settings))
        new = SessionRow(owner=None, persona=row.persona, rubric=row.rubric, seed=row.seed,
                         state=made.session.model_dump(mode="json"), ended=made.session.ended)
        pinned = await versions.pin_of(ctx.store, row.id)
        await create_pinned(ctx.store, ctx.catalog, new, persona, rubric,
                            branched_from=row.id, branched_at=turn,
                            hashes=(pinned.persona_hash, pinned.rubric_hash) if pinned else None)
        original = state.model_copy(update={"turns": state.turns[:turn + 2]})
        before, after = grade(original.transcript(), rubric), grade(made.session.transcript(),
                                                                     rubric)
        return {
            "session": new.id, "branched_from": row.id, "turn": turn,
            "before": [replay.trace_turn(t) for t in state.turns[turn:turn + 2]],
            "after": [replay.trace_turn(t) for t in (made.outcome.rep, made.outcome.prospect)],
            "score_before": before.score, "score_after": after.score,
            "criteria": {c.id: [next((b.score for b in before.criteria if b.id == c.id), None),
                                c.score] for c in after.criteria},
            "drift": made.base.drift,
        }

    found = run(act)
    if as_json:
        typer.echo(json.dumps(found, indent=2))
        return
    show(Console(highlight=False), found)


def show(console: Console, found: dict[str, Any]) -> None:
    from roleplay.cli.trace import show_turn

    console.print(f"[bold]Before[/bold] ({found['branched_from']}):")
    for turn in found["before"]:
        show_turn(console, turn)
    console.print(f"\n[bold]After[/bold] ({found['session']}):")
    for turn in found["after"]:
        show_turn(console, turn)
    console.print(f"\n[bold]Scorecard up to turn {found['turn']}[/bold]: "
                  f"{_score(found['score_before'])} -> {_score(found['score_after'])}")
    for criterion, (old, new) in found["criteria"].items():
        console.print(f"  {criterion:<24} {_score(old):>4} -> {_score(new)}")
    if found["drift"]:
        console.print(f"note: replaying turns {found['drift']} gave other state changes than "
                      "recorded (the engine or turn analysis changed since the call)")
    console.print(f"\nnew session {found['session']}: `roleplay trace {found['session']}`")


def _score(value: int | None) -> str:
    return "n/a" if value is None else str(value)
