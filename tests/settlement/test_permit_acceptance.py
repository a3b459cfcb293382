"""A buyer accepts in one transaction with an EIP-2612 permit for the payment instead of a prior approval."""

import brownie


def test_buyer_accepts_with_a_permit_in_one_transaction(
    dvp, propose, parties, payment, balances, chain, sign_permit, status
):
    payment.approve(dvp, 0, {"from": parties.buyer})
    trade_id, terms, terms_hash = propose()
    price = terms[5]
    deadline = chain.time() + 600
    v, r, s = sign_permit(payment, parties.buyer, dvp, price, deadline)
    before = balances()

    tx = dvp.acceptWithPermit(trade_id, terms_hash, deadline, v, r, s, {"from": parties.buyer})

    after = balances()
    assert after["seller_pay"] - before["seller_pay"] == price
    assert after["buyer_sec"] - before["buyer_sec"] == terms[3]
    ev = tx.events["Approval"]
    assert (ev["owner"], ev["spender"], ev["value"]) == (parties.buyer, dvp, price)
    assert payment.allowance(parties.buyer, dvp) == 0
    assert dvp.statusOf(trade_id) == status.SETTLED


def test_permit_submitted_first_by_someone_else_does_not_block_acceptance(
    dvp, propose, parties, payment, chain, sign_permit, status
):
    payment.approve(dvp, 0, {"from": parties.buyer})
    trade_id, terms, terms_hash = propose()
    deadline = chain.time() + 600
    v, r, s = sign_permit(payment, parties.buyer, dvp, terms[5], deadline)
    payment.permit(parties.buyer, dvp, terms[5], deadline, v, r, s, {"from": parties.outsider})

    dvp.acceptWithPermit(trade_id, terms_hash, deadline, v, r, s, {"from": parties.buyer})
    assert dvp.statusOf(trade_id) == status.SETTLED


def test_bad_permit_without_allowance_reverts_and_nothing_moves(
    dvp, propose, parties, payment, chain, balances, sign_permit, status, err
):
    payment.approve(dvp, 0, {"from": parties.buyer})
    trade_id, terms, terms_hash = propose()
    deadline = chain.time() + 600
    v, r, s = sign_permit(payment, parties.outsider, dvp, terms[5], deadline)  # wrong signer
    before = balances()
    with brownie.reverts(err("DvPPermitFailed", trade_id, 0)):
        dvp.acceptWithPermit(trade_id, terms_hash, deadline, v, r, s, {"from": parties.buyer})
    assert balances() == before
    assert dvp.statusOf(trade_id) == status.PENDING


def test_permit_past_its_deadline_is_refused(dvp, propose, parties, payment, chain, sign_permit, err, warp):
    payment.approve(dvp, 0, {"from": parties.buyer})
    trade_id, terms, terms_hash = propose()
    deadline = chain.time() + 60
    v, r, s = sign_permit(payment, parties.buyer, dvp, terms[5], deadline)
    warp(deadline + 60)
    with brownie.reverts(err("DvPPermitFailed", trade_id, 0)):
        dvp.acceptWithPermit(trade_id, terms_hash, deadline, v, r, s, {"from": parties.buyer})


def test_permit_acceptance_is_for_the_buyer_of_a_seller_proposal(
    dvp, propose, parties, payment, chain, sign_permit, err
):
    trade_id, terms, terms_hash = propose(by=parties.buyer)
    deadline = chain.time() + 600
    v, r, s = sign_permit(payment, parties.buyer, dvp, terms[5], deadline)
    with brownie.reverts(err("DvPUnauthorized", trade_id, parties.seller)):
        dvp.acceptWithPermit(trade_id, terms_hash, deadline, v, r, s, {"from": parties.seller})
    seller_trade, _, seller_hash = propose()
    with brownie.reverts(err("DvPUnauthorized", seller_trade, parties.outsider)):
        dvp.acceptWithPermit(seller_trade, seller_hash, deadline, v, r, s, {"from": parties.outsider})
