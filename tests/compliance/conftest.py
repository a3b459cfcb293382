"""Fixtures for compliance tests: a real registry, a SecurityToken and its ModularCompliance (each behind its
proxy), with investors registered in three countries. A rule's shared built-in module is switched on with
`add_module`, which returns it as the compliance sees it (a `ModuleHandle`: setters through
`callModuleFunction`); what the rule decides is read from the token (`detectTransferRestriction`)
or, for mints, burns and forced transfers, from a simulation of the agent's call (`code_of`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from brownie.exceptions import VirtualMachineError

from tests.compliance.compliance_helpers import KYC, ModuleHandle, Party
from tests.conftest import NO_EXPIRY, builtin_module, deploy_compliance, deploy_registry, deploy_token


@dataclass
class RuleStack:
    owner: Any
    agent: Any
    issuer: Any
    storage: Any
    registry: Any
    compliance: Any
    token: Any


@pytest.fixture(scope="module")
def rule_stack(accounts, IdentityRegistryStorage, IdentityRegistry) -> RuleStack:
    owner, agent, issuer = accounts[0], accounts[1], accounts[6]
    tx = {"from": owner}
    storage = IdentityRegistryStorage.deploy(owner, tx)
    registry = deploy_registry(owner, storage)
    storage.bindIdentityRegistry(registry, tx)
    registry.addAgent(agent, tx)
    registry.addClaimTopic(KYC, tx)
    storage.addTrustedIssuer(issuer, list(range(1, 9)), tx)
    compliance = deploy_compliance(owner)
    token = deploy_token(owner, registry, compliance, "Bond", "BND")
    compliance.bindToken(token, tx)
    registry.bindToken(token, tx)
    token.addAgent(agent, tx)
    for party in (_party(accounts, 2, 826), _party(accounts, 3, 840), _party(accounts, 4, 250)):
        registry.registerIdentity(party.wallet, party.identity, party.country, {"from": agent})
        storage.addClaim(party.identity, KYC, NO_EXPIRY, {"from": issuer})
    return RuleStack(owner, agent, issuer, storage, registry, compliance, token)


@pytest.fixture(scope="module")
def owner(rule_stack):
    """Owns the compliance and the token, and so configures every rule."""
    return rule_stack.owner


@pytest.fixture(scope="module")
def agent(rule_stack):
    """The token's agent: mints, burns, forces transfers."""
    return rule_stack.agent


@pytest.fixture
def stranger(accounts):
    return accounts[9]


@pytest.fixture(scope="module")
def compliance(rule_stack):
    return rule_stack.compliance


@pytest.fixture(scope="module")
def token(rule_stack):
    return rule_stack.token


@pytest.fixture(scope="module")
def add_module(compliance, owner):
    """Switch on the rule of a built-in module (given by its container) in `compliance`; the module as
    `compliance` sees it."""

    def _add(container):
        module = builtin_module(compliance, container._name)
        compliance.addModule(module, {"from": owner})
        return ModuleHandle(module, compliance)

    return _add


def _party(accounts, index: int, country: int, topics: tuple[int, ...] = (KYC,)) -> Party:
    # identities are distinct plain addresses; wallets are the test accounts
    return Party(str(accounts[index]), "0x" + f"{index + 1:040x}", country, topics)


@pytest.fixture
def uk(accounts):
    """A registered, KYC-verified investor in the United Kingdom."""
    return _party(accounts, 2, 826)


@pytest.fixture(scope="module")
def us(accounts):
    """A registered, KYC-verified investor in the United States."""
    return _party(accounts, 3, 840)


@pytest.fixture
def fr(accounts):
    """A registered, KYC-verified investor in France."""
    return _party(accounts, 4, 250)


def code_of(function, *args, sender) -> int:
    """The restriction code with which `function(*args)` sent by `sender` would be refused (0 if it would
    pass), from a simulation of the call (nothing is sent)."""
    try:
        function.call(*args, {"from": sender})
    except VirtualMachineError as error:
        message = str(error.revert_msg or "")
        if message.startswith("TransferRestricted: "):
            return int(message.removeprefix("TransferRestricted: "))
        raise
    return 0


@pytest.fixture
def codes(token, agent):
    """What the rules answer, by kind of change: `codes.transfer(a, b, n)`, `codes.mint(b, n)`,
    `codes.burn(a, n)`, `codes.forced(a, b, n)` (parties are `Party`s)."""

    class Codes:
        @staticmethod
        def transfer(sender: Party, recipient: Party, amount: int) -> int:
            return int(token.detectTransferRestriction(sender.wallet, recipient.wallet, amount))

        @staticmethod
        def mint(recipient: Party, amount: int) -> int:
            return code_of(token.mint, recipient.wallet, amount, sender=agent)

        @staticmethod
        def burn(sender: Party, amount: int) -> int:
            return code_of(token.burn, sender.wallet, amount, sender=agent)

        @staticmethod
        def forced(sender: Party, recipient: Party, amount: int) -> int:
            return code_of(token.forcedTransfer, sender.wallet, recipient.wallet, amount, sender=agent)

    return Codes()


@pytest.fixture(scope="module")
def containers(IdentityRegistryStorage, IdentityRegistry, SecurityToken, ModularCompliance, CountryAllowModule,
               CountryRestrictModule, InvestorEligibilityModule, LockUpModule, TransferLimitsModule,
               MaxBalanceModule, MaxHoldersModule, SupplyLimitModule):
    """Every contract container the full stack needs, by name."""
    return {c._name: c for c in (IdentityRegistryStorage, IdentityRegistry, SecurityToken, ModularCompliance,
                                 CountryAllowModule, CountryRestrictModule, InvestorEligibilityModule,
                                 LockUpModule, TransferLimitsModule, MaxBalanceModule, MaxHoldersModule,
                                 SupplyLimitModule)}
