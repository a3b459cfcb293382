"""Nonce gaps: another transaction of the importing account with a future nonce waits in the node's queue
(behind a nonce no transaction holds yet); the import fills the gap, lets it through, and signs nothing
over its nonce. And when the import's own first transaction is dropped, leaving the later ones stuck
behind it, running the import again sends the very same bytes and completes it exactly."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from sectoken.errors import TransactionTimeoutError
from sectoken.investors import onboard, parse_csv
from sectoken.journal import Journal
from sectoken.tx import Fees, broadcast, estimate_fees, sign

from .helpers import expected_units, generated_rows, mint_events, nonce, wallet, write_csv

HEADER = {"test": "nonce-gap"}
N = 6


@pytest.fixture(params=["automine", "interval"])
def mining(web3, request) -> Iterator[str]:
    """Blocks mined at each transaction (a development node), or every second (like a real chain: sent
    transactions wait in the pool for a while)."""
    if request.param == "interval":
        web3.provider.make_request("evm_setAutomine", [False])
        web3.provider.make_request("evm_setIntervalMining", [1])
    try:
        yield request.param
    finally:
        web3.provider.make_request("evm_setIntervalMining", [0])
        web3.provider.make_request("evm_setAutomine", [True])


def _records(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _assert_exact(web3, suite, salt: str, start: int) -> None:
    for i in range(N):
        address = wallet(i, salt)
        assert suite.storage.functions.storedIdentity(address).call() == address
        assert suite.token.functions.balanceOf(address).call() == expected_units(i)
    assert sorted(mint_events(web3, suite, start)) == sorted((wallet(i, salt), expected_units(i)) for i in range(N))


@pytest.mark.parametrize("fee", [0.5, 1.0, 2.0], ids=["cheaper", "same-fee", "dearer"])
def test_a_queued_transaction_of_the_same_account_is_let_through_and_not_replaced(
    web3, suite, owner, tmp_path, mining, fee
):
    salt = f"gap-{mining}-{fee}"
    rows = parse_csv(write_csv(tmp_path / "investors.csv", generated_rows(N, salt=salt)), 2)
    start = web3.eth.block_number + 1
    first = web3.eth.get_transaction_count(owner.address, "latest")
    assert nonce(web3, owner.address) == first
    usual = estimate_fees(web3)
    queued = sign(
        web3, owner, {"to": wallet(0, "someone else")}, value=1, gas=21_000, validate=False,
        nonce=first + 1,
        fees=Fees(
            max_fee_per_gas=int(usual.max_fee_per_gas * fee),
            max_priority_fee_per_gas=int(usual.max_priority_fee_per_gas * fee),
        ),
    )
    assert broadcast(web3, queued) == "sent"
    assert nonce(web3, owner.address) == first  # waiting behind the gap: not counted as pending

    path = tmp_path / "journal.jsonl"
    with Journal.open(path, HEADER) as journal:
        summary = onboard(web3, owner, suite.contracts, rows, batch_size=3, claims="each", journal=journal)
        attempts = [attempt for state in journal.steps.values() for attempt in state.attempts]
    assert (summary.registered, summary.claims_added, summary.minted, summary.transactions) == (N, 2 * N, N, 16)
    assert web3.eth.get_transaction_receipt(queued.tx_hash)["status"] == 1  # let through, not replaced
    # Nothing signed twice or over the queued transaction's nonce; nothing abandoned.
    assert sorted(a.nonce for a in attempts) == [first, *range(first + 2, first + 2 + 15)]
    assert [r["type"] for r in _records(path)].count("abandoned") == 0
    assert web3.eth.get_transaction_count(owner.address, "latest") == first + 16 + 1
    _assert_exact(web3, suite, salt, start)



def test_the_first_transaction_dropped_with_later_ones_stuck_behind_it_is_sent_again_on_resume(
    web3, suite, owner, tmp_path, manual_mining
):
    rows = parse_csv(write_csv(tmp_path / "investors.csv", generated_rows(N, salt="gap-dropped")), 2)
    start = web3.eth.block_number + 1
    first = web3.eth.get_transaction_count(owner.address, "latest")
    path = tmp_path / "journal.jsonl"
    with Journal.open(path, HEADER) as journal:
        with pytest.raises(TransactionTimeoutError, match="not mined yet"):
            onboard(web3, owner, suite.contracts, rows, batch_size=3, claims="each", journal=journal, timeout=1)
        signed = {key: (s.attempts[-1].tx_hash, s.attempts[-1].nonce) for key, s in journal.steps.items()}
    assert sorted(n for _, n in signed.values()) == list(range(first, first + 14))
    (dropped,) = [tx_hash for tx_hash, n in signed.values() if n == first]
    web3.provider.make_request("anvil_dropTransaction", [dropped])
    web3.provider.make_request("evm_mine", [])
    assert web3.eth.get_transaction_count(owner.address, "latest") == first  # the rest are stuck behind it
    assert nonce(web3, owner.address) == first

    web3.provider.make_request("evm_setAutomine", [True])
    with Journal.open(path, HEADER) as journal:
        summary = onboard(web3, owner, suite.contracts, rows, batch_size=3, claims="each", journal=journal)
        for key, (tx_hash, _) in signed.items():  # each mined with the bytes first signed, once
            assert (journal.steps[key].status, journal.steps[key].tx_hash) == ("done", tx_hash)
            assert len(journal.steps[key].attempts) == 1
    assert summary.settled_on_resume == 14 and summary.replanned == 0
    assert (summary.registered, summary.claims_added, summary.minted) == (N, 2 * N, N)
    assert web3.eth.get_transaction_count(owner.address, "latest") == first + 16
    _assert_exact(web3, suite, "gap-dropped", start)
