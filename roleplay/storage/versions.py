"""Which persona and rubric version each session runs with, and every such version's content.

    pin(store, pin, bodies)   before a session row is stored: its versions' content (kept
                              once per hash) and the session's pin, in one transaction
    pin_of(store, id)         the pin of a session (None for sessions stored before pins)
    body_of(store, kind, h)   the stored content of a version
    branches_of(store, id)    sessions branched from a session

Pins never change, so this process keeps the ones it has read (`PinCache`); content is
addressed by its hash, so a version stored once is never written again.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Insert, Table, delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from roleplay.storage.tables import content_versions, session_versions
from roleplay.storage.times import utcnow

if TYPE_CHECKING:
    from roleplay.storage.store import Store

PINS_KEPT = 4096


@dataclass(frozen=True)
class Pin:
    """A session's persona and rubric versions; for a branch, where it was branched from."""

    session_id: str
    persona_hash: str
    rubric_hash: str
    branched_from: str | None = None
    branched_at: int | None = None


@dataclass(frozen=True)
class Body:
    """One version's content: `kind` is persona or rubric, `doc_id` its id."""

    kind: str
    hash: str
    doc_id: str
    body: dict[str, Any]


class PinCache:
    def __init__(self, size: int = PINS_KEPT) -> None:
        self._pins: OrderedDict[str, Pin] = OrderedDict()
        self._size = size
        self.stored: set[tuple[str, str]] = set()
        """(kind, hash) of versions known to be in the database."""

    def get(self, session_id: str) -> Pin | None:
        return self._pins.get(session_id)

    def forget(self, session_id: str) -> None:
        self._pins.pop(session_id, None)

    def keep(self, pin: Pin) -> None:
        self._pins[pin.session_id] = pin
        if len(self._pins) > self._size:
            self._pins.popitem(last=False)


_CACHES: weakref.WeakKeyDictionary[Store, PinCache] = weakref.WeakKeyDictionary()


def _cache(store: Store) -> PinCache:
    """This process's pins for one store (forgotten with the store)."""
    cache = _CACHES.get(store)
    if cache is None:
        cache = _CACHES[store] = PinCache()
    return cache


async def pin(store: Store, pinned: Pin, bodies: list[Body]) -> None:
    """Store the versions' content (unless stored before) and the session's pin."""
    cache = _cache(store)
    fresh = [b for b in bodies if (b.kind, b.hash) not in cache.stored]

    def work(conn: Connection) -> None:
        for body in fresh:
            conn.execute(_insert_new(conn, content_versions).values(
                kind=body.kind, hash=body.hash, doc_id=body.doc_id, body=body.body,
                created_at=utcnow()))
        conn.execute(insert(session_versions).values(
            session_id=pinned.session_id, persona_hash=pinned.persona_hash,
            rubric_hash=pinned.rubric_hash, branched_from=pinned.branched_from,
            branched_at=pinned.branched_at))

    await store.db.write(work)
    cache.stored.update((b.kind, b.hash) for b in bodies)
    cache.keep(pinned)


async def unpin(store: Store, session_id: str) -> None:
    """Forget a pin whose session was not stored after all (refused, or an idempotent retry
    that returned an earlier session)."""
    _cache(store).forget(session_id)
    await store.db.write(lambda conn: conn.execute(
        delete(session_versions).where(session_versions.c.session_id == session_id)))


def _insert_new(conn: Connection, table: Table) -> Insert:
    """INSERT that does nothing when the row is there already: two workers may store the
    same version at once (content is addressed by hash, so either row is the same)."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    if conn.dialect.name == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    return insert(table)


async def pin_of(store: Store, session_id: str) -> Pin | None:
    cache = _cache(store)
    known = cache.get(session_id)
    if known is not None:
        return known

    def work(conn: Connection) -> Pin | None:
        query = select(session_versions).where(session_versions.c.session_id == session_id)
        found = conn.execute(query).mappings().first()
        return None if found is None else Pin(**dict(found))

    pinned = await store.db.read(work)
    if pinned is not None:
        cache.keep(pinned)
    return pinned


async def body_of(store: Store, kind: str, content_hash: str) -> Body | None:
    def work(conn: Connection) -> Body | None:
        query = select(content_versions).where(
            content_versions.c.kind == kind, content_versions.c.hash == content_hash)
        found = conn.execute(query).mappings().first()
        if found is None:
            return None
        return Body(kind=found["kind"], hash=found["hash"], doc_id=found["doc_id"],
                    body=found["body"])

    return await store.db.read(work)


async def branches_of(store: Store, session_id: str) -> list[Pin]:
    def work(conn: Connection) -> list[Pin]:
        query = select(session_versions).where(session_versions.c.branched_from == session_id)
        return [Pin(**dict(row)) for row in conn.execute(query).mappings()]

    return await store.db.read(work)
