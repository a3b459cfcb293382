"""Plain ERC-20 behaviour: transfers, approvals and allowances spent down to exhaustion."""

import brownie

from tests.stablecoin.stablecoin_testkit import ALICE_BALANCE, MAX_UINT256, USD, ZERO_ADDRESS, err


def test_transfer_moves_balance_and_emits(suite):
    tx = suite.token.transfer(suite.bob, 40 * USD, {"from": suite.alice})
    assert tx.events["Transfer"] == {"from": suite.alice, "to": suite.bob, "value": 40 * USD}
    assert suite.token.balanceOf(suite.alice) == ALICE_BALANCE - 40 * USD
    assert suite.token.balanceOf(suite.bob) == 40 * USD


def test_transfer_beyond_the_balance_is_refused(suite):
    with brownie.reverts(
        err("ERC20InsufficientBalance", suite.alice.address, ALICE_BALANCE, ALICE_BALANCE + 1)
    ):
        suite.token.transfer(suite.bob, ALICE_BALANCE + 1, {"from": suite.alice})


def test_transfer_to_the_zero_address_is_refused(suite):
    with brownie.reverts(err("ERC20InvalidReceiver", ZERO_ADDRESS)):
        suite.token.transfer(ZERO_ADDRESS, USD, {"from": suite.alice})


def test_allowance_is_spent_down_to_exhaustion(suite):
    token = suite.token
    tx = token.approve(suite.bob, 30 * USD, {"from": suite.alice})
    assert tx.events["Approval"] == {"owner": suite.alice, "spender": suite.bob, "value": 30 * USD}
    token.transferFrom(suite.alice, suite.carol, 20 * USD, {"from": suite.bob})
    assert token.allowance(suite.alice, suite.bob) == 10 * USD
    with brownie.reverts(err("ERC20InsufficientAllowance", suite.bob.address, 10 * USD, 11 * USD)):
        token.transferFrom(suite.alice, suite.carol, 11 * USD, {"from": suite.bob})
    token.transferFrom(suite.alice, suite.carol, 10 * USD, {"from": suite.bob})
    assert token.allowance(suite.alice, suite.bob) == 0
    with brownie.reverts(err("ERC20InsufficientAllowance", suite.bob.address, 0, 1)):
        token.transferFrom(suite.alice, suite.carol, 1, {"from": suite.bob})
    assert token.balanceOf(suite.carol) == 30 * USD


def test_unlimited_allowance_is_not_spent(suite):
    token = suite.token
    token.approve(suite.bob, MAX_UINT256, {"from": suite.alice})
    token.transferFrom(suite.alice, suite.carol, 20 * USD, {"from": suite.bob})
    assert token.allowance(suite.alice, suite.bob) == MAX_UINT256


def test_approve_replaces_the_allowance(suite):
    token = suite.token
    token.approve(suite.bob, 30 * USD, {"from": suite.alice})
    token.approve(suite.bob, 5 * USD, {"from": suite.alice})
    assert token.allowance(suite.alice, suite.bob) == 5 * USD
