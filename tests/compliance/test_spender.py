"""Spender checks (code 30): with the rule on, `transferFrom` is made by a verified investor or an operator the
issuer lists; a holder's own transfer has no spender."""

import brownie

from tests.conftest import revert_msg


def test_an_unverified_spender_is_refused_and_a_listed_operator_passes(add_module, owner, agent, token, uk, us,
                                                                        stranger, SpenderModule):
    m = add_module(SpenderModule)
    token.mint(uk.wallet, 100, {"from": agent})
    token.approve(stranger, 50, {"from": uk.wallet})
    with brownie.reverts(revert_msg("TransferRestricted", 30)):
        token.transferFrom(uk.wallet, us.wallet, 10, {"from": stranger})
    tx = m.setOperator(stranger, True, {"from": owner})
    assert tx.events["OperatorSet"]["operator"] == stranger
    assert m.isOperator(stranger) and token.isOperator(stranger)
    assert m.module.describe(m.compliance) == "Spender: verified investors and listed operators"
    token.transferFrom(uk.wallet, us.wallet, 10, {"from": stranger})
    assert token.balanceOf(us.wallet) == 10
    m.setOperator(stranger, False, {"from": owner})
    with brownie.reverts(revert_msg("TransferRestricted", 30)):
        token.transferFrom(uk.wallet, us.wallet, 10, {"from": stranger})
    assert token.messageForTransferRestriction(30).startswith("The spender is neither")


def test_a_verified_investor_may_spend_and_the_holders_own_transfer_is_not_a_spenders(add_module, agent, token, uk,
                                                                                      us, SpenderModule):
    add_module(SpenderModule)
    token.mint(uk.wallet, 100, {"from": agent})
    token.approve(us.wallet, 50, {"from": uk.wallet})
    token.transferFrom(uk.wallet, us.wallet, 10, {"from": us.wallet})
    token.transfer(us.wallet, 10, {"from": uk.wallet})
    assert token.balanceOf(us.wallet) == 20
    # ERC-1404's detect has no spender: it answers for the holder's own transfer
    assert token.detectTransferRestriction(uk.wallet, us.wallet, 10) == 0


def test_the_spender_is_checked_before_the_rules_and_operators_are_owner_only(add_module, owner, agent, token, uk,
                                                                              stranger, SpenderModule,
                                                                              CountryAllowModule):
    m = add_module(SpenderModule)
    add_module(CountryAllowModule)  # nobody allowed: every recipient refused with 16
    token.approve(stranger, 50, {"from": uk.wallet})
    with brownie.reverts(revert_msg("TransferRestricted", 30)):
        token.transferFrom(uk.wallet, uk.wallet, 0, {"from": stranger})
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", stranger)):
        m.setOperator(stranger, True, {"from": stranger})
    with brownie.reverts(revert_msg("RuleEngineZeroOperator")):
        m.setOperator("0x" + "00" * 20, True, {"from": owner})
    with brownie.reverts(revert_msg("RuleEngineUnauthorized", stranger)):
        token.setOperator(token.compliance(), stranger, True, {"from": stranger})
    del agent
