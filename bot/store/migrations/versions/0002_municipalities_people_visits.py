"""The system of record: municipalities, people, who supports whom, visits; answers bound to them.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "municipalities",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("prefecture", sa.String(20), nullable=False),
        sa.Column("code", sa.String(6), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "people",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("login", sa.String(100), nullable=False, unique=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("municipality_id", sa.Integer, sa.ForeignKey("municipalities.id"), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "supports",
        sa.Column("person_id", sa.Integer, sa.ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("municipality_id", sa.Integer, sa.ForeignKey("municipalities.id", ondelete="CASCADE"),
                  primary_key=True),
    )
    op.create_table(
        "visits",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("municipality_id", sa.Integer, sa.ForeignKey("municipalities.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("event", sa.String(20), nullable=False),
        sa.Column("held_on", sa.Date, nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("municipality_id", "event", "held_on", name="uq_visit"),
    )
    with op.batch_alter_table("answers") as batch:
        batch.add_column(sa.Column("followup", sa.Text, nullable=True))
        batch.add_column(sa.Column("reply_to_followup", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("person_id", sa.Integer, nullable=True))
        batch.add_column(sa.Column("municipality_id", sa.Integer, nullable=True))
        batch.create_foreign_key("fk_answers_person", "people", ["person_id"], ["id"])
        batch.create_foreign_key("fk_answers_municipality", "municipalities", ["municipality_id"], ["id"])
        batch.create_index("ix_answers_person_id", ["person_id"])
        batch.create_index("ix_answers_municipality_id", ["municipality_id"])
    with op.batch_alter_table("walks") as batch:
        batch.add_column(sa.Column("finished_at", sa.DateTime, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("walks") as batch:
        batch.drop_column("finished_at")
    with op.batch_alter_table("answers") as batch:
        batch.drop_index("ix_answers_municipality_id")
        batch.drop_index("ix_answers_person_id")
        batch.drop_constraint("fk_answers_municipality", type_="foreignkey")
        batch.drop_constraint("fk_answers_person", type_="foreignkey")
        batch.drop_column("municipality_id")
        batch.drop_column("person_id")
        batch.drop_column("reply_to_followup")
        batch.drop_column("followup")
    op.drop_table("visits")
    op.drop_table("supports")
    op.drop_table("people")
    op.drop_table("municipalities")
