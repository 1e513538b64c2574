"""What the dashboard needs without reading every answer: a summary per municipality and question.

``question_summaries`` is kept by every answer from now on (bot.store.summaries)
and made here from the answers already held. ``answers.has_evidence`` is noted
by the action server when it records an answer (it has GiNZA loaded for the
follow-ups anyway); older rows keep NULL, and bot.report.overview reads them
once, on first need.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("answers") as batch:
        batch.add_column(sa.Column("has_evidence", sa.Boolean, nullable=True))
    op.create_index("ix_answers_municipality_question_id", "answers", ["municipality_id", "question_id", "id"])
    op.create_table(
        "question_summaries",
        sa.Column("municipality_id", sa.Integer, sa.ForeignKey("municipalities.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("question_id", sa.String(255), primary_key=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("answers", sa.Integer, nullable=False),
        sa.Column("followups", sa.Integer, nullable=False),
        sa.Column("evident", sa.Boolean, nullable=True),
        sa.Column("last_at", sa.DateTime, nullable=False),
    )
    from bot.store import summaries  # the same folding as every new answer

    session = Session(bind=op.get_bind())
    summaries.rebuild(session)
    session.flush()


def downgrade() -> None:
    op.drop_table("question_summaries")
    op.drop_index("ix_answers_municipality_question_id", table_name="answers")
    with op.batch_alter_table("answers") as batch:
        batch.drop_column("has_evidence")
