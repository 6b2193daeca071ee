"""Personas: the public view for reps; trainers and admins see the whole persona."""

from __future__ import annotations

from fastapi import APIRouter

from roleplay.api.auth import CurrentCaller
from roleplay.api.deps import PersonasDep, pick_persona
from roleplay.api.problems import problem_responses
from roleplay.api.schemas import PersonaPublic
from roleplay.personas import Persona

router = APIRouter(prefix="/personas", tags=["personas"], responses=problem_responses(401, 429))

PersonaView = PersonaPublic | Persona


def view(persona: Persona, *, full: bool) -> PersonaView:
    return persona if full else PersonaPublic.model_validate(persona.public_view())


@router.get("", response_model=list[PersonaView], summary="List personas")
async def list_personas(personas: PersonasDep, caller: CurrentCaller) -> list[PersonaView]:
    """Every persona, sorted by id: the public view for reps, the whole persona for trainers."""
    full = caller.can_see_hidden()
    return [view(personas[pid], full=full) for pid in sorted(personas)]


@router.get(
    "/{persona_id}", response_model=PersonaView, summary="One persona",
    responses=problem_responses(404),
)
async def get_persona(persona_id: str, personas: PersonasDep, caller: CurrentCaller) -> PersonaView:
    """The public view for reps (no hidden facts); trainers and admins get the whole persona."""
    return view(pick_persona(personas, persona_id), full=caller.can_see_hidden())
