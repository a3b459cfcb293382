"""What the register answers without the chain: the cap table and the balances at any synced block, and
the choice between the register and the chain for commands that can read either.

Example:
    >>> source = RegisterSource.find(None, chain_id=31337, token=token_address)   # the default SQLite file
    >>> if source is not None and source.complete and source.covers(w3, block):
    ...     table = source.cap_table(block)
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from eth_utils.address import to_checksum_address
from web3 import Web3

from sectoken import rpc
from sectoken.captable import CapTable, Holding, assemble, cap_table
from sectoken.deployments import SuiteRecord
from sectoken.errors import ValidationError
from sectoken.register.store import ZERO, FollowedSuite, Investor, Register, backfill_pending
from sectoken.register.sync import chain_events
from sectoken.suite import Suite

__all__ = ["RegisterSource", "SuiteEvents", "cap_table_at", "read_cap_table", "read_events"]


def cap_table_at(register: Register, followed: FollowedSuite, block: int) -> CapTable:
    """The cap table at ``block`` from the register alone.

    Args:
        register: The register.
        followed: The suite, synced at least to ``block``.
        block: The block.

    Returns:
        The cap table (``source == "register"``).

    Raises:
        ValidationError: the register is not synced to ``block``, ``block`` is before the suite, or the
            register has events to read again first (:attr:`FollowedSuite.backfills`).
    """
    if followed.backfills:
        raise ValidationError(backfill_pending(followed))
    synced = followed.synced_block
    if synced is None or block > synced:
        raise ValidationError(
            f"The register of suite '{followed.name}' is synced to block {synced}, not {block}: run "
            "`sectoken register sync` first."
        )
    if block < followed.start_block:
        raise ValidationError(f"Suite '{followed.name}' starts at block {followed.start_block}; {block} is before it.")
    held = register.balances_at(followed, block)
    people = register.investors_at(followed, block)
    kinds = register.investor_types_at(followed, block)
    nobody = Investor(ZERO, 0)
    holdings = []
    for wallet, balance in held.items():
        person = people.get(wallet, nobody)
        kind = None if person.identity == ZERO else kinds.get(person.identity, 0)
        holdings.append(Holding(to_checksum_address(wallet), to_checksum_address(person.identity), person.country,
                                balance, kind))
    return assemble(followed.token, block, followed.decimals, followed.symbol, sum(held.values()), holdings,
                    source="register")


@dataclass
class RegisterSource:
    """A suite's register, when there is one to read from.

    Attributes:
        register: The open register.
        followed: The suite in it.
    """

    register: Register
    followed: FollowedSuite

    @classmethod
    def find(cls, url: str | None, *, chain_id: int, token: str) -> RegisterSource | None:
        """The register at ``url`` (default: the SQLite file, if it exists) if it follows the suite whose
        token is ``token`` on ``chain_id``; else ``None``."""
        register = Register.open(url, create=False)
        if register is None:
            return None
        followed = register.suite(chain_id, to_checksum_address(token))
        if followed is None:
            register.close()
            return None
        return cls(register, followed)

    def covers(self, w3: Web3, block: int) -> bool:
        """Whether the register is synced to ``block`` (and the suite exists by then) on the chain ``w3``
        is connected to: the chain must still have the synced block's hash (a reorganised or reset chain
        whose contracts landed at the same addresses is not the register's)."""
        synced = self.followed.synced_block
        if synced is None or not self.followed.start_block <= block <= synced:
            return False
        return rpc.block_hash(w3, synced) == self.followed.synced_hash

    @property
    def complete(self) -> bool:
        """Whether the register holds every event it follows in the blocks it synced (no backfill pending,
        see :attr:`FollowedSuite.backfills`): until then it answers for balances, not for the cap table or
        the events."""
        return not self.followed.backfills

    def cap_table(self, block: int) -> CapTable:
        """The cap table at ``block`` (see :func:`cap_table_at`)."""
        return cap_table_at(self.register, self.followed, block)

    def balances(self, block: int) -> dict[str, int]:
        """The token's non-zero balances at ``block``, in ascending address order."""
        return self.register.balances_at(self.followed, block)

    def close(self) -> None:
        """Close the register."""
        self.register.close()

    def refreshed(self) -> RegisterSource:
        """The same register with the suite's sync state read again (a sync may have run since)."""
        followed = self.register.suite(self.followed.chain_id, self.followed.token)
        return self if followed is None else replace(self, followed=followed)


def read_cap_table(
    w3: Web3, record: SuiteRecord, register: RegisterSource | None, *, block: int | None = None,
    only_register: bool = False,
) -> CapTable:
    """The cap table of a suite at ``block``: from the register when it is synced to that block on this
    chain (and has no backfill pending), from the chain otherwise (what ``sectoken captable`` and
    ``sectoken serve`` show).

    Args:
        w3: The connection.
        record: The suite's deployment record.
        register: Its register (see :meth:`RegisterSource.find`), or ``None`` to read the chain.
        block: The block (default: the latest).
        only_register: Refuse to read the chain.

    Returns:
        The cap table (its ``source`` says where it was read).

    Raises:
        ValidationError: ``only_register`` and the register does not follow the suite, has not synced
            the block or has a backfill pending; or the block does not exist yet.
    """
    at = int(w3.eth.block_number) if block is None else block
    if register is not None and register.complete and register.covers(w3, at):
        return register.cap_table(at)
    if only_register:
        if register is not None and not register.complete:
            raise ValidationError(backfill_pending(register.followed))
        why = "does not follow" if register is None else f"has not synced block {at} of this chain for"
        raise ValidationError(f"The register {why} suite '{record.name}': run `sectoken register sync`.")
    return cap_table(
        w3, record.address("token"), record.address("identityRegistry"), block=at,
        from_block=record.contracts["token"].block_number,
    )


@dataclass(frozen=True)
class SuiteEvents:
    """A suite's followed events up to a block, and where they were read.

    Attributes:
        block: The last block read.
        source: ``"register"`` (synced to ``block``), ``"register+chain"`` (the register up to
            ``synced_block``, the chain after it) or ``"chain"``.
        synced_block: The register's synced block (``None``: no register was read).
        events: Rows as :meth:`Register.events` gives them, with ``args`` decoded (a dict).
    """

    block: int
    source: str
    synced_block: int | None
    events: tuple[dict[str, Any], ...]

    def named(self, *names: str) -> list[dict[str, Any]]:
        """The events of these names, oldest first."""
        return [event for event in self.events if event["name"] in names]


def read_events(
    w3: Web3, suite: Suite, register: RegisterSource | None, names: Sequence[str] = (), *, block: int | None = None,
) -> SuiteEvents:
    """The suite's followed events (optionally only ``names``) up to ``block``: from the register up to its
    synced block when that block is still on this chain (and the register has no backfill pending, see
    :attr:`RegisterSource.complete`), from the chain for the rest.

    Args:
        w3: The connection.
        suite: The suite.
        register: Its register, or ``None`` to read the chain alone.
        names: Only these event names (default: every followed event).
        block: The last block (default: the latest).

    Returns:
        The events and their source.
    """
    at = int(w3.eth.block_number) if block is None else block
    synced = None if register is None else register.followed.synced_block
    rows: list[dict[str, Any]] = []
    source = "chain"
    start: int | None = None
    if register is not None and synced is not None and register.complete and register.covers(w3, min(synced, at)):
        rows = register.register.events(register.followed, tuple(names), until=min(synced, at))
        start, source = min(synced, at) + 1, "register" if synced >= at else "register+chain"
    else:
        synced = None
    rows += chain_events(w3, suite, names, from_block=start, to_block=at)
    decoded = tuple({**row, "args": json.loads(row["args"])} for row in rows)
    return SuiteEvents(at, source, synced, decoded)
