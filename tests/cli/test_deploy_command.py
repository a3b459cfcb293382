"""`sectoken deploy CONFIG.yaml`: the whole suite deployed and recorded, the gas of every contract shown,
and mistakes refused with one red line before anything is sent."""

import json

from sectoken.contracts.compliance import BUILTIN_MODULES

from .conftest import DEPLOYER, EXAMPLE, SUITE, one_red_line, pending_nonce

ROLES = {
    "identityRegistryStorage", "identityRegistry", "identityRegistryImplementation", "compliance", "complianceImplementation", "token",
    "tokenImplementation", "tokenAdmin", "stablecoin", "stablecoinImplementation",
    "settlement", "distribution", "offeringFactory", *(f"module:{name}" for name in BUILTIN_MODULES),
}
#: Created by the offering factory's transaction (their gas is the factory call's, among the calls).
FACTORY_MADE = {"token", "compliance"}


def test_deploy_records_every_contract_with_its_gas(web3, sectoken, deployed):
    assert deployed["name"] == SUITE and deployed["chainId"] == web3.eth.chain_id
    assert deployed["deployer"] == DEPLOYER
    assert set(deployed["contracts"]) == ROLES
    for role, item in deployed["contracts"].items():
        receipt = web3.eth.get_transaction_receipt(item["txHash"])
        if role in FACTORY_MADE:
            assert receipt["to"] == deployed["contracts"]["offeringFactory"]["address"] and item["gasUsed"] == 0
            continue
        assert receipt["contractAddress"] == item["address"] and receipt["gasUsed"] == item["gasUsed"], role
    gas = deployed["gasUsed"]
    assert gas["deployments"] == sum(item["gasUsed"] for item in deployed["contracts"].values())
    assert gas["total"] == gas["deployments"] + gas["configuration"] and gas["configuration"] > 0
    record = json.loads((sectoken.deployments / str(web3.eth.chain_id) / f"{SUITE}.json").read_text())
    assert deployed["record"].endswith(f"{SUITE}.json")
    assert {role: item["address"] for role, item in record["contracts"].items()} == {
        role: item["address"] for role, item in deployed["contracts"].items()
    }
    listed = sectoken.json("suites", suite=False)
    assert [(row["name"], row["contracts"]) for row in listed] == [(SUITE, len(ROLES))]


def test_a_second_deploy_of_the_same_name_is_refused_and_sends_nothing(web3, sectoken, deployed):
    before = pending_nonce(web3, DEPLOYER)
    error = one_red_line(sectoken("deploy", EXAMPLE, suite=False))
    assert f"Suite '{SUITE}' is already deployed on chain {web3.eth.chain_id}" in error and "--force" in error
    assert pending_nonce(web3, DEPLOYER) == before


def test_force_replaces_the_record(web3, sectoken, deployed):
    result = sectoken.ok("deploy", EXAMPLE, "--force", suite=False)
    assert "Suite uk-us-bond on chain" in result.stdout and "recorded in" in result.stdout
    assert "factory: deploy the offering UUB30" in result.stdout
    assert "deployed tokenImplementation (SecurityToken)" in result.stdout
    fresh = sectoken.json("suites", suite=True)
    assert fresh["contracts"]["token"]["address"] != deployed["contracts"]["token"]["address"]


def test_a_bad_configuration_is_one_red_line_with_file_and_line(web3, sectoken, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXAMPLE.read_text().replace("  decimals: 0\n", "  decimals: 0\n  decimels: 2\n", 1))
    before = pending_nonce(web3, DEPLOYER)
    error = one_red_line(sectoken("deploy", bad, suite=False))
    line = bad.read_text().splitlines().index("  decimels: 2") + 1
    assert f"{bad}:{line}: unknown key 'decimels' in 'token'. Did you mean 'decimals'?" in error
    missing = one_red_line(sectoken("deploy", tmp_path / "missing.yaml", suite=False))
    assert "no such configuration file" in missing
    assert pending_nonce(web3, DEPLOYER) == before
