"""Transactions that leave the node's pool unmined: a dropped one is sent again from its journaled bytes
(the same hash); one replaced by another transaction of the same nonce is planned again from the chain
(when the import is resumed) or signed again (while the import waits for it)."""

from __future__ import annotations

import json
import threading
import time

import pytest
from web3 import Web3
from web3.exceptions import TransactionNotFound

from sectoken.errors import TransactionTimeoutError
from sectoken.investors import OnboardingContracts, onboard, parse_csv
from sectoken.journal import Journal
from sectoken.tx import Fees, broadcast, sign
from sectoken.tx import lifecycle as tx_module
from sectoken.tx import runner as runner_module

from .helpers import expected_units, generated_rows, mint_events, wallet, write_csv

HEADER = {"test": "pool"}



def _interrupted(web3, suite, owner, rows, path) -> dict[str, tuple[str, int]]:
    """Start onboarding with mining off: the first round is signed, journaled, broadcast and never mined.
    Returns the journaled hash and nonce of each step."""
    with Journal.open(path, HEADER) as journal:
        with pytest.raises(TransactionTimeoutError, match="not mined yet"):
            onboard(web3, owner, suite.contracts, rows, batch_size=3, claims="each", journal=journal, timeout=1)
        return {key: (s.attempts[-1].tx_hash, s.attempts[-1].nonce) for key, s in journal.steps.items()}


def _known(web3, tx_hash: str) -> bool:
    try:
        web3.eth.get_transaction(tx_hash)
    except TransactionNotFound:
        return False
    return True


def _assert_exact(web3, suite, salt: str, start: int) -> None:
    for i in range(3):
        address = wallet(i, salt)
        assert suite.storage.functions.storedIdentity(address).call() == address
        assert suite.registry.functions.isVerified(address).call() is True
        assert suite.token.functions.balanceOf(address).call() == expected_units(i)
    assert sorted(mint_events(web3, suite, start)) == sorted(
        (wallet(i, salt), expected_units(i)) for i in range(3)
    )


def test_dropped_transactions_are_sent_again_with_the_same_hash(web3, suite, owner, tmp_path, manual_mining):
    rows = parse_csv(write_csv(tmp_path / "investors.csv", generated_rows(3, salt="dropped")), 2)
    start = web3.eth.block_number + 1
    path = tmp_path / "journal.jsonl"
    signed = _interrupted(web3, suite, owner, rows, path)
    assert sorted(key.split()[0] for key in signed) == ["claim"] * 6 + ["register"]
    for tx_hash, _ in signed.values():
        web3.provider.make_request("anvil_dropTransaction", [tx_hash])
        assert not _known(web3, tx_hash)

    web3.provider.make_request("evm_setAutomine", [True])
    with Journal.open(path, HEADER) as journal:
        summary = onboard(web3, owner, suite.contracts, rows, batch_size=3, claims="each", journal=journal)
        for key, (tx_hash, _) in signed.items():
            assert (journal.steps[key].status, journal.steps[key].tx_hash) == ("done", tx_hash)
            assert len(journal.steps[key].attempts) == 1
    assert summary.settled_on_resume == 7 and summary.replanned == 0
    assert (summary.registered, summary.claims_added, summary.minted, summary.transactions) == (3, 6, 3, 8)
    _assert_exact(web3, suite, "dropped", start)


def test_a_replaced_transaction_is_planned_again(web3, suite, owner, tmp_path, manual_mining, monkeypatch):
    monkeypatch.setattr(tx_module, "RECHECK_AFTER", 0.2)  # the unmined registration looked up soon
    rows = parse_csv(write_csv(tmp_path / "investors.csv", generated_rows(3, salt="replaced")), 2)
    start = web3.eth.block_number + 1
    path = tmp_path / "journal.jsonl"
    signed = _interrupted(web3, suite, owner, rows, path)
    (register_key,) = [key for key in signed if key.startswith("register")]
    register_hash, register_nonce = signed[register_key]
    assert register_nonce == min(n for _, n in signed.values())

    # Another transaction of the same sender with the same nonce and a higher fee takes its place.
    other = sign(
        web3,
        owner,
        {"to": owner.address},
        gas=21_000,
        validate=False,
        nonce=register_nonce,
        fees=Fees(max_fee_per_gas=50 * 10**9, max_priority_fee_per_gas=50 * 10**9),
    )
    assert broadcast(web3, other) == "sent"
    web3.provider.make_request("evm_mine", [])
    assert web3.eth.get_transaction_receipt(other.tx_hash)["status"] == 1
    assert not _known(web3, register_hash)

    web3.provider.make_request("evm_setAutomine", [True])
    with Journal.open(path, HEADER) as journal:
        summary = onboard(web3, owner, suite.contracts, rows, batch_size=3, claims="each", journal=journal)
        state = journal.steps[register_key]
        assert state.status == "done" and state.tx_hash != register_hash
        assert state.attempts[0].tx_hash == register_hash and len(state.attempts) == 2
    assert summary.replanned == 1  # the replaced registration
    assert summary.settled_on_resume == 6  # the claims were mined with the replacement
    assert (summary.registered, summary.claims_added, summary.minted) == (3, 6, 3)
    _assert_exact(web3, suite, "replaced", start)


def _run_in_background(url: str, owner, suite, path, rows) -> tuple[threading.Thread, dict]:
    """Onboard in a thread over its own connection; the result (or error) lands in the returned dict."""
    result: dict = {}

    def work() -> None:
        w3 = Web3(Web3.HTTPProvider(url))
        contracts = OnboardingContracts.at(
            w3, storage=suite.storage.address, registry=suite.registry.address, token=suite.token.address
        )
        try:
            with Journal.open(path, HEADER) as journal:
                result["summary"] = onboard(
                    w3, owner, contracts, rows, batch_size=3, claims="each", journal=journal, timeout=60
                )
                result["steps"] = dict(journal.steps)
        except Exception as error:  # noqa: BLE001 - reported to the test
            result["error"] = error

    thread = threading.Thread(target=work)
    thread.start()
    return thread, result


def _pending(web3, path, count: int) -> list[tuple[str, int]]:
    """Wait until `count` transactions are journaled, and return their (hash, nonce)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        records = [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []
        signed = [(r["hash"], r["nonce"]) for r in records if r["type"] == "signed"]
        if len(signed) >= count and all(_known(web3, h) for h, _ in signed):
            return signed
        time.sleep(0.05)
    raise AssertionError("the transactions were not sent")


def test_a_transaction_dropped_while_waiting_is_sent_again(
    web3, suite, owner, url, tmp_path, manual_mining, monkeypatch
):
    monkeypatch.setattr(tx_module, "RECHECK_AFTER", 0.2)  # the waiting import looks its transactions up soon
    rows = parse_csv(write_csv(tmp_path / "investors.csv", generated_rows(3, salt="drop-wait")), 2)
    start = web3.eth.block_number + 1
    path = tmp_path / "journal.jsonl"
    thread, result = _run_in_background(url, owner, suite, path, rows)
    signed = _pending(web3, path, 7)
    for tx_hash, _ in signed:
        web3.provider.make_request("anvil_dropTransaction", [tx_hash])
    web3.provider.make_request("evm_setAutomine", [True])
    thread.join(120)
    assert "error" not in result, result.get("error")
    steps = result["steps"]
    for tx_hash, _ in signed:  # mined with the very bytes first sent
        assert any(s.tx_hash == tx_hash and s.status == "done" for s in steps.values())
    assert result["summary"].transactions == 8 and result["summary"].replanned == 0
    _assert_exact(web3, suite, "drop-wait", start)


def test_a_transaction_replaced_while_waiting_is_signed_again(
    web3, suite, owner, url, tmp_path, manual_mining, monkeypatch
):
    monkeypatch.setattr(tx_module, "RECHECK_AFTER", 0.2)  # the waiting import looks its transactions up soon
    rows = parse_csv(write_csv(tmp_path / "investors.csv", generated_rows(3, salt="replace-wait")), 2)
    start = web3.eth.block_number + 1
    path = tmp_path / "journal.jsonl"
    thread, result = _run_in_background(url, owner, suite, path, rows)
    signed = _pending(web3, path, 7)
    replaced_hash, replaced_nonce = min(signed, key=lambda item: item[1])
    other = sign(
        web3,
        owner,
        {"to": owner.address},
        gas=21_000,
        validate=False,
        nonce=replaced_nonce,
        fees=Fees(max_fee_per_gas=50 * 10**9, max_priority_fee_per_gas=50 * 10**9),
    )
    assert broadcast(web3, other) == "sent"
    web3.provider.make_request("evm_mine", [])
    web3.provider.make_request("evm_setAutomine", [True])
    thread.join(120)
    assert "error" not in result, result.get("error")
    (replaced,) = [s for s in result["steps"].values() if s.attempts[0].tx_hash == replaced_hash]
    assert replaced.status == "done" and replaced.tx_hash != replaced_hash and len(replaced.attempts) == 2
    assert web3.eth.get_transaction_receipt(other.tx_hash)["status"] == 1
    _assert_exact(web3, suite, "replace-wait", start)


def test_a_transaction_stuck_in_the_pool_is_replaced_at_a_higher_fee(
    web3, suite, owner, url, tmp_path, manual_mining, monkeypatch
):
    """Its sender's next nonce, known to the node, not mined: the same call is signed again with the same
    nonce and a higher fee (journaled first); whichever is mined does the step, once."""
    monkeypatch.setattr(tx_module, "RECHECK_AFTER", 0.2)
    monkeypatch.setattr(runner_module, "STUCK_AFTER", 0.5)
    rows = parse_csv(write_csv(tmp_path / "investors.csv", generated_rows(3, salt="stuck")), 2)
    start = web3.eth.block_number + 1
    path = tmp_path / "journal.jsonl"
    thread, result = _run_in_background(url, owner, suite, path, rows)
    first = min(_pending(web3, path, 7), key=lambda item: item[1])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        records = [json.loads(line) for line in path.read_text().splitlines()]
        bumped = [
            r for r in records if r["type"] == "signed" and r["nonce"] == first[1] and r["hash"] != first[0]
        ]
        if bumped and _known(web3, bumped[-1]["hash"]):
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the stuck transaction was not replaced")
    original = next(r for r in records if r.get("hash") == first[0])
    assert bumped[0]["fees"]["max_priority_fee_per_gas"] > original["fees"]["max_priority_fee_per_gas"]
    assert (bumped[0]["to"], bumped[0]["data"], bumped[0]["gas"]) == (
        original["to"],
        original["data"],
        original["gas"],
    )
    web3.provider.make_request("evm_setAutomine", [True])
    web3.provider.make_request("evm_mine", [])
    thread.join(120)
    assert "error" not in result, result.get("error")
    (step,) = [s for s in result["steps"].values() if s.attempts[0].tx_hash == first[0]]
    assert step.status == "done" and step.tx_hash in {r["hash"] for r in bumped}
    assert result["summary"].transactions == 8
    _assert_exact(web3, suite, "stuck", start)
