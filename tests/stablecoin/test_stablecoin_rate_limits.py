"""Minter rate limits: the master minter caps what a minter may mint per time window, on top of its
allowance; a mint beyond the window's room is refused with the room left and the window's end."""

import brownie
from brownie import chain

from tests.stablecoin.stablecoin_testkit import ALLOWANCE, USD, err

WINDOW = 3600


def test_a_minter_without_a_rate_limit_reads_as_unlimited(suite):
    assert tuple(suite.token.minterRateLimit(suite.minter)) == (0, 0, 0, 0)


def test_configuring_a_rate_limit_emits_and_reads_back(suite):
    tx = suite.token.configureMinterRateLimit(suite.minter, 100 * USD, WINDOW, {"from": suite.master_minter})
    assert tx.events["MinterRateLimitConfigured"] == {"minter": suite.minter, "limit": 100 * USD, "window": WINDOW}
    assert tuple(suite.token.minterRateLimit(suite.minter)) == (100 * USD, WINDOW, 0, 0)


def test_mints_up_to_the_limit_pass_and_the_next_is_refused_until_the_window_ends(suite):
    token = suite.token
    token.configureMinterRateLimit(suite.minter, 100 * USD, WINDOW, {"from": suite.master_minter})
    tx = token.mint(suite.bob, 60 * USD, {"from": suite.minter})
    opened = tx.timestamp
    token.mint(suite.bob, 40 * USD, {"from": suite.minter})
    assert tuple(token.minterRateLimit(suite.minter)) == (100 * USD, WINDOW, 100 * USD, opened + WINDOW)
    with brownie.reverts(err("StablecoinMinterRateLimitExceeded", suite.minter.address, 0, USD, opened + WINDOW)):
        token.mint(suite.bob, USD, {"from": suite.minter})
    chain.sleep(WINDOW + 1)
    tx = token.mint(suite.bob, 100 * USD, {"from": suite.minter})
    assert tuple(token.minterRateLimit(suite.minter)) == (100 * USD, WINDOW, 100 * USD, tx.timestamp + WINDOW)
    assert token.balanceOf(suite.bob) == 200 * USD


def test_the_error_names_the_room_left_in_the_window(suite):
    token = suite.token
    token.configureMinterRateLimit(suite.minter, 100 * USD, WINDOW, {"from": suite.master_minter})
    opened = token.mint(suite.bob, 70 * USD, {"from": suite.minter}).timestamp
    with brownie.reverts(err("StablecoinMinterRateLimitExceeded", suite.minter.address, 30 * USD, 31 * USD,
                             opened + WINDOW)):
        token.mint(suite.bob, 31 * USD, {"from": suite.minter})


def test_the_window_that_has_ended_reads_as_unused(suite):
    token = suite.token
    token.configureMinterRateLimit(suite.minter, 100 * USD, WINDOW, {"from": suite.master_minter})
    token.mint(suite.bob, 70 * USD, {"from": suite.minter})
    chain.sleep(WINDOW + 1)
    chain.mine()
    assert tuple(token.minterRateLimit(suite.minter)) == (100 * USD, WINDOW, 0, 0)


def test_lowering_the_limit_keeps_what_was_minted_in_the_window(suite):
    token = suite.token
    token.configureMinterRateLimit(suite.minter, 100 * USD, WINDOW, {"from": suite.master_minter})
    opened = token.mint(suite.bob, 70 * USD, {"from": suite.minter}).timestamp
    token.configureMinterRateLimit(suite.minter, 50 * USD, WINDOW, {"from": suite.master_minter})
    assert tuple(token.minterRateLimit(suite.minter)) == (50 * USD, WINDOW, 70 * USD, opened + WINDOW)
    with brownie.reverts(err("StablecoinMinterRateLimitExceeded", suite.minter.address, 0, 1, opened + WINDOW)):
        token.mint(suite.bob, 1, {"from": suite.minter})


def test_the_allowance_still_applies_under_a_rate_limit(suite):
    token = suite.token
    token.configureMinterRateLimit(suite.minter, 2 * ALLOWANCE, WINDOW, {"from": suite.master_minter})
    left = token.minterAllowance(suite.minter)
    with brownie.reverts(err("StablecoinMinterAllowanceExceeded", suite.minter.address, left, left + 1)):
        token.mint(suite.bob, left + 1, {"from": suite.minter})


def test_removing_the_limit_or_the_minter_clears_it(suite):
    token = suite.token
    token.configureMinterRateLimit(suite.minter, 10 * USD, WINDOW, {"from": suite.master_minter})
    token.mint(suite.bob, 10 * USD, {"from": suite.minter})
    tx = token.configureMinterRateLimit(suite.minter, 0, 0, {"from": suite.master_minter})
    assert tx.events["MinterRateLimitConfigured"] == {"minter": suite.minter, "limit": 0, "window": 0}
    assert tuple(token.minterRateLimit(suite.minter)) == (0, 0, 0, 0)
    token.mint(suite.bob, 50 * USD, {"from": suite.minter})
    token.configureMinterRateLimit(suite.minter, 10 * USD, WINDOW, {"from": suite.master_minter})
    token.removeMinter(suite.minter, {"from": suite.master_minter})
    assert tuple(token.minterRateLimit(suite.minter)) == (0, 0, 0, 0)


def test_an_invalid_rate_limit_is_refused(suite):
    token = suite.token
    for limit, window in ((5, 0), (5, 2**64), (2**128, 60)):
        with brownie.reverts(err("StablecoinInvalidRateLimit", limit, window)):
            token.configureMinterRateLimit(suite.minter, limit, window, {"from": suite.master_minter})


def test_configuring_a_rate_limit_is_refused_while_paused(suite):
    suite.token.pause({"from": suite.pauser})
    with brownie.reverts(err("StablecoinPaused")):
        suite.token.configureMinterRateLimit(suite.minter, USD, WINDOW, {"from": suite.master_minter})
