"""The first version: answers and where each walk stands.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sender_id", sa.String(255), nullable=False),
        sa.Column("question_id", sa.String(255), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("message_id", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("sender_id", "message_id", name="uq_answer_turn"),
    )
    op.create_index("ix_answers_sender_id", "answers", ["sender_id"])
    op.create_index("ix_answers_question_id", "answers", ["question_id"])
    op.create_table(
        "walks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sender_id", sa.String(255), nullable=False),
        sa.Column("walk_key", sa.String(255), nullable=False),
        sa.Column("question_id", sa.String(255), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("sender_id", "walk_key", name="uq_walk"),
    )
    op.create_index("ix_walks_sender_id", "walks", ["sender_id"])


def downgrade() -> None:
    op.drop_table("walks")
    op.drop_table("answers")
