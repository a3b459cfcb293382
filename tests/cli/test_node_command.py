"""`sectoken node start|status|stop`: a background chain whose state survives a restart."""

import json
import socket

import pytest
from click.testing import CliRunner

from sectoken.chain import connect, free_port, stop_background
from sectoken.cli import cli
from sectoken.signers import dev_account
from sectoken.tx import deploy
from tests.chainless import isolation  # noqa: F401  (no chain snapshot around these tests)

from .conftest import CLEAN_ENV


def node(*args):
    result = CliRunner().invoke(cli, ["node", *map(str, args)], env=CLEAN_ENV)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def node_json(*args):
    return json.loads(node(*args, "--json").stdout)


@pytest.fixture
def state_dir(tmp_path):
    folder = tmp_path / "state"
    yield folder
    stop_background(folder)  # whatever the test did, leave nothing running


def test_start_status_stop_and_restart_keep_the_chain(state_dir):
    port = free_port()
    started = node_json("start", "--port", port, "--state-dir", state_dir)
    assert started["started"] and started["engine"] == "anvil" and started["chainId"] == 31337
    assert started["url"] == f"http://127.0.0.1:{port}"
    again = node_json("start", "--port", port, "--state-dir", state_dir)
    assert not again["started"] and again["pid"] == started["pid"]
    assert "already running: anvil" in node("start", "--port", port, "--state-dir", state_dir).stdout
    status = node_json("status", "--state-dir", state_dir)
    assert status["running"] and status["pid"] == started["pid"]
    w3 = connect(started["url"])
    address, _ = deploy(w3, dev_account(0), "SmokeToken", 1000)
    assert node_json("stop", "--state-dir", state_dir) == {"stopped": True}
    assert node_json("status", "--state-dir", state_dir) == {"running": False}
    assert "No node running" in node("status", "--state-dir", state_dir).stdout
    assert "No node was running" in node("stop", "--state-dir", state_dir).stdout
    restarted = node_json("start", "--port", port, "--state-dir", state_dir)
    assert restarted["started"] and restarted["pid"] != started["pid"]
    assert connect(restarted["url"]).eth.get_code(address)  # the contract survived the restart


def test_ganache_engine(state_dir):
    port = free_port()
    started = node_json("start", "--engine", "ganache", "--port", port, "--state-dir", state_dir)
    assert (started["engine"], started["chainId"]) == ("ganache", 1337)
    assert node_json("status", "--state-dir", state_dir)["engine"] == "ganache"
    assert node_json("stop", "--state-dir", state_dir)["stopped"]


def test_an_unknown_engine_is_a_usage_error(state_dir):
    result = CliRunner().invoke(cli, ["node", "start", "--engine", "geth", "--state-dir", str(state_dir)],
                                env=CLEAN_ENV)
    assert result.exit_code == 2 and "'geth' is not one of 'anvil', 'ganache'" in result.stderr


def test_network_local_follows_the_node_started_on_another_port(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the node's record goes to ./.sectoken, where the commands look for it
    port = free_port()
    try:
        started = node_json("start", "--port", port)
        shown = json.loads(CliRunner().invoke(cli, ["account", "--json", "--network", "local"], env=CLEAN_ENV).stdout)
        assert (shown["rpcUrl"], shown["chainId"]) == (started["url"], 31337)
        default = json.loads(CliRunner().invoke(cli, ["account", "--json"], env=CLEAN_ENV).stdout)
        assert default["rpcUrl"] == started["url"]
    finally:
        stop_background(tmp_path / ".sectoken")


def test_start_on_a_taken_port_is_refused_unless_asked_otherwise(state_dir):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        refused = CliRunner().invoke(cli, ["node", "start", "--port", str(port), "--state-dir", str(state_dir)],
                                     env=CLEAN_ENV)
        assert refused.exit_code == 1 and f"Port {port} is taken" in refused.stderr and "--any-port" in refused.stderr
        assert node_json("status", "--state-dir", state_dir) == {"running": False}
        moved = node_json("start", "--port", port, "--any-port", "--state-dir", state_dir)
        assert moved["started"] and moved["port"] != port
