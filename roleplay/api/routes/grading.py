"""Grading: a scorecard for a session, or for any transcript, optionally with the LLM judge.

`judge=true` (query) adds the judge's opinion of each rep turn, exactly as `roleplay grade
--judge` does (`roleplay.grading.judge`): its labels, reason and the labels it disagrees on, with a
summary in `judge`. The deterministic labels and scores stay the ones of record. Without a judge
model configured the option is a 409 (`/problems/judge-not-configured`); a provider failure is
a 503 with Retry-After (502 when the provider refused, or its verdict was not valid JSON).
Without the option nothing here imports litellm.

A transcript over `max_transcript_chars` characters (or with more turns than a session may
hold) is a 413. One over INLINE_CHARS is graded in a worker process (`CpuPool`), so the event
loop keeps serving while it runs.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from roleplay.api.auth import CurrentCaller
from roleplay.api.cpu import CpuPool
from roleplay.api.deps import (
    CatalogDep,
    RubricsDep,
    SettingsDep,
    StoreDep,
    rubric_id_or_default,
    visible_session,
)
from roleplay.api.limits import check_size
from roleplay.api.problems import problem_responses
from roleplay.api.schemas import GradeRequest
from roleplay.api.views import session_state
from roleplay.config import Settings
from roleplay.errors import Conflict
from roleplay.grading import grade
from roleplay.grading.judge import judge_config, with_judge
from roleplay.grading.rubrics import Rubric
from roleplay.grading.scorecard import Scorecard
from roleplay.pins import session_rubric
from roleplay.transcript import Transcript

router = APIRouter(
    tags=["grading"], responses=problem_responses(401, 404, 409, 413, 422, 429, 502, 503)
)

INLINE_CHARS = 2_000
"""Transcripts up to this many characters are graded on the event loop (a few ms); longer
ones in a worker process."""

JUDGE_OPTION = "judge=true"

JudgeOption = Annotated[
    bool,
    Query(
        description="also ask the LLM judge (`ROLEPLAY_JUDGE_MODEL`) for its opinion of each rep "
        "turn; 409 when the server has no judge model. Scores do not change.",
    ),
]


async def scorecard(
    request: Request, transcript: Transcript, rubric: Rubric, settings: Settings, *,
    judge: bool = False,
) -> Scorecard:
    """The deterministic scorecard, with the judge's opinion attached when asked for."""
    texts = [turn.text for turn in transcript.turns]
    check_size(texts, settings, "transcript")
    config = judge_config(settings, JUDGE_OPTION) if judge else None
    if sum(len(text) for text in texts) > INLINE_CHARS:
        pool: CpuPool = request.app.state.cpu
        card = await pool.run(grade, transcript, rubric)
    else:
        card = grade(transcript, rubric)
    return card if config is None else await with_judge(transcript, card, config)


@router.post("/grade", response_model=Scorecard, summary="Grade a transcript")
async def grade_transcript(
    body: GradeRequest,
    request: Request,
    rubrics: RubricsDep,
    settings: SettingsDep,
    caller: CurrentCaller,
    judge: JudgeOption = False,
) -> Scorecard:
    """Any transcript (typed or voice-to-text) against a rubric (default: `default`)."""
    rubric = rubrics[rubric_id_or_default(rubrics, body.rubric)]
    return await scorecard(request, body.transcript, rubric, settings, judge=judge)


@router.post("/sessions/{session_id}/grade", response_model=Scorecard, summary="Grade a session")
async def grade_session(
    session_id: str,
    request: Request,
    store: StoreDep,
    catalog: CatalogDep,
    settings: SettingsDep,
    caller: CurrentCaller,
    judge: JudgeOption = False,
) -> Scorecard:
    """The session so far against its rubric, in the version the session started with. A
    session that hides live feedback is graded for its rep only once it has ended."""
    row = await visible_session(store, caller, session_id)
    if row.hide_feedback and not row.ended and not caller.can_see_hidden():
        raise Conflict("this session hides feedback until it ends: end it, then grade it")
    transcript = session_state(row).transcript().model_copy(update={"id": row.id})
    rubric = await session_rubric(store, catalog, row)
    return await scorecard(request, transcript, rubric, settings, judge=judge)
