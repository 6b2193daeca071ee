"""content versions: each session records the persona and rubric version it ran with

`content_versions` keeps every version of a persona or rubric file that a session used, by
content hash, so grading and later turns use that version after the file is edited or removed.
`session_versions` pins a session to its versions (and records where a branch came from).
Sessions stored before this revision have no pin and use the current files.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "content_versions",
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("doc_id", sa.String(200), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("kind", "hash", name="pk_content_versions"),
    )
    op.create_table(
        "session_versions",
        sa.Column("session_id", sa.String(64), nullable=False),
        sa.Column("persona_hash", sa.String(64), nullable=False),
        sa.Column("rubric_hash", sa.String(64), nullable=False),
        sa.Column("branched_from", sa.String(64), nullable=True),
        sa.Column("branched_at", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("session_id", name="pk_session_versions"),
    )
    op.create_index("ix_session_versions_branched_from", "session_versions", ["branched_from"])


def downgrade() -> None:
    op.drop_index("ix_session_versions_branched_from", table_name="session_versions")
    op.drop_table("session_versions")
    op.drop_table("content_versions")
