"""Prompts an adviser chose for a meeting, ticked on its preparation sheet (bot.report.prepare).

- ``prompt_ticks``: one row per meeting (a visit) and prompt, with who ticked it and when; the
  report shows them for the meetings held. A tick goes with its visit or municipality; a deleted
  person's ticks stay, without the person.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "prompt_ticks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("municipality_id", sa.Integer, sa.ForeignKey("municipalities.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("visit_id", sa.Integer, sa.ForeignKey("visits.id", ondelete="CASCADE"), nullable=False),
        sa.Column("question_id", sa.String(255), nullable=False),
        sa.Column("prompt_id", sa.String(255), nullable=False),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("people.id", ondelete="SET NULL"), nullable=True,
                  index=True),
        sa.Column("ticked_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("visit_id", "prompt_id", name="uq_prompt_tick"),
    )


def downgrade() -> None:
    op.drop_table("prompt_ticks")
