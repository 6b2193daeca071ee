"""Personas: the public view for reps; trainers and admins see the whole persona."""

from __future__ import annotations

from fastapi import APIRouter

from roleplay.api.auth import CurrentCaller
from roleplay.api.deps import CatalogDep, PersonasDep, TrainerCaller, pick_persona
from roleplay.api.problems import problem_responses
from roleplay.api.routes.trainer_schemas import FileReport
from roleplay.api.schemas import PersonaPublic
from roleplay.catalog import Catalog, problems_report
from roleplay.errors import NotFound
from roleplay.files import did_you_mean
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


@router.get(
    "/{persona_id}/problems", response_model=FileReport, summary="A persona file's problems",
    responses=problem_responses(403, 404),
)
async def persona_problems(
    persona_id: str, catalog: CatalogDep, caller: TrainerCaller,
) -> FileReport:
    """Trainers: whether the file is live (and which version), the problems of its last edit
    if that edit was not loaded (the last good version stays live), and its warnings."""
    return file_report(catalog, "persona", persona_id)


def file_report(catalog: Catalog, kind: str, doc_id: str) -> FileReport:
    found = problems_report(catalog, kind, doc_id)
    if found is None:
        shelf = catalog.personas if kind == "persona" else catalog.rubrics
        hint = did_you_mean(doc_id, [*shelf.items, *shelf.problems])
        more = f"; did you mean {hint!r}?" if hint else ""
        raise NotFound(f"no {kind} file {doc_id!r}{more}")
    return FileReport.model_validate(found)
