"""One home for the conversation: each person's place, every turn's outcome, disabled logins.

The place in a walk used to live partly in Rasa's slots; now the record holds all of it.
The web app's remembered turns (web_turns) become the turns of the record.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()))
    with op.batch_alter_table("walks") as batch:
        batch.add_column(sa.Column("awaiting_followup", sa.Boolean, nullable=False, server_default="0"))
        batch.add_column(sa.Column("asked", sa.Boolean, nullable=False, server_default="0"))
        batch.add_column(sa.Column("offered_easier", sa.Boolean, nullable=False, server_default="0"))
    op.create_table(
        "places",
        sa.Column("sender_id", sa.String(255), primary_key=True),
        sa.Column("walk_key", sa.String(255), nullable=True),
        sa.Column("offer", sa.String(50), nullable=True),
        sa.Column("held_text", sa.Text, nullable=True),
        sa.Column("last_turn_at", sa.DateTime, nullable=True),
    )
    op.create_table(
        "turns",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sender_id", sa.String(255), nullable=False),
        sa.Column("turn_key", sa.String(255), nullable=False),
        sa.Column("intent", sa.String(50), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("outcome", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("sender_id", "turn_key", name="uq_turn"),
    )
    op.create_index("ix_turns_sender_id_id", "turns", ["sender_id", "id"])
    op.create_index("ix_answers_sender_question_id", "answers", ["sender_id", "question_id", "id"])
    # The web app's remembered turns keep answering their resends (copied in SQL: any dialect, any row count).
    op.execute(
        "INSERT INTO turns (sender_id, turn_key, intent, text, outcome, created_at) "
        "SELECT p.login, 'client:' || w.client_id, 'unknown', '', '{\"legacy_replies\": ' || w.replies || '}', "
        "w.created_at FROM web_turns w JOIN people p ON p.id = w.person_id"
    )
    op.drop_table("web_turns")


def downgrade() -> None:
    op.create_table(
        "web_turns",
        sa.Column("person_id", sa.Integer, sa.ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("client_id", sa.String(100), primary_key=True),
        sa.Column("replies", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.drop_index("ix_answers_sender_question_id", table_name="answers")
    op.drop_index("ix_turns_sender_id_id", table_name="turns")
    op.drop_table("turns")
    op.drop_table("places")
    with op.batch_alter_table("walks") as batch:
        batch.drop_column("offered_easier")
        batch.drop_column("asked")
        batch.drop_column("awaiting_followup")
    with op.batch_alter_table("people") as batch:
        batch.drop_column("active")
