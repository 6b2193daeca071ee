"""Dependencies as `Annotated` aliases: what a route needs, from `app.state` (the lifespan)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from roleplay.api.auth import Caller, require_role
from roleplay.catalog import Catalog
from roleplay.config import Settings
from roleplay.errors import NotFound
from roleplay.files import known_ids
from roleplay.grading.rubrics import Rubric, pick_rubric
from roleplay.llm import ModelConfig
from roleplay.personas import Persona
from roleplay.storage.store import SessionRow, Store


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


async def get_catalog(request: Request) -> Catalog:
    catalog: Catalog = request.app.state.catalog
    return catalog


async def get_personas(request: Request) -> dict[str, Persona]:
    """The live personas (reloaded as their files change: roleplay/catalog.py)."""
    catalog: Catalog = request.app.state.catalog
    return catalog.personas.items


async def get_rubrics(request: Request) -> dict[str, Rubric]:
    catalog: Catalog = request.app.state.catalog
    return catalog.rubrics.items


async def get_model_config(request: Request) -> ModelConfig:
    config: ModelConfig = request.app.state.model_config
    return config


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
CatalogDep = Annotated[Catalog, Depends(get_catalog)]
TrainerCaller = Annotated[Caller, Depends(require_role("trainer", "admin"))]
"""The caller, if a trainer or an admin (else 403)."""
PersonasDep = Annotated[dict[str, Persona], Depends(get_personas)]
RubricsDep = Annotated[dict[str, Rubric], Depends(get_rubrics)]
ModelConfigDep = Annotated[ModelConfig, Depends(get_model_config)]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key", min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$",
        description="any unique string per logical request (1-200 visible ASCII characters, "
        "e.g. a UUID); a retry with the same key returns the first response and records "
        "nothing new",
    ),
]


def link(request: Request, path: str) -> str:
    """A URL for a header (`Location`, `Link`): `ROLEPLAY_PUBLIC_URL` + path when configured,
    else the path alone (relative to the request's origin; never built from the `Host`
    header, which the client chooses). `path` starts at the app's root; a `--root-path` prefix
    is added."""
    settings: Settings = request.app.state.settings
    root: str = request.scope.get("root_path", "")
    return (settings.public_url or "") + root.rstrip("/") + path


def pick_persona(personas: dict[str, Persona], persona_id: str) -> Persona:
    """The persona with this id, or NotFound naming the ones there are."""
    try:
        return personas[persona_id]
    except KeyError:
        raise NotFound(f"unknown persona {persona_id!r} ({known_ids(personas, persona_id)})"
                       ) from None


DEFAULT_RUBRIC = "default"


def rubric_id_or_default(rubrics: dict[str, Rubric], rubric_id: str | None) -> str:
    """`rubric_id` if given (NotFound if unknown), else `default` (or the first there is)."""
    if rubric_id is None:
        rubric_id = DEFAULT_RUBRIC if DEFAULT_RUBRIC in rubrics or not rubrics else min(rubrics)
    return pick_rubric(rubrics, rubric_id).id


def owner_of(caller: Caller) -> str | None:
    """Who owns the sessions a caller starts: what `Caller.can_see_session` compares against
    (the key's name or the development rep's name; None for the local development admin)."""
    return caller.owner


async def visible_session(
    store: Store, caller: Caller, session_id: str, *, recent: bool = False
) -> SessionRow:
    """The session if it exists and the caller may see it; otherwise NotFound (never 403: ids
    of other reps' sessions do not leak). `recent=True`: this process's latest copy will do
    (owner and persona never change; a turn reads the current state under its lock)."""
    row = await store.get_session(session_id, recent=recent)
    if row is None or not caller.can_see_session(row.owner):
        raise NotFound(f"no session {session_id!r}")
    return row
