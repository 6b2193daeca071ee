"""The persona and rubric version a session runs with: recorded when it starts, used after.

A session is pinned to the content hash of its persona and rubric (`roleplay.storage.versions`).
Turns and grading use those versions, so an edit to a file (hot-reloaded, roleplay/catalog.py)
changes new sessions only, and a session whose file was removed still works. A session stored
before pins existed uses the current files.
"""

from __future__ import annotations

import logging
from typing import Any, TypeVar

from pydantic import ValidationError

from roleplay.catalog import Catalog, Shelf
from roleplay.errors import NotFound
from roleplay.grading.rubrics import Rubric, pick_rubric
from roleplay.personas import Persona
from roleplay.storage import versions
from roleplay.storage.rows import IdempotentHit, SessionRow
from roleplay.storage.store import Store
from roleplay.storage.versions import Body, Pin

_log = logging.getLogger("roleplay.catalog")
M = TypeVar("M", Persona, Rubric)


async def pin_session(
    store: Store, catalog: Catalog, session_id: str, persona: Persona, rubric: Rubric,
    *, branched_from: str | None = None, branched_at: int | None = None,
    hashes: tuple[str, str] | None = None,
) -> Pin:
    """Record the versions a new session runs with (call before storing the session);
    `hashes`: the (persona, rubric) hashes these versions are known by already."""
    persona_hash, rubric_hash = hashes or (
        _hash_in(catalog.personas, persona), _hash_in(catalog.rubrics, rubric))
    pinned = Pin(session_id, persona_hash, rubric_hash, branched_from, branched_at)
    await versions.pin(store, pinned, [
        Body("persona", persona_hash, persona.id, persona.model_dump(mode="json")),
        Body("rubric", rubric_hash, rubric.id, rubric.model_dump(mode="json")),
    ])
    return pinned


async def create_pinned(
    store: Store, catalog: Catalog, row: SessionRow, persona: Persona, rubric: Rubric,
    *, branched_from: str | None = None, branched_at: int | None = None,
    hashes: tuple[str, str] | None = None, **create: Any,
) -> tuple[SessionRow, IdempotentHit | None]:
    """Pin `row` to its versions and store it (`Store.create_session(row, **create)`). The
    pin goes first, so a stored session always has one; it is removed again when the session
    is refused, or an idempotent retry answers with an earlier session (which has its own)."""
    await pin_session(store, catalog, row.id, persona, rubric, branched_from=branched_from,
                      branched_at=branched_at, hashes=hashes)
    try:
        stored, hit = await store.create_session(row, **create)
    except BaseException:
        await versions.unpin(store, row.id)
        raise
    if hit is not None and stored.id != row.id:
        await versions.unpin(store, row.id)
    return stored, hit


def _hash_in(shelf: Shelf[Persona] | Shelf[Rubric], item: Persona | Rubric) -> str:
    live = shelf.live.get(item.id)
    if live is not None and live.item is item:
        return live.hash
    return shelf.remember(item)  # type: ignore[arg-type]


async def session_persona(store: Store, catalog: Catalog, row: SessionRow) -> Persona:
    """The persona version the session runs with (the current one for an unpinned session)."""
    pinned = await versions.pin_of(store, row.id)
    if pinned is not None:
        found = await _version(store, catalog.personas, pinned.persona_hash)
        if found is not None:
            return found
    return _current(catalog.personas.items, row.persona, "persona")


async def session_rubric(store: Store, catalog: Catalog, row: SessionRow) -> Rubric:
    """The rubric version the session is graded with (the current one when unpinned)."""
    pinned = await versions.pin_of(store, row.id)
    if pinned is not None:
        found = await _version(store, catalog.rubrics, pinned.rubric_hash)
        if found is not None:
            return found
    return pick_rubric(catalog.rubrics.items, row.rubric)


async def version_hashes(store: Store, row: SessionRow) -> tuple[str | None, str | None]:
    """(persona hash, rubric hash) the session is pinned to; (None, None) when unpinned."""
    pinned = await versions.pin_of(store, row.id)
    return (pinned.persona_hash, pinned.rubric_hash) if pinned else (None, None)


async def _version(
    store: Store, shelf: Shelf[M], content_hash: str
) -> M | None:
    known = shelf.version_of(content_hash)
    if known is not None:
        return known
    body = await versions.body_of(store, shelf.kind, content_hash)
    if body is None:
        return None
    try:
        item = shelf.model.model_validate(body.body)
    except ValidationError:
        _log.warning("%s version %s no longer validates; using the current file",
                     shelf.kind, content_hash)
        return None
    shelf.versions.setdefault(content_hash, item)
    return item


def _current(items: dict[str, M], doc_id: str, kind: str) -> M:
    try:
        return items[doc_id]
    except KeyError:
        raise NotFound(f"{kind} {doc_id!r} is no longer available") from None
