"""Reading two investors' records in one call (the transfer path's sender and recipient)."""

import pytest

from tests.conftest import ALICE_ID, AML, BOB_ID, DAVE_ID, DAY, DE, KYC, UK, US, investor, now

ZERO = "0x0000000000000000000000000000000000000000"


@pytest.fixture
def s(identity_suite):
    return identity_suite


def _pair(registry, a, b):
    first, second = registry.investors(a, b)
    return (
        (str(first[0]), int(first[1]), bool(first[2]), int(first[3])),
        (str(second[0]), int(second[1]), bool(second[2]), int(second[3])),
    )


def test_investors_matches_investor_for_each_wallet(s):
    s.storage.addClaim(BOB_ID, AML, now() + DAY, {"from": s.issuer})
    assert _pair(s.registry, s.alice, s.bob) == (investor(s.registry, s.alice), investor(s.registry, s.bob))
    assert _pair(s.registry, s.alice, s.bob) == (
        (ALICE_ID, UK, True, 1 << KYC),
        (BOB_ID, US, True, (1 << KYC) | (1 << AML)),
    )


def test_investors_gives_unregistered_and_zero_wallets_empty_records(s):
    empty = (ZERO, 0, False, 0)
    assert _pair(s.registry, s.dave, s.alice) == (empty, (ALICE_ID, UK, True, 1 << KYC))
    assert _pair(s.registry, s.alice, ZERO) == ((ALICE_ID, UK, True, 1 << KYC), empty)


def test_investors_reports_a_registered_wallet_without_claims_as_unverified(s):
    s.registry.registerIdentity(s.dave, DAVE_ID, DE, {"from": s.agent})
    assert _pair(s.registry, s.dave, s.bob) == ((DAVE_ID, DE, False, 0), (BOB_ID, US, True, 1 << KYC))


def test_investors_sees_a_removed_issuer_at_once(s):
    s.storage.removeTrustedIssuer(s.issuer, {"from": s.owner})
    assert _pair(s.registry, s.alice, s.bob) == ((ALICE_ID, UK, False, 0), (BOB_ID, US, False, 0))


def test_investor_records_of_the_storage_match_investor_record(s):
    a = s.storage.investorRecord(s.alice)
    b = s.storage.investorRecord(s.dave)
    assert tuple(s.storage.investorRecords(s.alice, s.dave)) == tuple(a) + tuple(b)
    assert tuple(s.storage.investorRecords(s.alice, s.dave)) == (ALICE_ID, UK, 1 << KYC, ZERO, 0, 0)
