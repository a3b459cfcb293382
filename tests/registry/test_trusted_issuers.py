"""The trusted issuers list (ERC-3643 trusted issuers registry role)."""

import brownie
import pytest

from tests.conftest import AML, KYC, NON_US, UK_PROFESSIONAL, US_ACCREDITED, ints, revert_msg


@pytest.fixture
def s(identity_suite):
    return identity_suite


def test_trusted_issuers_are_listed_with_their_topics(s):
    assert s.storage.getTrustedIssuers() == [s.issuer, s.issuer2]
    assert s.storage.isTrustedIssuer(s.issuer)
    assert not s.storage.isTrustedIssuer(s.stranger)
    assert ints(s.storage.getTrustedIssuerClaimTopics(s.issuer)) == sorted(
        [KYC, AML, US_ACCREDITED, NON_US, UK_PROFESSIONAL]
    )
    assert s.storage.hasClaimTopic(s.issuer2, AML)
    assert not s.storage.hasClaimTopic(s.issuer2, US_ACCREDITED)
    assert not s.storage.hasClaimTopic(s.issuer2, 1000)


def test_adding_an_issuer_emits_event(s):
    tx = s.storage.addTrustedIssuer(s.stranger, [AML, KYC], {"from": s.owner})
    assert tx.events["TrustedIssuerAdded"]["trustedIssuer"] == s.stranger
    assert ints(tx.events["TrustedIssuerAdded"]["claimTopics"]) == [AML, KYC]
    assert ints(s.storage.getTrustedIssuerClaimTopics(s.stranger)) == [KYC, AML]


def test_adding_an_issuer_twice_or_with_bad_topics_reverts(s):
    with brownie.reverts(revert_msg("ClaimIssuerAlreadyTrusted", s.issuer)):
        s.storage.addTrustedIssuer(s.issuer, [KYC], {"from": s.owner})
    with brownie.reverts(revert_msg("ClaimIssuerTopicsEmpty")):
        s.storage.addTrustedIssuer(s.stranger, [], {"from": s.owner})
    with brownie.reverts(revert_msg("ClaimTopicOutOfRange", 200)):
        s.storage.addTrustedIssuer(s.stranger, [KYC, 200], {"from": s.owner})
    with brownie.reverts(revert_msg("ClaimZeroAddress")):
        s.storage.addTrustedIssuer("0x" + "00" * 20, [KYC], {"from": s.owner})


def test_removing_keeps_the_list_compact(s):
    s.storage.addTrustedIssuer(s.stranger, [KYC], {"from": s.owner})
    s.storage.removeTrustedIssuer(s.issuer, {"from": s.owner})
    assert s.storage.getTrustedIssuers() == [s.stranger, s.issuer2]
    assert ints(s.storage.getTrustedIssuerClaimTopics(s.issuer)) == []
    with brownie.reverts(revert_msg("ClaimIssuerNotFound", s.issuer)):
        s.storage.removeTrustedIssuer(s.issuer, {"from": s.owner})
    with brownie.reverts(revert_msg("ClaimIssuerNotFound", s.issuer)):
        s.storage.updateIssuerClaimTopics(s.issuer, [KYC], {"from": s.owner})


def test_trust_epoch_advances_on_every_withdrawal_of_trust(s):
    assert s.storage.trustEpoch() == 1
    s.storage.updateIssuerClaimTopics(s.issuer2, [KYC], {"from": s.owner})
    assert s.storage.trustEpoch() == 2
    s.storage.removeTrustedIssuer(s.issuer2, {"from": s.owner})
    assert s.storage.trustEpoch() == 3


def test_issuer_count_is_capped(s, accounts):
    cap = s.storage.MAX_TRUSTED_ISSUERS()
    for i in range(cap - 2):
        s.storage.addTrustedIssuer("0x" + f"{i + 1:040x}", [KYC], {"from": s.owner})
    with brownie.reverts(revert_msg("ClaimTooManyIssuers", cap)):
        s.storage.addTrustedIssuer(s.stranger, [KYC], {"from": s.owner})
