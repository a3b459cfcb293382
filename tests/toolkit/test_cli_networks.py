"""Network resolution for --network/--rpc-url: built-ins, networks files, clear errors."""

import pytest
from web3 import Web3

from sectoken.errors import ChainError, ChainIdMismatchError, ConfigError
from sectoken.networks import (
    BUILTIN_NETWORKS,
    Network,
    check_chain_id,
    connect_network,
    load_networks_file,
    network_files,
    resolve_network,
    with_confirmations,
)


def test_default_is_the_local_anvil():
    network = resolve_network(files=[])
    assert network == BUILTIN_NETWORKS["local"]
    assert (network.engine, network.chain_id, network.rpc_url) == ("anvil", 31337, "http://127.0.0.1:8545")
    assert resolve_network("ganache", files=[]).engine == "ganache"


def test_rpc_url_is_used_as_given():
    network = resolve_network(rpc_url="https://rpc.example.org")
    assert (network.name, network.rpc_url, network.chain_id, network.engine) == (
        "rpc", "https://rpc.example.org", None, None
    )


def test_not_a_url_is_refused():
    with pytest.raises(ConfigError, match="is not an http"):
        resolve_network(rpc_url="localhost:8545")


def test_network_and_rpc_url_together_are_refused():
    with pytest.raises(ConfigError, match="not both"):
        resolve_network("local", "http://127.0.0.1:8545")


def test_files_are_searched_in_order_and_only_the_first_found_is_read(tmp_path):
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    second.write_text("mainnet:\n  rpc_url: http://second\n")
    assert resolve_network("mainnet", files=[first, second]).rpc_url == "http://second"
    first.write_text("networks:\n  mainnet:\n    rpc_url: http://first\n    chain_id: 1\n")
    network = resolve_network("mainnet", files=[first, second])
    assert (network.rpc_url, network.chain_id, network.source) == ("http://first", 1, str(first))


def test_default_search_paths(tmp_path):
    assert network_files(tmp_path / "cwd", tmp_path / "home") == [
        tmp_path / "cwd" / "networks.yaml",
        tmp_path / "home" / ".sectoken" / "networks.yaml",
    ]


def test_a_file_may_redefine_a_builtin(tmp_path):
    path = tmp_path / "networks.yaml"
    path.write_text("local:\n  rpc_url: http://127.0.0.1:9999\n")
    assert resolve_network("local", files=[path]).rpc_url == "http://127.0.0.1:9999"


def test_unknown_name_suggests_and_lists(tmp_path):
    path = tmp_path / "networks.yaml"
    path.write_text("sepolia:\n  rpc_url: http://x\n")
    with pytest.raises(ConfigError) as info:
        resolve_network("sepolai", files=[path])
    text = str(info.value)
    assert "Unknown network 'sepolai'. Did you mean 'sepolia'?" in text
    assert "Known: ganache, local, sepolia." in text and "--rpc-url" in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("sepolia: [1, 2\n", "line 1: not valid YAML|line 2: not valid YAML"),
        ("- a\n- b\n", "expected a mapping"),
        ("sepolia:\n  chain_id: 1\n", "network 'sepolia' needs at least an rpc_url"),
        ("sepolia:\n  rpc_url: http://x\n  chainid: 1\n", "unknown keys \\['chainid'\\]"),
        ("sepolia:\n  rpc_url: http://x\n  confirmations: many\n", "must be integers"),
        ("sepolia:\n  rpc_url: http://x\n  confirmations: 0\n", "confirmations must be 1 or more"),
        ("sepolia:\n  rpc_url: https://x/${NOPE_KEY}\n", "environment variable NOPE_KEY is not set"),
    ],
)
def test_malformed_files_name_the_problem(tmp_path, content, message):
    path = tmp_path / "networks.yaml"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message) as info:
        load_networks_file(path, env={})
    assert str(path) in str(info.value)


def test_environment_variables_are_expanded(tmp_path):
    path = tmp_path / "networks.yaml"
    path.write_text("sepolia:\n  rpc_url: https://x/${KEY}/v3\n  timeout: 5\n")
    network = load_networks_file(path, env={"KEY": "abc"})["sepolia"]
    assert (network.rpc_url, network.timeout) == ("https://x/abc/v3", 5.0)


def test_confirmations_override():
    local = BUILTIN_NETWORKS["local"]
    assert with_confirmations(local, None) is local
    assert with_confirmations(local, 3).confirmations == 3
    with pytest.raises(ConfigError):
        with_confirmations(local, 0)


def test_connect_checks_the_chain_id(web3):
    url = web3.provider.endpoint_uri
    chain_id = web3.eth.chain_id
    w3 = connect_network(Network("dev", url, chain_id=chain_id))
    assert w3.eth.chain_id == chain_id
    with pytest.raises(ChainIdMismatchError, match=f"Connected to chain {chain_id}, but network 'sepolia'"):
        connect_network(Network("sepolia", url, chain_id=11155111, source="networks.yaml"))
    assert check_chain_id(Web3(Web3.HTTPProvider(url)), chain_id, what="suite 'x'") == chain_id


def test_unreachable_node_is_a_chain_error_and_no_start_for_remote_networks():
    started = []
    with pytest.raises(ChainError, match="No JSON-RPC node answers at http://127.0.0.1:9"):
        connect_network(Network("remote", "http://127.0.0.1:9", timeout=2), starter=started.append)
    assert started == []


def test_local_node_start_failure_is_reported():
    def starter(network):
        raise ChainError(f"could not start {network.engine}")

    with pytest.raises(ChainError, match="could not start anvil"):
        connect_network(Network("local", "http://127.0.0.1:9", engine="anvil", port=9, timeout=2), starter=starter)
