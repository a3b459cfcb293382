"""EIP-3009 transferWithAuthorization: a signed transfer anyone may submit, inside its validity window,
once per nonce."""

import brownie
from brownie import chain
from eth_account.messages import _hash_eip191_message, encode_typed_data
from eth_keys import keys

from tests.stablecoin.stablecoin_testkit import (
    ALICE_BALANCE,
    EIP712_DOMAIN_TYPE,
    TYPES,
    USD,
    block_time,
    err,
    new_nonce,
)

KIND = "TransferWithAuthorization"


def authorize(s, value=100 * USD, valid_after=0, valid_before=None, nonce=None, to=None):
    nonce = nonce or new_nonce()
    valid_before = block_time() + 3600 if valid_before is None else valid_before
    to = to or s.bob
    sig = s.sign.authorization(KIND, s.alice, to, value, valid_after, valid_before, nonce)
    return [s.alice, to, value, valid_after, valid_before, nonce], sig


def test_relayer_submits_a_signed_transfer(suite):
    token = suite.token
    args, sig = authorize(suite)
    nonce = args[5]
    assert token.authorizationState(suite.alice, nonce) is False
    tx = token.transferWithAuthorization(*args, *sig.vrs, {"from": suite.carol})
    assert [e.name for e in tx.events] == ["AuthorizationUsed", "Transfer"]
    assert tx.events["AuthorizationUsed"] == {"authorizer": suite.alice, "nonce": "0x" + nonce.hex()}
    assert tx.events["Transfer"] == {"from": suite.alice, "to": suite.bob, "value": 100 * USD}
    assert token.balanceOf(suite.alice) == ALICE_BALANCE - 100 * USD
    assert token.balanceOf(suite.bob) == 100 * USD
    assert token.balanceOf(suite.carol) == 0
    assert token.authorizationState(suite.alice, nonce) is True


def test_signed_transfer_with_signature_bytes(suite):
    args, sig = authorize(suite)
    suite.token.transferWithAuthorization(*args, sig.packed, {"from": suite.carol})
    assert suite.token.balanceOf(suite.bob) == 100 * USD


def test_authorizations_with_different_nonces_are_used_in_any_order(suite):
    token = suite.token
    first, sig_first = authorize(suite, value=USD)
    second, sig_second = authorize(suite, value=2 * USD)
    token.transferWithAuthorization(*second, *sig_second.vrs, {"from": suite.carol})
    token.transferWithAuthorization(*first, *sig_first.vrs, {"from": suite.carol})
    assert token.balanceOf(suite.bob) == 3 * USD


def test_replayed_authorization_is_refused(suite):
    token = suite.token
    args, sig = authorize(suite)
    token.transferWithAuthorization(*args, *sig.vrs, {"from": suite.carol})
    with brownie.reverts(err("StablecoinAuthorizationUsed", suite.alice.address, args[5])):
        token.transferWithAuthorization(*args, *sig.vrs, {"from": suite.carol})
    assert token.balanceOf(suite.bob) == 100 * USD


def test_expired_authorization_is_refused(suite):
    valid_before = block_time()
    args, sig = authorize(suite, valid_before=valid_before)
    with brownie.reverts(err("StablecoinAuthorizationExpired", valid_before)):
        suite.token.transferWithAuthorization(*args, *sig.vrs, {"from": suite.carol})
    assert suite.token.authorizationState(suite.alice, args[5]) is False


def test_authorization_expires_with_time(suite):
    valid_before = block_time() + 600
    args, sig = authorize(suite, valid_before=valid_before)
    chain.sleep(700)
    with brownie.reverts(err("StablecoinAuthorizationExpired", valid_before)):
        suite.token.transferWithAuthorization(*args, *sig.vrs, {"from": suite.carol})


def test_not_yet_valid_authorization_is_refused_until_its_time(suite):
    valid_after = block_time() + 600
    args, sig = authorize(suite, valid_after=valid_after, valid_before=valid_after + 3600)
    with brownie.reverts(err("StablecoinAuthorizationNotYetValid", valid_after)):
        suite.token.transferWithAuthorization(*args, *sig.vrs, {"from": suite.carol})
    chain.sleep(700)
    suite.token.transferWithAuthorization(*args, *sig.vrs, {"from": suite.carol})
    assert suite.token.balanceOf(suite.bob) == 100 * USD


def test_cancelled_authorization_is_refused(suite):
    token = suite.token
    args, sig = authorize(suite)
    nonce = args[5]
    token.cancelAuthorization(
        suite.alice, nonce, *suite.sign.cancel(suite.alice, nonce).vrs, {"from": suite.carol}
    )
    with brownie.reverts(err("StablecoinAuthorizationUsed", suite.alice.address, nonce)):
        token.transferWithAuthorization(*args, *sig.vrs, {"from": suite.carol})
    assert token.balanceOf(suite.alice) == ALICE_BALANCE


def test_wrong_signer_is_refused(suite):
    args, _ = authorize(suite)
    forged = suite.sign.authorization(KIND, suite.alice, suite.bob, *args[2:], key=suite.bob)
    with brownie.reverts(err("StablecoinInvalidSignature", suite.alice.address)):
        suite.token.transferWithAuthorization(*args, *forged.vrs, {"from": suite.bob})


def test_signature_for_another_chain_id_is_refused(suite):
    args, _ = authorize(suite)
    other = suite.sign.authorization(KIND, suite.alice, suite.bob, *args[2:], chain_id=chain.id + 1)
    with brownie.reverts(err("StablecoinInvalidSignature", suite.alice.address)):
        suite.token.transferWithAuthorization(*args, *other.vrs, {"from": suite.carol})


def test_high_s_twin_recovers_to_the_signer_yet_is_refused(suite):
    args, sig = authorize(suite)
    twin = sig.high_s()
    message = dict(
        zip(
            ["from", "to", "value", "validAfter", "validBefore", "nonce"],
            [str(args[0]), str(args[1]), *args[2:]],
        )
    )
    typed = {
        "types": {"EIP712Domain": EIP712_DOMAIN_TYPE, KIND: TYPES[KIND]},
        "primaryType": KIND,
        "domain": suite.sign.domain(),
        "message": message,
    }
    digest = _hash_eip191_message(encode_typed_data(full_message=typed))
    vrs = (twin.v - 27, int.from_bytes(twin.r, "big"), int.from_bytes(twin.s, "big"))
    assert (
        keys.Signature(vrs=vrs).recover_public_key_from_msg_hash(digest).to_checksum_address() == suite.alice
    )
    with brownie.reverts(err("StablecoinInvalidSignature", suite.alice.address)):
        suite.token.transferWithAuthorization(*args, *twin.vrs, {"from": suite.carol})
    suite.token.transferWithAuthorization(*args, *sig.vrs, {"from": suite.carol})


def test_transfer_beyond_the_balance_is_refused_and_leaves_the_nonce_unused(suite):
    args, sig = authorize(suite, value=ALICE_BALANCE + 1)
    with brownie.reverts(
        err("ERC20InsufficientBalance", suite.alice.address, ALICE_BALANCE, ALICE_BALANCE + 1)
    ):
        suite.token.transferWithAuthorization(*args, *sig.vrs, {"from": suite.carol})
    assert suite.token.authorizationState(suite.alice, args[5]) is False
