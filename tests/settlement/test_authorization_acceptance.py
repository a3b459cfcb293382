"""A buyer accepts with an EIP-3009 ReceiveWithAuthorization whose nonce commits to the trade and its terms:
the signature is the acceptance, and anyone may submit it."""

import brownie
from eth_account import Account
from eth_account.messages import encode_typed_data


def _authorize(dvp, payment, parties, chain, sign_receive, trade_id, terms_hash, price):
    valid_after, valid_before = chain[-1].timestamp - 1, chain.time() + 600
    nonce = dvp.authorizationNonce(trade_id, terms_hash)
    v, r, s = sign_receive(payment, parties.buyer, dvp, price, valid_after, valid_before, nonce)
    return valid_after, valid_before, v, r, s


def test_relayed_authorization_settles_the_trade(
    dvp, propose, parties, payment, security, chain, balances, sign_receive, status
):
    payment.approve(dvp, 0, {"from": parties.buyer})
    trade_id, terms, terms_hash = propose()
    qty, price = terms[3], terms[5]
    auth = _authorize(dvp, payment, parties, chain, sign_receive, trade_id, terms_hash, price)
    before = balances()

    tx = dvp.acceptWithAuthorization(trade_id, terms_hash, *auth, {"from": parties.outsider})

    after = balances()
    assert after["buyer_sec"] - before["buyer_sec"] == qty
    assert before["buyer_pay"] - after["buyer_pay"] == price
    assert after["seller_pay"] - before["seller_pay"] == price
    transfers = [(t["from"], t["to"], t["value"]) for t in tx.events["Transfer"]]
    assert transfers == [
        (parties.seller, parties.buyer, qty),
        (parties.buyer, dvp.address, price),
        (dvp.address, parties.seller, price),
    ]
    assert tx.events["AuthorizationUsed"]["nonce"] == dvp.authorizationNonce(trade_id, terms_hash)
    assert payment.balanceOf(dvp) == 0
    assert dvp.statusOf(trade_id) == status.SETTLED


def test_authorization_for_other_terms_cannot_fill_an_amended_trade(
    dvp, propose, make_terms, parties, payment, chain, balances, sign_receive, err
):
    trade_id, terms, terms_hash = propose()
    auth = _authorize(dvp, payment, parties, chain, sign_receive, trade_id, terms_hash, terms[5])
    new_terms = make_terms(securityAmount=1)  # same price, far less delivered
    dvp.amend(trade_id, new_terms, {"from": parties.seller})
    new_hash = dvp.hashTerms(new_terms)
    before = balances()

    with brownie.reverts(err("DvPTermsMismatch", trade_id, terms_hash, new_hash)):
        dvp.acceptWithAuthorization(trade_id, terms_hash, *auth, {"from": parties.seller})

    valid_after, valid_before, v, r, s = auth
    typed = _receive_typed(
        payment,
        chain,
        parties.buyer.address,
        dvp.address,
        terms[5],
        valid_after,
        valid_before,
        bytes(dvp.authorizationNonce(trade_id, new_hash)),
    )
    signer = Account.recover_message(encode_typed_data(full_message=typed), vrs=(v, r, s))
    with brownie.reverts(err("TestTokenInvalidSignature", signer, parties.buyer)):
        dvp.acceptWithAuthorization(trade_id, new_hash, *auth, {"from": parties.seller})
    assert balances() == before


def test_blacklisted_seller_reverts_and_the_authorization_stays_unused(
    dvp, propose, parties, payment, chain, balances, sign_receive, err
):
    trade_id, terms, terms_hash = propose()
    auth = _authorize(dvp, payment, parties, chain, sign_receive, trade_id, terms_hash, terms[5])
    payment.setBlacklisted(parties.seller, True)
    before = balances()
    with brownie.reverts(err("TestTokenBlacklisted", parties.seller)):
        dvp.acceptWithAuthorization(trade_id, terms_hash, *auth, {"from": parties.buyer})
    assert balances() == before
    assert payment.balanceOf(dvp) == 0
    assert not payment.authorizationState(parties.buyer, dvp.authorizationNonce(trade_id, terms_hash))


def test_authorization_cannot_accept_a_buyer_proposal(
    dvp, propose, parties, payment, chain, sign_receive, err
):
    trade_id, terms, terms_hash = propose(by=parties.buyer)
    auth = _authorize(dvp, payment, parties, chain, sign_receive, trade_id, terms_hash, terms[5])
    with brownie.reverts(err("DvPUnauthorized", trade_id, parties.seller)):
        dvp.acceptWithAuthorization(trade_id, terms_hash, *auth, {"from": parties.seller})


def test_authorization_is_not_replayable(dvp, propose, parties, payment, chain, sign_receive, status, err):
    trade_id, terms, terms_hash = propose()
    auth = _authorize(dvp, payment, parties, chain, sign_receive, trade_id, terms_hash, terms[5])
    dvp.acceptWithAuthorization(trade_id, terms_hash, *auth, {"from": parties.buyer})
    with brownie.reverts(err("DvPTradeNotPending", trade_id, status.SETTLED)):
        dvp.acceptWithAuthorization(trade_id, terms_hash, *auth, {"from": parties.buyer})


def _receive_typed(payment, chain, payer, to, value, valid_after, valid_before, nonce):
    return {
        "types": {
            "EIP712Domain": [
                {"name": "name", "type": "string"},
                {"name": "version", "type": "string"},
                {"name": "chainId", "type": "uint256"},
                {"name": "verifyingContract", "type": "address"},
            ],
            "ReceiveWithAuthorization": [
                {"name": "from", "type": "address"},
                {"name": "to", "type": "address"},
                {"name": "value", "type": "uint256"},
                {"name": "validAfter", "type": "uint256"},
                {"name": "validBefore", "type": "uint256"},
                {"name": "nonce", "type": "bytes32"},
            ],
        },
        "primaryType": "ReceiveWithAuthorization",
        "domain": {
            "name": payment.name(),
            "version": "1",
            "chainId": chain.id,
            "verifyingContract": payment.address,
        },
        "message": {
            "from": payer,
            "to": to,
            "value": value,
            "validAfter": valid_after,
            "validBefore": valid_before,
            "nonce": nonce,
        },
    }
