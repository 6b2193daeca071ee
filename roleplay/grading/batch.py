"""Grading many transcripts at once, spread over processes: `grade_all(transcripts, rubric)`.

One process grades a few thousand turns a second; a batch (a JSONL file of calls) is cut into
chunks that worker processes grade in parallel, in input order. Small batches stay in-process,
where starting workers would cost more than it saves.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from roleplay.errors import TranscriptError
from roleplay.grading.grader import grade
from roleplay.grading.rubrics import Rubric
from roleplay.grading.scorecard import Scorecard
from roleplay.transcript import Transcript

PARALLEL_FROM_TURNS = 4000
"""Below this many turns in the batch, grade in this process."""

Outcome = Scorecard | TranscriptError


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def grade_all(
    transcripts: Sequence[Transcript], rubric: Rubric, jobs: int | None = None
) -> list[Outcome]:
    """Each transcript's scorecard (or the TranscriptError it raised), in input order."""
    jobs = default_jobs() if jobs is None else jobs
    turns = sum(len(t.turns) for t in transcripts)
    if jobs <= 1 or turns < PARALLEL_FROM_TURNS:
        return [_grade_one(t, rubric) for t in transcripts]
    # Imported here: 5 ms that `roleplay grade call.json` (one small batch) does without.
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, len(transcripts) // (jobs * 4))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(_grade_one, transcripts, [rubric] * len(transcripts),
                             chunksize=chunk))


def _grade_one(transcript: Transcript, rubric: Rubric) -> Outcome:
    try:
        return grade(transcript, rubric)
    except TranscriptError as error:
        return error
