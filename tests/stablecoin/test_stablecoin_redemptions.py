"""Redemption at par: a holder's request escrows its tokens at once; a minter acknowledges it and then
completes it (the escrow is burnt) or rejects it (the escrow goes back); every step keeps its time."""

import brownie
import pytest

from tests.stablecoin.stablecoin_testkit import ALICE_BALANCE, USD, ZERO_ADDRESS, err

REF = b"payout-7781".ljust(32, b"\x00")
NONE, REQUESTED, ACKNOWLEDGED, COMPLETED, REJECTED = range(5)


def record(token, rid):
    """Request `rid` as a dict of its fields."""
    holder, requested_at, status, amount, acknowledged_at, closed_at, ref = token.redemption(rid)
    return {
        "holder": holder,
        "requestedAt": requested_at,
        "status": status,
        "amount": amount,
        "acknowledgedAt": acknowledged_at,
        "closedAt": closed_at,
        "ref": ref,
    }


@pytest.fixture
def requested(suite):
    """alice's request for 40 USD: its id and its transaction."""
    tx = suite.token.requestRedemption(40 * USD, REF, {"from": suite.alice})
    return tx.events["RedemptionRequested"]["id"], tx


def test_a_request_escrows_the_tokens_and_keeps_its_time(suite, requested):
    token = suite.token
    rid, tx = requested
    assert rid == 1 and token.redemptionCount() == 1
    assert token.requestRedemption.call(USD, REF, {"from": suite.alice}) == 2  # the id it returns
    assert tx.events["Transfer"] == {"from": suite.alice, "to": token, "value": 40 * USD}
    assert tx.events["RedemptionRequested"] == {"id": 1, "holder": suite.alice, "amount": 40 * USD,
                                                "ref": "0x" + REF.hex()}
    assert [e.name for e in tx.events] == ["Transfer", "RedemptionRequested"]
    assert record(token, rid) == {"holder": suite.alice, "requestedAt": tx.timestamp, "status": REQUESTED,
                                  "amount": 40 * USD, "acknowledgedAt": 0, "closedAt": 0, "ref": "0x" + REF.hex()}
    assert token.balanceOf(suite.alice) == ALICE_BALANCE - 40 * USD
    assert token.balanceOf(token) == 40 * USD
    assert token.totalSupply() == ALICE_BALANCE  # supply = balances + escrow


def test_acknowledge_then_complete_burns_the_escrow(suite, requested):
    token = suite.token
    rid, _ = requested
    ack = token.acknowledgeRedemption(rid, {"from": suite.minter})
    assert ack.events["RedemptionAcknowledged"] == {"id": rid, "operator": suite.minter}
    assert record(token, rid)["status"] == ACKNOWLEDGED
    assert record(token, rid)["acknowledgedAt"] == ack.timestamp
    done = token.completeRedemption(rid, {"from": suite.minter})
    assert done.events["Transfer"] == {"from": token, "to": ZERO_ADDRESS, "value": 40 * USD}
    assert done.events["RedemptionCompleted"] == {"id": rid, "operator": suite.minter, "amount": 40 * USD}
    assert (record(token, rid)["status"], record(token, rid)["closedAt"]) == (COMPLETED, done.timestamp)
    assert token.balanceOf(token) == 0
    assert token.totalSupply() == ALICE_BALANCE - 40 * USD


def test_reject_returns_the_escrow_to_the_holder(suite, requested):
    token = suite.token
    rid, _ = requested
    tx = token.rejectRedemption(rid, {"from": suite.minter})
    assert tx.events["Transfer"] == {"from": token, "to": suite.alice, "value": 40 * USD}
    assert tx.events["RedemptionRejected"] == {"id": rid, "operator": suite.minter, "amount": 40 * USD}
    assert (record(token, rid)["status"], record(token, rid)["closedAt"]) == (REJECTED, tx.timestamp)
    assert token.balanceOf(suite.alice) == ALICE_BALANCE
    assert token.totalSupply() == ALICE_BALANCE


def test_steps_out_of_order_are_refused_with_the_status(suite, requested):
    token = suite.token
    rid, _ = requested
    with brownie.reverts(err("StablecoinRedemptionWrongStatus", rid, REQUESTED)):
        token.completeRedemption(rid, {"from": suite.minter})
    token.acknowledgeRedemption(rid, {"from": suite.minter})
    with brownie.reverts(err("StablecoinRedemptionWrongStatus", rid, ACKNOWLEDGED)):
        token.acknowledgeRedemption(rid, {"from": suite.minter})
    token.completeRedemption(rid, {"from": suite.minter})
    for step in (token.acknowledgeRedemption, token.completeRedemption, token.rejectRedemption):
        with brownie.reverts(err("StablecoinRedemptionWrongStatus", rid, COMPLETED)):
            step(rid, {"from": suite.minter})


def test_an_unknown_request_is_refused(suite):
    for step in (suite.token.acknowledgeRedemption, suite.token.completeRedemption, suite.token.rejectRedemption):
        with brownie.reverts(err("StablecoinUnknownRedemption", 9)):
            step(9, {"from": suite.minter})


def test_a_request_beyond_the_balance_or_of_zero_is_refused(suite):
    token = suite.token
    with brownie.reverts(err("ERC20InsufficientBalance", suite.alice.address, ALICE_BALANCE, ALICE_BALANCE + 1)):
        token.requestRedemption(ALICE_BALANCE + 1, REF, {"from": suite.alice})
    with brownie.reverts(err("StablecoinZeroAmount")):
        token.requestRedemption(0, REF, {"from": suite.alice})
    assert token.redemptionCount() == 0


def test_only_a_minter_runs_requests(suite, requested):
    rid, _ = requested
    for account in (suite.alice, suite.master_minter, suite.owner, suite.enforcer):
        with brownie.reverts(err("StablecoinNotMinter", account.address)):
            suite.token.acknowledgeRedemption(rid, {"from": account})


def test_a_frozen_holders_request_is_not_paid_but_returned_into_the_frozen_balance(suite, requested, enforcer):
    token = suite.token
    rid, _ = requested
    token.acknowledgeRedemption(rid, {"from": suite.minter})
    token.blacklist(suite.alice, {"from": suite.blacklister})
    with brownie.reverts(err("StablecoinBlacklisted", suite.alice.address)):
        token.completeRedemption(rid, {"from": suite.minter})
    assert token.balanceOf(token) == 40 * USD
    tx = token.rejectRedemption(rid, {"from": suite.minter})
    assert tx.events["Transfer"] == {"from": token, "to": suite.alice, "value": 40 * USD}
    assert token.balanceOf(suite.alice) == ALICE_BALANCE
    with brownie.reverts(err("StablecoinBlacklisted", suite.alice.address)):
        token.transfer(suite.bob, USD, {"from": suite.alice})
    token.wipe(suite.alice, REF, {"from": enforcer})  # the whole of it, escrow included, is within an order's reach
    assert token.balanceOf(suite.alice) == 0


def test_requests_are_numbered_in_order(suite):
    token = suite.token
    ids = [token.requestRedemption(n * USD, REF, {"from": suite.alice}).events["RedemptionRequested"]["id"] for n in (1, 2, 3)]
    assert ids == [1, 2, 3]
    assert [record(token, i)["amount"] for i in ids] == [USD, 2 * USD, 3 * USD]
    assert record(token, 4)["status"] == NONE
