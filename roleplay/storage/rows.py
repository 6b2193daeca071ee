"""What the store hands out: a stored session (`SessionRow`) and an idempotency hit.

Plain data, no database access: the store (`storage/store.py`), its cache
(`storage/session_cache.py`) and the API all use these.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field, PrivateAttr

from roleplay.storage.times import utcnow

SEED_MAX = 2**31 - 1
"""The largest seed every backend stores (`sessions.seed` is a 32-bit integer on PostgreSQL)."""

SESSION_ID = re.compile(r"s_[0-9a-f]{32}")
"""What `new_session_id` makes. Anything else names no session, and is never sent to the
database (a NUL byte, say, is an error in a PostgreSQL query, not a miss)."""


def new_session_id() -> str:
    return "s_" + uuid.uuid4().hex


def is_session_id(value: str) -> bool:
    return SESSION_ID.fullmatch(value) is not None


class SessionRow(BaseModel):
    """One stored session; `state` is conversation.SessionState as JSON. `version` goes up by
    one with every change of `state` or `ended`."""

    id: str = Field(default_factory=new_session_id)
    owner: str | None = None
    persona: str
    rubric: str
    seed: int = Field(0, ge=0, le=SEED_MAX)
    hide_feedback: bool = False
    state: dict[str, Any] = Field(default_factory=dict)
    ended: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = 0
    _parsed: Any = PrivateAttr(default=None)
    """For callers: `state` parsed once (`roleplay.api.views.session_state`); rows are cached
    and shared, so what is kept here must be treated as read-only."""

    @property
    def parsed(self) -> Any:
        return self._parsed

    def keep_parsed(self, parsed: Any) -> None:
        self._parsed = parsed

    @property
    def turn_count(self) -> int:
        """Turns so far: from the loaded turns, or the count a listing row keeps instead."""
        turns = self.state.get("turns")
        return turns if isinstance(turns, int) else len(turns or [])


@dataclass(frozen=True)
class IdempotentHit:
    """A request seen before under the same Idempotency-Key: its fingerprint and its response."""

    request_hash: str | None
    response: dict[str, Any] | None
