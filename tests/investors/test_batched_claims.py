"""Claims ride with the registrations (``batchRegisterIdentityWithClaims``, rows grouped by claim set), and
the claims of identities already registered go in batches (``batchAddClaim``): a few transactions for many
investors, the same state as one claim per transaction."""

from __future__ import annotations

import json
import math

import pytest

from sectoken.chain import LocalNode
from sectoken.investors import onboard, parse_csv
from sectoken.journal import Journal
from sectoken.signers import dev_account
from sectoken.tx.runner import call_data as _call_data

from .helpers import (
    ACCREDITED,
    KYC,
    NON_US,
    PROFESSIONAL,
    deploy_suite,
    expected_units,
    generated_rows,
    nonce,
    wallet,
    write_csv,
)


def test_thirty_investors_in_three_claim_sets_take_six_transactions(web3, suite, owner, tmp_path):
    rows = parse_csv(write_csv(tmp_path / "investors.csv", generated_rows(30, salt="sets")), 2)
    before = nonce(web3, owner.address)
    summary = onboard(web3, owner, suite.contracts, rows, batch_size=10)
    assert (summary.registered, summary.claims_added, summary.minted) == (30, 60, 30)
    assert summary.transactions == 3 + 3 == nonce(web3, owner.address) - before  # 3 sets of 10, 3 issuances
    storage, token = suite.storage.functions, suite.token.functions
    for i in range(30):
        address = wallet(i, "sets")
        category = (PROFESSIONAL, ACCREDITED, NON_US)[i % 3]
        for topic in (KYC, category):
            assert storage.claimExpiry(address, topic, owner.address).call() > 0
        assert token.balanceOf(address).call() == expected_units(i)


def test_claims_of_registered_identities_go_in_batches(web3, suite, owner, tmp_path):
    wallets = [wallet(i, "later") for i in range(25)]
    first = parse_csv(write_csv(tmp_path / "kyc.csv", [f"{w},UK,kyc,,," for w in wallets]), 2)
    onboard(web3, owner, suite.contracts, first, batch_size=10)
    more = parse_csv(write_csv(tmp_path / "more.csv", [f"{w},UK,kyc;professional,,," for w in wallets]), 2)
    before = nonce(web3, owner.address)
    summary = onboard(web3, owner, suite.contracts, more, batch_size=10)
    assert (summary.registered, summary.skipped_registrations) == (0, 25)
    assert (summary.claims_added, summary.skipped_claims) == (25, 25)
    assert summary.transactions == math.ceil(25 / 10) == nonce(web3, owner.address) - before
    assert set(summary.gas_by_kind) == {"claims"}
    for w in wallets:
        assert suite.storage.functions.claimExpiry(w, PROFESSIONAL, owner.address).call() > 0


def test_one_claim_per_transaction_on_request(web3, suite, owner, tmp_path):
    rows = parse_csv(write_csv(tmp_path / "investors.csv", generated_rows(3, salt="each")), 2)
    summary = onboard(web3, owner, suite.contracts, rows, batch_size=10, claims="each")
    assert summary.transactions == 1 + 6 + 1 and summary.claims_added == 6


def test_the_journal_encodes_call_data_as_web3_does(suite):
    wallets = [wallet(i, "encode") for i in range(3)]
    function = suite.registry.functions.batchRegisterIdentityWithClaims(
        wallets, wallets, [826, 840, 250], [KYC, ACCREDITED], [2**64 - 1, 5, 6]
    )
    assert _call_data(function) == function._encode_transaction_data()


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    """sectoken's own Anvil (as `sectoken node` and the benchmark run it: a base fee, 30M gas blocks) with
    the suite deployed."""
    with LocalNode.start() as node:
        w3 = node.web3()
        yield w3, deploy_suite(w3, dev_account(0), tmp_path_factory.mktemp("deployments"))


def test_a_round_holds_what_one_block_holds(embedded, tmp_path):
    """600 investors in registrations of 50 with their claims (about 5M gas each): a round sends what one
    block holds, so nothing is left waiting in the pool of a node that mines on demand, to be replaced at a
    higher fee."""
    w3, suite = embedded
    owner = dev_account(0)
    rows = parse_csv(write_csv(tmp_path / "investors.csv", generated_rows(600, salt="heavy")), 2)
    path = tmp_path / "journal.jsonl"
    with Journal.open(path, {"test": "heavy"}) as journal:
        summary = onboard(w3, owner, suite.contracts, rows, batch_size=50, journal=journal, timeout=60)
    assert summary.transactions == 12 + 12
    records = [json.loads(line) for line in path.read_text().splitlines()]
    signed = [record for record in records if record["type"] == "signed"]
    assert len(signed) == summary.transactions  # none signed again (a replacement at a higher fee)
    # A round is the transactions signed together, then waited for: what they used fits in one block.
    rounds: list[list[int]] = []
    for previous, record in zip([{}, *records], records):
        if record["type"] == "signed" and previous.get("type") != "signed":
            rounds.append([])
        if record["type"] == "done":
            rounds[-1].append(record["gasUsed"])
    assert sum(map(len, rounds)) == summary.transactions and len(rounds) > 1
    block_gas = w3.eth.get_block("latest")["gasLimit"]
    assert all(sum(gas) <= block_gas for gas in rounds), (rounds, block_gas)
