"""Binding: only the bound token may drive the state hooks; only the owner binds it, at any time; the token
itself unbinds its old compliance when it switches to another."""

import brownie

from tests.compliance.compliance_helpers import MINT, ZERO, ctx
from tests.conftest import deploy_compliance, revert_msg


def test_owner_binds_a_token_and_event_names_it(owner, accounts):
    c = deploy_compliance(owner)
    tx = c.bindToken(accounts[5], {"from": owner})
    assert c.getTokenBound() == accounts[5]
    assert tx.events["TokenBound"]["token"] == accounts[5]


def test_no_one_but_the_owner_binds_while_no_token_is_bound(owner, accounts, uk):
    """No window between the compliance's deployment and the token's: an account (or a contract) cannot
    bind itself, drive the modules' hooks with forged transfers and unbind again."""
    c = deploy_compliance(owner)
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", accounts[5])):
        c.bindToken(accounts[5], {"from": accounts[5]})
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", accounts[6])):
        c.bindToken(accounts[5], {"from": accounts[6]})
    with brownie.reverts(revert_msg("ComplianceOnlyToken", accounts[5])):
        c.created(accounts[5], 1, {"from": accounts[5]})
    with brownie.reverts(revert_msg("ComplianceOnlyToken", accounts[5])):
        c.applyTransfer(ctx(MINT, None, uk, 1), {"from": accounts[5]})
    assert c.getTokenBound() == ZERO


def test_second_bind_is_refused_until_unbound(compliance, owner, token, accounts):
    with brownie.reverts(revert_msg("ComplianceTokenAlreadyBound", token)):
        compliance.bindToken(accounts[5], {"from": owner})
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", accounts[5])):
        compliance.bindToken(accounts[5], {"from": accounts[5]})
    tx = compliance.unbindToken(token, {"from": owner})
    assert tx.events["TokenUnbound"]["token"] == token
    assert compliance.getTokenBound() == ZERO
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", accounts[5])):
        compliance.bindToken(accounts[5], {"from": accounts[5]})
    compliance.bindToken(accounts[5], {"from": owner})
    assert compliance.getTokenBound() == accounts[5]


def test_the_token_unbinds_its_old_compliance_when_it_switches(compliance, owner, agent, token, uk,
                                                               TestRecordingModule):
    new = deploy_compliance(owner)
    new.bindToken(token, {"from": owner})
    tx = token.setCompliance(new, {"from": owner})
    assert tx.events["TokenUnbound"]["token"] == token
    assert compliance.getTokenBound() == ZERO
    assert token.compliance() == new
    # the new compliance's third-party modules are called from now on
    recorder = TestRecordingModule.deploy(new, 23, {"from": owner})
    new.addModule(recorder, {"from": owner})
    assert token.rules()[1] is True
    token.mint(uk.wallet, 1, {"from": agent})
    assert recorder.seen() == 1


def test_zero_token_is_refused(compliance, owner):
    c = deploy_compliance(owner)
    with brownie.reverts("ComplianceZeroAddress: "):
        c.bindToken(ZERO, {"from": owner})
    with brownie.reverts("ComplianceZeroAddress: "):
        compliance.unbindToken(ZERO, {"from": owner})


def test_unbinding_a_token_that_is_not_bound_is_refused(compliance, owner, accounts):
    with brownie.reverts(revert_msg("ComplianceTokenNotBound", accounts[5])):
        compliance.unbindToken(accounts[5], {"from": owner})


def test_stranger_cannot_unbind(compliance, token, stranger):
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", stranger)):
        compliance.unbindToken(token, {"from": stranger})
    assert compliance.getTokenBound() == token


def test_only_the_bound_token_calls_the_state_hooks(compliance, owner, stranger, uk):
    for caller in (owner, stranger):
        with brownie.reverts(revert_msg("ComplianceOnlyToken", caller)):
            compliance.applyTransfer(ctx(MINT, None, uk, 1), {"from": caller})
        with brownie.reverts(revert_msg("ComplianceOnlyToken", caller)):
            compliance.created(uk.wallet, 1, {"from": caller})
        with brownie.reverts(revert_msg("ComplianceOnlyToken", caller)):
            compliance.transferred(uk.wallet, stranger, 1, {"from": caller})
        with brownie.reverts(revert_msg("ComplianceOnlyToken", caller)):
            compliance.destroyed(uk.wallet, 1, {"from": caller})


def test_ownership_moves_in_two_steps(compliance, owner, accounts):
    compliance.transferOwnership(accounts[5], {"from": owner})
    assert compliance.owner() == owner
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", accounts[6])):
        compliance.acceptOwnership({"from": accounts[6]})
    tx = compliance.acceptOwnership({"from": accounts[5]})
    assert compliance.owner() == accounts[5]
    assert tx.events["OwnershipTransferred"]["newOwner"] == accounts[5]
