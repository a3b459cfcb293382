"""The register's tables (SQLAlchemy Core), in one place: the Alembic migrations create them.

Every row belongs to one followed suite (``suites.id``). Facts are kept as the chain gives them, one row
per change, positioned by ``position = block_number * 2**24 + log_index`` (the event that made the change),
so the state at any block is "the last row at or before it" and undoing a reorganisation is deleting the
rows above a block:

- ``events``: every followed event, decoded (arguments as JSON).
- ``balances``: a wallet's balance after each ``Transfer`` of the security token or the stablecoin.
- ``freezes``: a wallet's frozen amount and wallet freeze after each freeze event of the token.
- ``investors``: a wallet's identity and country after each change in the identity registry storage.
- ``investor_types``: an identity's investor type (0 an individual, 1 an entity) after each
  ``InvestorTypeUpdated`` of the suite's identity registry or of another registry while it is bound to the
  suite's storage (the type belongs to the identity, in the storage, not to the wallet).
- ``backfills``: events followed only since a later version of the register, still to be read in the blocks
  a suite had synced before (``to_block``: the last of them); the next sync reads them first.
- ``blocks``: hashes of the synced blocks that had events and of each synced tip, to detect reorganisations.

Amounts are ``uint256``: :class:`Uint256` stores them exactly (``NUMERIC(78, 0)`` on PostgreSQL, a
fixed-width decimal string on SQLite, whose integers stop at 64 bits).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

__all__ = [
    "LOG_INDEX_BITS",
    "Uint256",
    "backfills",
    "balances",
    "blocks",
    "events",
    "freezes",
    "investor_types",
    "investors",
    "metadata",
    "position",
    "suites",
]

#: Bits of a position kept for the log index (a block holds far fewer than 2**24 logs).
LOG_INDEX_BITS = 24


def position(block_number: int, log_index: int = 0) -> int:
    """The position of a log in the chain: ``block_number * 2**24 + log_index``."""
    return (block_number << LOG_INDEX_BITS) | log_index


class Uint256(TypeDecorator[int]):
    """An exact ``uint256``: ``NUMERIC(78, 0)`` on PostgreSQL, a 78-digit zero-padded string elsewhere
    (which also compares and sorts like the number)."""

    impl = String(78)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """``NUMERIC(78, 0)`` on PostgreSQL, ``VARCHAR(78)`` elsewhere."""
        if dialect.name == "postgresql":
            return dialect.type_descriptor(Numeric(78, 0))
        return dialect.type_descriptor(String(78))

    def process_bind_param(self, value: int | None, dialect: Dialect) -> Any:
        """The value as the column stores it."""
        if value is None:
            return None
        if dialect.name == "postgresql":
            return Decimal(value)
        return f"{int(value):078d}"

    def process_result_value(self, value: Any, dialect: Dialect) -> int | None:
        """The stored value as an ``int``."""
        return None if value is None else int(value)


metadata = MetaData()

suites = Table(
    "suites",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("chain_id", BigInteger, nullable=False),
    Column("name", String(64), nullable=False),
    Column("token", String(42), nullable=False),
    Column("symbol", String(64), nullable=False),
    Column("decimals", Integer, nullable=False),
    Column("start_block", BigInteger, nullable=False),
    Column("synced_block", BigInteger, nullable=True),
    Column("synced_hash", String(66), nullable=True),
    UniqueConstraint("chain_id", "token", name="uq_suites_chain_token"),
)


def _suite_id() -> Column[int]:
    return Column("suite_id", Integer, ForeignKey("suites.id", ondelete="CASCADE"), primary_key=True)


blocks = Table(
    "blocks",
    metadata,
    _suite_id(),
    Column("number", BigInteger, primary_key=True),
    Column("hash", String(66), nullable=False),
)

events = Table(
    "events",
    metadata,
    _suite_id(),
    Column("position", BigInteger, primary_key=True),
    Column("block_number", BigInteger, nullable=False),
    Column("log_index", Integer, nullable=False),
    Column("tx_hash", String(66), nullable=False),
    Column("contract", String(42), nullable=False),
    Column("source", String(40), nullable=False),
    Column("name", String(64), nullable=False),
    Column("args", Text, nullable=False),
    Index("ix_events_suite_name", "suite_id", "name", "position"),
)

def _history(name: str, *columns: Any, asset: bool = False, key: str = "wallet") -> Table:
    """A table of a wallet's (or an identity's) state after each change: keyed by suite, (asset,) ``key``
    and position."""
    keys = [Column("asset", String(16), primary_key=True)] if asset else []
    return Table(
        name, metadata, _suite_id(), *keys, Column(key, String(42), primary_key=True),
        Column("position", BigInteger, primary_key=True), *columns,
    )


balances = _history(
    "balances",
    Column("balance", Uint256, nullable=False),
    Index("ix_balances_suite_asset_position", "suite_id", "asset", "position"),
    asset=True,
)

freezes = _history(
    "freezes", Column("tokens", Uint256, nullable=False), Column("wallet_frozen", Boolean, nullable=False),
)

investors = _history(
    "investors", Column("identity", String(42), nullable=False), Column("country", Integer, nullable=False),
)

investor_types = _history("investor_types", Column("investor_type", Integer, nullable=False), key="identity")

backfills = Table(
    "backfills",
    metadata,
    _suite_id(),
    Column("event", String(64), primary_key=True),
    Column("to_block", BigInteger, nullable=False),
)
