"""Grading: a scorecard for a session, or for any transcript."""

from __future__ import annotations

import anyio.to_thread
from fastapi import APIRouter

from roleplay.api.auth import CurrentCaller
from roleplay.api.deps import RubricsDep, StoreDep, rubric_id_or_default, visible_session
from roleplay.api.problems import problem_responses
from roleplay.api.schemas import GradeRequest
from roleplay.api.views import session_state
from roleplay.errors import Conflict
from roleplay.grading import grade
from roleplay.rubrics import Rubric
from roleplay.scorecard import Scorecard
from roleplay.transcript import Transcript

router = APIRouter(tags=["grading"], responses=problem_responses(401, 404, 422, 429))

THREAD_TURNS = 200
"""Transcripts longer than this are graded in a worker thread, off the event loop."""


async def scorecard(transcript: Transcript, rubric: Rubric) -> Scorecard:
    if len(transcript.turns) > THREAD_TURNS:
        return await anyio.to_thread.run_sync(grade, transcript, rubric)
    return grade(transcript, rubric)


@router.post("/grade", response_model=Scorecard, summary="Grade a transcript")
async def grade_transcript(
    body: GradeRequest, rubrics: RubricsDep, caller: CurrentCaller
) -> Scorecard:
    """Any transcript (typed or voice-to-text) against a rubric (default: `default`)."""
    rubric = rubrics[rubric_id_or_default(rubrics, body.rubric)]
    return await scorecard(body.transcript, rubric)


@router.post(
    "/sessions/{session_id}/grade", response_model=Scorecard, summary="Grade a session",
    responses=problem_responses(409),
)
async def grade_session(
    session_id: str, store: StoreDep, rubrics: RubricsDep, caller: CurrentCaller
) -> Scorecard:
    """The session so far against its rubric. A session that hides live feedback is graded
    for its rep only once it has ended."""
    row = await visible_session(store, caller, session_id)
    if row.hide_feedback and not row.ended and not caller.can_see_hidden():
        raise Conflict("this session hides feedback until it ends: end it, then grade it")
    transcript = session_state(row).transcript().model_copy(update={"id": row.id})
    return await scorecard(transcript, rubrics[rubric_id_or_default(rubrics, row.rubric)])
