"""A stored call, looked into and played again: its trace, a branch from turn k, a replay.

    GET  /sessions/{id}/trace    trainers: every turn with the rules that fired, and why
    POST /sessions/{id}/branch   rep turn k said differently: a new session from the state
                                 saved at that turn, and how the turn and scorecard change
    POST /sessions/{id}/replay   trainers: every rep line again against the persona as it is
                                 now (an edited file), compared turn by turn; nothing stored
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from roleplay import replay
from roleplay.api.auth import CurrentCaller
from roleplay.api.deps import (
    CatalogDep,
    ModelConfigDep,
    SettingsDep,
    StoreDep,
    TrainerCaller,
    link,
    owner_of,
    pick_persona,
    visible_session,
)
from roleplay.api.problems import problem_responses
from roleplay.api.recording import check_length
from roleplay.api.routes.trainer_schemas import (
    BranchCreate,
    BranchResult,
    ReplayResult,
    ReplayTurn,
    SessionTrace,
    TraceTurn,
    TurnSide,
)
from roleplay.api.views import session_state
from roleplay.conversation import SessionState, TurnRecord
from roleplay.errors import Conflict
from roleplay.grading import grade
from roleplay.grading.scorecard import Scorecard
from roleplay.pins import create_pinned, session_persona, session_rubric
from roleplay.storage import versions
from roleplay.storage.rows import SessionRow

router = APIRouter(prefix="/sessions", tags=["trainer tools"],
                   responses=problem_responses(401, 404, 429))


@router.get("/{session_id}/trace", response_model=SessionTrace, summary="A session's trace",
            responses=problem_responses(403))
async def get_trace(
    session_id: str, caller: TrainerCaller, store: StoreDep,
) -> SessionTrace:
    """Trainers: each turn with its labels, the prospect's state change and every rule that
    fired (with why, and what it did to trust and patience), and the persona and rubric
    versions the session ran with."""
    row = await visible_session(store, caller, session_id)
    pinned = await versions.pin_of(store, row.id)
    return SessionTrace(
        session=row.id, persona=row.persona, rubric=row.rubric,
        persona_hash=pinned.persona_hash if pinned else None,
        rubric_hash=pinned.rubric_hash if pinned else None,
        branched_from=pinned.branched_from if pinned else None,
        branched_at=pinned.branched_at if pinned else None,
        turns=[TraceTurn.model_validate(t) for t in replay.trace(session_state(row))],
    )


@router.post("/{session_id}/branch", status_code=201, response_model=BranchResult,
             summary="Branch a session at a rep turn",
             responses=problem_responses(409, 413, 422, 502, 503))
async def branch_session(
    session_id: str, body: BranchCreate, request: Request, response: Response,
    caller: CurrentCaller, store: StoreDep, catalog: CatalogDep, settings: SettingsDep,
    config: ModelConfigDep,
) -> BranchResult:
    """Rep turn `turn` said as `text` instead: the prospect replays from the state saved at
    that turn (the engine replays the earlier turns; the same persona and rubric versions)
    and answers. The result is a new session (yours; continue it with `/turns`), with the
    original and rewritten turn side by side and both scorecards up to that turn."""
    row = await visible_session(store, caller, session_id)
    if row.hide_feedback and not row.ended and not caller.can_see_hidden():
        raise Conflict("this session hides feedback until it ends: end it, then branch it")
    check_length(body.text, settings)
    state = session_state(row)
    persona = await session_persona(store, catalog, row)
    rubric = await session_rubric(store, catalog, row)
    made = await replay.branch(persona, state, body.turn, body.text, config)
    new = SessionRow(
        owner=owner_of(caller), persona=row.persona, rubric=row.rubric, seed=row.seed,
        state=made.session.model_dump(mode="json"), ended=made.session.ended,
    )
    pinned = await versions.pin_of(store, row.id)
    await create_pinned(
        store, catalog, new, persona, rubric, branched_from=row.id, branched_at=body.turn,
        hashes=(pinned.persona_hash, pinned.rubric_hash) if pinned else None,
        max_open=settings.max_open_sessions,
    )
    response.headers["Location"] = link(request, f"/v1/sessions/{new.id}")
    original = _prefix(state, body.turn + 2)
    before = grade(original.transcript(), rubric)
    after = grade(made.session.transcript(), rubric)
    internals = caller.can_see_hidden()
    return BranchResult(
        session=new.id, branched_from=row.id, turn=body.turn,
        before=_side(state.turns[body.turn], state.turns[body.turn + 1], internals),
        after=_side(made.outcome.rep, made.outcome.prospect, internals),
        scorecard_before=before, scorecard_after=after,
        score_change=_change(before.score, after.score),
        criteria_change=_criteria_change(before, after),
        drift=made.base.drift,
    )


@router.post("/{session_id}/replay", response_model=ReplayResult,
             summary="Replay a session against the current persona",
             responses=problem_responses(403, 502, 503))
async def replay_session(
    session_id: str, caller: TrainerCaller, store: StoreDep, catalog: CatalogDep,
    config: ModelConfigDep,
) -> ReplayResult:
    """Trainers: every rep line of the session again, against the persona file as it is now
    (say, after an edit), compared turn by turn with the original. Nothing is stored."""
    row = await visible_session(store, caller, session_id)
    state = session_state(row)
    then = await session_persona(store, catalog, row)
    now = pick_persona(catalog.personas.items, row.persona)
    rubric = await session_rubric(store, catalog, row)
    again = await replay.replay(now, state, config)
    pinned = await versions.pin_of(store, row.id)
    before, after = grade(state.transcript(), rubric), grade(again.session.transcript(), rubric)
    return ReplayResult(
        session=row.id,
        persona_hash_before=pinned.persona_hash if pinned else None,
        persona_hash_after=catalog.hash_of("persona", row.persona) or "",
        same_persona=then == now,
        turns=_paired(state, again.session),
        unplayed=again.unplayed,
        score_before=before.score, score_after=after.score,
        score_change=_change(before.score, after.score),
        criteria_change=_criteria_change(before, after),
    )


def _prefix(state: SessionState, end: int) -> SessionState:
    return state.model_copy(update={"turns": state.turns[:end]})


def _view(turn: TurnRecord, internals: bool) -> TraceTurn:
    data: dict[str, Any] = replay.trace_turn(turn)
    if not internals:
        data["rules"] = []
        if data["state_change"]:
            data["state_change"] = {k: v for k, v in data["state_change"].items()
                                    if k != "unlocked"}
    return TraceTurn.model_validate(data)


def _side(rep: TurnRecord, prospect: TurnRecord, internals: bool) -> TurnSide:
    return TurnSide(rep=_view(rep, internals), prospect=_view(prospect, internals))


def _paired(before: SessionState, after: SessionState) -> list[ReplayTurn]:
    old = {t.index: t for t in before.turns}
    new = {t.index: t for t in after.turns}
    return [
        ReplayTurn(
            index=index, text=old[index].text,
            before=_side(old[index], old[index + 1], True) if index + 1 in old else None,
            after=_side(new[index], new[index + 1], True)
            if index in new and index + 1 in new else None,
        )
        for index in sorted(old) if old[index].speaker == "rep"
    ]


def _change(before: int | None, after: int | None) -> int | None:
    return None if before is None or after is None else after - before


def _criteria_change(before: Scorecard, after: Scorecard) -> dict[str, int | None]:
    old = {c.id: c.score for c in before.criteria}
    return {c.id: _change(old.get(c.id), c.score) for c in after.criteria}

