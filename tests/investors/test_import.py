"""`sectoken investor import/add/show` end to end: exact state on the chain, idempotent re-runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from sectoken.investors import onboard, parse_csv, parse_expiry

from .helpers import (
    ACCREDITED,
    HNW,
    KYC,
    NON_US,
    PROFESSIONAL,
    SOPHISTICATED,
    UK,
    US,
    invoke,
    mint_events,
    nonce,
    summary_of,
    wallet,
    write_csv,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "investors.csv"
W = [wallet(i, "import") for i in range(12)]
SHARED_ID = wallet(99, "import-identity")

LINES = [
    f"{W[0]},UK,kyc;professional,2031-01-01,,1000",
    f"{W[1]},GB,kyc;hnw,2031-01-01,,250.5",
    f"{W[2]},826,kyc;sophisticated,,,0.01",
    f"{W[3]},US,kyc;accredited,,{SHARED_ID},300",
    f"{W[4]},US,kyc;accredited,,{SHARED_ID},200",  # a second wallet of the same investor
    f"{W[5]},840,kyc,2032-06-30,,",  # registered and verified, nothing issued
    f"{W[6]},FR,kyc;non-us-person,2031-01-01,,75.25",
]
# (wallet, identity, country, {topic: expiry}, units)
EXPECTED = [
    (W[0], W[0], UK, {KYC: "2031-01-01", PROFESSIONAL: "2031-01-01"}, 100000),
    (W[1], W[1], UK, {KYC: "2031-01-01", HNW: "2031-01-01"}, 25050),
    (W[2], W[2], UK, {KYC: "", SOPHISTICATED: ""}, 1),
    (W[3], SHARED_ID, US, {KYC: "", ACCREDITED: ""}, 30000),
    (W[4], SHARED_ID, US, {KYC: "", ACCREDITED: ""}, 20000),
    (W[5], W[5], US, {KYC: "2032-06-30"}, 0),
    (W[6], W[6], 250, {KYC: "2031-01-01", NON_US: "2031-01-01"}, 7525),
]


def assert_onboarded(web3, suite, owner, expected, *, events_from: int = 0):
    storage, registry, token = suite.storage.functions, suite.registry.functions, suite.token.functions
    for address, identity, country, claims, units in expected:
        assert storage.storedIdentity(address).call() == identity
        assert storage.storedInvestorCountry(address).call() == country
        for topic, expires in claims.items():
            assert storage.claimExpiry(identity, topic, owner.address).call() == parse_expiry(expires)
        assert registry.isVerified(address).call() is True
        assert token.balanceOf(address).call() == units
    issued = sorted((address, units) for address, _, _, _, units in expected if units)
    assert sorted(mint_events(web3, suite, events_from)) == issued  # one issuance per wallet, no more
    assert token.totalSupply().call() == sum(units for *_, units in expected)


def test_import_onboards_every_investor_exactly(web3, suite, owner, url, workdir):
    csv = write_csv(workdir / "investors.csv", LINES)
    start = web3.eth.block_number + 1
    summary = summary_of(invoke(suite, url, "investor", "import", str(csv), "--batch-size", "3", "--json"))
    assert_onboarded(web3, suite, owner, EXPECTED, events_from=start)
    claims = 11  # 13 on 7 rows, two of them the same 2 claims of one shared identity
    assert summary == {
        "investors": 7,
        "registered": 7,
        "claimsAdded": claims,
        "minted": 6,
        "mintedAmount": str(100000 + 25050 + 1 + 30000 + 20000 + 7525),
        "skipped": 0,
        "skippedRegistrations": 0,
        "skippedClaims": 0,
        "skippedMints": 0,
        "typesSet": 0,  # no type column: nothing to set
        "skippedTypes": 0,
        # Registrations carry their claims, grouped by claim set (6 sets; the shared identity's second wallet
        # carries none, its claims ride with the first), then issuance in batches of 3.
        "transactions": 7 + 2,
        "gasUsed": summary["gasUsed"],
        "gasByKind": summary["gasByKind"],
        "settledOnResume": 0,
        "replanned": 0,
        "journal": summary["journal"],
    }
    assert set(summary["gasByKind"]) == {"register", "mint"}
    assert sum(summary["gasByKind"].values()) == summary["gasUsed"]
    journal = Path(summary["journal"])
    assert journal.parent == Path(".sectoken/journals") and (workdir / journal).is_file()


def test_running_the_same_import_again_sends_nothing(web3, suite, owner, url, workdir):
    csv = write_csv(workdir / "investors.csv", LINES)
    summary_of(invoke(suite, url, "investor", "import", str(csv), "--json"))
    before = (nonce(web3, owner.address), web3.eth.block_number)
    again = summary_of(invoke(suite, url, "investor", "import", str(csv), "--json"))
    assert (nonce(web3, owner.address), web3.eth.block_number) == before
    assert (again["transactions"], again["registered"], again["claimsAdded"], again["minted"]) == (0, 0, 0, 0)
    assert (again["skippedRegistrations"], again["skippedClaims"], again["skippedMints"]) == (7, 11, 6)
    assert_onboarded(web3, suite, owner, EXPECTED)


def test_a_new_file_skips_what_the_chain_shows_and_renews_changed_expiries(web3, suite, owner, url, workdir):
    """Another file (another journal): registrations and identical claims are skipped from chain state;
    a claim with a new expiry is renewed."""
    first = write_csv(workdir / "first.csv", [f"{W[7]},UK,kyc;professional,2031-01-01,,"])
    summary_of(invoke(suite, url, "investor", "import", str(first), "--json"))
    second = write_csv(
        workdir / "second.csv", [f"{W[7]},UK,kyc;professional,2033-01-01,,", f"{W[8]},US,kyc,,,"]
    )
    summary = summary_of(invoke(suite, url, "investor", "import", str(second), "--json"))
    assert (summary["registered"], summary["skippedRegistrations"]) == (1, 1)
    assert (summary["claimsAdded"], summary["skippedClaims"]) == (3, 0)
    expiry = suite.storage.functions.claimExpiry(W[7], PROFESSIONAL, owner.address).call()
    assert expiry == parse_expiry("2033-01-01")


def test_human_summary_names_every_count(suite, url, workdir):
    csv = write_csv(workdir / "investors.csv", LINES[:2])
    result = invoke(suite, url, "investor", "import", str(csv))
    assert result.exit_code == 0, result.output
    for text in (
        "Registered",
        "Claims added",
        "Minted",
        "2 wallets, 1250.5 tokens",
        "Skipped (already done)",
        "Transactions",
        "Gas used",
        "Journal",
    ):
        assert text in result.stdout


def test_add_one_investor_then_again_does_nothing(web3, suite, owner, url, workdir):
    args = [
        "investor",
        "add",
        W[9],
        "--country",
        "UK",
        "--claims",
        "kyc,professional",
        "--expires",
        "2031-01-01",
        "--amount",
        "12.5",
        "--json",
    ]
    summary = summary_of(invoke(suite, url, *args))
    # One registration carrying both claims, one issuance.
    assert (summary["registered"], summary["claimsAdded"], summary["minted"], summary["transactions"]) == (
        1,
        2,
        1,
        2,
    )
    assert_onboarded(
        web3, suite, owner, [(W[9], W[9], UK, {KYC: "2031-01-01", PROFESSIONAL: "2031-01-01"}, 1250)]
    )
    before = nonce(web3, owner.address)
    again = summary_of(invoke(suite, url, *args))
    assert again["transactions"] == 0 and nonce(web3, owner.address) == before
    assert (again["skippedRegistrations"], again["skippedClaims"], again["skippedMints"]) == (1, 2, 1)
    assert_onboarded(
        web3, suite, owner, [(W[9], W[9], UK, {KYC: "2031-01-01", PROFESSIONAL: "2031-01-01"}, 1250)]
    )


def test_add_refuses_bad_fields_before_sending(web3, suite, owner, url, workdir):
    before = nonce(web3, owner.address)
    result = invoke(suite, url, "investor", "add", W[10], "--country", "XX", "--claims", "kyc,unicorn")
    assert result.exit_code == 1
    assert (
        "(country): Unknown country 'XX'" in result.stderr
        and "(claims): Unknown claim topic 'unicorn'" in result.stderr
    )
    assert nonce(web3, owner.address) == before


def test_show_reports_identity_claims_verification_and_tokens(suite, owner, url, workdir):
    csv = write_csv(workdir / "investors.csv", LINES[3:4])
    summary_of(invoke(suite, url, "investor", "import", str(csv), "--json"))
    shown = summary_of(invoke(suite, url, "investor", "show", W[3], "--json"))
    assert shown == {
        "wallet": W[3],
        "registered": True,
        "identity": SHARED_ID,
        "country": US,
        "type": "individual",
        "claims": [
            {
                "topic": KYC,
                "name": "kyc",
                "expiry": "never",
                "expires": "never",
                "issuer": owner.address,
                "onchainid": False,
            },
            {
                "topic": ACCREDITED,
                "name": "accredited",
                "expiry": "never",  # times in JSON output are ISO dates (or "never")
                "expires": "never",
                "issuer": owner.address,
                "onchainid": False,
            },
        ],
        "verified": True,
        "claimRecordFresh": True,
        "required": ["kyc"],
        "balance": "300",
        "frozen": False,
        "frozenTokens": "0",
    }
    table = invoke(suite, url, "investor", "show", W[3])
    assert "840 (US)" in table.stdout and "accredited" in table.stdout and "never" in table.stdout


def test_show_an_unknown_wallet(suite, url, workdir):
    shown = summary_of(invoke(suite, url, "investor", "show", W[11], "--json"))
    assert (shown["registered"], shown["identity"], shown["claims"], shown["verified"], shown["balance"]) == (
        False,
        None,
        [],
        False,
        "0",
    )


def test_the_example_file_imports(web3, suite, owner, url, workdir):
    summary = summary_of(invoke(suite, url, "investor", "import", str(EXAMPLE), "--json"))
    rows = parse_csv(EXAMPLE, decimals=2)
    assert summary["registered"] == len(rows) == 7
    assert {row.country for row in rows} == {UK, US, 250}
    for row in rows:
        assert suite.token.functions.balanceOf(row.wallet).call() == row.amount
        assert suite.registry.functions.isVerified(row.wallet).call() is True
    # the French investor is registered with claims but issued nothing: the example offering is UK-US only
    assert [row.country for row in rows if row.amount == 0] == [250]
    assert summary["minted"] == 6


@pytest.mark.parametrize("kind", ["register", "mint"])
def test_batches_cost_less_gas_per_investor(web3, suite, owner, tmp_path, kind):
    """Per-investor gas from receipts: one transaction for ten wallets costs less per wallet than ten."""
    singles = parse_csv(
        write_csv(tmp_path / "one.csv", [f"{wallet(i, 'gas1')},UK,kyc,,,1" for i in range(10)]), 2
    )
    batched = parse_csv(
        write_csv(tmp_path / "ten.csv", [f"{wallet(i, 'gas10')},UK,kyc,,,1" for i in range(10)]), 2
    )
    one = onboard(web3, owner, suite.contracts, singles, batch_size=1)
    ten = onboard(web3, owner, suite.contracts, batched, batch_size=10)
    assert one.gas_by_kind[kind] / 10 > ten.gas_by_kind[kind] / 10
    assert one.transactions == 10 + 10 and ten.transactions == 1 + 1  # the claims ride with the registrations


def test_the_amount_is_the_holding_to_reach_whatever_the_file(web3, suite, owner, url, workdir):
    """Another file listing a wallet issued before issues only what the wallet lacks: nothing when it holds
    the amount already (the journal of the first file does not protect it: the chain does)."""
    first = write_csv(workdir / "first.csv", [f"{W[10]},UK,kyc,,,30", f"{W[11]},UK,kyc,,,100"])
    summary_of(invoke(suite, url, "investor", "import", str(first), "--json"))
    second = write_csv(workdir / "second.csv", [f"{W[10]},UK,kyc,,,100", f"{W[11]},UK,kyc,,,100"])
    start = web3.eth.block_number + 1
    summary = summary_of(invoke(suite, url, "investor", "import", str(second), "--json"))
    assert (summary["minted"], summary["mintedAmount"], summary["skippedMints"]) == (1, str(7000), 1)
    assert mint_events(web3, suite, start) == [(W[10], 7000)]
    token = suite.token.functions
    assert (token.balanceOf(W[10]).call(), token.balanceOf(W[11]).call()) == (10000, 10000)
