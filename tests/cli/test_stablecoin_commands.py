"""`sectoken stablecoin ...` end to end on the example's stablecoin: the deployer, master minter, minter,
blacklister and attester, runs every command right after the deploy."""

import pytest

from .conftest import ALICE, BOB, DEPLOYER, one_red_line, pending_nonce

USD = 10**6


@pytest.fixture(autouse=True)
def ready(deployed):
    """Every test starts from the freshly deployed suite."""


def test_info_right_after_deploy(sectoken):
    info = sectoken.json("stablecoin", "info")
    assert (info["symbol"], info["currency"], info["decimals"]) == ("stUSD", "USD", 6)
    assert info["reserves"] == "25000000" and info["mintableUnderReserves"] == "25000000"
    assert info["signer"] == {"address": DEPLOYER, "minter": True, "allowance": "10000000"}
    assert set(info["roles"].values()) == {DEPLOYER}
    text = sectoken.ok("stablecoin", "info").stdout
    assert "Sectoken USD (stUSD, USD)" in text and "reserves 25,000,000" in text


def test_mint_in_tokens_with_six_decimals_and_burn(sectoken, web3):
    minted = sectoken.json("stablecoin", "mint", ALICE, "2.5")
    assert minted["baseUnits"] == 2_500_000 and minted["allowanceLeft"] == "9999997.5"
    assert sectoken.json("stablecoin", "balance", ALICE) == {"account": ALICE, "balance": "2.5", "blacklisted": False}
    sectoken.ok("stablecoin", "mint", DEPLOYER, "10")
    assert "burnt 4.25 stUSD" in sectoken.ok("stablecoin", "burn", "4.25").stdout
    assert sectoken.json("stablecoin", "balance", DEPLOYER)["balance"] == "5.75"
    assert "finer than the token allows (at most 6 decimal places)" in one_red_line(
        sectoken("stablecoin", "mint", ALICE, "0.0000001")
    )


def test_minting_beyond_the_allowance_is_refused_and_sends_nothing(web3, sectoken):
    before = pending_nonce(web3, DEPLOYER)
    error = one_red_line(sectoken("stablecoin", "mint", ALICE, "10000001"))
    assert "StablecoinMinterAllowanceExceeded" in error
    assert pending_nonce(web3, DEPLOYER) == before


def test_configure_and_remove_a_minter(sectoken):
    configured = sectoken.json("stablecoin", "minter", ALICE, "1000")
    assert configured["minter"] == ALICE and configured["baseUnits"] == 1000 * USD
    sectoken.ok("stablecoin", "mint", BOB, "999.5", "--account-index", "1")
    assert "StablecoinMinterAllowanceExceeded" in one_red_line(
        sectoken("stablecoin", "mint", BOB, "1", "--account-index", "1")
    )
    assert f"removed minter {ALICE}" in sectoken.ok("stablecoin", "minter", ALICE, "--remove").stdout
    assert "StablecoinNotMinter" in one_red_line(sectoken("stablecoin", "mint", BOB, "0.1", "--account-index", "1"))
    usage = sectoken("stablecoin", "minter", ALICE, "5", "--remove")
    assert usage.exit_code == 2 and "Give one of ALLOWANCE, --rate-limit or --remove" in usage.stderr


def test_blacklist_and_take_off(sectoken):
    sectoken.ok("stablecoin", "mint", ALICE, "5")
    assert f"blacklisted {ALICE}" in sectoken.ok("stablecoin", "blacklist", ALICE).stdout
    assert sectoken.json("stablecoin", "balance", ALICE)["blacklisted"] is True
    assert "StablecoinBlacklisted" in one_red_line(sectoken("stablecoin", "mint", ALICE, "1"))
    sectoken.ok("stablecoin", "blacklist", ALICE, "--remove")
    sectoken.ok("stablecoin", "mint", ALICE, "1")


def test_attest_caps_minting(chain, sectoken):
    chain.sleep(2)
    chain.mine()
    attested = sectoken.json("stablecoin", "attest", "3", "--report-uri", "ipfs://report-2", "--report-hash",
                             "0x" + "ab" * 32)
    assert attested["reserves"] == "3" and attested["reportHash"] == "0x" + "ab" * 32
    assert sectoken.json("stablecoin", "info")["mintableUnderReserves"] == "3"
    assert "StablecoinReserveExceeded" in one_red_line(sectoken("stablecoin", "mint", ALICE, "3.000001"))
    sectoken.ok("stablecoin", "mint", ALICE, "3")
    assert "--report-hash must be 0x" in one_red_line(sectoken("stablecoin", "attest", "5", "--report-hash", "0x12"))


def test_pause_and_unpause(sectoken):
    sectoken.ok("stablecoin", "pause")
    assert "StablecoinPaused" in one_red_line(sectoken("stablecoin", "mint", ALICE, "1"))
    sectoken.ok("stablecoin", "unpause")
    sectoken.ok("stablecoin", "mint", ALICE, "1")
