"""The brownie network `make test` measures contract coverage on: added once, refreshed if edited,
other networks left alone."""

import yaml

from sectoken.toolchain import COVERAGE_NETWORK, ensure_coverage_network
from tests.chainless import isolation  # noqa: F401  (no chain snapshot around these tests)

EXISTING = {
    "development": [
        {"name": "Anvil", "id": "development", "cmd": "anvil", "host": "http://127.0.0.1",
         "cmd_settings": {"port": 8545, "accounts": 10}},
    ],
    "live": [{"name": "Ethereum", "networks": [{"name": "Mainnet", "id": "mainnet", "chainid": 1,
                                                  "host": "https://example.invalid"}]}],
}


def test_added_once_then_unchanged_and_others_kept(tmp_path):
    config = tmp_path / "network-config.yaml"
    config.write_text(yaml.safe_dump(EXISTING))
    assert ensure_coverage_network(config) == "added"
    assert ensure_coverage_network(config) == "unchanged"
    data = yaml.safe_load(config.read_text())
    assert data["live"] == EXISTING["live"]
    assert data["development"][0] == EXISTING["development"][0]
    (entry,) = [n for n in data["development"] if n["id"] == COVERAGE_NETWORK]
    assert entry["cmd"] == "anvil"
    assert entry["cmd_settings"]["steps_tracing"] is True
    assert entry["cmd_settings"]["port"] != 8545


def test_an_edited_entry_is_refreshed(tmp_path):
    config = tmp_path / "network-config.yaml"
    ensure_coverage_network(config)
    data = yaml.safe_load(config.read_text())
    data["development"][0]["cmd_settings"]["steps_tracing"] = False
    config.write_text(yaml.safe_dump(data))
    assert ensure_coverage_network(config) == "updated"
    (entry,) = yaml.safe_load(config.read_text())["development"]
    assert entry["cmd_settings"]["steps_tracing"] is True
