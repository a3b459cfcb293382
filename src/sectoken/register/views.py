"""What the register answers without the chain: the cap table and the balances at any synced block, and
the choice between the register and the chain for commands that can read either.

Example:
    >>> source = RegisterSource.find(None, chain_id=31337, token=token_address)   # the default SQLite file
    >>> if source is not None and source.covers(w3, block):
    ...     table = source.cap_table(block)
"""

from __future__ import annotations

from dataclasses import dataclass

from eth_utils.address import to_checksum_address
from web3 import Web3

from sectoken.captable import CapTable, Holding, assemble
from sectoken.errors import ValidationError
from sectoken.register import rpc
from sectoken.register.store import ZERO, FollowedSuite, Investor, Register

__all__ = ["RegisterSource", "cap_table_at"]


def cap_table_at(register: Register, followed: FollowedSuite, block: int) -> CapTable:
    """The cap table at ``block`` from the register alone.

    Args:
        register: The register.
        followed: The suite, synced at least to ``block``.
        block: The block.

    Returns:
        The cap table (``source == "register"``).

    Raises:
        ValidationError: the register is not synced to ``block`` or ``block`` is before the suite.
    """
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
    nobody = Investor(ZERO, 0)
    holdings = [
        Holding(to_checksum_address(wallet), to_checksum_address(people.get(wallet, nobody).identity),
                people.get(wallet, nobody).country, balance)
        for wallet, balance in held.items()
    ]
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

    def cap_table(self, block: int) -> CapTable:
        """The cap table at ``block`` (see :func:`cap_table_at`)."""
        return cap_table_at(self.register, self.followed, block)

    def balances(self, block: int) -> dict[str, int]:
        """The token's non-zero balances at ``block``, in ascending address order."""
        return self.register.balances_at(self.followed, block)

    def close(self) -> None:
        """Close the register."""
        self.register.close()
