"""The import journal: the runner's store for a batch import, an append-only file of JSON lines.

A journal is kept under ``.sectoken/journals/`` and named after the chain, the suite and the SHA-256 of the
input (:func:`journal_path`), so re-running the same import finds it. Every unit of work is a *step* with a
stable key (``register lines 2-51``, ``claim 0xabc.../kyc``, ``mint lines 2-51``), sent by the one runner
of the transaction engine (:class:`sectoken.tx.Runner`: see it for what is recorded when, how an
interrupted run is settled and how rounds are sent). The journal writes each record as one line, and
fsyncs before every broadcast: the signed bytes are on disk before they leave.

:meth:`Journal.reconcile` settles what an interrupted run left behind, before anything new is planned: a
``done`` step is checked (its receipt must still be on the chain, else it is marked ``lost``), and the
``signed`` ones are settled by the runner. Steps that end ``failed``, ``abandoned`` or ``lost`` are not
done: the caller re-plans that work from chain state. :meth:`Journal.run` sends new steps in rounds.

Example:
    >>> with Journal.open(journal_path(31337, "demo", digest), header) as journal:
    ...     journal.reconcile(w3, signer)
    ...     journal.run(w3, signer, [Step("mint lines 2-3", "mint", token.functions.batchMint(ws, amounts))])
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any, Self

from eth_typing import ABI
from web3 import Web3

from sectoken.errors import SectokenError
from sectoken.networks import STATE_DIR
from sectoken.reasons import ErrorTable
from sectoken.signers import Signer
from sectoken.tx import (
    Reconciliation,
    RpcFailure,
    Runner,
    Step,
    StepOutcome,
    StepState,
    StepStatus,
    StepStore,
    rpc_batch,
)
from sectoken.tx.retries import _quantity
from sectoken.tx.runner import now_iso

__all__ = [
    "FORMAT_VERSION",
    "JOURNAL_DIRECTORY",
    "Journal",
    "JournalError",
    "Reconciliation",
    "RpcFailure",
    "Step",
    "StepOutcome",
    "StepState",
    "StepStatus",
    "journal_path",
    "rpc_batch",
]

FORMAT_VERSION = 1
#: Where journals are kept, relative to the current folder.
JOURNAL_DIRECTORY = Path(STATE_DIR) / "journals"


class JournalError(SectokenError, RuntimeError):
    """A journal cannot be used: damaged, written for another import, or locked by a running import."""


def journal_path(chain_id: int, suite: str, source_sha256: str, directory: Path = JOURNAL_DIRECTORY) -> Path:
    """Where the journal of one import lives.

    Args:
        chain_id: The chain the import sends to.
        suite: The suite's name.
        source_sha256: SHA-256 (hex) of the input file.
        directory: The journals' folder.

    Returns:
        ``<directory>/<chain-id>-<suite>-<first 16 hex digits of the hash>.jsonl``.
    """
    return directory / f"{int(chain_id)}-{suite}-{source_sha256[:16]}.jsonl"


class Journal(StepStore):
    """An append-only, fsynced record of the transactions of one import (see the module's docstring).

    Create one with :meth:`open` (a file, locked while open) or :meth:`in_memory` (nothing kept: for a
    single interactive operation).
    """

    def __init__(self, path: Path | None, header: Mapping[str, Any], handle: IO[str] | None) -> None:
        super().__init__()
        self.path = path
        self.header: dict[str, Any] = dict(header)
        self._handle = handle

    # --- opening -------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, header: Mapping[str, Any]) -> Journal:
        """Open (or create) the journal at ``path`` and lock it for this process.

        Args:
            path: The journal file (see :func:`journal_path`).
            header: What identifies the import (chain id, suite, input hash, contracts...). A new journal
                starts with it; an existing one must have been written for the same ``identity`` fields
                (every key of ``header`` except ``created`` and ``source``).

        Returns:
            The journal, with every earlier record loaded.

        Raises:
            JournalError: another process holds the journal, it is damaged, or it belongs to another
                import.
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        # Owner only (0600): a journal holds the investors' wallets, countries and claims.
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
        os.fchmod(descriptor, 0o600)
        handle = os.fdopen(descriptor, "a+", encoding="utf-8")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise JournalError(
                f"Journal {path} is in use by another running import; wait for it to finish."
            ) from None
        journal = cls(path, header, handle)
        try:
            handle.seek(0)
            records = journal._read(handle.read())
            if not records:
                journal._write({"type": "header", "format": FORMAT_VERSION, **header, "created": now_iso()})
                journal.sync()
            else:
                journal._check_header(records[0])
                for number, record in enumerate(records[1:], start=2):
                    try:
                        journal._apply(record)
                    except (KeyError, TypeError, ValueError) as error:
                        raise JournalError(f"Journal {path} is damaged at record {number}: {error}.") from None
        except BaseException:
            handle.close()
            raise
        return journal

    @classmethod
    def in_memory(cls, header: Mapping[str, Any] | None = None) -> Journal:
        """A journal that keeps its records in memory only (nothing to resume from)."""
        return cls(None, header or {}, None)

    def close(self) -> None:
        """Flush, unlock and close the file. Safe to call twice."""
        if self._handle is not None:
            self.sync()
            self._handle.close()
            self._handle = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Journal({str(self.path) if self.path else 'in memory'!r}, {len(self._steps)} steps)"

    def _read(self, text: str) -> list[dict[str, Any]]:
        records: list[dict[str, Any]] = []
        lines = text.split("\n")
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                if number == len(lines):
                    # The last line was cut short by a crash while it was written: it was never fsynced
                    # as complete, so its transaction was never broadcast. Drop it.
                    self._truncate_to(len("\n".join(lines[:-1])) + (1 if len(lines) > 1 else 0))
                    break
                raise JournalError(f"Journal {self.path} is damaged at line {number}: not JSON.") from None
            if not isinstance(record, dict) or "type" not in record:
                raise JournalError(f"Journal {self.path} is damaged at line {number}: not a journal record.")
            records.append(record)
        return records

    def _truncate_to(self, size: int) -> None:
        if self._handle is not None:
            self._handle.truncate(size)
            self._handle.seek(0, os.SEEK_END)
            self.sync()

    def _check_header(self, first: Mapping[str, Any]) -> None:
        if first.get("type") != "header":
            raise JournalError(f"Journal {self.path} has no header line.")
        if first.get("format") != FORMAT_VERSION:
            raise JournalError(
                f"Journal {self.path} has format {first.get('format')}, this version reads {FORMAT_VERSION}."
            )
        for name, value in self.header.items():
            if name in ("created", "source"):
                continue
            if first.get(name) != value:
                raise JournalError(
                    f"Journal {self.path} belongs to another import ({name} is {first.get(name)!r}, "
                    f"not {value!r}); move it away to start afresh."
                )
        self.header = {key: value for key, value in first.items() if key not in ("type", "format")}

    # --- the store -------------------------------------------------------------------------------

    def _write(self, record: Mapping[str, Any]) -> None:
        """Append a record as one line, handed to the operating system (fsynced by :meth:`sync`)."""
        if self._handle is not None:
            self._handle.write(json.dumps(record, separators=(",", ":")) + "\n")
            self._handle.flush()

    def sync(self) -> None:
        """fsync the lines written so far."""
        if self._handle is not None:
            self._handle.flush()
            os.fsync(self._handle.fileno())

    # --- reading -------------------------------------------------------------------------------

    def done_payloads(self, kind: str) -> Iterator[Mapping[str, Any]]:
        """The payloads of the done steps of one kind."""
        for state in self._steps.values():
            if state.kind == kind and state.done:
                yield state.payload

    # --- resuming and sending --------------------------------------------------------------------

    def reconcile(
        self,
        w3: Web3,
        signer: Signer | None = None,
        *,
        confirmations: int = 1,
        timeout: float = 120.0,
        retries: int = 0,
        backoff: float = 0.5,
        abis: ErrorTable | Iterable[ABI] | ABI | None = None,
    ) -> Reconciliation:
        """Settle what an earlier run left behind, so that every step is ``done`` or known not to be.

        Args:
            w3: The connection.
            signer: The signer of the journaled transactions, to price a replacement of one stuck in the
                node's pool (same nonce, same call, higher fee); ``None``: only wait for it.
            confirmations: Blocks to wait for after a transaction settled now.
            timeout: Seconds to wait for the transactions still pending.
            retries: Retries of transient RPC failures on top of the provider's own (none by default).
            backoff: First retry delay in seconds.
            abis: ABIs for decoding a mined revert.

        Returns:
            What was found: see :class:`~sectoken.tx.Reconciliation`.

        Raises:
            TransactionTimeoutError: a pending transaction was not mined within ``timeout``.
            TransactionError: the node refused to take journaled bytes back while their nonce is still free
                (e.g. their fee is now below the base fee), and a replacement at that nonce (a higher fee)
                too.
            ChainError: the node cannot be reached.
        """
        done = [state for state in self._steps.values() if state.done]
        receipts = rpc_batch(
            w3, [("eth_getTransactionReceipt", [state.tx_hash]) for state in done], retries=retries, backoff=backoff
        )
        confirmed, lost = 0, []
        for state, raw in zip(done, receipts, strict=True):
            assert state.tx_hash is not None
            if isinstance(raw, dict) and raw.get("blockNumber") and _quantity(raw.get("status", "0x0")) == 1:
                confirmed += 1
            else:
                self.outcome("lost", state.key, state.tx_hash, "its receipt is no longer on the chain")
                lost.append(state.key)
        runner = Runner(
            w3, signer, self, confirmations=confirmations, timeout=timeout, retries=retries, backoff=backoff,
            abis=abis,
        )
        found = runner.reconcile()
        found.confirmed, found.lost = confirmed, lost
        self.sync()
        return found

    def run(
        self,
        w3: Web3,
        signer: Signer,
        steps: Iterable[Step],
        *,
        window: int = 16,
        confirmations: int = 1,
        timeout: float = 120.0,
        retries: int = 0,
        backoff: float = 0.5,
        abis: ErrorTable | Iterable[ABI] | ABI | None = None,
        on_done: Callable[[StepOutcome], None] | None = None,
    ) -> list[StepOutcome]:
        """Send steps in rounds of ``window`` transactions, journaling each before it is broadcast (see
        :meth:`sectoken.tx.Runner.run`).

        Args:
            w3: The connection.
            signer: Signs every transaction.
            steps: The work, in order. Steps of one round must not depend on each other.
            window: Transactions per round (1 sends them one at a time).
            confirmations: Blocks to wait for after each transaction.
            timeout: Seconds to wait for each round.
            retries: Retries of transient RPC failures on top of the provider's own (none by default).
            backoff: First retry delay in seconds.
            abis: ABIs for decoding reverts.
            on_done: Called with each step as it is mined.

        Returns:
            The outcomes, in the order the steps were mined.

        Raises:
            JournalError: a step is still unresolved from an earlier run (call :meth:`reconcile` first),
                or ``window`` is below 1.
            RevertError: a step would revert (nothing of it was sent) or was mined and reverted.
            TransactionTimeoutError: a transaction was not mined in time (it stays journaled).
            TransactionError: the node refused a transaction.
            ChainError: the node cannot be reached (what was sent stays journaled).
        """
        if window < 1:
            raise JournalError(f"window must be 1 or more, got {window}.")
        pending = self.unresolved()
        if pending:
            raise JournalError(
                f"{len(pending)} journaled transactions have no known outcome yet: reconcile() first."
            )
        runner = Runner(
            w3, signer, self, confirmations=confirmations, timeout=timeout, retries=retries, backoff=backoff,
            abis=abis,
        )
        try:
            return runner.run(steps, window=window, on_done=on_done)
        finally:
            self.sync()
