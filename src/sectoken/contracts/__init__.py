"""Typed contract clients: one class per contract, on a common base.

:class:`ContractClient` binds a shipped artifact's ABI to an address, a ``Web3`` and (for writes) a
signer. Reads go through :func:`sectoken.tx.call` and writes through :func:`sectoken.tx.send`, so
reverts come back as typed exceptions and every transaction is validated, signed locally and sent raw.
Typed wrappers subclass it, name their artifact and expose one typed method per operation::

    class SmokeToken(ContractClient):
        ARTIFACT = "SmokeToken"

        def balance_of(self, account: str) -> int:
            return int(self.call("balanceOf", account))

        def transfer(self, to: str, amount: int) -> Receipt:
            return self.transact("transfer", to, amount)

    token, receipt = SmokeToken.deploy(w3, signer, 1000)
    SmokeToken.at(w3, token.address).balance_of(owner)   # read-only: no signer needed
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from functools import cached_property
from typing import Any, ClassVar, Self

from eth_typing import BlockIdentifier, ChecksumAddress
from web3 import Web3
from web3.contract import Contract
from web3.exceptions import MismatchedABI, Web3ValidationError
from web3.logs import DISCARD
from web3.types import EventData

from sectoken.artifacts import Artifact
from sectoken.artifacts import load as load_artifact
from sectoken.errors import ChainError, SignerError, ValidationError
from sectoken.inputs import check_uint, parse_address
from sectoken.signers import Signer, as_signer
from sectoken.tx import Receipt, call, deploy, send

__all__ = ["ContractClient", "checked_address", "checked_addresses", "checked_uint"]


def checked_address(value: str, what: str = "address") -> ChecksumAddress:
    """Return ``value`` as a checksummed address, refusing anything else before it reaches the chain (the
    input layer's :func:`sectoken.inputs.parse_address`).

    Args:
        value: An address; mixed case must be a valid checksum (all-lowercase skips the check).
        what: What the address is, for messages (e.g. ``"recipient"``).

    Returns:
        The checksummed address.

    Raises:
        ValidationError: not an address, or a wrong checksum.
    """
    return parse_address(value, what)


def checked_addresses(values: Sequence[str], what: str = "address") -> list[ChecksumAddress]:
    """:func:`checked_address` for each of ``values``."""
    return [checked_address(value, what) for value in values]


def checked_uint(value: int, what: str = "amount", bits: int = 256) -> int:
    """Return ``value`` if it is a whole number that fits ``uint<bits>`` (:func:`sectoken.inputs.check_uint`).

    Raises:
        ValidationError: not an integer, negative, or too large.
    """
    return check_uint(value, what, bits)


class ContractClient:
    """A deployed contract, bound to a connection and optionally a signer.

    Args:
        w3: The connection.
        address: The contract's address.
        signer: Who sends transactions (``None`` for a read-only client).
        confirmations: Blocks to wait for after each transaction.
        artifact: The artifact (by default the shipped one named by :attr:`ARTIFACT`).

    Raises:
        ValidationError: ``address`` is not an address, or the class names no artifact.
    """

    #: The shipped artifact a subclass wraps.
    ARTIFACT: ClassVar[str] = ""

    def __init__(
        self,
        w3: Web3,
        address: str,
        signer: Signer | None = None,
        *,
        confirmations: int = 1,
        artifact: Artifact | None = None,
    ) -> None:
        if artifact is None:
            if not self.ARTIFACT:
                raise ValidationError(f"{type(self).__name__} names no artifact: set ARTIFACT or pass artifact=.")
            artifact = load_artifact(self.ARTIFACT)
        self.w3 = w3
        self.artifact = artifact
        self.address: ChecksumAddress = parse_address(address, f"{type(self).__name__} address")
        # A brownie account works too (see sectoken.signers.as_signer).
        self.signer = None if signer is None else as_signer(signer)
        self.confirmations = confirmations

    @cached_property
    def contract(self) -> Contract:
        """The web3 contract, built on first use: web3 takes about 10 ms to build one of a large ABI (a class per
        function and event), and a reattached suite has a client per contract, most of them unused by a command."""
        return self.w3.eth.contract(address=self.address, abi=self.artifact.abi)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.address})"

    @classmethod
    def at(cls, w3: Web3, address: str, signer: Signer | None = None, **options: Any) -> Self:
        """Attach to a deployed contract (same arguments as the constructor)."""
        return cls(w3, address, signer, **options)

    @classmethod
    def deploy(cls, w3: Web3, signer: Signer, *args: Any, **send_options: Any) -> tuple[Self, Receipt]:
        """Deploy the class's artifact and return a client bound to it and the deployment receipt.

        Args:
            w3: The connection.
            signer: The deployer, also the returned client's signer.
            *args: Constructor arguments.
            **send_options: Keyword options of :func:`sectoken.tx.send` (``confirmations``...).

        Returns:
            The client and the receipt.
        """
        if not cls.ARTIFACT:
            raise ValidationError(f"{cls.__name__} names no artifact to deploy.")
        address, receipt = deploy(w3, signer, cls.ARTIFACT, *args, **send_options)
        return cls(w3, address, signer, confirmations=int(send_options.get("confirmations", 1))), receipt

    def with_signer(self, signer: Signer) -> Self:
        """Return a client of the same contract that sends as ``signer``."""
        return type(self)(self.w3, self.address, signer, confirmations=self.confirmations, artifact=self.artifact)

    def check_deployed(self) -> None:
        """Check that code lives at the address.

        Raises:
            ChainError: no contract there (wrong address or wrong chain).
        """
        if not self.w3.eth.get_code(self.address):
            raise ChainError(
                f"No contract at {self.address} on chain {self.w3.eth.chain_id}: wrong address, or wrong network?"
            )

    def _function_names(self) -> Sequence[str]:
        return [str(entry.get("name", "")) for entry in self.artifact.abi if entry.get("type") == "function"]

    def function(self, name: str, *args: Any) -> Any:
        """Return the bound web3 function ``name(*args)``; name an overloaded function by its signature
        (``"permit(address,address,uint256,uint256,bytes)"``).

        Raises:
            ValidationError: the contract has no such function (with a suggestion) or the arguments do
                not fit it.
        """
        names = self._function_names()
        bare = name.split("(", 1)[0]
        if bare not in names:
            close = difflib.get_close_matches(bare, names, n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            raise ValidationError(f"{self.artifact.name} has no function '{bare}'.{hint}")
        try:
            if "(" in name:  # an overloaded function, chosen by its signature: "permit(address,...,bytes)"
                return self.contract.get_function_by_signature(name)(*args)
            return self.contract.get_function_by_name(name)(*args)
        except (TypeError, ValueError, MismatchedABI, Web3ValidationError) as error:
            raise ValidationError(f"Arguments do not fit {self.artifact.name}.{name}: {error}") from None

    def call(self, name: str, *args: Any, sender: str | None = None, block: BlockIdentifier = "latest") -> Any:
        """Call a function without sending a transaction; a revert raises a typed exception."""
        return call(self.w3, self.function(name, *args), sender=sender, block=block)

    def transact(self, name: str, *args: Any, **send_options: Any) -> Receipt:
        """Send a transaction calling ``name(*args)`` (see :func:`sectoken.tx.send` for the options).

        Raises:
            SignerError: the client is read-only.
        """
        if self.signer is None:
            raise SignerError(
                f"{self!r} is read-only: attach a signer (ContractClient.at(w3, address, signer) or .with_signer())."
            )
        send_options.setdefault("confirmations", self.confirmations)
        return send(self.w3, self.signer, self.function(name, *args), **send_options)

    def events(self, receipt: Receipt, name: str) -> list[EventData]:
        """Return the ``name`` events this contract emitted in a transaction, decoded.

        Raises:
            ValidationError: the contract declares no such event.
        """
        events = [str(entry.get("name", "")) for entry in self.artifact.abi if entry.get("type") == "event"]
        if name not in events:
            close = difflib.get_close_matches(name, events, n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            raise ValidationError(f"{self.artifact.name} has no event '{name}'.{hint}")
        event = self.contract.events[name]()
        return [
            log for log in event.process_receipt(receipt.raw, errors=DISCARD) if log["address"] == self.address
        ]

