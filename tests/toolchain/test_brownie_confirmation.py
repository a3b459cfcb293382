"""The harness fix in tests/confirmation.py: a transaction whose receipt the node has not filed yet, while the
sender's nonce is already past it (Anvil in the middle of mining a block), is a mined transaction to wait for,
not a dropped one. The moment is forced here; in a run it is a race met about once in a few thousand
transactions, mostly right after a chain revert."""

from collections.abc import Iterator
from typing import Any

import pytest
from brownie.exceptions import TransactionError
from brownie.network.transaction import TransactionReceipt
from brownie.network.web3 import web3
from hexbytes import HexBytes
from web3.exceptions import TransactionNotFound

from tests import confirmation


@pytest.fixture
def receipts_filed_after_the_nonce(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The node answers as Anvil does between executing a block and filing its receipts: the first lookup of
    each transaction's receipt finds nothing, while the sender's nonce counts the transaction already (the
    pending count, past it from the moment it is sent)."""
    eth = web3.eth
    real_receipt, real_count = eth.get_transaction_receipt, eth.get_transaction_count
    looked_up: set[bytes] = set()

    def receipt(txid: Any, *args: Any) -> Any:
        key = bytes(HexBytes(txid))
        if key not in looked_up:
            looked_up.add(key)
            raise TransactionNotFound(f"Transaction with hash: '{HexBytes(txid).hex()}' not found.")
        return real_receipt(txid, *args)

    def count(address: Any, block_identifier: Any = None) -> int:
        return real_count(address, "pending")

    monkeypatch.setattr(eth, "get_transaction_receipt", receipt)
    monkeypatch.setattr(eth, "get_transaction_count", count)
    yield


def test_brownie_alone_takes_the_moment_for_a_dropped_transaction(accounts, receipts_filed_after_the_nonce,
                                                                  monkeypatch):
    """Why the fix exists (if brownie stops doing this, the fix can go)."""
    monkeypatch.setattr(TransactionReceipt, "_await_confirmation", confirmation.BROWNIE_WAIT)
    with pytest.raises(TransactionError, match="dropped without known replacement"):
        accounts[0].transfer(accounts[1], 1)


def test_a_transaction_is_confirmed_once_its_receipt_is_filed(accounts, chain, receipts_filed_after_the_nonce):
    before = accounts[1].balance()
    tx = accounts[0].transfer(accounts[1], 1)
    assert tx.status == 1 and tx.block_number == chain.height
    assert accounts[1].balance() == before + 1


def test_the_fix_is_installed_in_every_test_process():
    assert TransactionReceipt.__dict__["_await_confirmation"] is confirmation._await_confirmation
