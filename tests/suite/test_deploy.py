"""Deploying the example suite on a real chain: every contract deployed, wired and recorded, reattached by
name, and refused where it should be before anything is sent."""

import json

import pytest

from sectoken import artifacts
from sectoken.chain import LocalNode
from sectoken.claims import TOPICS
from sectoken.config import load_config, parse_config
from sectoken.contracts.compliance import BUILTIN_MODULES
from sectoken.contracts.factory import OfferingFactory, offering_salt
from sectoken.deploy import deploy_suite
from sectoken.deployments import Deployments
from sectoken.errors import ChainIdMismatchError, ConfigError, DeploymentNotFoundError
from sectoken.suite import Suite

from .conftest import EXAMPLE, USD, nonce

# The modules the example's rules switch on, in the order they are checked.
MODULES = (
    "CountryAllowModule",
    "InvestorEligibilityModule",
    "InvestorTypeModule",
    "LockUpModule",
    "TransferLimitsModule",
    "MaxBalanceModule",
    "MaxHoldersModule",
    "NonAccreditedHoldersModule",
    "SupplyLimitModule",
)
ROLES = {
    "identityRegistryStorage": "IdentityRegistryStorage",
    "identityRegistry": "IdentityRegistry",
    "identityRegistryImplementation": "IdentityRegistry",
    "compliance": "ModularCompliance",
    "complianceImplementation": "ModularCompliance",
    "token": "SecurityToken",
    "tokenImplementation": "SecurityToken",
    "tokenAdmin": "TokenAdmin",
    "stablecoin": "Stablecoin",
    "stablecoinImplementation": "Stablecoin",
    "settlement": "DvPSettlement",
    "distribution": "Distribution",
    "offeringFactory": "OfferingFactory",
    # the eight shared built-in rule modules, deployed with the compliance implementation
    **{f"module:{name}": name for name in BUILTIN_MODULES},
}


FACTORY_MADE = {"token", "compliance"}


def test_the_record_names_every_contract_with_its_deployment(web3, deployment, store):
    suite, steps = deployment
    path = store.path(web3.eth.chain_id, "uk-us-bond")
    data = json.loads(path.read_text())
    assert data["chainId"] == web3.eth.chain_id and data["deployer"] == suite.signer.address
    assert {role: item["artifact"] for role, item in data["contracts"].items()} == ROLES
    deployed = {step.name: step for step in steps if step.kind == "deploy"}
    # the token and the compliance come from the factory's one transaction
    (offering,) = [step for step in steps if step.name.startswith("factory: deploy the offering UUB30")]
    assert set(deployed) == set(ROLES) - FACTORY_MADE
    for role, item in data["contracts"].items():
        step = offering if role in FACTORY_MADE else deployed[role]
        assert item["txHash"] == step.receipt.tx_hash
        assert item["blockNumber"] == step.receipt.block_number
        if role not in FACTORY_MADE:
            assert item["address"] == step.address
            assert web3.eth.get_transaction_receipt(item["txHash"])["contractAddress"] == item["address"]
        # Proxies are recorded under the implementation's ABI; their deploy transaction created the proxy.
        created = {"stablecoin": "StablecoinProxy", "token": "OfferingProxy", "compliance": "OfferingProxy",
                   "identityRegistry": "OfferingProxy"}.get(role, ROLES[role])
        assert item["artifactSha256"] == artifacts.load(created).bytecode_sha256
        assert web3.eth.get_code(item["address"]).hex() != ""
    assert data["config"]["deployment"] == {"complete": True}
    assert data["config"]["compliance"]["modules"] == list(MODULES)
    assert all(step.receipt.status == 1 for step in steps)


def test_the_contracts_are_wired_together(deployed, cast):
    token, registry, compliance = deployed.token, deployed.registry, deployed.compliance
    assert token.identity_registry() == registry.address and token.compliance() == compliance.address
    assert compliance.token() == token.address
    assert registry.storage() == deployed.storage.address
    assert deployed.storage.linked_registries() == [registry.address]
    assert compliance.modules() == [deployed.modules[name].address for name in MODULES]
    assert all(module.compliance() == compliance.address for module in deployed.modules.values())
    assert (token.name(), token.symbol(), token.decimals()) == ("UK-US Bond 2030", "UUB30", 0)
    for owned in (token, registry, compliance, deployed.storage):
        assert owned.owner() == cast.deployer.address


def test_the_deployer_holds_every_role(deployed, cast):
    me = cast.deployer.address
    assert deployed.token.is_agent(me) and deployed.registry.is_agent(me)
    assert deployed.registry.claim_topics() == (TOPICS["kyc"],)
    # `topics: all`: the deployer attests every claim topic, so any investors file works right away
    assert deployed.storage.issuer_topics(me) == tuple(sorted(TOPICS.values()))
    coin = deployed.stablecoin
    assert coin is not None and coin.owner() == me
    for role in ("master_minter", "pauser", "blacklister", "rescuer", "attester"):
        assert coin.role(role) == me
    assert coin.is_minter(me) and coin.minter_allowance(me) == 10_000_000 * USD
    attestation = coin.reserve_attestation()
    assert attestation.amount == 25_000_000 * USD and attestation.as_of > 0
    assert coin.max_attestation_age() == 30 * 86400
    assert coin.mintable_under_reserves() == 25_000_000 * USD
    assert (coin.name(), coin.symbol(), coin.currency(), coin.decimals()) == ("Sectoken USD", "stUSD", "USD", 6)


def test_the_modules_are_configured_from_the_packs_and_overrides(deployed):
    modules = deployed.modules
    assert modules["CountryAllowModule"].allowed_countries() == (826, 840)
    assert modules["InvestorEligibilityModule"].rule(826) == ((5, 6, 7), (1,))
    assert modules["InvestorEligibilityModule"].rule("US") == ((), (1, 3))
    assert modules["LockUpModule"].lock_up_period("US") == 365 * 86400
    assert modules["LockUpModule"].lock_up_period("GB") == 0
    assert modules["TransferLimitsModule"].transfer_limits() == {86400: 50_000}
    assert modules["MaxBalanceModule"].max_balance() == 250_000
    assert modules["MaxHoldersModule"].holders() == (2000, 0)
    assert modules["MaxHoldersModule"].country_holders(840) == (0, 0)
    assert modules["NonAccreditedHoldersModule"].non_accredited_holders() == (500, 0, TOPICS["accredited"])
    assert modules["InvestorTypeModule"].entity_rule(826) == ((5,), (1,))
    assert modules["SupplyLimitModule"].supply_limit() == 1_000_000


def test_a_deployed_suite_is_reattached_by_name(web3, deployed, cast, store):
    again = Suite.load(web3, cast.alice, "uk-us-bond", store)
    assert again.token.address == deployed.token.address and again.signer is cast.alice
    assert {name: m.address for name, m in again.modules.items()} == {
        name: m.address for name, m in deployed.modules.items()
    }
    assert type(again.module("MaxBalance")).__name__ == "MaxBalanceModule"
    assert again.stablecoin.address == deployed.record.address("stablecoin")
    assert again.settlement.address == deployed.record.address("settlement")
    assert again.distribution.address == deployed.record.address("distribution")
    with pytest.raises(DeploymentNotFoundError, match="Did you mean 'uk-us-bond'|did you mean 'uk-us-bond'"):
        Suite.load(web3, None, "uk-us-bnd", store)


def test_a_taken_name_is_refused_before_anything_is_sent(web3, deployed, cast, store):
    before = nonce(web3, cast.deployer)
    with pytest.raises(ConfigError, match="already deployed on chain"):
        deploy_suite(web3, cast.deployer, load_config(EXAMPLE), deployments=store)
    assert nonce(web3, cast.deployer) == before


def test_the_wrong_chain_is_refused(web3, deployed, store, tmp_path):
    with LocalNode.start(chain_id=11155111) as node:
        other = node.web3()
        with pytest.raises(DeploymentNotFoundError, match=f"exists on chain {web3.eth.chain_id}"):
            Suite.load(other, None, "uk-us-bond", store)
        with pytest.raises(ChainIdMismatchError, match="Connected to chain 11155111, but suite 'uk-us-bond' is on chain"):
            Suite.from_record(other, None, deployed.record)
        # A record filed under the wrong chain's folder is refused too.
        misfiled = Deployments(tmp_path)
        target = misfiled.path(11155111, "uk-us-bond")
        target.parent.mkdir(parents=True)
        target.write_text(json.dumps(deployed.record.to_json()))
        with pytest.raises(ChainIdMismatchError):
            Suite.load(other, None, "uk-us-bond", misfiled)


MINIMAL = """\
name: {name}
token: {{name: Share, symbol: SHR, decimals: 0}}
jurisdictions: [us-reg-d]
registry:
  {storage}
  trusted_issuers: [deployer]
"""


def test_a_second_suite_shares_the_first_ones_identity_storage(web3, deployed, cast, store):
    text = MINIMAL.format(name="second", storage=f'storage: "{deployed.storage.address}"')
    second = deploy_suite(web3, cast.deployer, parse_config(text), deployments=store)
    assert second.storage.address == deployed.storage.address
    assert second.registry.address != deployed.registry.address
    assert deployed.storage.linked_registries() == [deployed.registry.address, second.registry.address]
    assert second.stablecoin is None and second.settlement is None and second.distribution is None
    assert set(second.modules) == set(BUILTIN_MODULES)  # each rule can be switched on later
    by_address = {module.address: name for name, module in second.modules.items()}
    assert {by_address[a] for a in second.compliance.modules()} == {
        "CountryAllowModule", "InvestorEligibilityModule", "LockUpModule", "MaxHoldersModule",
        "NonAccreditedHoldersModule",
    }
    shared, first = second.record.contracts["identityRegistryStorage"], deployed.record.contracts["identityRegistryStorage"]
    # recorded with the block it was deployed in, so the register of the second suite syncs its earlier records
    assert (shared.address, shared.block_number) == (deployed.storage.address, first.block_number)


def test_a_shared_storage_of_another_owner_is_refused_before_anything_is_sent(web3, deployed, cast, store):
    text = MINIMAL.format(name="third", storage=f'storage: "{deployed.storage.address}"')
    before = nonce(web3, cast.alice)
    with pytest.raises(ConfigError, match=f"owned by {cast.deployer.address}, not the deployer {cast.alice.address}"):
        deploy_suite(web3, cast.alice, parse_config(text), deployments=store)
    assert nonce(web3, cast.alice) == before


def test_an_interrupted_deployment_is_recorded_as_incomplete_and_resumed(web3, cast, store):
    config = parse_config(MINIMAL.format(name="interrupted", storage=""))

    def interrupt(step):
        if step.name.startswith("factory: deploy the offering"):
            raise KeyboardInterrupt  # the factory's transaction is mined, its proxies not recorded yet

    with pytest.raises(KeyboardInterrupt):
        deploy_suite(web3, cast.deployer, config, deployments=store, progress=interrupt)
    record = store.find(web3.eth.chain_id, "interrupted")
    assert record.config["deployment"]["complete"] is False
    assert {"identityRegistryStorage", "identityRegistry", "offeringFactory"} <= set(record.contracts)
    assert "token" not in record.contracts
    factory = OfferingFactory(web3, record.address("offeringFactory"))
    token, compliance = factory.offering_addresses(cast.deployer.address, offering_salt("SHR"))
    assert web3.eth.get_code(token) and web3.eth.get_code(compliance)
    with pytest.raises(DeploymentNotFoundError, match="was not deployed completely.*--resume"):
        Suite.load(web3, None, "interrupted", store)
    before = nonce(web3, cast.deployer)
    with pytest.raises(ConfigError, match="was not deployed completely.*--resume"):
        deploy_suite(web3, cast.deployer, config, deployments=store)  # deploying afresh would orphan it
    assert nonce(web3, cast.deployer) == before
    resumed = deploy_suite(web3, cast.deployer, config, deployments=store, resume=True)
    assert nonce(web3, cast.deployer) == before + 1  # the registry's binding only: the offering is not redone
    assert (resumed.token.address, resumed.compliance.address) == (token, compliance)
    assert store.find(web3.eth.chain_id, "interrupted").config["deployment"]["complete"] is True
    redone = deploy_suite(web3, cast.deployer, config, deployments=store, overwrite=True)
    assert redone.token.address != token
