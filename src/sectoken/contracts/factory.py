"""The offering factory: one transaction deploys an offering's token and compliance (proxies of the shared
implementations, CREATE2), owned by the caller from the start, with its rules switched on and set and its
agents appointed.

Example:
    >>> factory = OfferingFactory(w3, address, signer)
    >>> salt = offering_salt("UUB30")
    >>> token, compliance = factory.offering_addresses(signer.address, salt)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from eth_typing import ChecksumAddress, HexStr
from eth_utils.crypto import keccak
from web3.types import EventData

from sectoken.contracts import ContractClient, checked_address, checked_uint
from sectoken.tx import Receipt

__all__ = ["Offering", "OfferingFactory", "offering_salt"]


def offering_salt(symbol: str) -> bytes:
    """The salt ``sectoken deploy`` gives an offering: the hash of its token's symbol (the factory mixes in
    the caller, so only the deployer's own offerings share the address space)."""
    return keccak(text=symbol)


@dataclass(frozen=True)
class Offering:
    """What one offering is made of (the factory's ``Offering`` struct).

    Attributes:
        name: Token name.
        symbol: Token symbol.
        decimals: Token decimals.
        registry: The issuer's identity registry (its owner binds the token to it afterwards).
        onchain_id: The token's ONCHAINID (zero address for none).
        agents: The token's agents.
        modules: The built-in rule modules to switch on.
        settings: The rule settings: (module, ``callModuleFunction`` call data).
    """

    name: str
    symbol: str
    decimals: int
    registry: str
    onchain_id: str
    agents: Sequence[str]
    modules: Sequence[str]
    settings: Sequence[tuple[str, bytes]]

    def as_tuple(self) -> tuple[object, ...]:
        """The struct as web3 encodes it."""
        return (
            self.name,
            self.symbol,
            checked_uint(self.decimals, "decimals", 8),
            checked_address(self.registry, "registry"),
            checked_address(self.onchain_id, "onchain_id"),
            [checked_address(a, "agent") for a in self.agents],
            [checked_address(m, "module") for m in self.modules],
            [(checked_address(m, "module"), bytes(data)) for m, data in self.settings],
        )


class OfferingFactory(ContractClient):
    """A deployed ``OfferingFactory``."""

    ARTIFACT = "OfferingFactory"

    def offering_addresses(self, deployer: str, salt: bytes) -> tuple[ChecksumAddress, ChecksumAddress]:
        """Where ``deployer``'s offering created with ``salt`` is, or will be: (token, compliance)."""
        token, compliance = self.call("offeringAddresses", checked_address(deployer, "deployer"), bytes(salt))
        return checked_address(token), checked_address(compliance)

    def deploy_offering(self, salt: bytes, offering: Offering) -> Receipt:
        """Deploy an offering owned by the signer (see the contract's ``deployOffering``)."""
        return self.transact("deployOffering", bytes(salt), offering.as_tuple())

    def deployed(self, token: str) -> EventData | None:
        """The ``OfferingDeployed`` event of the offering whose token is ``token`` (``None``: not deployed
        by this factory)."""
        event = self.contract.events.OfferingDeployed
        logs = event.get_logs(from_block=0, argument_filters={"token": checked_address(token, "token")})
        return logs[0] if logs else None

    def deployed_tx(self, token: str) -> tuple[HexStr, int] | None:
        """The transaction hash and block of the offering whose token is ``token``, if any."""
        log = self.deployed(token)
        if log is None:
            return None
        return HexStr("0x" + bytes(log["transactionHash"]).hex()), int(log["blockNumber"])
