"""The proposer may cancel; the counterparty or an agent of the security token may reject. Neither moves funds."""

import brownie


def test_proposer_cancels_and_acceptance_is_refused(dvp, propose, parties, balances, status, err):
    trade_id, _, terms_hash = propose()
    tx = dvp.cancel(trade_id, {"from": parties.seller})
    ev = tx.events["TradeCancelled"]
    assert (ev["tradeId"], ev["proposer"]) == (trade_id, parties.seller)
    assert dvp.statusOf(trade_id) == status.CANCELLED

    before = balances()
    with brownie.reverts(err("DvPTradeNotPending", trade_id, status.CANCELLED)):
        dvp.accept(trade_id, terms_hash, {"from": parties.buyer})
    assert balances() == before


def test_buyer_as_proposer_cancels(dvp, propose, parties, status):
    trade_id, _, _ = propose(by=parties.buyer)
    dvp.cancel(trade_id, {"from": parties.buyer})
    assert dvp.statusOf(trade_id) == status.CANCELLED


def test_only_the_proposer_cancels(dvp, propose, parties, err):
    trade_id, _, _ = propose()
    for caller in (parties.buyer, parties.outsider, parties.agent):
        with brownie.reverts(err("DvPUnauthorized", trade_id, caller)):
            dvp.cancel(trade_id, {"from": caller})


def test_settled_trade_cannot_be_cancelled(dvp, propose, parties, status, err):
    trade_id, _, terms_hash = propose()
    dvp.accept(trade_id, terms_hash, {"from": parties.buyer})
    with brownie.reverts(err("DvPTradeNotPending", trade_id, status.SETTLED)):
        dvp.cancel(trade_id, {"from": parties.seller})


def test_counterparty_rejects(dvp, propose, parties, balances, status, err):
    trade_id, _, terms_hash = propose()
    tx = dvp.reject(trade_id, {"from": parties.buyer})
    ev = tx.events["TradeRejected"]
    assert (ev["tradeId"], ev["rejectedBy"]) == (trade_id, parties.buyer)
    assert dvp.statusOf(trade_id) == status.REJECTED
    before = balances()
    with brownie.reverts(err("DvPTradeNotPending", trade_id, status.REJECTED)):
        dvp.accept(trade_id, terms_hash, {"from": parties.buyer})
    assert balances() == before


def test_agent_of_the_security_token_rejects(dvp, propose, parties, status):
    trade_id, _, _ = propose()
    tx = dvp.reject(trade_id, {"from": parties.agent})
    assert tx.events["TradeRejected"]["rejectedBy"] == parties.agent
    assert dvp.statusOf(trade_id) == status.REJECTED


def test_proposer_and_outsider_cannot_reject(dvp, propose, parties, err):
    trade_id, _, _ = propose()
    for caller in (parties.seller, parties.outsider):
        with brownie.reverts(err("DvPUnauthorized", trade_id, caller)):
            dvp.reject(trade_id, {"from": caller})


def test_outsider_cannot_reject_a_trade_of_a_token_without_agents(
    DvPSettlement, SmokeToken, payment, parties, make_terms, err
):
    dvp = DvPSettlement.deploy({"from": parties.agent})
    plain = SmokeToken.deploy(1000, {"from": parties.seller})
    dvp.propose(make_terms(securityToken=plain.address), {"from": parties.seller})
    with brownie.reverts(err("DvPUnauthorized", 1, parties.outsider)):
        dvp.reject(1, {"from": parties.outsider})
