"""Jurisdiction rule packs: YAML files describing an offering's rules, loaded into typed rules and
composed into the configuration of the compliance modules.

Packs are simplified models for engineering, not legal advice (see README.md beside this file).

Example:
    >>> config = compose([load_pack("uk-professional"), load_pack("us-reg-d")])
    >>> config.countries_allowed
    (826, 840)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from sectoken.claims import topics_mask
from sectoken.errors import ConfigError, ValidationError
from sectoken.inputs import MAX_UINT256, scale_exact
from sectoken.yaml_reader import NodeReader, compose_yaml

__all__ = [
    "PACK_DIR",
    "ComplianceConfig",
    "CountryAllow",
    "CountryRestrict",
    "Eligibility",
    "EligibilityRule",
    "HolderCap",
    "LockUp",
    "MaxBalance",
    "ModuleCall",
    "Pack",
    "RequiredTopics",
    "Rule",
    "SupplyLimit",
    "TransferLimit",
    "available_packs",
    "compose",
    "load_pack",
]

PACK_DIR = Path(__file__).parent


# ----------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class _Base:
    basis: str
    location: str  # "file:line" of the rule


@dataclass(frozen=True)
class RequiredTopics(_Base):
    """Claim topics every investor must hold to be registered as verified."""

    topics: tuple[int, ...]


@dataclass(frozen=True)
class CountryAllow(_Base):
    """Recipients must come from one of these countries (ISO 3166-1 numeric)."""

    countries: tuple[int, ...]


@dataclass(frozen=True)
class CountryRestrict(_Base):
    """Recipients from these countries are refused."""

    countries: tuple[int, ...]


@dataclass(frozen=True)
class Eligibility(_Base):
    """Recipients from `country` must hold every `all_of` topic and, if any are given, one `any_of`."""

    country: int
    all_of: tuple[int, ...]
    any_of: tuple[int, ...]


@dataclass(frozen=True)
class LockUp(_Base):
    """Issued tokens stay locked `seconds` for recipients from `country` (None: every country)."""

    country: int | None
    seconds: int


@dataclass(frozen=True)
class TransferLimit(_Base):
    """At most `amount` tokens moved out per identity per `window` seconds."""

    window: int
    amount: Decimal


@dataclass(frozen=True)
class MaxBalance(_Base):
    """At most `amount` tokens per investor identity."""

    amount: Decimal


@dataclass(frozen=True)
class HolderCap(_Base):
    """At most `max` identities holding a balance, from `country` (None: overall)."""

    country: int | None
    max: int


@dataclass(frozen=True)
class SupplyLimit(_Base):
    """At most `amount` tokens in issue."""

    amount: Decimal


#: Any rule a pack can hold.
Rule = (
    RequiredTopics | CountryAllow | CountryRestrict | Eligibility | LockUp | TransferLimit | MaxBalance | HolderCap
    | SupplyLimit
)


@dataclass(frozen=True)
class Pack:
    """A loaded rule pack."""

    name: str
    summary: str
    path: Path
    rules: tuple[Rule, ...]


# ----------------------------------------------------------------------------- composed configuration


@dataclass(frozen=True)
class EligibilityRule:
    """Topic bitmaps for one country, as InvestorEligibilityModule stores them."""

    any_of: int
    all_of: int


@dataclass(frozen=True)
class ModuleCall:
    """One configuration call for the deploy tooling: `module.function(*args)` from the compliance owner."""

    module: str
    function: str
    args: tuple[object, ...]


@dataclass(frozen=True)
class ComplianceConfig:
    """Everything the registry and the compliance modules need, composed from one or more packs.

    Amounts are in the token's base units. `None` means the rule is absent (its module is not needed).
    """

    packs: tuple[str, ...]
    required_topics: tuple[int, ...] = ()
    countries_allowed: tuple[int, ...] | None = None
    countries_restricted: tuple[int, ...] = ()
    eligibility: dict[int, EligibilityRule] = field(default_factory=dict)
    lockup_default: int | None = None
    lockup_by_country: dict[int, int] = field(default_factory=dict)
    transfer_limits: dict[int, int] = field(default_factory=dict)
    max_balance: int | None = None
    holder_cap: int | None = None
    country_holder_caps: dict[int, int] = field(default_factory=dict)
    supply_limit: int | None = None

    def modules(self) -> tuple[str, ...]:
        """The compliance modules this configuration needs, in the order the compliance runs them."""
        needed = [
            ("CountryAllowModule", self.countries_allowed is not None),
            ("CountryRestrictModule", bool(self.countries_restricted)),
            ("InvestorEligibilityModule", bool(self.eligibility)),
            ("LockUpModule", self.lockup_default is not None or bool(self.lockup_by_country)),
            ("TransferLimitsModule", bool(self.transfer_limits)),
            ("MaxBalanceModule", self.max_balance is not None),
            ("MaxHoldersModule", self.holder_cap is not None or bool(self.country_holder_caps)),
            ("SupplyLimitModule", self.supply_limit is not None),
        ]
        return tuple(name for name, used in needed if used)

    def module_calls(self) -> list[ModuleCall]:
        """The calls that configure freshly deployed modules, module by module in {modules} order."""
        calls: list[ModuleCall] = []
        if self.countries_allowed is not None:
            calls.append(ModuleCall("CountryAllowModule", "allowCountries", (list(self.countries_allowed),)))
        if self.countries_restricted:
            calls.append(
                ModuleCall("CountryRestrictModule", "restrictCountries", (list(self.countries_restricted),))
            )
        for country, rule in sorted(self.eligibility.items()):
            calls.append(
                ModuleCall("InvestorEligibilityModule", "setEligibilityRule", (country, rule.any_of, rule.all_of))
            )
        if self.lockup_default is not None:
            calls.append(ModuleCall("LockUpModule", "setDefaultLockUpPeriod", (self.lockup_default,)))
        for country, seconds in sorted(self.lockup_by_country.items()):
            calls.append(ModuleCall("LockUpModule", "setLockUpPeriod", (country, seconds)))
        for window, amount in sorted(self.transfer_limits.items()):
            calls.append(ModuleCall("TransferLimitsModule", "setTransferLimit", (window, amount)))
        if self.max_balance is not None:
            calls.append(ModuleCall("MaxBalanceModule", "setMaxBalance", (self.max_balance,)))
        if self.holder_cap is not None:
            calls.append(ModuleCall("MaxHoldersModule", "setHolderCap", (self.holder_cap,)))
        for country, cap in sorted(self.country_holder_caps.items()):
            calls.append(ModuleCall("MaxHoldersModule", "setCountryHolderCap", (country, cap)))
        if self.supply_limit is not None:
            calls.append(ModuleCall("SupplyLimitModule", "setSupplyLimit", (self.supply_limit,)))
        return calls


# ----------------------------------------------------------------------------- loading


def available_packs() -> tuple[str, ...]:
    """Names of the packs shipped with sectoken."""
    return tuple(sorted(p.stem for p in PACK_DIR.glob("*.yaml")))


def load_pack(name_or_path: str | Path) -> Pack:
    """Load a pack by its shipped name (``"us-reg-d"``) or from a YAML file.

    Raises:
        ConfigError: the pack is unknown, or the file is malformed; the message names the file and line.
    """
    path = Path(name_or_path)
    if not path.suffix and not path.exists():
        path = PACK_DIR / f"{name_or_path}.yaml"
        if not path.exists():
            raise ConfigError(
                f"Unknown jurisdiction pack {str(name_or_path)!r}. Shipped packs: {', '.join(available_packs())}."
            )
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the pack: {exc.strerror}.") from exc
    return _Reader(path).pack(compose_yaml(text, path))


class _Reader(NodeReader):
    """A pack's rules, read with the shared YAML reader (every error names the file and line)."""

    _KEYS = ("pack", "summary", "rules")

    def __init__(self, path: Path) -> None:
        super().__init__(path, key_style="-")
        self.path = path

    def pack(self, root: yaml.Node | None) -> Pack:
        if root is None:
            raise self.fail(None, "the pack is empty.")
        top = self.mapping(root, "the pack", self._KEYS, self._KEYS)
        name = self.text(top["pack"][1], "'pack'")
        summary = self.text(top["summary"][1], "'summary'", max_length=2000)
        rules_node = top["rules"][1]
        if not isinstance(rules_node, yaml.SequenceNode) or not rules_node.value:
            raise self.fail(rules_node, "'rules' must be a non-empty list.")
        rules = tuple(self.rule(node) for node in rules_node.value)
        return Pack(name=name, summary=summary, path=self.path, rules=rules)

    def rule(self, node: yaml.Node) -> Rule:
        kinds = ("required-topics", "country-allow", "country-restrict", "eligibility", "lock-up",
                 "transfer-limit", "max-balance", "holder-cap", "supply-limit")
        entries = self.mapping(node, "a rule", (*kinds, "basis"))
        present = [k for k in kinds if k in entries]
        if len(present) != 1:
            raise self.fail(node, f"a rule needs exactly one of: {', '.join(kinds)} (found {len(present)}).")
        if "basis" not in entries:
            raise self.fail(node, "every rule needs a one-line 'basis' in plain words.")
        basis = self.text(entries["basis"][1], "'basis'", max_length=2000)
        kind = present[0]
        value = entries[kind][1]
        at = f"{self.path}:{node.start_mark.line + 1}"
        if kind == "required-topics":
            return RequiredTopics(basis, at, self.topics(value, "the topics"))
        if kind == "country-allow":
            return CountryAllow(basis, at, self.countries(value, "the countries", allow_empty=False))
        if kind == "country-restrict":
            return CountryRestrict(basis, at, self.countries(value, "the countries", allow_empty=False))
        if kind == "max-balance":
            return MaxBalance(basis, at, self.tokens(value, "max-balance"))
        if kind == "supply-limit":
            return SupplyLimit(basis, at, self.tokens(value, "supply-limit"))
        if kind == "eligibility":
            opts = self.mapping(value, "eligibility", ("country", "all-of", "any-of"))
            if "country" not in opts:
                raise self.fail(value, "eligibility needs a 'country'.")
            all_of = self.topics(opts["all-of"][1], "all-of") if "all-of" in opts else ()
            any_of = self.topics(opts["any-of"][1], "any-of") if "any-of" in opts else ()
            if not all_of and not any_of:
                raise self.fail(value, "eligibility needs 'all-of' or 'any-of' topics.")
            return Eligibility(basis, at, self.country(opts["country"][1]), all_of, any_of)
        if kind == "lock-up":
            opts = self.mapping(value, "lock-up", ("country", "period"))
            if "period" not in opts:
                raise self.fail(value, "lock-up needs a 'period'.")
            seconds = self.lock_period(opts["period"][1], "a lock-up")
            return LockUp(basis, at, self.country(opts["country"][1]) if "country" in opts else None, seconds)
        if kind == "holder-cap":
            opts = self.mapping(value, "holder-cap", ("country", "max"))
            if "max" not in opts:
                raise self.fail(value, "holder-cap needs a 'max'.")
            cap = self.count(opts["max"][1], "holder-cap max")
            return HolderCap(basis, at, self.country(opts["country"][1]) if "country" in opts else None, cap)
        opts = self.mapping(value, "transfer-limit", ("window", "max"))
        if "window" not in opts or "max" not in opts:
            raise self.fail(value, "transfer-limit needs a 'window' and a 'max'.")
        window = self.window(opts["window"][1], "a transfer-limit window")
        return TransferLimit(basis, at, window, self.tokens(opts["max"][1], "transfer-limit max"))


# ----------------------------------------------------------------------------- composing


def _base_units(amount: Decimal, decimals: int, rule: _Base) -> int:
    try:
        scaled = scale_exact(amount, decimals)
    except ValidationError as error:
        raise ConfigError(f"{rule.location}: {error}") from None
    if scaled is None:
        raise ConfigError(f"{rule.location}: {amount} tokens is not a whole number of base units at {decimals} decimals.")
    if scaled > MAX_UINT256:
        raise ConfigError(f"{rule.location}: {amount} tokens is more than any token amount.")
    return scaled


def _smaller(current: int | None, new: int) -> int:
    return new if current is None else min(current, new)


def compose(packs: Iterable[Pack], *, decimals: int = 18) -> ComplianceConfig:
    """Compose packs into one configuration; the stricter setting wins (see README.md).

    Args:
        packs: The packs to enforce together.
        decimals: The token's decimals, to turn token amounts into base units.

    Returns:
        The composed configuration.

    Raises:
        ConfigError: two eligibility rules for one country have no `any-of` topic in common, or an amount
            is finer than a base unit; the message names the rules' file and line.
    """
    packs = tuple(packs)
    if not packs:
        raise ConfigError("compose() needs at least one pack.")
    topics: dict[int, None] = {}
    allowed: dict[int, None] | None = None
    restricted: dict[int, None] = {}
    eligibility: dict[int, tuple[int, int | None, Eligibility]] = {}  # country -> (all_of, any_of, rule)
    lock_default: int | None = None
    lock_country: dict[int, int] = {}
    limits: dict[int, int] = {}
    max_balance = holder_cap = supply = None
    country_caps: dict[int, int] = {}
    for pack in packs:
        for rule in pack.rules:
            if isinstance(rule, RequiredTopics):
                topics.update(dict.fromkeys(rule.topics))
            elif isinstance(rule, CountryAllow):
                allowed = (allowed or {}) | dict.fromkeys(rule.countries)
            elif isinstance(rule, CountryRestrict):
                restricted.update(dict.fromkeys(rule.countries))
            elif isinstance(rule, Eligibility):
                all_of = topics_mask(rule.all_of)
                any_of = topics_mask(rule.any_of) if rule.any_of else None
                if rule.country in eligibility:
                    prev_all, prev_any, prev = eligibility[rule.country]
                    all_of |= prev_all
                    if prev_any is not None and any_of is not None:
                        if not prev_any & any_of:
                            raise ConfigError(
                                f"{rule.location}: its any-of topics for country {rule.country} have none in "
                                f"common with the rule at {prev.location}, so no investor could satisfy both."
                            )
                        any_of &= prev_any
                    elif any_of is None:
                        any_of = prev_any
                eligibility[rule.country] = (all_of, any_of, rule)
            elif isinstance(rule, LockUp):
                if rule.country is None:
                    lock_default = max(lock_default or 0, rule.seconds)
                else:
                    lock_country[rule.country] = max(lock_country.get(rule.country, 0), rule.seconds)
            elif isinstance(rule, TransferLimit):
                amount = _base_units(rule.amount, decimals, rule)
                limits[rule.window] = min(limits.get(rule.window, amount), amount)
            elif isinstance(rule, MaxBalance):
                max_balance = _smaller(max_balance, _base_units(rule.amount, decimals, rule))
            elif isinstance(rule, HolderCap):
                if rule.country is None:
                    holder_cap = _smaller(holder_cap, rule.max)
                else:
                    country_caps[rule.country] = min(country_caps.get(rule.country, rule.max), rule.max)
            else:
                supply = _smaller(supply, _base_units(rule.amount, decimals, rule))
    if lock_default is not None:
        lock_country = {c: max(s, lock_default) for c, s in lock_country.items()}
    return ComplianceConfig(
        packs=tuple(p.name for p in packs),
        required_topics=tuple(sorted(topics)),
        countries_allowed=tuple(sorted(allowed)) if allowed is not None else None,
        countries_restricted=tuple(sorted(restricted)),
        eligibility={c: EligibilityRule(any_of or 0, all_of) for c, (all_of, any_of, _) in eligibility.items()},
        lockup_default=lock_default,
        lockup_by_country=lock_country,
        transfer_limits=limits,
        max_balance=max_balance,
        holder_cap=holder_cap,
        country_holder_caps=country_caps,
        supply_limit=supply,
    )
