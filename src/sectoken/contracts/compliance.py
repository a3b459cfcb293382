"""Modular compliance and its rule modules.

:class:`ModularCompliance` holds the modules bound to a token; each module class wraps one rule with typed
setters and reads, and explains its current configuration in words (:meth:`Module.rules`). The built-in
rule modules are shared by every compliance of an implementation, so a module client is attached for one
compliance (``compliance=``): its reads pass that compliance, and its setters are sent to the compliance's
``callModuleFunction`` (by the compliance's owner), as ERC-3643 tools do. :func:`module_client` attaches
the right class to a module address by asking it its name.

Example:
    >>> modules = [module_client(w3, address, compliance=c.address) for address in c.modules()]
    >>> for module in modules:
    ...     print(module.rules(decimals=0))
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, ClassVar, Self

from eth_typing import ChecksumAddress
from web3 import Web3

from sectoken.artifacts import load as load_artifact
from sectoken.claims import mask_topics, topic_name, topics_mask
from sectoken.contracts import ContractClient, checked_address, checked_uint
from sectoken.contracts.units import format_amount
from sectoken.countries import country as lookup_country
from sectoken.countries import country_code
from sectoken.errors import RevertError, ValidationError
from sectoken.inputs import BALANCE_BITS, TRANSFER_LIMIT_BITS
from sectoken.jurisdictions import ModuleCall
from sectoken.signers import Signer
from sectoken.tx import Receipt

__all__ = [
    "BUILTIN_MODULES",
    "MODULES",
    "CountryAllowModule",
    "CountryRestrictModule",
    "FlowbackModule",
    "InvestorEligibilityModule",
    "InvestorTypeModule",
    "LockUpModule",
    "MaxBalanceModule",
    "MaxHoldersModule",
    "MinimumHoldingModule",
    "MinimumTransferModule",
    "ModularCompliance",
    "Module",
    "NonAccreditedHoldersModule",
    "SpenderModule",
    "SupplyLimitModule",
    "TransferLimitsModule",
    "describe_country",
    "describe_period",
    "module_client",
]

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


def _topics_text(mask: int, joiner: str) -> str:
    return f" {joiner} ".join(topic_name(topic) for topic in mask_topics(mask))


def _needs_text(any_of: int, all_of: int) -> str:
    """What an eligibility rule asks for, in words ("kyc and accredited and one of hnw or sophisticated")."""
    needs = []
    if all_of:
        needs.append(_topics_text(all_of, "and"))
    if any_of:
        needs.append(f"one of {_topics_text(any_of, 'or')}")
    return " and ".join(needs)


def _topic_mask(topics: Iterable[int | str], what: str) -> int:
    """A topic bitmap the rule engine stores (topics 0-95)."""
    mask = topics_mask(topics)
    if mask >> 96:
        raise ValidationError(f"{what} cover claim topics 0-95 only.")
    return mask


def _topic(value: int | str, what: str) -> int:
    """One claim topic the rule engine stores (0-95), by number or name."""
    return _topic_mask([value], what).bit_length() - 1


def _countries(values: Iterable[int | str]) -> list[int]:
    return list(dict.fromkeys(country_code(value) for value in values))


class ModularCompliance(ContractClient):
    """A deployed ``ModularCompliance``: the modules a token's balance changes must pass."""

    ARTIFACT = "ModularCompliance"

    @classmethod
    def initialize_data(cls, w3: Web3, owner: str) -> bytes:
        """The ``initialize`` call an ``OfferingProxy`` of the compliance is constructed with.

        Args:
            w3: The connection (only to encode the call).
            owner: The compliance's owner (binds the token, manages modules and settings).

        Returns:
            The call data.
        """
        logic = w3.eth.contract(abi=load_artifact(cls.ARTIFACT).abi)
        return bytes.fromhex(logic.encode_abi("initialize", args=[checked_address(owner, "owner")])[2:])

    def is_builtin_module(self, module: str) -> bool:
        """Whether ``module`` is one of the compliance's built-in rule modules."""
        return bool(self.call("isBuiltinModule", checked_address(module, "module")))

    def builtin_modules(self) -> list[ChecksumAddress]:
        """The shared built-in rule modules of the compliance's implementation, by rule number."""
        return [checked_address(a) for a in self.call("builtinModules")]

    def call_module_function(self, module: str, data: bytes) -> Receipt:
        """Call ``module`` with ``data`` as the compliance (owner; ERC-3643's ``callModuleFunction``)."""
        return self.transact("callModuleFunction", bytes(data), checked_address(module, "module"))

    def owner(self) -> ChecksumAddress:
        """The owner (manages modules and their settings)."""
        return checked_address(self.call("owner"))

    def token(self) -> ChecksumAddress:
        """The token bound to the compliance (zero if none)."""
        return checked_address(self.call("getTokenBound"))

    def modules(self) -> list[ChecksumAddress]:
        """The bound modules, in the order they are checked."""
        return [checked_address(a) for a in self.call("getModules")]

    def is_module_bound(self, module: str) -> bool:
        """Whether ``module`` is bound."""
        return bool(self.call("isModuleBound", checked_address(module, "module")))

    def max_modules(self) -> int:
        """How many modules may be bound."""
        return int(self.call("MAX_MODULES"))

    def detect_transfer_restriction(self, sender: str, recipient: str, amount: int) -> int:
        """The first refusing module's code for a plain transfer (0 if every module allows it)."""
        return int(
            self.call(
                "detectTransferRestriction",
                checked_address(sender, "sender"),
                checked_address(recipient, "recipient"),
                checked_uint(amount),
            )
        )

    def can_transfer(self, sender: str, recipient: str, amount: int) -> bool:
        """Whether a plain transfer passes every module."""
        return self.detect_transfer_restriction(sender, recipient, amount) == 0

    def add_module(self, module: str) -> Receipt:
        """Bind ``module`` (owner; the module must serve this compliance)."""
        return self.transact("addModule", checked_address(module, "module"))

    def remove_module(self, module: str) -> Receipt:
        """Unbind ``module`` (owner)."""
        return self.transact("removeModule", checked_address(module, "module"))

    def bind_token(self, token: str) -> Receipt:
        """Bind ``token`` (owner)."""
        return self.transact("bindToken", checked_address(token, "token"))


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


class CountryAllowModule(Module):
    """Recipients must come from an allowed country (code 16)."""

    ARTIFACT = "CountryAllowModule"
    RULE = "CountryAllow"

    def allowed_countries(self) -> tuple[int, ...]:
        """The allowed countries, ascending."""
        return tuple(sorted(int(c) for c in self.view("allowedCountries")))

    def is_country_allowed(self, country: int | str) -> bool:
        """Whether recipients from ``country`` are allowed."""
        return bool(self.view("isCountryAllowed", country_code(country)))

    def allow_countries(self, countries: Iterable[int | str]) -> Receipt:
        """Add countries to the allow-list (the compliance's owner, through the compliance)."""
        return self.configure("allowCountries", _countries(countries))

    def disallow_countries(self, countries: Iterable[int | str]) -> Receipt:
        """Remove countries from the allow-list (the compliance's owner, through the compliance)."""
        return self.configure("disallowCountries", _countries(countries))

    def rules(self, decimals: int = 0, *, from_block: int = 0) -> list[str]:
        """See :meth:`Module.rules`."""
        allowed = self.allowed_countries()
        if not allowed:
            return ["Tokens may go to no investor: the list of allowed countries is empty."]
        return [f"Tokens may go only to investors in: {', '.join(describe_country(c) for c in allowed)}."]


class CountryRestrictModule(Module):
    """Recipients from a restricted country are refused (code 17)."""

    ARTIFACT = "CountryRestrictModule"
    RULE = "CountryRestrict"

    def restricted_countries(self) -> tuple[int, ...]:
        """The restricted countries, ascending."""
        return tuple(sorted(int(c) for c in self.view("restrictedCountries")))

    def is_country_restricted(self, country: int | str) -> bool:
        """Whether recipients from ``country`` are refused."""
        return bool(self.view("isCountryRestricted", country_code(country)))

    def restrict_countries(self, countries: Iterable[int | str]) -> Receipt:
        """Restrict countries (the compliance's owner, through the compliance)."""
        return self.configure("restrictCountries", _countries(countries))

    def unrestrict_countries(self, countries: Iterable[int | str]) -> Receipt:
        """Lift restrictions (the compliance's owner, through the compliance)."""
        return self.configure("unrestrictCountries", _countries(countries))

    def rules(self, decimals: int = 0, *, from_block: int = 0) -> list[str]:
        """See :meth:`Module.rules`."""
        restricted = self.restricted_countries()
        if not restricted:
            return ["No country is restricted."]
        return [f"Tokens may not go to investors in: {', '.join(describe_country(c) for c in restricted)}."]


class InvestorEligibilityModule(Module):
    """Per country, the claim topics a recipient must hold (code 22)."""

    ARTIFACT = "InvestorEligibilityModule"
    RULE = "InvestorEligibility"

    def rule(self, country: int | str) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The rule for ``country``: (any-of topics, all-of topics); two empty tuples when there is none."""
        any_of, all_of = self.view("eligibilityRule", country_code(country))
        return mask_topics(int(any_of)), mask_topics(int(all_of))

    def rule_countries(self) -> tuple[int, ...]:
        """Countries with a rule, ascending."""
        return tuple(sorted(int(c) for c in self.view("ruleCountries")))

    def set_rule(
        self, country: int | str, *, any_of: Iterable[int | str] = (), all_of: Iterable[int | str] = ()
    ) -> Receipt:
        """Set the rule for recipients from ``country`` (the compliance's owner, through the compliance); no topics at all removes it."""
        any_mask, all_mask = topics_mask(any_of), topics_mask(all_of)
        if (any_mask | all_mask) >> 128:
            raise ValidationError("Eligibility rules cover claim topics 0-127 only.")
        return self.configure("setEligibilityRule", country_code(country), any_mask, all_mask)

    def rules(self, decimals: int = 0, *, from_block: int = 0) -> list[str]:
        """See :meth:`Module.rules`."""
        out = []
        for country in self.rule_countries():
            any_raw, all_raw = self.view("eligibilityRule", country)
            out.append(f"Investors in {describe_country(country)} must hold: {_needs_text(int(any_raw), int(all_raw))}.")
        return out or ["No eligibility rule is set."]


class LockUpModule(Module):
    """Tokens issued stay locked for a period depending on the recipient's country (code 21)."""

    ARTIFACT = "LockUpModule"
    RULE = "LockUp"

    def lock_up_period(self, country: int | str) -> int:
        """The lock-up (seconds) for tokens issued to recipients from ``country``."""
        return int(self.view("lockUpPeriod", country_code(country)))

    def locked_balance(self, wallet: str) -> int:
        """Tokens of ``wallet`` still locked now."""
        return int(self.view("lockedBalance", checked_address(wallet, "wallet")))

    def lots(self, wallet: str) -> list[tuple[int, int]]:
        """The lots of ``wallet`` as (amount, unlock time), oldest first."""
        amounts, times = self.view("lots", checked_address(wallet, "wallet"))
        return [(int(a), int(t)) for a, t in zip(amounts, times, strict=True)]

    def default_period(self) -> int:
        """The lock-up (seconds) for countries without their own, read from :meth:`describe` (the module
        has no getter for it)."""
        digits = self.describe().rsplit(" ", 1)[-1].removesuffix("s")  # "LockUp: default period <n>s"
        return int(digits) if digits.isdigit() else 0

    def set_lock_up_period(self, country: int | str, seconds: int) -> Receipt:
        """Set the lock-up for recipients from ``country`` (the compliance's owner, through the compliance; 0: none)."""
        return self.configure("setLockUpPeriod", country_code(country), checked_uint(seconds, "period", 64))

    def clear_lock_up_period(self, country: int | str) -> Receipt:
        """Make ``country`` use the default period again (the compliance's owner, through the compliance)."""
        return self.configure("clearLockUpPeriod", country_code(country))

    def set_default_period(self, seconds: int) -> Receipt:
        """Set the lock-up for countries without their own (the compliance's owner, through the compliance; 0: none)."""
        return self.configure("setDefaultLockUpPeriod", checked_uint(seconds, "period", 64))

    def configured_countries(self, from_block: int = 0) -> list[int]:
        """Countries given a period of their own since ``from_block`` (from the module's events)."""
        return self._event_countries(("LockUpPeriodSet", "LockUpPeriodCleared"), from_block)

    def rules(self, decimals: int = 0, *, from_block: int = 0) -> list[str]:
        """See :meth:`Module.rules`."""
        out = []
        default = self.default_period()
        if default:
            out.append(f"Tokens issued to any investor are locked for {describe_period(default)}.")
        for country in self.configured_countries(from_block):
            seconds = self.lock_up_period(country)
            if seconds != default:
                lock = f"locked for {describe_period(seconds)}" if seconds else "not locked"
                out.append(f"Tokens issued to investors in {describe_country(country)} are {lock}.")
        return out or ["No lock-up is set."]


class TransferLimitsModule(Module):
    """Per identity, at most so many tokens moved out per window of time (code 23)."""

    ARTIFACT = "TransferLimitsModule"
    RULE = "TransferLimits"

    def transfer_limits(self) -> dict[int, int]:
        """The limits by window length in seconds."""
        windows, limits = self.view("transferLimits")
        return {int(w): int(amount) for w, amount in zip(windows, limits, strict=True)}

    def moved_in_window(self, identity: str, window: int) -> int:
        """What ``identity`` has moved out in its current window of ``window`` seconds."""
        return int(self.view("movedInWindow", checked_address(identity, "identity"), checked_uint(window, "window", 32)))

    def set_transfer_limit(self, window: int, limit: int) -> Receipt:
        """Set the limit for windows of ``window`` seconds (the compliance's owner, through the compliance; 0 removes it).

        Raises:
            ValidationError: ``window`` does not fit 32 bits or ``limit`` the token's 88-bit window limit (nothing
                is sent).
        """
        return self.configure(
            "setTransferLimit", checked_uint(window, "window", 32), checked_uint(limit, "transfer limit", TRANSFER_LIMIT_BITS)
        )

    def rules(self, decimals: int = 0, *, from_block: int = 0) -> list[str]:
        """See :meth:`Module.rules`."""
        return [
            f"An investor may move out at most {format_amount(limit, decimals)} tokens per {describe_period(window)}."
            for window, limit in sorted(self.transfer_limits().items())
        ] or ["No transfer limit is set."]


class MaxBalanceModule(Module):
    """Caps what one identity holds over all its wallets (code 18)."""

    ARTIFACT = "MaxBalanceModule"
    RULE = "MaxBalance"

    def max_balance(self) -> int:
        """The cap per identity (0: none)."""
        return int(self.view("maxBalance"))

    def identity_balance(self, identity: str) -> int:
        """What ``identity`` holds as the module counted it."""
        return int(self.view("identityBalance", checked_address(identity, "identity")))

    def set_max_balance(self, amount: int) -> Receipt:
        """Set the cap per identity (the compliance's owner, through the compliance; 0: none).

        Raises:
            ValidationError: ``amount`` does not fit the token's 112-bit balances (nothing is sent).
        """
        return self.configure("setMaxBalance", checked_uint(amount, "maximum balance", BALANCE_BITS))

    def rules(self, decimals: int = 0, *, from_block: int = 0) -> list[str]:
        """See :meth:`Module.rules`."""
        cap = self.max_balance()
        if not cap:
            return ["No maximum holding is set."]
        return [f"An investor may hold at most {format_amount(cap, decimals)} tokens, all their wallets together."]


class MaxHoldersModule(Module):
    """Caps the number of identities holding a balance, overall and per country (code 19)."""

    ARTIFACT = "MaxHoldersModule"
    RULE = "MaxHolders"

    def holders(self) -> tuple[int, int]:
        """The overall (cap, count); a cap of 0 means none."""
        cap, count = self.view("holders")
        return int(cap), int(count)

    def country_holders(self, country: int | str) -> tuple[int, int]:
        """The (cap, count) of holders from ``country``."""
        cap, count = self.view("countryHolders", country_code(country))
        return int(cap), int(count)

    def holding(self, identity: str) -> tuple[int, int]:
        """What ``identity`` holds and the country it is counted under."""
        balance, country = self.view("holding", checked_address(identity, "identity"))
        return int(balance), int(country)

    def set_holder_cap(self, cap: int) -> Receipt:
        """Set the overall cap (the compliance's owner, through the compliance; 0: none)."""
        return self.configure("setHolderCap", checked_uint(cap, "cap", 32))

    def set_country_holder_cap(self, country: int | str, cap: int) -> Receipt:
        """Set the cap for holders from ``country`` (the compliance's owner, through the compliance; 0: none)."""
        return self.configure("setCountryHolderCap", country_code(country), checked_uint(cap, "cap", 32))

    def configured_countries(self, from_block: int = 0) -> list[int]:
        """Countries given a cap since ``from_block`` (from the module's events)."""
        return self._event_countries(("CountryHolderCapSet",), from_block)

    def rules(self, decimals: int = 0, *, from_block: int = 0) -> list[str]:
        """See :meth:`Module.rules`."""
        out = []
        cap, count = self.holders()
        if cap:
            out.append(f"At most {cap:,} investors may hold the token ({count:,} do now).")
        for country in self.configured_countries(from_block):
            country_cap, country_count = self.country_holders(country)
            if country_cap:
                out.append(
                    f"At most {country_cap:,} investors in {describe_country(country)} may hold the token "
                    f"({country_count:,} do now)."
                )
        return out or [f"No holder cap is set ({count:,} holders now)."]


class SupplyLimitModule(Module):
    """Caps the total supply (code 20)."""

    ARTIFACT = "SupplyLimitModule"
    RULE = "SupplyLimit"

    def supply_limit(self) -> int:
        """The supply limit (0: none)."""
        return int(self.view("supplyLimit"))

    def supply(self) -> int:
        """The supply as the module counted it."""
        return int(self.view("supply"))

    def set_supply_limit(self, limit: int) -> Receipt:
        """Set the supply limit (the compliance's owner, through the compliance; 0: none).

        Raises:
            ValidationError: ``limit`` does not fit the token's 112-bit supply (nothing is sent).
        """
        return self.configure("setSupplyLimit", checked_uint(limit, "supply limit", BALANCE_BITS))

    def rules(self, decimals: int = 0, *, from_block: int = 0) -> list[str]:
        """See :meth:`Module.rules`."""
        limit = self.supply_limit()
        if not limit:
            return ["No supply limit is set."]
        supply = format_amount(self.supply(), decimals)
        return [f"At most {format_amount(limit, decimals)} tokens may be in issue ({supply} are now)."]


class FlowbackModule(Module):
    """Regulation S flowback: no US person receives the security until the period ends (code 24)."""

    ARTIFACT = "FlowbackModule"
    RULE = "Flowback"

    def flowback(self) -> tuple[int, int | None]:
        """The end of the distribution compliance period (unix seconds, 0: none) and the non-US-person topic
        (None when not set)."""
        end, topic = self.view("flowback")
        return int(end), None if int(topic) >= 2**255 else int(topic)

    def set_flowback_end(self, end_time: int) -> Receipt:
        """Set the end of the period (the compliance's owner, through the compliance; 0: no period).

        Raises:
            ValidationError: ``end_time`` does not fit 40 bits (nothing is sent).
        """
        return self.configure("setFlowbackEnd", checked_uint(end_time, "flowback end", 40))

    def set_non_us_person_topic(self, topic: int | str) -> Receipt:
        """Set the claim topic that certifies a non-US person (number or name, e.g. ``"non-us-person"``)."""
        return self.configure("setNonUsPersonTopic", _topic(topic, "The non-US-person topic"))

    def rules(self, decimals: int = 0, *, from_block: int = 0) -> list[str]:
        """See :meth:`Module.rules`."""
        end, topic = self.flowback()
        if not end:
            return ["No distribution compliance period is set (no flowback restriction)."]
        when = datetime.fromtimestamp(end, UTC).strftime("%Y-%m-%d %H:%M UTC")
        who = "an investor in the United States"
        if topic is not None:
            who += f" or without the {topic_name(topic)} claim"
        return [f"Until {when} (the distribution compliance period) the security may not go to {who}."]


class NonAccreditedHoldersModule(Module):
    """A cap on the holders without the accredited claim, section 12(g) style (code 25)."""

    ARTIFACT = "NonAccreditedHoldersModule"
    RULE = "NonAccreditedHolders"

    def non_accredited_holders(self) -> tuple[int, int, int | None]:
        """The cap (0: none), the number of non-accredited holders counted, and the accredited topic (None:
        not set, every holder counts)."""
        cap, count, topic = self.view("nonAccreditedHolders")
        return int(cap), int(count), None if int(topic) >= 2**255 else int(topic)

    def set_cap(self, cap: int) -> Receipt:
        """Set the cap of non-accredited holders (the compliance's owner, through the compliance; 0: none)."""
        return self.configure("setNonAccreditedHolderCap", checked_uint(cap, "cap", 32))

    def set_accredited_topic(self, topic: int | str) -> Receipt:
        """Set the claim topic of accredited investors (number or name, e.g. ``"accredited"``)."""
        return self.configure("setAccreditedTopic", _topic(topic, "The accredited topic"))

    def set_non_accredited_holders(self, cap: int, topic: int | str) -> Receipt:
        """Set the cap of non-accredited holders and the accredited topic in one transaction."""
        return self.configure("setNonAccreditedHolders", checked_uint(cap, "cap", 32),
                              _topic(topic, "The accredited topic"))

    def rules(self, decimals: int = 0, *, from_block: int = 0) -> list[str]:
        """See :meth:`Module.rules`."""
        cap, count, topic = self.non_accredited_holders()
        who = f"without the {topic_name(topic)} claim" if topic is not None else "(every holder counts)"
        if not cap:
            return [f"No cap on holders {who} ({count:,} hold now)."]
        return [f"At most {cap:,} investors {who} may hold the token ({count:,} do now)."]


class MinimumHoldingModule(Module):
    """Minimum holdings, per country if set, and optionally whole-position transfers (codes 26, 27)."""

    ARTIFACT = "MinimumHoldingModule"
    RULE = "MinimumHolding"

    def minimum_holding(self) -> tuple[int, bool]:
        """The token's minimum holding (0: none) and whether holders must transfer all they hold."""
        amount, full = self.view("minimumHolding")
        return int(amount), bool(full)

    def country_minimum_holding(self, country: int | str) -> int:
        """``country``'s own minimum holding (0: the token's applies)."""
        own, _ = self.view("countryMinimums", country_code(country))
        return int(own)

    def set_minimum_holding(self, amount: int) -> Receipt:
        """Set the token's minimum holding (the compliance's owner, through the compliance; 0: none)."""
        return self.configure("setMinimumHolding", checked_uint(amount, "minimum holding", BALANCE_BITS))

    def set_country_minimum_holding(self, country: int | str, amount: int) -> Receipt:
        """Set ``country``'s own minimum holding (0: the token's applies)."""
        return self.configure(
            "setCountryMinimumHolding", country_code(country), checked_uint(amount, "minimum holding", BALANCE_BITS)
        )

    def set_full_transfer(self, on: bool) -> Receipt:
        """Require (or not) that a holder's transfer moves its whole holding."""
        return self.configure("setFullTransfer", bool(on))

    def rules(self, decimals: int = 0, *, from_block: int = 0) -> list[str]:
        """See :meth:`Module.rules`."""
        amount, full = self.minimum_holding()
        out = []
        if amount:
            out.append(
                f"An investor holds either nothing or at least {format_amount(amount, decimals)} tokens, "
                "all their wallets together."
            )
        for country in self._event_countries(("CountryMinimumHoldingSet",), from_block):
            own = self.country_minimum_holding(country)
            if own:
                out.append(
                    f"An investor in {describe_country(country)} holds either nothing or at least "
                    f"{format_amount(own, decimals)} tokens."
                )
        if full:
            out.append("A holder may only transfer their whole holding.")
        return out or ["No minimum holding is set."]


class MinimumTransferModule(Module):
    """A minimum amount per transfer, by the sender's country (code 28)."""

    ARTIFACT = "MinimumTransferModule"
    RULE = "MinimumTransfer"

    def country_minimum_transfer(self, country: int | str) -> int:
        """The minimum transfer for senders from ``country`` (0: none)."""
        return int(self.view("countryMinimumTransfer", country_code(country)))

    def set_country_minimum_transfer(self, country: int | str, amount: int) -> Receipt:
        """Set the minimum transfer for senders from ``country`` (the compliance's owner, through the compliance)."""
        return self.configure(
            "setCountryMinimumTransfer", country_code(country), checked_uint(amount, "minimum transfer", BALANCE_BITS)
        )

    def rules(self, decimals: int = 0, *, from_block: int = 0) -> list[str]:
        """See :meth:`Module.rules`."""
        out = []
        for country in self._event_countries(("CountryMinimumTransferSet",), from_block):
            amount = self.country_minimum_transfer(country)
            if amount:
                out.append(
                    f"An investor in {describe_country(country)} transfers at least "
                    f"{format_amount(amount, decimals)} tokens at a time."
                )
        return out or ["No minimum transfer is set."]


class InvestorTypeModule(Module):
    """Per country, the claims required of entities (code 29)."""

    ARTIFACT = "InvestorTypeModule"
    RULE = "InvestorType"

    def entity_rule(self, country: int | str) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The entity rule of ``country``: (any-of topics, all-of topics); empty when there is none."""
        any_of, all_of = self.view("entityEligibility", country_code(country))
        return mask_topics(int(any_of)), mask_topics(int(all_of))

    def set_entity_rule(
        self, country: int | str, *, any_of: Iterable[int | str] = (), all_of: Iterable[int | str] = ()
    ) -> Receipt:
        """Set the claims entities from ``country`` need (the compliance's owner, through the compliance); no
        topics at all removes the rule."""
        any_mask = _topic_mask(any_of, "Entity rules")
        all_mask = _topic_mask(all_of, "Entity rules")
        return self.configure("setEntityEligibility", country_code(country), any_mask, all_mask)

    def rules(self, decimals: int = 0, *, from_block: int = 0) -> list[str]:
        """See :meth:`Module.rules`."""
        out = []
        for country in self._event_countries(("EntityEligibilitySet",), from_block):
            any_raw, all_raw = self.view("entityEligibility", country)
            if int(any_raw) or int(all_raw):
                out.append(
                    f"Entities in {describe_country(country)} must hold: {_needs_text(int(any_raw), int(all_raw))} "
                    "(individuals meet the country's eligibility rule)."
                )
        return out or ["No rule for entities is set: entities meet their country's eligibility rule."]


class SpenderModule(Module):
    """``transferFrom`` only by verified investors and listed operators (code 30)."""

    ARTIFACT = "SpenderModule"
    RULE = "Spender"

    def is_operator(self, operator: str) -> bool:
        """Whether ``operator`` is listed."""
        return bool(self.view("isOperator", checked_address(operator, "operator")))

    def set_operator(self, operator: str, listed: bool = True) -> Receipt:
        """List (or unlist) ``operator`` (the compliance's owner, through the compliance)."""
        return self.configure("setOperator", checked_address(operator, "operator"), bool(listed))

    def operators(self, from_block: int = 0) -> list[ChecksumAddress]:
        """The operators listed now, from the module's events since ``from_block``."""
        seen: dict[ChecksumAddress, None] = {}
        event = self.contract.events["OperatorListed"]
        for log in event.get_logs(from_block=from_block, argument_filters={"compliance": self._compliance()}):
            seen[checked_address(log["args"]["operator"])] = None
        return [address for address in seen if self.is_operator(address)]

    def rules(self, decimals: int = 0, *, from_block: int = 0) -> list[str]:
        """See :meth:`Module.rules`."""
        listed = ", ".join(self.operators(from_block)) or "none"
        return [f"Only verified investors and the listed operators ({listed}) may spend an allowance (transferFrom)."]


#: Module classes by artifact name.
MODULES: dict[str, type[Module]] = {
    cls.ARTIFACT: cls
    for cls in (
        CountryAllowModule,
        CountryRestrictModule,
        InvestorEligibilityModule,
        LockUpModule,
        TransferLimitsModule,
        MaxBalanceModule,
        MaxHoldersModule,
        SupplyLimitModule,
        FlowbackModule,
        NonAccreditedHoldersModule,
        MinimumHoldingModule,
        MinimumTransferModule,
        InvestorTypeModule,
        SpenderModule,
    )
}
_BY_RULE = {cls.RULE: cls for cls in MODULES.values()}
#: The built-in rule modules' artifacts by rule number (the order `ModularCompliance`'s constructor takes).
BUILTIN_MODULES: tuple[str, ...] = (
    "CountryAllowModule",
    "CountryRestrictModule",
    "MaxBalanceModule",
    "MaxHoldersModule",
    "SupplyLimitModule",
    "LockUpModule",
    "InvestorEligibilityModule",
    "TransferLimitsModule",
    "FlowbackModule",
    "NonAccreditedHoldersModule",
    "MinimumHoldingModule",
    "MinimumTransferModule",
    "InvestorTypeModule",
    "SpenderModule",
)


def module_client(
    w3: Web3, address: str, signer: Signer | None = None, *, compliance: str | None = None, **options: Any
) -> Module:
    """Attach the right module class to a module address, by asking the module its ``name()``.

    Args:
        w3: The connection.
        address: The module.
        signer: Who sends configuration calls (the compliance owner), if any.
        compliance: The compliance whose rule the client reads and sets.
        **options: Other :class:`ContractClient` options (``confirmations``).

    Returns:
        The typed module client.

    Raises:
        ValidationError: the contract is not a compliance module, or not one sectoken knows.
    """
    probe = CountryAllowModule(w3, address, signer, **options)  # any module ABI has name()
    try:
        rule = probe.name()
    except RevertError:
        raise ValidationError(f"{address} is not a compliance module (it has no name()).") from None
    cls = _BY_RULE.get(rule)
    if cls is None:
        raise ValidationError(f"{address} is a module sectoken does not know ({rule!r}).")
    return cls(w3, address, signer, compliance=compliance, **options)
