"""Recording a rep turn: lock the session, answer retries from the idempotency record, let the
engine and the model take the turn, then store the new state and the response together.

    async with store.turn_lock(id, key)   one turn of a session at a time, across workers;
                                          reads the idempotency record in the same step
        idempotency record?               same body: the first response; other body: 422
        ended / too many turns?           409 / 422
        conversation.take_turn            ProviderUnavailable -> 503, nothing stored
        locked.save_turn(state, response) one transaction: the new turns, state and record

A streamed turn runs the same steps in a task of its own (`Generations`) that feeds a queue;
the SSE response reads the queue. A client that disconnects stops reading, but the task
finishes and stores the turn.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from roleplay import conversation
from roleplay.api.auth import Caller
from roleplay.api.idempotency import check_same_request, request_hash
from roleplay.api.views import session_state, turn_result
from roleplay.config import Settings
from roleplay.errors import Conflict, InputError, LimitExceeded
from roleplay.llm import ModelConfig
from roleplay.personas import Persona
from roleplay.storage.store import LockedSession, SessionRow, Store


class TurnLimitReached(InputError):
    status = 422
    title = "Turn limit reached"


@dataclass(frozen=True)
class TurnJob:
    """One rep turn to record: who asks, where, what they said, and the request's key."""

    store: Store
    settings: Settings
    config: ModelConfig
    persona: Persona
    caller: Caller
    session_id: str
    text: str
    idem_key: str | None

    @property
    def digest(self) -> str:
        return request_hash({"text": self.text})


def check_length(text: str, settings: Settings) -> None:
    if len(text) > settings.max_turn_chars:
        raise LimitExceeded(
            f"the turn is {len(text)} characters; the limit is {settings.max_turn_chars}"
        )


def _check_can_continue(row: SessionRow, settings: Settings) -> None:
    state = session_state(row)
    if row.ended or state.ended:
        raise Conflict("this call has ended; start a new session to practise again")
    rep_turns = sum(1 for t in state.turns if t.speaker == "rep")
    if rep_turns >= settings.max_turns_per_session:
        raise TurnLimitReached(
            f"this session has reached the limit of {settings.max_turns_per_session} rep turns; "
            "end it and start a new one"
        )


async def _replay(job: TurnJob, locked: LockedSession) -> dict[str, Any] | None:
    """The stored response for a retried key (422 if the body differs), or None."""
    if job.idem_key is None:
        return None
    hit = await locked.find_idempotent(job.idem_key)
    if hit is None:
        return None
    check_same_request(hit.request_hash, job.digest)
    return hit.response


async def _save(
    job: TurnJob, locked: LockedSession, outcome: conversation.TurnOutcome
) -> dict[str, Any]:
    response = turn_result(locked.row, outcome, job.caller).model_dump(mode="json")
    # The fingerprint is stored only with an idempotency record (a keyed turn): a json.dumps
    # and a sha256 fewer for the others.
    digest = job.digest if job.idem_key is not None else None
    await locked.save_turn(
        _stored_state(locked.row, outcome), outcome.session.ended,
        idem_key=job.idem_key, request_hash=digest, response=response,
    )
    locked.row.keep_parsed(outcome.session)
    return response


def _stored_state(row: SessionRow, outcome: conversation.TurnOutcome) -> dict[str, Any]:
    """The new state as JSON. A turn adds the rep turn and the reply to the earlier turns, which
    it copies unchanged (`conversation.finish`): those are reused as stored, so a turn dumps
    only what is new instead of the whole transcript."""
    session, before = outcome.session, row.state.get("turns")
    if (
        not isinstance(before, list)
        or len(session.turns) != len(before) + 2
        or session.turns[-2] != outcome.rep
        or session.turns[-1] != outcome.prospect
    ):
        return session.model_dump(mode="json")
    head = session.model_dump(mode="json", exclude={"turns"})
    new = [outcome.rep.model_dump(mode="json"), outcome.prospect.model_dump(mode="json")]
    return head | {"turns": [*before, *new]}


async def record_turn(job: TurnJob) -> tuple[dict[str, Any], bool]:
    """Take and store one turn; returns (response, replayed)."""
    async with job.store.turn_lock(job.session_id, idem_key=job.idem_key) as locked:
        stored = await _replay(job, locked)
        if stored is not None:
            return stored, True
        _check_can_continue(locked.row, job.settings)
        state = session_state(locked.row)
        outcome = await conversation.take_turn(job.persona, state, job.text, job.config)
        return await _save(job, locked, outcome), False


# --- streaming -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Delta:
    text: str


@dataclass(frozen=True)
class Finished:
    response: dict[str, Any]
    replayed: bool = False


@dataclass(frozen=True)
class Failed:
    error: BaseException


Event = Delta | Finished | Failed


async def stream_into(job: TurnJob, queue: asyncio.Queue[Event]) -> None:
    """Take a turn, putting deltas then the stored result (or the failure) on `queue`."""
    try:
        async with job.store.turn_lock(job.session_id, idem_key=job.idem_key) as locked:
            stored = await _replay(job, locked)
            if stored is not None:
                queue.put_nowait(Finished(stored, replayed=True))
                return
            _check_can_continue(locked.row, job.settings)
            outcome = await _stream_outcome(job, session_state(locked.row), queue)
            queue.put_nowait(Finished(await _save(job, locked, outcome)))
    except Exception as exc:  # handed to the reader, which answers with a problem
        queue.put_nowait(Failed(exc))


async def _stream_outcome(
    job: TurnJob, state: conversation.SessionState, queue: asyncio.Queue[Event]
) -> conversation.TurnOutcome:
    async for item in conversation.stream_turn(job.persona, state, job.text, job.config):
        if isinstance(item, str):
            queue.put_nowait(Delta(item))
        else:
            return item
    raise RuntimeError("stream_turn ended without a TurnOutcome")
