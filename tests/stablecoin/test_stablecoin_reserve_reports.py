"""Reserve reports: every attestation is recorded with its report's digest, location and the period it
covers, numbered from 0, so the history can be read from the chain."""

import brownie

from tests.stablecoin.stablecoin_testkit import USD, err, fresh_as_of

DIGEST = b"\x5a" * 32


def test_a_monthly_report_is_recorded_with_its_period(suite):
    token = suite.token
    count = token.reserveReportCount()
    as_of = fresh_as_of()
    start, end = as_of - 31 * 86400, as_of - 1
    tx = token.attestReserveReport(3_000_000 * USD, as_of, DIGEST, "https://issuer.example/2026-11.pdf",
                                   start, end, {"from": suite.attester})
    assert tx.events["ReservesAttested"]["amount"] == 3_000_000 * USD
    assert tx.events["ReserveReportRecorded"] == {"index": count, "periodStart": start, "periodEnd": end}
    assert [e.name for e in tx.events] == ["ReservesAttested", "ReserveReportRecorded"]
    assert token.reserveReportCount() == count + 1
    assert tuple(token.reserveReport(count)) == (3_000_000 * USD, as_of, start, end, "0x" + DIGEST.hex(),
                                          "https://issuer.example/2026-11.pdf")
    assert tuple(token.reserveAttestation()) == (3_000_000 * USD, as_of, "0x" + DIGEST.hex())


def test_a_point_in_time_attestation_is_recorded_as_a_period_of_one_instant(suite):
    token = suite.token
    first = token.reserveReport(0)  # the suite's own attestation
    assert first[1] == first[2] == first[3]
    assert first[5] == "ipfs://report-1"
    as_of = fresh_as_of()
    token.attestReserves(2_000_000 * USD, as_of, DIGEST, "ipfs://report-2", {"from": suite.attester})
    assert tuple(token.reserveReport(1)) == (2_000_000 * USD, as_of, as_of, as_of, "0x" + DIGEST.hex(), "ipfs://report-2")
    assert token.reserveReportCount() == 2


def test_a_period_running_backwards_or_past_the_as_of_time_is_refused(suite):
    token = suite.token
    as_of = fresh_as_of()
    for start, end in ((as_of - 10, as_of - 20), (as_of - 10, as_of + 1)):
        with brownie.reverts(err("StablecoinInvalidReportPeriod", start, end, as_of)):
            token.attestReserveReport(USD, as_of, DIGEST, "", start, end, {"from": suite.attester})
    assert token.reserveReportCount() == 1


def test_an_unknown_report_is_refused(suite):
    with brownie.reverts(err("StablecoinUnknownReserveReport", 1, 1)):
        suite.token.reserveReport(1)


def test_only_the_attester_records_a_report(suite):
    as_of = fresh_as_of()
    with brownie.reverts(err("StablecoinNotReserveAttester", suite.owner.address)):
        suite.token.attestReserveReport(USD, as_of, DIGEST, "", as_of, as_of, {"from": suite.owner})
