"""No secret reaches a screen or a file: an RPC URL's path, query string and credentials are redacted in
every message and record; records and journals are readable by their owner only."""

from __future__ import annotations

import json
import logging
import stat

import pytest
from click.testing import CliRunner
from web3 import Web3

from sectoken.cli import cli
from sectoken.config import load_config
from sectoken.deploy import deploy_suite
from sectoken.deployments import Deployments
from sectoken.errors import ChainError, SectokenError
from sectoken.journal import Journal
from sectoken.networks import resolve_network
from sectoken.redact import redact, redact_url
from sectoken.signers import dev_account

from ..lying_rpc import LyingRpc
from ..suite.resume_helpers import EXAMPLE

SECRET = "0f9e8d7c6b5a49382716"
owner = dev_account(0)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (f"https://mainnet.example.org/v3/{SECRET}", "https://mainnet.example.org/…"),
        (f"https://rpc.example.org/?apikey={SECRET}", "https://rpc.example.org/…"),
        (f"https://user:{SECRET}@rpc.example.org", "https://rpc.example.org/…"),
        (f"wss://user:{SECRET}@rpc.example.org:8546/ws#{SECRET}", "wss://rpc.example.org:8546/…"),
        ("http://127.0.0.1:8545", "http://127.0.0.1:8545"),
        ("http://127.0.0.1:8545/", "http://127.0.0.1:8545/"),
    ],
)
def test_a_url_keeps_its_host_and_loses_what_may_hold_a_key(url, shown):
    assert redact_url(url) == shown
    assert redact(f"No node answers at {url} (ConnectTimeout).") == f"No node answers at {shown} (ConnectTimeout)."


def test_the_path_urllib3_quotes_is_redacted():
    text = (
        "HTTPSConnectionPool(host='rpc.example.org', port=443): Max retries exceeded with url: "
        f"/v3/{SECRET}?x=1 (Caused by NewConnectionError('refused'))"
    )
    assert SECRET not in redact(text)
    assert "host='rpc.example.org'" in redact(text)


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_provider_dying_mid_deploy_leaves_no_key_in_the_error_or_the_record(web3, tmp_path):
    store = Deployments(tmp_path / "deployments")
    config = load_config(EXAMPLE)
    with LyingRpc(web3.provider.endpoint_uri, path=f"/v3/{SECRET}", die_after_sends=3) as rpc:
        w3 = Web3(Web3.HTTPProvider(rpc.url, request_kwargs={"timeout": 2}))
        with pytest.raises(SectokenError) as info:
            deploy_suite(w3, owner, config, deployments=store)
    assert isinstance(info.value, ChainError)
    assert SECRET not in str(info.value) and "--resume" in str(info.value)
    path = store.path(web3.eth.chain_id, config.name)
    assert SECRET not in path.read_text()
    status = json.loads(path.read_text())["config"]["deployment"]
    assert status["complete"] is False and "/…" in status["error"]
    assert _mode(path) == 0o600


def test_the_command_line_prints_no_key_when_the_provider_dies(web3, tmp_path, quick_retries):
    with LyingRpc(web3.provider.endpoint_uri, path=f"/v3/{SECRET}", die_after_sends=2) as rpc:
        result = CliRunner().invoke(
            cli,
            ["deploy", str(EXAMPLE), "--rpc-url", rpc.url, "--deployments", str(tmp_path / "deployments")],
            env={"HOME": str(tmp_path), "SECTOKEN_PRIVATE_KEY": None, "SECTOKEN_ALLOW_DEV_ACCOUNTS": "1"},
        )
    assert result.exit_code == 1, result.output
    assert SECRET not in result.output and "Traceback" not in result.output
    assert result.stderr.startswith("error: ")
    (record,) = (tmp_path / "deployments").rglob("*.json")
    assert SECRET not in record.read_text() and _mode(record) == 0o600


def test_an_unreachable_url_is_named_without_its_key(tmp_path):
    result = CliRunner().invoke(
        cli, ["account", "--rpc-url", f"http://127.0.0.1:9/v3/{SECRET}"], env={"HOME": str(tmp_path)}
    )
    assert result.exit_code == 1
    assert SECRET not in result.output and "http://127.0.0.1:9/…" in result.stderr


def test_journals_are_created_readable_by_their_owner_only(tmp_path):
    path = tmp_path / "journals" / "import.jsonl"
    Journal.open(path, {"test": "mode"}).close()
    assert _mode(path) == 0o600


def test_log_records_are_redacted_once_the_command_line_ran(tmp_path, caplog):
    CliRunner().invoke(cli, ["version"], env={"HOME": str(tmp_path)})
    with caplog.at_level(logging.DEBUG, logger="web3.providers.HTTPProvider"):
        logging.getLogger("web3.providers.HTTPProvider").debug("Making request HTTP. URI: %s", f"https://h/v3/{SECRET}")
    assert caplog.messages == ["Making request HTTP. URI: https://h/…"]


def test_a_network_does_not_show_its_url_in_its_repr():
    network = resolve_network(rpc_url=f"https://rpc.example.org/v3/{SECRET}")
    assert SECRET not in repr(network) and network.rpc_url.endswith(SECRET)
