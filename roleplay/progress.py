"""A rep's progress: scores per criterion across their calls, and a recency-weighted proficiency.

    await graded_sessions(store, catalog, owner)   every real call of a rep (branches and calls
                                                   with no rep turn left out), each graded
                                                   with the rubric version it ran with
    progress(rep, graded, half_life)               per criterion: every score, the latest, the
                                                   best, the plain mean and the proficiency
    export_rows(graded) / export_csv(graded)       the calls with their scorecards, flat

Proficiency is a weighted mean of a criterion's scores where the newest call weighs 1 and each
older call half as much every `half_life` calls: recent calls count most, one bad day does not
erase a record. `trend` is the proficiency minus the plain mean (positive: improving lately).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from roleplay.conversation import SessionState
from roleplay.errors import InputError
from roleplay.files import unknown
from roleplay.grading import grade
from roleplay.grading.rubrics import Level, LevelThresholds
from roleplay.grading.scorecard import Scorecard

if TYPE_CHECKING:
    from roleplay.catalog import Catalog
    from roleplay.storage.rows import SessionRow
    from roleplay.storage.store import Store

HALF_LIFE = 5.0
"""Calls after which an older call's score weighs half as much."""
PAGE = 100


@dataclass(frozen=True)
class Graded:
    """One stored call and its scorecard."""

    row: SessionRow
    state: SessionState
    card: Scorecard
    persona_hash: str | None
    rubric_hash: str | None
    thresholds: LevelThresholds

    @property
    def rep_turns(self) -> int:
        return sum(t.speaker == "rep" for t in self.state.turns)


async def graded_sessions(
    store: Store, catalog: Catalog, owner: str | None, *, persona: str | None = None,
    rubric: str | None = None,
) -> list[Graded]:
    """The rep's calls, oldest first, each graded with the rubric version it ran with."""
    from roleplay.pins import session_rubric
    from roleplay.storage import versions

    found: list[Graded] = []
    cursor: str | None = None
    while True:
        rows, cursor = await store.list_sessions(owner=owner, limit=PAGE, cursor=cursor)
        for summary in rows:
            if (persona and summary.persona != persona) or (rubric and summary.rubric != rubric):
                continue
            pinned = await versions.pin_of(store, summary.id)
            if pinned is not None and pinned.branched_from is not None:
                continue  # a branch is an experiment, not a call
            row = await store.get_session(summary.id)
            if row is None:
                continue
            state = SessionState.model_validate(row.state)
            if not any(t.speaker == "rep" for t in state.turns):
                continue
            chosen = await session_rubric(store, catalog, row)
            card = grade(state.transcript().model_copy(update={"id": row.id}), chosen)
            found.append(Graded(row, state, card, pinned.persona_hash if pinned else None,
                                pinned.rubric_hash if pinned else None, chosen.thresholds))
        if cursor is None:
            break
    found.sort(key=lambda g: (g.row.created_at, g.row.id))
    return found


class Point(BaseModel):
    session: str
    at: datetime
    persona: str
    score: int


class CriterionProgress(BaseModel):
    id: str
    name: str
    sessions: int = Field(description="calls where the criterion applied")
    scores: list[Point] = Field(description="oldest first")
    latest: int
    best: int
    mean: float
    proficiency: float = Field(description="recency-weighted mean (newest call weighs most)")
    trend: float = Field(description="proficiency minus mean: above 0, improving lately")
    level: Level = Field(description="the proficiency's level, by the latest rubric's thresholds")


class Progress(BaseModel):
    rep: str | None
    sessions: int
    half_life: float
    overall: CriterionProgress | None = Field(description="the rubric's total score, tracked "
                                              "like a criterion (id `score`)")
    criteria: list[CriterionProgress]


def progress(rep: str | None, graded: Sequence[Graded], half_life: float = HALF_LIFE) -> Progress:
    """Per criterion (by id, across rubrics), oldest call first."""
    by_id: dict[str, list[tuple[Graded, int]]] = {}
    names: dict[str, str] = {}
    overall: list[tuple[Graded, int]] = []
    for item in graded:
        if item.card.score is not None:
            overall.append((item, item.card.score))
        for criterion in item.card.criteria:
            if criterion.score is not None:
                by_id.setdefault(criterion.id, []).append((item, criterion.score))
                names[criterion.id] = criterion.name
    return Progress(
        rep=rep, sessions=len(graded), half_life=half_life,
        overall=_track("score", "Overall score", overall, half_life) if overall else None,
        criteria=[_track(cid, names[cid], points, half_life) for cid, points in by_id.items()],
    )


def only(found: Progress, criterion: str | None) -> Progress:
    """`found` with one criterion (InputError with a did-you-mean for an unknown id)."""
    if criterion is None:
        return found
    kept = [c for c in found.criteria if c.id == criterion]
    if not kept and found.sessions:
        raise InputError(unknown("criterion", criterion, [c.id for c in found.criteria]))
    return found.model_copy(update={"criteria": kept})


def weighted(scores: Sequence[float], half_life: float = HALF_LIFE) -> float:
    """The recency-weighted mean of `scores` (oldest first)."""
    newest = len(scores) - 1
    weights = [float(0.5 ** ((newest - i) / half_life)) for i in range(len(scores))]
    total = sum(w * s for w, s in zip(weights, scores, strict=True))
    return float(total / sum(weights))


def _track(
    cid: str, name: str, points: list[tuple[Graded, int]], half_life: float
) -> CriterionProgress:
    scores = [score for _, score in points]
    proficiency = round(weighted(scores, half_life), 1)
    mean = round(sum(scores) / len(scores), 1)
    thresholds = points[-1][0].thresholds
    return CriterionProgress(
        id=cid, name=name, sessions=len(points),
        scores=[Point(session=g.row.id, at=g.row.created_at, persona=g.row.persona, score=s)
                for g, s in points],
        latest=scores[-1], best=max(scores), mean=mean, proficiency=proficiency,
        trend=round(proficiency - mean, 1), level=thresholds.level(round(proficiency)),
    )


# --- export ------------------------------------------------------------------------------------

FIELDS = ("session", "rep", "persona", "persona_hash", "rubric", "rubric_hash", "created_at",
          "ended", "end_reason", "rep_turns", "score", "talk_ratio", "questions_asked")


def export_rows(graded: Sequence[Graded]) -> list[dict[str, Any]]:
    """One JSON object per call: its facts and its whole scorecard."""
    return [{**_facts(item), "scorecard": item.card.model_dump(mode="json")} for item in graded]


def export_csv(graded: Sequence[Graded]) -> str:
    """One row per call: its facts, the total, and a score and level column per criterion."""
    criteria: list[str] = []
    for item in graded:
        criteria += [c.id for c in item.card.criteria if c.id not in criteria]
    columns = [*FIELDS, *(f"{cid}{suffix}" for cid in criteria for suffix in ("", "_level"))]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for item in graded:
        row = {key: value for key, value in _facts(item).items() if key in FIELDS}
        for criterion in item.card.criteria:
            row[criterion.id] = "" if criterion.score is None else criterion.score
            row[f"{criterion.id}_level"] = criterion.level
        writer.writerow({key: "" if value is None else value for key, value in row.items()})
    return out.getvalue()


def _facts(item: Graded) -> dict[str, Any]:
    row, card = item.row, item.card
    return {
        "session": row.id, "rep": row.owner, "persona": row.persona,
        "persona_hash": item.persona_hash, "rubric": row.rubric, "rubric_hash": item.rubric_hash,
        "created_at": row.created_at.isoformat(), "ended": row.ended or item.state.ended,
        "end_reason": item.state.prospect.end_reason, "rep_turns": item.rep_turns,
        "score": card.score, "talk_ratio": card.talk_ratio,
        "questions_asked": card.questions_asked,
    }
