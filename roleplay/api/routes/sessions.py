"""Sessions: start a call, read it, list the calls the caller may see, end a call."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from roleplay.api.auth import Caller, CurrentCaller
from roleplay.api.deps import (
    CatalogDep,
    IdempotencyKey,
    PersonasDep,
    RubricsDep,
    StoreDep,
    link,
    owner_of,
    pick_persona,
    rubric_id_or_default,
    visible_session,
)
from roleplay.api.idempotency import check_same_request, request_hash
from roleplay.api.problems import problem_responses
from roleplay.api.schemas import SessionCreate, SessionPage, SessionPublic
from roleplay.api.views import session_state, session_summary, session_view
from roleplay.conversation import start_session
from roleplay.pins import create_pinned
from roleplay.storage.store import SessionRow

router = APIRouter(prefix="/sessions", tags=["sessions"], responses=problem_responses(401, 429))
PREFIX = "/v1"
"""Where the app mounts this router (`api.app.PREFIX`), for the URLs in headers."""


@router.post(
    "", status_code=201, response_model=SessionPublic, summary="Start a session",
    responses=problem_responses(404, 409, 422),
)
async def create_session(
    body: SessionCreate, request: Request, response: Response, caller: CurrentCaller,
    store: StoreDep, personas: PersonasDep, rubrics: RubricsDep, catalog: CatalogDep,
    idempotency_key: IdempotencyKey = None,
) -> Any:
    """Turn 0 is the prospect answering the phone. With an `Idempotency-Key`, a retry returns
    the first response and starts nothing new. The session keeps the versions of its persona
    and rubric: later edits to their files change new sessions only."""
    persona = pick_persona(personas, body.persona)
    seed = body.seed if body.seed is not None else secrets.randbelow(2**31)
    state = start_session(persona, seed)
    row = SessionRow(
        owner=owner_of(caller), persona=persona.id,
        rubric=rubric_id_or_default(rubrics, body.rubric), seed=seed,
        hide_feedback=body.hide_feedback, state=state.model_dump(mode="json"),
    )
    digest = request_hash(body.model_dump(mode="json"))
    first = session_view(row, caller).model_dump(mode="json")
    max_open = request.app.state.settings.max_open_sessions
    stored, hit = await create_pinned(
        store, catalog, row, persona, rubrics[row.rubric],
        idem_key=idempotency_key, request_hash=digest, response=first, max_open=max_open,
    )
    response.headers["Location"] = link(request, f"{PREFIX}/sessions/{stored.id}")
    if hit is not None:
        check_same_request(hit.request_hash, digest)
        response.headers["Idempotent-Replayed"] = "true"
        return hit.response or session_view(stored, caller)
    return first


@router.get("/{session_id}", response_model=SessionPublic, summary="One session",
            responses=problem_responses(404))
async def get_session(session_id: str, caller: CurrentCaller, store: StoreDep) -> SessionPublic:
    """Every turn so far; labels and state changes unless the session hides live feedback.
    Another rep's session is a 404."""
    return session_view(await visible_session(store, caller, session_id), caller)


@router.get("", response_model=SessionPage, summary="List sessions",
            responses=problem_responses(400))
async def list_sessions(
    request: Request, response: Response, caller: CurrentCaller, store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(description="`next` of the previous page")] = None,
) -> SessionPage:
    """Newest first. Reps see their own sessions; trainers and admins see everyone's. The next
    page's cursor is in `next` and in the `Link` header (`rel="next"`)."""
    rows, following = await store.list_sessions(
        owner=_owner_filter(caller), limit=limit, cursor=cursor
    )
    if following is not None:
        query = request.url.include_query_params(limit=limit, cursor=following).query
        response.headers["Link"] = f'<{link(request, f"{PREFIX}/sessions?{query}")}>; rel="next"'
    return SessionPage(items=[session_summary(row) for row in rows], next=following)


def _owner_filter(caller: Caller) -> str | None:
    """None lists every session: only for callers who may see any session."""
    return None if caller.role in ("trainer", "admin") else (owner_of(caller) or "")


@router.post("/{session_id}/end", response_model=SessionPublic, summary="End a session",
             responses=problem_responses(404))
async def end_session(session_id: str, caller: CurrentCaller, store: StoreDep) -> SessionPublic:
    """The rep hangs up. Ending an ended session changes nothing."""
    await visible_session(store, caller, session_id, recent=True)
    async with store.turn_lock(session_id) as locked:
        if locked.row.ended:
            return session_view(locked.row, caller)
        state = session_state(locked.row).model_copy(update={"ended": True})
        row = await store.end_session(session_id, state.model_dump(mode="json"))
    return session_view(row, caller)
