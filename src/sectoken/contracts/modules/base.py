"""The base of the built-in rule modules' clients, and the words they explain rules in."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Self

from eth_typing import ChecksumAddress
from web3 import Web3

from sectoken.claims import mask_topics, topic_name, topics_mask
from sectoken.contracts import ContractClient, checked_address
from sectoken.countries import country as lookup_country
from sectoken.countries import country_code
from sectoken.errors import ValidationError
from sectoken.jurisdictions import ModuleCall
from sectoken.signers import Signer
from sectoken.tx import Receipt

__all__ = ["Module", "describe_country", "describe_period"]


_PERIODS = (
    (365 * 86400, "year"),
    (365 * 86400 // 12, "month"),
    (7 * 86400, "week"),
    (86400, "day"),
    (3600, "hour"),
    (60, "minute"),
    (1, "second"),
)


def describe_period(seconds: int) -> str:
    """A period in words, in the largest whole unit (``31536000 -> "1 year"``)."""
    for size, unit in _PERIODS:
        if seconds and seconds % size == 0:
            count = seconds // size
            return f"{count:,} {unit}{'s' if count != 1 else ''}"
    return "0 seconds"


def describe_country(code: int) -> str:
    """A country in words: ``826 -> "GB (826, United Kingdom)"``; an unknown code stays a number."""
    try:
        found = lookup_country(code)
    except ValidationError:
        return str(code)
    return f"{found.alpha2} ({found.numeric}, {found.name})"


def topics_text(mask: int, joiner: str) -> str:
    """The topics of a bitmap in words, joined by ``joiner`` ("kyc and accredited")."""
    return f" {joiner} ".join(topic_name(topic) for topic in mask_topics(mask))


def needs_text(any_of: int, all_of: int) -> str:
    """What an eligibility rule asks for, in words ("kyc and accredited and one of hnw or sophisticated")."""
    needs = []
    if all_of:
        needs.append(topics_text(all_of, "and"))
    if any_of:
        needs.append(f"one of {topics_text(any_of, 'or')}")
    return " and ".join(needs)


def rule_topic_mask(topics: Iterable[int | str], what: str) -> int:
    """A topic bitmap the rule engine stores (topics 0-95)."""
    mask = topics_mask(topics)
    if mask >> 96:
        raise ValidationError(f"{what} cover claim topics 0-95 only.")
    return mask


def rule_topic(value: int | str, what: str) -> int:
    """One claim topic the rule engine stores (0-95), by number or name."""
    return rule_topic_mask([value], what).bit_length() - 1


def country_list(values: Iterable[int | str]) -> list[int]:
    """Country codes (numbers or names), validated, in order, each once."""
    return list(dict.fromkeys(country_code(value) for value in values))


class Module(ContractClient):
    """A built-in rule module as one compliance sees it. Subclasses add the rule's typed setters and reads.

    Args:
        w3: The connection.
        address: The module (shared by every compliance of an implementation).
        signer: Who sends configuration calls: the compliance's owner, through the compliance.
        compliance: The compliance whose settings the client reads and writes.
        **options: Other :class:`ContractClient` options (``confirmations``).
    """

    #: The module's ``name()``, e.g. ``"CountryAllow"``.
    RULE: ClassVar[str] = ""

    def __init__(
        self, w3: Web3, address: str, signer: Signer | None = None, *, compliance: str | None = None, **options: Any
    ) -> None:
        super().__init__(w3, address, signer, **options)
        self.compliance_address = None if compliance is None else checked_address(compliance, "compliance")

    def with_signer(self, signer: Signer) -> Self:
        """Return a client of the same module and compliance that sends as ``signer``."""
        return type(self)(
            self.w3, self.address, signer, compliance=self.compliance_address, confirmations=self.confirmations
        )

    def _compliance(self) -> ChecksumAddress:
        if self.compliance_address is None:
            raise ValidationError(
                f"{self!r} is shared by every compliance: attach it for one (compliance=...) to read or set rules."
            )
        return self.compliance_address

    def view(self, name: str, *args: Any) -> Any:
        """Call the module's view ``name`` for the client's compliance (its first argument)."""
        return self.call(name, self._compliance(), *args)

    def configure(self, name: str, *args: Any) -> Receipt:
        """Send the module's setter ``name(*args)`` through the compliance's ``callModuleFunction`` (the
        signer must own the compliance).

        Raises:
            ValidationError: the arguments do not fit, or the client is attached to no compliance.
            SignerError: the client is read-only.
        """
        from sectoken.contracts.compliance import (
            ModularCompliance,  # the compliance's client imports this module
        )

        data = self.calldata(name, *args)
        compliance = ModularCompliance(self.w3, self._compliance(), self.signer, confirmations=self.confirmations)
        return compliance.call_module_function(self.address, data)

    def calldata(self, name: str, *args: Any) -> bytes:
        """The call data of the module's setter ``name(*args)``, as ``callModuleFunction`` takes it."""
        self.function(name, *args)  # checks the name and the arguments
        return bytes.fromhex(self.contract.encode_abi(name, args=list(args))[2:])

    def name(self) -> str:
        """The module's short name (``"CountryAllow"``...)."""
        return str(self.call("name"))

    def restriction_code(self) -> int:
        """The ERC-1404 code the module reports."""
        return int(self.call("restrictionCode"))

    def compliance(self) -> ChecksumAddress:
        """The compliance the client reads and writes the rule of."""
        return self._compliance()

    def describe(self) -> str:
        """The module's own one-line description of the compliance's configuration."""
        return str(self.view("describe"))

    def apply(self, call: ModuleCall) -> Receipt:
        """Send one configuration call composed by :meth:`sectoken.jurisdictions.ComplianceConfig.module_calls`.

        Raises:
            ValidationError: the call is for another module.
        """
        if call.module != self.ARTIFACT:
            raise ValidationError(f"{call.module}.{call.function} cannot be sent to a {self.ARTIFACT}.")
        return self.configure(call.function, *call.args)

    def rules(self, decimals: int = 0, *, from_block: int = 0) -> list[str]:
        """The module's rules in words.

        Args:
            decimals: The token's decimals, to show amounts in tokens.
            from_block: Where to start looking for configuration events (modules that cannot list
                their settings otherwise).

        Returns:
            One sentence per rule.
        """
        del decimals, from_block
        return [self.describe()]

    def _event_countries(self, events: Iterable[str], from_block: int) -> list[int]:
        """Countries named by the module's ``events`` since ``from_block`` (for settings it cannot list)."""
        found: dict[int, None] = {}
        for name in events:
            event = self.contract.events[name]
            for log in event.get_logs(from_block=from_block, argument_filters={"compliance": self._compliance()}):
                found[int(log["args"]["country"])] = None
        return sorted(found)
