"""Jurisdiction rule packs: YAML files describing an offering's rules, loaded into typed rules and
composed into the configuration of the compliance modules.

Packs are simplified models for engineering, not legal advice (see README.md beside this file).

A pack may declare parameters (``us-reg-d``: ``issuer``, ``offering``); a rule with ``when`` applies only
for the values it names, and :func:`compose` takes the values chosen for each pack (defaults otherwise).

Example:
    >>> config = compose([load_pack("uk-professional"), load_pack("us-reg-d")],
    ...                  parameters={"us-reg-d": {"issuer": "reporting"}})
    >>> config.countries_allowed
    (826, 840)
    >>> config.lockup_by_country
    {840: 15768000}
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from sectoken.claims import TOPICS, topics_mask
from sectoken.errors import ConfigError, ValidationError
from sectoken.inputs import MAX_UINT256, parse_address, scale_exact, uint_max
from sectoken.yaml_reader import MAX_LOCK_UP, Entries, NodeReader, compose_yaml

__all__ = [
    "INVESTOR_TYPES",
    "PACK_DIR",
    "ComplianceConfig",
    "CountryAllow",
    "CountryRestrict",
    "Eligibility",
    "EligibilityRule",
    "Flowback",
    "HolderCap",
    "LockUp",
    "MaxBalance",
    "MinimumHolding",
    "MinimumTransfer",
    "ModuleCall",
    "NonAccreditedHolders",
    "Pack",
    "Parameter",
    "RequiredTopics",
    "Rule",
    "SpenderCheck",
    "SupplyLimit",
    "TransferLimit",
    "available_packs",
    "bases",
    "compose",
    "load_pack",
]

PACK_DIR = Path(__file__).parent
#: The investor types an eligibility rule may name (the registry's 0 and 1).
INVESTOR_TYPES = ("individual", "entity")
_NON_US_PERSON = TOPICS["non-us-person"]
_ACCREDITED = TOPICS["accredited"]
#: Chosen parameter values, by parameter name (a pack's) or by pack name then parameter name (compose's).
Choices = Mapping[str, object]


# ----------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class _Base:
    basis: str
    location: str  # "file:line" of the rule
    #: The parameter values the rule applies for: (parameter, allowed values); empty: always.
    when: tuple[tuple[str, tuple[str, ...]], ...] = field(default=(), kw_only=True)

    def applies(self, chosen: Mapping[str, str]) -> bool:
        """Whether the rule applies with these parameter values (every parameter of the pack chosen)."""
        return all(chosen[name] in values for name, values in self.when)


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
    """Recipients from `country` must hold every `all_of` topic and, if any are given, one `any_of`.

    `investor_type` (``"individual"`` or ``"entity"``) limits the rule to one type; ``None``: both.
    """

    country: int
    all_of: tuple[int, ...]
    any_of: tuple[int, ...]
    investor_type: str | None = None


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


@dataclass(frozen=True)
class Flowback(_Base):
    """For `seconds` from the offering's closing (0: no period), recipients in the US or without the
    `topic` claim (non-US person) are refused (Regulation S distribution compliance period)."""

    seconds: int
    topic: int = _NON_US_PERSON


@dataclass(frozen=True)
class NonAccreditedHolders(_Base):
    """At most `max` holders (identities) without the `topic` claim (accredited)."""

    max: int
    topic: int = _ACCREDITED


@dataclass(frozen=True)
class MinimumHolding(_Base):
    """No transfer may leave a party with a positive holding below `amount` tokens (parties from
    `country`; None: every party); with `full_transfer`, a holder transfer must move the whole holding."""

    country: int | None
    amount: Decimal
    full_transfer: bool = False


@dataclass(frozen=True)
class MinimumTransfer(_Base):
    """Transfers from senders in `country` move at least `amount` tokens."""

    country: int
    amount: Decimal


@dataclass(frozen=True)
class SpenderCheck(_Base):
    """`transferFrom` requires a spender who is a verified investor or a listed operator (when `on`)."""

    on: bool


#: Any rule a pack can hold.
Rule = (
    RequiredTopics | CountryAllow | CountryRestrict | Eligibility | LockUp | TransferLimit | MaxBalance | HolderCap
    | SupplyLimit | Flowback | NonAccreditedHolders | MinimumHolding | MinimumTransfer | SpenderCheck
)


@dataclass(frozen=True)
class Parameter:
    """A choice a pack leaves to the suite (``issuer: reporting | non-reporting``)."""

    name: str
    values: tuple[str, ...]
    default: str
    basis: str
    location: str  # "file:line" of the parameter


@dataclass(frozen=True)
class Pack:
    """A loaded rule pack."""

    name: str
    summary: str
    path: Path
    rules: tuple[Rule, ...]
    parameters: tuple[Parameter, ...] = ()

    def parameter(self, name: str) -> Parameter:
        """The parameter called `name`.

        Raises:
            ConfigError: the pack has no such parameter (the message names the pack's file and line and
                the parameters it has).
        """
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        known = [p.name for p in self.parameters]
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        has = f"Its parameters: {', '.join(known)}." if known else "It has no parameters."
        raise ConfigError(f"{self.path}:1: pack {self.name} has no parameter '{name}'.{hint} {has}")

    def choose(self, chosen: Choices | None = None) -> dict[str, str]:
        """Every parameter's value: the chosen one, else the default.

        Args:
            chosen: Values by parameter name (numbers are read as text: ``category: 3``).

        Returns:
            The value of every parameter of the pack, by name.

        Raises:
            ConfigError: an unknown parameter or value; the message names the pack's file and line.
        """
        values = {p.name: p.default for p in self.parameters}
        for name, value in (chosen or {}).items():
            parameter = self.parameter(str(name).strip().lower())
            values[parameter.name] = _choice(parameter, value, self.name)
        return values


def _choice(parameter: Parameter, value: object, pack: str) -> str:
    text = str(value).strip().lower()
    if text not in parameter.values:
        raise ConfigError(
            f"{parameter.location}: parameter '{parameter.name}' of pack {pack} is one of "
            f"{', '.join(parameter.values)}, not {str(value)!r}."
        )
    return text


# ----------------------------------------------------------------------------- composed configuration


@dataclass(frozen=True)
class EligibilityRule:
    """Topic bitmaps for one country, as InvestorEligibilityModule (and InvestorTypeModule) store them."""

    any_of: int
    all_of: int


@dataclass(frozen=True)
class ModuleCall:
    """One configuration call for the deploy tooling: `module.function(*args)` from the compliance owner."""

    module: str
    function: str
    args: tuple[object, ...]


#: The latest flowback end the FlowbackModule stores (uint64 seconds).
_MAX_END = uint_max(64)


@dataclass(frozen=True)
class ComplianceConfig:
    """Everything the registry and the compliance modules need, composed from one or more packs.

    Amounts are in the token's base units. `None` means the rule is absent (its module is not needed).
    `eligibility` is the country's common rule (individuals, and entities of a country without an entity
    rule); `entity_eligibility` the rule for entities of a country that has one. The flowback period
    counts from the offering's closing, which :meth:`module_calls` takes.
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
    entity_eligibility: dict[int, EligibilityRule] = field(default_factory=dict)
    flowback_period: int | None = None
    flowback_topic: int = _NON_US_PERSON
    non_accredited_cap: int | None = None
    accredited_topic: int = _ACCREDITED
    minimum_holding: int | None = None
    minimum_holding_by_country: dict[int, int] = field(default_factory=dict)
    full_transfer: bool = False
    minimum_transfer_by_country: dict[int, int] = field(default_factory=dict)
    spender_check: bool = False

    def _needed(self) -> list[tuple[str, bool]]:
        return [
            ("SpenderModule", self.spender_check),
            ("CountryAllowModule", self.countries_allowed is not None),
            ("CountryRestrictModule", bool(self.countries_restricted)),
            ("FlowbackModule", bool(self.flowback_period)),
            ("InvestorEligibilityModule", bool(self.eligibility)),
            ("InvestorTypeModule", bool(self.entity_eligibility)),
            ("LockUpModule", self.lockup_default is not None or bool(self.lockup_by_country)),
            ("MinimumTransferModule", bool(self.minimum_transfer_by_country)),
            ("TransferLimitsModule", bool(self.transfer_limits)),
            ("MinimumHoldingModule",
             self.minimum_holding is not None or bool(self.minimum_holding_by_country) or self.full_transfer),
            ("MaxBalanceModule", self.max_balance is not None),
            ("MaxHoldersModule", self.holder_cap is not None or bool(self.country_holder_caps)),
            ("NonAccreditedHoldersModule", self.non_accredited_cap is not None),
            ("SupplyLimitModule", self.supply_limit is not None),
        ]

    def modules(self) -> tuple[str, ...]:
        """The compliance modules this configuration needs, in the order the compliance runs them (the
        refusal order: spender 30, countries 16 and 17, flowback 24, eligibility 22 and 29, lock-up 21,
        minimum transfer 28, transfer limits 23, minimum holding 27 and 26, max balance 18, holder caps 19,
        non-accredited holders 25, supply 20)."""
        return tuple(name for name, used in self._needed() if used)

    def module_calls(self, *, closing: int | None = None, operators: Sequence[str] = ()) -> list[ModuleCall]:
        """The calls that configure freshly added modules, module by module in :meth:`modules` order.

        Args:
            closing: The offering's closing (unix seconds): the flowback period ends `flowback_period`
                seconds after it. Needed only when there is a flowback period.
            operators: Addresses the spender check lets call ``transferFrom`` besides verified investors
                (the suite's DvP contract, a transfer agent); ignored without the spender check.

        Returns:
            The calls, each one setter of one module.

        Raises:
            ConfigError: a flowback period without `closing`, or an end that does not fit 64 bits.
            ValidationError: an operator is not an address.
        """
        calls: list[ModuleCall] = []
        if self.spender_check:
            listed = dict.fromkeys(parse_address(op, "an operator", allow_zero=False) for op in operators)
            calls += [ModuleCall("SpenderModule", "setOperator", (op, True)) for op in listed]
        if self.countries_allowed is not None:
            calls.append(ModuleCall("CountryAllowModule", "allowCountries", (list(self.countries_allowed),)))
        if self.countries_restricted:
            calls.append(
                ModuleCall("CountryRestrictModule", "restrictCountries", (list(self.countries_restricted),))
            )
        if self.flowback_period:
            calls += self._flowback_calls(closing)
        for country, rule in sorted(self.eligibility.items()):
            calls.append(
                ModuleCall("InvestorEligibilityModule", "setEligibilityRule", (country, rule.any_of, rule.all_of))
            )
        for country, rule in sorted(self.entity_eligibility.items()):
            calls.append(
                ModuleCall("InvestorTypeModule", "setEntityEligibility", (country, rule.any_of, rule.all_of))
            )
        if self.lockup_default is not None:
            calls.append(ModuleCall("LockUpModule", "setDefaultLockUpPeriod", (self.lockup_default,)))
        for country, seconds in sorted(self.lockup_by_country.items()):
            calls.append(ModuleCall("LockUpModule", "setLockUpPeriod", (country, seconds)))
        for country, amount in sorted(self.minimum_transfer_by_country.items()):
            calls.append(ModuleCall("MinimumTransferModule", "setCountryMinimumTransfer", (country, amount)))
        for window, amount in sorted(self.transfer_limits.items()):
            calls.append(ModuleCall("TransferLimitsModule", "setTransferLimit", (window, amount)))
        if self.minimum_holding is not None:
            calls.append(ModuleCall("MinimumHoldingModule", "setMinimumHolding", (self.minimum_holding,)))
        for country, amount in sorted(self.minimum_holding_by_country.items()):
            calls.append(ModuleCall("MinimumHoldingModule", "setCountryMinimumHolding", (country, amount)))
        if self.full_transfer:
            calls.append(ModuleCall("MinimumHoldingModule", "setFullTransfer", (True,)))
        if self.max_balance is not None:
            calls.append(ModuleCall("MaxBalanceModule", "setMaxBalance", (self.max_balance,)))
        if self.holder_cap is not None:
            calls.append(ModuleCall("MaxHoldersModule", "setHolderCap", (self.holder_cap,)))
        for country, cap in sorted(self.country_holder_caps.items()):
            calls.append(ModuleCall("MaxHoldersModule", "setCountryHolderCap", (country, cap)))
        if self.non_accredited_cap is not None:
            calls.append(ModuleCall("NonAccreditedHoldersModule", "setNonAccreditedHolders",
                                    (self.non_accredited_cap, self.accredited_topic)))
        if self.supply_limit is not None:
            calls.append(ModuleCall("SupplyLimitModule", "setSupplyLimit", (self.supply_limit,)))
        return calls

    def flowback_end(self, closing: int) -> int:
        """When the flowback period ends: `closing` plus the period (0 without a period).

        Raises:
            ConfigError: `closing` is negative or the end does not fit the module's 64-bit field.
        """
        if not self.flowback_period:
            return 0
        if closing < 0:
            raise ConfigError(f"The offering's closing must be a unix time (seconds), not {closing}.")
        end = closing + self.flowback_period
        if end > _MAX_END:
            raise ConfigError(f"The flowback period would end at {end}, beyond what the module stores (64 bits).")
        return end

    def _flowback_calls(self, closing: int | None) -> list[ModuleCall]:
        if closing is None:
            raise ConfigError(
                f"The rules have a flowback period of {self.flowback_period} seconds from the offering's closing: "
                "pass the closing time (module_calls(closing=unix seconds); a suite's `closing`, else the deployment)."
            )
        return [
            ModuleCall("FlowbackModule", "setFlowbackEnd", (self.flowback_end(closing),)),
            ModuleCall("FlowbackModule", "setNonUsPersonTopic", (self.flowback_topic,)),
        ]


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


_KINDS = ("required-topics", "country-allow", "country-restrict", "eligibility", "lock-up", "transfer-limit",
          "max-balance", "holder-cap", "supply-limit", "flowback", "non-accredited-holders", "minimum-holding",
          "minimum-transfer", "spender-check")


class _Reader(NodeReader):
    """A pack's rules, read with the shared YAML reader (every error names the file and line)."""

    _KEYS = ("pack", "summary", "parameters", "rules")

    def __init__(self, path: Path) -> None:
        super().__init__(path, key_style="-")
        self.path = path
        self.parameters: dict[str, Parameter] = {}

    def at(self, node: yaml.Node) -> str:
        return f"{self.path}:{node.start_mark.line + 1}"

    def pack(self, root: yaml.Node | None) -> Pack:
        if root is None:
            raise self.fail(None, "the pack is empty.")
        top = self.mapping(root, "the pack", self._KEYS, ("pack", "summary", "rules"))
        name = self.text(top["pack"][1], "'pack'")
        summary = self.text(top["summary"][1], "'summary'", max_length=2000)
        if "parameters" in top:
            self.read_parameters(top["parameters"][1])
        rules_node = top["rules"][1]
        if not isinstance(rules_node, yaml.SequenceNode) or not rules_node.value:
            raise self.fail(rules_node, "'rules' must be a non-empty list.")
        rules = tuple(self.rule(node) for node in rules_node.value)
        return Pack(name=name, summary=summary, path=self.path, rules=rules, parameters=tuple(self.parameters.values()))

    def word(self, node: yaml.Node, what: str) -> str:
        """A parameter name or value: one word, compared in lower case."""
        return self.text(node, what).lower()

    def read_parameters(self, node: yaml.Node) -> None:
        if not isinstance(node, yaml.MappingNode) or not node.value:
            raise self.fail(node, "'parameters' must map each parameter's name to its values, default and basis.")
        for key_node, value in node.value:
            name = self.word(key_node, "a parameter name")
            if name in self.parameters:
                raise self.fail(key_node, f"parameter '{name}' is declared twice.")
            what = f"parameter '{name}'"
            entries = self.mapping(value, what, ("values", "default", "basis"), ("values", "default", "basis"),
                                   key=key_node)
            items = self.sequence(entries["values"][1], f"the values of {what}")
            values = tuple(dict.fromkeys(self.word(item, f"a value of {what}") for item in items))
            if len(values) < 2:
                raise self.fail(entries["values"][1], f"{what} needs at least two values to choose from.")
            default_node = entries["default"][1]
            default = self.word(default_node, f"the default of {what}")
            if default not in values:
                raise self.fail(default_node, f"the default of {what} must be one of {', '.join(values)}, not "
                                              f"{default!r}.")
            basis = self.text(entries["basis"][1], f"the basis of {what}", max_length=2000)
            self.parameters[name] = Parameter(name, values, default, basis, self.at(key_node))

    def when(self, node: yaml.Node) -> tuple[tuple[str, tuple[str, ...]], ...]:
        if not isinstance(node, yaml.MappingNode) or not node.value:
            raise self.fail(node, "'when' must map parameters to the value (or values) the rule applies for.")
        out: dict[str, tuple[str, ...]] = {}
        for key_node, value in node.value:
            name = self.word(key_node, "a parameter in 'when'")
            parameter = self.parameters.get(name)
            if parameter is None:
                known = list(self.parameters)
                close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
                hint = f" Did you mean '{close[0]}'?" if close else ""
                has = f"The pack's parameters: {', '.join(known)}." if known else "The pack declares no parameters."
                raise self.fail(key_node, f"'when' names an unknown parameter '{name}'.{hint} {has}")
            if name in out:
                raise self.fail(key_node, f"'when' names parameter '{name}' twice.")
            chosen = []
            for item in self.sequence(value, f"the values of '{name}' in 'when'"):
                word = self.word(item, f"a value of '{name}'")
                if word not in parameter.values:
                    raise self.fail(item, f"parameter '{name}' is one of {', '.join(parameter.values)}, not {word!r}.")
                chosen.append(word)
            out[name] = tuple(dict.fromkeys(chosen))
        return tuple(out.items())

    def rule(self, node: yaml.Node) -> Rule:
        entries = self.mapping(node, "a rule", (*_KINDS, "basis", "when"))
        present = [k for k in _KINDS if k in entries]
        if len(present) != 1:
            raise self.fail(node, f"a rule needs exactly one of: {', '.join(_KINDS)} (found {len(present)}).")
        if "basis" not in entries:
            raise self.fail(node, "every rule needs a one-line 'basis' in plain words.")
        basis = self.text(entries["basis"][1], "'basis'", max_length=2000)
        when = self.when(entries["when"][1]) if "when" in entries else ()
        kind = present[0]
        return self.kind(kind, entries[kind][1], basis, self.at(node), when)

    def kind(
        self, kind: str, value: yaml.Node, basis: str, at: str, when: tuple[tuple[str, tuple[str, ...]], ...]
    ) -> Rule:
        if kind == "required-topics":
            return RequiredTopics(basis, at, self.topics(value, "the topics"), when=when)
        if kind == "country-allow":
            return CountryAllow(basis, at, self.countries(value, "the countries", allow_empty=False), when=when)
        if kind == "country-restrict":
            return CountryRestrict(basis, at, self.countries(value, "the countries", allow_empty=False), when=when)
        if kind == "max-balance":
            return MaxBalance(basis, at, self.tokens(value, "max-balance"), when=when)
        if kind == "supply-limit":
            return SupplyLimit(basis, at, self.tokens(value, "supply-limit"), when=when)
        if kind == "spender-check":
            return SpenderCheck(basis, at, self.boolean(value, "spender-check"), when=when)
        if kind == "eligibility":
            return self.eligibility(value, basis, at, when)
        if kind == "lock-up":
            opts = self.options(value, kind, ("country", "period"), ("period",))
            seconds = self.lock_period(opts["period"][1], "a lock-up")
            return LockUp(basis, at, self.maybe_country(opts), seconds, when=when)
        if kind == "holder-cap":
            opts = self.options(value, kind, ("country", "max"), ("max",))
            cap = self.count(opts["max"][1], "holder-cap max")
            return HolderCap(basis, at, self.maybe_country(opts), cap, when=when)
        if kind == "flowback":
            opts = self.options(value, kind, ("period", "topic"), ("period",))
            seconds = self.period(opts["period"][1], "a flowback period", allow_zero=True)
            if seconds > MAX_LOCK_UP:
                raise self.fail(opts["period"][1], "a flowback period may last at most 10 years.")
            topic = self.topic(opts["topic"][1]) if "topic" in opts else _NON_US_PERSON
            return Flowback(basis, at, seconds, topic, when=when)
        if kind == "non-accredited-holders":
            opts = self.options(value, kind, ("max", "topic"), ("max",))
            topic = self.topic(opts["topic"][1]) if "topic" in opts else _ACCREDITED
            return NonAccreditedHolders(basis, at, self.count(opts["max"][1], f"{kind} max"), topic, when=when)
        if kind == "minimum-holding":
            opts = self.options(value, kind, ("amount", "country", "full-transfer"), ("amount",))
            full = self.boolean(opts["full-transfer"][1], "full-transfer") if "full-transfer" in opts else False
            if full and "country" in opts:
                raise self.fail(opts["full-transfer"][0], "full-transfer applies to every holder: put it on a "
                                                          "minimum-holding rule without a 'country'.")
            amount = self.tokens(opts["amount"][1], f"{kind} amount")
            return MinimumHolding(basis, at, self.maybe_country(opts), amount, full, when=when)
        if kind == "minimum-transfer":
            opts = self.options(value, kind, ("country", "amount"), ("country", "amount"))
            amount = self.tokens(opts["amount"][1], f"{kind} amount")
            return MinimumTransfer(basis, at, self.country(opts["country"][1]), amount, when=when)
        opts = self.options(value, "transfer-limit", ("window", "max"), ("window", "max"))
        window = self.window(opts["window"][1], "a transfer-limit window")
        return TransferLimit(basis, at, window, self.tokens(opts["max"][1], "transfer-limit max"), when=when)

    def options(self, node: yaml.Node, kind: str, allowed: tuple[str, ...], required: tuple[str, ...]) -> Entries:
        opts = self.mapping(node, kind, allowed)
        missing = [key for key in required if key not in opts]
        if missing:
            needs = " and ".join(f"a '{key}'" for key in required)
            raise self.fail(node, f"{kind} needs {needs}.")
        return opts

    def maybe_country(self, opts: Entries) -> int | None:
        return self.country(opts["country"][1]) if "country" in opts else None

    def eligibility(
        self, value: yaml.Node, basis: str, at: str, when: tuple[tuple[str, tuple[str, ...]], ...]
    ) -> Eligibility:
        opts = self.mapping(value, "eligibility", ("country", "type", "all-of", "any-of"))
        if "country" not in opts:
            raise self.fail(value, "eligibility needs a 'country'.")
        all_of = self.topics(opts["all-of"][1], "all-of") if "all-of" in opts else ()
        any_of = self.topics(opts["any-of"][1], "any-of") if "any-of" in opts else ()
        if not all_of and not any_of:
            raise self.fail(value, "eligibility needs 'all-of' or 'any-of' topics.")
        investor_type = None
        if "type" in opts:
            type_node = opts["type"][1]
            investor_type = self.word(type_node, "the investor type")
            if investor_type not in INVESTOR_TYPES:
                raise self.fail(type_node, f"the investor type is individual or entity, not {investor_type!r} "
                                           "(leave 'type' out for both).")
        return Eligibility(basis, at, self.country(opts["country"][1]), all_of, any_of, investor_type, when=when)


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


def _larger(current: int | None, new: int) -> int:
    return new if current is None else max(current, new)


@dataclass
class _Eligible:
    """Eligibility rules for one country and one kind (common or entity), joined so far."""

    all_of: int = 0
    any_of: int | None = None
    last: Eligibility | None = None

    def join(self, rule: Eligibility, whose: str) -> None:
        all_of = topics_mask(rule.all_of)
        any_of = topics_mask(rule.any_of) if rule.any_of else None
        if self.last is not None and self.any_of is not None and any_of is not None:
            if not self.any_of & any_of:
                raise ConfigError(
                    f"{rule.location}: its any-of topics for {whose}country {rule.country} have none in common with "
                    f"the rule at {self.last.location}, so no investor could satisfy both."
                )
            any_of &= self.any_of
        elif any_of is None:
            any_of = self.any_of
        self.all_of |= all_of
        self.any_of = any_of
        self.last = rule

    def rule(self) -> EligibilityRule:
        return EligibilityRule(self.any_of or 0, self.all_of)


@dataclass
class _Topic:
    """A topic that composed rules must agree on (the flowback's non-US-person topic, the accredited one)."""

    what: str
    topic: int | None = None
    rule: _Base | None = None

    def agree(self, topic: int, rule: _Base) -> None:
        if self.rule is not None and self.topic != topic:
            raise ConfigError(
                f"{rule.location}: its {self.what} topic {topic} differs from topic {self.topic} of the rule at "
                f"{self.rule.location}; the module checks one topic, so the packs cannot compose."
            )
        self.topic, self.rule = topic, rule


def _applicable(packs: Sequence[Pack], parameters: Mapping[str, Choices]) -> list[Rule]:
    names = [pack.name for pack in packs]
    for name in parameters:
        if name not in names:
            raise ConfigError(f"Parameters are given for pack {name!r}, which is not composed (packs: {', '.join(names)}).")
    rules: list[Rule] = []
    for pack in packs:
        chosen = pack.choose(parameters.get(pack.name))
        rules += [rule for rule in pack.rules if rule.applies(chosen)]
    return rules


#: Where each kind of pack rule is enforced: the identity registry or a built-in module (by artifact).
_ENFORCED_BY: dict[type, str] = {
    RequiredTopics: "IdentityRegistry", CountryAllow: "CountryAllowModule", CountryRestrict: "CountryRestrictModule",
    LockUp: "LockUpModule", TransferLimit: "TransferLimitsModule", MaxBalance: "MaxBalanceModule",
    HolderCap: "MaxHoldersModule", SupplyLimit: "SupplyLimitModule", Flowback: "FlowbackModule",
    NonAccreditedHolders: "NonAccreditedHoldersModule", MinimumHolding: "MinimumHoldingModule",
    MinimumTransfer: "MinimumTransferModule", SpenderCheck: "SpenderModule",
}


def bases(packs: Iterable[Pack], parameters: Mapping[str, Choices] | None = None) -> dict[str, tuple[str, ...]]:
    """The packs' basis sentences by where their rules are enforced, for ``sectoken compliance explain``.

    Args:
        packs: The packs a suite composed.
        parameters: The parameter values chosen per pack (defaults for the others).

    Returns:
        ``"IdentityRegistry"`` or a module's artifact name -> the basis of each applicable rule it enforces, in
        the packs' order, without repeats. An untyped eligibility rule counts for both eligibility modules.
    """
    out: dict[str, dict[str, None]] = {}
    for rule in _applicable(tuple(packs), parameters or {}):
        if isinstance(rule, Eligibility):
            where = {"individual": ("InvestorEligibilityModule",), "entity": ("InvestorTypeModule",)}.get(
                rule.investor_type or "", ("InvestorEligibilityModule", "InvestorTypeModule"))
        else:
            where = (_ENFORCED_BY[type(rule)],)
        for name in where:
            out.setdefault(name, {})[rule.basis] = None
    return {name: tuple(found) for name, found in out.items()}


def compose(
    packs: Iterable[Pack], *, decimals: int = 18, parameters: Mapping[str, Choices] | None = None
) -> ComplianceConfig:
    """Compose packs into one configuration; the stricter setting wins (see README.md).

    Args:
        packs: The packs to enforce together.
        decimals: The token's decimals, to turn token amounts into base units.
        parameters: Values chosen for the packs' parameters, by pack name then parameter name
            (``{"us-reg-d": {"issuer": "reporting"}}``); a parameter not given takes its default.

    Returns:
        The composed configuration.

    Raises:
        ConfigError: an unknown pack, parameter or value among `parameters`; two eligibility rules for one
            country and investor type have no `any-of` topic in common; two rules of one module name
            different topics; or an amount is finer than a base unit. The message names the file and line.
    """
    packs = tuple(packs)
    if not packs:
        raise ConfigError("compose() needs at least one pack.")
    rules = _applicable(packs, parameters or {})
    topics: dict[int, None] = {}
    allowed: dict[int, None] | None = None
    restricted: dict[int, None] = {}
    common: dict[int, _Eligible] = {}
    entity: dict[int, _Eligible] = {}
    entity_countries: set[int] = set()
    lock_default: int | None = None
    lock_country: dict[int, int] = {}
    limits: dict[int, int] = {}
    max_balance = holder_cap = supply = None
    country_caps: dict[int, int] = {}
    flowback: int | None = None
    flowback_topic = _Topic("non-US-person")
    non_accredited: int | None = None
    accredited_topic = _Topic("accredited")
    min_holding: int | None = None
    min_holding_country: dict[int, int] = {}
    full_transfer = spender = False
    min_transfer: dict[int, int] = {}
    for rule in rules:
        if isinstance(rule, RequiredTopics):
            topics.update(dict.fromkeys(rule.topics))
        elif isinstance(rule, CountryAllow):
            allowed = (allowed or {}) | dict.fromkeys(rule.countries)
        elif isinstance(rule, CountryRestrict):
            restricted.update(dict.fromkeys(rule.countries))
        elif isinstance(rule, Eligibility):
            if rule.investor_type != "entity":
                common.setdefault(rule.country, _Eligible()).join(rule, "")
            if rule.investor_type != "individual":
                entity.setdefault(rule.country, _Eligible()).join(rule, "entities of ")
            if rule.investor_type == "entity":
                entity_countries.add(rule.country)
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
        elif isinstance(rule, SupplyLimit):
            supply = _smaller(supply, _base_units(rule.amount, decimals, rule))
        elif isinstance(rule, Flowback):
            if rule.seconds:
                flowback_topic.agree(rule.topic, rule)
                flowback = _larger(flowback, rule.seconds)
        elif isinstance(rule, NonAccreditedHolders):
            accredited_topic.agree(rule.topic, rule)
            non_accredited = _smaller(non_accredited, rule.max)
        elif isinstance(rule, MinimumHolding):
            amount = _base_units(rule.amount, decimals, rule)
            if rule.country is None:
                min_holding = _larger(min_holding, amount)
            else:
                min_holding_country[rule.country] = max(min_holding_country.get(rule.country, 0), amount)
            full_transfer |= rule.full_transfer
        elif isinstance(rule, MinimumTransfer):
            amount = _base_units(rule.amount, decimals, rule)
            min_transfer[rule.country] = max(min_transfer.get(rule.country, 0), amount)
        else:
            spender |= rule.on
    if lock_default is not None:
        lock_country = {c: max(s, lock_default) for c, s in lock_country.items()}
    if min_holding is not None:
        min_holding_country = {c: max(a, min_holding) for c, a in min_holding_country.items()}
    return ComplianceConfig(
        packs=tuple(p.name for p in packs),
        required_topics=tuple(sorted(topics)),
        countries_allowed=tuple(sorted(allowed)) if allowed is not None else None,
        countries_restricted=tuple(sorted(restricted)),
        eligibility={c: joined.rule() for c, joined in common.items()},
        lockup_default=lock_default,
        lockup_by_country=lock_country,
        transfer_limits=limits,
        max_balance=max_balance,
        holder_cap=holder_cap,
        country_holder_caps=country_caps,
        supply_limit=supply,
        entity_eligibility={c: entity[c].rule() for c in sorted(entity_countries)},
        flowback_period=flowback,
        flowback_topic=flowback_topic.topic if flowback_topic.topic is not None else _NON_US_PERSON,
        non_accredited_cap=non_accredited,
        accredited_topic=accredited_topic.topic if accredited_topic.topic is not None else _ACCREDITED,
        minimum_holding=min_holding,
        minimum_holding_by_country=min_holding_country,
        full_transfer=full_transfer,
        minimum_transfer_by_country=min_transfer,
        spender_check=spender,
    )
