"""The transfer agent's standing work from the command line: agents and their powers by name, trusted
issuers, required claim topics, claims revoked and renewed, an investor's country, identity and deletion
(refused in words while the wallet holds tokens), stablecoin transfer and approve, and an import whose
issuance the rules would refuse, refused by line before anything is sent."""

import json

import pytest

from sectoken.signers import dev_account

from .conftest import ALICE, BOB, CAROL, DEPLOYER, ERIN, one_red_line, pending_nonce

ERIN_ID = "0x" + "e1" * 20


@pytest.fixture(autouse=True)
def ready(onboarded):
    """Every test starts from the onboarded suite."""


def roles_of(sectoken, account):
    return next((a["roles"] for a in sectoken.json("agent", "list") if a["account"] == account), [])


def test_agents_are_appointed_and_dismissed_by_power_name(web3, sectoken, onboarded):
    assert roles_of(sectoken, DEPLOYER) == ["supply", "freeze", "transfer", "recovery", "pause", "registry"]
    added = sectoken.json("agent", "add", ERIN, "--role", "supply", "--role", "freeze")
    assert added["roles"] == ["supply", "freeze"] and len(added["transactions"]) == 2
    sectoken.ok("token", "mint", ALICE, "5", "--account-index", "4")  # erin mints now
    assert "FREEZE_ROLE" not in str(sectoken.json("agent", "list"))
    assert sectoken.json("agent", "remove", ERIN, "--role", "supply_role")["roles"] == ["freeze"]
    assert "AccessControlUnauthorizedAccount" in one_red_line(sectoken("token", "mint", ALICE, "5", "--account-index", "4"))
    assert sectoken.json("agent", "add", CAROL)["roles"] == ["supply", "freeze", "transfer", "recovery", "pause", "registry"]
    assert onboarded.token.is_agent(CAROL) and onboarded.registry.is_agent(CAROL)
    sectoken.ok("agent", "remove", ERIN)
    assert roles_of(sectoken, ERIN) == [] and roles_of(sectoken, CAROL)[-1] == "registry"
    before = pending_nonce(web3, DEPLOYER)
    assert "Unknown agent power 'mint'" in one_red_line(sectoken("agent", "add", ERIN, "--role", "mint"))
    assert "holds none of the powers" in one_red_line(sectoken("agent", "remove", ERIN))
    assert pending_nonce(web3, DEPLOYER) == before
    text = sectoken.ok("agent", "list").stdout
    assert "registry" in text and CAROL in text


def test_trusted_issuers_are_added_updated_and_removed(sectoken, onboarded):
    added = sectoken.json("issuer", "add", ERIN, "--topics", "kyc,aml")
    assert (added["issuer"], added["topics"]) == (ERIN, ["kyc", "aml"])
    assert {"issuer": ERIN, "topics": ["kyc", "aml"]} in sectoken.json("issuer", "list")
    sectoken.ok("issuer", "update", ERIN, "--topics", "professional")
    assert onboarded.storage.issuer_topics(ERIN) == (5,)
    assert "no longer trusting" in sectoken.ok("issuer", "remove", ERIN).stdout
    assert ERIN not in [i["issuer"] for i in sectoken.json("issuer", "list")]
    assert "Did you mean 'professional'" in one_red_line(sectoken("issuer", "add", ERIN, "--topics", "profesional"))


def test_required_topics_are_added_listed_and_removed(sectoken, onboarded):
    assert sectoken.json("topic", "list") == {"required": ["kyc"]}
    assert sectoken.json("topic", "add", "aml")["topic"] == "aml"
    assert not onboarded.registry.is_verified(ALICE)  # alice has no aml claim
    assert sectoken.json("topic", "list") == {"required": ["kyc", "aml"]}
    sectoken.ok("topic", "remove", "aml")
    assert onboarded.registry.is_verified(ALICE)
    assert "IdentityRegistryTopicNotRequired" in one_red_line(sectoken("topic", "remove", "aml"))


def test_claims_are_revoked_and_renewed_with_a_new_expiry(sectoken, onboarded):
    revoked = sectoken.json("claim", "revoke", CAROL, "kyc")
    assert (revoked["topic"], revoked["wasExpiring"], revoked["expires"]) == ("kyc", "never", None)
    assert not onboarded.registry.is_verified(CAROL)
    assert "ClaimNotFound" in one_red_line(sectoken("claim", "revoke", CAROL, "kyc"))
    renewed = sectoken.json("claim", "renew", CAROL, "kyc", "--expires", "2099-01-31")
    assert (renewed["expires"], renewed["previouslyExpires"]) == ("2099-01-31", None)
    assert onboarded.registry.is_verified(CAROL)
    assert "-> 2099-06-30" in sectoken.ok("claim", "renew", CAROL, "kyc", "--expires", "2099-06-30").stdout
    assert sectoken.json("claim", "add", ALICE, "aml")["expires"] == "never"
    assert "is not in the future" in one_red_line(sectoken("claim", "renew", CAROL, "kyc", "--expires", "2001-01-01"))
    assert "is not registered" in one_red_line(sectoken("claim", "add", ERIN, "kyc"))


def test_country_identity_and_deletion_of_a_wallet_without_tokens(sectoken, onboarded):
    assert sectoken.json("investor", "country", CAROL, "US")["country"] == 840
    assert onboarded.registry.country(CAROL) == 840
    sectoken.ok("investor", "identity", CAROL, ERIN_ID)
    assert onboarded.registry.identity(CAROL).lower() == ERIN_ID
    assert "removed" in sectoken.ok("investor", "delete", CAROL).stdout
    assert not onboarded.registry.contains(CAROL)


def test_a_holder_cannot_be_moved_and_is_told_how_to_proceed(web3, sectoken, onboarded):
    sectoken.ok("token", "mint", ALICE, "10")
    before = pending_nonce(web3, DEPLOYER)
    for args in (("country", ALICE, "US"), ("identity", ALICE, ERIN_ID), ("delete", ALICE)):
        error = one_red_line(sectoken("investor", *args))
        assert f"{ALICE}: it holds 10 UUB30 of token {onboarded.token.address}" in error, error
        assert "force-transfer" in error and "recover" in error and "Nothing was sent" in error
    assert pending_nonce(web3, DEPLOYER) == before
    # As told: move the tokens out (to bob, a wallet allowed to hold them), then the change goes through.
    sectoken.ok("token", "force-transfer", ALICE, BOB, "10")
    sectoken.ok("investor", "country", ALICE, "US")
    assert onboarded.registry.country(ALICE) == 840


def test_stablecoin_transfer_and_approve_in_tokens(sectoken, onboarded):
    sectoken.ok("stablecoin", "mint", ALICE, "100")
    sent = sectoken.json("stablecoin", "transfer", BOB, "2.25", "--account-index", "1")
    assert (sent["to"], sent["amount"], sent["unit"], sent["baseUnits"], sent["signer"]) == (
        BOB, "2.25", "stUSD", 2_250_000, ALICE)
    assert onboarded.stablecoin.balance_of(BOB) == 2_250_000
    approved = sectoken.json("stablecoin", "approve", CAROL, "50.5", "--account-index", "1")
    assert approved["amount"] == "50.5" and onboarded.stablecoin.allowance(ALICE, CAROL) == 50_500_000
    sectoken.ok("stablecoin", "approve", CAROL, "0", "--account-index", "1")
    assert onboarded.stablecoin.allowance(ALICE, CAROL) == 0
    sectoken.ok("stablecoin", "blacklist", BOB)
    assert "StablecoinBlacklisted" in one_red_line(sectoken("stablecoin", "transfer", BOB, "1", "--account-index", "1"))


# --- `investor import` checks every row's issuance against the suite's rules before sending anything, on the
# chain as the import will leave it (its registrations and claims made, the rows above issued), and reports
# every refusal with its line: nothing is sent when one row would be refused.

WALLETS = [dev_account(i).address for i in range(10, 16)]  # not registered (the suite: max balance 250,000)


def write(tmp_path, *rows):
    path = tmp_path / "investors.csv"
    path.write_text("wallet,country,claims,expires,identity,amount\n" + "\n".join(rows) + "\n")
    return path


def test_import_reports_every_refused_issuance_by_line_and_sends_nothing(web3, sectoken, tmp_path):
    a, b, c, d, e, f = WALLETS
    csv = write(
        tmp_path,
        f"{a},UK,kyc;professional,,,100",          # line 2: fine
        f"{b},FR,kyc;non-us-person,,,10",          # line 3: France is not an allowed country (16)
        f"{c},UK,kyc;professional,,,250001",       # line 4: above the maximum balance (18)
        f"{d},US,kyc,,,5",                         # line 5: a US investor without accreditation (22)
        f"{e},US,kyc;accredited,,{e},249000",      # line 6: fine on its own...
        f"{f},US,kyc;accredited,,{e},2000",        # line 7: ...but the same identity then holds 251,000 (18)
    )
    before = pending_nonce(web3, DEPLOYER)
    result = sectoken("investor", "import", csv, "--journal-dir", tmp_path / "journals")
    error = result.stderr
    assert result.exit_code == 1 and "onboarding: 4 problems, nothing was sent" in error, error
    lines = {line.split(":")[0].strip(): line for line in error.splitlines() if line.startswith("  line ")}
    assert set(lines) == {"line 3 (amount)", "line 4 (amount)", "line 5 (amount)", "line 7 (amount)"}
    assert f"issuing 10 to {b} would be refused: Transfer restricted, code 16" in lines["line 3 (amount)"]
    assert "code 18" in lines["line 4 (amount)"] and "code 22" in lines["line 5 (amount)"]
    assert "code 18" in lines["line 7 (amount)"] and "rows above included" in lines["line 7 (amount)"]
    assert pending_nonce(web3, DEPLOYER) == before  # no registration, no claim, no issuance

    problems = json.loads(sectoken("investor", "import", csv, "--journal-dir", tmp_path / "journals",
                                   "--json").stdout)["error"]["problems"]
    assert [p.split(":")[0] for p in problems] == ["line 3 (amount)", "line 4 (amount)", "line 5 (amount)",
                                                   "line 7 (amount)"]
    fixed = write(tmp_path, f"{a},UK,kyc;professional,,,100", f"{e},US,kyc;accredited,,{e},249000")
    summary = sectoken.json("investor", "import", fixed, "--journal-dir", tmp_path / "journals")
    assert (summary["registered"], summary["mintedAmount"]) == (2, "249100")


def test_investor_add_checks_its_issuance_the_same_way(web3, sectoken, tmp_path):
    before = pending_nonce(web3, DEPLOYER)
    error = one_red_line_or_lines(sectoken("investor", "add", WALLETS[0], "--country", "FR", "--claims", "kyc",
                                           "--amount", "5", "--journal-dir", tmp_path))
    assert "would be refused: Transfer restricted, code 16" in error
    assert pending_nonce(web3, DEPLOYER) == before


def one_red_line_or_lines(result) -> str:
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    return result.stderr
