"""The token as a third-party client sees it: ethers v6 (from npm) with only the standards' ABIs
(OpenZeppelin ERC-20 and ERC-6093 errors, ERC-165, ERC-1404, ERC-7943, T-REX 4.1.6's IToken) gets true
answers from `supportsInterface`, decodes the token's reverts as the standard errors, reads the ERC-3643
getters and decodes the events (tests/clients/ethers_client.js)."""

import json
import subprocess
from pathlib import Path

import pytest
from brownie import web3

ROOT = Path(__file__).resolve().parents[2]
CLIENT = ROOT / "tests" / "clients" / "ethers_client.js"
IDS = {"0xb97d944c": True, "0x3edbb4c4": True, "0x36372b07": True, "0x01ffc9a7": True, "0xffffffff": False}


def ask(request: dict) -> dict:
    request = {"rpc": web3.provider.endpoint_uri, "root": str(ROOT), **request}
    out = subprocess.run(
        ["node", str(CLIENT)], input=json.dumps(request), capture_output=True, text=True, timeout=120, check=False
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.fixture
def s(suite):
    return suite


def test_ethers_decodes_the_tokens_errors_events_and_interface_ids(s):
    """alice holds 1000 with 950 frozen (set through ERC-7943's setFrozenTokens); bob holds 500."""
    tx = s.token.setFrozenTokens(s.alice, 950, {"from": s.agent})
    answer = ask({
        "token": s.token.address,
        "holder": s.alice.address,
        "receipt": tx.txid,
        "interfaces": list(IDS),
        "transfers": {
            "above_balance": [s.alice.address, s.bob.address, 1001],
            "above_unfrozen": [s.alice.address, s.bob.address, 51],
            "allowed": [s.alice.address, s.bob.address, 50],
            "unverified_recipient": [s.alice.address, s.dave.address, 1],
        },
    })
    assert answer["interfaces"] == IDS
    reverts, codes = answer["reverts"], answer["codes"]
    assert reverts["above_balance"] == {"name": "ERC20InsufficientBalance", "args": [s.alice.address, "1000", "1001"]}
    assert reverts["above_unfrozen"] == {"name": "ERC7943InsufficientUnfrozenBalance",
                                         "args": [s.alice.address, "51", "50"]}
    assert reverts["allowed"] is None
    # Compliance refusals are the token's own TransferRestricted(code): not in the standards' ABIs, so a
    # client sees raw revert data, and ERC-1404 tells it the code.
    assert "undecoded" in reverts["unverified_recipient"]
    assert codes == {"above_balance": 4, "above_unfrozen": 4, "allowed": 0, "unverified_recipient": 6}
    assert answer["trex"] == {
        "getFrozenTokens": "950", "isFrozen": False, "paused": False,
        "identityRegistry": s.registry.address, "compliance": s.compliance.address, "decimals": 0,
    }
    assert {"name": "Frozen", "args": [s.alice.address, "950"]} in answer["events"]
