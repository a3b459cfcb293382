"""Investor types: an identity is an individual (0, the default) or an entity (1). Registry agents set it;
it belongs to the identity (all its wallets, present and future), survives every claim write, and the word
a token reads on every transfer (`partyWord`) flags an entity with bit 177 at no extra cost."""

import brownie
import pytest

from tests.conftest import (
    ALICE_ID,
    BOB_ID,
    CAROL_ID,
    DAVE_ID,
    DAY,
    DE,
    KYC,
    UK,
    US,
    US_ACCREDITED,
    now,
    revert_msg,
)

INDIVIDUAL, ENTITY = 0, 1
ENTITY_BIT = 1 << 177
MULTI_BIT = 1 << 176


@pytest.fixture
def s(identity_suite):
    return identity_suite


def record(key, country, *, multi=False, entity=False):
    """The `record` half of `partyWord`: key | country << 160 | multi << 176 | entity << 177."""
    return int(str(key), 16) | country << 160 | int(multi) * MULTI_BIT | int(entity) * ENTITY_BIT


def party_word(s, wallet):
    return tuple(int(x) for x in s.storage.partyWord(wallet))


def test_a_registered_investor_is_an_individual_until_set(s):
    assert s.registry.investorType(s.alice) == INDIVIDUAL
    assert s.storage.identityInvestorType(ALICE_ID) == INDIVIDUAL
    assert party_word(s, s.alice) == (record(s.alice, UK), 1 << KYC)


def test_agent_sets_the_type_of_the_identity_with_an_event(s):
    tx = s.registry.setInvestorType(s.alice, ENTITY, {"from": s.agent})
    assert dict(tx.events["InvestorTypeUpdated"]) == {"identity": ALICE_ID, "investorType": ENTITY}
    assert "IdentityRefreshed" not in tx.events  # the topics were not recomputed
    assert s.registry.investorType(s.alice) == ENTITY
    assert s.storage.identityInvestorType(ALICE_ID) == ENTITY
    assert party_word(s, s.alice) == (record(s.alice, UK, entity=True), 1 << KYC)
    assert s.registry.isVerified(s.alice)
    tx = s.registry.setInvestorType(s.alice, INDIVIDUAL, {"from": s.agent})
    assert dict(tx.events["InvestorTypeUpdated"]) == {"identity": ALICE_ID, "investorType": INDIVIDUAL}
    assert party_word(s, s.alice) == (record(s.alice, UK), 1 << KYC)


def test_only_an_agent_sets_a_type(s):
    for caller in (s.stranger, s.owner, s.issuer):
        with brownie.reverts(revert_msg("AgentRoleUnauthorized", caller)):
            s.registry.setInvestorType(s.alice, ENTITY, {"from": caller})
        with brownie.reverts(revert_msg("AgentRoleUnauthorized", caller)):
            s.registry.batchSetInvestorType([s.alice], [ENTITY], {"from": caller})
    assert s.registry.investorType(s.alice) == INDIVIDUAL


def test_only_a_bound_registry_writes_the_type_in_the_storage(s):
    for caller in (s.agent, s.owner):
        with brownie.reverts(revert_msg("StorageOnlyBoundRegistry", caller)):
            s.storage.modifyStoredInvestorType(s.alice, ENTITY, {"from": caller})


def test_a_type_other_than_individual_or_entity_is_refused(s):
    for bad in (2, 255):
        with brownie.reverts(revert_msg("StorageInvalidInvestorType", bad)):
            s.registry.setInvestorType(s.alice, bad, {"from": s.agent})
    assert s.registry.investorType(s.alice) == INDIVIDUAL


def test_an_unregistered_wallet_is_refused_and_reads_as_individual(s):
    with brownie.reverts(revert_msg("StorageWalletNotStored", s.dave)):
        s.registry.setInvestorType(s.dave, ENTITY, {"from": s.agent})
    assert s.registry.investorType(s.dave) == INDIVIDUAL
    assert party_word(s, s.dave) == (0, 0)
    assert s.storage.identityInvestorType(DAVE_ID) == INDIVIDUAL  # an identity never seen


def test_batch_sets_each_type_in_order(s):
    tx = s.registry.batchSetInvestorType([s.alice, s.bob, s.alice], [ENTITY, ENTITY, INDIVIDUAL], {"from": s.agent})
    assert [dict(e) for e in tx.events["InvestorTypeUpdated"]] == [
        {"identity": ALICE_ID, "investorType": ENTITY},
        {"identity": BOB_ID, "investorType": ENTITY},
        {"identity": ALICE_ID, "investorType": INDIVIDUAL},
    ]
    assert (s.registry.investorType(s.alice), s.registry.investorType(s.bob)) == (INDIVIDUAL, ENTITY)
    with brownie.reverts(revert_msg("IdentityRegistryLengthMismatch")):
        s.registry.batchSetInvestorType([s.alice, s.bob], [ENTITY], {"from": s.agent})
    with brownie.reverts(revert_msg("StorageInvalidInvestorType", 2)):
        s.registry.batchSetInvestorType([s.carol, s.alice], [ENTITY, 2], {"from": s.agent})
    assert s.registry.investorType(s.carol) == INDIVIDUAL  # the whole batch reverted


def test_every_wallet_of_the_identity_present_and_future_has_the_type(s, accounts):
    s.registry.setInvestorType(s.alice, ENTITY, {"from": s.agent})
    s.registry.registerIdentity(s.dave, ALICE_ID, DE, {"from": s.agent})  # a second wallet: multi-wallet now
    assert s.registry.investorType(s.dave) == ENTITY
    topics = 1 << KYC
    assert party_word(s, s.alice) == (record(ALICE_ID, UK, multi=True, entity=True), topics)
    assert party_word(s, s.dave) == (record(ALICE_ID, DE, multi=True, entity=True), topics)
    assert tuple(int(x) for x in s.storage.partyWords(s.alice, s.bob)) == (
        record(ALICE_ID, UK, multi=True, entity=True), topics, record(s.bob, US), topics)
    # Set through either wallet, the type is the identity's.
    s.registry.setInvestorType(s.dave, INDIVIDUAL, {"from": s.agent})
    assert party_word(s, s.alice) == (record(ALICE_ID, UK, multi=True), topics)
    s.registry.setInvestorType(s.alice, ENTITY, {"from": s.agent})
    s.registry.registerIdentity(accounts[8], ALICE_ID, US, {"from": s.agent})  # a third, later
    assert party_word(s, accounts[8]) == (record(ALICE_ID, US, multi=True, entity=True), topics)
    # A wallet removed and registered again finds its identity's type; moved, it takes its new identity's.
    s.registry.deleteIdentity(s.dave, {"from": s.agent})
    assert s.registry.investorType(s.dave) == INDIVIDUAL
    s.registry.registerIdentity(s.dave, ALICE_ID, DE, {"from": s.agent})
    assert s.registry.investorType(s.dave) == ENTITY
    s.registry.updateIdentity(s.dave, BOB_ID, {"from": s.agent})
    assert s.registry.investorType(s.dave) == INDIVIDUAL
    assert party_word(s, s.dave) == (record(BOB_ID, DE, multi=True), topics)


def test_a_one_wallet_identity_keeps_its_type_when_its_wallet_changes(s):
    s.registry.setInvestorType(s.carol, ENTITY, {"from": s.agent})
    s.registry.deleteIdentity(s.carol, {"from": s.agent})
    s.registry.registerIdentity(s.dave, CAROL_ID, DE, {"from": s.agent})  # its only wallet now
    assert party_word(s, s.dave) == (record(s.dave, DE, entity=True), 1 << KYC)
    s.registry.updateCountry(s.dave, UK, {"from": s.agent})
    assert party_word(s, s.dave) == (record(s.dave, UK, entity=True), 1 << KYC)


def test_the_type_survives_claim_writes_refreshes_and_issuer_changes(s, chain):
    s.registry.setInvestorType(s.alice, ENTITY, {"from": s.agent})
    expiry = now() + 30 * DAY

    def check(topics):
        assert party_word(s, s.alice) == (record(s.alice, UK, entity=True), topics)
        assert s.registry.investorType(s.alice) == ENTITY

    s.storage.addClaim(ALICE_ID, US_ACCREDITED, expiry, {"from": s.issuer})  # fresh record: topic added
    check(1 << KYC | 1 << US_ACCREDITED)
    s.storage.revokeClaim(ALICE_ID, US_ACCREDITED, {"from": s.issuer})  # exact recomputation
    check(1 << KYC)
    s.storage.removeTrustedIssuer(s.issuer2, {"from": s.owner})  # the trust epoch moves: records stale
    check(1 << KYC)
    s.storage.refreshIdentity(ALICE_ID, {"from": s.stranger})
    check(1 << KYC)
    s.storage.addClaim(ALICE_ID, US_ACCREDITED, expiry, {"from": s.issuer})
    chain.sleep(31 * DAY)  # a claim expired: the copy is stale, the topics are recomputed, the type is kept
    chain.mine()
    check(1 << KYC)
    s.storage.refreshIdentity(ALICE_ID, {"from": s.stranger})
    check(1 << KYC)
    # Stale multi-wallet identity too: the type comes from the identity's record read for the topics.
    s.registry.registerIdentity(s.dave, ALICE_ID, DE, {"from": s.agent})
    s.storage.addTrustedIssuer(s.issuer2, [KYC], {"from": s.owner})
    s.storage.removeTrustedIssuer(s.issuer2, {"from": s.owner})
    assert party_word(s, s.dave) == (record(ALICE_ID, DE, multi=True, entity=True), 1 << KYC)


def test_a_type_set_before_any_claim_survives_the_first_claim(s):
    s.registry.registerIdentity(s.dave, DAVE_ID, DE, {"from": s.agent})
    s.registry.setInvestorType(s.dave, ENTITY, {"from": s.agent})
    assert party_word(s, s.dave) == (record(s.dave, DE, entity=True), 0)
    assert not s.registry.isVerified(s.dave)  # a type is not a claim
    tx = s.storage.addClaim(DAVE_ID, KYC, now() + 30 * DAY, {"from": s.issuer})
    assert tx.events["IdentityRefreshed"]["topics"] == 1 << KYC
    assert party_word(s, s.dave) == (record(s.dave, DE, entity=True), 1 << KYC)
    assert s.registry.isVerified(s.dave) and s.registry.investorType(s.dave) == ENTITY


def test_onboarding_with_claims_in_one_call_keeps_a_type_set_for_the_identity_before(s, accounts):
    """The identity's type is set through one wallet before another is onboarded with claims."""
    s.registry.registerIdentity(s.dave, DAVE_ID, DE, {"from": s.agent})
    s.registry.setInvestorType(s.dave, ENTITY, {"from": s.agent})
    s.registry.deleteIdentity(s.dave, {"from": s.agent})
    s.registry.addAgent(s.issuer, {"from": s.owner})
    s.registry.batchRegisterIdentityWithClaims(
        [accounts[8]], [DAVE_ID], [UK], [KYC], [now() + 30 * DAY], {"from": s.issuer})
    assert party_word(s, accounts[8]) == (record(accounts[8], UK, entity=True), 1 << KYC)


def _transfer_gas(s, sender, recipient):
    return s.token.transfer(recipient, 10, {"from": sender}).gas_used


def test_a_transfer_costs_the_same_for_entities_as_for_individuals(suite):
    """The type rides in words the transfer reads anyway: same gas, receipt for receipt."""
    s = suite
    _transfer_gas(s, s.alice, s.bob)  # both balances nonzero from here on
    individuals = (_transfer_gas(s, s.alice, s.bob), _transfer_gas(s, s.bob, s.alice))
    s.registry.batchSetInvestorType([s.alice, s.bob], [ENTITY, ENTITY], {"from": s.agent})
    assert (_transfer_gas(s, s.alice, s.bob), _transfer_gas(s, s.bob, s.alice)) == individuals
    # A multi-wallet sender: its identity's record is read for the topics, and gives the type with them.
    s.registry.registerIdentity(s.dave, ALICE_ID, UK, {"from": s.agent})
    s.registry.setInvestorType(s.alice, INDIVIDUAL, {"from": s.agent})
    _transfer_gas(s, s.alice, s.bob)
    multi = _transfer_gas(s, s.alice, s.bob)
    s.registry.setInvestorType(s.alice, ENTITY, {"from": s.agent})
    assert _transfer_gas(s, s.alice, s.bob) == multi
    assert s.token.balanceOf(s.bob) == 540
