"""What the token tells its compliance: one applyTransfer per balance change, with the kind, the parties'
registry records and the sender's balance before; and binding through setCompliance."""

import brownie
import pytest

from tests.compliance.compliance_helpers import ModuleHandle
from tests.conftest import (
    ALICE_ID,
    BOB_ID,
    CAROL_ID,
    KYC,
    UK,
    US,
    ZERO_ADDRESS,
    builtin_module,
    deploy_compliance,
    deploy_registry,
    deploy_token,
    revert_msg,
)

TRANSFER, MINT, BURN, FORCED = 0, 1, 2, 3


@pytest.fixture
def s(suite):
    return suite


def test_transfer_context_carries_both_parties_records(s):
    tx = s.token.transfer(s.bob, 100, {"from": s.alice})
    applied = tx.events["TransferApplied"]
    assert len(tx.events["TransferApplied"]) == 1
    assert (applied["kind"], applied["from"], applied["to"], applied["amount"], applied["fromBalance"]) == (
        TRANSFER, s.alice, s.bob, 100, 1000,
    )
    seen = tx.events["PartiesSeen"]
    assert (seen["senderIdentity"], seen["senderCountry"], seen["senderVerified"], seen["senderTopics"]) == (
        ALICE_ID, UK, True, 1 << KYC,
    )
    assert (seen["recipientIdentity"], seen["recipientCountry"], seen["recipientVerified"]) == (BOB_ID, US, True)


def test_transfer_from_uses_the_same_path(s):
    s.token.approve(s.carol, 50, {"from": s.bob})
    tx = s.token.transferFrom(s.bob, s.alice, 50, {"from": s.carol})
    assert tx.events["TransferApplied"]["kind"] == TRANSFER
    assert tx.events["TransferApplied"]["from"] == s.bob
    assert tx.events["TransferApplied"]["fromBalance"] == 500


def test_mint_context_has_no_sender(s):
    tx = s.token.mint(s.carol, 5, {"from": s.agent})
    assert tx.events["TransferApplied"]["kind"] == MINT
    assert tx.events["TransferApplied"]["fromBalance"] == 0
    assert tx.events["PartiesSeen"]["senderIdentity"] == ZERO_ADDRESS
    assert tx.events["PartiesSeen"]["recipientIdentity"] == CAROL_ID


def test_burn_context_has_no_recipient(s):
    tx = s.token.burn(s.bob, 5, {"from": s.agent})
    assert tx.events["TransferApplied"]["kind"] == BURN
    assert tx.events["TransferApplied"]["fromBalance"] == 500
    assert tx.events["PartiesSeen"]["senderIdentity"] == BOB_ID
    assert tx.events["PartiesSeen"]["recipientIdentity"] == ZERO_ADDRESS


def test_hooks_accept_only_the_bound_token(s):
    with brownie.reverts(revert_msg("ComplianceOnlyToken", s.stranger)):
        s.compliance.created(s.alice, 1, {"from": s.stranger})


def test_set_compliance_switches_to_a_compliance_bound_to_the_token_and_unbinds_the_old(s, TestCompliance):
    new = TestCompliance.deploy({"from": s.owner})
    with brownie.reverts(revert_msg("TokenComplianceNotBound", new)):
        s.token.setCompliance(new, {"from": s.owner})
    new.bindToken(s.token, {"from": s.owner})
    tx = s.token.setCompliance(new, {"from": s.owner})
    assert tx.events["ComplianceAdded"]["_compliance"] == new
    assert tx.events["TokenUnbound"]["token"] == s.token
    assert s.token.compliance() == new
    assert s.compliance.getTokenBound() == ZERO_ADDRESS
    new.setRefusal(19, True, {"from": s.owner})
    assert s.token.detectTransferRestriction(s.alice, s.bob, 1) == 19
    # Back to the first: the owner binds it again; the switch unbinds `new`.
    s.compliance.bindToken(s.token, {"from": s.owner})
    s.token.setCompliance(s.compliance, {"from": s.owner})
    assert new.getTokenBound() == ZERO_ADDRESS


def test_no_rule_is_switched_or_set_until_the_compliance_owner_binds_the_token(s, CountryAllowModule):
    """The token's initialisation does not bind it to its compliance (nor can anyone but the compliance's
    owner): until the owner binds it, no rule can be switched on or set, by the owner or anyone else."""
    compliance = deploy_compliance(s.owner)
    token = deploy_token(s.owner, s.registry, compliance, "Fund", "FND")
    allow = ModuleHandle(builtin_module(compliance, "CountryAllowModule"), compliance)
    assert compliance.getTokenBound() == ZERO_ADDRESS
    with brownie.reverts(revert_msg("ComplianceNoToken")):
        compliance.addModule(allow, {"from": s.owner})
    with brownie.reverts(revert_msg("ModuleNoToken")):
        allow.allowCountries([UK], {"from": s.owner})
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", s.stranger)):
        compliance.bindToken(token, {"from": s.stranger})
    with brownie.reverts(revert_msg("RuleEngineUnauthorized", s.stranger)):
        token.setRules(1, {"from": s.stranger})
    compliance.bindToken(token, {"from": s.owner})
    compliance.addModule(allow, {"from": s.owner})
    allow.allowCountries([UK], {"from": s.owner})
    assert token.rules()[0] == 1 and allow.isCountryAllowed(UK)


def test_set_identity_registry_switches_the_investor_source(s, IdentityRegistry):
    other = deploy_registry(s.owner, s.storage)
    other.addClaimTopic(5, {"from": s.owner})  # requires UK professional client: nobody has it
    tx = s.token.setIdentityRegistry(other, {"from": s.owner})
    assert tx.events["IdentityRegistryAdded"]["_identityRegistry"] == other
    assert s.token.identityRegistry() == other
    assert s.token.detectTransferRestriction(s.alice, s.bob, 1) == 5
    with brownie.reverts(revert_msg("TokenZeroAddress")):
        s.token.setIdentityRegistry(ZERO_ADDRESS, {"from": s.owner})
