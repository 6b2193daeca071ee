"""Turns: the rep speaks, the prospect answers; plain JSON or streamed as server-sent events.

SSE events (`Accept: text/event-stream`):
    delta  {"text": "..."}          pieces of the prospect's reply, in order
    turn   TurnResult               the stored turn: rep (labels, state change) and prospect
    done   {"session", "ended"}     the stream ends here
    error  problem+json body        the turn failed mid-stream; nothing was stored
plus `: ping` comments every 15 s while waiting.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sse_starlette import EventSourceResponse

from roleplay.api.auth import CurrentCaller
from roleplay.api.deps import IdempotencyKey, visible_session
from roleplay.api.problems import problem_body, problem_responses
from roleplay.api.recording import (
    Delta,
    Event,
    Failed,
    Finished,
    TurnJob,
    check_length,
    record_turn,
    stream_into,
)
from roleplay.api.schemas import SSE_EVENTS, DeltaEvent, DoneEvent, TurnCreate, TurnResult
from roleplay.catalog import Catalog
from roleplay.config import Settings
from roleplay.llm import ModelConfig
from roleplay.pins import session_persona
from roleplay.storage.store import Store

router = APIRouter(prefix="/sessions", tags=["turns"], responses=problem_responses(401, 429))

PING_SECONDS = 15
SSE_EXAMPLE = (
    'event: delta\ndata: {"text": "Mostly spreadsheets."}\n\n'
    'event: turn\ndata: {"session": "s_1", "rep": {...}, "prospect": {...}, "ended": false}\n\n'
    'event: done\ndata: {"session": "s_1", "ended": false}\n\n'
)
SSE_DOC = {
    "description": "With `Accept: text/event-stream`: events `delta` (DeltaEvent), `turn` "
    "(TurnResult), `done` (DoneEvent); `error` (Problem) if the turn fails mid-stream. "
    "`x-sse-events` maps each event name to the schema of its JSON `data`.",
    "content": {"text/event-stream": {
        "schema": {"type": "string"}, "example": SSE_EXAMPLE,
        "x-sse-events": {
            **{name: {"$ref": f"#/components/schemas/{model.__name__}"}
               for name, model in SSE_EVENTS.items()},
            "error": {"$ref": "#/components/schemas/Problem"},
        },
    }},
}


@router.post(
    "/{session_id}/turns", response_model=TurnResult, summary="Take a turn",
    responses={200: SSE_DOC, **problem_responses(404, 409, 413, 422, 502, 503)},
)
async def take_turn(
    session_id: str, body: TurnCreate, request: Request,
    caller: CurrentCaller, idempotency_key: IdempotencyKey = None,
) -> Any:
    """The rep says `text`; the prospect reacts and answers. Send an `Idempotency-Key`: a retry
    with the same key returns the first response and records nothing new. A provider failure
    is a 503 with `Retry-After` and records nothing: retry with the same key."""
    # The app's store, settings, catalog and model config are read from `app.state` here, not
    # through `Depends` (what `deps.StoreDep` & co. do): the busiest route is spared four
    # dependency resolutions per request; none of them appears in the OpenAPI document.
    state = request.app.state
    store: Store = state.store
    settings: Settings = state.settings
    catalog: Catalog = state.catalog
    config: ModelConfig = state.model_config
    row = await visible_session(store, caller, session_id, recent=True)
    check_length(body.text, settings)
    job = TurnJob(
        store=store, settings=settings, config=config,
        persona=await session_persona(store, catalog, row),
        caller=caller, session_id=session_id, text=body.text, idem_key=idempotency_key,
    )
    if "text/event-stream" in request.headers.get("accept", ""):
        return await _streamed(request, job)
    result, replayed = await record_turn(job)
    # Built here rather than by FastAPI: `result` is a TurnResult already, so validating it
    # against the response model again and re-encoding it would be wasted work.
    return JSONResponse(result, headers={"Idempotent-Replayed": "true"} if replayed else None)


async def _streamed(request: Request, job: TurnJob) -> EventSourceResponse:
    """Start the turn in its own task; answer with a problem if it fails before any text."""
    queue: asyncio.Queue[Event] = asyncio.Queue()
    request.app.state.generations.start(stream_into(job, queue))
    first = await queue.get()
    if isinstance(first, Failed):
        raise first.error
    headers = {"Idempotent-Replayed": "true"} if _replayed(first) else None
    return EventSourceResponse(
        _sse(first, queue, request.url.path), ping=PING_SECONDS, headers=headers
    )


def _replayed(item: Event) -> bool:
    return isinstance(item, Finished) and item.replayed


async def _sse(
    first: Event, queue: asyncio.Queue[Event], path: str
) -> AsyncIterator[dict[str, str]]:
    """SSE events for each queue item, from `first` until the turn is finished or failed."""
    item = first
    while True:
        for event in _as_sse(item, path):
            yield event
        if not isinstance(item, Delta):
            return
        item = await queue.get()


def _as_sse(item: Event, path: str) -> list[dict[str, str]]:
    if isinstance(item, Delta):
        return [_event("delta", DeltaEvent(text=item.text).model_dump())]
    if isinstance(item, Failed):
        return [_event("error", problem_body(item.error, path))]
    result = item.response
    replay = DeltaEvent(text=result["prospect"]["text"]).model_dump()
    done = DoneEvent(session=result["session"], ended=result["ended"]).model_dump()
    return [*([_event("delta", replay)] if item.replayed else []), _event("turn", result),
            _event("done", done)]


def _event(name: str, data: dict[str, Any]) -> dict[str, str]:
    return {"event": name, "data": json.dumps(data)}
