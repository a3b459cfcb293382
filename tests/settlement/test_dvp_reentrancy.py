"""A hostile token that calls back into the settlement from inside `transferFrom` gets nowhere."""

import brownie
from brownie import web3

REENTRANT_CALL = web3.keccak(text="ReentrancyGuardReentrantCall()")[:4]


def _hostile_trade(dvp, TestHostileToken, security, parties, make_terms, as_payment):
    hostile = TestHostileToken.deploy(10**9, {"from": parties.agent})
    if as_payment:
        hostile.transfer(parties.buyer, 10**6, {"from": parties.agent})
        hostile.approve(dvp, 2**256 - 1, {"from": parties.buyer})
        terms = make_terms(paymentToken=hostile.address, paymentAmount=1_000)
    else:
        hostile.transfer(parties.seller, 10**6, {"from": parties.agent})
        hostile.approve(dvp, 2**256 - 1, {"from": parties.seller})
        terms = make_terms(securityToken=hostile.address, securityAmount=1_000)
    tx = dvp.propose(terms, {"from": parties.seller})
    return hostile, tx.events["TradeProposed"]["tradeId"], dvp.hashTerms(terms)


def test_reentrant_accept_of_the_same_trade_is_blocked(
    dvp, TestHostileToken, security, parties, make_terms, status
):
    hostile, trade_id, terms_hash = _hostile_trade(dvp, TestHostileToken, security, parties, make_terms, True)
    hostile.arm(dvp, dvp.accept.encode_input(trade_id, terms_hash), False, {"from": parties.agent})

    dvp.accept(trade_id, terms_hash, {"from": parties.buyer})

    assert hostile.lastReentrySucceeded() is False
    assert bytes(hostile.lastReentryError()) == bytes(REENTRANT_CALL)
    assert hostile.balanceOf(parties.seller) == 1_000  # paid once
    assert dvp.statusOf(trade_id) == status.SETTLED


def test_reentrant_cancel_from_the_security_leg_is_blocked(
    dvp, TestHostileToken, security, parties, make_terms, propose, status
):
    hostile, trade_id, terms_hash = _hostile_trade(
        dvp, TestHostileToken, security, parties, make_terms, False
    )
    other_id, _, _ = propose()
    hostile.arm(dvp, dvp.cancel.encode_input(other_id), False, {"from": parties.agent})

    dvp.accept(trade_id, terms_hash, {"from": parties.buyer})

    assert bytes(hostile.lastReentryError()) == bytes(REENTRANT_CALL)
    assert dvp.statusOf(other_id) == status.PENDING


def test_reentrancy_that_bubbles_reverts_everything(
    dvp, TestHostileToken, security, parties, make_terms, balances, status, err
):
    hostile, trade_id, terms_hash = _hostile_trade(dvp, TestHostileToken, security, parties, make_terms, True)
    hostile.arm(dvp, dvp.expire.encode_input(trade_id), True, {"from": parties.agent})
    before, hostile_before = balances(), hostile.balanceOf(parties.buyer)

    # Simulated with eth_call: the same execution as the transaction, without brownie waiting on a
    # reverted transaction (which it occasionally reports as dropped on Anvil late in a long session).
    with brownie.reverts(err("ReentrancyGuardReentrantCall")):
        dvp.accept.call(trade_id, terms_hash, {"from": parties.buyer})

    assert balances() == before
    assert hostile.balanceOf(parties.buyer) == hostile_before
    assert dvp.statusOf(trade_id) == status.PENDING
