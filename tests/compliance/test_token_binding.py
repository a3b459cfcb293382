"""Binding: only the bound token may drive the state hooks; only the owner binds it, at any time."""

import brownie

from tests.compliance.compliance_helpers import ZERO, mint


def test_owner_binds_a_token_and_event_names_it(ModularCompliance, owner, accounts):
    c = ModularCompliance.deploy(owner, {"from": owner})
    tx = c.bindToken(accounts[5], {"from": owner})
    assert c.getTokenBound() == accounts[5]
    assert tx.events["TokenBound"]["token"] == accounts[5]


def test_no_one_but_the_owner_binds_while_no_token_is_bound(ModularCompliance, owner, accounts):
    """No window between the compliance's deployment and the token's: an account (or a contract) cannot
    bind itself, drive the modules' hooks with forged transfers and unbind again."""
    c = ModularCompliance.deploy(owner, {"from": owner})
    with brownie.reverts(f"OwnableUnauthorizedAccount: {accounts[5].address.lower()}"):
        c.bindToken(accounts[5], {"from": accounts[5]})
    with brownie.reverts(f"OwnableUnauthorizedAccount: {accounts[6].address.lower()}"):
        c.bindToken(accounts[5], {"from": accounts[6]})
    with brownie.reverts(f"ComplianceOnlyToken: {accounts[5].address.lower()}"):
        c.created(accounts[5], 1, {"from": accounts[5]})
    assert c.getTokenBound() == ZERO


def test_second_bind_is_refused_until_unbound(compliance, owner, token, accounts):
    with brownie.reverts(f"ComplianceTokenAlreadyBound: {token.address.lower()}"):
        compliance.bindToken(accounts[5], {"from": owner})
    with brownie.reverts(f"OwnableUnauthorizedAccount: {accounts[5].address.lower()}"):
        compliance.bindToken(accounts[5], {"from": accounts[5]})
    tx = compliance.unbindToken(token, {"from": token})
    assert tx.events["TokenUnbound"]["token"] == token
    assert compliance.getTokenBound() == ZERO
    with brownie.reverts(f"OwnableUnauthorizedAccount: {accounts[5].address.lower()}"):
        compliance.bindToken(accounts[5], {"from": accounts[5]})
    compliance.bindToken(accounts[5], {"from": owner})
    assert compliance.getTokenBound() == accounts[5]


def test_zero_token_is_refused(ModularCompliance, owner):
    c = ModularCompliance.deploy(owner, {"from": owner})
    with brownie.reverts("ComplianceZeroAddress: "):
        c.bindToken(ZERO, {"from": owner})


def test_unbinding_a_token_that_is_not_bound_is_refused(compliance, owner, accounts):
    with brownie.reverts(f"ComplianceTokenNotBound: {accounts[5].address.lower()}"):
        compliance.unbindToken(accounts[5], {"from": owner})


def test_stranger_cannot_unbind(compliance, token, stranger):
    with brownie.reverts(f"OwnableUnauthorizedAccount: {stranger.address.lower()}"):
        compliance.unbindToken(token, {"from": stranger})


def test_only_the_bound_token_calls_the_state_hooks(compliance, owner, stranger, uk):
    for caller in (owner, stranger):
        with brownie.reverts(f"ComplianceOnlyToken: {caller.address.lower()}"):
            compliance.applyTransfer(mint(uk, 1), {"from": caller})
        with brownie.reverts(f"ComplianceOnlyToken: {caller.address.lower()}"):
            compliance.created(uk.wallet, 1, {"from": caller})
        with brownie.reverts(f"ComplianceOnlyToken: {caller.address.lower()}"):
            compliance.transferred(uk.wallet, stranger, 1, {"from": caller})
        with brownie.reverts(f"ComplianceOnlyToken: {caller.address.lower()}"):
            compliance.destroyed(uk.wallet, 1, {"from": caller})


def test_ownership_moves_in_two_steps(compliance, owner, accounts):
    compliance.transferOwnership(accounts[5], {"from": owner})
    assert compliance.owner() == owner
    tx = compliance.acceptOwnership({"from": accounts[5]})
    assert compliance.owner() == accounts[5]
    assert tx.events["OwnershipTransferred"]["newOwner"] == accounts[5]
