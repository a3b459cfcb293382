"""`sectoken settle ...` end to end: alice (UK, professional) sells bonds to bob (US, accredited) for
stUSD through the example suite's settlement contract; carol (UK, KYC only) may not hold bonds."""

import pytest

from .conftest import ALICE, BOB, CAROL, DEPLOYER, one_red_line, pending_nonce

USD = 10**6
AS_ALICE, AS_BOB, AS_CAROL = ("--account-index", "1"), ("--account-index", "2"), ("--account-index", "3")


@pytest.fixture(scope="module", autouse=True)
def ready(onboarded, sectoken):
    """alice holds 500 bonds, bob 10,000 stUSD (done once, as the module starts: every test starts from here)."""
    onboarded.token.mint(ALICE, 500)
    sectoken.ok("stablecoin", "mint", BOB, "10000")


def balances(suite, *wallets):
    assert suite.stablecoin is not None
    return [(suite.token.balance_of(w), suite.stablecoin.balance_of(w)) for w in wallets]


def test_propose_and_accept_with_an_authorization(sectoken, onboarded):
    proposed = sectoken.json("settle", "propose", "--buyer", BOB, "--amount", "200", "--price", "2500.5", *AS_ALICE)
    trade_id = proposed["tradeId"]
    assert proposed["terms"]["seller"] == ALICE and proposed["terms"]["priceBaseUnits"] == 2_500_500_000
    assert proposed["termsHash"].startswith("0x") and len(proposed["termsHash"]) == 66
    assert onboarded.token.allowance(ALICE, onboarded.settlement.address) == 200
    shown = sectoken.json("settle", "show", trade_id)
    assert (shown["status"], shown["proposedBy"], shown["termsHash"]) == ("pending", "seller", proposed["termsHash"])
    assert shown["terms"]["amount"] == "200" and shown["terms"]["price"] == "2500.5"
    accepted = sectoken.json("settle", "accept", trade_id, *AS_BOB)
    assert accepted["pay"] == "authorization" and accepted["signer"] == BOB
    assert balances(onboarded, ALICE, BOB) == [(300, 2_500_500_000), (200, 7_499_500_000)]
    text = sectoken.ok("settle", "show", trade_id).stdout
    assert f"Trade {trade_id}" in text and "settled" in text and "2,500.5 stUSD" in text
    assert shown["terms"]["expiry"].endswith("Z") and shown["terms"]["expiry"] in text  # an ISO date, both ways


def test_accept_with_a_permit_and_with_an_allowance(sectoken, onboarded):
    first = sectoken.json("settle", "propose", "--buyer", BOB, "--amount", "10", "--price", "100", *AS_ALICE)
    text = sectoken.ok("settle", "accept", first["tradeId"], "--pay", "permit", *AS_BOB).stdout
    assert f"settled trade {first['tradeId']}" in text and "paid by permit" in text
    second = sectoken.json("settle", "propose", "--buyer", BOB, "--amount", "5", "--price", "50", *AS_ALICE)
    assert sectoken.json("settle", "accept", second["tradeId"], "--pay", "allowance", *AS_BOB)["pay"] == "allowance"
    assert balances(onboarded, ALICE, BOB) == [(485, 150 * USD), (15, 9_850 * USD)]


def test_a_buyer_proposes_and_the_seller_accepts(sectoken, onboarded):
    proposed = sectoken.json("settle", "propose", "--as-buyer", "--seller", ALICE, "--amount", "7", "--price", "70",
                             "--expiry", "3600", *AS_BOB)
    assert sectoken.json("settle", "show", proposed["tradeId"])["proposedBy"] == "buyer"
    assert onboarded.stablecoin.allowance(BOB, onboarded.settlement.address) == 70 * USD
    sectoken.ok("settle", "accept", proposed["tradeId"], *AS_ALICE)
    assert balances(onboarded, ALICE, BOB) == [(493, 70 * USD), (7, 9_930 * USD)]


def test_cancel(sectoken, onboarded):
    trade_id = sectoken.json("settle", "propose", "--buyer", BOB, "--amount", "1", "--price", "1", *AS_ALICE)["tradeId"]
    assert "DvPUnauthorized" in one_red_line(sectoken("settle", "cancel", trade_id, *AS_BOB))
    assert f"cancelled trade {trade_id}" in sectoken.ok("settle", "cancel", trade_id, *AS_ALICE).stdout
    assert sectoken.json("settle", "show", trade_id)["status"] == "cancelled"
    assert "is cancelled, not pending" in one_red_line(sectoken("settle", "accept", trade_id, *AS_BOB))


def test_a_refused_trade_says_why_and_sends_nothing(web3, sectoken, onboarded):
    before = pending_nonce(web3, ALICE)
    error = one_red_line(sectoken("settle", "propose", "--buyer", CAROL, "--amount", "5", "--price", "5", *AS_ALICE))
    assert "code 22 (INVESTOR_NOT_ELIGIBLE)" in error
    assert pending_nonce(web3, ALICE) == before
    # proposed while carol was eligible, refused when she accepts after losing her claim
    identity = "0x" + CAROL[2:].lower()[::-1]
    onboarded.storage.add_claim(identity, "professional")
    trade_id = sectoken.json("settle", "propose", "--buyer", CAROL, "--amount", "5", "--price", "5", *AS_ALICE)["tradeId"]
    sectoken.ok("stablecoin", "mint", CAROL, "5")
    onboarded.storage.revoke_claim(identity, "professional")
    holdings, nonce = balances(onboarded, ALICE, CAROL), pending_nonce(web3, CAROL)
    error = one_red_line(sectoken("settle", "accept", trade_id, *AS_CAROL))
    assert "code 22 (INVESTOR_NOT_ELIGIBLE)" in error
    assert balances(onboarded, ALICE, CAROL) == holdings and pending_nonce(web3, CAROL) == nonce
    assert sectoken.json("settle", "show", trade_id)["status"] == "pending"


def test_usage_and_unknown_trades(web3, sectoken):
    before = pending_nonce(web3, DEPLOYER)
    usage = sectoken("settle", "propose", "--amount", "1", "--price", "1")
    assert usage.exit_code == 2 and "Give --buyer" in usage.stderr
    assert "not a period" in one_red_line(sectoken("settle", "propose", "--buyer", BOB, "--amount", "1", "--price", "1",
                                                   "--expiry", "soon", *AS_ALICE))
    assert "DvPTradeNotFound" in one_red_line(sectoken("settle", "show", "99"))
    assert pending_nonce(web3, DEPLOYER) == before
