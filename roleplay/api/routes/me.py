"""Who am I: the caller as the server sees them (role, name, development mode)."""

from __future__ import annotations

from fastapi import APIRouter

from roleplay.api.auth import CurrentCaller
from roleplay.api.problems import problem_responses
from roleplay.api.schemas import CallerPublic

router = APIRouter(tags=["callers"], responses=problem_responses(400, 401, 403, 429))


@router.get("/me", response_model=CallerPublic, summary="The caller")
async def get_me(caller: CurrentCaller) -> CallerPublic:
    """The caller's name and role. A frontend calls it first: 401 means it needs an API key;
    `development_mode` true means none is needed (and `X-Roleplay-Rep` may act as a rep)."""
    return CallerPublic(
        name=caller.name, role=caller.role, key_id=caller.key_id,
        development_mode=caller.key_id is None,
    )
