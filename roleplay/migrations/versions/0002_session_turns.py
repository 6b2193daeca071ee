"""turns in their own rows (session_turns), a version on each session

A turn appends two rows instead of rewriting the session's whole state. Existing sessions are
moved over: their `state.turns` list becomes rows, and `state.turns` the number of rows.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_sessions = sa.table("sessions", sa.column("id", sa.String), sa.column("state", sa.JSON))
_turns = sa.table(
    "session_turns",
    sa.column("session_id", sa.String), sa.column("idx", sa.Integer), sa.column("turn", sa.JSON),
)


def upgrade() -> None:
    op.create_table(
        "session_turns",
        sa.Column("session_id", sa.String(64), nullable=False),
        sa.Column("idx", sa.Integer(), nullable=False),
        sa.Column("turn", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("session_id", "idx", name="pk_session_turns"),
    )
    op.add_column(
        "sessions", sa.Column("version", sa.Integer(), nullable=False, server_default="0")
    )
    bind = op.get_bind()
    for session_id, state in bind.execute(sa.select(_sessions.c.id, _sessions.c.state)).all():
        turns = state.get("turns") if isinstance(state, dict) else None
        if not isinstance(turns, list):
            continue
        if turns:
            bind.execute(sa.insert(_turns), [
                {"session_id": session_id, "idx": index, "turn": turn}
                for index, turn in enumerate(turns)
            ])
        _set_state(session_id, state | {"turns": len(turns)})


def downgrade() -> None:
    bind = op.get_bind()
    for session_id, state in bind.execute(sa.select(_sessions.c.id, _sessions.c.state)).all():
        if not isinstance(state, dict) or not isinstance(state.get("turns"), int):
            continue
        query = sa.select(_turns.c.turn).where(_turns.c.session_id == session_id)
        turns = list(bind.execute(query.order_by(_turns.c.idx)).scalars())
        _set_state(session_id, state | {"turns": turns})
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("version")
    op.drop_table("session_turns")


def _set_state(session_id: str, state: dict[str, Any]) -> None:
    op.get_bind().execute(
        sa.update(_sessions).where(_sessions.c.id == session_id).values(state=state)
    )
