"""Request (`XCreate`) and response (`XPublic`) bodies, with OpenAPI examples.

Engine models (`Persona`, `Rubric`, `Scorecard`, `Transcript`) are reused as they are; this module
adds the API's own shapes: the public persona view, sessions, turns and their live feedback.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from roleplay.api import text
from roleplay.storage.rows import SEED_MAX
from roleplay.transcript import Transcript


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PersonaPublic(_Body):
    """What a rep may see before the call: no hidden facts, unlock rules, objections or dials."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "id": "skeptical_cfo", "name": "Morgan Hale", "title": "CFO",
                "company": "Brightline Logistics", "industry": "logistics", "difficulty": "hard",
                "summary": "A numbers-first CFO who has been burned by vendors before.",
                "situation": "You were referred by their controller; they agreed to a short call.",
            }
        },
    )

    id: str
    name: str
    title: str
    company: str
    industry: str
    difficulty: Literal["easy", "medium", "hard"]
    summary: str
    situation: str


class GradeRequest(_Body):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "transcript": {"turns": [
                    {"speaker": "rep", "text": "Hi, it's Sam from Acme. Is this a bad time?"},
                    {"speaker": "prospect", "text": "I have a minute. What's this about?"},
                    {"speaker": "rep", "text": "How do you handle month-end reporting today?"},
                ]},
                "rubric": "default",
            }
        },
    )

    transcript: Transcript
    rubric: str | None = Field(None, description="rubric id; default: `default`")

    @field_validator("transcript")
    @classmethod
    def _clean_turns(cls, transcript: Transcript) -> Transcript:
        """Control, zero-width and escape characters out of every turn (`api.text.clean`)."""
        for turn in transcript.turns:
            turn.text = text.clean(turn.text)
        return transcript


class SessionCreate(_Body):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"example": {"persona": "skeptical_cfo", "rubric": "default", "seed": 7}},
    )

    persona: str = Field(description="persona id (see GET /v1/personas)")
    rubric: str | None = Field(None, description="rubric id used by /grade; default: `default`")
    seed: int | None = Field(
        None, ge=0, le=SEED_MAX, description="makes the offline voice reproducible"
    )
    hide_feedback: bool = Field(
        False, description="true: turn responses carry no labels or state change (exam mode)"
    )


class TurnCreate(_Body):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"example": {"text": "Before I say anything about us, how do you "
                                               "close the books each month today?"}},
    )

    text: str = Field(
        min_length=1, description="what the rep says (typed or voice-to-text); control, "
        "zero-width and terminal escape characters are removed, and a turn with nothing "
        "visible left is a 422",
    )

    @field_validator("text")
    @classmethod
    def _visible(cls, value: str) -> str:
        return text.visible(value)


class StateChange(BaseModel):
    """How the prospect moved on this rep turn (absent when the session hides live feedback)."""

    trust: list[float] = Field(description="[before, after], 0..1")
    patience: list[float] = Field(description="[before, after]; the call ends at 0")
    mood: str | None = Field(None, description="guarded, neutral, warming, open, annoyed, ending")
    facts_shared: int = Field(0, description="how many hidden facts the prospect shares now")
    raised: str | None = Field(None, description="id of an objection raised now")
    softened: str | None = Field(None, description="id of an objection the rep explored well")
    hardened: str | None = Field(None, description="id of an objection the rep argued with")
    granted_right: bool = Field(False, description="softening an objection to the opening "
                                "answered who is calling and why: the prospect takes questions")
    ended: bool = False
    end_reason: str | None = None
    unlocked: list[str] | None = Field(None, description="trainers only: ids of facts shared now")
    trace: list[dict[str, Any]] | None = Field(
        None, description="trainers only: every engine rule that fired, with why"
    )


class TurnPublic(BaseModel):
    """One turn of a session. `labels` is absent when the session hides live feedback."""

    index: int
    speaker: Literal["rep", "prospect"]
    text: str
    labels: dict[str, Any] | None = Field(
        None,
        description="rep: asks, tells, probing, premature, argues, earns_right, ...; "
        "prospect: objection, kind",
    )
    state_change: StateChange | None = Field(
        None, description="rep turns: how the prospect moved (absent when feedback is hidden)"
    )


class TurnResult(BaseModel):
    """The answer to a rep turn: the rep turn (labels, state change) and the prospect's reply."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "session": "s_4f9c2a", "rep": {"index": 1, "speaker": "rep",
                "text": "How do you close the books today?", "labels": {"asks": True},
                "state_change": {"trust": [0.3, 0.42], "patience": [4, 4], "mood": "warming",
                                 "facts_shared": 1}},
                "prospect": {"index": 2, "speaker": "prospect", "labels": {"objection": False},
                             "text": "Mostly spreadsheets, honestly."},
                "ended": False, "end_reason": None,
            }
        }
    )

    session: str
    rep: TurnPublic
    prospect: TurnPublic
    ended: bool
    end_reason: str | None = Field(None, description="patience, next_step or ended_by_rep")


class DeltaEvent(BaseModel):
    """SSE `delta`: the next piece of the prospect's reply."""

    text: str


class DoneEvent(BaseModel):
    """SSE `done`: the last event of a streamed turn."""

    session: str
    ended: bool


SSE_EVENTS: dict[str, type[BaseModel]] = {
    "delta": DeltaEvent, "turn": TurnResult, "done": DoneEvent,
}
"""The data of each SSE event of a streamed turn (`error` carries a Problem)."""


class SessionPublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": "s_4f9c2a", "persona": "skeptical_cfo", "rubric": "default", "seed": 7,
                "hide_feedback": False, "ended": False, "end_reason": None,
                "turns": [{"index": 0, "speaker": "prospect", "text": "Morgan speaking."}],
                "created_at": "2026-01-01T09:00:00Z", "updated_at": "2026-01-01T09:00:00Z",
            }
        }
    )

    id: str
    persona: str
    rubric: str
    seed: int
    hide_feedback: bool
    owner: str | None = Field(None, description="the API key id that created it")
    turns: list[TurnPublic]
    ended: bool
    end_reason: str | None = None
    created_at: datetime
    updated_at: datetime


class SessionSummary(BaseModel):
    id: str
    persona: str
    rubric: str
    owner: str | None = None
    turn_count: int
    ended: bool
    created_at: datetime
    updated_at: datetime


class SessionPage(BaseModel):
    items: list[SessionSummary]
    next: str | None = Field(None, description="cursor for the next page; null on the last page")


class CallerPublic(BaseModel):
    """Who the server takes the caller to be: what a frontend shows and decides on."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "name": "sam", "role": "rep", "key_id": "key_3f9a", "development_mode": False,
            }
        }
    )

    name: str = Field(description="the key's name (sessions belong to it); `local` in development")
    role: Literal["rep", "trainer", "admin"]
    key_id: str | None = Field(None, description="the API key's id; null in development mode")
    development_mode: bool = Field(
        description="true: the server has no API keys (loopback only, no key needed)"
    )
