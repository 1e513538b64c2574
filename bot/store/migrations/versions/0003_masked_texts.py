"""A cache of masked texts, so a report over thousands of turns masks each text once.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "masked_texts",
        sa.Column("digest", sa.String(64), primary_key=True),
        sa.Column("masked", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("masked_texts")
