"""The public development accounts sign without a key only on the local nodes sectoken starts. Any other
chain, even one whose id is 1337 or 31337 (geth --dev, private Besu or Quorum networks), needs a key, a
keystore, or the explicit opt-in --allow-dev-accounts / SECTOKEN_ALLOW_DEV_ACCOUNTS=1."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from sectoken.chain import LocalNode
from sectoken.cli import cli
from sectoken.errors import SignerError
from sectoken.signers import dev_account, resolve_signer

KEY = "0x" + "11" * 32
CLEAN = {
    name: None
    for name in ("SECTOKEN_NETWORK", "SECTOKEN_RPC_URL", "SECTOKEN_PRIVATE_KEY", "SECTOKEN_KEYSTORE",
                 "SECTOKEN_ALLOW_DEV_ACCOUNTS", "SECTOKEN_DEPLOYMENTS")
}


@pytest.fixture(scope="module")
def chain_1337():
    """A node with chain id 1337 that the command line reaches by URL only, as a private network's."""
    with LocalNode.start(chain_id=1337) as node:
        yield node.url


def _account(url: str, tmp_path, *args: str, env: dict | None = None):
    return CliRunner().invoke(
        cli, ["account", "--json", "--rpc-url", url, *args], env={**CLEAN, "HOME": str(tmp_path), **(env or {})}
    )


def _refused(result) -> None:
    assert result.exit_code == 1, result.output
    error = json.loads(result.stdout)["error"]  # under --json, the failure is JSON too
    assert error["type"] == "SignerError"
    assert "No signer for chain" in error["message"] and "opt in with --allow-dev-accounts" in error["message"]
    assert "Traceback" not in result.output


def test_an_unconfigured_chain_1337_is_not_signed_for_with_a_public_key(chain_1337, tmp_path):
    _refused(_account(chain_1337, tmp_path))


def test_an_unconfigured_chain_31337_by_url_is_refused_too(web3, tmp_path):
    _refused(_account(web3.provider.endpoint_uri, tmp_path))


@pytest.mark.parametrize(
    ("args", "env", "signer"),
    [
        (["--allow-dev-accounts"], {}, "dev account 0"),
        ([], {"SECTOKEN_ALLOW_DEV_ACCOUNTS": "1"}, "dev account 0"),
        (["--account-index", "2"], {}, "dev account 2"),  # naming the dev account is the opt-in
        ([], {"SECTOKEN_PRIVATE_KEY": KEY}, "SECTOKEN_PRIVATE_KEY"),
    ],
)
def test_an_explicit_choice_signs(chain_1337, tmp_path, args, env, signer):
    result = _account(chain_1337, tmp_path, *args, env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["signer"] == signer


def test_the_node_sectoken_node_start_recorded_is_an_embedded_chain(web3, tmp_path, monkeypatch):
    """`sectoken node start` records its node in .sectoken/node.json; its URL needs no opt-in."""
    url = web3.provider.endpoint_uri
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".sectoken").mkdir()
    record = {"engine": "anvil", "url": url, "port": int(url.rsplit(":", 1)[1]), "chain_id": web3.eth.chain_id,
              "pid": os.getpid(), "state_file": str(tmp_path / ".sectoken" / "anvil-state.json")}
    (tmp_path / ".sectoken" / "node.json").write_text(json.dumps(record))
    result = _account(url, tmp_path)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["address"] == dev_account(0).address


def test_the_library_asks_the_same_opt_in():
    with pytest.raises(SignerError, match="opt in with --allow-dev-accounts"):
        resolve_signer(31337, env={})
    assert resolve_signer(31337, env={}, embedded=True).source == "dev account 0"
    assert resolve_signer(1337, env={}, allow_dev_accounts=True).source == "dev account 0"
    assert resolve_signer(1337, env={"SECTOKEN_ALLOW_DEV_ACCOUNTS": "1"}).source == "dev account 0"
