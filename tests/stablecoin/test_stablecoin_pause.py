"""Pause: stops transfers, mints, burns, approvals, permits, authorizations and minter configuration;
the operators' own controls keep working; unpause restores everything."""

import brownie
import pytest

from tests.stablecoin.stablecoin_testkit import USD, err, fresh_as_of, prepared_paths

PAUSED_PATHS = [
    "transfer",
    "transferFrom",
    "approve",
    "permit",
    "mint",
    "burn",
    "transferWithAuthorization",
    "receiveWithAuthorization",
    "cancelAuthorization",
    "configureMinter",
]


def test_pause_and_unpause_emit_and_flag(suite):
    tx = suite.token.pause({"from": suite.pauser})
    assert tx.events["Paused"] == {"account": suite.pauser}
    assert suite.token.paused() is True
    tx = suite.token.unpause({"from": suite.pauser})
    assert tx.events["Unpaused"] == {"account": suite.pauser}
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
    token.unBlacklist(suite.bob, {"from": suite.blacklister})
    token.removeMinter(suite.minter, {"from": suite.master_minter})
    token.attestReserves(2_000_000 * USD, fresh_as_of(), b"\x01" * 32, "ipfs://r", {"from": suite.attester})
    token.rescueERC20(stray, suite.carol, 5, {"from": suite.rescuer})
    token.updatePauser(suite.carol, {"from": suite.owner})
    token.unpause({"from": suite.carol})
    assert token.paused() is False
    assert stray.balanceOf(suite.carol) == 5
