"""Acceptance settles both legs in one transaction: the security seller → buyer, the payment buyer → seller."""

import brownie


def test_buyer_accepts_seller_proposal_and_both_legs_move(
    dvp, propose, parties, security, payment, balances, status
):
    trade_id, terms, terms_hash = propose()
    qty, price = terms[3], terms[5]
    before = balances()

    tx = dvp.accept(trade_id, terms_hash, {"from": parties.buyer})

    after = balances()
    assert after["seller_sec"] == before["seller_sec"] - qty
    assert after["buyer_sec"] == before["buyer_sec"] + qty
    assert after["seller_pay"] == before["seller_pay"] + price
    assert after["buyer_pay"] == before["buyer_pay"] - price
    ev = tx.events["TradeSettled"]
    assert (ev["tradeId"], ev["seller"], ev["buyer"], ev["securityAmount"], ev["paymentAmount"]) == (
        trade_id,
        parties.seller,
        parties.buyer,
        qty,
        price,
    )
    transfers = [(t["from"], t["to"], t["value"]) for t in tx.events["Transfer"]]
    assert transfers == [(parties.seller, parties.buyer, qty), (parties.buyer, parties.seller, price)]
    assert dvp.statusOf(trade_id) == status.SETTLED
    assert security.balanceOf(dvp) == 0 and payment.balanceOf(dvp) == 0


def test_seller_accepts_buyer_proposal(dvp, propose, parties, balances, status):
    trade_id, terms, terms_hash = propose(by=parties.buyer)
    qty, price = terms[3], terms[5]
    before = balances()
    dvp.accept(trade_id, terms_hash, {"from": parties.seller})
    after = balances()
    assert after["buyer_sec"] - before["buyer_sec"] == qty
    assert after["seller_pay"] - before["seller_pay"] == price
    assert dvp.statusOf(trade_id) == status.SETTLED


def test_proposer_cannot_accept_own_trade(dvp, propose, parties, err):
    trade_id, _, terms_hash = propose()
    with brownie.reverts(err("DvPUnauthorized", trade_id, parties.seller)):
        dvp.accept(trade_id, terms_hash, {"from": parties.seller})


def test_outsider_cannot_accept(dvp, propose, parties, err):
    trade_id, _, terms_hash = propose()
    with brownie.reverts(err("DvPUnauthorized", trade_id, parties.outsider)):
        dvp.accept(trade_id, terms_hash, {"from": parties.outsider})


def test_settled_trade_cannot_settle_twice(dvp, propose, parties, balances, status, err):
    trade_id, _, terms_hash = propose()
    dvp.accept(trade_id, terms_hash, {"from": parties.buyer})
    before = balances()
    with brownie.reverts(err("DvPTradeNotPending", trade_id, status.SETTLED)):
        dvp.accept(trade_id, terms_hash, {"from": parties.buyer})
    assert balances() == before


def test_any_erc20_can_pay(DvPSettlement, SmokeToken, security, parties, make_terms):
    qty = 100
    dvp = DvPSettlement.deploy({"from": parties.agent})
    smoke = SmokeToken.deploy(10**9, {"from": parties.buyer})
    security.approve(dvp, qty, {"from": parties.seller})
    smoke.approve(dvp, 777, {"from": parties.buyer})
    terms = make_terms(securityAmount=qty, paymentToken=smoke.address, paymentAmount=777)
    dvp.propose(terms, {"from": parties.seller})
    dvp.accept(1, dvp.hashTerms(terms), {"from": parties.buyer})
    assert smoke.balanceOf(parties.seller) == 777
    assert security.balanceOf(parties.buyer) == qty
