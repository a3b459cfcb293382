"""The claim store's ONCHAINID functions, driven directly (the library and CLI paths are in
tests/investors/test_onchainid.py): claims read from real ONCHAINID 2.2.1 identities and ClaimIssuers deployed
from the npm artifacts, checked once at import, dropped or renewed by a resync."""

from __future__ import annotations

import brownie
import pytest

from sectoken.signers import LocalSigner
from sectoken.tx import send
from tests.conftest import KYC, UK, revert_msg
from tests.investors.onchainid import add_claim, claim_id, deploy_claim_issuer, deploy_identity

VALID, ISSUER_NOT_TRUSTED, IDENTITY_NOT_CONTRACT, CLAIM_NOT_FOUND, CLAIM_INVALID = range(5)
AML = 2


@pytest.fixture(scope="module")
def onchain(identity_suite, web3, accounts):
    s = identity_suite
    from tests.conftest import private_key

    s.manager = LocalSigner.from_key(private_key(accounts[8]))
    s.trusted = deploy_claim_issuer(web3, s.manager, "registry tests trusted")
    s.untrusted = deploy_claim_issuer(web3, s.manager, "registry tests untrusted")
    s.storage.addTrustedIssuer(s.trusted.address, [KYC, AML], {"from": s.owner})
    s.holder = s.manager
    s.identity = deploy_identity(web3, s.holder)
    s.signature = add_claim(web3, s.holder, s.identity, s.trusted, KYC)
    add_claim(web3, s.holder, s.identity, s.untrusted, KYC)
    s.registry.registerIdentity(accounts[7], s.identity.address, UK, {"from": s.agent})
    return s


def test_a_valid_claim_is_imported_by_anyone_and_verifies_the_wallet(onchain, accounts):
    s = onchain
    state, signature_hash = s.storage.onchainClaimState(s.identity.address, KYC, s.trusted.address)
    assert state == VALID and bytes(signature_hash) == bytes(brownie.web3.keccak(s.signature))
    assert not s.registry.isVerified(accounts[7])
    tx = s.storage.importClaimFromOnchainId(s.identity.address, KYC, s.trusted.address, {"from": s.stranger})
    assert tx.events["OnchainClaimImported"]["identity"] == s.identity.address
    assert tx.events["ClaimAdded"]["issuer"] == s.trusted.address
    assert s.registry.isVerified(accounts[7])
    assert bytes(s.storage.importedOnchainClaim(s.identity.address, KYC, s.trusted.address)) == bytes(signature_hash)


def test_the_batch_import_checks_every_claim(onchain):
    s = onchain
    with brownie.reverts(revert_msg("ClaimOnchainNotFound", s.identity.address, AML, s.trusted.address)):
        s.storage.importClaimsFromOnchainId(
            s.identity.address, [KYC, AML], [s.trusted.address, s.trusted.address], {"from": s.stranger}
        )
    tx = s.storage.importClaimsFromOnchainId(s.identity.address, [KYC], [s.trusted.address], {"from": s.stranger})
    assert len(tx.events["OnchainClaimImported"]) == 1


def test_what_cannot_be_imported_is_refused_with_its_reason(onchain, web3):
    s = onchain
    assert s.storage.onchainClaimState(s.identity.address, KYC, s.untrusted.address)[0] == ISSUER_NOT_TRUSTED
    with brownie.reverts(revert_msg("ClaimIssuerNotTrusted", s.untrusted.address, KYC)):
        s.storage.importClaimFromOnchainId(s.identity.address, KYC, s.untrusted.address, {"from": s.stranger})
    assert s.storage.onchainClaimState(s.stranger, KYC, s.trusted.address)[0] == IDENTITY_NOT_CONTRACT
    with brownie.reverts(revert_msg("ClaimOnchainIdentityNotContract", s.stranger)):
        s.storage.importClaimFromOnchainId(s.stranger, KYC, s.trusted.address, {"from": s.stranger})
    assert s.storage.onchainClaimState(s.identity.address, AML, s.trusted.address)[0] == CLAIM_NOT_FOUND
    send(web3, s.manager, s.trusted.contract.functions.revokeClaimBySignature(s.signature))
    assert s.storage.onchainClaimState(s.identity.address, KYC, s.trusted.address)[0] == CLAIM_INVALID
    with brownie.reverts(revert_msg("ClaimOnchainInvalid", s.identity.address, KYC, s.trusted.address)):
        s.storage.importClaimFromOnchainId(s.identity.address, KYC, s.trusted.address, {"from": s.stranger})


def test_a_resync_drops_a_revoked_claim_and_keeps_an_unchanged_one(onchain, web3, accounts):
    s = onchain
    s.storage.importClaimFromOnchainId(s.identity.address, KYC, s.trusted.address, {"from": s.stranger})
    with brownie.reverts(revert_msg("ClaimOnchainNotImported", s.identity.address, AML, s.trusted.address)):
        s.storage.resyncOnchainClaim(s.identity.address, AML, s.trusted.address, {"from": s.stranger})
    tx = s.storage.resyncOnchainClaim(s.identity.address, KYC, s.trusted.address, {"from": s.stranger})
    assert "OnchainClaimImported" not in tx.events and "OnchainClaimDropped" not in tx.events
    send(web3, s.holder, s.identity.functions.removeClaim(claim_id(s.trusted.address, KYC)))
    tx = s.storage.resyncOnchainClaim(s.identity.address, KYC, s.trusted.address, {"from": s.stranger})
    assert tx.events["OnchainClaimDropped"]["reason"] == CLAIM_NOT_FOUND
    assert not s.registry.isVerified(accounts[7])


def test_a_resync_renews_a_claim_whose_issuer_was_trusted_again(onchain, accounts):
    s = onchain
    s.storage.importClaimFromOnchainId(s.identity.address, KYC, s.trusted.address, {"from": s.stranger})
    s.storage.removeTrustedIssuer(s.trusted.address, {"from": s.owner})
    tx = s.storage.resyncOnchainClaim(s.identity.address, KYC, s.trusted.address, {"from": s.stranger})
    assert tx.events["OnchainClaimDropped"]["reason"] == ISSUER_NOT_TRUSTED
    s.storage.addTrustedIssuer(s.trusted.address, [KYC], {"from": s.owner})
    s.storage.importClaimFromOnchainId(s.identity.address, KYC, s.trusted.address, {"from": s.stranger})
    s.storage.removeTrustedIssuer(s.trusted.address, {"from": s.owner})
    s.storage.addTrustedIssuer(s.trusted.address, [KYC], {"from": s.owner})
    # The claim of the earlier trust generation no longer counts; the resync stores it again.
    assert not s.registry.isVerified(accounts[7])
    tx = s.storage.resyncOnchainClaim(s.identity.address, KYC, s.trusted.address, {"from": s.stranger})
    assert "OnchainClaimImported" in tx.events
    assert s.registry.isVerified(accounts[7])
