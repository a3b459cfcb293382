"""A leg that cannot move reverts the whole settlement with that leg's own error, and nothing moves."""

import brownie


def test_security_leg_refused_by_compliance_reverts_with_its_code(
    dvp, propose, parties, security, balances, status, err
):
    trade_id, _, terms_hash = propose()
    security.restrict(parties.buyer, 6, {"from": parties.agent})  # recipient not verified
    before = balances()

    with brownie.reverts(err("TransferRestricted", 6)):
        dvp.accept(trade_id, terms_hash, {"from": parties.buyer})

    assert balances() == before
    assert dvp.statusOf(trade_id) == status.PENDING


def test_locked_seller_reverts_with_lockup_code(dvp, propose, parties, security, balances, err):
    trade_id, _, terms_hash = propose()
    security.restrict(parties.seller, 21, {"from": parties.agent})
    before = balances()
    with brownie.reverts(err("TransferRestricted", 21)):
        dvp.accept(trade_id, terms_hash, {"from": parties.buyer})
    assert balances() == before


def test_blacklisted_buyer_payment_reverts_and_security_stays(
    dvp, propose, parties, payment, balances, status, err
):
    trade_id, _, terms_hash = propose()
    payment.setBlacklisted(parties.buyer, True)
    before = balances()
    with brownie.reverts(err("TestTokenBlacklisted", parties.buyer)):
        dvp.accept(trade_id, terms_hash, {"from": parties.buyer})
    assert balances() == before
    assert dvp.statusOf(trade_id) == status.PENDING


def test_blacklisted_seller_cannot_be_paid(dvp, propose, parties, payment, balances, err):
    trade_id, _, terms_hash = propose()
    payment.setBlacklisted(parties.seller, True)
    before = balances()
    with brownie.reverts(err("TestTokenBlacklisted", parties.seller)):
        dvp.accept(trade_id, terms_hash, {"from": parties.buyer})
    assert balances() == before


def test_insufficient_payment_balance_reverts(dvp, propose, parties, payment, balances, err):
    trade_id, terms, terms_hash = propose()
    price = terms[5]
    held = payment.balanceOf(parties.buyer)
    payment.transfer(parties.outsider, held - price + 1, {"from": parties.buyer})
    before = balances()
    with brownie.reverts(err("ERC20InsufficientBalance", parties.buyer, price - 1, price)):
        dvp.accept(trade_id, terms_hash, {"from": parties.buyer})
    assert balances() == before


def test_insufficient_payment_allowance_reverts(dvp, propose, parties, payment, balances, err):
    trade_id, terms, terms_hash = propose()
    price = terms[5]
    payment.approve(dvp, price - 1, {"from": parties.buyer})
    before = balances()
    with brownie.reverts(err("ERC20InsufficientAllowance", dvp, price - 1, price)):
        dvp.accept(trade_id, terms_hash, {"from": parties.buyer})
    assert balances() == before


def test_insufficient_security_balance_reverts(dvp, propose, parties, security, balances, err):
    trade_id, _, terms_hash = propose(securityAmount=security.balanceOf(parties.seller) + 1)
    before = balances()
    held = before["seller_sec"]
    with brownie.reverts(err("ERC20InsufficientBalance", parties.seller, held, held + 1)):
        dvp.accept(trade_id, terms_hash, {"from": parties.buyer})
    assert balances() == before
