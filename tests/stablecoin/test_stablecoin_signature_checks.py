"""Every signed entry point (permit, transfer / receive / cancel authorization), in both the v,r,s and the
bytes form, refuses a signature by the wrong key, for another chain id or domain, with a malleable high-s
value, or over other data; and a refused call changes nothing."""

import brownie
import pytest

from tests.stablecoin.stablecoin_testkit import ALICE_BALANCE, USD, block_time, err, new_nonce

ENTRIES = ["permit", "transferWithAuthorization", "receiveWithAuthorization", "cancelAuthorization"]
DEFECTS = ["wrong_key", "other_chain", "other_name", "high_s", "other_data"]


def signed_call(s, entry, defect):
    """Build (function, arguments before the signature, signature) for `entry` with `defect`.
    The claimed signer is always alice; the caller is bob (the payee where one is needed)."""
    alice, bob = s.alice, s.bob
    options = {
        "wrong_key": {"key": s.carol},
        "other_chain": {"chain_id": 1},
        "other_name": {"name": "USDC"},
    }.get(defect, {})
    if entry == "permit":
        deadline = block_time() + 3600
        sig = s.sign.permit(alice, bob, 5 * USD, deadline, **options)
        args = [alice, bob, 6 * USD if defect == "other_data" else 5 * USD, deadline]
    elif entry == "cancelAuthorization":
        nonce = new_nonce()
        sig = s.sign.cancel(alice, nonce, **options)
        args = [alice, new_nonce() if defect == "other_data" else nonce]
    else:
        kind = (
            "TransferWithAuthorization"
            if entry == "transferWithAuthorization"
            else "ReceiveWithAuthorization"
        )
        nonce, valid_before = new_nonce(), block_time() + 3600
        sig = s.sign.authorization(kind, alice, bob, 5 * USD, 0, valid_before, nonce, **options)
        value = 6 * USD if defect == "other_data" else 5 * USD
        args = [alice, bob, value, 0, valid_before, nonce]
    if defect == "high_s":
        sig = sig.high_s()
    return getattr(s.token, entry), args, sig


def state(s):
    t = s.token
    return (t.balanceOf(s.alice), t.balanceOf(s.bob), t.allowance(s.alice, s.bob), t.nonces(s.alice))


@pytest.mark.parametrize("form", ["vrs", "bytes"])
@pytest.mark.parametrize("entry", ENTRIES)
def test_bad_signatures_are_refused(suite, entry, form):
    before = state(suite)
    for defect in DEFECTS:
        function, args, sig = signed_call(suite, entry, defect)
        with brownie.reverts(err("StablecoinInvalidSignature", suite.alice.address)):
            if form == "vrs":
                function(*args, *sig.vrs, {"from": suite.bob})
            else:
                function(*args, sig.packed, {"from": suite.bob})
        assert state(suite) == before, defect


@pytest.mark.parametrize("form", ["vrs", "bytes"])
@pytest.mark.parametrize("entry", ENTRIES)
def test_good_signature_is_accepted(suite, entry, form):
    """The control for the test above: the same call without the defect goes through."""
    function, args, sig = signed_call(suite, entry, "none")
    if form == "vrs":
        function(*args, *sig.vrs, {"from": suite.bob})
    else:
        function(*args, sig.packed, {"from": suite.bob})
    if entry == "permit":
        assert suite.token.allowance(suite.alice, suite.bob) == 5 * USD
    elif entry == "cancelAuthorization":
        assert suite.token.authorizationState(suite.alice, args[1]) is True
    else:
        assert suite.token.balanceOf(suite.alice) == ALICE_BALANCE - 5 * USD


def test_malformed_signature_bytes_are_refused(suite):
    function, args, sig = signed_call(suite, "transferWithAuthorization", "none")
    with brownie.reverts(err("StablecoinInvalidSignature", suite.alice.address)):
        function(*args, sig.packed[:64], {"from": suite.bob})


def test_receive_signature_cannot_be_used_as_a_transfer_authorization(suite):
    nonce, valid_before = new_nonce(), block_time() + 3600
    sig = suite.sign.authorization(
        "ReceiveWithAuthorization", suite.alice, suite.bob, USD, 0, valid_before, nonce
    )
    with brownie.reverts(err("StablecoinInvalidSignature", suite.alice.address)):
        suite.token.transferWithAuthorization(
            suite.alice, suite.bob, USD, 0, valid_before, nonce, *sig.vrs, {"from": suite.carol}
        )


def test_transfer_signature_cannot_be_used_as_a_receive_authorization(suite):
    nonce, valid_before = new_nonce(), block_time() + 3600
    sig = suite.sign.authorization(
        "TransferWithAuthorization", suite.alice, suite.bob, USD, 0, valid_before, nonce
    )
    with brownie.reverts(err("StablecoinInvalidSignature", suite.alice.address)):
        suite.token.receiveWithAuthorization(
            suite.alice, suite.bob, USD, 0, valid_before, nonce, *sig.vrs, {"from": suite.bob}
        )
