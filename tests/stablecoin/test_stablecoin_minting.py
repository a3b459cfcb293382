"""Minters: configured by the master minter with allowances; they mint within the allowance and burn
their own balance."""

import brownie

from tests.stablecoin.stablecoin_testkit import ALICE_BALANCE, ALLOWANCE, USD, ZERO_ADDRESS, err


def test_configure_minter_sets_flag_and_allowance(deployed):
    token = deployed.token
    tx = token.configureMinter(deployed.carol, 500 * USD, {"from": deployed.master_minter})
    assert tx.events["MinterConfigured"] == {"minter": deployed.carol, "minterAllowedAmount": 500 * USD}
    assert token.isMinter(deployed.carol) is True
    assert token.minterAllowance(deployed.carol) == 500 * USD


def test_reconfiguring_replaces_the_allowance(suite):
    token = suite.token
    token.configureMinter(suite.minter, 7 * USD, {"from": suite.master_minter})
    assert token.minterAllowance(suite.minter) == 7 * USD


def test_remove_minter_clears_flag_and_allowance(suite):
    token = suite.token
    tx = token.removeMinter(suite.minter, {"from": suite.master_minter})
    assert tx.events["MinterRemoved"] == {"oldMinter": suite.minter}
    assert token.isMinter(suite.minter) is False
    assert token.minterAllowance(suite.minter) == 0


def test_mint_emits_mint_then_transfer_and_spends_allowance(suite):
    token = suite.token
    assert token.mint.call(suite.bob, 250 * USD, {"from": suite.minter}) is True
    tx = token.mint(suite.bob, 250 * USD, {"from": suite.minter})
    assert [e.name for e in tx.events] == ["Mint", "Transfer"]
    assert tx.events["Mint"] == {"minter": suite.minter, "to": suite.bob, "amount": 250 * USD}
    assert tx.events["Transfer"] == {"from": ZERO_ADDRESS, "to": suite.bob, "value": 250 * USD}
    assert token.balanceOf(suite.bob) == 250 * USD
    assert token.totalSupply() == ALICE_BALANCE + 250 * USD
    assert token.minterAllowance(suite.minter) == ALLOWANCE - ALICE_BALANCE - 250 * USD


def test_mint_up_to_the_allowance_exhausts_it(suite):
    token = suite.token
    remaining = token.minterAllowance(suite.minter)
    token.mint(suite.bob, remaining, {"from": suite.minter})
    assert token.minterAllowance(suite.minter) == 0
    with brownie.reverts(err("StablecoinMinterAllowanceExceeded", suite.minter.address, 0, 1)):
        token.mint(suite.bob, 1, {"from": suite.minter})


def test_mint_above_the_allowance_is_refused(suite):
    token = suite.token
    remaining = token.minterAllowance(suite.minter)
    with brownie.reverts(
        err("StablecoinMinterAllowanceExceeded", suite.minter.address, remaining, remaining + 1)
    ):
        token.mint(suite.bob, remaining + 1, {"from": suite.minter})
    assert token.balanceOf(suite.bob) == 0
    assert token.minterAllowance(suite.minter) == remaining


def test_each_minter_spends_only_its_own_allowance(suite):
    token = suite.token
    token.configureMinter(suite.carol, 10 * USD, {"from": suite.master_minter})
    token.mint(suite.bob, 10 * USD, {"from": suite.carol})
    assert token.minterAllowance(suite.carol) == 0
    assert token.minterAllowance(suite.minter) == ALLOWANCE - ALICE_BALANCE


def test_mint_of_zero_is_refused(suite):
    with brownie.reverts(err("StablecoinZeroAmount")):
        suite.token.mint(suite.bob, 0, {"from": suite.minter})


def test_mint_to_the_zero_address_is_refused(suite):
    with brownie.reverts(err("ERC20InvalidReceiver", ZERO_ADDRESS)):
        suite.token.mint(ZERO_ADDRESS, USD, {"from": suite.minter})


def test_removed_minter_can_neither_mint_nor_burn(suite):
    token = suite.token
    token.mint(suite.minter, USD, {"from": suite.minter})
    token.removeMinter(suite.minter, {"from": suite.master_minter})
    with brownie.reverts(err("StablecoinNotMinter", suite.minter.address)):
        token.mint(suite.bob, USD, {"from": suite.minter})
    with brownie.reverts(err("StablecoinNotMinter", suite.minter.address)):
        token.burn(USD, {"from": suite.minter})


def test_burn_destroys_the_minters_own_balance(suite):
    token = suite.token
    token.mint(suite.minter, 30 * USD, {"from": suite.minter})
    supply = token.totalSupply()
    tx = token.burn(12 * USD, {"from": suite.minter})
    assert [e.name for e in tx.events] == ["Burn", "Transfer"]
    assert tx.events["Burn"] == {"burner": suite.minter, "amount": 12 * USD}
    assert tx.events["Transfer"] == {"from": suite.minter, "to": ZERO_ADDRESS, "value": 12 * USD}
    assert token.balanceOf(suite.minter) == 18 * USD
    assert token.totalSupply() == supply - 12 * USD


def test_burn_does_not_restore_the_mint_allowance(suite):
    token = suite.token
    token.mint(suite.minter, 30 * USD, {"from": suite.minter})
    allowance = token.minterAllowance(suite.minter)
    token.burn(30 * USD, {"from": suite.minter})
    assert token.minterAllowance(suite.minter) == allowance


def test_burn_above_the_balance_is_refused(suite):
    token = suite.token
    token.mint(suite.minter, 5 * USD, {"from": suite.minter})
    with brownie.reverts(err("ERC20InsufficientBalance", suite.minter.address, 5 * USD, 6 * USD)):
        token.burn(6 * USD, {"from": suite.minter})


def test_burn_of_zero_is_refused(suite):
    with brownie.reverts(err("StablecoinZeroAmount")):
        suite.token.burn(0, {"from": suite.minter})
