"""Onboarding many investors at once: batch claims from an issuer, and registration plus claims in one
call from an account that is both a registry agent and a trusted issuer."""

import brownie
import pytest

from tests.conftest import AML, DAVE_ID, DAY, DE, KYC, UK, US, US_ACCREDITED, investor, now, revert_msg

ERIN_ID = "0x000000000000000000000000000000000000E714"


@pytest.fixture
def s(identity_suite):
    return identity_suite


@pytest.fixture
def onboarder(s):
    """The issuer, appointed agent of the registry as well."""
    s.registry.addAgent(s.issuer, {"from": s.owner})
    return s.issuer


def test_batch_add_claim_adds_each_claim_with_its_events(s, accounts):
    erin = accounts[8]
    s.registry.batchRegisterIdentity([s.dave, erin], [DAVE_ID, ERIN_ID], [UK, US], {"from": s.agent})
    e1, e2 = now() + 30 * DAY, now() + 60 * DAY
    tx = s.storage.batchAddClaim([DAVE_ID, ERIN_ID], [KYC, AML], [e1, e2], {"from": s.issuer})
    added = [(e["identity"], e["topic"], e["issuer"], e["expiry"]) for e in tx.events["ClaimAdded"]]
    assert added == [(DAVE_ID, KYC, s.issuer, e1), (ERIN_ID, AML, s.issuer, e2)]
    refreshed = [(e["identity"], e["topics"], e["validUntil"]) for e in tx.events["IdentityRefreshed"]]
    assert refreshed == [(DAVE_ID, 1 << KYC, e1), (ERIN_ID, 1 << AML, e2)]
    assert investor(s.registry, s.dave) == (DAVE_ID, UK, True, 1 << KYC)
    assert investor(s.registry, erin) == (ERIN_ID, US, False, 1 << AML)
    assert s.storage.claimExpiry(ERIN_ID, AML, s.issuer) == e2


@pytest.mark.parametrize("lengths", [(1, 2, 2), (2, 1, 2), (2, 2, 1)])
def test_batch_add_claim_with_mismatched_lengths_reverts(s, lengths):
    ids = [DAVE_ID, ERIN_ID][: lengths[0]]
    topics = [KYC, KYC][: lengths[1]]
    expiries = [now() + DAY] * lengths[2]
    with brownie.reverts(revert_msg("ClaimLengthMismatch")):
        s.storage.batchAddClaim(ids, topics, expiries, {"from": s.issuer})


def test_batch_add_claim_is_all_or_nothing_for_an_untrusted_topic(s):
    # issuer2 is trusted for KYC and AML only.
    with brownie.reverts(revert_msg("ClaimIssuerNotTrusted", s.issuer2, US_ACCREDITED)):
        s.storage.batchAddClaim(
            [DAVE_ID, ERIN_ID], [KYC, US_ACCREDITED], [now() + DAY] * 2, {"from": s.issuer2}
        )
    assert s.storage.claimExpiry(DAVE_ID, KYC, s.issuer2) == 0


def test_register_with_claims_registers_and_claims_in_one_call(s, onboarder, accounts):
    erin = accounts[8]
    e1, e2 = now() + 30 * DAY, now() + 60 * DAY
    tx = s.registry.batchRegisterIdentityWithClaims(
        [s.dave, erin], [DAVE_ID, ERIN_ID], [DE, US], [KYC, AML], [e1, e2], {"from": onboarder}
    )
    assert [(e["investorAddress"], e["identity"]) for e in tx.events["IdentityRegistered"]] == [
        (s.dave, DAVE_ID), (erin, ERIN_ID)]
    assert [(e["investorAddress"], e["identity"]) for e in tx.events["IdentityStored"]] == [
        (s.dave, DAVE_ID), (erin, ERIN_ID)]
    added = [(e["identity"], e["topic"], e["issuer"], e["expiry"]) for e in tx.events["ClaimAdded"]]
    assert added == [(DAVE_ID, KYC, onboarder, e1), (DAVE_ID, AML, onboarder, e1),
                     (ERIN_ID, KYC, onboarder, e2), (ERIN_ID, AML, onboarder, e2)]
    refreshed = [(e["identity"], e["topics"], e["validUntil"]) for e in tx.events["IdentityRefreshed"]]
    assert refreshed == [(DAVE_ID, 1 << KYC, e1), (DAVE_ID, (1 << KYC) | (1 << AML), e1),
                         (ERIN_ID, 1 << KYC, e2), (ERIN_ID, (1 << KYC) | (1 << AML), e2)]
    assert investor(s.registry, s.dave) == (DAVE_ID, DE, True, (1 << KYC) | (1 << AML))
    assert investor(s.registry, erin) == (ERIN_ID, US, True, (1 << KYC) | (1 << AML))


def test_register_with_claims_without_topics_only_registers(s):
    tx = s.registry.batchRegisterIdentityWithClaims([s.dave], [DAVE_ID], [UK], [], [now() + DAY], {"from": s.agent})
    assert "ClaimAdded" not in tx.events
    assert investor(s.registry, s.dave) == (DAVE_ID, UK, False, 0)


def test_register_with_claims_needs_an_agent(s):
    with brownie.reverts(revert_msg("AgentRoleUnauthorized", s.issuer)):
        s.registry.batchRegisterIdentityWithClaims(
            [s.dave], [DAVE_ID], [UK], [KYC], [now() + DAY], {"from": s.issuer}
        )


def test_register_with_claims_needs_the_agent_to_be_a_trusted_issuer(s):
    # The agent is not an issuer: nothing is registered.
    with brownie.reverts(revert_msg("ClaimIssuerNotTrusted", s.agent, KYC)):
        s.registry.batchRegisterIdentityWithClaims(
            [s.dave], [DAVE_ID], [UK], [KYC], [now() + DAY], {"from": s.agent}
        )
    assert not s.registry.contains(s.dave)


@pytest.mark.parametrize("lengths", [(1, 2, 2, 2), (2, 1, 2, 2), (2, 2, 1, 2), (2, 2, 2, 1)])
def test_register_with_claims_with_mismatched_lengths_reverts(s, onboarder, accounts, lengths):
    wallets = [s.dave, accounts[8]][: lengths[0]]
    ids = [DAVE_ID, ERIN_ID][: lengths[1]]
    countries = [UK, US][: lengths[2]]
    expiries = [now() + DAY] * lengths[3]
    with brownie.reverts(revert_msg("IdentityRegistryLengthMismatch")):
        s.registry.batchRegisterIdentityWithClaims(wallets, ids, countries, [KYC], expiries, {"from": onboarder})


def test_register_with_claims_refuses_a_stored_wallet_and_a_past_expiry(s, onboarder):
    with brownie.reverts(revert_msg("StorageWalletAlreadyStored", s.alice)):
        s.registry.batchRegisterIdentityWithClaims(
            [s.alice], [DAVE_ID], [UK], [KYC], [now() + DAY], {"from": onboarder}
        )
    past = now() - 1
    with brownie.reverts(revert_msg("ClaimAlreadyExpired", past)):
        s.registry.batchRegisterIdentityWithClaims([s.dave], [DAVE_ID], [UK], [KYC], [past], {"from": onboarder})


def test_only_a_bound_registry_may_onboard_with_claims(s):
    with brownie.reverts(revert_msg("StorageOnlyBoundRegistry", s.issuer)):
        s.storage.addIdentityWithClaims(s.dave, DAVE_ID, UK, s.issuer, [KYC], now() + DAY, {"from": s.issuer})


def test_one_call_onboarding_costs_less_than_registration_plus_claim(s, onboarder, accounts):
    erin = accounts[8]
    expiry = now() + 30 * DAY
    separate = s.registry.registerIdentity(s.dave, DAVE_ID, UK, {"from": onboarder}).gas_used
    separate += s.storage.addClaim(DAVE_ID, KYC, expiry, {"from": onboarder}).gas_used
    combined = s.registry.batchRegisterIdentityWithClaims(
        [erin], [ERIN_ID], [US], [KYC], [expiry], {"from": onboarder}).gas_used
    print(f"\nonboarding one investor: registerIdentity + addClaim {separate}; one call {combined}")
    # One transaction instead of two, one cold storage call and issuer/epoch reads shared.
    assert combined < separate - 15_000
