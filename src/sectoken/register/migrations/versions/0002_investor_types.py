"""Investor types: each identity's type after each ``InvestorTypeUpdated``, and the backfills a register
synced before this revision needs.

A suite synced to some block before this revision never read its ``InvestorTypeUpdated`` events: it gets
a ``backfills`` row up to its synced block, and its next sync reads those events first (until then the
register does not answer for it, see :meth:`sectoken.register.RegisterSource.covers`).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _suite_id() -> sa.Column[int]:
    return sa.Column("suite_id", sa.Integer, sa.ForeignKey("suites.id", ondelete="CASCADE"), primary_key=True)


def upgrade() -> None:
    """Create the tables and schedule the backfill of every suite synced so far."""
    op.create_table(
        "investor_types", _suite_id(), sa.Column("identity", sa.String(42), primary_key=True),
        sa.Column("position", sa.BigInteger, primary_key=True),
        sa.Column("investor_type", sa.Integer, nullable=False),
    )
    op.create_table(
        "backfills", _suite_id(), sa.Column("event", sa.String(64), primary_key=True),
        sa.Column("to_block", sa.BigInteger, nullable=False),
    )
    op.execute(
        "INSERT INTO backfills (suite_id, event, to_block) "
        "SELECT id, 'InvestorTypeUpdated', synced_block FROM suites WHERE synced_block IS NOT NULL"
    )


def downgrade() -> None:
    """Drop the tables and the events only this revision follows."""
    op.drop_table("backfills")
    op.drop_table("investor_types")
    op.execute("DELETE FROM events WHERE name = 'InvestorTypeUpdated'")
