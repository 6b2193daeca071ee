"""Grading a batch over worker processes gives the same scorecards, in input order."""

from __future__ import annotations

from pathlib import Path

import pytest

from roleplay.errors import TranscriptError
from roleplay.grading import batch, grade
from roleplay.grading.rubrics import load_rubrics
from roleplay.transcript import Transcript, Turn

RUBRIC = load_rubrics(Path(__file__).resolve().parent.parent / "rubrics")["default"]


def calls() -> list[Transcript]:
    lines = [
        "Hi, the reason I'm calling is Dana suggested it. Do you have a minute?",
        "we are the number one platform and we save you thirty percent",
        "How do you handle scheduling today?",
    ]
    found = [Transcript(id=str(i), turns=[Turn(speaker="prospect", text="Hello?"),
                                         Turn(speaker="rep", text=lines[i % len(lines)])])
             for i in range(12)]
    found.insert(5, Transcript(id="empty", turns=[Turn(speaker="prospect", text="Hello?")]))
    return found


def test_worker_processes_give_the_scorecards_one_process_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(batch, "PARALLEL_FROM_TURNS", 1)
    transcripts = calls()
    together = batch.grade_all(transcripts, RUBRIC, jobs=2)
    assert [getattr(c, "transcript_id", None) for c in together] == \
        [None if t.id == "empty" else t.id for t in transcripts]
    for transcript, outcome in zip(transcripts, together, strict=True):
        if transcript.id == "empty":
            assert isinstance(outcome, TranscriptError)
        else:
            assert outcome == grade(transcript, RUBRIC)
