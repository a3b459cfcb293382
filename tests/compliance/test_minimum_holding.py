"""Minimum holding and whole-position transfers (codes 26 and 27): no holder transfer or mint leaves the sender
or the recipient investor with a positive holding below the minimum (its country's own when set); with full
transfers on, a holder moves everything it holds or nothing. Minimum transfer by the sender's country (28)."""

import brownie

from tests.compliance.compliance_helpers import plain, register
from tests.conftest import revert_msg


def test_a_transfer_leaving_either_party_below_the_minimum_is_refused(add_module, owner, agent, token, codes, uk,
                                                                       us, MinimumHoldingModule):
    m = add_module(MinimumHoldingModule)
    token.mint(uk.wallet, 100, {"from": agent})
    tx = m.setMinimumHolding(30, {"from": owner})
    assert tx.events["MinimumHoldingSet"]["amount"] == 30
    assert codes.transfer(uk, us, 20) == 26  # the recipient would hold 20
    assert codes.transfer(uk, us, 80) == 26  # the sender would keep 20
    assert codes.transfer(uk, us, 30) == 0
    assert codes.transfer(uk, us, 100) == 0  # selling out is fine
    assert codes.mint(us, 29) == 26
    with brownie.reverts(revert_msg("TransferRestricted", 26)):
        token.transfer(us.wallet, 80, {"from": uk.wallet})
    token.transfer(us.wallet, 70, {"from": uk.wallet})
    # burns and forced transfers are the agent's, not judged by this rule
    assert codes.burn(uk, 10) == 0
    assert codes.forced(us, uk, 55) == 0
    assert token.messageForTransferRestriction(26).startswith("The transfer would leave the sender or the recipient")


def test_a_country_minimum_replaces_the_tokens_for_its_investors(add_module, owner, agent, token, codes, uk, us, fr,
                                                                 MinimumHoldingModule):
    m = add_module(MinimumHoldingModule)
    token.mint(uk.wallet, 100, {"from": agent})
    m.setMinimumHolding(10, {"from": owner})
    tx = m.setCountryMinimumHolding(840, 50, {"from": owner})
    assert tx.events["CountryMinimumsSet"]["minHolding"] == 50
    assert plain(m.countryMinimums(840)) == (50, 0)
    assert m.describe() == "MinimumHolding: 10; 840 50"
    assert token.policy()[4] == 1
    assert codes.transfer(uk, us, 40) == 26
    assert codes.transfer(uk, fr, 40) == 0
    assert codes.transfer(uk, us, 50) == 0
    m.setCountryMinimumHolding(840, 0, {"from": owner})
    assert token.policy()[4] == 0
    assert codes.transfer(uk, us, 40) == 0
    with brownie.reverts(revert_msg("ModuleInvalidCountry", 1000)):
        m.setCountryMinimumHolding(1000, 1, {"from": owner})


def test_full_transfers_move_the_whole_holding(add_module, owner, agent, token, codes, uk, us, accounts, rule_stack,
                                               MinimumHoldingModule):
    m = add_module(MinimumHoldingModule)
    token.mint(uk.wallet, 100, {"from": agent})
    m.setFullTransfer(True, {"from": owner})
    assert plain(m.minimumHolding()) == (0, True)
    assert m.describe() == "MinimumHolding: 0, whole holdings only"
    assert codes.transfer(uk, us, 99) == 27
    with brownie.reverts(revert_msg("TransferRestricted", 27)):
        token.transfer(us.wallet, 99, {"from": uk.wallet})
    # a move between wallets of one identity is not a sale
    second = register(rule_stack, accounts[7], uk.identity, 826)
    token.transfer(second.wallet, 40, {"from": uk.wallet})
    # the holding is the identity's: a wallet holding part of it cannot sell alone
    assert codes.transfer(uk, us, 60) == 27
    token.transfer(uk.wallet, 40, {"from": second.wallet})
    token.transfer(us.wallet, 100, {"from": uk.wallet})
    assert token.balanceOf(us.wallet) == 100
    assert token.messageForTransferRestriction(27) == "A holder may only transfer their whole holding."


def test_minimum_transfer_by_the_senders_country(add_module, owner, agent, token, codes, uk, us, MinimumTransferModule):
    m = add_module(MinimumTransferModule)
    token.mint(uk.wallet, 100, {"from": agent})
    token.mint(us.wallet, 100, {"from": agent})
    tx = m.setCountryMinimumTransfer(826, 25, {"from": owner})
    assert tx.events["CountryMinimumTransferSet"]["amount"] == 25
    assert m.countryMinimumTransfer(826) == 25
    assert codes.transfer(uk, us, 24) == 28
    assert codes.transfer(uk, us, 25) == 0
    assert codes.transfer(us, uk, 1) == 0  # a US sender has no minimum
    with brownie.reverts(revert_msg("TransferRestricted", 28)):
        token.transfer(us.wallet, 24, {"from": uk.wallet})
    assert codes.mint(uk, 1) == 0 and codes.forced(uk, us, 1) == 0
    assert token.messageForTransferRestriction(28) == "The amount is below the minimum transfer for the sender's country."
    assert m.describe() == "MinimumTransfer: 826 25;"


def test_settings_are_owner_only(add_module, owner, stranger, MinimumHoldingModule, MinimumTransferModule):
    holding = add_module(MinimumHoldingModule)
    transfer = add_module(MinimumTransferModule)
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", stranger)):
        holding.setMinimumHolding(1, {"from": stranger})
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", stranger)):
        transfer.setCountryMinimumTransfer(826, 1, {"from": stranger})
    with brownie.reverts(revert_msg("ModuleSettingTooLarge", 2**112, 2**112 - 1)):
        holding.setMinimumHolding(2**112, {"from": owner})
    assert holding.describe() == "MinimumHolding: 0"
