"""EIP-712 claims signed by an issuer and submitted by anyone (investor self-onboarding). Each carries the
storage's `claimNonce` of its issuer and identity: signatures count once each, in order, and a revocation,
an explicit invalidation or the issuer's removal voids those not submitted yet."""

import brownie
import pytest

from tests.conftest import DAVE_ID, DAY, KYC, UK, US_ACCREDITED, now, revert_msg


@pytest.fixture
def s(identity_suite):
    s = identity_suite
    s.registry.registerIdentity(s.dave, DAVE_ID, UK, {"from": s.agent})
    return s


def nonce(s, issuer=None):
    return s.storage.claimNonce(issuer or s.issuer, DAVE_ID)


def test_investor_submits_an_issuer_signed_claim(s, chain, sign_claim):
    expiry, deadline, n = now() + 365 * DAY, now() + DAY, nonce(s)
    assert n == 1 << 128  # generation 1, nothing submitted yet
    sig = sign_claim(s.storage, s.issuer, DAVE_ID, KYC, expiry, n, deadline)
    assert s.storage.claimDigest(s.issuer, DAVE_ID, KYC, expiry, n, deadline) != "0x" + "00" * 32
    tx = s.storage.submitSignedClaim(s.issuer, DAVE_ID, KYC, expiry, n, deadline, sig, {"from": s.dave})
    assert tx.events["ClaimAdded"]["issuer"] == s.issuer
    assert tx.events["ClaimAdded"]["identity"] == DAVE_ID
    assert tx.events["ClaimAdded"]["expiry"] == expiry
    assert s.registry.isVerified(s.dave)
    assert nonce(s) == n + 1


def test_signed_claim_cannot_be_replayed_after_revocation(s, chain, sign_claim):
    expiry, deadline, n = now() + 365 * DAY, now() + DAY, nonce(s)
    sig = sign_claim(s.storage, s.issuer, DAVE_ID, KYC, expiry, n, deadline)
    s.storage.submitSignedClaim(s.issuer, DAVE_ID, KYC, expiry, n, deadline, sig, {"from": s.dave})
    tx = s.storage.revokeClaim(DAVE_ID, KYC, {"from": s.issuer})
    assert tx.events["ClaimSignaturesInvalidated"]["nextNonce"] == n + 2
    with brownie.reverts(revert_msg("ClaimSignatureNonceInvalid", s.issuer, DAVE_ID, n, n + 2)):
        s.storage.submitSignedClaim(s.issuer, DAVE_ID, KYC, expiry, n, deadline, sig, {"from": s.stranger})
    assert not s.registry.isVerified(s.dave)


def test_a_revocation_voids_the_signatures_not_yet_submitted(s, chain, sign_claim):
    """The issuer signed two KYC claims for dave (nonces n, n + 1); dave submitted the first, the issuer
    revoked it (an AML hit): the second no longer brings dave back."""
    expiry, deadline, n = now() + 365 * DAY, now() + DAY, nonce(s)
    first = sign_claim(s.storage, s.issuer, DAVE_ID, KYC, expiry, n, deadline)
    second = sign_claim(s.storage, s.issuer, DAVE_ID, KYC, expiry + 1, n + 1, deadline)
    s.storage.submitSignedClaim(s.issuer, DAVE_ID, KYC, expiry, n, deadline, first, {"from": s.dave})
    s.storage.revokeClaim(DAVE_ID, KYC, {"from": s.issuer})
    with brownie.reverts(revert_msg("ClaimSignatureNonceInvalid", s.issuer, DAVE_ID, n + 1, n + 2)):
        s.storage.submitSignedClaim(s.issuer, DAVE_ID, KYC, expiry + 1, n + 1, deadline, second, {"from": s.dave})
    assert not s.registry.isVerified(s.dave)


def test_an_issuer_invalidates_its_outstanding_signatures(s, chain, sign_claim):
    expiry, deadline, n = now() + 365 * DAY, now() + DAY, nonce(s)
    sig = sign_claim(s.storage, s.issuer, DAVE_ID, KYC, expiry, n, deadline)
    tx = s.storage.invalidateClaimSignatures(DAVE_ID, {"from": s.issuer})
    ev = tx.events["ClaimSignaturesInvalidated"]
    assert (ev["issuer"], ev["identity"], ev["nextNonce"]) == (s.issuer, DAVE_ID, n + 1)
    with brownie.reverts(revert_msg("ClaimSignatureNonceInvalid", s.issuer, DAVE_ID, n, n + 1)):
        s.storage.submitSignedClaim(s.issuer, DAVE_ID, KYC, expiry, n, deadline, sig, {"from": s.dave})
    # Another account's invalidation touches only its own signatures.
    s.storage.invalidateClaimSignatures(DAVE_ID, {"from": s.stranger})
    assert nonce(s) == n + 1


def test_signatures_of_an_issuer_removed_and_trusted_again_no_longer_count(s, chain, sign_claim):
    expiry, deadline, n = now() + 365 * DAY, now() + DAY, nonce(s, s.issuer2)
    sig = sign_claim(s.storage, s.issuer2, DAVE_ID, KYC, expiry, n, deadline)
    s.storage.removeTrustedIssuer(s.issuer2, {"from": s.owner})
    s.storage.addTrustedIssuer(s.issuer2, [KYC], {"from": s.owner})
    assert nonce(s, s.issuer2) == 2 << 128  # generation 2
    with brownie.reverts(revert_msg("ClaimSignatureNonceInvalid", s.issuer2, DAVE_ID, n, 2 << 128)):
        s.storage.submitSignedClaim(s.issuer2, DAVE_ID, KYC, expiry, n, deadline, sig, {"from": s.dave})
    assert not s.registry.isVerified(s.dave)


def test_signature_past_its_deadline_is_refused(s, chain, sign_claim):
    expiry, deadline, n = now() + 365 * DAY, now() + 60, nonce(s)
    sig = sign_claim(s.storage, s.issuer, DAVE_ID, KYC, expiry, n, deadline)
    chain.sleep(120)
    chain.mine()
    with brownie.reverts(revert_msg("ClaimSignatureExpired", deadline)):
        s.storage.submitSignedClaim(s.issuer, DAVE_ID, KYC, expiry, n, deadline, sig, {"from": s.dave})


def test_signature_of_another_account_is_refused(s, chain, sign_claim):
    expiry, deadline, n = now() + 365 * DAY, now() + DAY, nonce(s)
    sig = sign_claim(s.storage, s.stranger, DAVE_ID, KYC, expiry, n, deadline)
    with brownie.reverts(revert_msg("ClaimSignatureInvalid", s.issuer)):
        s.storage.submitSignedClaim(s.issuer, DAVE_ID, KYC, expiry, n, deadline, sig, {"from": s.dave})


def test_tampered_claim_fields_invalidate_the_signature(s, chain, sign_claim):
    expiry, deadline, n = now() + 365 * DAY, now() + DAY, nonce(s)
    sig = sign_claim(s.storage, s.issuer, DAVE_ID, KYC, expiry, n, deadline)
    with brownie.reverts(revert_msg("ClaimSignatureInvalid", s.issuer)):
        s.storage.submitSignedClaim(s.issuer, DAVE_ID, KYC, expiry + 1, n, deadline, sig, {"from": s.dave})


def test_signed_claim_needs_an_issuer_trusted_for_the_topic(s, chain, sign_claim):
    expiry, deadline, n = now() + 365 * DAY, now() + DAY, nonce(s, s.issuer2)
    sig = sign_claim(s.storage, s.issuer2, DAVE_ID, US_ACCREDITED, expiry, n, deadline)
    with brownie.reverts(revert_msg("ClaimIssuerNotTrusted", s.issuer2, US_ACCREDITED)):
        s.storage.submitSignedClaim(s.issuer2, DAVE_ID, US_ACCREDITED, expiry, n, deadline, sig, {"from": s.dave})


def test_signed_claim_of_a_removed_issuer_is_refused(s, chain, sign_claim):
    expiry, deadline, n = now() + 365 * DAY, now() + DAY, nonce(s, s.issuer2)
    sig = sign_claim(s.storage, s.issuer2, DAVE_ID, KYC, expiry, n, deadline)
    s.storage.removeTrustedIssuer(s.issuer2, {"from": s.owner})
    with brownie.reverts(revert_msg("ClaimIssuerNotTrusted", s.issuer2, KYC)):
        s.storage.submitSignedClaim(s.issuer2, DAVE_ID, KYC, expiry, n, deadline, sig, {"from": s.dave})
