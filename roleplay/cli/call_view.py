"""A call at the terminal: turns with the prospect's state changes and reasons, then a scorecard.

Shared by `roleplay demo` and `roleplay chat`. Plain text with bold headings: readable without
colour. Spoken text is escaped, so a rep typing `[bold]` prints it as typed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from roleplay.conversation import SessionState, TurnRecord
from roleplay.errors import NotFound
from roleplay.grading import grade
from roleplay.grading.rubrics import Rubric, load_rubrics, pick_rubric
from roleplay.grading.scorecard import score_text
from roleplay.prospect import TraceEntry
from roleplay.prospect.persona import Persona

INDENT = " " * 10
REP_FLAGS = ("asks", "tells", "probing", "premature", "argues", "earns_right", "asks_permission",
             "explores_objection")
QUIET = frozenset({"busy"})
"""Rules that fire every turn: shown in the state line's numbers, not as a reason."""
ENDINGS = {
    "patience": "the prospect ran out of patience and ended the call",
    "next_step": "the prospect agreed a next step",
}


def show_start(console: Console, persona: Persona, session: SessionState) -> None:
    console.print(f"[bold]{escape(persona.name)}[/bold], {escape(persona.title)}, "
                  f"{escape(persona.company)} ({persona.difficulty})")
    console.print(escape(persona.summary))
    console.print()
    show_turn(console, session.turns[0])


def show_outcome(
    console: Console, rep: TurnRecord, prospect: TurnRecord, *, feedback: bool = True,
    echo_rep: bool = True,
) -> None:
    if echo_rep:
        show_turn(console, rep)
    if feedback:
        show_feedback(console, rep)
    show_turn(console, prospect)
    if feedback and prospect.trace:
        _row(console, "", f"voice: {escape(_reasons(prospect.trace, deltas=False))}")


def show_turn(console: Console, turn: TurnRecord) -> None:
    who = "REP" if turn.speaker == "rep" else "PROSPECT"
    _row(console, f"[bold]{who}[/bold]", escape(turn.text))


def _row(console: Console, left: str, right: str) -> None:
    """Two columns, so long lines wrap under the text and not under the speaker."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=len(INDENT) - 1, no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(left, right)
    console.print(grid)


def show_feedback(console: Console, rep: TurnRecord) -> None:
    labels = [name for name in REP_FLAGS if rep.labels.get(name)]
    lines = [f"labels: {', '.join(labels) or '-'}"]
    if rep.state_change is not None:
        lines.append(f"state: {escape(describe_change(rep.state_change))}")
    lines += [f"  - {escape(_reason(e, deltas=True))}" for e in rep.trace if e.rule not in QUIET]
    _row(console, "", "\n".join(lines))


def describe_change(change: dict[str, Any]) -> str:
    (t0, t1), (p0, p1) = change["trust"], change["patience"]
    parts = [f"trust {t0:.2f} -> {t1:.2f}", f"patience {p0:g} -> {p1:g}", f"mood {change['mood']}"]
    if change.get("unlocked"):
        parts.append(f"shares {', '.join(change['unlocked'])}")
    for key in ("raised", "softened", "hardened"):
        if change.get(key):
            again = key == "raised" and change[key] == change.get("ignored")
            parts.append(f"objection {'said again' if again else key}: {change[key]}")
    if change.get("ended"):
        parts.append("ends the call")
    return " | ".join(parts)


def show_end(
    console: Console, session: SessionState, persona: Persona, *,
    unfinished: str = "the rep ran out of script",
) -> None:
    """How the call ended, and what the rep learned and missed in the facts' own words."""
    reason = session.prospect.end_reason
    if session.ended and reason in ENDINGS:
        console.print(f"\n[bold]Call over:[/bold] {ENDINGS[reason]}.")
    elif not session.ended:
        console.print(f"\n[bold]Call over:[/bold] {unfinished}.")
    for line in summary(persona, session):
        console.print(escape(line))


def summary(persona: Persona, session: SessionState) -> list[str]:
    """What the rep learned and what they missed, in the facts' own words."""
    state = session.prospect
    learned = [f.says for f in persona.facts if f.id in state.unlocked]
    missed = [f"{KIND_HINTS.get(f.kind, f.kind)}: {f.says}" for f in persona.facts
              if f.id not in state.unlocked]
    lines = ["What you learned:", *(f"  - {s}" for s in learned or ["nothing yet"])]
    if missed:
        lines += ["What you missed (ask about it next time):", *(f"  - {m}" for m in missed)]
    step = {"agreed": "a next step was agreed", "declined": "your next step was declined",
            "offered": "they offered a next step"}.get(state.next_step or "", "no next step")
    lines.append(f"Outcome: {step}; trust {state.trust:.2f}, patience left {state.patience:g}.")
    return lines


KIND_HINTS = {
    "pain": "a problem they have", "budget": "money and what they can spend",
    "process": "how things are done today", "timeline": "when something has to happen",
    "motive": "why it matters to them now", "situation": "how things stand",
    "decision": "who decides and how",
}


def default_rubric(rubrics_dir: Path) -> Rubric:
    """The `default` rubric of a folder, as `roleplay grade` picks it (NotFound naming the
    folder if missing)."""
    try:
        return pick_rubric(load_rubrics(rubrics_dir), "default")
    except NotFound as err:
        raise NotFound(f"{rubrics_dir}: {err}") from None


def show_scorecard(console: Console, session: SessionState, rubric: Rubric) -> None:
    """The call's scorecard against `rubric`: score, criteria, the first better lines."""
    card = grade(session.transcript(), rubric)
    score = score_text(card)
    console.print(f"\n[bold]Scorecard[/bold] ({escape(card.rubric)}): {escape(score)}")
    for item in card.criteria:
        value = "-" if item.score is None else str(item.score)
        console.print(f"  {escape(item.name):<28} {item.level:<5} {value:>3}  "
                      f"{escape(item.description)}")
    for line in card.better_lines[:2]:
        console.print(f"  turn {line.turn}: instead of \"{escape(line.said)}\" try "
                      f"\"{escape(line.better)}\"")


def _reasons(trace: list[TraceEntry], *, deltas: bool) -> str:
    return "; ".join(_reason(entry, deltas=deltas) for entry in trace)


def _reason(entry: TraceEntry, *, deltas: bool) -> str:
    moves = []
    if deltas and entry.trust_delta:
        moves.append(f"{entry.trust_delta:+.2f} trust")
    if deltas and entry.patience_delta:
        moves.append(f"{entry.patience_delta:+g} patience")
    tail = f" ({', '.join(moves)})" if moves else ""
    return f"{entry.rule}: {entry.why}{tail}"
