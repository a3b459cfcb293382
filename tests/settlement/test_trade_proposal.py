"""Proposing a trade: either party may, the terms are checked and recorded, and an event carries them."""

import brownie


def test_seller_proposes_and_the_trade_is_pending(dvp, make_terms, parties, status):
    terms = make_terms()
    tx = dvp.propose(terms, {"from": parties.seller})

    ev = tx.events["TradeProposed"]
    assert ev["tradeId"] == 1
    assert ev["proposer"] == parties.seller
    assert ev["termsHash"] == dvp.hashTerms(terms)
    assert tuple(ev["terms"]) == terms
    stored, proposer, stored_status, approved = dvp.trade(1)
    assert tuple(stored) == terms
    assert (proposer, stored_status, approved) == (parties.seller.address, status.PENDING, False)
    assert dvp.statusOf(1) == status.PENDING
    assert dvp.tradeCount() == 1


def test_buyer_proposes_and_is_recorded_as_proposer(dvp, make_terms, parties):
    terms = make_terms()
    tx = dvp.propose(terms, {"from": parties.buyer})
    assert tx.events["TradeProposed"]["proposer"] == parties.buyer
    assert dvp.trade(1)[1] == parties.buyer


def test_trade_ids_increase(dvp, propose):
    assert [propose()[0] for _ in range(3)] == [1, 2, 3]
    assert dvp.tradeCount() == 3


def test_outsider_cannot_propose(dvp, make_terms, parties, err):
    with brownie.reverts(err("DvPNotParty", parties.outsider)):
        dvp.propose(make_terms(), {"from": parties.outsider})


def test_malformed_terms_are_refused(dvp, make_terms, parties, security, err):
    zero = "0x" + "00" * 20
    bad = [
        make_terms(buyer=zero),
        make_terms(buyer=parties.seller.address),
        make_terms(securityToken=zero),
        make_terms(paymentToken=security.address),
        make_terms(securityAmount=0),
        make_terms(paymentAmount=0),
    ]
    for terms in bad:
        with brownie.reverts(err("DvPInvalidTerms")):
            dvp.propose(terms, {"from": parties.seller})


def test_expiry_must_be_in_the_future(dvp, make_terms, parties, chain, err):
    past = chain[-1].timestamp  # the next block is at least this late
    with brownie.reverts(err("DvPInvalidExpiry", past)):
        dvp.propose(make_terms(expiry=past), {"from": parties.seller})


def test_unknown_trade_is_reported(dvp, parties, status, err):
    assert dvp.statusOf(7) == status.NONE
    with brownie.reverts(err("DvPTradeNotFound", 7)):
        dvp.trade(7)
    with brownie.reverts(err("DvPTradeNotFound", 7)):
        dvp.accept(7, b"\x00" * 32, {"from": parties.buyer})
