"""A scorecard as rich tables for people at a terminal (`roleplay grade` without `--json`)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from roleplay.grading.scorecard import (
    CriterionResult,
    ProspectTurn,
    RepTurn,
    Scorecard,
    score_text,
)
from roleplay.transcript import Transcript

_LEVEL_STYLE = {"good": "green", "fair": "yellow", "poor": "red", "n/a": "dim"}
_REP_LABELS = ("asks", "tells", "probing", "premature", "argues", "contradicts", "pressures")


def show(
    card: Scorecard, transcript: Transcript, *, title: str, console: Console | None = None
) -> None:
    console = console or Console()
    score = score_text(card)
    console.print(
        f"[bold]{title}[/bold]  rubric [cyan]{card.rubric}[/cyan]  score [bold]{score}[/bold]"
    )
    console.print(_criteria(card.criteria))
    console.print(_turns(card, transcript))
    console.print(_coach(card))
    if card.better_lines:
        console.print(_better_lines(card))


def _criteria(criteria: list[CriterionResult]) -> Table:
    table = Table(title="Criteria", title_justify="left", expand=False)
    for column in ("criterion", "score", "level", "evidence"):
        table.add_column(column)
    for item in criteria:
        style = _LEVEL_STYLE[item.level]
        evidence = "\n".join(
            f'{"+" if e.positive else "-"} turn {e.turn}: {e.why}: "{e.quote}"'
            for e in item.evidence
        )
        score = "-" if item.score is None else str(item.score)
        table.add_row(
            item.name, score, f"[{style}]{item.level}[/{style}]", evidence or item.description
        )
    return table


def _turns(card: Scorecard, transcript: Transcript) -> Table:
    table = Table(title="Turns", title_justify="left")
    for column in ("#", "who", "labels", "text"):
        table.add_column(column)
    for labels, turn in zip(card.turns, transcript.turns, strict=True):
        table.add_row(str(labels.index), labels.speaker, _label_text(labels), turn.text)
    return table


def _label_text(labels: RepTurn | ProspectTurn) -> str:
    if isinstance(labels, ProspectTurn):
        return f"objection ({labels.kind})" if labels.objection else ""
    names = [name for name in _REP_LABELS if getattr(labels, name)]
    if labels.off_track:
        names.append(f"off track ({labels.off_track.replace('_', ' ')})")
    if labels.judge is not None and labels.judge.disagrees_on:
        names.append(f"[magenta]judge differs: {', '.join(labels.judge.disagrees_on)}[/magenta]")
    if labels.judge is not None and labels.judge.instructs_grader:
        names.append("[red]tries to instruct the grader[/red]")
    return ", ".join(names)


def _coach(card: Scorecard) -> str:
    ratio = "n/a" if card.talk_ratio is None else f"{card.talk_ratio:.0%}"
    longest = card.longest_monologue
    monologue = f"{longest.words} words (turn {longest.turn})" if longest else "n/a"
    return (
        f"talk ratio (rep share of words): {ratio}   questions asked: {card.questions_asked}   "
        f"longest monologue: {monologue}"
    )


def _better_lines(card: Scorecard) -> Table:
    table = Table(title="Better lines", title_justify="left")
    for column in ("#", "problem", "said", "could have said"):
        table.add_column(column)
    for line in card.better_lines:
        table.add_row(str(line.turn), line.problem, line.said, line.better)
    return table
