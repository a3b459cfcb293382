"""Acceptance and approval commit to the terms hash: a proposer who amends in front of them cannot fill new terms."""

import brownie


def test_proposer_amends_terms(dvp, propose, make_terms, parties):
    trade_id, _, _ = propose()
    new_terms = make_terms(paymentAmount=3_000 * 10**6)
    tx = dvp.amend(trade_id, new_terms, {"from": parties.seller})
    ev = tx.events["TradeAmended"]
    assert (ev["tradeId"], ev["termsHash"], tuple(ev["terms"])) == (
        trade_id,
        dvp.hashTerms(new_terms),
        new_terms,
    )
    assert tuple(dvp.trade(trade_id)[0]) == new_terms


def test_price_raised_in_front_of_acceptance_makes_it_revert(
    dvp, propose, make_terms, parties, balances, status, err
):
    trade_id, _, agreed_hash = propose()
    worse = make_terms(paymentAmount=9_999 * 10**6)
    dvp.amend(trade_id, worse, {"from": parties.seller})  # lands first
    before = balances()

    with brownie.reverts(err("DvPTermsMismatch", trade_id, agreed_hash, dvp.hashTerms(worse))):
        dvp.accept(trade_id, agreed_hash, {"from": parties.buyer})

    assert balances() == before
    assert dvp.statusOf(trade_id) == status.PENDING


def test_acceptance_of_the_amended_terms_settles_them(dvp, propose, make_terms, parties, balances):
    trade_id, _, _ = propose()
    new_terms = make_terms(securityAmount=40, paymentAmount=1_000)
    dvp.amend(trade_id, new_terms, {"from": parties.seller})
    before = balances()
    dvp.accept(trade_id, dvp.hashTerms(new_terms), {"from": parties.buyer})
    after = balances()
    assert after["buyer_sec"] - before["buyer_sec"] == 40
    assert after["seller_pay"] - before["seller_pay"] == 1_000


def test_amendment_clears_the_approval(dvp, security, propose, make_terms, parties, err):
    dvp.setApprovalRequired(security, True, {"from": parties.agent})
    trade_id, _, terms_hash = propose()
    dvp.approve(trade_id, terms_hash, {"from": parties.agent})
    new_terms = make_terms(securityAmount=5_000)
    dvp.amend(trade_id, new_terms, {"from": parties.seller})
    assert dvp.trade(trade_id)[3] is False
    with brownie.reverts(err("DvPApprovalRequired", trade_id)):
        dvp.accept(trade_id, dvp.hashTerms(new_terms), {"from": parties.buyer})


def test_approval_commits_to_the_terms_hash(dvp, security, propose, make_terms, parties, err):
    trade_id, _, terms_hash = propose()
    new_terms = make_terms(securityAmount=5_000)
    dvp.amend(trade_id, new_terms, {"from": parties.seller})
    with brownie.reverts(err("DvPTermsMismatch", trade_id, terms_hash, dvp.hashTerms(new_terms))):
        dvp.approve(trade_id, terms_hash, {"from": parties.agent})


def test_only_the_proposer_amends_and_keeps_its_role(dvp, propose, make_terms, parties, err):
    trade_id, _, _ = propose()
    with brownie.reverts(err("DvPUnauthorized", trade_id, parties.buyer)):
        dvp.amend(trade_id, make_terms(paymentAmount=1), {"from": parties.buyer})
    swapped = make_terms(seller=parties.outsider.address)
    with brownie.reverts(err("DvPNotParty", parties.seller)):
        dvp.amend(trade_id, swapped, {"from": parties.seller})


def test_settled_trade_cannot_be_amended(dvp, propose, make_terms, parties, status, err):
    trade_id, _, terms_hash = propose()
    dvp.accept(trade_id, terms_hash, {"from": parties.buyer})
    with brownie.reverts(err("DvPTradeNotPending", trade_id, status.SETTLED)):
        dvp.amend(trade_id, make_terms(), {"from": parties.seller})
