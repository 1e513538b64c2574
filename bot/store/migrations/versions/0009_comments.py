"""Comments between visits: a support-team member comments on an answer, the staff member replies.

- ``comments``: one row per comment or reply, on one answer, by one person, with when it was read.
  A reply is a row with ``reply_to`` (the comment it answers), not a new answer: an answer is stored
  once and the report's versions stay the staff's own words. A deleted answer or person takes their
  comments with them (bot.store.disclosure deletes them explicitly too); a reply to a deleted
  comment stays, as a note on the answer.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("answer_id", sa.Integer, sa.ForeignKey("answers.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("people.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("read_at", sa.DateTime, nullable=True),
        sa.Column("reply_to", sa.Integer, sa.ForeignKey("comments.id", ondelete="SET NULL"), nullable=True,
                  index=True),
    )


def downgrade() -> None:
    op.drop_table("comments")
