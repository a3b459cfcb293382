"""`sectoken check FROM TO AMOUNT` answers with the token's ERC-1404 code and message and sends nothing;
`sectoken compliance explain` lists the suite's rules in words."""

import json

import pytest

from .conftest import ALICE, BOB, CAROL, DEPLOYER, ERIN, pending_nonce


@pytest.fixture(scope="module", autouse=True)
def holdings(sectoken, onboarded):
    """alice holds 100 bonds (minted once, as the module starts: every test starts from here)."""
    sectoken.ok("token", "mint", ALICE, "100")


def test_an_allowed_transfer_exits_0(sectoken):
    result = sectoken.ok("check", ALICE, BOB, "40")
    assert result.stdout.startswith(f"✓ allowed: 40 UUB30 from {ALICE} to {BOB}")
    data = sectoken.json("check", ALICE, BOB, "40")
    assert (data["allowed"], data["code"], data["reason"]) == (True, 0, "SUCCESS")
    assert data["message"] == "No restriction: the transfer is allowed."


@pytest.mark.parametrize(
    ("sender", "to", "amount", "code", "reason"),
    [
        (ALICE, CAROL, "1", 22, "INVESTOR_NOT_ELIGIBLE"),
        (ALICE, ERIN, "1", 6, "RECIPIENT_NOT_VERIFIED"),
        (ALICE, BOB, "101", 4, "INSUFFICIENT_UNFROZEN_BALANCE"),
    ],
)
def test_a_refused_transfer_exits_1_with_the_tokens_message(web3, sectoken, onboarded, sender, to, amount, code,
                                                             reason):
    before = pending_nonce(web3, DEPLOYER)
    result = sectoken("check", sender, to, amount, "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert (data["allowed"], data["code"], data["reason"]) == (False, code, reason)
    assert data["message"] == onboarded.token.message_for(code)
    text = sectoken("check", sender, to, amount).stdout
    assert text.startswith(f"✗ refused, code {code} ({reason}): {data['message']}")
    assert pending_nonce(web3, DEPLOYER) == before


def test_an_amount_that_is_not_one_is_an_error(sectoken):
    assert "must be above zero" in sectoken("check", ALICE, BOB, "0.0").stderr
    assert "finer than the token allows" in sectoken("check", ALICE, BOB, "0.5").stderr


def test_check_sees_the_lock_up_of_issued_us_tokens(sectoken):
    sectoken.ok("token", "mint", BOB, "10")
    data = sectoken("check", BOB, ALICE, "1", "--json")
    assert data.exit_code == 1 and '"code": 21' in data.stdout


def test_compliance_explain_lists_the_rules_in_words(sectoken):
    rules = sectoken.json("compliance", "explain")
    texts = [rule["rule"] for rule in rules]
    assert texts[0] == "Every investor must be registered in the identity registry with a valid claim of: kyc."
    assert "Tokens may go only to investors in: GB (826, United Kingdom), US (840, United States)." in texts
    assert "Tokens issued to investors in US (840, United States) are locked for 1 year." in texts
    assert "At most 1,000,000 tokens may be in issue (100 are now)." in texts
    by_source = {rule["source"]: rule for rule in rules}
    assert by_source["SupplyLimit"]["codes"] == [20] and by_source["SupplyLimit"]["detail"].startswith("SupplyLimit")
    assert any("Rule 144" in basis for basis in by_source["LockUp"]["basis"])
    assert by_source["SupplyLimit"]["basis"] == []  # the issuer's own setting, not a pack's
    table = sectoken.ok("compliance", "explain").stdout
    for word in ("Compliance of uk-us-bond (UUB30)", "InvestorEligibility", "LockUp", "professional", "Basis:"):
        assert word in table


def test_compliance_modules_in_check_order(sectoken, onboarded):
    rows = sectoken.json("compliance", "modules")
    assert [row["module"] for row in rows] == [
        "CountryAllowModule", "InvestorEligibilityModule", "InvestorTypeModule", "LockUpModule",
        "TransferLimitsModule", "MaxBalanceModule", "MaxHoldersModule", "NonAccreditedHoldersModule",
        "SupplyLimitModule",
    ]
    assert [row["code"] for row in rows] == [16, 22, 29, 21, 23, 18, 19, 25, 20]
    assert rows[-1]["describe"] == "SupplyLimit: 1000000 (supply 100)"
