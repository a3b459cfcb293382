"""EIP-2612 permit: an allowance set by the owner's signature, submitted by anyone."""

import brownie

from tests.stablecoin.stablecoin_testkit import MAX_UINT256, USD, block_time, err


def test_permit_sets_the_allowance_and_spends_a_nonce(suite):
    token, alice, bob = suite.token, suite.alice, suite.bob
    deadline = block_time() + 3600
    sig = suite.sign.permit(alice, bob, 300 * USD, deadline)
    tx = token.permit(alice, bob, 300 * USD, deadline, *sig.vrs, {"from": suite.carol})
    assert tx.events["Approval"] == {"owner": alice, "spender": bob, "value": 300 * USD}
    assert token.allowance(alice, bob) == 300 * USD
    assert token.nonces(alice) == 1


def test_permitted_spender_can_transfer_from_the_owner(suite):
    token, alice, bob = suite.token, suite.alice, suite.bob
    deadline = block_time() + 3600
    token.permit(
        alice,
        bob,
        300 * USD,
        deadline,
        *suite.sign.permit(alice, bob, 300 * USD, deadline).vrs,
        {"from": bob},
    )
    token.transferFrom(alice, suite.carol, 120 * USD, {"from": bob})
    assert token.balanceOf(suite.carol) == 120 * USD
    assert token.allowance(alice, bob) == 180 * USD


def test_permit_with_signature_bytes(suite):
    token, alice, bob = suite.token, suite.alice, suite.bob
    deadline = block_time() + 3600
    sig = suite.sign.permit(alice, bob, 5 * USD, deadline)
    token.permit(alice, bob, 5 * USD, deadline, sig.packed, {"from": suite.carol})
    assert token.allowance(alice, bob) == 5 * USD


def test_permit_without_deadline_uses_max_uint(suite):
    token, alice, bob = suite.token, suite.alice, suite.bob
    sig = suite.sign.permit(alice, bob, 5 * USD, MAX_UINT256)
    token.permit(alice, bob, 5 * USD, MAX_UINT256, *sig.vrs, {"from": bob})
    assert token.allowance(alice, bob) == 5 * USD


def test_expired_permit_is_refused(suite):
    token, alice, bob = suite.token, suite.alice, suite.bob
    deadline = block_time() - 1
    sig = suite.sign.permit(alice, bob, 5 * USD, deadline)
    with brownie.reverts(err("StablecoinPermitExpired", deadline)):
        token.permit(alice, bob, 5 * USD, deadline, *sig.vrs, {"from": bob})
    assert token.nonces(alice) == 0


def test_replayed_permit_is_refused(suite):
    token, alice, bob = suite.token, suite.alice, suite.bob
    deadline = block_time() + 3600
    sig = suite.sign.permit(alice, bob, 5 * USD, deadline)
    token.permit(alice, bob, 5 * USD, deadline, *sig.vrs, {"from": bob})
    token.approve(bob, 0, {"from": alice})
    with brownie.reverts(err("StablecoinInvalidSignature", alice.address)):
        token.permit(alice, bob, 5 * USD, deadline, *sig.vrs, {"from": bob})
    assert token.allowance(alice, bob) == 0
    assert token.nonces(alice) == 1


def test_permit_signed_for_a_future_nonce_is_refused(suite):
    token, alice, bob = suite.token, suite.alice, suite.bob
    deadline = block_time() + 3600
    sig = suite.sign.permit(alice, bob, 5 * USD, deadline, nonce=1)
    with brownie.reverts(err("StablecoinInvalidSignature", alice.address)):
        token.permit(alice, bob, 5 * USD, deadline, *sig.vrs, {"from": bob})


def test_permit_for_another_spender_or_value_is_refused(suite):
    token, alice, bob = suite.token, suite.alice, suite.bob
    deadline = block_time() + 3600
    sig = suite.sign.permit(alice, bob, 5 * USD, deadline)
    with brownie.reverts(err("StablecoinInvalidSignature", alice.address)):
        token.permit(alice, suite.carol, 5 * USD, deadline, *sig.vrs, {"from": bob})
    with brownie.reverts(err("StablecoinInvalidSignature", alice.address)):
        token.permit(alice, bob, 6 * USD, deadline, *sig.vrs, {"from": bob})
    with brownie.reverts(err("StablecoinInvalidSignature", alice.address)):
        token.permit(alice, bob, 5 * USD, deadline + 1, *sig.vrs, {"from": bob})
