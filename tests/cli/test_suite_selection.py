"""Which suite a command acts on: --suite on the connected chain; a missing or unknown suite, another
chain's suite or a misfiled record is one red line and nothing is sent."""

import json
import shutil

import pytest
from click.testing import CliRunner

from sectoken.chain import LocalNode
from sectoken.cli import cli

from .conftest import ALICE, BOB, CLEAN_ENV, DEPLOYER, SUITE, one_red_line, pending_nonce


@pytest.fixture(scope="module")
def testnet():
    """An Anvil with Sepolia's chain id: another chain than the suite's."""
    with LocalNode.start(chain_id=11155111) as node:
        yield node


def test_no_suite_chosen(sectoken, deployed):
    error = one_red_line(sectoken("token", "info", suite=False))
    assert "No suite chosen: pass --suite NAME or set SECTOKEN_SUITE." in error


def test_the_suite_from_the_environment(sectoken, deployed):
    result = sectoken("token", "info", "--json", suite=False, env={"SECTOKEN_SUITE": SUITE})
    assert result.exit_code == 0 and json.loads(result.stdout)["symbol"] == "UUB30"


def test_an_unknown_suite_suggests_the_known_one(sectoken, deployed):
    result = sectoken("token", "info", suite=False, env={"SECTOKEN_SUITE": "uk-us-bnd"})
    assert "did you mean 'uk-us-bond'" in one_red_line(result)


def test_a_suite_of_another_chain_is_refused(web3, sectoken, deployed, testnet):
    before = pending_nonce(web3, DEPLOYER)
    result = CliRunner().invoke(
        cli,
        ["token", "mint", ALICE, "1", "--rpc-url", testnet.url, "--deployments", str(sectoken.deployments),
         "--suite", SUITE],
        env={**CLEAN_ENV, "HOME": str(sectoken.home)},
    )
    error = one_red_line(result)
    assert f"No suite '{SUITE}' on chain 11155111" in error and f"exists on chain {web3.eth.chain_id}" in error
    assert pending_nonce(web3, DEPLOYER) == before


def test_a_record_filed_under_the_wrong_chain_is_refused(web3, sectoken, deployed, testnet, tmp_path):
    source = sectoken.deployments / str(web3.eth.chain_id) / f"{SUITE}.json"
    target = tmp_path / "11155111" / f"{SUITE}.json"
    target.parent.mkdir()
    shutil.copy(source, target)
    result = CliRunner().invoke(
        cli,
        ["check", ALICE, BOB, "1", "--rpc-url", testnet.url, "--deployments", str(tmp_path), "--suite", SUITE],
        env={**CLEAN_ENV, "HOME": str(sectoken.home)},
    )
    assert f"Connected to chain 11155111, but suite '{SUITE}' records chain {web3.eth.chain_id}" in one_red_line(result)
