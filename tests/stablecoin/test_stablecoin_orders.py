"""Lawful orders: the enforcer seizes (moves to a recovery address) or wipes (burns) the whole balance of a
blacklisted holder, each traced to its order reference; nothing else moves a blacklisted balance."""

import brownie
import pytest

from tests.stablecoin.stablecoin_testkit import ALICE_BALANCE, USD, ZERO_ADDRESS, err

ORDER = b"case-2026-0042".ljust(32, b"\x00")


@pytest.fixture
def frozen(suite):
    """alice, blacklisted with her whole balance."""
    suite.token.blacklist(suite.alice, {"from": suite.blacklister})
    return suite.alice


def test_seize_moves_the_whole_frozen_balance_to_the_recovery_address(suite, frozen):
    token = suite.token
    supply = token.totalSupply()
    assert token.seize.call(frozen, suite.carol, ORDER, {"from": suite.enforcer}) == ALICE_BALANCE
    tx = token.seize(frozen, suite.carol, ORDER, {"from": suite.enforcer})
    assert tx.events["Transfer"] == {"from": frozen, "to": suite.carol, "value": ALICE_BALANCE}
    assert tx.events["Seized"] == {
        "account": frozen,
        "recipient": suite.carol,
        "amount": ALICE_BALANCE,
        "orderRef": "0x" + ORDER.hex(),
    }
    assert [e.name for e in tx.events] == ["Transfer", "Seized"]
    assert (token.balanceOf(frozen), token.balanceOf(suite.carol)) == (0, ALICE_BALANCE)
    assert token.totalSupply() == supply
    assert token.isBlacklisted(frozen) is True  # the freeze stays until the blacklister lifts it


def test_wipe_burns_the_whole_frozen_balance_and_frees_room_under_the_reserves(suite, frozen):
    token = suite.token
    room = token.mintableUnderReserves()
    assert token.wipe.call(frozen, ORDER, {"from": suite.enforcer}) == ALICE_BALANCE
    tx = token.wipe(frozen, ORDER, {"from": suite.enforcer})
    assert tx.events["Transfer"] == {"from": frozen, "to": ZERO_ADDRESS, "value": ALICE_BALANCE}
    assert tx.events["Wiped"] == {"account": frozen, "amount": ALICE_BALANCE, "orderRef": "0x" + ORDER.hex()}
    assert token.balanceOf(frozen) == 0
    assert token.totalSupply() == 0
    assert token.mintableUnderReserves() == room + ALICE_BALANCE


def test_orders_run_while_paused(suite, frozen):
    suite.token.pause({"from": suite.pauser})
    suite.token.seize(frozen, suite.carol, ORDER, {"from": suite.enforcer})
    assert suite.token.balanceOf(suite.carol) == ALICE_BALANCE


def test_an_order_against_a_holder_not_frozen_is_refused(suite):
    with brownie.reverts(err("StablecoinNotBlacklisted", suite.alice.address)):
        suite.token.seize(suite.alice, suite.carol, ORDER, {"from": suite.enforcer})
    with brownie.reverts(err("StablecoinNotBlacklisted", suite.alice.address)):
        suite.token.wipe(suite.alice, ORDER, {"from": suite.enforcer})
    assert suite.token.balanceOf(suite.alice) == ALICE_BALANCE


def test_an_order_without_a_reference_is_refused(suite, frozen):
    with brownie.reverts(err("StablecoinMissingOrderReference")):
        suite.token.seize(frozen, suite.carol, b"\x00" * 32, {"from": suite.enforcer})
    with brownie.reverts(err("StablecoinMissingOrderReference")):
        suite.token.wipe(frozen, b"\x00" * 32, {"from": suite.enforcer})


def test_seize_refuses_a_blacklisted_zero_or_self_recovery_address(suite, frozen):
    token = suite.token
    token.blacklist(suite.bob, {"from": suite.blacklister})
    with brownie.reverts(err("StablecoinBlacklisted", suite.bob.address)):
        token.seize(frozen, suite.bob, ORDER, {"from": suite.enforcer})
    with brownie.reverts(err("StablecoinZeroAddress")):
        token.seize(frozen, ZERO_ADDRESS, ORDER, {"from": suite.enforcer})
    with brownie.reverts(err("ERC20InvalidReceiver", token.address)):
        token.seize(frozen, token, ORDER, {"from": suite.enforcer})
    assert token.balanceOf(frozen) == ALICE_BALANCE


def test_no_one_but_the_enforcer_executes_an_order(suite, frozen):
    for account in (suite.owner, suite.blacklister, suite.master_minter, suite.rescuer, suite.carol):
        with brownie.reverts(err("StablecoinNotEnforcer", account.address)):
            suite.token.seize(frozen, suite.carol, ORDER, {"from": account})
        with brownie.reverts(err("StablecoinNotEnforcer", account.address)):
            suite.token.wipe(frozen, ORDER, {"from": account})


def test_nothing_but_an_order_moves_a_frozen_balance(suite, frozen):
    """Every other way a balance can move, tried on the frozen one: all refused with the freeze."""
    token, a = suite.token, frozen.address
    token.approve(suite.bob, 10 * USD, {"from": frozen})  # allowed (v2.2), yet it moves nothing
    attempts = [
        lambda: token.transfer(suite.bob, USD, {"from": frozen}),
        lambda: token.transferFrom(frozen, suite.carol, USD, {"from": suite.bob}),
        lambda: token.requestRedemption(USD, ORDER, {"from": frozen}),
    ]
    for attempt in attempts:
        with brownie.reverts(err("StablecoinBlacklisted", a)):
            attempt()
    assert token.balanceOf(frozen) == ALICE_BALANCE


def test_an_empty_frozen_account_is_recorded_with_amount_zero(suite):
    token = suite.token
    token.blacklist(suite.carol, {"from": suite.blacklister})
    tx = token.wipe(suite.carol, ORDER, {"from": suite.enforcer})
    assert tx.events["Wiped"] == {"account": suite.carol, "amount": 0, "orderRef": "0x" + ORDER.hex()}
