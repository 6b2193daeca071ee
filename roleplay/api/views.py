"""What a caller sees of a session: stored rows and engine records turned into response bodies.

Live feedback (labels, state changes) is left out while a session hides it; the engine's
internals (fact ids, rule traces) are shown only to trainers and admins.
"""

from __future__ import annotations

from typing import Any

from roleplay.api.auth import Caller
from roleplay.api.deps import owner_of
from roleplay.api.schemas import SessionPublic, SessionSummary, StateChange, TurnPublic, TurnResult
from roleplay.conversation import SessionState, TurnOutcome, TurnRecord
from roleplay.storage.store import SessionRow


def session_state(row: SessionRow) -> SessionState:
    """The row's state as the engine's model, parsed once per stored version (read-only)."""
    parsed = row.parsed
    if isinstance(parsed, SessionState):
        return parsed
    state = SessionState.model_validate(row.state)
    row.keep_parsed(state)
    return state


def end_reason(row: SessionRow, state: SessionState) -> str | None:
    if not (row.ended or state.ended):
        return None
    return state.prospect.end_reason or "ended_by_rep"


def shows_feedback(row: SessionRow, caller: Caller, *, live: bool) -> bool:
    """Live turn responses obey `hide_feedback`; afterwards trainers, and everyone once ended."""
    if not row.hide_feedback:
        return True
    if live:
        return False
    return row.ended or (caller.can_see_hidden() and owner_of(caller) != row.owner)


def turn_view(turn: TurnRecord, *, feedback: bool, internals: bool) -> TurnPublic:
    if not feedback:
        return TurnPublic(index=turn.index, speaker=turn.speaker, text=turn.text)
    change = _state_change(turn.state_change, turn, internals) if turn.state_change else None
    return TurnPublic(
        index=turn.index, speaker=turn.speaker, text=turn.text, labels=dict(turn.labels),
        state_change=change,
    )


def _state_change(raw: dict[str, Any], turn: TurnRecord, internals: bool) -> StateChange:
    unlocked = list(raw.get("unlocked") or [])
    return StateChange(
        trust=list(raw.get("trust") or []), patience=list(raw.get("patience") or []),
        mood=raw.get("mood"), facts_shared=len(unlocked), raised=raw.get("raised"),
        softened=raw.get("softened"), hardened=raw.get("hardened"),
        granted_right=bool(raw.get("granted_right")),
        ended=bool(raw.get("ended")), end_reason=raw.get("end_reason"),
        unlocked=unlocked if internals else None,
        trace=[t.model_dump() for t in turn.trace] if internals else None,
    )


def session_view(row: SessionRow, caller: Caller) -> SessionPublic:
    state = session_state(row)
    feedback = shows_feedback(row, caller, live=False)
    internals = caller.can_see_hidden()
    return SessionPublic(
        id=row.id, persona=row.persona, rubric=row.rubric, seed=row.seed,
        hide_feedback=row.hide_feedback, owner=row.owner,
        turns=[turn_view(t, feedback=feedback, internals=internals) for t in state.turns],
        ended=row.ended or state.ended, end_reason=end_reason(row, state),
        created_at=row.created_at, updated_at=row.updated_at,
    )


def session_summary(row: SessionRow) -> SessionSummary:
    """From a listing row: no turns are loaded or parsed."""
    return SessionSummary(
        id=row.id, persona=row.persona, rubric=row.rubric, owner=row.owner,
        turn_count=row.turn_count, ended=row.ended or bool(row.state.get("ended")),
        created_at=row.created_at, updated_at=row.updated_at,
    )


def turn_result(row: SessionRow, outcome: TurnOutcome, caller: Caller) -> TurnResult:
    feedback = shows_feedback(row, caller, live=True)
    internals = caller.can_see_hidden()
    state = outcome.session
    ended_row = row.model_copy(update={"ended": state.ended})
    return TurnResult(
        session=row.id,
        rep=turn_view(outcome.rep, feedback=feedback, internals=internals),
        prospect=turn_view(outcome.prospect, feedback=feedback, internals=internals),
        ended=state.ended, end_reason=end_reason(ended_row, state),
    )
