"""Every argument check refuses with its own error: zero addresses where a contract or a wallet is
needed, claim topics beyond the 96 the registry can hold, caps and limits wider than their storage."""

import brownie
import pytest

from tests.compliance.compliance_helpers import ModuleHandle
from tests.conftest import (
    ALICE_ID,
    DAY,
    KYC,
    NO_EXPIRY,
    UK,
    ZERO_ADDRESS,
    builtin_module,
    deploy_compliance,
    deploy_token,
    revert_msg,
)

pytestmark = pytest.mark.usefixtures("suite")


@pytest.fixture
def s(suite):
    return suite


@pytest.fixture
def writable_storage(s):
    """The storage with the owner's account bound as a registry, to call the registry-only writes."""
    s.storage.bindIdentityRegistry(s.owner, {"from": s.owner})
    return s.storage


def test_storage_refuses_zero_wallets_identities_and_registries(s, writable_storage):
    st, owner = writable_storage, {"from": s.owner}
    for wallet, identity in ((ZERO_ADDRESS, ALICE_ID), (s.dave, ZERO_ADDRESS)):
        with brownie.reverts(revert_msg("StorageZeroAddress")):
            st.addIdentityToStorage(wallet, identity, UK, owner)
        with brownie.reverts(revert_msg("StorageZeroAddress")):
            st.addIdentityWithClaims(wallet, identity, UK, s.issuer, [KYC], NO_EXPIRY, owner)
    with brownie.reverts(revert_msg("StorageZeroAddress")):
        st.modifyStoredIdentity(s.alice, ZERO_ADDRESS, owner)
    with brownie.reverts(revert_msg("StorageZeroAddress")):
        st.bindIdentityRegistry(ZERO_ADDRESS, owner)
    assert st.storedIdentity(s.dave) == ZERO_ADDRESS


def test_claims_refuse_a_zero_identity_and_topics_out_of_range(s):
    with brownie.reverts(revert_msg("ClaimZeroAddress")):
        s.storage.addClaim(ZERO_ADDRESS, KYC, NO_EXPIRY, {"from": s.issuer})
    with brownie.reverts(revert_msg("ClaimTopicOutOfRange", 96)):
        s.storage.revokeClaim(ALICE_ID, 96, {"from": s.issuer})
    with brownie.reverts(revert_msg("IdentityRegistryTopicNotRequired", 200)):
        s.registry.removeClaimTopic(200, {"from": s.owner})


def test_agents_and_compliance_are_never_the_zero_address(s):
    for contract in (s.registry, s.token):
        with brownie.reverts(revert_msg("AgentRoleZeroAddress")):
            contract.addAgent(ZERO_ADDRESS, {"from": s.owner})
    with brownie.reverts(revert_msg("TokenZeroAddress")):
        s.token.setCompliance(ZERO_ADDRESS, {"from": s.owner})
    assert s.token.compliance() == s.compliance


def test_modular_compliance_refuses_zero_tokens_and_modules(s):
    compliance = deploy_compliance(s.owner)
    with brownie.reverts(revert_msg("ComplianceZeroAddress")):
        compliance.unbindToken(ZERO_ADDRESS, {"from": s.owner})
    with brownie.reverts(revert_msg("ComplianceZeroAddress")):
        compliance.removeModule(ZERO_ADDRESS, {"from": s.owner})


def test_module_settings_wider_than_the_engine_stores_are_refused(s, MaxHoldersModule, TransferLimitsModule,
                                                                  MaxBalanceModule, SupplyLimitModule):
    compliance = deploy_compliance(s.owner)
    token = deploy_token(s.owner, s.registry, compliance)
    compliance.bindToken(token, {"from": s.owner})
    holders, limits, balance, supply = (
        ModuleHandle(builtin_module(compliance, c._name), compliance)
        for c in (MaxHoldersModule, TransferLimitsModule, MaxBalanceModule, SupplyLimitModule)
    )
    with brownie.reverts(revert_msg("ModuleHolderCapTooLarge", 2**32)):
        holders.setCountryHolderCap(UK, 2**32, {"from": s.owner})
    with brownie.reverts(revert_msg("ModuleInvalidTransferLimit", DAY, 2**88)):
        limits.setTransferLimit(DAY, 2**88, {"from": s.owner})
    with brownie.reverts(revert_msg("ModuleSettingTooLarge", 2**112, 2**112 - 1)):
        balance.setMaxBalance(2**112, {"from": s.owner})
    with brownie.reverts(revert_msg("ModuleSettingTooLarge", 2**112, 2**112 - 1)):
        supply.setSupplyLimit(2**112, {"from": s.owner})
    holders.setCountryHolderCap(UK, 2**32 - 1, {"from": s.owner})
    limits.setTransferLimit(DAY, 2**88 - 1, {"from": s.owner})
    balance.setMaxBalance(2**112 - 1, {"from": s.owner})
    assert [int(v) for v in token.limits()] == [2**112 - 1, 2**88 - 1, DAY]


@pytest.mark.parametrize("zero", [0, 4])  # the seller, the payment token
def test_settlement_terms_with_a_zero_party_or_token_are_refused(s, DvPSettlement, zero):
    dvp = DvPSettlement.deploy({"from": s.owner})
    terms = [s.alice, s.bob, s.token, 10, s.stranger, 100, brownie.chain.time() + DAY]
    terms[zero] = ZERO_ADDRESS
    with brownie.reverts(revert_msg("DvPInvalidTerms")):
        dvp.propose(terms, {"from": s.bob})
    assert dvp.tradeCount() == 0
