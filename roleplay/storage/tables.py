"""The schema as SQLAlchemy Core tables (the migrations in roleplay/migrations create it)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Double,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "pk": "pk_%(table_name)s",
    }
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("owner", String(200), nullable=True, index=True),
    Column("persona", String(200), nullable=False),
    Column("rubric", String(200), nullable=False),
    Column("seed", Integer, nullable=False),
    Column("hide_feedback", Boolean, nullable=False),
    Column("state", JSON, nullable=False),
    Column("ended", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("lock_token", String(64), nullable=True),
    Column("lock_until", Double, nullable=True),
    Column("version", Integer, nullable=False, server_default="0"),
)
"""One row per session; `lock_token`/`lock_until` are the turn lease (epoch seconds). `state` is
the session's state without its turns: its `turns` member holds how many rows `session_turns`
has for the session. `version` goes up by one with every change of `state` or `ended`."""

session_turns = Table(
    "session_turns",
    metadata,
    Column("session_id", String(64), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("turn", JSON, nullable=False),
)
"""The turns of a session, one row each, appended and never rewritten by a turn."""

idempotency = Table(
    "idempotency_records",
    metadata,
    Column("scope", String(300), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("request_hash", String(128), nullable=True),
    Column("response", JSON, nullable=True),
    Column("session_id", String(64), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
"""A request seen under an Idempotency-Key: scope is `create:<owner>` or `turn:<session id>`."""

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("role", String(20), nullable=False),
    Column("hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)
"""API keys: the sha256 of the key, never the key."""

content_versions = Table(
    "content_versions",
    metadata,
    Column("kind", String(20), primary_key=True),
    Column("hash", String(64), primary_key=True),
    Column("doc_id", String(200), nullable=False),
    Column("body", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
"""Every version of a persona or rubric a session ran with (`kind` is persona or rubric;
`body` the validated document as JSON; `hash` its content hash, `roleplay.catalog`)."""

session_versions = Table(
    "session_versions",
    metadata,
    Column("session_id", String(64), primary_key=True),
    Column("persona_hash", String(64), nullable=False),
    Column("rubric_hash", String(64), nullable=False),
    Column("branched_from", String(64), nullable=True, index=True),
    Column("branched_at", Integer, nullable=True),
)
"""The persona and rubric version a session runs and is graded with, and for a branch the
session and turn it was branched from. Written once, before the session row; never changed."""
