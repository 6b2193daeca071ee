"""Turn and Transcript: plain data shared by sessions, grading and the API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Speaker = Literal["rep", "prospect"]


class Turn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    speaker: Speaker
    text: str


class Transcript(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str | None = None
    turns: list[Turn] = Field(default_factory=list)

    def rep_turns(self) -> list[tuple[int, Turn]]:
        return [(i, t) for i, t in enumerate(self.turns) if t.speaker == "rep"]
