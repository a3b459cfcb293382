"""The stablecoin client for the issuer's duties on the deployed example (its deployer holds every role,
the enforcer appointed by the deployment): lawful orders, rate limits, redemption requests and their
due time, the report history and FiatToken v2 allowances."""

from datetime import UTC, datetime

import pytest

from sectoken.contracts.stablecoin import RedemptionStatus, order_reference, redemption_due
from sectoken.errors import ValidationError

from .conftest import USD
from .test_stablecoin_operations import reverted


def at(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp())


@pytest.mark.parametrize(
    "asked,due",
    [
        ("2031-03-03 10:00", "2031-03-04 10:00"),  # Monday -> Tuesday
        ("2031-03-06 16:30", "2031-03-07 16:30"),  # Thursday -> Friday
        ("2031-03-07 09:00", "2031-03-10 09:00"),  # Friday -> Monday
        ("2031-03-08 12:00", "2031-03-10 12:00"),  # Saturday -> Monday
        ("2031-03-09 12:00", "2031-03-10 12:00"),  # Sunday -> Monday
    ],
)
def test_a_redemption_is_due_one_business_day_after_it_is_asked(asked, due):
    assert redemption_due(at(asked)) == at(due)


def test_order_references_as_text_or_hex():
    assert order_reference("CASE-1") == b"CASE-1".ljust(32, b"\x00")
    assert order_reference("0x" + "ab" * 32) == b"\xab" * 32
    for bad in ("", "0x" + "00" * 32, "y" * 33, "0x" + "zz" * 32):
        with pytest.raises(ValidationError):
            order_reference(bad)


def test_the_deployment_appoints_the_enforcer_who_seizes_and_wipes(web3, suite, cast):
    coin = suite.stablecoin
    assert coin.role("enforcer") == cast.deployer.address
    coin.mint(cast.alice.address, 7 * USD)
    reverted(web3, cast.deployer, lambda: coin.wipe(cast.alice.address, order_reference("C-1")),
             "StablecoinNotBlacklisted")
    coin.blacklist(cast.alice.address)
    receipt = coin.seize(cast.alice.address, cast.bob.address, order_reference("C-1"))
    seized = coin.events(receipt, "Seized")[0]["args"]
    assert (seized["amount"], seized["orderRef"]) == (7 * USD, order_reference("C-1"))
    assert coin.balance_of(cast.bob.address) == 7 * USD
    with pytest.raises(ValidationError):
        coin.wipe(cast.alice.address, bytes(32))


def test_rate_limit_read_and_enforced(web3, suite, cast):
    coin = suite.stablecoin
    assert not coin.rate_limit(cast.deployer.address).limited
    coin.configure_rate_limit(cast.deployer.address, 50 * USD, 3600)
    coin.mint(cast.alice.address, 30 * USD)
    rate = coin.rate_limit(cast.deployer.address)
    assert (rate.limit, rate.window, rate.minted, rate.available) == (50 * USD, 3600, 30 * USD, 20 * USD)
    error = reverted(web3, cast.deployer, lambda: coin.mint(cast.alice.address, 21 * USD),
                     "StablecoinMinterRateLimitExceeded")
    assert error.arguments["available"] == 20 * USD and error.arguments["windowEndsAt"] == rate.window_ends_at


def test_redemption_requests_through_the_client(suite, cast):
    coin = suite.stablecoin
    coin.mint(cast.alice.address, 10 * USD)
    alice = coin.with_signer(cast.alice)
    alice.request_redemption(3 * USD, b"r".ljust(32, b"\x00"))
    alice.request_redemption(2 * USD)
    first, second = coin.redemptions()
    assert (first.id, first.holder, first.amount, first.status) == (1, cast.alice.address, 3 * USD,
                                                                   RedemptionStatus.REQUESTED)
    assert (second.id, second.amount, second.ref) == (2, 2 * USD, bytes(32))
    assert first.due_at == redemption_due(first.requested_at)
    coin.acknowledge_redemption(1)
    coin.complete_redemption(1)
    coin.reject_redemption(2)
    assert coin.redemptions() == []
    assert [r.status for r in coin.redemptions(open_only=False)] == [RedemptionStatus.COMPLETED,
                                                                     RedemptionStatus.REJECTED]
    assert coin.balance_of(cast.alice.address) == 7 * USD and coin.total_supply() == 7 * USD


def test_report_history_with_a_period(web3, chain, suite):
    coin = suite.stablecoin
    chain.sleep(2)
    chain.mine()
    as_of = int(web3.eth.get_block("latest")["timestamp"])
    coin.attest_reserves(26_000_000 * USD, as_of=as_of, report_hash=b"\x22" * 32, report_uri="ipfs://m",
                         period=(as_of - 1000, as_of - 10))
    first, latest = coin.reserve_reports()
    assert first.period_start == first.period_end == first.as_of
    assert (latest.index, latest.amount, latest.period_start, latest.period_end, latest.report_uri) == (
        1, 26_000_000 * USD, as_of - 1000, as_of - 10, "ipfs://m")


def test_allowances_raised_and_lowered(suite, cast):
    coin = suite.stablecoin
    assert coin.version() == "2"
    coin.increase_allowance(cast.bob.address, 5 * USD)
    coin.decrease_allowance(cast.bob.address, 2 * USD)
    assert coin.allowance(cast.deployer.address, cast.bob.address) == 3 * USD
