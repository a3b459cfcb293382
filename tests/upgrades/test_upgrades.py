"""The token, the compliance and the identity registry are ERC-1967 proxies of shared implementations:
initialised once, in the transaction that creates them; implementations never initialised; upgraded by
their owner only, keeping their state."""

from __future__ import annotations

import brownie
import pytest

from tests.conftest import (
    ZERO_ADDRESS,
    deploy_compliance,
    deploy_compliance_implementation,
    deploy_registry,
    revert_msg,
    token_abi,
)

IMPLEMENTATION_SLOT = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc"


@pytest.fixture(scope="module")
def s(suite):
    return suite


def _implementation(web3, proxy) -> str:
    word = web3.eth.get_storage_at(proxy.address, IMPLEMENTATION_SLOT)
    return web3.to_checksum_address(word[-20:])


def test_implementations_cannot_be_initialised(s, web3, ModularCompliance, TokenAdmin):
    token_impl = brownie.Contract.from_abi("SecurityToken", _implementation(web3, s.token), token_abi())
    with brownie.reverts(revert_msg("InvalidInitialization")):
        token_impl.initialize("X", "X", 0, s.registry, s.compliance, ZERO_ADDRESS, s.stranger, [], {"from": s.stranger})
    # nor its TokenAdmin companion, run on its own (it serves every token's set-up in the token's storage)
    admin = TokenAdmin.deploy({"from": s.owner})
    with brownie.reverts(revert_msg("InvalidInitialization")):
        admin.initialize("X", "X", 0, s.registry, s.compliance, ZERO_ADDRESS, s.stranger, [], {"from": s.stranger})
    compliance = deploy_compliance(s.owner)
    compliance_impl = ModularCompliance.at(_implementation(web3, compliance))
    with brownie.reverts(revert_msg("InvalidInitialization")):
        compliance_impl.initialize(s.stranger, {"from": s.stranger})


def test_a_proxy_is_initialised_once(s):
    with brownie.reverts(revert_msg("InvalidInitialization")):
        s.token.initialize("X", "X", 0, s.registry, s.compliance, ZERO_ADDRESS, s.stranger, [], {"from": s.stranger})


def test_only_the_owner_upgrades_the_token_and_its_state_stays(s, web3, SecurityToken, TokenAdmin):
    new = SecurityToken.deploy(TokenAdmin.deploy({"from": s.owner}), {"from": s.owner})
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", s.stranger)):
        s.token.upgradeToAndCall(new, b"", {"from": s.stranger})
    before = (s.token.balanceOf(s.alice), s.token.balanceOf(s.bob), s.token.totalSupply(), s.token.name())
    tx = s.token.upgradeToAndCall(new, b"", {"from": s.owner})
    assert tx.events["Upgraded"]["implementation"] == new
    assert _implementation(web3, s.token) == new
    assert (s.token.balanceOf(s.alice), s.token.balanceOf(s.bob), s.token.totalSupply(), s.token.name()) == before
    s.token.transfer(s.bob, 1, {"from": s.alice})
    assert s.token.balanceOf(s.bob) == before[1] + 1


def test_only_the_owner_upgrades_the_compliance(s, web3, ModularCompliance):
    compliance = deploy_compliance(s.owner)
    new = ModularCompliance.deploy(compliance.builtinModules(), {"from": s.owner})
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", s.stranger)):
        compliance.upgradeToAndCall(new, b"", {"from": s.stranger})
    compliance.upgradeToAndCall(new, b"", {"from": s.owner})
    assert _implementation(web3, compliance) == new
    assert compliance.owner() == s.owner


def test_a_proxy_created_without_its_initialisation_is_initialised_once_later(s, SecurityToken, TokenAdmin,
                                                                               ModularCompliance, OfferingProxy):
    """`sectoken deploy` always passes the initialisation to the proxy's constructor (no window); a proxy
    created bare is initialised by its first `initialize` call, and only that one."""
    from brownie import Contract

    from tests.conftest import token_abi

    impl = SecurityToken.deploy(TokenAdmin.deploy({"from": s.owner}), {"from": s.owner})
    token = Contract.from_abi("SecurityToken", OfferingProxy.deploy(impl, b"", {"from": s.owner}).address, token_abi())
    with brownie.reverts(revert_msg("TokenEmptyString")):
        token.initialize("", "X", 0, s.registry, s.compliance, ZERO_ADDRESS, s.owner, [], {"from": s.owner})
    with brownie.reverts(revert_msg("TokenZeroAddress")):
        token.initialize("Fund", "FND", 0, ZERO_ADDRESS, s.compliance, ZERO_ADDRESS, s.owner, [], {"from": s.owner})
    tx = token.initialize("Fund", "FND", 6, s.registry, s.compliance, ZERO_ADDRESS, s.owner, [], {"from": s.owner})
    assert tx.events["IdentityRegistrySynced"]["identityStorage"] == s.storage
    assert (token.name(), token.decimals(), token.owner(), token.identityRegistry()) == ("Fund", 6, s.owner, s.registry)
    with brownie.reverts(revert_msg("InvalidInitialization")):
        token.initialize("Fund", "FND", 6, s.registry, s.compliance, ZERO_ADDRESS, s.stranger, [], {"from": s.stranger})
    compliance_impl = deploy_compliance_implementation(s.owner)
    proxy = OfferingProxy.deploy(compliance_impl, b"", {"from": s.owner})
    compliance = Contract.from_abi("ModularCompliance", proxy.address, ModularCompliance.abi)
    compliance.initialize(s.owner, {"from": s.owner})
    assert compliance.owner() == s.owner
    with brownie.reverts(revert_msg("InvalidInitialization")):
        compliance.initialize(s.stranger, {"from": s.stranger})


def test_the_registry_is_a_proxy_initialised_once_and_its_implementation_never(s, web3, IdentityRegistry):
    registry_impl = IdentityRegistry.at(_implementation(web3, s.registry))
    with brownie.reverts(revert_msg("InvalidInitialization")):
        registry_impl.initialize(s.stranger, s.storage, {"from": s.stranger})
    with brownie.reverts(revert_msg("InvalidInitialization")):
        s.registry.initialize(s.stranger, s.storage, {"from": s.stranger})
    assert s.registry.owner() == s.owner


def test_only_the_owner_upgrades_the_registry_and_its_records_and_agents_stay(s, web3, IdentityRegistry):
    registry = deploy_registry(s.owner, s.storage)
    s.storage.bindIdentityRegistry(registry, {"from": s.owner})
    registry.addAgent(s.agent, {"from": s.owner})
    registry.addClaimTopic(7, {"from": s.owner})
    registry.bindToken(s.token, {"from": s.owner})
    new = IdentityRegistry.deploy({"from": s.owner})
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", s.stranger)):
        registry.upgradeToAndCall(new, b"", {"from": s.stranger})
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", s.agent)):
        registry.upgradeToAndCall(new, b"", {"from": s.agent})
    before = (registry.isAgent(s.agent), registry.getClaimTopics(), registry.boundTokens(), registry.identityStorage(),
              registry.isVerified(s.alice))
    tx = registry.upgradeToAndCall(new, b"", {"from": s.owner})
    assert tx.events["Upgraded"]["implementation"] == new
    assert _implementation(web3, registry) == new
    assert (registry.isAgent(s.agent), registry.getClaimTopics(), registry.boundTokens(), registry.identityStorage(),
            registry.isVerified(s.alice)) == before
    assert before[0] is True and list(before[1]) == [7] and list(before[2]) == [s.token]
    registry.removeAgent(s.agent, {"from": s.owner})
    with brownie.reverts(revert_msg("AgentRoleUnauthorized", s.agent)):
        registry.registerIdentity(s.dave, "0x" + "d4" * 20, 826, {"from": s.agent})
