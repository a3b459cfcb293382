"""A trade past its expiry cannot settle; anyone may then mark it expired."""

import brownie


def test_trade_settles_shortly_before_its_expiry(dvp, propose, parties, chain, status, warp):
    trade_id, terms, terms_hash = propose()
    warp(terms[6] - 300)
    dvp.accept(trade_id, terms_hash, {"from": parties.buyer})
    assert dvp.statusOf(trade_id) == status.SETTLED


def test_expired_trade_cannot_settle_and_nothing_moves(
    dvp, propose, parties, chain, balances, status, err, warp
):
    trade_id, terms, terms_hash = propose()
    warp(terms[6] + 60)
    before = balances()

    with brownie.reverts(err("DvPTradeExpired", trade_id)):
        dvp.accept(trade_id, terms_hash, {"from": parties.buyer})

    assert balances() == before
    assert dvp.statusOf(trade_id) == status.EXPIRED
    assert dvp.trade(trade_id)[2] == status.PENDING  # stored status until someone calls expire


def test_anyone_marks_an_expired_trade(dvp, propose, parties, chain, status, err, warp):
    trade_id, terms, terms_hash = propose()
    warp(terms[6] + 60)
    tx = dvp.expire(trade_id, {"from": parties.outsider})
    assert tx.events["TradeExpired"]["tradeId"] == trade_id
    assert dvp.trade(trade_id)[2] == status.EXPIRED
    with brownie.reverts(err("DvPTradeNotPending", trade_id, status.EXPIRED)):
        dvp.accept(trade_id, terms_hash, {"from": parties.buyer})


def test_trade_cannot_be_expired_early(dvp, propose, parties, err):
    trade_id, terms, _ = propose()
    with brownie.reverts(err("DvPTradeNotExpired", trade_id, terms[6])):
        dvp.expire(trade_id, {"from": parties.outsider})


def test_settled_trade_cannot_be_expired(dvp, propose, parties, chain, status, err, warp):
    trade_id, terms, terms_hash = propose()
    dvp.accept(trade_id, terms_hash, {"from": parties.buyer})
    warp(terms[6] + 60)
    assert dvp.statusOf(trade_id) == status.SETTLED
    with brownie.reverts(err("DvPTradeNotPending", trade_id, status.SETTLED)):
        dvp.expire(trade_id, {"from": parties.outsider})


def test_expired_trade_cannot_be_amended(dvp, propose, make_terms, parties, chain, err, warp):
    trade_id, terms, _ = propose()
    warp(terms[6] + 60)
    with brownie.reverts(err("DvPTradeExpired", trade_id)):
        dvp.amend(trade_id, make_terms(expiry=terms[6] + 7200), {"from": parties.seller})
