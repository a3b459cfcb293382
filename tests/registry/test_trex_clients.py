"""A client written against T-REX 4.1.6's ABIs (from its npm package) reads the registry as it reads T-REX's:
`issuersRegistry()` leads to a contract answering ITrustedIssuersRegistry (the storage), `topicsRegistry()` to
one answering IClaimTopicsRegistry (the registry itself), and the identity reads answer as
IIdentityRegistry says. The setters accept what is already in place and refuse anything else."""

import json
from pathlib import Path

import brownie
import pytest
from brownie import web3

from tests.conftest import AML, KYC, NON_US, UK, UK_PROFESSIONAL, US_ACCREDITED, deploy_registry, revert_msg

ROOT = Path(__file__).resolve().parents[2]
TREX = ROOT / "node_modules/@tokenysolutions/t-rex/artifacts/contracts/registry/interface"


def trex(name: str, address: str):
    """A web3.py contract at `address` with T-REX's ABI of interface `name`."""
    abi = json.loads((TREX / f"{name}.sol" / f"{name}.json").read_text())["abi"]
    return web3.eth.contract(address=address, abi=abi)


@pytest.fixture
def s(identity_suite):
    return identity_suite


def test_a_trex_client_reads_issuers_topics_and_identities(s):
    registry = trex("IIdentityRegistry", s.registry.address)
    issuers = trex("ITrustedIssuersRegistry", registry.functions.issuersRegistry().call())
    topics = trex("IClaimTopicsRegistry", registry.functions.topicsRegistry().call())
    assert issuers.address == s.storage.address and topics.address == s.registry.address
    assert issuers.functions.getTrustedIssuers().call() == [s.issuer.address, s.issuer2.address]
    assert issuers.functions.isTrustedIssuer(s.issuer2.address).call()
    assert not issuers.functions.isTrustedIssuer(s.stranger.address).call()
    assert issuers.functions.getTrustedIssuerClaimTopics(s.issuer.address).call() == sorted(
        [KYC, AML, US_ACCREDITED, NON_US, UK_PROFESSIONAL]
    )
    assert issuers.functions.hasClaimTopic(s.issuer2.address, AML).call()
    assert issuers.functions.getTrustedIssuersForClaimTopic(KYC).call() == [s.issuer.address, s.issuer2.address]
    assert issuers.functions.getTrustedIssuersForClaimTopic(US_ACCREDITED).call() == [s.issuer.address]
    assert issuers.functions.getTrustedIssuersForClaimTopic(95).call() == []
    assert topics.functions.getClaimTopics().call() == [KYC]
    assert registry.functions.isVerified(s.alice.address).call()
    assert registry.functions.investorCountry(s.alice.address).call() == UK
    assert registry.functions.identity(s.alice.address).call() == s.registry.identity(s.alice)
    assert registry.functions.identityStorage().call() == s.storage.address


def test_the_setters_accept_what_is_in_place_and_refuse_the_rest(s):
    tx = s.registry.setTrustedIssuersRegistry(s.storage, {"from": s.owner})
    assert tx.events["TrustedIssuersRegistrySet"]["trustedIssuersRegistry"] == s.storage
    tx = s.registry.setClaimTopicsRegistry(s.registry, {"from": s.owner})
    assert tx.events["ClaimTopicsRegistrySet"]["claimTopicsRegistry"] == s.registry
    with brownie.reverts(revert_msg("IdentityRegistryComponentFixed", s.stranger, s.storage)):
        s.registry.setTrustedIssuersRegistry(s.stranger, {"from": s.owner})
    with brownie.reverts(revert_msg("IdentityRegistryComponentFixed", s.storage, s.registry)):
        s.registry.setClaimTopicsRegistry(s.storage, {"from": s.owner})
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", s.agent)):
        s.registry.setTrustedIssuersRegistry(s.storage, {"from": s.agent})
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", s.agent)):
        s.registry.setClaimTopicsRegistry(s.registry, {"from": s.agent})


def test_deployment_announces_both_components(s, IdentityRegistry):
    registry = deploy_registry(s.owner, s.storage)
    events = registry.tx.events
    assert events["TrustedIssuersRegistrySet"]["trustedIssuersRegistry"] == s.storage
    assert events["ClaimTopicsRegistrySet"]["claimTopicsRegistry"] == registry
