"""Registering, updating and removing investor wallets, and sharing one storage between registries."""

import brownie
import pytest

from tests.conftest import (
    ALICE_ID,
    BOB_ID,
    DAVE_ID,
    DE,
    KYC,
    UK,
    US,
    US_ACCREDITED,
    deploy_registry,
    investor,
    revert_msg,
)

ZERO = "0x0000000000000000000000000000000000000000"


@pytest.fixture
def s(identity_suite):
    return identity_suite


def test_register_stores_identity_and_country_and_emits_events(s):
    tx = s.registry.registerIdentity(s.dave, DAVE_ID, DE, {"from": s.agent})
    assert tx.events["IdentityRegistered"]["investorAddress"] == s.dave
    assert tx.events["IdentityRegistered"]["identity"] == DAVE_ID
    assert tx.events["IdentityStored"]["investorAddress"] == s.dave
    assert tx.events["IdentityStored"]["identity"] == DAVE_ID
    assert s.registry.contains(s.dave)
    assert s.registry.identity(s.dave) == DAVE_ID
    assert s.registry.investorCountry(s.dave) == DE
    assert s.storage.storedIdentity(s.dave) == DAVE_ID
    assert s.storage.storedInvestorCountry(s.dave) == DE


def test_registered_wallet_without_claims_is_not_verified(s):
    s.registry.registerIdentity(s.dave, DAVE_ID, DE, {"from": s.agent})
    assert s.registry.contains(s.dave)
    assert not s.registry.isVerified(s.dave)
    assert investor(s.registry, s.dave) == (DAVE_ID, DE, False, 0)


def test_unregistered_wallet_reads_as_empty_record(s):
    assert not s.registry.contains(s.dave)
    assert s.registry.identity(s.dave) == ZERO
    assert s.registry.investorCountry(s.dave) == 0
    assert investor(s.registry, s.dave) == (ZERO, 0, False, 0)


def test_registering_a_wallet_twice_reverts(s):
    with brownie.reverts(revert_msg("StorageWalletAlreadyStored", s.alice)):
        s.registry.registerIdentity(s.alice, BOB_ID, US, {"from": s.agent})


def test_registering_zero_identity_reverts(s):
    with brownie.reverts(revert_msg("StorageZeroAddress")):
        s.registry.registerIdentity(s.dave, ZERO, US, {"from": s.agent})


def test_update_country_emits_events(s):
    tx = s.registry.updateCountry(s.alice, US, {"from": s.agent})
    assert tx.events["CountryUpdated"]["investorAddress"] == s.alice
    assert tx.events["CountryUpdated"]["country"] == US
    assert tx.events["CountryModified"]["country"] == US
    assert s.registry.investorCountry(s.alice) == US
    assert s.registry.investor(s.alice)[1] == US


def test_update_identity_moves_wallet_to_new_identity_and_its_claims(s):
    tx = s.registry.updateIdentity(s.alice, DAVE_ID, {"from": s.agent})
    assert tx.events["IdentityUpdated"]["oldIdentity"] == ALICE_ID
    assert tx.events["IdentityUpdated"]["newIdentity"] == DAVE_ID
    assert tx.events["IdentityModified"]["oldIdentity"] == ALICE_ID
    assert s.registry.identity(s.alice) == DAVE_ID
    # DAVE_ID holds no KYC claim: the wallet is no longer verified.
    assert not s.registry.isVerified(s.alice)


def test_delete_identity_unregisters_and_unverifies(s):
    assert s.registry.isVerified(s.alice)
    tx = s.registry.deleteIdentity(s.alice, {"from": s.agent})
    assert tx.events["IdentityRemoved"]["investorAddress"] == s.alice
    assert tx.events["IdentityRemoved"]["identity"] == ALICE_ID
    assert tx.events["IdentityUnstored"]["identity"] == ALICE_ID
    assert not s.registry.contains(s.alice)
    assert not s.registry.isVerified(s.alice)


def test_operations_on_unregistered_wallet_revert(s):
    msg = revert_msg("StorageWalletNotStored", s.dave)
    with brownie.reverts(msg):
        s.registry.deleteIdentity(s.dave, {"from": s.agent})
    with brownie.reverts(msg):
        s.registry.updateCountry(s.dave, UK, {"from": s.agent})
    with brownie.reverts(msg):
        s.registry.updateIdentity(s.dave, DAVE_ID, {"from": s.agent})


def test_batch_register_registers_every_entry(s, accounts):
    wallets = [accounts[7], accounts[8]]
    tx = s.registry.batchRegisterIdentity(wallets, [DAVE_ID, DAVE_ID], [DE, UK], {"from": s.agent})
    assert len(tx.events["IdentityRegistered"]) == 2
    assert [e["investorAddress"] for e in tx.events["IdentityRegistered"]] == wallets
    assert s.registry.investorCountry(accounts[8]) == UK


@pytest.mark.parametrize("lengths", [(2, 1, 2), (2, 2, 1), (1, 2, 2)])
def test_batch_register_with_mismatched_lengths_reverts(s, accounts, lengths):
    wallets = [accounts[7], accounts[8]][: lengths[0]]
    ids = [DAVE_ID, BOB_ID][: lengths[1]]
    countries = [DE, UK][: lengths[2]]
    with brownie.reverts(revert_msg("IdentityRegistryLengthMismatch")):
        s.registry.batchRegisterIdentity(wallets, ids, countries, {"from": s.agent})


def test_unbound_registry_cannot_write_storage(s, IdentityRegistry):
    other = deploy_registry(s.owner, s.storage)
    other.addAgent(s.agent, {"from": s.owner})
    with brownie.reverts(revert_msg("StorageOnlyBoundRegistry", other)):
        other.registerIdentity(s.dave, DAVE_ID, DE, {"from": s.agent})


def test_binding_and_unbinding_registries(s, IdentityRegistry):
    other = deploy_registry(s.owner, s.storage)
    tx = s.storage.bindIdentityRegistry(other, {"from": s.owner})
    assert tx.events["IdentityRegistryBound"]["identityRegistry"] == other
    assert s.storage.linkedIdentityRegistries() == [s.registry, other]
    with brownie.reverts(revert_msg("StorageRegistryAlreadyBound", other)):
        s.storage.bindIdentityRegistry(other, {"from": s.owner})
    tx = s.storage.unbindIdentityRegistry(s.registry, {"from": s.owner})
    assert tx.events["IdentityRegistryUnbound"]["identityRegistry"] == s.registry
    assert s.storage.linkedIdentityRegistries() == [other]
    with brownie.reverts(revert_msg("StorageRegistryNotBound", s.registry)):
        s.storage.unbindIdentityRegistry(s.registry, {"from": s.owner})


def test_two_registries_share_one_kyc_but_require_their_own_topics(s, IdentityRegistry):
    """A bond and a fund of one issuer: same investors and claims, the fund also requires accreditation."""
    fund_registry = deploy_registry(s.owner, s.storage)
    s.storage.bindIdentityRegistry(fund_registry, {"from": s.owner})
    fund_registry.addClaimTopic(KYC, {"from": s.owner})
    fund_registry.addClaimTopic(US_ACCREDITED, {"from": s.owner})
    # bob is registered once (through the bond's registry) and seen by both.
    assert fund_registry.contains(s.bob)
    assert s.registry.isVerified(s.bob)
    assert not fund_registry.isVerified(s.bob)
    s.storage.addClaim(BOB_ID, US_ACCREDITED, 2**64 - 1, {"from": s.issuer})
    assert fund_registry.isVerified(s.bob)
    assert investor(fund_registry, s.bob) == (BOB_ID, US, True, (1 << KYC) | (1 << US_ACCREDITED))


def test_set_identity_registry_storage_emits_event(s, IdentityRegistryStorage):
    new_storage = IdentityRegistryStorage.deploy(s.owner, {"from": s.owner})
    tx = s.registry.setIdentityRegistryStorage(new_storage, {"from": s.owner})
    assert tx.events["IdentityStorageSet"]["identityStorage"] == new_storage
    assert s.registry.identityStorage() == new_storage
    assert not s.registry.contains(s.alice)
    with brownie.reverts(revert_msg("IdentityRegistryZeroAddress")):
        s.registry.setIdentityRegistryStorage(ZERO, {"from": s.owner})


def test_agents_are_added_and_removed_with_events(s):
    tx = s.registry.addAgent(s.stranger, {"from": s.owner})
    assert tx.events["AgentAdded"]["_agent"] == s.stranger
    assert s.registry.isAgent(s.stranger)
    with brownie.reverts(revert_msg("AgentRoleAlreadyAgent", s.stranger)):
        s.registry.addAgent(s.stranger, {"from": s.owner})
    tx = s.registry.removeAgent(s.stranger, {"from": s.owner})
    assert tx.events["AgentRemoved"]["_agent"] == s.stranger
    assert not s.registry.isAgent(s.stranger)
    with brownie.reverts(revert_msg("AgentRoleUnauthorized", s.stranger)):
        s.registry.registerIdentity(s.dave, DAVE_ID, DE, {"from": s.stranger})
    with brownie.reverts(revert_msg("AgentRoleNotAgent", s.stranger)):
        s.registry.removeAgent(s.stranger, {"from": s.owner})
