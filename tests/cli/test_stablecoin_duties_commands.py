"""`sectoken stablecoin` for the issuer's duties, end to end on the example's stablecoin (the deployer holds
every role, the enforcer included): lawful orders, minter rate limits, redemption requests and their
clock, and the reserve report history."""

from datetime import datetime

import pytest

from sectoken.cli.output import iso_time

from .conftest import ALICE, BOB, CAROL, DEPLOYER, one_red_line

CASE = "CASE-2031-0042"
CASE_HEX = "0x" + CASE.encode().ljust(32, b"\x00").hex()


def seconds(iso: str) -> int:
    """An ISO date of the JSON output as unix time."""
    return int(datetime.fromisoformat(iso).timestamp())


@pytest.fixture(autouse=True)
def ready(deployed):
    """Every test starts from the freshly deployed suite."""


def test_seize_and_wipe_a_frozen_balance_under_an_order(sectoken):
    sectoken.ok("stablecoin", "mint", ALICE, "5")
    sectoken.ok("stablecoin", "mint", CAROL, "2")
    assert "StablecoinNotBlacklisted" in one_red_line(
        sectoken("stablecoin", "seize", ALICE, "--to", BOB, "--order", CASE)
    )
    sectoken.ok("stablecoin", "blacklist", ALICE)
    seized = sectoken.json("stablecoin", "seize", ALICE, "--to", BOB, "--order", CASE)
    assert (seized["amount"], seized["recipient"], seized["orderRef"]) == ("5", BOB, CASE_HEX)
    assert sectoken.json("stablecoin", "balance", BOB)["balance"] == "5"
    assert sectoken.json("stablecoin", "balance", ALICE) == {"account": ALICE, "balance": "0", "blacklisted": True}
    sectoken.ok("stablecoin", "blacklist", CAROL)
    text = sectoken.ok("stablecoin", "wipe", CAROL, "--order", "0x" + "ab" * 32).stdout
    assert f"wiped 2 stUSD of {CAROL}" in text
    assert sectoken.json("stablecoin", "info")["totalSupply"] == "5"


def test_an_order_reference_longer_than_32_bytes_is_refused_before_sending(sectoken):
    error = one_red_line(sectoken("stablecoin", "wipe", ALICE, "--order", "x" * 33))
    assert "--order" in error and "at most 32" in error


def test_only_the_enforcer_executes_an_order(sectoken):
    sectoken.ok("stablecoin", "blacklist", ALICE)
    error = one_red_line(sectoken("stablecoin", "wipe", ALICE, "--order", CASE, "--account-index", "1"))
    assert "StablecoinNotEnforcer" in error


def test_rate_limit_shown_by_minter_and_enforced(sectoken):
    assert sectoken.json("stablecoin", "minter", DEPLOYER)["rateLimit"] is None
    set_ = sectoken.json("stablecoin", "minter", DEPLOYER, "--rate-limit", "100", "--window", "1 day")
    assert (set_["limit"], set_["window"]) == ("100", 86400)
    sectoken.ok("stablecoin", "mint", ALICE, "60")
    shown = sectoken.json("stablecoin", "minter", DEPLOYER)
    assert shown["isMinter"] is True
    assert shown["rateLimit"]["mintedInWindow"] == "60" and shown["rateLimit"]["availableInWindow"] == "40"
    assert shown["rateLimit"]["windowEndsAt"].endswith("Z")  # a date, in UTC
    assert "StablecoinMinterRateLimitExceeded" in one_red_line(sectoken("stablecoin", "mint", ALICE, "40.5"))
    text = sectoken.ok("stablecoin", "minter", DEPLOYER).stdout
    assert "rate limit: 100 stUSD per 1 day" in text and "40 stUSD left" in text
    sectoken.ok("stablecoin", "minter", DEPLOYER, "--rate-limit", "0")
    assert sectoken.json("stablecoin", "minter", DEPLOYER)["rateLimit"] is None


def test_redemption_requests_listed_with_their_clock(chain, sectoken):
    sectoken.ok("stablecoin", "mint", ALICE, "10")
    asked = sectoken.json("stablecoin", "redeem", "4", "--ref", "payout-1", "--account-index", "1")
    assert asked["id"] == 1 and asked["baseUnits"] == 4_000_000
    listed = sectoken.json("stablecoin", "redemptions")
    (row,) = listed["redemptions"]
    assert (row["holder"], row["amount"], row["status"], row["overdue"]) == (ALICE, "4", "requested", False)
    assert seconds(row["dueAt"]) - seconds(row["requestedAt"]) >= 86400
    assert listed["overdue"] == 0
    chain.sleep(4 * 86400)  # past one business day whatever the weekday
    chain.mine()
    late = sectoken.json("stablecoin", "redemptions")
    assert late["redemptions"][0]["overdue"] is True and late["overdue"] == 1
    assert "past one business day" in sectoken.ok("stablecoin", "redemptions").stdout
    sectoken.ok("stablecoin", "redemption", "acknowledge", "1")
    assert sectoken.json("stablecoin", "redemptions")["redemptions"][0]["status"] == "acknowledged"
    sectoken.ok("stablecoin", "redemption", "complete", "1")
    assert sectoken.json("stablecoin", "redemptions")["redemptions"] == []
    (closed,) = sectoken.json("stablecoin", "redemptions", "--all")["redemptions"]
    assert closed["status"] == "completed" and closed["closedAt"].endswith("Z")
    assert sectoken.json("stablecoin", "info")["totalSupply"] == "6"
    assert "StablecoinRedemptionWrongStatus" in one_red_line(sectoken("stablecoin", "redemption", "reject", "1"))


def test_reserves_show_the_report_history_and_staleness(chain, sectoken):
    first = sectoken.json("stablecoin", "reserves")
    assert first["stale"] is False and len(first["reports"]) == 1
    (deployed,) = first["reports"]
    assert deployed["reserves"] == "25000000"
    assert deployed["periodStart"] == deployed["periodEnd"] == deployed["asOf"] == first["latestAsOf"]
    assert deployed["reportUri"] == "https://reserves.example.org/attestations/2030-01.pdf"
    chain.sleep(2)
    chain.mine()
    now = seconds(first["now"]) + 2
    attested = sectoken.json("stablecoin", "attest", "30000000", "--report-uri", "ipfs://monthly",
                             "--report-hash", "0x" + "cd" * 32, "--as-of", now, "--period", now - 86400 * 30, now - 1)
    assert (attested["periodStart"], attested["periodEnd"]) == (iso_time(now - 86400 * 30), iso_time(now - 1))
    reports = sectoken.json("stablecoin", "reserves")["reports"]
    assert [r["reserves"] for r in reports] == ["25000000", "30000000"]
    assert reports[1]["reportHash"] == "0x" + "cd" * 32
    chain.sleep(31 * 86400)
    chain.mine()
    stale = sectoken.json("stablecoin", "reserves")
    assert stale["stale"] is True and stale["ageSeconds"] > stale["maxAttestationAge"]
    assert "stale" in sectoken.ok("stablecoin", "reserves").stdout
