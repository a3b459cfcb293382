"""Investors' cached claim records kept fresh, so that their transfers stay on the fast path.

The registry's storage keeps, for each identity, a cached record of the claim topics that count (for an
identity with one wallet, also a copy in its wallet's word), and a transfer reads it in one slot while it is
*fresh*: computed in the current trust epoch and before the identity's earliest counting claim expires.
Removing a trusted issuer or changing its topics moves the trust epoch on and makes every record stale; a
claim's expiry makes its identity's record stale. A stale record still answers exactly, but every transfer,
mint or check of such a party recomputes it from the claims of each trusted (issuer, topic) pair: about
35,700 gas more per stale party and transfer with three pairs trusted (``make bench``, "Claim records"), more
with more pairs, paid by whoever sends it until the record is refreshed.

:func:`stale_identities` finds them (the storage's ``identityRecordFresh``, asked in JSON-RPC batches,
:mod:`sectoken.rpc`);
:func:`refresh` refreshes them with ``batchRefreshIdentity`` (anyone may send it), each transaction
journaled before it is sent (:class:`sectoken.journal.Journal`): a refresh stopped part-way is finished by
running it again, and nothing is sent twice. :func:`registered_identities` lists a storage's identities.

Example:
    >>> stale = stale_identities(w3, storage, registered_identities(w3, storage, from_block))
    >>> with open_journal(suite, chain_id) as journal:
    ...     summary = refresh(w3, signer, storage, stale, journal)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eth_typing import ChecksumAddress
from web3 import Web3
from web3.contract import Contract

from sectoken import rpc
from sectoken.deployments import SuiteRecord
from sectoken.errors import SectokenError
from sectoken.investors import ZERO_ADDRESS
from sectoken.journal import JOURNAL_DIRECTORY, Journal, journal_path
from sectoken.signers import Signer
from sectoken.tx import Step

__all__ = ["RefreshInterruptedError", "RefreshSummary", "open_journal", "refresh", "registered_identities", "stale_identities"]

#: What names the refresh journal of a suite (one per suite and chain, whatever the identities).
_JOURNAL_KEY = hashlib.sha256(b"sectoken identity refresh").hexdigest()


class RefreshInterruptedError(SectokenError, RuntimeError):
    """A refresh stopped part-way; what was sent is journaled, and running it again finishes it."""


@dataclass(frozen=True)
class RefreshSummary:
    """What a refresh found and did.

    Attributes:
        identities: The identities looked at.
        stale: Those whose record was stale (before this run's transactions).
        transactions: Transactions this run mined (a resumed run counts those it settled too).
        gas_used: Gas of those transactions, from their receipts.
    """

    identities: int
    stale: tuple[ChecksumAddress, ...]
    transactions: int
    gas_used: int

    def to_json(self) -> dict[str, Any]:
        return {
            "identities": self.identities,
            "stale": list(self.stale),
            "refreshed": len(self.stale),
            "transactions": self.transactions,
            "gasUsed": self.gas_used,
        }


def registered_identities(w3: Web3, storage: Contract, from_block: int = 0) -> list[ChecksumAddress]:
    """The identities with at least one wallet stored now in ``storage``, in the order first stored.

    Read from the storage's ``IdentityStored`` events since ``from_block`` (its deployment block; a range the
    node refuses is read in halves), each wallet then asked for the identity it is stored for now (moves and
    deletions included).
    """
    head = w3.eth.block_number
    logs = rpc.event_logs(w3, storage, "IdentityStored", from_block, head)
    wallets = dict.fromkeys(Web3.to_checksum_address(log["args"]["investorAddress"]) for log in logs)
    encode = rpc.calldata(storage, "storedIdentity")
    stored = rpc.call_many(w3, [(storage.address, encode(wallet)) for wallet in wallets], head, ["address"])
    identities = dict.fromkeys(Web3.to_checksum_address(answer[0]) for answer in stored if answer is not None)
    return [identity for identity in identities if identity != ZERO_ADDRESS]


def stale_identities(w3: Web3, storage: Contract, identities: Iterable[str]) -> list[ChecksumAddress]:
    """Those of ``identities`` whose cached record is stale now (``identityRecordFresh`` false), in order."""
    asked = [Web3.to_checksum_address(identity) for identity in identities]
    encode = rpc.calldata(storage, "identityRecordFresh")
    answers = rpc.call_many(
        w3, [(storage.address, encode(identity)) for identity in asked], w3.eth.block_number, ["bool"]
    )
    return [identity for identity, answer in zip(asked, answers, strict=True) if answer is not None and not answer[0]]


def open_journal(suite: SuiteRecord, chain_id: int, directory: Path = JOURNAL_DIRECTORY) -> Journal:
    """Open (and lock) the refresh journal of ``suite`` on chain ``chain_id``: one per suite, every run
    appended to it.

    Raises:
        JournalError: another refresh of the suite holds it, or it is damaged.
    """
    storage = suite.contracts["identityRegistryStorage"].address
    header = {
        "kind": "identity-refresh",
        "chainId": chain_id,
        "suite": suite.name,
        "sha256": _JOURNAL_KEY,
        "contracts": {"identityRegistryStorage": storage},
        "source": "identity refresh",
    }
    return Journal.open(journal_path(chain_id, suite.name, _JOURNAL_KEY, directory), header)


def refresh(
    w3: Web3,
    signer: Signer,
    storage: Contract,
    identities: Iterable[str],
    journal: Journal,
    *,
    batch_size: int = 100,
    window: int = 16,
    confirmations: int = 1,
    timeout: float = 120.0,
) -> RefreshSummary:
    """Refresh the stale records among ``identities``, ``batch_size`` identities per transaction.

    What an earlier run left in ``journal`` is settled first (a transaction it signed is found by its hash
    or sent again from its recorded bytes, never signed twice); then the records still stale are asked and
    refreshed, each transaction journaled before it is sent. A batch whose identities are all fresh by the
    time it is due is not sent.

    Args:
        w3: The connection.
        signer: Sends the transactions (anyone may: it pays their gas).
        storage: The ``IdentityRegistryStorage``.
        identities: The identities to look at.
        journal: The suite's refresh journal (:func:`open_journal`).
        batch_size: Identities per transaction.
        window: Transactions signed and broadcast together before waiting for them.
        confirmations: Blocks to wait for after each transaction.
        timeout: Seconds to wait for each round.

    Returns:
        What was found and sent.

    Raises:
        ValueError: ``batch_size`` is below 1.
        RevertError, TransactionError, ChainError: a transaction was refused or the node stopped answering
            (what was sent stays journaled: run again to finish).
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    settled = journal.reconcile(w3, signer, confirmations=confirmations, timeout=timeout)
    looked = [Web3.to_checksum_address(identity) for identity in identities]
    stale = stale_identities(w3, storage, looked)
    block = w3.eth.block_number
    steps = []
    for start in range(0, len(stale), batch_size):
        chunk = stale[start : start + batch_size]
        steps.append(
            Step(
                key=f"refresh@{block} {start // batch_size}",
                kind="refresh",
                call=storage.functions.batchRefreshIdentity(chunk),
                payload={"identities": chunk},
                done=lambda chunk=chunk: not stale_identities(w3, storage, chunk),  # type: ignore[misc]
            )
        )
    outcomes = journal.run(w3, signer, steps, window=window, confirmations=confirmations, timeout=timeout)
    mined = [*settled.settled, *outcomes]
    return RefreshSummary(
        identities=len(looked),
        stale=tuple(stale),
        transactions=len(mined),
        gas_used=sum(outcome.gas_used for outcome in mined),
    )
