"""The register: followed suites, block hashes, events, and balances, freezes and investors by position.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sectoken.register.schema import Uint256

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_ADDRESS = sa.String(42)


def _suite_id() -> sa.Column[int]:
    return sa.Column("suite_id", sa.Integer, sa.ForeignKey("suites.id", ondelete="CASCADE"), primary_key=True)


def _position() -> sa.Column[int]:
    return sa.Column("position", sa.BigInteger, primary_key=True)


def upgrade() -> None:
    """Create the tables."""
    op.create_table(
        "suites",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("chain_id", sa.BigInteger, nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("token", _ADDRESS, nullable=False),
        sa.Column("symbol", sa.String(64), nullable=False),
        sa.Column("decimals", sa.Integer, nullable=False),
        sa.Column("start_block", sa.BigInteger, nullable=False),
        sa.Column("synced_block", sa.BigInteger, nullable=True),
        sa.Column("synced_hash", sa.String(66), nullable=True),
        sa.UniqueConstraint("chain_id", "token", name="uq_suites_chain_token"),
    )
    op.create_table(
        "blocks", _suite_id(), sa.Column("number", sa.BigInteger, primary_key=True),
        sa.Column("hash", sa.String(66), nullable=False),
    )
    op.create_table(
        "events", _suite_id(), _position(),
        sa.Column("block_number", sa.BigInteger, nullable=False),
        sa.Column("log_index", sa.Integer, nullable=False),
        sa.Column("tx_hash", sa.String(66), nullable=False),
        sa.Column("contract", _ADDRESS, nullable=False),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("args", sa.Text, nullable=False),
    )
    op.create_index("ix_events_suite_name", "events", ["suite_id", "name", "position"])
    op.create_table(
        "balances", _suite_id(), sa.Column("asset", sa.String(16), primary_key=True),
        sa.Column("wallet", _ADDRESS, primary_key=True), _position(),
        sa.Column("balance", Uint256, nullable=False),
    )
    op.create_index("ix_balances_suite_asset_position", "balances", ["suite_id", "asset", "position"])
    op.create_table(
        "freezes", _suite_id(), sa.Column("wallet", _ADDRESS, primary_key=True), _position(),
        sa.Column("tokens", Uint256, nullable=False),
        sa.Column("wallet_frozen", sa.Boolean, nullable=False),
    )
    op.create_table(
        "investors", _suite_id(), sa.Column("wallet", _ADDRESS, primary_key=True), _position(),
        sa.Column("identity", _ADDRESS, nullable=False),
        sa.Column("country", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    """Drop the tables."""
    for table in ("investors", "freezes", "balances", "events", "blocks", "suites"):
        op.drop_table(table)
