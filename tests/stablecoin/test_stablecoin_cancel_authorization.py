"""EIP-3009 cancelAuthorization: the authorizer withdraws an unused authorization by signature."""

import brownie

from tests.stablecoin.stablecoin_testkit import err, new_nonce


def test_cancel_marks_the_nonce_and_emits(suite):
    nonce = new_nonce()
    sig = suite.sign.cancel(suite.alice, nonce)
    tx = suite.token.cancelAuthorization(suite.alice, nonce, *sig.vrs, {"from": suite.carol})
    assert tx.events["AuthorizationCanceled"] == {"authorizer": suite.alice, "nonce": "0x" + nonce.hex()}
    assert suite.token.authorizationState(suite.alice, nonce) is True


def test_cancel_with_signature_bytes(suite):
    nonce = new_nonce()
    suite.token.cancelAuthorization(
        suite.alice, nonce, suite.sign.cancel(suite.alice, nonce).packed, {"from": suite.carol}
    )
    assert suite.token.authorizationState(suite.alice, nonce) is True


def test_cancelling_twice_is_refused(suite):
    nonce = new_nonce()
    sig = suite.sign.cancel(suite.alice, nonce)
    suite.token.cancelAuthorization(suite.alice, nonce, *sig.vrs, {"from": suite.carol})
    with brownie.reverts(err("StablecoinAuthorizationUsed", suite.alice.address, nonce)):
        suite.token.cancelAuthorization(suite.alice, nonce, *sig.vrs, {"from": suite.carol})


def test_cancelling_a_used_authorization_is_refused(suite):
    nonce = new_nonce()
    args = [suite.alice, suite.bob, 1, 0, 2**255, nonce]
    auth = suite.sign.authorization("TransferWithAuthorization", *args)
    suite.token.transferWithAuthorization(*args, *auth.vrs, {"from": suite.carol})
    with brownie.reverts(err("StablecoinAuthorizationUsed", suite.alice.address, nonce)):
        suite.token.cancelAuthorization(
            suite.alice, nonce, *suite.sign.cancel(suite.alice, nonce).vrs, {"from": suite.alice}
        )


def test_cancel_by_another_key_is_refused(suite):
    nonce = new_nonce()
    forged = suite.sign.cancel(suite.alice, nonce, key=suite.bob)
    with brownie.reverts(err("StablecoinInvalidSignature", suite.alice.address)):
        suite.token.cancelAuthorization(suite.alice, nonce, *forged.vrs, {"from": suite.bob})
    assert suite.token.authorizationState(suite.alice, nonce) is False


def test_nonces_are_per_authorizer(suite):
    nonce = new_nonce()
    suite.token.cancelAuthorization(
        suite.alice, nonce, *suite.sign.cancel(suite.alice, nonce).vrs, {"from": suite.alice}
    )
    assert suite.token.authorizationState(suite.bob, nonce) is False
    suite.token.cancelAuthorization(
        suite.bob, nonce, *suite.sign.cancel(suite.bob, nonce).vrs, {"from": suite.bob}
    )
    assert suite.token.authorizationState(suite.bob, nonce) is True
