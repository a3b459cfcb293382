"""FiatToken v2.2 compatibility as a client built for Circle's token sees it: events decoded with Circle's
own ABI fragments (written from circlefin/stablecoin-evm `Pausable.sol`, `Ownable.sol`, `FiatTokenV2.sol`,
`Blacklistable.sol`) by web3.py, not with this project's ABI, and calls made through those fragments."""

import brownie
import pytest
from brownie import web3
from web3.logs import DISCARD

from tests.stablecoin.stablecoin_testkit import ALICE_BALANCE, MAX_UINT256, USD, err

# Circle's declarations, as its ABI has them (FiatToken v2.2).
CIRCLE_ABI = [
    {"type": "event", "name": "Pause", "anonymous": False, "inputs": []},
    {"type": "event", "name": "Unpause", "anonymous": False, "inputs": []},
    {
        "type": "event",
        "name": "OwnershipTransferred",
        "anonymous": False,
        "inputs": [
            {"name": "previousOwner", "type": "address", "indexed": False},
            {"name": "newOwner", "type": "address", "indexed": False},
        ],
    },
    {
        "type": "event",
        "name": "Blacklisted",
        "anonymous": False,
        "inputs": [{"name": "_account", "type": "address", "indexed": True}],
    },
    {
        "type": "event",
        "name": "Approval",
        "anonymous": False,
        "inputs": [
            {"name": "owner", "type": "address", "indexed": True},
            {"name": "spender", "type": "address", "indexed": True},
            {"name": "value", "type": "uint256", "indexed": False},
        ],
    },
    {
        "type": "function",
        "name": "version",
        "stateMutability": "pure",
        "inputs": [],
        "outputs": [{"name": "", "type": "string"}],
    },
    {
        "type": "function",
        "name": "increaseAllowance",
        "stateMutability": "nonpayable",
        "inputs": [{"name": "spender", "type": "address"}, {"name": "increment", "type": "uint256"}],
        "outputs": [{"name": "", "type": "bool"}],
    },
    {
        "type": "function",
        "name": "decreaseAllowance",
        "stateMutability": "nonpayable",
        "inputs": [{"name": "spender", "type": "address"}, {"name": "decrement", "type": "uint256"}],
        "outputs": [{"name": "", "type": "bool"}],
    },
]


@pytest.fixture
def circle(suite):
    """The stablecoin as a web3.py contract with Circle's ABI."""
    return web3.eth.contract(address=suite.token.address, abi=CIRCLE_ABI)


def decoded(circle, tx, name):
    receipt = web3.eth.get_transaction_receipt(tx.txid)
    return [dict(log["args"]) for log in circle.events[name]().process_receipt(receipt, errors=DISCARD)]


def test_pause_and_unpause_decode_as_circles_events(suite, circle):
    paused = suite.token.pause({"from": suite.pauser})
    assert decoded(circle, paused, "Pause") == [{}]
    unpaused = suite.token.unpause({"from": suite.pauser})
    assert decoded(circle, unpaused, "Unpause") == [{}]


def test_ownership_transfer_decodes_with_circles_unindexed_layout(suite, circle):
    tx = suite.token.transferOwnership(suite.carol, {"from": suite.owner})
    assert decoded(circle, tx, "OwnershipTransferred") == [
        {"previousOwner": suite.owner.address, "newOwner": suite.carol.address}
    ]
    (log,) = web3.eth.get_transaction_receipt(tx.txid)["logs"]
    assert len(log["topics"]) == 1  # the signature only: both addresses are in the data


def test_blacklisted_decodes_with_circles_layout(suite, circle):
    tx = suite.token.blacklist(suite.bob, {"from": suite.blacklister})
    assert decoded(circle, tx, "Blacklisted") == [{"_account": suite.bob.address}]


def test_version_is_the_eip712_domain_version(suite, circle):
    assert circle.functions.version().call() == "2"
    name, version = suite.token.eip712Domain()[1:3]
    assert (name, version) == (suite.token.name(), "2")


def test_increase_and_decrease_allowance_through_circles_abi(suite, circle):
    token = suite.token
    web3.eth.wait_for_transaction_receipt(
        circle.functions.increaseAllowance(suite.bob.address, 5 * USD).transact({"from": suite.alice.address})
    )
    assert token.allowance(suite.alice, suite.bob) == 5 * USD
    tx_hash = circle.functions.decreaseAllowance(suite.bob.address, 2 * USD).transact({"from": suite.alice.address})
    receipt = web3.eth.wait_for_transaction_receipt(tx_hash)
    approvals = circle.events.Approval().process_receipt(receipt, errors=DISCARD)
    assert [dict(a["args"]) for a in approvals] == [
        {"owner": suite.alice.address, "spender": suite.bob.address, "value": 3 * USD}
    ]
    assert token.allowance(suite.alice, suite.bob) == 3 * USD


def test_decrease_below_zero_is_refused_with_the_allowance(suite):
    suite.token.approve(suite.bob, USD, {"from": suite.alice})
    with brownie.reverts(err("StablecoinAllowanceBelowZero", suite.bob.address, USD, USD + 1)):
        suite.token.decreaseAllowance(suite.bob, USD + 1, {"from": suite.alice})


def test_increase_past_the_largest_allowance_overflows(suite):
    suite.token.approve(suite.bob, MAX_UINT256, {"from": suite.alice})
    with brownie.reverts("Integer overflow"):
        suite.token.increaseAllowance(suite.bob, 1, {"from": suite.alice})


def test_a_blacklisted_holder_can_revoke_an_allowance(suite):
    """What v2.2's open approvals are for: an exposed holder can still set an allowance to zero."""
    token = suite.token
    token.approve(suite.bob, 10 * USD, {"from": suite.alice})
    token.blacklist(suite.alice, {"from": suite.blacklister})
    token.decreaseAllowance(suite.bob, 10 * USD, {"from": suite.alice})
    assert token.allowance(suite.alice, suite.bob) == 0
    assert token.balanceOf(suite.alice) == ALICE_BALANCE
