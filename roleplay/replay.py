"""Stored calls, played again: the trace of each turn, a branch from turn k, a whole replay.

    trace(session)                      each turn with its labels, state change and the rules
                                        that fired, and why
    rebuild(persona, session, k)        the call as it stood just before rep turn k: the
                                        engine replays every earlier rep turn against the
                                        prospect's recorded replies (no model call)
    await branch(persona, session, k, text, config)
                                        rep turn k said differently: a new call from there
    await replay(persona, session, config)
                                        every rep line again against `persona` (an edited
                                        version, say), with new replies

The engine and the analysis are deterministic, so a rebuilt state is the state the call had,
as long as neither changed since; `Rebuilt.drift` names the turns where the replayed state
change differs from the recorded one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from roleplay import llm
from roleplay.conversation import (
    SessionState,
    TurnOutcome,
    TurnRecord,
    finish,
    prepare,
    start_session,
    take_turn,
)
from roleplay.errors import InputError
from roleplay.personas import Persona


def trace(session: SessionState) -> list[dict[str, Any]]:
    """Each turn: index, speaker, text, labels, state change and the rules that fired."""
    return [trace_turn(turn) for turn in session.turns]


def trace_turn(turn: TurnRecord) -> dict[str, Any]:
    return {
        "index": turn.index, "speaker": turn.speaker, "text": turn.text,
        "labels": dict(turn.labels), "state_change": turn.state_change,
        "rules": [entry.model_dump() for entry in turn.trace],
    }


@dataclass
class Rebuilt:
    """The call just before a rep turn, and the turns whose replay differs from the record."""

    session: SessionState
    drift: list[int] = field(default_factory=list)


def check_rep_turn(session: SessionState, turn: int) -> None:
    """InputError unless `turn` is the index of a rep turn of the session."""
    reps = [t.index for t in session.turns if t.speaker == "rep"]
    if turn not in reps:
        shown = ", ".join(map(str, reps)) or "none yet"
        raise InputError(f"turn {turn} is not a rep turn of this session (rep turns: {shown})")


def rebuild(persona: Persona, session: SessionState, turn: int) -> Rebuilt:
    """The session as it stood before rep turn `turn`, its state rebuilt by the engine.

    The earlier turns are kept as recorded; the prospect state and call context come from
    replaying each earlier rep turn with the reply that was recorded for it.
    """
    check_rep_turn(session, turn)
    opening = session.turns[0]
    state = start_session(persona, session.seed).model_copy(update={"turns": [opening]})
    drift: list[int] = []
    for rep, reply in zip(session.turns[1:turn:2], session.turns[2:turn:2], strict=True):
        outcome = finish(prepare(persona, state, rep.text), reply.text, list(reply.trace))
        if _moved(outcome.rep.state_change) != _moved(rep.state_change):
            drift.append(rep.index)
        state = outcome.session
    recorded = list(session.turns[:turn])
    return Rebuilt(state.model_copy(update={"turns": recorded}), drift)


def _moved(change: dict[str, Any] | None) -> tuple[Any, ...]:
    """What a state change did, rounded, for comparing a replay with the record."""
    if not change:
        return ()
    return (change.get("trust"), change.get("patience"), change.get("mood"),
            change.get("unlocked"), change.get("raised"), change.get("softened"),
            change.get("hardened"), change.get("ended"))


@dataclass
class Branch:
    """Rep turn `turn` said as `text`: the state it was said in, and what followed."""

    turn: int
    base: Rebuilt
    outcome: TurnOutcome

    @property
    def session(self) -> SessionState:
        return self.outcome.session


async def branch(
    persona: Persona, session: SessionState, turn: int, text: str, config: llm.ModelConfig
) -> Branch:
    """A new call: the original up to rep turn `turn`, then `text` and the prospect's reply."""
    base = rebuild(persona, session, turn)
    outcome = await take_turn(persona, base.session, text, config)
    return Branch(turn, base, outcome)


@dataclass
class Replay:
    """Every rep line of a call played again; `unplayed` counts lines left when it ended."""

    session: SessionState
    unplayed: int = 0


async def replay(persona: Persona, session: SessionState, config: llm.ModelConfig) -> Replay:
    """The call's rep lines, in order, against `persona`, with new replies: how the same
    words land with an edited persona. Stops when the prospect ends the call."""
    lines = [t.text for t in session.turns if t.speaker == "rep"]
    state = start_session(persona, session.seed)
    for played, line in enumerate(lines):
        if state.ended:
            return Replay(state, len(lines) - played)
        state = (await take_turn(persona, state, line, config)).session
    return Replay(state)
