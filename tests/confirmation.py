"""brownie's wait for a transaction, made safe against a moment every Anvil block goes through.

Anvil mines a block in two steps (`do_mine_block` in foundry's crates/anvil/src/eth/backend/mem/mod.rs): it
executes the transactions into its state database and releases it, and only then files the block and its
receipts where `eth_getTransactionReceipt` looks. In between, the sender's nonce (`eth_getTransactionCount`,
"latest") has already moved past the transaction while its receipt is not found yet.

brownie 1.22.2 waits for each transaction in a thread (`TransactionReceipt._await_confirmation`): it reads the
sender's nonce, then looks the receipt up, and a missing receipt with the nonce already past the transaction's
means to it that the transaction was dropped: status -2, and the sender wakes up and raises
`TransactionError: Tx dropped without known replacement` (`_PrivateKeyAccount._await_confirmation`: no other
receipt in brownie's history has that nonce). When the two reads straddle that moment, a mined transaction
fails the test. The reads can only land there when Anvil answers `eth_sendTransaction` before its miner is done,
which on a busy machine it does for about one transaction in four right after an `evm_revert` (one in a thousand
otherwise, measured on the 2-core machine these tests run on): so the stateful tests, which revert the chain
before every example, meet it about once in a few thousand transactions, and the deep runs send tens of
thousands. The identical hashes of transactions replayed after a revert play no part: brownie forgets the undone
receipts on the revert (`TxHistory._revert`), and transactions made unique (another gas limit) fail the same
way.

`install()` (called for every test process by tests/conftest.py) makes each wait start by polling (every few
milliseconds) until the node returns the receipt, and then finish as brownie's wait finishes once it has the
receipt (`confirmed`), without brownie's loop: its first look would ask the sender's nonce and the receipt
again, two requests of every transaction's ten. A transaction the node does not know at all
(`eth_getTransactionByHash` finds nothing), and a wait for more than one confirmation, go to brownie's wait,
which judges them as before. As a side effect, a transaction mined a moment after Anvil answered no longer
costs brownie's one-second sleep before its next look."""


from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from brownie._config import CONFIG
from brownie.network import state
from brownie.network.transaction import Status, TransactionReceipt
from brownie.network.web3 import web3
from brownie.test import coverage
from web3.exceptions import TransactionNotFound
from web3.types import TxReceipt

POLL_SECONDS = 0.005
#: How long a transaction the node knows may stay unmined before brownie's own wait takes over (it then
#: waits as it always did: a transaction pending that long is not this race).
PATIENCE_SECONDS = 30.0


def receipt_when_indexed(txid: str, patience: float = PATIENCE_SECONDS) -> TxReceipt | None:
    """Poll until the node returns the receipt of `txid`, and return it; None at once if the node does not know
    the transaction, or after `patience` seconds."""
    deadline = time.monotonic() + patience
    while True:
        try:
            receipt = web3.eth.get_transaction_receipt(txid)
            if receipt["blockHash"] is not None:
                return receipt
        except TransactionNotFound:
            try:
                web3.eth.get_transaction(txid)
            except TransactionNotFound:
                return None
        if time.monotonic() >= deadline:
            return None
        time.sleep(POLL_SECONDS)


def wait_until_indexed(txid: str, patience: float = PATIENCE_SECONDS) -> bool:
    """Poll until the node returns the receipt of `txid`: True once it does; False at once if the node does not
    know the transaction, or after `patience` seconds."""
    return receipt_when_indexed(txid, patience) is not None


#: brownie's own wait, as the package defines it.
BROWNIE_WAIT: Callable[..., Any] = TransactionReceipt.__dict__["_await_confirmation"]


def confirmed(tx: TransactionReceipt, receipt: TxReceipt, required_confs: int) -> None:
    """What brownie's wait (`TransactionReceipt._await_confirmation` in eth-brownie 1.22.2) does once it has the
    receipt of a transaction that needs at most one confirmation: the same steps, in the same order."""
    others = state.TxHistory().filter(sender=tx.sender, nonce=tx.nonce, key=lambda k: k != tx)
    for dropped_tx in others:
        dropped_tx._silent = True
    tx._set_from_receipt(receipt)
    try:
        if CONFIG.argv["coverage"] and not coverage._check_cached(tx.coverage_hash) and tx.trace:
            tx._expand_trace()
        if not tx._silent and required_confs > 0:
            print(tx._confirm_output())
    finally:
        tx._confirmed.set()
        for dropped_tx in state.TxHistory().filter(sender=tx.sender, nonce=tx.nonce, key=lambda k: k != tx):
            dropped_tx.status = Status(-2)
            dropped_tx._confirmed.set()


def _await_confirmation(self: TransactionReceipt, block_number: int | None = None, required_confs: int = 1) -> Any:
    receipt = receipt_when_indexed(self.txid)
    if receipt is None or required_confs > 1:
        return BROWNIE_WAIT(self, block_number, required_confs)
    return confirmed(self, receipt, required_confs)


_await_confirmation.__doc__ = BROWNIE_WAIT.__doc__


def install() -> None:
    """From now on in this process, brownie waits for every new transaction's receipt to be indexed before
    judging whether it was mined or dropped (see the module's docstring)."""
    TransactionReceipt._await_confirmation = _await_confirmation  # type: ignore[method-assign]
