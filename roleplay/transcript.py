"""Turn and Transcript: plain data shared by sessions, grading and the API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Speaker = Literal["rep", "prospect"]


class Turn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    speaker: Speaker
    text: str
    objection: bool | None = Field(
        None, description="for a prospect turn, whether it raised or pressed an objection, when "
        "the caller knows (a roleplay session knows what its prospect did); read from the words "
        "when absent")
    grants_right: bool | None = Field(
        None, description="for a prospect turn, whether it gave the rep the right to ask "
        "questions, when the caller knows (a roleplay session knows when its prospect took "
        "questions after the rep said who they are and why they called); read from the words "
        "when absent")


class CallSetting(BaseModel):
    """What the words alone cannot say about the call (optional `context` of a transcript)."""

    model_config = ConfigDict(extra="ignore")

    inbound: bool = Field(
        False, description="the prospect asked for the call (an inbound request, a booked "
        "meeting): the right to ask discovery questions is given from the start")
    hung_up: bool = Field(
        False, description="the prospect ended the call because the rep had lost them (in a "
        "roleplay: their patience ran out): the call failed, so its total stays poor, "
        "`capped_by` \"hung_up\"")


class Transcript(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str | None = None
    turns: list[Turn] = Field(default_factory=list)
    context: CallSetting = Field(default_factory=CallSetting)

    def rep_turns(self) -> list[tuple[int, Turn]]:
        return [(i, t) for i, t in enumerate(self.turns) if t.speaker == "rep"]
