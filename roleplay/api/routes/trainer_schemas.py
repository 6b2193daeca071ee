"""Response bodies of the trainer tooling: file problems, traces, branches, progress."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from roleplay.api.text import visible
from roleplay.grading.scorecard import Scorecard


class FileReport(BaseModel):
    """The state of one persona or rubric file on the server (hot-reloaded)."""

    model_config = ConfigDict(json_schema_extra={"example": {
        "id": "florist", "kind": "persona", "live": True, "hash": "3f9a0c1d2e4b5a69",
        "problems": ["personas/florist.yaml:77: objections.0.triggers.0: 'cold_opn' is not "
                     "allowed; did you mean 'cold_open'? (one of: ...)"],
        "warnings": [],
    }})

    id: str
    kind: Literal["persona", "rubric"]
    live: bool = Field(description="a version of the file is being served")
    hash: str | None = Field(description="content hash of the live version")
    problems: list[str] = Field(
        description="why the last edit was not loaded (`file:line: field: message`); empty "
        "when the file on disk is the live version")
    warnings: list[str] = Field(description="`roleplay check` warnings of the live version")


class TraceRule(BaseModel):
    rule: str
    why: str
    trust_delta: float = 0.0
    patience_delta: float = 0.0


class TraceTurn(BaseModel):
    index: int
    speaker: Literal["rep", "prospect"]
    text: str
    labels: dict[str, Any] = Field(default_factory=dict)
    state_change: dict[str, Any] | None = None
    rules: list[TraceRule] = Field(description="every engine (rep turn) or voice (prospect "
                                   "turn) rule that fired, with why")


class SessionTrace(BaseModel):
    session: str
    persona: str
    rubric: str
    persona_hash: str | None = Field(description="the persona version the session ran with")
    rubric_hash: str | None = None
    branched_from: str | None = None
    branched_at: int | None = None
    turns: list[TraceTurn]


class BranchCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"example": {
        "turn": 3, "text": "Before I say anything about us: how do you close the books today?"}})

    turn: int = Field(ge=1, le=10_000, description="index of a rep turn of the session")
    text: str = Field(min_length=1, description="what the rep says instead (cleaned like a "
                      "turn's text: control, zero-width and escape characters removed)")

    @field_validator("text")
    @classmethod
    def _visible(cls, value: str) -> str:
        return visible(value)


class TurnSide(BaseModel):
    rep: TraceTurn
    prospect: TraceTurn


class BranchResult(BaseModel):
    """The new session, and how turn `turn` and the scorecard changed."""

    session: str = Field(description="the new session's id (continue it with /turns)")
    branched_from: str
    turn: int
    before: TurnSide = Field(description="turn `turn` and the reply, as in the original")
    after: TurnSide = Field(description="the rewritten turn and the prospect's new reply")
    scorecard_before: Scorecard = Field(
        description="the original, up to and including the reply to turn `turn`")
    scorecard_after: Scorecard = Field(description="the branch, graded the same way")
    score_change: int | None = Field(description="after minus before (null if either is n/a)")
    criteria_change: dict[str, int | None] = Field(description="after minus before, by criterion")
    drift: list[int] = Field(
        default_factory=list, description="earlier rep turns whose replayed state change differs "
        "from the recorded one (the engine or the turn analysis changed since the call)")


class ReplayTurn(BaseModel):
    index: int
    text: str = Field(description="what the rep said (the same in both)")
    before: TurnSide | None = Field(description="as recorded")
    after: TurnSide | None = Field(description="replayed; null once the replayed call ended")


class ReplayResult(BaseModel):
    """The same rep lines against the persona as it is now, turn by turn."""

    session: str
    persona_hash_before: str | None
    persona_hash_after: str
    same_persona: bool = Field(description="the persona file has not changed since the call")
    turns: list[ReplayTurn]
    unplayed: int = Field(description="rep lines not played: the replayed call ended first")
    score_before: int | None
    score_after: int | None
    score_change: int | None
    criteria_change: dict[str, int | None]
