"""Durable session storage: sessions, their turns, idempotency records and API keys.

    Store.open(url)          SQLite file (WAL, synchronous=FULL) or PostgreSQL (asyncpg);
                             migrates the schema to head with alembic
    create/get/list/end      sessions, newest first, keyset pagination
    turn_lock(session_id)    one turn of a session at a time, across workers and processes:
                             an in-process asyncio.Lock, then a lease on the session row
                             (storage/lease.py); no transaction stays open while the model is
                             called
    create/verify/revoke     API keys; only a sha256 of each key is stored
    shared                   rate-limit buckets and key-change news shared by every worker
                             (storage/shared.py: in memory, or Redis with `redis_url`)

A session's `state` is one JSON document for callers; stored, its `turns` list is one row per
turn (`session_turns`), so a turn appends rows instead of rewriting every earlier turn.
Every operation is one transaction run in one step (storage/database.py). A turn costs two
write transactions: taking the lease (which also reads the session's version and the
idempotency record), and saving the new state, the new turns and the idempotency record
together while expiring the lease. The newest copy of each session this process has seen is
kept in memory (`SessionCache`) and used when the version read with the lease matches.

A turn acknowledged to a client has been committed (SQLite: fsync'd WAL) before the response.
"""

from __future__ import annotations

import asyncio
import base64
import re
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, insert, or_, select, text, update
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from roleplay.errors import Conflict, InputError, NotFound
from roleplay.storage import keys, lease, migrate
from roleplay.storage.database import Database
from roleplay.storage.engine import engine_for
from roleplay.storage.keys import ROLES, ApiKeyRow, KeyCache, Role
from roleplay.storage.rows import IdempotentHit, SessionRow, is_session_id
from roleplay.storage.session_cache import SessionCache
from roleplay.storage.shared import Shared, open_shared
from roleplay.storage.tables import idempotency, session_turns, sessions
from roleplay.storage.times import aware, utcnow


class Store:
    """The only door to the database. Open with `await Store.open(url)`, close when done."""

    def __init__(self, engine: AsyncEngine, shared: Shared | None = None) -> None:
        self.db = Database(engine)
        self.engine = self.db.engine
        self.writer = self.db.writer
        self._local_locks: dict[str, _LocalLock] = {}
        self._recent = SessionCache()
        self._keys = KeyCache()
        self.shared = shared or Shared()
        self.shared.on_keys_changed(self._keys.clear)

    @classmethod
    async def open(
        cls, url: str, *, migrate_schema: bool = True, redis_url: str | None = None
    ) -> Store:
        """InputError (one line, no password) when the database cannot be reached or created.
        With `redis_url`, rate limits and key changes are shared through Redis."""
        engine = None
        try:
            engine = engine_for(url)
            if migrate_schema:
                await migrate.upgrade(engine)
        except (OSError, DBAPIError) as err:
            if engine is not None:
                await engine.dispose()
            raise InputError(_cannot_open(url, err)) from None
        except InputError as err:
            if engine is None:  # the URL itself is wrong: the message names it
                raise
            await engine.dispose()
            shown = make_url(url).render_as_string(hide_password=True)
            raise InputError(f"cannot use the database {shown}: {err}") from None
        store = cls(engine, open_shared(redis_url))
        await store.shared.start()
        return store

    async def close(self) -> None:
        await self.shared.close()
        await self.db.dispose()

    async def ping(self) -> bool:
        try:
            await self.db.read(lambda conn: conn.execute(text("SELECT 1")).all())
        except Exception:
            return False
        return True

    # sessions -----------------------------------------------------------------------------

    async def create_session(
        self,
        row: SessionRow,
        *,
        idem_key: str | None = None,
        request_hash: str | None = None,
        response: dict[str, Any] | None = None,
        max_open: int = 0,
    ) -> tuple[SessionRow, IdempotentHit | None]:
        """Store `row` (and its idempotency record), or return the session stored under the key.
        `max_open` > 0: TooManyOpenSessions when the owner already has that many open sessions
        (not ended, a change within OPEN_HOURS), counted in the inserting transaction."""
        scope = "create:" + (row.owner or "")
        if idem_key is not None:
            found = await self._stored_creation(scope, idem_key)
            if found is not None:
                return found

        def work(conn: Connection) -> None:
            if max_open:
                _check_open(conn, row.owner, max_open)
            _insert_session(conn, row)
            if idem_key is not None:
                _record(conn, scope, idem_key, request_hash, response, row.id)

        try:
            await self.db.write(work)
        except IntegrityError:
            found = await self._stored_creation(scope, idem_key) if idem_key else None
            if found is None:
                raise Conflict(f"session {row.id!r} already exists") from None
            return found
        self._recent.keep(row)
        return row, None

    async def _stored_creation(
        self, scope: str, idem_key: str
    ) -> tuple[SessionRow, IdempotentHit] | None:
        def work(conn: Connection) -> tuple[SessionRow, IdempotentHit] | None:
            hit, session_id = _find_record(conn, scope, idem_key)
            if hit is None or session_id is None:
                return None
            row = _load(conn, session_id)
            return (row, hit) if row is not None else None

        return await self.db.read(work)

    async def get_session(self, id: str, *, recent: bool = False) -> SessionRow | None:
        """The session as stored now. `recent=True`: a copy from memory if this process has
        one, which may be behind another worker's latest turn: only for what a session never
        changes (owner, persona, rubric, seed, hide_feedback)."""
        if not is_session_id(id):
            return None
        if recent:
            cached = self._recent.get(id)
            if cached is not None:
                return cached
        row = await self.db.read(lambda conn: _load(conn, id))
        if row is not None:
            self._recent.keep(row)
        return row

    async def list_sessions(
        self, *, owner: str | None = None, limit: int = 50, cursor: str | None = None
    ) -> tuple[list[SessionRow], str | None]:
        """Newest first; `owner=None` lists everyone's. Returns the page and the next cursor.
        The rows are summaries: their turns are not loaded (`state["turns"]` is the count, see
        `SessionRow.turn_count`), so a page costs one query however long the calls were."""
        query = select(sessions).order_by(sessions.c.created_at.desc(), sessions.c.id.desc())
        if owner is not None:
            query = query.where(sessions.c.owner == owner)
        if cursor is not None:
            created, last_id = _decode_cursor(cursor)
            query = query.where(
                or_(
                    sessions.c.created_at < created,
                    and_(sessions.c.created_at == created, sessions.c.id < last_id),
                )
            )

        def work(conn: Connection) -> list[SessionRow]:
            found = conn.execute(query.limit(limit + 1)).mappings().all()
            return [_session_row(item, None) for item in found]

        found = await self.db.read(work)
        rows = found[:limit]
        more = len(found) > limit
        return rows, (_encode_cursor(rows[-1]) if more and rows else None)

    async def end_session(self, id: str, state: dict[str, Any]) -> SessionRow:
        """Store `state` and mark the session ended (callers hold `turn_lock`)."""
        if not is_session_id(id):
            raise NotFound(f"no session {id!r}")

        def work(conn: Connection) -> SessionRow:
            stored = _load(conn, id)
            if stored is None:
                raise NotFound(f"no session {id!r}")
            now = utcnow()
            version = _update_state(conn, stored, state, True, now, None)
            assert version is not None
            return stored.model_copy(
                update={"state": state, "ended": True, "updated_at": now, "version": version}
            )

        row = await self.db.write(work)
        self._recent.keep(row)
        return row

    # turns --------------------------------------------------------------------------------

    def turn_lock(
        self, session_id: str, *, idem_key: str | None = None
    ) -> AbstractAsyncContextManager[LockedSession]:
        """Hold the session for one turn; raises NotFound, or Conflict after lease.WAIT_SECONDS.
        With `idem_key`, the idempotency record under that key is read in the same step."""
        return self._turn_lock(session_id, idem_key)

    @asynccontextmanager
    async def _turn_lock(
        self, session_id: str, idem_key: str | None
    ) -> AsyncIterator[LockedSession]:
        if not is_session_id(session_id):
            raise NotFound(f"no session {session_id!r}")
        local = self._local_locks.setdefault(session_id, _LocalLock())
        local.users += 1
        try:
            async with local.lock:
                token, version, hit = await lease.take(
                    self.db, session_id, _record_reader(session_id, idem_key)
                )
                renewal = lease.Renewal(self.db, session_id, token)
                locked: LockedSession | None = None
                try:
                    row = self._recent.get(session_id)
                    if row is None or row.version != version:
                        row = await self._locked_load(session_id)
                    locked = LockedSession(self, row, token, idem_key, hit)
                    yield locked
                finally:
                    renewal.cancel()
                    if locked is None or not locked.saved:
                        await self.db.write(lambda conn: lease.release(conn, session_id, token))
        finally:
            local.users -= 1
            if local.users == 0:
                self._local_locks.pop(session_id, None)

    async def _locked_load(self, session_id: str) -> SessionRow:
        row = await self.db.read(lambda conn: _load(conn, session_id))
        if row is None:
            raise NotFound(f"no session {session_id!r}")
        self._recent.keep(row)
        return row

    # API keys -----------------------------------------------------------------------------

    async def create_key(self, name: str, role: Role) -> tuple[str, str]:
        """A new key: returns (key_id, plaintext). The plaintext is shown once, never stored."""
        key_id, plaintext = keys.new_key(role)
        await self.db.write(lambda conn: keys.create(conn, key_id, plaintext, name, role))
        await self.shared.keys_changed()
        return key_id, plaintext

    async def verify_key(self, plaintext: str, *, cached_only: bool = False) -> ApiKeyRow | None:
        """The active key with this plaintext, or None (keys.CACHE_SECONDS: see storage/keys).
        A key unknown here is remembered as unknown for as long, so repeating it costs no
        query (a new key is random: nobody can have tried it before it was created)."""
        digest = keys.hash_key(plaintext)
        key = self._keys.key(digest)
        if key is None:
            if cached_only or self._keys.unknown(digest):
                return None
            key = await self.db.read(lambda conn: keys.find(conn, digest))
            if key is not None:
                self._keys.keep_key(digest, key)
            else:
                self._keys.keep_unknown(digest)
        return key if key is not None and key.active else None

    async def revoke_key(self, key_id: str) -> bool:
        """True if an active key was revoked."""
        revoked = await self.db.write(lambda conn: keys.revoke(conn, key_id))
        await self.shared.keys_changed()
        return revoked

    async def list_keys(self) -> list[ApiKeyRow]:
        return await self.db.read(keys.list_all)

    async def has_keys(self) -> bool:
        """True when any key is active: the server then requires one on every request."""
        active = self._keys.any_active()
        if active is None:
            active = await self.db.read(keys.any_active)
            self._keys.keep_any_active(active)
        return active


class LockedSession:
    """A session held by `Store.turn_lock`: `row` is current as of taking the lock."""

    def __init__(
        self, store: Store, row: SessionRow, token: str, idem_key: str | None,
        hit: IdempotentHit | None,
    ) -> None:
        self.store = store
        self.row = row
        self.saved = False
        self._token = token
        self._read_key = idem_key
        self._read_hit = hit

    async def find_idempotent(self, key: str) -> IdempotentHit | None:
        if key == self._read_key and not self.saved:
            return self._read_hit
        scope = _turn_scope(self.row.id)
        return await self.store.db.read(lambda conn: _find_record(conn, scope, key)[0])

    async def save_turn(
        self,
        state: dict[str, Any],
        ended: bool,
        *,
        idem_key: str | None = None,
        request_hash: str | None = None,
        response: dict[str, Any],
    ) -> None:
        """The new state (its new turns appended), the idempotency record, and the lease expired
        so the next turn can take it, in one transaction: all or nothing."""
        row, token, now = self.row, self._token, utcnow()

        def work(conn: Connection) -> int:
            version = _update_state(conn, row, state, ended, now, token)
            if version is None:
                raise Conflict(f"session {row.id!r} lost its turn lock; retry the turn")
            if idem_key is not None:
                _record(conn, _turn_scope(row.id), idem_key, request_hash, response, row.id)
            return version

        version = await self.store.db.write(work)
        self.saved = True
        self.row = row.model_copy(
            update={"state": state, "ended": ended, "updated_at": now, "version": version}
        )
        self.row.keep_parsed(None)
        self.store._recent.keep(self.row)


class _LocalLock:
    """The in-process lock in front of the lease, and how many tasks hold or wait for it."""

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


# --- statements (each runs inside a transaction of Database.read/write) ------------------------


def _split(state: dict[str, Any]) -> tuple[dict[str, Any], list[Any] | None]:
    """(the state as stored, its turns): a `turns` list is stored as rows, its length in state."""
    turns = state.get("turns")
    if not isinstance(turns, list):
        return state, None
    return {**state, "turns": len(turns)}, turns


def _insert_session(conn: Connection, row: SessionRow) -> None:
    head, turns = _split(row.state)
    values = row.model_dump() | {"state": head, "lock_token": None, "lock_until": None}
    conn.execute(insert(sessions).values(**values))
    if turns:
        _insert_turns(conn, row.id, 0, turns)


def _insert_turns(conn: Connection, session_id: str, start: int, turns: Sequence[Any]) -> None:
    conn.execute(_INSERT_TURNS, [
        {"session_id": session_id, "idx": start + offset, "turn": turn}
        for offset, turn in enumerate(turns)
    ])


_SET_STATE = {"state": bindparam("b_state"), "ended": bindparam("b_ended"),
              "updated_at": bindparam("b_now"), "version": sessions.c.version + 1}
_SAVE_HELD = (
    update(sessions)
    .where(sessions.c.id == bindparam("b_id"), sessions.c.lock_token == bindparam("b_token"))
    .values(**_SET_STATE, lock_until=0.0)
    .returning(sessions.c.version)
)
"""Save a turn under its lease and expire the lease (the token stays: a second save by the
same holder still works until another turn takes the lease)."""
_SAVE_ANY = (
    update(sessions).where(sessions.c.id == bindparam("b_id")).values(**_SET_STATE)
    .returning(sessions.c.version)
)
_INSERT_TURNS = insert(session_turns)
_LOAD = select(sessions).where(sessions.c.id == bindparam("b_id"))


def _update_state(
    conn: Connection, stored: SessionRow, state: dict[str, Any], ended: bool, now: datetime,
    token: str | None,
) -> int | None:
    """Write `state` over `stored` (the row as read under the same lease or transaction):
    append its new turns, or rewrite them if earlier ones changed. With `token`, only while
    that lease is held, and the lease is expired. The new version, or None if no row matched."""
    head, turns = _split(state)
    params = {"b_id": stored.id, "b_state": head, "b_ended": ended, "b_now": now}
    if token is not None:
        found = conn.execute(_SAVE_HELD, params | {"b_token": token}).first()
    else:
        found = conn.execute(_SAVE_ANY, params).first()
    if found is None:
        return None
    before = stored.state.get("turns")
    before = before if isinstance(before, list) else []
    turns = turns or []
    if len(turns) >= len(before) and turns[: len(before)] == before:
        new, start = turns[len(before):], len(before)
    else:
        conn.execute(delete(session_turns).where(session_turns.c.session_id == stored.id))
        new, start = turns, 0
    if new:
        _insert_turns(conn, stored.id, start, new)
    return int(found[0])


def _load(conn: Connection, session_id: str) -> SessionRow | None:
    found = conn.execute(_LOAD, {"b_id": session_id}).mappings().first()
    if found is None:
        return None
    turns = _turns_of(conn, [session_id]) if found["state"].get("turns") else {}
    return _session_row(found, turns.get(session_id, []))


def _turns_of(conn: Connection, session_ids: list[str]) -> dict[str, list[Any]]:
    if not session_ids:
        return {}
    query = (
        select(session_turns.c.session_id, session_turns.c.turn)
        .where(session_turns.c.session_id.in_(session_ids))
        .order_by(session_turns.c.session_id, session_turns.c.idx)
    )
    found: dict[str, list[Any]] = {}
    for session_id, turn in conn.execute(query):
        found.setdefault(session_id, []).append(turn)
    return found


def _record(
    conn: Connection,
    scope: str,
    key: str,
    request_hash: str | None,
    response: dict[str, Any] | None,
    session_id: str | None,
) -> None:
    conn.execute(
        insert(idempotency).values(
            scope=scope, key=key, request_hash=request_hash, response=response,
            session_id=session_id, created_at=utcnow(),
        )
    )


def _find_record(
    conn: Connection, scope: str, key: str
) -> tuple[IdempotentHit | None, str | None]:
    query = select(idempotency).where(idempotency.c.scope == scope, idempotency.c.key == key)
    found = conn.execute(query).mappings().first()
    if found is None:
        return None, None
    return IdempotentHit(found["request_hash"], found["response"]), found["session_id"]


def _record_reader(
    session_id: str, key: str | None
) -> Callable[[Connection], IdempotentHit | None] | None:
    """What `lease.take` reads along with the lease: the turn's idempotency record, if keyed."""
    if key is None:
        return None
    return lambda conn: _find_record(conn, _turn_scope(session_id), key)[0]


def _turn_scope(session_id: str) -> str:
    """The idempotency scope of a session's turns."""
    return "turn:" + session_id


def _session_row(found: Any, turns: list[Any] | None) -> SessionRow:
    """A stored session; with `turns=None` its state keeps the turn count instead of the turns."""
    state = found["state"]
    if turns is not None and isinstance(state.get("turns"), int):
        state = {**state, "turns": turns}
    return SessionRow.model_construct(
        id=found["id"], owner=found["owner"], persona=found["persona"], rubric=found["rubric"],
        seed=found["seed"], hide_feedback=bool(found["hide_feedback"]), state=state,
        ended=bool(found["ended"]), created_at=aware(found["created_at"]),
        updated_at=aware(found["updated_at"]), version=found["version"],
    )


def _cannot_open(url: str, err: OSError | DBAPIError) -> str:
    shown = make_url(url).render_as_string(hide_password=True)
    reason = err.orig if isinstance(err, DBAPIError) else err
    return f"cannot open the database {shown}: {reason}".splitlines()[0]


def _encode_cursor(row: SessionRow) -> str:
    raw = f"{row.created_at.isoformat()}|{row.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


_CURSOR = re.compile(r"[A-Za-z0-9_-]{1,200}")


def _decode_cursor(cursor: str) -> tuple[datetime, str]:
    """(created_at, id) of the last row of the previous page; InputError for anything that is
    not a cursor `_encode_cursor` made, checked before any query uses it."""
    try:
        if not _CURSOR.fullmatch(cursor):
            raise ValueError
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        created, last_id = raw.split("|", 1)
        stamp = datetime.fromisoformat(created)
        if stamp.tzinfo is None or not is_session_id(last_id):
            raise ValueError
        return stamp, last_id
    except (ValueError, UnicodeDecodeError):
        shown = cursor[:60].encode("unicode_escape").decode()
        raise InputError(
            f"invalid cursor '{shown}': pass the `next` of the previous page as `cursor`"
        ) from None


OPEN_HOURS = 24
"""A session counts as open for `max_open` while not ended and changed within this many hours
(an abandoned call stops counting after a day)."""


class TooManyOpenSessions(Conflict):
    title = "Too many open sessions"


def _check_open(conn: Connection, owner: str | None, max_open: int) -> None:
    since = utcnow() - timedelta(hours=OPEN_HOURS)
    mine = sessions.c.owner.is_(None) if owner is None else sessions.c.owner == owner
    query = (
        select(func.count()).select_from(sessions)
        .where(mine, sessions.c.ended.is_(False), sessions.c.updated_at > since)
    )
    if conn.execute(query).scalar_one() >= max_open:
        raise TooManyOpenSessions(
            f"{owner or 'this caller'} already has {max_open} open sessions (the limit): end one "
            f"with POST /v1/sessions/{{id}}/end, or let it idle for {OPEN_HOURS} hours"
        )


__all__ = [
    "ROLES", "ApiKeyRow", "IdempotentHit", "LockedSession", "Role", "SessionRow", "Store",
    "TooManyOpenSessions",
]
