"""The full stack for compliance tests: identity registry + storage, a SecurityToken and a
ModularCompliance (each behind its proxy) whose built-in rule modules are deployed, switched on and
configured from a composed jurisdiction config."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from brownie import chain

from sectoken.jurisdictions import ComplianceConfig
from tests.compliance.compliance_helpers import ModuleHandle
from tests.conftest import builtin_module, configure, deploy_compliance, deploy_registry, deploy_token

ZERO = "0x" + "00" * 20
NO_EXPIRY = 2**64 - 1


@dataclass(frozen=True)
class Holder:
    """An investor identity with its wallets (brownie accounts), country and claim topics."""

    name: str
    identity: str
    country: int
    topics: tuple[int, ...]
    wallets: tuple[Any, ...]
    #: An entity (investor type 1 in the registry) rather than an individual.
    entity: bool = False

    @property
    def wallet(self) -> Any:
        return self.wallets[0]


@dataclass
class Stack:
    owner: Any
    agent: Any
    issuer: Any
    storage: Any
    registry: Any
    compliance: Any
    token: Any
    modules: dict[str, Any] = field(default_factory=dict)


def build_stack(containers: dict[str, Any], config: ComplianceConfig, owner: Any, agent: Any, issuer: Any,
                holders: list[Holder]) -> Stack:
    """Deploy and wire everything; register `holders` with their claims (never expiring)."""
    tx = {"from": owner}
    storage = containers["IdentityRegistryStorage"].deploy(owner, tx)
    registry = deploy_registry(owner, storage)
    storage.bindIdentityRegistry(registry, tx)
    registry.addAgent(agent, tx)
    for topic in config.required_topics:
        registry.addClaimTopic(topic, tx)
    storage.addTrustedIssuer(issuer, list(range(1, 9)), tx)
    compliance = deploy_compliance(owner)
    token = deploy_token(owner, registry, compliance, "Bond", "BND")
    compliance.bindToken(token, tx)
    registry.bindToken(token, tx)
    token.addAgent(agent, tx)
    del containers  # the compliance's shared built-in modules serve it
    shared = {name: builtin_module(compliance, name) for name in config.modules()}
    for module in shared.values():
        compliance.addModule(module, tx)
    # a flowback period runs from now (the offering's closing)
    for call in config.module_calls(closing=chain.time()):
        configure(compliance, shared[call.module], call.function, *call.args, sender=owner)
    modules = {name: ModuleHandle(module, compliance) for name, module in shared.items()}
    for h in holders:
        for w in h.wallets:
            registry.registerIdentity(w, h.identity, h.country, {"from": agent})
        for topic in h.topics:
            storage.addClaim(h.identity, topic, NO_EXPIRY, {"from": issuer})
        if h.entity:
            registry.setInvestorType(h.wallet, 1, {"from": agent})
    return Stack(owner, agent, issuer, storage, registry, compliance, token, modules)
