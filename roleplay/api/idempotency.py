"""Idempotency keys: the request fingerprint and the error for a key reused with another body."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from roleplay.errors import InputError


class IdempotencyKeyReused(InputError):
    """The same Idempotency-Key was sent before with a different body."""

    status = 422
    title = "Idempotency key reused"


def request_hash(body: Any) -> str:
    """A stable fingerprint of a request body (JSON-able), for comparing retries."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def check_same_request(stored_hash: str | None, new_hash: str) -> None:
    if stored_hash is not None and stored_hash != new_hash:
        raise IdempotencyKeyReused(
            "this Idempotency-Key was already used with a different request body; "
            "use a new key for a new request"
        )
