"""Pause: stops transfers, mints, burns, approvals, permits, authorizations, redemptions and minter
configuration; the operators' own controls and lawful orders keep working; unpause restores everything.
Pause and unpause emit Circle's argument-less `Pause()` and `Unpause()`."""

import brownie
import pytest
from brownie import web3

from tests.stablecoin.stablecoin_testkit import USD, err, fresh_as_of, prepared_paths

PAUSED_PATHS = [
    "transfer",
    "transferFrom",
    "approve",
    "increaseAllowance",
    "decreaseAllowance",
    "permit",
    "mint",
    "burn",
    "transferWithAuthorization",
    "receiveWithAuthorization",
    "cancelAuthorization",
    "configureMinter",
    "requestRedemption",
    "completeRedemption",
    "rejectRedemption",
]


def test_pause_and_unpause_emit_and_flag(suite):
    tx = suite.token.pause({"from": suite.pauser})
    assert tx.events["Pause"] == {}
    assert [log["topics"] for log in tx.logs] == [[web3.keccak(text="Pause()")]]
    assert suite.token.paused() is True
    tx = suite.token.unpause({"from": suite.pauser})
    assert tx.events["Unpause"] == {}
    assert [log["topics"] for log in tx.logs] == [[web3.keccak(text="Unpause()")]]
    assert suite.token.paused() is False


@pytest.mark.parametrize("path", PAUSED_PATHS)
def test_paused_path_is_refused_and_restored_by_unpause(suite, path):
    run = prepared_paths(suite)[path]
    suite.token.pause({"from": suite.pauser})
    with brownie.reverts(err("StablecoinPaused")):
        run()
    suite.token.unpause({"from": suite.pauser})
    tx = run()
    assert tx.status == 1


def test_operators_controls_work_while_paused(suite, SmokeToken):
    token = suite.token
    stray = SmokeToken.deploy(5, {"from": suite.carol})
    stray.transfer(token, 5, {"from": suite.carol})
    token.pause({"from": suite.pauser})
    token.blacklist(suite.bob, {"from": suite.blacklister})
    token.seize(suite.bob, suite.carol, b"\x0c" * 32, {"from": suite.enforcer})
    token.unBlacklist(suite.bob, {"from": suite.blacklister})
    token.removeMinter(suite.minter, {"from": suite.master_minter})
    token.attestReserves(2_000_000 * USD, fresh_as_of(), b"\x01" * 32, "ipfs://r", {"from": suite.attester})
    token.rescueERC20(stray, suite.carol, 5, {"from": suite.rescuer})
    token.updatePauser(suite.carol, {"from": suite.owner})
    token.unpause({"from": suite.carol})
    assert token.paused() is False
    assert stray.balanceOf(suite.carol) == 5
