"""EIP-712 claims signed by an issuer and submitted by anyone (investor self-onboarding)."""

import brownie
import pytest

from tests.conftest import DAVE_ID, DAY, KYC, UK, US_ACCREDITED, now, revert_msg


@pytest.fixture
def s(identity_suite):
    s = identity_suite
    s.registry.registerIdentity(s.dave, DAVE_ID, UK, {"from": s.agent})
    return s


def test_investor_submits_an_issuer_signed_claim(s, chain, sign_claim):
    expiry, deadline = now() + 365 * DAY, now() + DAY
    sig = sign_claim(s.storage, s.issuer, DAVE_ID, KYC, expiry, 7, deadline)
    assert s.storage.claimDigest(s.issuer, DAVE_ID, KYC, expiry, 7, deadline) != "0x" + "00" * 32
    tx = s.storage.submitSignedClaim(s.issuer, DAVE_ID, KYC, expiry, 7, deadline, sig, {"from": s.dave})
    assert tx.events["ClaimAdded"]["issuer"] == s.issuer
    assert tx.events["ClaimAdded"]["identity"] == DAVE_ID
    assert tx.events["ClaimAdded"]["expiry"] == expiry
    assert s.registry.isVerified(s.dave)


def test_signed_claim_cannot_be_replayed_after_revocation(s, chain, sign_claim):
    expiry, deadline = now() + 365 * DAY, now() + DAY
    sig = sign_claim(s.storage, s.issuer, DAVE_ID, KYC, expiry, 1, deadline)
    s.storage.submitSignedClaim(s.issuer, DAVE_ID, KYC, expiry, 1, deadline, sig, {"from": s.dave})
    s.storage.revokeClaim(DAVE_ID, KYC, {"from": s.issuer})
    digest = s.storage.claimDigest(s.issuer, DAVE_ID, KYC, expiry, 1, deadline)
    with brownie.reverts(revert_msg("ClaimSignatureReplayed", digest)):
        s.storage.submitSignedClaim(s.issuer, DAVE_ID, KYC, expiry, 1, deadline, sig, {"from": s.stranger})
    assert not s.registry.isVerified(s.dave)


def test_signature_past_its_deadline_is_refused(s, chain, sign_claim):
    expiry, deadline = now() + 365 * DAY, now() + 60
    sig = sign_claim(s.storage, s.issuer, DAVE_ID, KYC, expiry, 2, deadline)
    chain.sleep(120)
    chain.mine()
    with brownie.reverts(revert_msg("ClaimSignatureExpired", deadline)):
        s.storage.submitSignedClaim(s.issuer, DAVE_ID, KYC, expiry, 2, deadline, sig, {"from": s.dave})


def test_signature_of_another_account_is_refused(s, chain, sign_claim):
    expiry, deadline = now() + 365 * DAY, now() + DAY
    sig = sign_claim(s.storage, s.stranger, DAVE_ID, KYC, expiry, 3, deadline)
    with brownie.reverts(revert_msg("ClaimSignatureInvalid", s.issuer)):
        s.storage.submitSignedClaim(s.issuer, DAVE_ID, KYC, expiry, 3, deadline, sig, {"from": s.dave})


def test_tampered_claim_fields_invalidate_the_signature(s, chain, sign_claim):
    expiry, deadline = now() + 365 * DAY, now() + DAY
    sig = sign_claim(s.storage, s.issuer, DAVE_ID, KYC, expiry, 4, deadline)
    with brownie.reverts(revert_msg("ClaimSignatureInvalid", s.issuer)):
        s.storage.submitSignedClaim(s.issuer, DAVE_ID, KYC, expiry + 1, 4, deadline, sig, {"from": s.dave})


def test_signed_claim_needs_an_issuer_trusted_for_the_topic(s, chain, sign_claim):
    expiry, deadline = now() + 365 * DAY, now() + DAY
    sig = sign_claim(s.storage, s.issuer2, DAVE_ID, US_ACCREDITED, expiry, 5, deadline)
    with brownie.reverts(revert_msg("ClaimIssuerNotTrusted", s.issuer2, US_ACCREDITED)):
        s.storage.submitSignedClaim(s.issuer2, DAVE_ID, US_ACCREDITED, expiry, 5, deadline, sig, {"from": s.dave})


def test_signed_claim_of_a_removed_issuer_is_refused(s, chain, sign_claim):
    expiry, deadline = now() + 365 * DAY, now() + DAY
    sig = sign_claim(s.storage, s.issuer2, DAVE_ID, KYC, expiry, 6, deadline)
    s.storage.removeTrustedIssuer(s.issuer2, {"from": s.owner})
    with brownie.reverts(revert_msg("ClaimIssuerNotTrusted", s.issuer2, KYC)):
        s.storage.submitSignedClaim(s.issuer2, DAVE_ID, KYC, expiry, 6, deadline, sig, {"from": s.dave})
