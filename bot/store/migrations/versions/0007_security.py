"""Security: an audit trail, login failures by source address, and sessions that idle out.

- ``audit_events``: who did what to which municipality, when and from where (bot.store.audit).
- ``login_failures.source``: failures are counted per source address and per login, so that
  failures from one address never lock the owner out from another (bot.store.accounts).
- ``web_sessions.last_seen_at``: an idle session ends even within its lifetime.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False, index=True),
        sa.Column("actor", sa.String(100), nullable=True, index=True),
        sa.Column("action", sa.String(40), nullable=False, index=True),
        sa.Column("municipality_id", sa.Integer, nullable=True, index=True),
        sa.Column("target", sa.String(255), nullable=True),
        sa.Column("detail", sa.Text, nullable=True),
        sa.Column("source", sa.String(64), nullable=True),
    )
    with op.batch_alter_table("login_failures") as batch:
        batch.add_column(sa.Column("source", sa.String(64), nullable=True))
        batch.create_index("ix_login_failures_source", ["source"])
    with op.batch_alter_table("web_sessions") as batch:
        batch.add_column(sa.Column("last_seen_at", sa.DateTime, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("web_sessions") as batch:
        batch.drop_column("last_seen_at")
    with op.batch_alter_table("login_failures") as batch:
        batch.drop_index("ix_login_failures_source")
        batch.drop_column("source")
    op.drop_table("audit_events")
