"""The scorecard: the contract of `roleplay grade --json`, `POST /v1/grade` and the session grade.

Contract fields (see /work/shared/design.md section 1): `rubric`, `score`, `criteria[{id, score,
level, evidence[{turn, quote, why}]}]`, `turns[...]` (one per input turn, in order). Everything
else is an addition for coaches: talk ratio, questions asked, the longest monologue, better lines
for the worst turns, and the optional judge's per-turn opinion.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from roleplay.grading.rubrics import Level


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(_Model):
    turn: int
    quote: str  # a verbatim piece of the turn's text
    why: str
    positive: bool  # a strength (True) or a problem (False)


class CheckResult(_Model):
    metric: str
    value: float | None  # None: the metric does not apply to this call
    passed: bool | None
    description: str


class CriterionResult(_Model):
    id: str
    name: str
    score: int | None  # 0-100; None when the criterion does not apply
    level: Level
    description: str  # the level's text from the rubric
    evidence: list[Evidence]
    checks: list[CheckResult]


class JudgeOpinion(_Model):
    """The LLM judge's view of one rep turn, and where it disagrees with the deterministic ones."""

    asks: bool | None = None  # None: the judge did not label this turn
    tells: bool | None = None
    probing: bool | None = None
    premature: bool | None = None
    argues: bool | None = None
    reason: str
    disagrees_on: list[str]
    instructs_grader: bool  # the rep's text tried to instruct the grader: labelled, not obeyed


class RepTurn(_Model):
    index: int
    speaker: Literal["rep"] = "rep"
    asks: bool
    tells: bool
    probing: bool
    premature: bool
    argues: bool
    earns_right: bool
    explores_objection: bool
    questions: int
    words: int
    manipulates: bool = False  # talks to the model or the grader instead of the prospect
    off_track: str | None = None  # does nothing for the client: silence, nonsense, ... (kind)
    contradicts: bool = False  # disputes or corrects what the prospect said or does
    pressures: bool = False  # pushes for a decision: false urgency, a demand, the bandwagon
    builds_on: bool = False  # acknowledges, reflects or picks up what the prospect just said
    judge: JudgeOpinion | None = None


class ProspectTurn(_Model):
    index: int
    speaker: Literal["prospect"] = "prospect"
    objection: bool
    kind: str | None
    words: int


TurnLabels = Annotated[RepTurn | ProspectTurn, Field(discriminator="speaker")]


class Monologue(_Model):
    turn: int
    words: int


class BetterLine(_Model):
    """A worst turn and a line the rep could have said instead."""

    turn: int
    problem: str
    said: str
    better: str


class JudgeSummary(_Model):
    model: str
    turns_judged: int
    disagreements: int
    instructions_ignored: int  # rep turns that tried to instruct the grader
    error: str | None = None  # the judge failed; deterministic labels stand alone


class Scorecard(_Model):
    rubric: str
    score: int | None  # weighted mean of the criteria that apply; None when none applies
    capped_by: str | None = None  # a critical criterion at poor that capped the score,
    # "hung_up": the prospect ended the call, or "short_of_good": several criteria below good
    criteria: list[CriterionResult]
    turns: list[TurnLabels]
    talk_ratio: float | None
    questions_asked: int
    longest_monologue: Monologue | None
    better_lines: list[BetterLine]
    transcript_id: str | None = None
    judge: JudgeSummary | None = None


def score_text(card: Scorecard) -> str:
    """The total as a rep reads it: "72/100", "n/a", "49/100 (capped: <criterion> is poor)",
    "30/100 (capped: the prospect hung up)" or "59/100 (capped: short of good on several
    criteria)"."""
    if card.score is None:
        return "n/a"
    if card.capped_by is None:
        return f"{card.score}/100"
    if card.capped_by == "hung_up":
        return f"{card.score}/100 (capped: the prospect hung up)"
    if card.capped_by == "short_of_good":
        return f"{card.score}/100 (capped: short of good on several criteria)"
    name = next((c.name for c in card.criteria if c.id == card.capped_by), card.capped_by)
    return f"{card.score}/100 (capped: {name} is poor)"
