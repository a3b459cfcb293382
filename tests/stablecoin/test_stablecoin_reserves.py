"""Reserve attestation: the attester posts reserves; a mint above them, or after the attestation has gone
stale, is refused with a clear error; transfers and burns never depend on the reserves."""

import brownie
from brownie import chain

from tests.stablecoin.stablecoin_testkit import ALICE_BALANCE, RESERVES, USD, err, fresh_as_of

REPORT = b"\xab" * 32


def test_attestation_is_stored_and_emitted(suite):
    as_of = fresh_as_of()
    tx = suite.token.attestReserves(
        2_000_000 * USD, as_of, REPORT, "ipfs://report-2", {"from": suite.attester}
    )
    assert tx.events["ReservesAttested"] == {
        "attester": suite.attester,
        "amount": 2_000_000 * USD,
        "asOf": as_of,
        "reportHash": "0x" + REPORT.hex(),
        "reportURI": "ipfs://report-2",
    }
    amount, stored_as_of, report_hash = suite.token.reserveAttestation()
    assert (amount, stored_as_of, report_hash) == (2_000_000 * USD, as_of, "0x" + REPORT.hex())


def test_mint_up_to_the_reserves_passes_and_one_more_unit_is_refused(suite):
    token = suite.token
    token.configureMinter(suite.minter, 2 * RESERVES, {"from": suite.master_minter})
    room = RESERVES - ALICE_BALANCE
    assert token.mintableUnderReserves() == room
    token.mint(suite.bob, room, {"from": suite.minter})
    assert token.totalSupply() == RESERVES
    assert token.mintableUnderReserves() == 0
    with brownie.reverts(err("StablecoinReserveExceeded", RESERVES + 1, RESERVES)):
        token.mint(suite.bob, 1, {"from": suite.minter})


def test_refused_mint_spends_no_allowance(suite):
    token = suite.token
    token.configureMinter(suite.minter, 2 * RESERVES, {"from": suite.master_minter})
    with brownie.reverts(err("StablecoinReserveExceeded", RESERVES + ALICE_BALANCE, RESERVES)):
        token.mint(suite.bob, RESERVES, {"from": suite.minter})
    assert token.minterAllowance(suite.minter) == 2 * RESERVES
    assert token.totalSupply() == ALICE_BALANCE


def test_attestation_below_supply_stops_minting_but_not_transfers_or_burns(suite):
    token = suite.token
    token.attestReserves(400 * USD, fresh_as_of(), REPORT, "ipfs://shortfall", {"from": suite.attester})
    assert token.mintableUnderReserves() == 0
    with brownie.reverts(err("StablecoinReserveExceeded", ALICE_BALANCE + 1, 400 * USD)):
        token.mint(suite.bob, 1, {"from": suite.minter})
    token.transfer(suite.minter, 700 * USD, {"from": suite.alice})
    token.burn(650 * USD, {"from": suite.minter})
    assert token.totalSupply() == 350 * USD
    assert token.mintableUnderReserves() == 50 * USD
    token.mint(suite.bob, 50 * USD, {"from": suite.minter})


def test_mint_before_any_attestation_is_refused_as_stale(deployed):
    token = deployed.token
    token.configureMinter(deployed.minter, USD, {"from": deployed.master_minter})
    assert token.mintableUnderReserves() == 0
    with brownie.reverts(err("StablecoinAttestationStale", 0, 86400)):
        token.mint(deployed.bob, USD, {"from": deployed.minter})


def test_mint_after_the_attestation_goes_stale_is_refused(suite):
    token = suite.token
    token.setMaxAttestationAge(3600, {"from": suite.owner})
    as_of = token.reserveAttestation()[1]
    token.mint(suite.bob, USD, {"from": suite.minter})
    chain.sleep(3700)
    chain.mine()
    assert token.mintableUnderReserves() == 0
    with brownie.reverts(err("StablecoinAttestationStale", as_of, 3600)):
        token.mint(suite.bob, USD, {"from": suite.minter})


def test_stale_attestation_does_not_stop_transfers_or_burns(suite):
    token = suite.token
    chain.sleep(2 * 86400)
    chain.mine()
    token.transfer(suite.minter, 10 * USD, {"from": suite.alice})
    token.burn(10 * USD, {"from": suite.minter})
    assert token.balanceOf(suite.alice) == ALICE_BALANCE - 10 * USD


def test_a_new_attestation_revives_minting(suite):
    token = suite.token
    chain.sleep(2 * 86400)
    token.attestReserves(RESERVES, fresh_as_of(), REPORT, "ipfs://report-2", {"from": suite.attester})
    token.mint(suite.bob, USD, {"from": suite.minter})
    assert token.balanceOf(suite.bob) == USD


def test_a_longer_max_age_keeps_an_old_attestation_usable(suite):
    token = suite.token
    chain.sleep(2 * 86400)
    chain.mine()
    token.setMaxAttestationAge(7 * 86400, {"from": suite.owner})
    token.mint(suite.bob, USD, {"from": suite.minter})


def test_attestation_dated_in_the_future_is_refused(suite):
    as_of = fresh_as_of() + 3600
    with brownie.reverts(revert_pattern=rf"StablecoinAttestationInFuture: {as_of}, \d+"):
        suite.token.attestReserves(RESERVES, as_of, REPORT, "", {"from": suite.attester})


def test_attestation_not_newer_than_the_latest_is_refused(suite):
    token = suite.token
    latest = token.reserveAttestation()[1]
    for as_of in (latest, latest - 1):
        with brownie.reverts(err("StablecoinAttestationNotNewer", as_of, latest)):
            token.attestReserves(RESERVES, as_of, REPORT, "", {"from": suite.attester})
    assert token.reserveAttestation()[0] == RESERVES


def test_max_attestation_age_change_is_emitted(suite):
    tx = suite.token.setMaxAttestationAge(7 * 86400, {"from": suite.owner})
    assert tx.events["MaxAttestationAgeChanged"] == {"previousMaxAge": 86400, "newMaxAge": 7 * 86400}
    assert suite.token.maxAttestationAge() == 7 * 86400


def test_max_attestation_age_out_of_range_is_refused(suite):
    for bad in (0, 2**64):
        with brownie.reverts(err("StablecoinInvalidMaxAttestationAge", bad)):
            suite.token.setMaxAttestationAge(bad, {"from": suite.owner})
    suite.token.setMaxAttestationAge(2**64 - 1, {"from": suite.owner})
