"""Deployment records: saved atomically, found by chain and name, with clear errors."""

import json

import pytest

from sectoken import artifacts
from sectoken.deployments import ContractRecord, Deployments, SuiteRecord, validate_suite_name
from sectoken.errors import ConfigError, DeploymentNotFoundError
from sectoken.signers import dev_account
from sectoken.tx import deploy


def _record(name="alpha", chain_id=1337, address="0x" + "11" * 20):
    contract = ContractRecord("SmokeToken", address, "0x" + "ab" * 32, 7, "cd" * 32)
    return SuiteRecord(name=name, chain_id=chain_id, contracts={"token": contract}, config={"supply": 1000})


def test_a_real_deployment_round_trips(web3, tmp_path):
    signer = dev_account(0)
    artifact = artifacts.load("SmokeToken")
    address, receipt = deploy(web3, signer, artifact, 1000)
    record = SuiteRecord(
        name="smoke",
        chain_id=web3.eth.chain_id,
        contracts={"token": ContractRecord.from_receipt(artifact, receipt)},
        config={"supply": 1000},
        deployer=signer.address,
    )
    store = Deployments(tmp_path / "deployments")
    path = store.save(record)
    assert path == tmp_path / "deployments" / str(web3.eth.chain_id) / "smoke.json"
    found = store.find(web3.eth.chain_id, "smoke")
    assert found.address("token") == address
    token = found.contracts["token"]
    assert (token.tx_hash, token.block_number) == (receipt.tx_hash, receipt.block_number)
    assert token.artifact_sha256 == artifact.bytecode_sha256
    assert found.config == {"supply": 1000} and found.deployer == signer.address and found.created_at
    assert web3.eth.get_code(found.address("token")) != b""


def test_record_file_is_readable_json(tmp_path):
    path = Deployments(tmp_path).save(_record())
    data = json.loads(path.read_text())
    assert data["name"] == "alpha" and data["chainId"] == 1337
    assert data["contracts"]["token"]["address"] == "0x" + "11" * 20
    assert set(data["contracts"]["token"]) == {"artifact", "address", "txHash", "blockNumber", "artifactSha256"}


def test_missing_suite_lists_known_ones_and_suggests(tmp_path):
    store = Deployments(tmp_path)
    store.save(_record("alpha"))
    store.save(_record("beta"))
    with pytest.raises(DeploymentNotFoundError) as info:
        store.find(1337, "alpah")
    assert str(info.value) == (
        f"No suite 'alpah' on chain 1337 in {tmp_path} (did you mean 'alpha'?); known: alpha, beta."
    )


def test_missing_suite_points_at_the_chain_where_it_exists(tmp_path):
    store = Deployments(tmp_path)
    store.save(_record("alpha", chain_id=11155111))
    with pytest.raises(DeploymentNotFoundError, match="known: none. A suite 'alpha' exists on chain 11155111"):
        store.find(1337, "alpha")


def test_listing_by_chain_and_overall(tmp_path):
    store = Deployments(tmp_path)
    for name, chain in [("b", 1337), ("a", 1337), ("c", 31337)]:
        store.save(_record(name, chain))
    assert store.names(1337) == ["a", "b"]
    assert store.chain_ids() == [1337, 31337]
    assert [(r.chain_id, r.name) for r in store.suites()] == [(1337, "a"), (1337, "b"), (31337, "c")]
    assert Deployments(tmp_path / "none").suites() == []


def test_saving_again_replaces_atomically_and_a_failed_write_keeps_the_old_record(tmp_path):
    store = Deployments(tmp_path)
    path = store.save(_record())
    store.save(_record(address="0x" + "22" * 20))
    assert store.find(1337, "alpha").address("token") == "0x" + "22" * 20
    broken = SuiteRecord(name="alpha", chain_id=1337, contracts={}, config={"bad": object()})
    with pytest.raises(TypeError):
        store.save(broken)
    assert store.find(1337, "alpha").address("token") == "0x" + "22" * 20
    assert [p.name for p in path.parent.iterdir()] == ["alpha.json"]  # no temporary file left behind


def test_unknown_contract_role_lists_the_suites_contracts():
    with pytest.raises(DeploymentNotFoundError, match="has no contract 'tokn' \\(did you mean 'token'\\?\\); it has: token"):
        _record().address("tokn")


@pytest.mark.parametrize("name", ["", "../etc", "a/b", "-x", "x" * 65, "sp ace"])
def test_unsafe_suite_names_are_refused(name):
    with pytest.raises(ConfigError, match="Invalid suite name"):
        validate_suite_name(name)


def test_malformed_record_is_a_config_error_naming_the_file(tmp_path):
    store = Deployments(tmp_path)
    path = store.path(1337, "alpha")
    path.parent.mkdir(parents=True)
    path.write_text("{")
    with pytest.raises(ConfigError, match="alpha.json is not valid JSON"):
        store.find(1337, "alpha")
    path.write_text(json.dumps({"name": "alpha", "chainId": 1337, "contracts": {"t": {"address": "nope"}}}))
    with pytest.raises(ConfigError, match="alpha.json is not a valid suite record"):
        store.find(1337, "alpha")
