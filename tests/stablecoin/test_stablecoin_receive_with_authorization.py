"""EIP-3009 receiveWithAuthorization: a signed transfer that only its payee may submit (how a settlement
contract pulls a buyer's payment without a front-runner using the signature first)."""

import brownie
from brownie import chain

from tests.stablecoin.stablecoin_testkit import ALICE_BALANCE, USD, block_time, err, new_nonce

KIND = "ReceiveWithAuthorization"


def authorize(s, value=100 * USD, valid_after=0, valid_before=None):
    nonce = new_nonce()
    valid_before = block_time() + 3600 if valid_before is None else valid_before
    sig = s.sign.authorization(KIND, s.alice, s.bob, value, valid_after, valid_before, nonce)
    return [s.alice, s.bob, value, valid_after, valid_before, nonce], sig


def test_payee_pulls_the_payment(suite):
    token = suite.token
    args, sig = authorize(suite)
    tx = token.receiveWithAuthorization(*args, *sig.vrs, {"from": suite.bob})
    assert [e.name for e in tx.events] == ["AuthorizationUsed", "Transfer"]
    assert tx.events["AuthorizationUsed"] == {"authorizer": suite.alice, "nonce": "0x" + args[5].hex()}
    assert tx.events["Transfer"] == {"from": suite.alice, "to": suite.bob, "value": 100 * USD}
    assert token.balanceOf(suite.bob) == 100 * USD
    assert token.authorizationState(suite.alice, args[5]) is True


def test_payee_pulls_with_signature_bytes(suite):
    args, sig = authorize(suite)
    suite.token.receiveWithAuthorization(*args, sig.packed, {"from": suite.bob})
    assert suite.token.balanceOf(suite.bob) == 100 * USD


def test_anyone_but_the_payee_is_refused(suite):
    args, sig = authorize(suite)
    for caller in (suite.carol, suite.alice):
        with brownie.reverts(err("StablecoinCallerNotPayee", caller.address, suite.bob.address)):
            suite.token.receiveWithAuthorization(*args, *sig.vrs, {"from": caller})
        with brownie.reverts(err("StablecoinCallerNotPayee", caller.address, suite.bob.address)):
            suite.token.receiveWithAuthorization(*args, sig.packed, {"from": caller})
    assert suite.token.authorizationState(suite.alice, args[5]) is False


def test_replayed_receive_is_refused(suite):
    args, sig = authorize(suite)
    suite.token.receiveWithAuthorization(*args, *sig.vrs, {"from": suite.bob})
    with brownie.reverts(err("StablecoinAuthorizationUsed", suite.alice.address, args[5])):
        suite.token.receiveWithAuthorization(*args, *sig.vrs, {"from": suite.bob})


def test_expired_receive_is_refused(suite):
    valid_before = block_time()
    args, sig = authorize(suite, valid_before=valid_before)
    with brownie.reverts(err("StablecoinAuthorizationExpired", valid_before)):
        suite.token.receiveWithAuthorization(*args, *sig.vrs, {"from": suite.bob})


def test_not_yet_valid_receive_is_refused_until_its_time(suite):
    valid_after = block_time() + 600
    args, sig = authorize(suite, valid_after=valid_after, valid_before=valid_after + 3600)
    with brownie.reverts(err("StablecoinAuthorizationNotYetValid", valid_after)):
        suite.token.receiveWithAuthorization(*args, *sig.vrs, {"from": suite.bob})
    chain.sleep(700)
    suite.token.receiveWithAuthorization(*args, *sig.vrs, {"from": suite.bob})
    assert suite.token.balanceOf(suite.alice) == ALICE_BALANCE - 100 * USD


def test_cancelled_receive_is_refused(suite):
    args, sig = authorize(suite)
    nonce = args[5]
    suite.token.cancelAuthorization(
        suite.alice, nonce, *suite.sign.cancel(suite.alice, nonce).vrs, {"from": suite.alice}
    )
    with brownie.reverts(err("StablecoinAuthorizationUsed", suite.alice.address, nonce)):
        suite.token.receiveWithAuthorization(*args, *sig.vrs, {"from": suite.bob})


def test_wrong_signer_is_refused(suite):
    args, _ = authorize(suite)
    forged = suite.sign.authorization(KIND, suite.alice, suite.bob, *args[2:], key=suite.carol)
    with brownie.reverts(err("StablecoinInvalidSignature", suite.alice.address)):
        suite.token.receiveWithAuthorization(*args, *forged.vrs, {"from": suite.bob})
