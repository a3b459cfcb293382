"""The journal and the sign / broadcast / wait steps it is built on."""

from __future__ import annotations

import json

import pytest
from web3.exceptions import TransactionNotFound

from sectoken.errors import TransferRestrictedError
from sectoken.investors import onboard, parse_csv
from sectoken.journal import Journal, JournalError, Step
from sectoken.tx import broadcast, send, sign, wait

from .helpers import UK, expected_units, generated_rows, mint_events, nonce, wallet, write_csv

HEADER = {"kind": "test", "sha256": "ab" * 32}


def test_signing_sends_nothing_until_broadcast(web3, owner, accounts):
    to = accounts[5].address
    before = nonce(web3, owner.address)
    signed = sign(web3, owner, {"to": to}, value=7)
    assert signed.nonce == before and nonce(web3, owner.address) == before
    with pytest.raises(TransactionNotFound):
        web3.eth.get_transaction(signed.tx_hash)
    assert broadcast(web3, signed) == "sent"
    receipt = wait(web3, signed)
    assert (receipt.tx_hash, receipt.nonce, receipt.status) == (signed.tx_hash, before, 1)
    assert broadcast(web3, signed) == "known"  # the same bytes again: nothing new
    assert nonce(web3, owner.address) == before + 1


def test_broadcast_reports_a_nonce_used_by_another_transaction(web3, owner, accounts):
    signed = sign(web3, owner, {"to": accounts[5].address}, value=1)
    send(web3, owner, {"to": accounts[6].address}, value=1)  # takes the same nonce
    assert broadcast(web3, signed) == "nonce-used"
    with pytest.raises(TransactionNotFound):
        web3.eth.get_transaction(signed.tx_hash)


def test_steps_are_journaled_signed_then_done(web3, suite, owner, tmp_path):
    path = tmp_path / "j.jsonl"
    step = Step(
        "register one",
        "register",
        suite.registry.functions.registerIdentity(wallet(0, "j"), wallet(0, "j"), UK),
        {"wallets": [wallet(0, "j")]},
    )
    with Journal.open(path, HEADER) as journal:
        (outcome,) = journal.run(web3, owner, [step])
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert [r["type"] for r in records] == ["header", "signed", "done"]
    signed, done = records[1], records[2]
    assert (signed["key"], signed["kind"], signed["payload"]) == (
        "register one",
        "register",
        {"wallets": [wallet(0, "j")]},
    )
    assert signed["hash"] == done["hash"] == outcome.tx_hash
    assert web3.eth.get_transaction(signed["hash"])["nonce"] == signed["nonce"]
    assert web3.keccak(hexstr=signed["raw"]).to_0x_hex() == signed["hash"]  # the exact signed bytes
    assert done["gasUsed"] == outcome.gas_used == web3.eth.get_transaction_receipt(done["hash"])["gasUsed"]


def test_a_torn_last_line_is_dropped(tmp_path):
    path = tmp_path / "j.jsonl"
    Journal.open(path, HEADER).close()
    with path.open("a") as handle:
        handle.write('{"type":"signed","key":"cut sho')
    with Journal.open(path, HEADER) as journal:
        assert journal.steps == {}
    assert path.read_text().endswith("}\n") and len(path.read_text().splitlines()) == 1


def test_a_damaged_line_is_refused_with_its_number(tmp_path):
    path = tmp_path / "j.jsonl"
    Journal.open(path, HEADER).close()
    with path.open("a") as handle:
        handle.write("garbage\n{}\n")
    with pytest.raises(JournalError, match="damaged at line 2: not JSON"):
        Journal.open(path, HEADER)


def test_the_journal_of_another_import_is_refused(tmp_path):
    path = tmp_path / "j.jsonl"
    Journal.open(path, HEADER).close()
    with pytest.raises(JournalError, match="belongs to another import"):
        Journal.open(path, {**HEADER, "sha256": "cd" * 32})


def test_one_process_at_a_time(tmp_path):
    path = tmp_path / "j.jsonl"
    with Journal.open(path, HEADER), pytest.raises(JournalError, match="in use by another running import"):
        Journal.open(path, HEADER)


def test_work_whose_receipts_vanished_is_done_again(web3, suite, owner, tmp_path):
    """The chain forgot the import (reset to before it): its steps are found lost and done again."""
    rows = parse_csv(write_csv(tmp_path / "investors.csv", generated_rows(2, salt="lost")), 2)
    snapshot = web3.provider.make_request("evm_snapshot", [])["result"]
    path = tmp_path / "j.jsonl"
    with Journal.open(path, HEADER) as journal:
        first = onboard(web3, owner, suite.contracts, rows, batch_size=2, claims="each", journal=journal)
    assert first.transactions == 1 + 4 + 1
    web3.provider.make_request("evm_revert", [snapshot])
    start = web3.eth.block_number + 1
    assert suite.token.functions.balanceOf(wallet(0, "lost")).call() == 0
    with Journal.open(path, HEADER) as journal:
        again = onboard(web3, owner, suite.contracts, rows, batch_size=2, claims="each", journal=journal)
        assert sum(1 for s in journal.steps.values() if s.status == "done") == 6
    assert again.replanned == 6 and again.transactions == 6
    for i in range(2):
        assert suite.token.functions.balanceOf(wallet(i, "lost")).call() == expected_units(i)
    assert len(mint_events(web3, suite, start)) == 2


def test_a_refused_step_names_itself_and_nothing_of_it_is_sent(web3, suite, owner, tmp_path):
    unregistered = wallet(1, "refused")
    step = Step(
        "mint to a stranger",
        "mint",
        suite.token.functions.batchMint([unregistered], [5]),
        {"wallets": [unregistered]},
    )
    before = nonce(web3, owner.address)
    with (
        Journal.open(tmp_path / "j.jsonl", HEADER) as journal,
        pytest.raises(TransferRestrictedError) as info,
    ):
        journal.run(web3, owner, [step])
    assert str(info.value).startswith("mint to a stranger: Transfer restricted, code 6")
    assert info.value.code == 6 and info.value.tx_hash is None  # the recipient is not verified; nothing sent
    assert nonce(web3, owner.address) == before
