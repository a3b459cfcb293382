"""Suite configuration: one YAML file describing a security token, its rules and its companions.

A suite is a security token with its identity registry and compliance, and optionally a stablecoin,
a DvP settlement contract and a distribution contract. :func:`load_config` reads the YAML into typed,
frozen dataclasses; any mistake is a :class:`~sectoken.errors.ConfigError` naming ``file:line``
(unknown keys come with a "did you mean"). Keys may be written ``snake_case`` or ``kebab-case``.
Wherever an account is expected, the word ``deployer`` means the account that deploys the suite.

Shape (``examples/uk-us-bond.yaml`` is a full, commented example)::

    name: uk-us-bond                 # the suite's name: deployments/<chain-id>/<name>.json
    token:
      name: UK-US Bond 2030
      symbol: UUB30
      decimals: 0                    # 0-18; 0 for whole units
      onchain_id: 0x...              # optional: the token's own ONCHAINID
    jurisdictions: [uk-us-bridge]    # rule packs (sectoken.jurisdictions), composed: stricter wins
    factory: 0x...                   # optional: an existing OfferingFactory (another suite's offeringFactory)
                                     # whose implementations and built-in modules the offering uses instead of
                                     # deploying its own (see SuiteConfig.factory)
    # or, choosing a pack's parameters: [{name: us-reg-d, issuer: reporting, offering: 506b}]
    closing: 2026-03-31T16:00:00Z    # optional: the offering's closing (flowback periods run from it;
                                     # default: when the suite is deployed). A date is 00:00 UTC.
    operators: ["0x..."]             # optional: listed for the spender check besides the suite's DvP
    modules:                         # optional overrides; each replaces what the packs composed
      countries_allowed: [GB, US]    # numeric or alpha-2; [] allows no country; null removes the module
      countries_restricted: [KP]
      max_balance: 50000             # tokens per investor identity; null removes the cap
      supply_limit: 1000000          # tokens in issue
      max_holders: 500               # overall cap, or {total: 500, US: 2000} with country caps
      transfer_limits:               # per window; max: null removes a window
        - {window: 1 day, max: 10000}
      lock_up: {default: 40 days, US: 12 months}   # or one period for every country
      flowback: 40 days              # the period from the closing; null removes it
      non_accredited_holders: 35     # cap of holders without the accredited claim; null removes it
      minimum_holding: 100           # or {default: 100, GB: 500}; null removes it
      full_transfer: true            # a holder transfer moves the whole holding
      minimum_transfer: {GB: 10}     # per sender country; null removes a country's
      spender_check: false           # transferFrom only by verified investors or operators
    registry:
      storage: 0x...                 # optional: an existing IdentityRegistryStorage to share
      # or address: 0x...            # optional: an existing IdentityRegistry (proxy) the token uses instead of
                                     # a registry of its own (its storage then too; see RegistryConfig)
      required_topics: [aml]         # required of every investor besides the packs' topics
      trusted_issuers:
        - {account: deployer, topics: all}   # all: every claim topic (1-8 and any other the suite uses)
    agents: [deployer]               # agents of the token and the registry (the deployer always is)
    stablecoin:                      # optional
      name: Sectoken USD
      symbol: stUSD
      currency: USD                  # ISO 4217
      decimals: 6
      roles: {owner: deployer, master_minter: deployer, pauser: deployer, blacklister: deployer,
              rescuer: deployer, attester: deployer, enforcer: deployer}  # each optional, default deployer
      minters:
        - {account: deployer, allowance: 1000000}
      reserve: {amount: 5000000, report_uri: "https://...", report_hash: 0x...}  # initial attestation
      max_attestation_age: 30 days
    settlement: {enabled: true}      # or just: settlement: true
    distribution: {enabled: true}

Amounts are in tokens (``2.5``, ``1_000_000``) and become base units with the token's (or the
stablecoin's) decimals; an amount finer than one base unit is an error. Periods read like ``40 days``
(``seconds``, ``minutes``, ``hours``, ``days``, ``weeks``, ``months`` = a twelfth of 365 days,
``years`` = 365 days) or a number of seconds.

Example:
    >>> config = load_config("examples/uk-us-bond.yaml")
    >>> config.compliance().modules()
    ('CountryAllowModule', 'InvestorEligibilityModule', 'LockUpModule', ...)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml
from eth_typing import ChecksumAddress
from eth_utils.address import to_checksum_address

from sectoken.claims import mask_topics, topic_name
from sectoken.deployments import validate_suite_name
from sectoken.errors import ConfigError
from sectoken.inputs import BALANCE_BITS, TRANSFER_LIMIT_BITS, format_amount, uint_max
from sectoken.jurisdictions import ComplianceConfig, ModuleCall, Pack, compose, load_pack
from sectoken.yaml_reader import Entries, NodeReader, compose_yaml

__all__ = [
    "DEPLOYER",
    "AccountRef",
    "MinterConfig",
    "ModuleOverrides",
    "RegistryConfig",
    "ReserveConfig",
    "StablecoinConfig",
    "StablecoinRoles",
    "SuiteConfig",
    "TokenConfig",
    "TrustedIssuerConfig",
    "load_config",
    "parse_config",
    "resolve_account",
]

#: The keyword meaning "the account that deploys the suite".
DEPLOYER = "deployer"
#: A checksummed address, or :data:`DEPLOYER`.
AccountRef = str

_MAX_TOKEN_DECIMALS = 18
_ZERO_HASH = b"\x00" * 32


def resolve_account(account: AccountRef, deployer: str) -> ChecksumAddress:
    """Turn an account of the configuration into an address.

    Args:
        account: An address or ``"deployer"``.
        deployer: The deploying account's address.

    Returns:
        The checksummed address.
    """
    return to_checksum_address(deployer if account == DEPLOYER else account)


# ----------------------------------------------------------------------------- the configuration


@dataclass(frozen=True)
class TokenConfig:
    """The security token.

    Attributes:
        name: Token name.
        symbol: Token symbol.
        decimals: Decimals (0 for whole units).
        onchain_id: The token's own ONCHAINID, or ``None``.
    """

    name: str
    symbol: str
    decimals: int
    onchain_id: ChecksumAddress | None = None


@dataclass(frozen=True)
class ModuleOverrides:
    """Settings that replace what the jurisdiction packs composed. ``None``: keep the packs' value.

    Amounts are in the token's base units. For the keyed settings (lock-up per country, country holder
    caps, transfer-limit windows) only the keys given are replaced; a removed entry is ``None``.

    Attributes:
        countries_allowed: Replaces the allow-list; ``()`` allows no country.
        remove_countries_allowed: Drop the allow-list (no CountryAllow module).
        countries_restricted: Replaces the restricted countries.
        max_balance: Cap per identity; ``0`` removes it.
        supply_limit: Cap on the supply; ``0`` removes it.
        holder_cap: Overall holder cap; ``0`` removes it.
        country_holder_caps: Holder caps by country (``None`` removes one).
        transfer_limits: Limits by window in seconds (``None`` removes one).
        lockup_default: Lock-up for every country without its own, in seconds (``0`` removes it).
        lockup_by_country: Lock-up by country in seconds (``None`` removes one).
        flowback_period: Flowback period from the closing, in seconds (``0`` removes it).
        non_accredited_cap: Cap of holders without the accredited claim (``0`` removes it).
        minimum_holding: Minimum holding for every party without its country's own (``0`` removes it).
        minimum_holding_by_country: Minimum holdings by country (``None`` removes one).
        full_transfer: Whether a holder transfer must move the whole holding.
        minimum_transfer_by_country: Minimum transfers by sender country (``None`` removes one).
        spender_check: Whether ``transferFrom`` checks the spender.
    """

    countries_allowed: tuple[int, ...] | None = None
    remove_countries_allowed: bool = False
    countries_restricted: tuple[int, ...] | None = None
    max_balance: int | None = None
    supply_limit: int | None = None
    holder_cap: int | None = None
    country_holder_caps: Mapping[int, int | None] = field(default_factory=dict)
    transfer_limits: Mapping[int, int | None] = field(default_factory=dict)
    lockup_default: int | None = None
    lockup_by_country: Mapping[int, int | None] = field(default_factory=dict)
    flowback_period: int | None = None
    non_accredited_cap: int | None = None
    minimum_holding: int | None = None
    minimum_holding_by_country: Mapping[int, int | None] = field(default_factory=dict)
    full_transfer: bool | None = None
    minimum_transfer_by_country: Mapping[int, int | None] = field(default_factory=dict)
    spender_check: bool | None = None

    def apply(self, base: ComplianceConfig) -> ComplianceConfig:
        """Return ``base`` with these overrides applied.

        Args:
            base: What the packs composed.

        Returns:
            The configuration the suite enforces.
        """
        allowed = base.countries_allowed
        if self.remove_countries_allowed:
            allowed = None
        elif self.countries_allowed is not None:
            allowed = self.countries_allowed
        restricted = base.countries_restricted if self.countries_restricted is None else self.countries_restricted
        lock_default = base.lockup_default
        if self.lockup_default is not None:
            lock_default = self.lockup_default or None
        return replace(
            base,
            countries_allowed=allowed,
            countries_restricted=restricted,
            max_balance=_override(base.max_balance, self.max_balance),
            supply_limit=_override(base.supply_limit, self.supply_limit),
            holder_cap=_override(base.holder_cap, self.holder_cap),
            country_holder_caps=_merged(base.country_holder_caps, self.country_holder_caps),
            transfer_limits=_merged(base.transfer_limits, self.transfer_limits),
            lockup_default=lock_default,
            lockup_by_country=_merged(base.lockup_by_country, self.lockup_by_country),
            flowback_period=_override(base.flowback_period, self.flowback_period),
            non_accredited_cap=_override(base.non_accredited_cap, self.non_accredited_cap),
            minimum_holding=_override(base.minimum_holding, self.minimum_holding),
            minimum_holding_by_country=_merged(base.minimum_holding_by_country, self.minimum_holding_by_country),
            full_transfer=base.full_transfer if self.full_transfer is None else self.full_transfer,
            minimum_transfer_by_country=_merged(base.minimum_transfer_by_country, self.minimum_transfer_by_country),
            spender_check=base.spender_check if self.spender_check is None else self.spender_check,
        )


def _without_location(error: ConfigError) -> str:
    """A pack's message without its ``file:line: `` (the suite file's line is given instead)."""
    return str(error).split(": ", 1)[-1]


def _override(base: int | None, value: int | None) -> int | None:
    if value is None:
        return base
    return value or None


def _merged(base: Mapping[int, int], changes: Mapping[int, int | None]) -> dict[int, int]:
    out = dict(base)
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = value
    return out


@dataclass(frozen=True)
class TrustedIssuerConfig:
    """An issuer trusted to attest claims.

    Attributes:
        account: The issuer (an address or ``"deployer"``).
        topics: The topics it may attest; ``None`` (`all`) means every claim topic sectoken knows
            and any other the suite uses.
    """

    account: AccountRef
    topics: tuple[int, ...] | None = None


@dataclass(frozen=True)
class RegistryConfig:
    """The identity registry.

    Without ``address`` the suite deploys a registry of its own, over a new storage or over ``storage``.
    With ``address`` it deploys no registry: the token is bound to that existing registry (its owner must be
    the deployer) and uses the registry's storage; ``storage``, if given too, must be that storage.

    Attributes:
        storage: An existing IdentityRegistryStorage to share, or ``None`` to deploy one.
        required_topics: Topics required of every investor besides the packs' required topics.
        trusted_issuers: Issuers to trust.
        address: An existing IdentityRegistry (its proxy) the token uses, or ``None`` to deploy one.
    """

    storage: ChecksumAddress | None = None
    required_topics: tuple[int, ...] = ()
    trusted_issuers: tuple[TrustedIssuerConfig, ...] = (TrustedIssuerConfig(DEPLOYER),)
    address: ChecksumAddress | None = None

    @property
    def shares_storage(self) -> bool:
        """Whether the suite uses an existing storage (given, or the existing registry's) instead of a new one."""
        return self.storage is not None or self.address is not None


@dataclass(frozen=True)
class StablecoinRoles:
    """Who holds each stablecoin role (addresses or ``"deployer"``)."""

    owner: AccountRef = DEPLOYER
    master_minter: AccountRef = DEPLOYER
    pauser: AccountRef = DEPLOYER
    blacklister: AccountRef = DEPLOYER
    rescuer: AccountRef = DEPLOYER
    attester: AccountRef = DEPLOYER
    enforcer: AccountRef = DEPLOYER


@dataclass(frozen=True)
class MinterConfig:
    """A stablecoin minter and its allowance in base units."""

    account: AccountRef
    allowance: int


@dataclass(frozen=True)
class ReserveConfig:
    """The initial reserve attestation.

    Attributes:
        amount: Attested reserves in the stablecoin's base units.
        report_uri: Where the attestation report can be read.
        report_hash: The report's hash (32 bytes; zero if not given).
    """

    amount: int
    report_uri: str = ""
    report_hash: bytes = _ZERO_HASH


@dataclass(frozen=True)
class StablecoinConfig:
    """The stablecoin, deployed behind its ERC-1967 proxy.

    Attributes:
        name: Token name (also its EIP-712 domain name).
        symbol: Token symbol.
        currency: ISO 4217 code of the backing currency.
        decimals: Decimals.
        roles: Role holders.
        minters: Minters and their allowances.
        reserve: The initial reserve attestation, or ``None``.
        max_attestation_age: Maximum attestation age in seconds, or ``None`` for the contract's default.
    """

    name: str
    symbol: str
    currency: str = "USD"
    decimals: int = 6
    roles: StablecoinRoles = field(default_factory=StablecoinRoles)
    minters: tuple[MinterConfig, ...] = ()
    reserve: ReserveConfig | None = None
    max_attestation_age: int | None = None


@dataclass(frozen=True)
class SuiteConfig:
    """A whole suite, as read from its YAML file.

    Attributes:
        name: The suite's name.
        token: The security token.
        jurisdictions: The rule packs enforced together.
        modules: Overrides of the packs' settings.
        registry: The identity registry.
        agents: Agents of the token and the registry besides the deployer.
        stablecoin: The stablecoin, or ``None``.
        settlement: Deploy a DvP settlement contract.
        distribution: Deploy a distribution contract.
        source: The file it was read from (``None`` for text).
        parameters: The values of the packs' parameters, by pack name then parameter name (every
            parameter of a pack read from a file; a parameter left out takes the pack's default).
        closing: The offering's closing (unix seconds), from which flowback periods run; ``None``: the
            time of the deployment.
        operators: Accounts the spender check lets call ``transferFrom`` (addresses or ``"deployer"``),
            besides verified investors and the suite's own DvP contract.
        factory: An existing ``OfferingFactory`` (the ``offeringFactory`` of another suite's record) whose
            token and compliance implementations and built-in rule modules the offering uses, or ``None`` to
            deploy them and a factory of the suite's own. Its code, its implementations' and its modules' must
            be the ones this version of sectoken ships (checked before anything is sent).
    """

    name: str
    token: TokenConfig
    jurisdictions: tuple[Pack, ...]
    modules: ModuleOverrides = field(default_factory=ModuleOverrides)
    registry: RegistryConfig = field(default_factory=RegistryConfig)
    agents: tuple[AccountRef, ...] = (DEPLOYER,)
    stablecoin: StablecoinConfig | None = None
    settlement: bool = False
    distribution: bool = False
    source: Path | None = None
    parameters: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    closing: int | None = None
    operators: tuple[AccountRef, ...] = ()
    factory: ChecksumAddress | None = None

    def compliance(self) -> ComplianceConfig:
        """The rules the suite enforces: the packs composed (with the chosen parameters), then the
        overrides applied.

        Raises:
            ConfigError: the packs cannot be composed (see :func:`sectoken.jurisdictions.compose`).
        """
        composed = compose(self.jurisdictions, decimals=self.token.decimals, parameters=self.parameters)
        return self.modules.apply(composed)

    def module_calls(self, deployer: str, deployed_at: int, operators: Sequence[str] = ()) -> list[ModuleCall]:
        """The calls that set the suite's rules on its freshly added modules.

        Args:
            deployer: The deploying account's address (``"deployer"`` among the operators).
            deployed_at: The deployment's time (unix seconds): the closing when the suite sets none.
            operators: More operators for the spender check (the suite's DvP contract's address).

        Returns:
            The calls, in :meth:`~sectoken.jurisdictions.ComplianceConfig.modules` order.

        Raises:
            ConfigError: the flowback period would end beyond what the module stores.
        """
        listed = [resolve_account(account, deployer) for account in self.operators]
        closing = self.closing if self.closing is not None else deployed_at
        return self.compliance().module_calls(closing=closing, operators=[*listed, *operators])

    def required_topics(self) -> tuple[int, ...]:
        """Topics every investor must hold: the packs' and the registry's, ascending."""
        return tuple(sorted(set(self.compliance().required_topics) | set(self.registry.required_topics)))

    def topics_used(self) -> tuple[int, ...]:
        """Every claim topic the suite checks: required topics, eligibility topics (individuals' and
        entities'), and the topics of the flowback and non-accredited-holders rules when on; ascending."""
        composed = self.compliance()
        used = set(self.required_topics())
        for rule in (*composed.eligibility.values(), *composed.entity_eligibility.values()):
            used |= set(mask_topics(rule.any_of)) | set(mask_topics(rule.all_of))
        if composed.flowback_period:
            used.add(composed.flowback_topic)
        if composed.non_accredited_cap is not None:
            used.add(composed.accredited_topic)
        return tuple(sorted(used))

    def to_json(self) -> dict[str, Any]:
        """The configuration as JSON data, amounts in base units (kept in the deployment record)."""
        composed = self.compliance()
        coin = self.stablecoin
        return {
            "name": self.name,
            "source": str(self.source) if self.source else None,
            "token": {
                "name": self.token.name,
                "symbol": self.token.symbol,
                "decimals": self.token.decimals,
                "onchainId": self.token.onchain_id,
            },
            "jurisdictions": [pack.name for pack in self.jurisdictions],
            # Only when given: records of suites with a factory of their own keep their shape.
            **({"factory": self.factory} if self.factory is not None else {}),
            "packParameters": {
                pack.name: pack.choose(self.parameters.get(pack.name)) for pack in self.jurisdictions if pack.parameters
            },
            "closing": self.closing,
            "operators": list(self.operators),
            "compliance": {
                "requiredTopics": list(self.required_topics()),
                "countriesAllowed": list(composed.countries_allowed) if composed.countries_allowed is not None else None,
                "countriesRestricted": list(composed.countries_restricted),
                "eligibility": {
                    str(country): {"anyOf": rule.any_of, "allOf": rule.all_of}
                    for country, rule in sorted(composed.eligibility.items())
                },
                "lockUpDefault": composed.lockup_default,
                "lockUpByCountry": {str(c): s for c, s in sorted(composed.lockup_by_country.items())},
                "transferLimits": {str(w): a for w, a in sorted(composed.transfer_limits.items())},
                "maxBalance": composed.max_balance,
                "holderCap": composed.holder_cap,
                "countryHolderCaps": {str(c): n for c, n in sorted(composed.country_holder_caps.items())},
                "supplyLimit": composed.supply_limit,
                "entityEligibility": {
                    str(country): {"anyOf": rule.any_of, "allOf": rule.all_of}
                    for country, rule in sorted(composed.entity_eligibility.items())
                },
                "flowbackPeriod": composed.flowback_period,
                "flowbackTopic": composed.flowback_topic,
                "nonAccreditedHolderCap": composed.non_accredited_cap,
                "accreditedTopic": composed.accredited_topic,
                "minimumHolding": composed.minimum_holding,
                "minimumHoldingByCountry": {str(c): a for c, a in sorted(composed.minimum_holding_by_country.items())},
                "fullTransfer": composed.full_transfer,
                "minimumTransferByCountry": {
                    str(c): a for c, a in sorted(composed.minimum_transfer_by_country.items())
                },
                "spenderCheck": composed.spender_check,
                "modules": list(composed.modules()),
            },
            "registry": {
                "storage": self.registry.storage,
                # Only when given: records of suites with a registry of their own keep their shape.
                **({"address": self.registry.address} if self.registry.address is not None else {}),
                "trustedIssuers": [
                    {"account": issuer.account, "topics": list(issuer.topics) if issuer.topics is not None else "all"}
                    for issuer in self.registry.trusted_issuers
                ],
            },
            "agents": list(self.agents),
            "stablecoin": None
            if coin is None
            else {
                "name": coin.name,
                "symbol": coin.symbol,
                "currency": coin.currency,
                "decimals": coin.decimals,
                "roles": {
                    "owner": coin.roles.owner,
                    "masterMinter": coin.roles.master_minter,
                    "pauser": coin.roles.pauser,
                    "blacklister": coin.roles.blacklister,
                    "rescuer": coin.roles.rescuer,
                    "attester": coin.roles.attester,
                    "enforcer": coin.roles.enforcer,
                },
                "minters": [{"account": m.account, "allowance": m.allowance} for m in coin.minters],
                "reserve": None
                if coin.reserve is None
                else {
                    "amount": coin.reserve.amount,
                    "reportUri": coin.reserve.report_uri,
                    "reportHash": "0x" + coin.reserve.report_hash.hex(),
                },
                "maxAttestationAge": coin.max_attestation_age,
            },
            "settlement": self.settlement,
            "distribution": self.distribution,
        }


# ----------------------------------------------------------------------------- reading


def load_config(path: str | Path) -> SuiteConfig:
    """Read a suite configuration file.

    Args:
        path: The YAML file.

    Returns:
        The configuration.

    Raises:
        ConfigError: the file cannot be read or holds a mistake; the message names ``file:line``.
    """
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{file}: no such configuration file.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{file}: cannot read the configuration ({type(error).__name__}: {error}).") from None
    return parse_config(text, source=file)


def parse_config(text: str, source: str | Path = "<config>") -> SuiteConfig:
    """Parse suite configuration YAML.

    Args:
        text: The YAML text.
        source: The file name used in messages (and kept as :attr:`SuiteConfig.source` if a path).

    Returns:
        The configuration.

    Raises:
        ConfigError: a mistake; the message names ``source:line``.
    """
    root = compose_yaml(text, source)
    return _Reader(source).suite(root, source if isinstance(source, Path) else None)


class _Reader(NodeReader):
    """The suite configuration's sections, read with the shared YAML reader (every error names ``file:line``)."""

    def account(self, node: yaml.Node, what: str) -> AccountRef:
        value = self.scalar(node, what).strip()
        if value.lower() == DEPLOYER:
            return DEPLOYER
        return self.address(node, what, allow_zero=False)

    # --- sections -------------------------------------------------------------------------------

    def suite(self, root: yaml.Node | None, path: Path | None) -> SuiteConfig:
        if root is None:
            raise self.fail(None, "the configuration is empty.")
        keys = ("name", "token", "jurisdictions", "modules", "registry", "agents", "stablecoin", "settlement",
                "distribution", "closing", "operators", "factory")
        top = self.mapping(root, "the suite", keys, required=("name", "token", "jurisdictions"))
        name_node = top["name"][1]
        name = self.text(name_node, "'name'", max_length=64)
        try:
            validate_suite_name(name)
        except ConfigError as error:
            raise self.fail(name_node, str(error)) from None
        token = self.token(*top["token"])
        packs, parameters = self.packs(*top["jurisdictions"], token.decimals)
        modules = self.modules(top["modules"][1], token.decimals) if "modules" in top else ModuleOverrides()
        registry = self.registry(top["registry"][1]) if "registry" in top else RegistryConfig()
        agents: tuple[AccountRef, ...] = (DEPLOYER,)
        if "agents" in top:
            listed = [self.account(item, "an agent") for item in self.sequence(top["agents"][1], "'agents'")]
            agents = tuple(dict.fromkeys([DEPLOYER, *listed]))
        stablecoin = None
        if "stablecoin" in top and not self.is_null(top["stablecoin"][1]):
            stablecoin = self.stablecoin(*top["stablecoin"])
        operators: tuple[AccountRef, ...] = ()
        if "operators" in top:
            listed = [self.account(item, "an operator") for item in self.sequence(top["operators"][1], "'operators'")]
            operators = tuple(dict.fromkeys(listed))
        config = SuiteConfig(
            name=name,
            token=token,
            jurisdictions=packs,
            modules=modules,
            registry=registry,
            agents=agents,
            stablecoin=stablecoin,
            settlement=self.enabled(*top["settlement"], "'settlement'") if "settlement" in top else False,
            distribution=self.enabled(*top["distribution"], "'distribution'") if "distribution" in top else False,
            source=path,
            parameters=parameters,
            closing=self.closing(top["closing"][1]) if "closing" in top else None,
            operators=operators,
            factory=self.optional(top, "factory", lambda n: self.address(n, "factory", allow_zero=False)),
        )
        self.check_composition(config, top)
        return config

    def token(self, key: yaml.Node, node: yaml.Node) -> TokenConfig:
        entries = self.mapping(
            node, "'token'", ("name", "symbol", "decimals", "onchain_id"), ("name", "symbol"), key=key
        )
        decimals = 18
        if "decimals" in entries:
            decimals = self.integer(entries["decimals"][1], "token decimals", high=_MAX_TOKEN_DECIMALS)
        return TokenConfig(
            name=self.text(entries["name"][1], "the token name"),
            symbol=self.text(entries["symbol"][1], "the token symbol", max_length=16),
            decimals=decimals,
            onchain_id=self.optional(entries, "onchain_id", lambda n: self.address(n, "onchain_id")),
        )

    def packs(
        self, key: yaml.Node, node: yaml.Node, decimals: int
    ) -> tuple[tuple[Pack, ...], dict[str, dict[str, str]]]:
        packs: list[Pack] = []
        parameters: dict[str, dict[str, str]] = {}
        for item in self.sequence(node, "'jurisdictions'"):
            entries: Entries = {}
            name_node = item
            if isinstance(item, yaml.MappingNode):
                entries = self.pack_entries(item)
                name_node = entries.pop("name")[1]
            name = self.text(name_node, "a jurisdiction pack")
            try:
                pack = load_pack(name)
            except ConfigError as error:
                raise self.fail(name_node, str(error)) from None
            if pack.name in (p.name for p in packs):
                raise self.fail(item, f"jurisdiction pack '{pack.name}' is listed twice.")
            packs.append(pack)
            chosen = self.pack_parameters(pack, entries)
            if pack.parameters:
                parameters[pack.name] = chosen
        try:
            compose(packs, decimals=decimals, parameters=parameters)
        except ConfigError as error:
            raise self.fail(key, f"the packs do not compose: {error}") from None
        return tuple(packs), parameters

    def pack_entries(self, node: yaml.MappingNode) -> Entries:
        """A pack named with its parameters (``{name: us-reg-d, issuer: reporting}``): entries by key."""
        out: Entries = {}
        for key_node, value in node.value:
            word = self.scalar(key_node, "a key of a jurisdiction pack").strip().lower()
            if word in out:
                raise self.fail(key_node, f"duplicate key '{key_node.value}' in a jurisdiction pack.")
            out[word] = (key_node, value)
        if "name" not in out:
            raise self.fail(node, "a jurisdiction pack with parameters needs its 'name' "
                                  "({name: us-reg-d, issuer: reporting}).")
        return out

    def pack_parameters(self, pack: Pack, entries: Entries) -> dict[str, str]:
        """Every parameter's value for `pack`: the ones given in `entries`, else the defaults."""
        chosen: dict[str, str] = {}
        for word, (key_node, value) in entries.items():
            try:
                parameter = pack.parameter(word)
            except ConfigError as error:
                raise self.fail(key_node, _without_location(error)) from None
            given = self.scalar(value, f"parameter '{word}'")
            try:
                chosen[parameter.name] = pack.choose({parameter.name: given})[parameter.name]
            except ConfigError as error:
                text = _without_location(error).rstrip(".")
                raise self.fail(value, f"{text} (declared at {parameter.location}).") from None
        return pack.choose(chosen)

    def closing(self, node: yaml.Node) -> int:
        """The offering's closing: an ISO 8601 date (00:00 UTC) or date-time (UTC unless it says otherwise)."""
        text = self.scalar(node, "'closing'").strip()
        try:
            if len(text) == 10:
                moment = datetime.combine(date.fromisoformat(text), datetime.min.time(), tzinfo=UTC)
            else:
                moment = datetime.fromisoformat(text)
        except ValueError:
            raise self.fail(node, f"'closing' must be an ISO 8601 date or date-time such as 2026-03-31 or "
                                  f"2026-03-31T16:00:00Z, not {text!r}.") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        stamp = int(moment.timestamp())
        if stamp < 0:
            raise self.fail(node, f"'closing' must be after 1970-01-01, not {text}.")
        return stamp

    def modules(self, node: yaml.Node, decimals: int) -> ModuleOverrides:
        keys = ("countries_allowed", "countries_restricted", "max_balance", "supply_limit", "max_holders",
                "transfer_limits", "lock_up", "flowback", "non_accredited_holders", "minimum_holding", "full_transfer",
                "minimum_transfer", "spender_check")
        entries = self.mapping(node, "'modules'", keys)
        settings: dict[str, Any] = {}
        if "countries_allowed" in entries:
            value = entries["countries_allowed"][1]
            if self.is_null(value):
                settings["remove_countries_allowed"] = True
            else:
                settings["countries_allowed"] = self.countries(value, "countries_allowed")
        if "countries_restricted" in entries:
            value = entries["countries_restricted"][1]
            settings["countries_restricted"] = () if self.is_null(value) else self.countries(
                value, "countries_restricted"
            )
        for key in ("max_balance", "supply_limit"):
            if key in entries:
                value = entries[key][1]
                settings[key] = 0 if self.is_null(value) else self.amount(value, key, decimals, bits=BALANCE_BITS)
        if "max_holders" in entries:
            self.max_holders(entries["max_holders"][1], settings)
        if "transfer_limits" in entries:
            settings["transfer_limits"] = self.transfer_limits(entries["transfer_limits"][1], decimals)
        if "lock_up" in entries:
            self.lock_up(entries["lock_up"][1], settings)
        self.new_rules(entries, decimals, settings)
        return ModuleOverrides(**settings)

    def new_rules(self, entries: Entries, decimals: int, settings: dict[str, Any]) -> None:
        """The overrides of the flowback, non-accredited-holders, minimum-holding, minimum-transfer and
        spender rules."""
        if "flowback" in entries:
            value = entries["flowback"][1]
            settings["flowback_period"] = 0 if self.is_null(value) else self.lock_period(value, "flowback")
        if "non_accredited_holders" in entries:
            settings["non_accredited_cap"] = self.holder_cap(entries["non_accredited_holders"][1],
                                                             "non_accredited_holders")
        for key in ("full_transfer", "spender_check"):
            if key in entries:
                settings[key] = self.boolean(entries[key][1], key)
        if "minimum_holding" in entries:
            node = entries["minimum_holding"][1]
            holding = self.by_country(node, "minimum_holding", lambda n, what: self.amount(
                n, what, decimals, bits=BALANCE_BITS))
            if "default" in holding:
                settings["minimum_holding"] = holding.pop("default") or 0
            settings["minimum_holding_by_country"] = holding
        if "minimum_transfer" in entries:
            node = entries["minimum_transfer"][1]
            if not isinstance(node, yaml.MappingNode):
                raise self.fail(node, "minimum_transfer maps sender countries to amounts ({GB: 10}).")
            transfer = self.by_country(node, "minimum_transfer", lambda n, what: self.amount(
                n, what, decimals, bits=BALANCE_BITS), allow_default=False)
            settings["minimum_transfer_by_country"] = transfer

    def by_country(
        self, node: yaml.Node, what: str, read: Callable[[yaml.Node, str], int], *, allow_default: bool = True
    ) -> dict[Any, int | None]:
        """A setting for every country (a single value, or ``default`` in a mapping; key ``"default"``)
        and per country (numeric keys); ``null`` removes a value."""
        if not isinstance(node, yaml.MappingNode):
            return {"default": None if self.is_null(node) else read(node, what)}
        out: dict[Any, int | None] = {}
        for key_node, value in node.value:
            key = self.scalar(key_node, f"a {what} key").strip()
            if self.key(key) == "default" and not allow_default:
                raise self.fail(key_node, f"{what} is set per sender country: it has no default.")
            name: Any = "default" if self.key(key) == "default" else self.country(key_node)
            if name in out:
                raise self.fail(key_node, f"{key} is given twice in {what}.")
            out[name] = None if self.is_null(value) else read(value, f"{what} for {key}")
        return out

    def holder_cap(self, node: yaml.Node, what: str) -> int:
        if self.is_null(node):
            return 0
        return self.count(node, what)

    def max_holders(self, node: yaml.Node, settings: dict[str, Any]) -> None:
        if not isinstance(node, yaml.MappingNode):
            settings["holder_cap"] = self.holder_cap(node, "max_holders")
            return
        caps: dict[int, int | None] = {}
        for key_node, value in node.value:
            key = self.scalar(key_node, "a max_holders key").strip()
            if self.key(key) == "total":
                settings["holder_cap"] = self.holder_cap(value, "max_holders total")
                continue
            country = self.country(key_node)
            if country in caps:
                raise self.fail(key_node, f"country {key} is given twice in max_holders.")
            cap = self.holder_cap(value, f"max_holders for {key}")
            caps[country] = cap or None
        settings["country_holder_caps"] = caps

    def transfer_limits(self, node: yaml.Node, decimals: int) -> dict[int, int | None]:
        limits: dict[int, int | None] = {}
        for item in self.sequence(node, "'transfer_limits'", allow_empty=True):
            entries = self.mapping(item, "a transfer limit", ("window", "max"), ("window", "max"))
            window_node = entries["window"][1]
            window = self.window(window_node, "a transfer-limit window")
            if window in limits:
                raise self.fail(window_node, f"the window of {window} seconds is given twice.")
            max_node = entries["max"][1]
            limits[window] = None if self.is_null(max_node) else self.amount(
                max_node, "transfer-limit max", decimals, bits=TRANSFER_LIMIT_BITS
            )
        return limits

    def lock_up(self, node: yaml.Node, settings: dict[str, Any]) -> None:
        if not isinstance(node, yaml.MappingNode):
            settings["lockup_default"] = 0 if self.is_null(node) else self.lock_period(node, "lock_up")
            return
        periods: dict[int, int | None] = {}
        for key_node, value in node.value:
            key = self.scalar(key_node, "a lock_up key").strip()
            if self.key(key) == "default":
                settings["lockup_default"] = 0 if self.is_null(value) else self.lock_period(value, "lock_up default")
                continue
            country = self.country(key_node)
            if country in periods:
                raise self.fail(key_node, f"country {key} is given twice in lock_up.")
            periods[country] = None if self.is_null(value) else self.lock_period(value, f"lock_up for {key}")
        settings["lockup_by_country"] = periods

    def registry(self, node: yaml.Node) -> RegistryConfig:
        entries = self.mapping(node, "'registry'", ("address", "storage", "required_topics", "trusted_issuers"))
        issuers: tuple[TrustedIssuerConfig, ...] = RegistryConfig().trusted_issuers
        if "trusted_issuers" in entries:
            found: list[TrustedIssuerConfig] = []
            for item in self.sequence(entries["trusted_issuers"][1], "'trusted_issuers'", allow_empty=True):
                issuer = self.trusted_issuer(item)
                if issuer.account in (other.account for other in found):
                    raise self.fail(item, f"trusted issuer {issuer.account} is listed twice.")
                found.append(issuer)
            issuers = tuple(found)
        return RegistryConfig(
            storage=self.optional(entries, "storage", lambda n: self.address(n, "registry storage")),
            address=self.optional(entries, "address", lambda n: self.address(n, "registry address")),
            required_topics=self.optional(entries, "required_topics", lambda n: self.topics(n, "required_topics"))
            or (),
            trusted_issuers=issuers,
        )

    def trusted_issuer(self, node: yaml.Node) -> TrustedIssuerConfig:
        if isinstance(node, yaml.ScalarNode):
            return TrustedIssuerConfig(self.account(node, "a trusted issuer"))
        entries = self.mapping(node, "a trusted issuer", ("account", "topics"), ("account",))
        account = self.account(entries["account"][1], "a trusted issuer")
        topics: tuple[int, ...] | None = None
        if "topics" in entries:
            value = entries["topics"][1]
            if not (isinstance(value, yaml.ScalarNode) and str(value.value).strip().lower() == "all"):
                topics = self.topics(value, "the issuer's topics")
        return TrustedIssuerConfig(account, topics)

    def stablecoin(self, key: yaml.Node, node: yaml.Node) -> StablecoinConfig:
        keys = ("name", "symbol", "currency", "decimals", "roles", "minters", "reserve", "max_attestation_age")
        entries = self.mapping(node, "'stablecoin'", keys, ("name", "symbol"), key=key)
        decimals = 6
        if "decimals" in entries:
            decimals = self.integer(entries["decimals"][1], "stablecoin decimals", high=_MAX_TOKEN_DECIMALS)
        currency = "USD"
        if "currency" in entries:
            currency_node = entries["currency"][1]
            currency = self.text(currency_node, "the currency").upper()
            if not re.fullmatch(r"[A-Z]{3}", currency):
                raise self.fail(currency_node, f"the currency must be an ISO 4217 code like USD, not {currency!r}.")
        roles = StablecoinRoles()
        if "roles" in entries:
            role_entries = self.mapping(entries["roles"][1], "'roles'", tuple(StablecoinRoles.__dataclass_fields__))
            roles = StablecoinRoles(
                **{name: self.account(value, f"the {name} role") for name, (_, value) in role_entries.items()}
            )
        minters: list[MinterConfig] = []
        if "minters" in entries:
            for item in self.sequence(entries["minters"][1], "'minters'", allow_empty=True):
                minter_entries = self.mapping(item, "a minter", ("account", "allowance"), ("account", "allowance"))
                account = self.account(minter_entries["account"][1], "a minter")
                if account in (m.account for m in minters):
                    raise self.fail(item, f"minter {account} is listed twice.")
                allowance = self.amount(minter_entries["allowance"][1], "minter allowance", decimals, allow_zero=True)
                minters.append(MinterConfig(account, allowance))
        reserve = None
        if "reserve" in entries and not self.is_null(entries["reserve"][1]):
            reserve = self.reserve(*entries["reserve"], decimals)
        max_age = None
        if "max_attestation_age" in entries:
            age_node = entries["max_attestation_age"][1]
            max_age = self.period(age_node, "max_attestation_age", bits=64)
        return StablecoinConfig(
            name=self.text(entries["name"][1], "the stablecoin name"),
            symbol=self.text(entries["symbol"][1], "the stablecoin symbol", max_length=16),
            currency=currency,
            decimals=decimals,
            roles=roles,
            minters=tuple(minters),
            reserve=reserve,
            max_attestation_age=max_age,
        )

    def reserve(self, key: yaml.Node, node: yaml.Node, decimals: int) -> ReserveConfig:
        entries = self.mapping(node, "'reserve'", ("amount", "report_uri", "report_hash"), ("amount",), key=key)
        report_hash = _ZERO_HASH
        if "report_hash" in entries:
            hash_node = entries["report_hash"][1]
            raw = self.scalar(hash_node, "report_hash").strip()
            if not re.fullmatch(r"0x[0-9a-fA-F]{64}", raw):
                raise self.fail(hash_node, "report_hash must be 0x followed by 64 hexadecimal digits (32 bytes).")
            report_hash = bytes.fromhex(raw[2:])
        uri = ""
        if "report_uri" in entries:
            uri = self.text(entries["report_uri"][1], "report_uri", max_length=2000)
        return ReserveConfig(
            amount=self.amount(entries["amount"][1], "reserve amount", decimals, allow_zero=True),
            report_uri=uri,
            report_hash=report_hash,
        )

    def enabled(self, key: yaml.Node, node: yaml.Node, what: str) -> bool:
        if isinstance(node, yaml.MappingNode):
            entries = self.mapping(node, what, ("enabled",), ("enabled",), key=key)
            return self.boolean(entries["enabled"][1], f"{what} enabled")
        return self.boolean(node, what)

    def check_composition(self, config: SuiteConfig, top: Entries) -> None:
        """Check what only the whole configuration shows: the composed rules and the issuers' topics."""
        where = top["modules"][0] if "modules" in top else top["jurisdictions"][0]
        try:
            composed = config.compliance()
        except ConfigError as error:
            raise self.fail(where, str(error)) from None
        decimals = config.token.decimals
        fields = [("max-balance", composed.max_balance, BALANCE_BITS), ("supply-limit", composed.supply_limit, BALANCE_BITS),
                  ("minimum-holding", composed.minimum_holding, BALANCE_BITS)]
        fields += [(f"minimum-holding ({country})", amount, BALANCE_BITS)
                   for country, amount in composed.minimum_holding_by_country.items()]
        fields += [(f"minimum-transfer ({country})", amount, BALANCE_BITS)
                   for country, amount in composed.minimum_transfer_by_country.items()]
        fields += [(f"transfer-limit max ({window} s window)", limit, TRANSFER_LIMIT_BITS)
                   for window, limit in composed.transfer_limits.items()]
        for what, units, bits in fields:
            if units is not None and units > uint_max(bits):
                raise self.fail(
                    where,
                    f"the composed {what} of {format_amount(units, decimals, grouping=False)} tokens is more than the "
                    f"contract holds (at most {format_amount(uint_max(bits), decimals, grouping=False)} tokens, "
                    f"{bits} bits).",
                )
        used = set(config.topics_used())
        covered: set[int] = set()
        for issuer in config.registry.trusted_issuers:
            covered |= used if issuer.topics is None else set(issuer.topics)
        missing = sorted(used - covered)
        if missing and not config.registry.shares_storage:
            where_issuers = top["registry"][0] if "registry" in top else top["jurisdictions"][0]
            names = ", ".join(topic_name(t) for t in missing)
            raise self.fail(
                where_issuers,
                f"no trusted issuer attests {names}, which the suite checks: no investor could qualify. "
                "Add the topics to a trusted issuer (topics: all covers every topic).",
            )
