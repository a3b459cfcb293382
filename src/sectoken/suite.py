"""A deployed suite, reattached by name: typed clients for every contract of it.

The deployment record (``deployments/<chain-id>/<name>.json``, see :mod:`sectoken.deployments`) names
each contract by role; :meth:`Suite.load` checks that the connected chain is the record's and that the
contracts are there, and returns typed clients bound to the signer.

Example:
    >>> suite = Suite.load(w3, signer, "uk-us-bond")
    >>> suite.token.mint(alice, 100)
    >>> for rule in compliance_explain(suite):
    ...     print(rule)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from web3 import Web3

from sectoken.claims import topic_name
from sectoken.contracts.compliance import MODULES, ModularCompliance, Module, module_client
from sectoken.contracts.distribution import Distribution
from sectoken.contracts.registry import IdentityRegistry, IdentityRegistryStorage
from sectoken.contracts.settlement import DvPSettlement
from sectoken.contracts.stablecoin import Stablecoin
from sectoken.contracts.token import SecurityToken
from sectoken.deployments import Deployments, SuiteRecord
from sectoken.errors import ChainError, ConfigError, DeploymentNotFoundError
from sectoken.jurisdictions import available_packs, bases, load_pack
from sectoken.networks import check_chain_id
from sectoken.reasons import Restriction
from sectoken.signers import Signer

__all__ = ["MODULE_PREFIX", "ComplianceRule", "Suite", "compliance_explain", "compliance_rules"]

#: Record keys of compliance modules: ``module:<ModuleName>``.
MODULE_PREFIX = "module:"

_REQUIRED_ROLES = ("identityRegistryStorage", "identityRegistry", "compliance", "token")


@dataclass
class Suite:
    """A deployed suite's contracts as typed clients.

    Attributes:
        w3: The connection.
        record: The deployment record.
        signer: Who sends transactions (``None``: read-only).
        storage: The identity registry storage.
        registry: The identity registry.
        compliance: The modular compliance.
        token: The security token.
        modules: The compliance modules by artifact name (``"CountryAllowModule"``...).
        stablecoin: The stablecoin (its proxy), if the suite has one.
        settlement: The DvP settlement contract, if any.
        distribution: The distribution contract, if any.
    """

    w3: Web3
    record: SuiteRecord
    signer: Signer | None
    storage: IdentityRegistryStorage
    registry: IdentityRegistry
    compliance: ModularCompliance
    token: SecurityToken
    modules: dict[str, Module] = field(default_factory=dict)
    stablecoin: Stablecoin | None = None
    settlement: DvPSettlement | None = None
    distribution: Distribution | None = None

    @property
    def name(self) -> str:
        """The suite's name."""
        return self.record.name

    @property
    def chain_id(self) -> int:
        """The chain the suite lives on."""
        return self.record.chain_id

    @classmethod
    def load(
        cls,
        w3: Web3,
        signer: Signer | None,
        name: str,
        deployments: Deployments | str | os.PathLike[str] | None = None,
        *,
        confirmations: int = 1,
    ) -> Suite:
        """Reattach a deployed suite by name.

        Args:
            w3: The connection; its chain must be the suite's.
            signer: Who sends transactions (``None`` for read-only clients).
            name: The suite's name.
            deployments: The records (a :class:`Deployments` or its folder; ``./deployments`` by default).
            confirmations: Blocks to wait for after each transaction.

        Returns:
            The suite.

        Raises:
            DeploymentNotFoundError: no such suite on the connected chain, or its record is incomplete.
            ChainIdMismatchError: the record is for another chain.
            ChainError: the suite's contracts are not on the chain (e.g. a restarted node lost its state).
        """
        store = deployments if isinstance(deployments, Deployments) else Deployments(Path(deployments or "deployments"))
        record = store.find(int(w3.eth.chain_id), name)
        return cls.from_record(w3, signer, record, confirmations=confirmations)

    @classmethod
    def from_record(
        cls, w3: Web3, signer: Signer | None, record: SuiteRecord, *, confirmations: int = 1
    ) -> Suite:
        """Attach to the suite a record describes (see :meth:`load`)."""
        check_chain_id(w3, record.chain_id, what=f"suite '{record.name}'")
        record.check_complete()
        if "tokenImplementation" not in record.contracts and "token" in record.contracts:
            raise DeploymentNotFoundError(
                f"Suite '{record.name}' on chain {record.chain_id} was deployed by an earlier sectoken, whose token "
                "was not upgradeable and kept its rules in separate module contracts; this version cannot "
                "drive it. Deploy the suite again under another name (or with --force) and move the holdings."
            )
        for role in _REQUIRED_ROLES:
            record.address(role)
        token = SecurityToken(w3, record.address("token"), signer, confirmations=confirmations)
        if not w3.eth.get_code(token.address):
            raise ChainError(
                f"Suite '{record.name}' records its token at {token.address}, but chain {record.chain_id} has no "
                "contract there: the node was reset, or the record belongs to another node with the same chain id."
            )
        contracts = record.contracts
        compliance = record.address("compliance")
        modules: dict[str, Module] = {}
        for role, item in sorted(contracts.items()):
            if role.startswith(MODULE_PREFIX):
                name = role.removeprefix(MODULE_PREFIX)
                known = MODULES.get(name)  # the record names the module; ask the chain only if it is new to us
                modules[name] = (
                    known(w3, item.address, signer, compliance=compliance, confirmations=confirmations)
                    if known is not None
                    else module_client(w3, item.address, signer, compliance=compliance, confirmations=confirmations)
                )
        return cls(
            w3=w3,
            record=record,
            signer=signer,
            storage=IdentityRegistryStorage(w3, record.address("identityRegistryStorage"), signer, confirmations=confirmations),
            registry=IdentityRegistry(w3, record.address("identityRegistry"), signer, confirmations=confirmations),
            compliance=ModularCompliance(w3, compliance, signer, confirmations=confirmations),
            token=token,
            modules=modules,
            stablecoin=Stablecoin(w3, contracts["stablecoin"].address, signer, confirmations=confirmations)
            if "stablecoin" in contracts
            else None,
            settlement=DvPSettlement(w3, contracts["settlement"].address, signer, confirmations=confirmations)
            if "settlement" in contracts
            else None,
            distribution=Distribution(w3, contracts["distribution"].address, signer, confirmations=confirmations)
            if "distribution" in contracts
            else None,
        )

    def with_signer(self, signer: Signer) -> Suite:
        """The same suite with every client sending as ``signer``."""
        return Suite.from_record(self.w3, signer, self.record, confirmations=self.token.confirmations)

    def module(self, name: str) -> Module:
        """The module named ``name`` (``"MaxBalanceModule"`` or ``"MaxBalance"``).

        Raises:
            DeploymentNotFoundError: the suite has no such module.
        """
        key = name if name.endswith("Module") else f"{name}Module"
        if key not in self.modules:
            raise DeploymentNotFoundError(
                f"Suite '{self.name}' has no {key}; it has: {', '.join(self.modules) or 'no modules'}."
            )
        return self.modules[key]


@dataclass(frozen=True)
class ComplianceRule:
    """One rule a suite enforces, in words.

    Attributes:
        source: Where it is enforced: ``"IdentityRegistry"``, ``"SecurityToken"`` or a module's name.
        codes: The ERC-1404 codes a refusal under the rule reports.
        text: The rule in words.
        detail: The contract's own description (a module's ``describe()``), if any.
        basis: Why the rule is there, in the words of the jurisdiction packs the suite was deployed from
            (empty for a setting no pack made, such as an issuer's override).
    """

    source: str
    codes: tuple[int, ...]
    text: str
    detail: str = ""
    basis: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.text


def compliance_rules(suite: Suite) -> list[ComplianceRule]:
    """The rules a suite enforces now, read from the chain: the registry's required claims and trusted
    issuers, the token's pause, and each compliance module's configuration.

    Args:
        suite: The suite.

    Returns:
        The rules, registry first, then modules in the order the compliance checks them.
    """
    rules: list[ComplianceRule] = []
    why = _pack_bases(suite.record)
    verified = (int(Restriction.SENDER_NOT_VERIFIED), int(Restriction.RECIPIENT_NOT_VERIFIED))
    topics = suite.registry.claim_topics()
    if topics:
        names = ", ".join(topic_name(t) for t in topics)
        rules.append(
            ComplianceRule(
                "IdentityRegistry",
                verified,
                f"Every investor must be registered in the identity registry with a valid claim of: {names}.",
                basis=why.get("IdentityRegistry", ()),
            )
        )
    else:
        rules.append(
            ComplianceRule("IdentityRegistry", verified, "Every investor must be registered in the identity registry.")
        )
    for issuer in suite.storage.trusted_issuers():
        attests = ", ".join(topic_name(t) for t in suite.storage.issuer_topics(issuer))
        rules.append(ComplianceRule("IdentityRegistry", verified, f"Claims of {attests} count when issued by {issuer}."))
    if suite.token.paused():
        rules.append(
            ComplianceRule("SecurityToken", (int(Restriction.PAUSED),), "The token is paused: no holder transfers.")
        )
    decimals = suite.token.decimals()
    by_address = {module.address: module for module in suite.modules.values()}
    for address in suite.compliance.modules():
        module = by_address.get(address) or module_client(suite.w3, address, compliance=suite.compliance.address)
        role = f"{MODULE_PREFIX}{module.ARTIFACT}"
        start = suite.record.contracts[role].block_number if role in suite.record.contracts else 0
        code = module.restriction_code()
        detail = module.describe()
        for text in module.rules(decimals, from_block=start):
            rules.append(ComplianceRule(module.RULE, (code,), text, detail, why.get(module.ARTIFACT, ())))
    return rules


def _pack_bases(record: SuiteRecord) -> dict[str, tuple[str, ...]]:
    """The basis sentences of the shipped packs the suite was deployed from (with the parameters it chose),
    by where their rules are enforced; a pack that is not shipped with sectoken gives none."""
    names = record.config.get("jurisdictions") or []
    chosen = record.config.get("packParameters") or {}
    shipped = set(available_packs())
    try:
        packs = [load_pack(name) for name in names if name in shipped]
        return bases(packs, {name: value for name, value in chosen.items() if name in shipped})
    except ConfigError:
        return {}


def compliance_explain(suite: Suite) -> list[str]:
    """The rules a suite enforces now, in words (see :func:`compliance_rules`).

    Args:
        suite: The suite.

    Returns:
        One sentence per rule.
    """
    return [rule.text for rule in compliance_rules(suite)]
