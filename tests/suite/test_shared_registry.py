"""One more offering on an issuer's existing identity registry (`registry: address:`): the second suite deploys
no registry and no storage, binds its token to the first suite's registry, and the investors onboarded once
through the first suite hold and transfer both offerings; a registry that cannot take the token is refused
before anything is sent, and an interrupted deployment is resumed without doing anything twice."""

from __future__ import annotations

import pytest

from sectoken.administration import agents
from sectoken.deploy import deploy_suite
from sectoken.deployments import Deployments
from sectoken.errors import ConfigError
from sectoken.reasons import Restriction
from sectoken.signers import dev_account
from sectoken.suite import Suite

from .conftest import nonce
from .resume_helpers import StopAfter
from .second_suite import (
    AGENT,
    NO_TRANSACTION,
    mint_and_transfer,
    refused_before_sending,
    refuses_carol,
    second_config,
)
from .test_token_operations import refused


def test_the_configuration_reads_the_registry_address():
    registry = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
    config = second_config(registry.lower(), more="  trusted_issuers: []\n")  # the registry's storage has its own
    assert config.registry.address == registry and config.registry.storage is None
    assert config.to_json()["registry"]["address"] == registry
    own_config = second_config(None, name="own", symbol="OWN", more="  trusted_issuers: [deployer]\n")
    assert "address" not in own_config.to_json()["registry"]  # records of suites with their own keep their shape
    with pytest.raises(ConfigError, match="<config>:5"):
        second_config("0x1234")


@pytest.fixture(scope="module")
def second(web3, suite, cast, store) -> tuple[Suite, list]:
    """A second offering deployed on the example's registry (its record in the same folder), and its steps."""
    steps: list = []
    deployed = deploy_suite(web3, cast.deployer, second_config(suite.registry.address), deployments=store,
                            progress=steps.append)
    return deployed, steps


def test_the_second_offering_uses_the_first_ones_registry_and_deploys_none(web3, suite, second, store):
    bond, steps = second
    assert bond.registry.address == suite.registry.address and bond.storage.address == suite.storage.address
    assert bond.token.identity_registry() == suite.registry.address
    assert suite.registry.bound_tokens() == [suite.token.address, bond.token.address]
    assert suite.storage.linked_registries() == [suite.registry.address]  # no registry bound to the storage
    # Recorded as shared: no deploy transaction, no implementation of its own, the first suite's blocks (so the
    # events before this suite are scanned from the record).
    first = suite.record.contracts
    for role in ("identityRegistry", "identityRegistryStorage"):
        item = bond.record.contracts[role]
        assert (item.address, item.tx_hash, item.block_number) == (first[role].address, NO_TRANSACTION,
                                                                   first[role].block_number)
    assert "identityRegistryImplementation" not in bond.record.contracts
    assert store.find(web3.eth.chain_id, "second-bond").config["registry"]["address"] == suite.registry.address
    # Sent: the shared contracts of an offering, then the new agent, the factory's transaction and the binding
    # (the registry already requires the suite's topics; the deployer is trusted for every topic already).
    calls = [step.name for step in steps if step.kind == "call"]
    offering = "factory: deploy the offering UUB31 (token, compliance, rules, agents)"
    assert calls == [f"registry: add agent {AGENT}", offering, "registry: bind the token"]
    assert {step.name for step in steps if step.kind == "deploy"}.isdisjoint(
        {"identityRegistry", "identityRegistryStorage", "identityRegistryImplementation"})
    assert suite.registry.is_agent(AGENT) and bond.token.is_agent(AGENT)
    # The agents the first suite appointed are found from the second's record too.
    assert {agent.account for agent in agents(bond)} >= {suite.registry.owner(), AGENT}


def test_investors_onboarded_once_hold_and_transfer_both_offerings(web3, suite, second, cast):
    bond, _ = second
    before = nonce(web3, cast.deployer)
    for token in (suite.token, bond.token):
        mint_and_transfer(token, cast)
    assert nonce(web3, cast.deployer) == before + 2  # the mints: no registration, no claim
    # The second offering's own rules apply to the shared records: carol (UK, KYC only) is not eligible.
    refuses_carol(web3, bond.token, cast)
    alice = bond.token.with_signer(cast.alice)
    refused(web3, cast.alice, lambda: alice.transfer(cast.erin.address, 1), Restriction.RECIPIENT_NOT_VERIFIED)


def test_a_registry_of_another_owner_is_refused_before_anything_is_sent(web3, suite, cast, store):
    refused_before_sending(web3, store, cast.alice, second_config(suite.registry.address, name="not-owner"),
             f"registry {suite.registry.address} is owned by {cast.deployer.address}, not the deployer "
             f"{cast.alice.address}: binding the new token to it needs its owner")


def test_an_address_that_is_no_identity_registry_is_refused(web3, suite, cast, store):
    refused_before_sending(web3, store, cast.deployer, second_config(suite.token.address, name="a-token"),
             f"registry address {suite.token.address} does not answer as an identity registry")
    refused_before_sending(web3, store, cast.deployer, second_config(cast.erin.address, name="no-code"),
             f"registry address {cast.erin.address} has no contract on the connected chain")


def test_a_storage_other_than_the_registrys_is_refused(web3, suite, cast, store):
    other = suite.token.address
    config = second_config(suite.registry.address, name="mismatch", more=f'  storage: "{other}"\n')
    refused_before_sending(web3, store, cast.deployer, config,
             f"registry storage {other} is not the storage of registry {suite.registry.address} "
             rf"\({suite.storage.address}\)")
    same = second_config(suite.registry.address, name="same", more=f'  storage: "{suite.storage.address}"\n')
    assert deploy_suite(web3, cast.deployer, same, deployments=store).storage.address == suite.storage.address


def test_topics_the_registry_does_not_require_are_refused_with_how_to_add_them(web3, suite, cast, store):
    config = second_config(suite.registry.address, name="aml", more="  required_topics: [aml, accredited]\n")
    refused_before_sending(web3, store, cast.deployer, config,
             f"registry {suite.registry.address} does not require aml, accredited, which this suite requires of "
             r"every investor\. The deploy does not add required topics to an existing registry.*"
             "`sectoken --suite <a suite on it> topic add aml`; `sectoken --suite <a suite on it> topic add accredited`")
    assert suite.registry.claim_topics() == (1,)  # nothing added


def test_a_registry_with_no_room_for_one_more_token_is_refused(web3, suite, second, cast, store):
    for module in list(suite.modules.values())[:14]:  # any contract binds: 2 tokens and 14 more fill it
        suite.registry.bind_token(module.address)
    assert len(suite.registry.bound_tokens()) == 16
    refused_before_sending(web3, store, cast.deployer, second_config(suite.registry.address, name="full"),
             f"registry {suite.registry.address} has 16 tokens bound, as many as it takes: its owner can unbind one")


def test_an_interrupted_deployment_on_a_shared_registry_is_resumed_without_repeats(web3, suite, cast, tmp_path):
    store = Deployments(tmp_path)  # no record of the first suite here: its blocks are read from the chain
    agent = dev_account(6).address
    config = second_config(suite.registry.address, name="resumed", symbol="UUB32", agent=agent)
    stop = StopAfter("factory: deploy the offering")
    with pytest.raises(KeyboardInterrupt):
        deploy_suite(web3, cast.deployer, config, deployments=store, progress=stop)
    assert [s.name for s in stop.steps if s.kind == "call"][:1] == [f"registry: add agent {agent}"]
    record = store.find(web3.eth.chain_id, "resumed")
    assert record.config["deployment"]["complete"] is False
    assert record.contracts["identityRegistry"].tx_hash == NO_TRANSACTION
    before = nonce(web3, cast.deployer)
    resumed = deploy_suite(web3, cast.deployer, config, deployments=store, resume=True)
    assert nonce(web3, cast.deployer) == before + 1  # the binding only: agent and offering not redone
    bound = suite.registry.bound_tokens()
    assert bound[0] == suite.token.address and bound.count(resumed.token.address) == 1
    shared = resumed.record.contracts
    assert shared["identityRegistry"] == record.contracts["identityRegistry"]
    assert shared["identityRegistryStorage"].block_number == suite.record.contracts["identityRegistryStorage"].block_number
    assert shared["identityRegistry"].block_number == suite.record.contracts["identityRegistry"].block_number
    with pytest.raises(ConfigError, match="is deployed completely"):
        deploy_suite(web3, cast.deployer, config, deployments=store, resume=True)
