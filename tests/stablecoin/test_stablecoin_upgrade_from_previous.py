"""Upgrading a live proxy from the implementation that came before lawful orders, rate limits, redemptions
and the report history (its creation bytecode in `data/`): every fact written by the old code reads the
same through the new one, the appended storage starts empty, and the new operations work at once."""

import json
from pathlib import Path

import pytest
from brownie import Contract, Stablecoin, StablecoinProxy, web3

from tests.stablecoin.stablecoin_testkit import USD, ZERO_ADDRESS, fresh_as_of

PREVIOUS = json.loads((Path(__file__).parent / "data" / "stablecoin_before_orders.json").read_text())
ORDER = b"order-upgrade".ljust(32, b"\x00")


@pytest.fixture
def live(roles):
    """A proxy on the previous implementation, in use: a minter, balances, an allowance, a blacklisted
    holder and an attestation."""
    factory = web3.eth.contract(abi=Stablecoin.abi, bytecode=PREVIOUS["bytecode"])
    receipt = web3.eth.wait_for_transaction_receipt(factory.constructor().transact({"from": roles.owner.address}))
    old = receipt["contractAddress"]
    # The initialiser's signature is unchanged: encode the call with today's ABI.
    data = web3.eth.contract(abi=Stablecoin.abi).encode_abi(
        "initialize",
        ["USD Coin", "USDC", "USD", 6, roles.owner.address, roles.master_minter.address, roles.pauser.address,
         roles.blacklister.address, roles.rescuer.address, roles.attester.address],
    )
    proxy = StablecoinProxy.deploy(old, data, {"from": roles.owner})
    token = Contract.from_abi("Stablecoin", proxy.address, Stablecoin.abi)
    token.attestReserves(1_000_000 * USD, fresh_as_of(), b"\x11" * 32, "ipfs://before", {"from": roles.attester})
    token.configureMinter(roles.minter, 500 * USD, {"from": roles.master_minter})
    token.mint(roles.alice, 300 * USD, {"from": roles.minter})
    token.mint(roles.bob, 100 * USD, {"from": roles.minter})
    token.approve(roles.carol, 50 * USD, {"from": roles.alice})
    token.blacklist(roles.bob, {"from": roles.blacklister})
    return token


def facts(token, roles):
    people = [roles.alice, roles.bob, roles.carol, roles.minter]
    return (
        token.name(), token.symbol(), token.currency(), token.decimals(), token.totalSupply(),
        [token.balanceOf(p) for p in people], token.allowance(roles.alice, roles.carol),
        token.minterAllowance(roles.minter), token.isMinter(roles.minter),
        [token.isBlacklisted(p) for p in people], tuple(token.reserveAttestation()), token.maxAttestationAge(),
        token.owner(), token.masterMinter(), token.pauser(), token.blacklister(), token.rescuer(),
        token.reserveAttester(), token.paused(),
    )


def test_every_fact_survives_and_the_new_storage_starts_empty(live, roles):
    before = facts(live, roles)
    implementation = Stablecoin.deploy({"from": roles.owner})
    live.upgradeToAndCall(implementation, b"", {"from": roles.owner})
    assert facts(live, roles) == before
    assert live.enforcer() == ZERO_ADDRESS
    assert tuple(live.minterRateLimit(roles.minter)) == (0, 0, 0, 0)
    assert live.redemptionCount() == 0
    assert live.reserveReportCount() == 0  # attestations made before the upgrade were only emitted


def test_the_new_operations_work_on_the_upgraded_proxy(live, roles, enforcer):
    live.upgradeToAndCall(Stablecoin.deploy({"from": roles.owner}), b"", {"from": roles.owner})
    live.updateEnforcer(enforcer, {"from": roles.owner})
    tx = live.seize(roles.bob, roles.carol, ORDER, {"from": enforcer})
    assert tx.events["Seized"]["amount"] == 100 * USD
    live.requestRedemption(20 * USD, ORDER, {"from": roles.alice})
    assert live.balanceOf(live) == 20 * USD
    live.configureMinterRateLimit(roles.minter, 10 * USD, 3600, {"from": roles.master_minter})
    live.mint(roles.alice, 10 * USD, {"from": roles.minter})
    assert live.totalSupply() == 410 * USD
