"""Claims keyed by identity: expiry, revocation, issuer trust, required topics, multi-wallet identities."""

import brownie
import pytest

from tests.conftest import (
    ALICE_ID,
    AML,
    BOB_ID,
    DAVE_ID,
    DAY,
    KYC,
    NO_EXPIRY,
    NON_US,
    UK,
    US_ACCREDITED,
    ints,
    investor,
    now,
    revert_msg,
)


@pytest.fixture
def s(identity_suite):
    return identity_suite


def test_claim_from_trusted_issuer_verifies_and_sets_topic_bit(s, chain):
    s.registry.registerIdentity(s.dave, DAVE_ID, UK, {"from": s.agent})
    expiry = now() + 30 * DAY
    tx = s.storage.addClaim(DAVE_ID, KYC, expiry, {"from": s.issuer})
    assert tx.events["ClaimAdded"]["identity"] == DAVE_ID
    assert tx.events["ClaimAdded"]["topic"] == KYC
    assert tx.events["ClaimAdded"]["issuer"] == s.issuer
    assert tx.events["ClaimAdded"]["expiry"] == expiry
    assert tx.events["IdentityRefreshed"]["topics"] == 1 << KYC
    assert s.registry.isVerified(s.dave)
    assert investor(s.registry, s.dave) == (DAVE_ID, UK, True, 1 << KYC)
    assert s.storage.claimExpiry(DAVE_ID, KYC, s.issuer) == expiry


def test_topics_bitmap_lists_every_counting_claim(s):
    s.storage.addClaim(ALICE_ID, AML, NO_EXPIRY, {"from": s.issuer})
    s.storage.addClaim(ALICE_ID, NON_US, NO_EXPIRY, {"from": s.issuer})
    assert investor(s.registry, s.alice)[3] == (1 << KYC) | (1 << AML) | (1 << NON_US)
    assert s.storage.identityTopics(ALICE_ID) == (1 << KYC) | (1 << AML) | (1 << NON_US)


def test_expired_claim_stops_counting(s, chain):
    expiry = now() + 10 * DAY
    s.storage.addClaim(ALICE_ID, KYC, expiry, {"from": s.issuer})  # replaces the one-year claim
    assert s.registry.isVerified(s.alice)
    chain.sleep(10 * DAY + 1)
    chain.mine()
    assert not s.registry.isVerified(s.alice)
    assert investor(s.registry, s.alice)[3] == 0
    assert s.storage.claimExpiry(ALICE_ID, KYC, s.issuer) == 0


def test_expiry_of_one_issuer_is_covered_by_another_issuers_claim(s, chain):
    s.storage.addClaim(ALICE_ID, KYC, now() + 2 * DAY, {"from": s.issuer})
    s.storage.addClaim(ALICE_ID, KYC, now() + 20 * DAY, {"from": s.issuer2})
    chain.sleep(3 * DAY)
    chain.mine()
    assert s.registry.isVerified(s.alice)
    chain.sleep(20 * DAY)
    chain.mine()
    assert not s.registry.isVerified(s.alice)


def test_claim_with_past_expiry_is_refused(s, chain):
    past = now() - 1
    with brownie.reverts(revert_msg("ClaimAlreadyExpired", past)):
        s.storage.addClaim(DAVE_ID, KYC, past, {"from": s.issuer})


def test_revoked_claim_stops_counting_at_once(s):
    tx = s.storage.revokeClaim(ALICE_ID, KYC, {"from": s.issuer})
    assert tx.events["ClaimRevoked"]["identity"] == ALICE_ID
    assert tx.events["ClaimRevoked"]["topic"] == KYC
    assert tx.events["ClaimRevoked"]["issuer"] == s.issuer
    assert tx.events["IdentityRefreshed"]["topics"] == 0
    assert not s.registry.isVerified(s.alice)
    with brownie.reverts(revert_msg("ClaimNotFound", ALICE_ID, KYC, s.issuer)):
        s.storage.revokeClaim(ALICE_ID, KYC, {"from": s.issuer})


def test_revoking_one_issuers_claim_keeps_another_issuers_claim(s):
    s.storage.addClaim(ALICE_ID, KYC, NO_EXPIRY, {"from": s.issuer2})
    s.storage.revokeClaim(ALICE_ID, KYC, {"from": s.issuer})
    assert s.registry.isVerified(s.alice)


def test_removed_issuer_invalidates_its_claims_at_once(s):
    tx = s.storage.removeTrustedIssuer(s.issuer, {"from": s.owner})
    assert tx.events["TrustedIssuerRemoved"]["trustedIssuer"] == s.issuer
    assert tx.events["TrustEpochAdvanced"]["epoch"] == 2
    for wallet in (s.alice, s.bob, s.carol):
        assert not s.registry.isVerified(wallet)
    assert s.storage.claimExpiry(ALICE_ID, KYC, s.issuer) == 0


def test_claims_of_a_removed_issuer_stay_dead_when_it_is_trusted_again(s):
    s.storage.removeTrustedIssuer(s.issuer, {"from": s.owner})
    s.storage.addTrustedIssuer(s.issuer, [KYC], {"from": s.owner})
    assert not s.registry.isVerified(s.alice)
    s.storage.addClaim(ALICE_ID, KYC, NO_EXPIRY, {"from": s.issuer})
    assert s.registry.isVerified(s.alice)
    assert not s.registry.isVerified(s.bob)


def test_issuer_losing_a_topic_loses_those_claims(s):
    tx = s.storage.updateIssuerClaimTopics(s.issuer, [AML], {"from": s.owner})
    assert tx.events["ClaimTopicsUpdated"]["trustedIssuer"] == s.issuer
    assert ints(tx.events["ClaimTopicsUpdated"]["claimTopics"]) == [AML]
    assert not s.registry.isVerified(s.alice)
    s.storage.updateIssuerClaimTopics(s.issuer, [KYC, AML], {"from": s.owner})
    assert s.registry.isVerified(s.alice)


def test_issuer_cannot_attest_a_topic_it_is_not_trusted_for(s):
    with brownie.reverts(revert_msg("ClaimIssuerNotTrusted", s.issuer2, US_ACCREDITED)):
        s.storage.addClaim(ALICE_ID, US_ACCREDITED, NO_EXPIRY, {"from": s.issuer2})
    with brownie.reverts(revert_msg("ClaimIssuerNotTrusted", s.stranger, KYC)):
        s.storage.addClaim(ALICE_ID, KYC, NO_EXPIRY, {"from": s.stranger})


def test_topic_out_of_range_is_refused(s):
    with brownie.reverts(revert_msg("ClaimTopicOutOfRange", 96)):
        s.storage.addClaim(ALICE_ID, 96, NO_EXPIRY, {"from": s.issuer})
    with brownie.reverts(revert_msg("IdentityRegistryTopicOutOfRange", 96)):
        s.registry.addClaimTopic(96, {"from": s.owner})


def test_topic_required_later_unverifies_until_claimed(s):
    tx = s.registry.addClaimTopic(AML, {"from": s.owner})
    assert tx.events["ClaimTopicAdded"]["claimTopic"] == AML
    assert ints(s.registry.getClaimTopics()) == [KYC, AML]
    assert s.registry.requiredTopics() == (1 << KYC) | (1 << AML)
    assert not s.registry.isVerified(s.alice)
    s.storage.addClaim(ALICE_ID, AML, NO_EXPIRY, {"from": s.issuer2})
    assert s.registry.isVerified(s.alice)
    assert not s.registry.isVerified(s.bob)
    tx = s.registry.removeClaimTopic(AML, {"from": s.owner})
    assert tx.events["ClaimTopicRemoved"]["claimTopic"] == AML
    assert s.registry.isVerified(s.bob)


def test_required_topic_bookkeeping_errors(s):
    with brownie.reverts(revert_msg("IdentityRegistryTopicAlreadyRequired", KYC)):
        s.registry.addClaimTopic(KYC, {"from": s.owner})
    with brownie.reverts(revert_msg("IdentityRegistryTopicNotRequired", AML)):
        s.registry.removeClaimTopic(AML, {"from": s.owner})


def test_no_required_topics_means_registered_is_verified(s):
    s.registry.removeClaimTopic(KYC, {"from": s.owner})
    s.registry.registerIdentity(s.dave, DAVE_ID, UK, {"from": s.agent})
    assert s.registry.isVerified(s.dave)


def test_every_wallet_of_an_identity_shares_its_claims(s, accounts):
    second_wallet = accounts[8]
    s.registry.registerIdentity(second_wallet, ALICE_ID, UK, {"from": s.agent})
    assert s.registry.isVerified(second_wallet)
    assert investor(s.registry, second_wallet) == investor(s.registry, s.alice)
    s.storage.revokeClaim(ALICE_ID, KYC, {"from": s.issuer})
    assert not s.registry.isVerified(second_wallet)
    assert not s.registry.isVerified(s.alice)


def test_stale_record_is_exact_and_refresh_restores_the_fast_path(s):
    s.storage.removeTrustedIssuer(s.issuer2, {"from": s.owner})  # advances the epoch: all records stale
    stale_gas = s.registry.investor.estimate_gas(s.bob, {"from": s.stranger})
    assert s.registry.isVerified(s.bob)
    tx = s.storage.refreshIdentity(BOB_ID, {"from": s.stranger})
    assert tx.events["IdentityRefreshed"]["identity"] == BOB_ID
    assert tx.events["IdentityRefreshed"]["topics"] == 1 << KYC
    fresh_gas = s.registry.investor.estimate_gas(s.bob, {"from": s.stranger})
    assert s.registry.isVerified(s.bob)
    assert fresh_gas < stale_gas


def test_a_record_is_fresh_until_the_epoch_moves_or_its_claim_expires(s, chain):
    assert s.storage.identityRecordFresh(ALICE_ID)
    assert not s.storage.identityRecordFresh(DAVE_ID)  # no claim written yet: no record
    s.storage.updateIssuerClaimTopics(s.issuer2, [KYC], {"from": s.owner})  # the trust epoch moves on
    assert not s.storage.identityRecordFresh(ALICE_ID)
    s.storage.refreshIdentity(ALICE_ID, {"from": s.stranger})
    assert s.storage.identityRecordFresh(ALICE_ID)
    s.storage.addClaim(ALICE_ID, AML, now() + DAY, {"from": s.issuer})  # the earliest counting claim now
    assert s.storage.identityRecordFresh(ALICE_ID)
    chain.sleep(DAY + 1)
    chain.mine()
    assert not s.storage.identityRecordFresh(ALICE_ID)
    assert s.registry.isVerified(s.alice)  # stale, still exact: the KYC claim counts, AML has expired
    assert investor(s.registry, s.alice)[3] == 1 << KYC


def test_batch_refresh_makes_every_record_fresh_and_anyone_may_send_it(s):
    s.storage.removeTrustedIssuer(s.issuer2, {"from": s.owner})
    ids = [ALICE_ID, BOB_ID, DAVE_ID]
    assert not any(s.storage.identityRecordFresh(i) for i in ids)
    tx = s.storage.batchRefreshIdentity(ids, {"from": s.stranger})
    assert [e["identity"] for e in tx.events["IdentityRefreshed"]] == ids
    assert [e["topics"] for e in tx.events["IdentityRefreshed"]] == [1 << KYC, 1 << KYC, 0]
    assert all(s.storage.identityRecordFresh(i) for i in ids)  # Dave's: exact with no topic
    assert s.registry.isVerified(s.alice) and s.registry.isVerified(s.bob)
    assert "IdentityRefreshed" not in s.storage.batchRefreshIdentity([], {"from": s.stranger}).events


def test_is_verified_equals_investor_verified(s):
    for wallet in (s.alice, s.bob, s.dave, s.stranger):
        assert s.registry.isVerified(wallet) == investor(s.registry, wallet)[2]
    assert investor(s.registry, s.bob) == (BOB_ID, 840, True, 1 << KYC)
