"""The shipped artifacts equal a fresh compile, load by name and deploy without a compiler; they carry where
each immutable sits in the runtime code (solc's places), and runtime code may differ from theirs only there."""

import dataclasses
import json

import brownie
import pytest

from sectoken import artifacts
from sectoken.artifacts import immutables
from sectoken.artifacts.__main__ import REGENERATE, differences
from sectoken.artifacts.__main__ import main as artifacts_main
from sectoken.errors import ArtifactNotFoundError, SectokenError


@pytest.fixture(scope="module")
def build_dir():
    """brownie's build folder for the loaded project (brownie recompiles changed sources on load)."""
    (project,) = brownie.project.get_loaded_projects()
    return project._build_path


def test_shipped_artifacts_equal_a_fresh_compile(build_dir):
    stale = differences(build_dir)
    assert not stale, "Shipped artifacts are stale:\n  " + "\n  ".join(stale) + f"\nRegenerate with: {REGENERATE}"


def test_a_changed_contract_is_reported_with_the_command_to_regenerate(build_dir, tmp_path, capsys):
    artifacts.write(artifacts.collect(build_dir).values(), tmp_path)
    path = tmp_path / "SmokeToken.json"
    data = json.loads(path.read_text())
    data["bytecode"] = data["bytecode"][:-2] + "00"
    path.write_text(json.dumps(data))
    assert differences(build_dir, tmp_path) == ["SmokeToken: bytecode differ"]
    assert artifacts_main(["check", "--build-dir", str(build_dir), "--out", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "SmokeToken: bytecode differ" in out and REGENERATE in out


def test_build_writes_only_project_contracts_and_interfaces(build_dir, tmp_path):
    assert artifacts_main(["build", "--build-dir", str(build_dir), "--out", str(tmp_path)]) == 0
    written = artifacts.names(tmp_path)
    assert {"SmokeToken", "RestrictionCodesHarness", "ICompliance", "IModule"} <= set(written)
    # OpenZeppelin internals, abstract contracts and internal-only libraries are not shipped.
    assert not {"ERC20", "Context", "IERC20", "IERC20Errors", "RestrictionCodes"} & set(written)


def test_build_removes_artifacts_of_deleted_contracts(build_dir, tmp_path):
    (tmp_path / "Gone.json").write_text("{}")
    artifacts.write(artifacts.collect(build_dir).values(), tmp_path)
    assert "Gone" not in artifacts.names(tmp_path)


def test_load_gives_abi_bytecode_and_hashes():
    token = artifacts.load("SmokeToken")
    assert token.deployable and token.kind == "contract"
    assert token.bytecode.startswith("0x") and token.deployed_bytecode.startswith("0x")
    assert len(token.bytecode_sha256) == 64
    assert token.compiler.startswith("0.8.30")
    assert any(entry.get("name") == "transfer" for entry in token.abi)
    interface = artifacts.load("ICompliance")
    assert interface.kind == "interface" and not interface.deployable


def test_unknown_name_suggests_and_lists_known_names():
    with pytest.raises(ArtifactNotFoundError) as info:
        artifacts.load("SmokeTokn")
    text = str(info.value)
    assert "Did you mean 'SmokeToken'?" in text
    assert "Known artifacts:" in text and "RestrictionCodesHarness" in text
    assert isinstance(info.value, SectokenError) and isinstance(info.value, LookupError)


def test_shipped_artifact_deploys_and_runs(web3, accounts):
    token = artifacts.load("SmokeToken")
    contract = web3.eth.contract(abi=token.abi, bytecode=token.bytecode)
    tx_hash = contract.constructor(1000).transact({"from": accounts[0].address})
    receipt = web3.eth.wait_for_transaction_receipt(tx_hash)
    deployed = web3.eth.contract(address=receipt.contractAddress, abi=token.abi)
    assert deployed.functions.totalSupply().call() == 1000
    assert web3.eth.get_code(receipt.contractAddress).hex() == token.deployed_bytecode.removeprefix("0x")


def test_the_immutables_places_are_solcs_and_only_there_may_code_differ(build_dir):
    factory = artifacts.load("OfferingFactory")
    places = factory.immutable_references
    assert set(places) == {"OfferingFactory.tokenImplementation", "OfferingFactory.complianceImplementation"}
    # Compiled again (nothing shipped to reuse: a small contract, a few seconds), solc gives the same places.
    hostile = artifacts.load("TestHostileCompliance")
    bare = dataclasses.replace(hostile, immutable_references={})
    assert immutables.references({hostile.name: bare}, build_dir, {}) == {hostile.name: hostile.immutable_references}
    assert set(hostile.immutable_references) == {"TestHostileCompliance._victim"}
    assert artifacts.load("SmokeToken").immutable_references == {}
    code = bytearray.fromhex(factory.deployed_bytecode[2:])
    words = {"OfferingFactory.tokenImplementation": b"\x11" * 32, "OfferingFactory.complianceImplementation": b"\x22" * 32}
    for name, word in words.items():
        for start, length in places[name]:
            code[start : start + length] = word
    assert factory.immutables_in(bytes(code)) == words
    start, length = places["OfferingFactory.tokenImplementation"][0]
    assert factory.immutables_in(bytes(code[:start] + b"\x33" * length + code[start + length :])) is None  # two values
    assert factory.immutables_in(bytes(code[:1] + b"\x00" + code[2:])) is None  # another byte elsewhere
    assert factory.immutables_in(bytes(code[:-1])) is None
