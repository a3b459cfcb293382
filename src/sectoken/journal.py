"""A resumable batch journal: many transactions sent so that a crash, a dead node or a lost answer never
sends one twice.

A journal is an append-only file of JSON lines, one per import, kept under ``.sectoken/journals/`` and
named after the chain, the suite and the SHA-256 of the input (:func:`journal_path`), so re-running the
same import finds it. Every unit of work is a *step* with a stable key (``register lines 2-51``,
``claim 0xabc.../kyc``, ``mint lines 2-51``). For each step the journal records, in order:

1. ``signed``: the signed raw transaction, its hash, nonce and sender, written and fsynced *before* the
   bytes are broadcast;
2. then one outcome: ``done`` (mined, with its block and gas), ``failed`` (mined and reverted),
   ``abandoned`` (its nonce was used by another transaction, so it can never be mined) or ``lost`` (it
   was done, but its receipt is gone: the chain was reset or reorganised).

:meth:`Journal.reconcile` settles what an interrupted run left behind, before anything new is planned:

- a ``done`` step is checked: its receipt must still be on the chain, else it is marked ``lost``;
- a ``signed`` step is looked up by hash (every hash it was ever signed with); if the node does not know
  it and its nonce is still free, the *journaled bytes* are broadcast again (same hash, so never a second,
  different transaction); if its nonce was used by another transaction it is marked ``abandoned``.

Steps that end ``failed``, ``abandoned`` or ``lost`` are not done: the caller re-plans that work from
chain state. :meth:`Journal.run` then sends new steps in rounds of ``window`` transactions: each round is
signed with consecutive nonces, journaled, fsynced once, broadcast, and waited for.

Example:
    >>> with Journal.open(journal_path(31337, "demo", digest), header) as journal:
    ...     journal.reconcile(w3)
    ...     journal.run(w3, signer, [Step("mint:lines 2-3", "mint", token.functions.batchMint(ws, amounts))])
"""

from __future__ import annotations

import fcntl
import itertools
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Literal, Self, cast

from eth_typing import ABI, HexStr
from hexbytes import HexBytes
from web3 import Web3
from web3.contract.contract import ContractFunction
from web3.exceptions import TransactionNotFound
from web3.types import RPCEndpoint, TxParams, TxReceipt

from sectoken.errors import RevertError, SectokenError, TransactionError
from sectoken.networks import STATE_DIR
from sectoken.reasons import ErrorTable
from sectoken.signers import Signer
from sectoken.tx import (
    GAS_MARGIN_DEN,
    GAS_MARGIN_NUM,
    Fees,
    SignedTx,
    broadcast,
    estimate_fees,
    retrying,
    sign,
    wait,
)

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
#: Fees are re-read when older than this many seconds.
FEES_MAX_AGE = 30.0

#: Where a step stands: ``signed`` (sent or about to be, outcome unknown), ``done``, ``failed`` (mined
#: and reverted), ``abandoned`` (its nonce went to another transaction) or ``lost`` (its receipt vanished).
StepStatus = Literal["signed", "done", "failed", "abandoned", "lost"]
_OUTCOMES: frozenset[str] = frozenset({"done", "failed", "abandoned", "lost"})


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


@dataclass(frozen=True)
class Step:
    """One transaction's worth of work to send.

    Attributes:
        key: Stable name of the work (the same on every run of the same import).
        kind: What it does (e.g. ``"register"``, ``"claim"``, ``"mint"``).
        call: The bound contract function to send.
        payload: JSON data kept with it in the journal (e.g. the wallets it covers).
    """

    key: str
    kind: str
    call: ContractFunction
    payload: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StepOutcome:
    """A step that was mined successfully.

    Attributes:
        key: The step's key.
        kind: Its kind.
        payload: Its journaled payload.
        tx_hash: The transaction that did it.
        block_number: Its block.
        gas_used: Gas it used.
        settled_on_resume: Whether it was sent by an earlier, interrupted run and settled now.
    """

    key: str
    kind: str
    payload: Mapping[str, Any]
    tx_hash: HexStr
    block_number: int
    gas_used: int
    settled_on_resume: bool = False


@dataclass
class StepState:
    """What the journal knows about one step (the fold of its records).

    Attributes:
        key: The step's key.
        kind: Its kind.
        payload: The payload of its latest signed transaction.
        attempts: Every transaction it was signed as, oldest first.
        status: Where it stands.
        tx_hash: The transaction of its outcome, if any.
        block_number: The block of a ``done`` step.
        gas_used: Gas of a ``done`` step.
        reason: Why a step failed, was abandoned or lost.
    """

    key: str
    kind: str
    payload: dict[str, Any] = field(default_factory=dict)
    attempts: list[SignedTx] = field(default_factory=list)
    status: StepStatus = "signed"
    tx_hash: str | None = None
    block_number: int | None = None
    gas_used: int = 0
    reason: str = ""

    @property
    def done(self) -> bool:
        """Whether the step's work is on the chain (as far as the journal knows)."""
        return self.status == "done"


@dataclass
class Reconciliation:
    """What :meth:`Journal.reconcile` found.

    Attributes:
        confirmed: Done steps whose receipts are still on the chain.
        settled: Signed steps found mined (or broadcast again and mined) now.
        rebroadcast: Hashes broadcast again from their journaled bytes.
        abandoned: Keys of signed steps whose nonce went to another transaction.
        lost: Keys of done steps whose receipt is gone.
        failed: Keys of signed steps found mined and reverted.
    """

    confirmed: int = 0
    settled: list[StepOutcome] = field(default_factory=list)
    rebroadcast: list[str] = field(default_factory=list)
    abandoned: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _signed_from(record: Mapping[str, Any]) -> SignedTx:
    to = record.get("to")
    return SignedTx(
        raw=HexBytes(record["raw"]),
        tx_hash=HexStr(str(record["hash"])),
        nonce=int(record["nonce"]),
        sender=Web3.to_checksum_address(str(record["sender"])),
        to=Web3.to_checksum_address(str(to)) if to else None,
        data=HexStr(str(record["data"])),
        value=int(record.get("value", 0)),
        gas=int(record["gas"]),
    )


class Journal:
    """An append-only, fsynced record of the transactions of one import (see the module's docstring).

    Create one with :meth:`open` (a file, locked while open) or :meth:`in_memory` (nothing kept: for a
    single interactive operation).
    """

    def __init__(self, path: Path | None, header: Mapping[str, Any], handle: IO[str] | None) -> None:
        self.path = path
        self.header: dict[str, Any] = dict(header)
        self._handle = handle
        self._steps: dict[str, StepState] = {}

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
        handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - kept open (and locked) until close()
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
                journal._write({"type": "header", "format": FORMAT_VERSION, **header, "created": _now()}, sync=True)
            else:
                journal._check_header(records[0])
                for record in records[1:]:
                    journal._apply(record)
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
            self._sync()
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
            self._sync()

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

    # --- records -------------------------------------------------------------------------------

    def _write(self, record: Mapping[str, Any], *, sync: bool) -> None:
        if self._handle is not None:
            self._handle.write(json.dumps(record, separators=(",", ":")) + "\n")
            if sync:
                self._sync()
            else:
                self._handle.flush()

    def _sync(self) -> None:
        if self._handle is not None:
            self._handle.flush()
            os.fsync(self._handle.fileno())

    def _record(self, record: dict[str, Any], *, sync: bool) -> None:
        self._write(record, sync=sync)
        self._apply(record)

    def _apply(self, record: Mapping[str, Any]) -> None:
        kind = record["type"]
        key = str(record.get("key", ""))
        if kind == "signed":
            state = self._steps.get(key)
            if state is None:
                state = self._steps[key] = StepState(key=key, kind=str(record.get("kind", "")))
            state.kind = str(record.get("kind", state.kind))
            state.payload = dict(record.get("payload") or {})
            state.attempts.append(_signed_from(record))
            state.status = "signed"
            state.tx_hash, state.block_number, state.gas_used, state.reason = None, None, 0, ""
        elif kind in _OUTCOMES:
            state = self._steps.get(key)
            if state is None:
                raise JournalError(f"Journal {self.path} records an outcome for unknown step {key!r}.")
            state.status = kind
            state.tx_hash = record.get("hash")
            state.block_number = record.get("block")
            state.gas_used = int(record.get("gasUsed", 0))
            state.reason = str(record.get("reason", ""))
        elif kind != "header":
            raise JournalError(f"Journal {self.path} has a record of unknown type {kind!r}.")

    def _signed(self, step: Step, signed: SignedTx) -> None:
        self._record(
            {
                "type": "signed",
                "key": step.key,
                "kind": step.kind,
                "payload": dict(step.payload),
                "hash": signed.tx_hash,
                "nonce": signed.nonce,
                "sender": signed.sender,
                "to": signed.to,
                "data": signed.data,
                "value": signed.value,
                "gas": signed.gas,
                "raw": signed.raw.to_0x_hex(),
                "at": _now(),
            },
            sync=False,  # the caller fsyncs once per round, before broadcasting
        )

    def _done(self, key: str, tx_hash: str, block: int, gas_used: int) -> StepOutcome:
        state = self._steps[key]
        self._record({"type": "done", "key": key, "hash": tx_hash, "block": block, "gasUsed": gas_used}, sync=False)
        return StepOutcome(state.key, state.kind, dict(state.payload), HexStr(tx_hash), block, gas_used)

    def _outcome(self, kind: StepStatus, key: str, tx_hash: str, reason: str) -> None:
        self._record({"type": kind, "key": key, "hash": tx_hash, "reason": reason}, sync=False)

    # --- reading -------------------------------------------------------------------------------

    @property
    def steps(self) -> Mapping[str, StepState]:
        """Every step recorded, by key."""
        return self._steps

    def step(self, key: str) -> StepState | None:
        """The state of one step, or ``None`` if the journal has no record of it."""
        return self._steps.get(key)

    def unresolved(self) -> list[StepState]:
        """Steps signed whose outcome is not known yet, by nonce."""
        return sorted(
            (state for state in self._steps.values() if state.status == "signed"),
            key=lambda state: state.attempts[-1].nonce,
        )

    def done_payloads(self, kind: str) -> Iterator[Mapping[str, Any]]:
        """The payloads of the done steps of one kind."""
        for state in self._steps.values():
            if state.kind == kind and state.done:
                yield state.payload

    # --- resuming ------------------------------------------------------------------------------

    def reconcile(
        self,
        w3: Web3,
        *,
        confirmations: int = 1,
        timeout: float = 120.0,
        retries: int = 3,
        backoff: float = 0.5,
        abis: ErrorTable | Iterable[ABI] | ABI | None = None,
    ) -> Reconciliation:
        """Settle what an earlier run left behind, so that every step is ``done`` or known not to be.

        Args:
            w3: The connection.
            confirmations: Blocks to wait for after a transaction settled now.
            timeout: Seconds to wait for each transaction still pending.
            retries: Retries of transient RPC failures.
            backoff: First retry delay in seconds.
            abis: ABIs for decoding a mined revert.

        Returns:
            What was found: see :class:`Reconciliation`.

        Raises:
            TransactionTimeoutError: a pending transaction was not mined within ``timeout``.
            TransactionError: the node refused to take journaled bytes back (e.g. their fee is now below
                the base fee while their nonce is still free).
            ChainError: the node cannot be reached.
        """
        found = Reconciliation()
        done = [state for state in self._steps.values() if state.done]
        receipts = rpc_batch(w3, [("eth_getTransactionReceipt", [state.tx_hash]) for state in done],
                             retries=retries, backoff=backoff)
        for state, raw in zip(done, receipts, strict=True):
            assert state.tx_hash is not None
            if isinstance(raw, dict) and raw.get("blockNumber") and int(raw.get("status", "0x0"), 16) == 1:
                found.confirmed += 1
            else:
                self._outcome("lost", state.key, state.tx_hash, "its receipt is no longer on the chain")
                found.lost.append(state.key)
        waiting: list[StepState] = []
        for state in self.unresolved():
            mined = next(
                (
                    (attempt, receipt)
                    for attempt in state.attempts
                    if (receipt := _receipt(w3, attempt.tx_hash, retries, backoff)) is not None
                ),
                None,
            )
            if mined is not None:
                attempt, receipt = mined
                if int(receipt["status"]) == 1:
                    outcome = self._done(state.key, attempt.tx_hash, int(receipt["blockNumber"]),
                                         int(receipt["gasUsed"]))
                    found.settled.append(_resumed(outcome))
                else:
                    self._outcome("failed", state.key, attempt.tx_hash, "mined and reverted")
                    found.failed.append(state.key)
                continue
            latest = state.attempts[-1]
            if not _known(w3, latest.tx_hash, retries, backoff):
                result = broadcast(w3, latest, retries=retries, backoff=backoff)
                if result == "nonce-used":
                    self._outcome(
                        "abandoned", state.key, latest.tx_hash,
                        f"nonce {latest.nonce} of {latest.sender} was used by another transaction",
                    )
                    found.abandoned.append(state.key)
                    continue
                found.rebroadcast.append(latest.tx_hash)
            waiting.append(state)
        for state in waiting:
            latest = state.attempts[-1]
            try:
                settled = wait(w3, latest, confirmations=confirmations, timeout=timeout, retries=retries,
                               backoff=backoff, abis=abis)
            except RevertError as error:
                if error.tx_hash is None:
                    raise
                self._outcome("failed", state.key, latest.tx_hash, error.message)
                found.failed.append(state.key)
                continue
            outcome = self._done(state.key, latest.tx_hash, settled.block_number, settled.gas_used)
            found.settled.append(_resumed(outcome))
        self._sync()
        return found

    # --- sending -------------------------------------------------------------------------------

    def run(
        self,
        w3: Web3,
        signer: Signer,
        steps: Iterable[Step],
        *,
        window: int = 16,
        confirmations: int = 1,
        timeout: float = 120.0,
        retries: int = 3,
        backoff: float = 0.5,
        abis: ErrorTable | Iterable[ABI] | ABI | None = None,
        on_done: Callable[[StepOutcome], None] | None = None,
    ) -> list[StepOutcome]:
        """Send steps in rounds of ``window`` transactions, journaling each before it is broadcast.

        Each round: every step is validated (gas estimated) and signed with consecutive nonces, the
        signed bytes are journaled and fsynced, then broadcast in nonce order, then each is waited for.

        Args:
            w3: The connection.
            signer: Signs every transaction.
            steps: The work, in order. Steps of one round must not depend on each other.
            window: Transactions per round (1 sends them one at a time).
            confirmations: Blocks to wait for after each transaction.
            timeout: Seconds to wait for each transaction.
            retries: Retries of transient RPC failures.
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
        options: dict[str, Any] = {"retries": retries, "backoff": backoff}
        chain_id = int(retrying(lambda: w3.eth.chain_id, "eth_chainId", **options))
        sender = signer.address
        fees: Fees | None = None
        fees_at = 0.0
        nonce = -1
        outcomes: list[StepOutcome] = []
        queue = iter(steps)
        while True:
            batch = list(itertools.islice(queue, window))
            if not batch:
                return outcomes
            for step in batch:
                self._check_new(step)
            if fees is None or time.monotonic() - fees_at > FEES_MAX_AGE:
                fees, fees_at = estimate_fees(w3, **options), time.monotonic()
            calls = [_call_params(sender, step.call) for step in batch]
            requests: list[tuple[str, list[Any]]] = [
                ("eth_getTransactionCount", [sender, "pending"]),
                ("eth_getBlockByNumber", ["latest", False]),
            ]
            # Estimated on the latest block: the round's steps are independent, and Anvil estimates on its
            # pending block ever more slowly as the chain grows.
            requests += [("eth_estimateGas", [{**call, "value": "0x0"}, "latest"]) for call in calls]
            answers = rpc_batch(w3, requests, **options)
            nonce = max(nonce, _quantity(answers[0]))
            gas_limit = _quantity(answers[1]["gasLimit"]) if isinstance(answers[1], dict) else None
            signed_round: list[tuple[Step, SignedTx]] = []
            error: SectokenError | None = None
            for step, call, estimate in zip(batch, calls, answers[2:], strict=True):
                try:
                    signed = self._sign(w3, signer, call, estimate, gas_limit, fees, nonce, chain_id, abis,
                                        options)
                except SectokenError as refused:
                    error = _with_step(refused, step)
                    break
                self._signed(step, signed)
                signed_round.append((step, signed))
                nonce += 1
            if signed_round:
                self._sync()  # the signed bytes are on disk before any of them is broadcast
            # One batch of raw sends; any answer but a hash is settled by broadcast(), which resends the same
            # bytes and tells "already known" and "nonce used by another transaction" apart.
            answers = rpc_batch(w3, [("eth_sendRawTransaction", [signed.raw.to_0x_hex()]) for _, signed in signed_round],
                                **options) if signed_round else []
            sent: list[tuple[Step, SignedTx]] = []
            for (step, signed), answer in zip(signed_round, answers, strict=True):
                if not (isinstance(answer, str) and answer.lower() == signed.tx_hash.lower()):
                    try:
                        signed = self._broadcast(w3, signer, step, signed, _call_params(sender, step.call), chain_id,
                                                 fees, abis, options)
                    except SectokenError as refused:
                        error = error or _with_step(refused, step)
                        break
                nonce = max(nonce, signed.nonce + 1)
                sent.append((step, signed))
            failure = self._settle(w3, sent, confirmations, timeout, abis, options, outcomes, on_done)
            self._sync()
            error = error or failure
            if error is not None:
                raise error

    def _sign(
        self,
        w3: Web3,
        signer: Signer,
        call: TxParams,
        estimate: Any,
        gas_limit: int | None,
        fees: Fees,
        nonce: int,
        chain_id: int,
        abis: ErrorTable | Iterable[ABI] | ABI | None,
        options: Mapping[str, Any],
    ) -> SignedTx:
        """Sign with the batch's gas estimate; where the node refused to estimate, let :func:`sign`
        estimate again and raise the decoded revert."""
        unsigned = cast(TxParams, {key: value for key, value in call.items() if key != "from"})
        if isinstance(estimate, RpcFailure) or estimate is None:
            return sign(w3, signer, unsigned, fees=fees, nonce=nonce, chain_id=chain_id, abis=abis, **options)
        gas = _quantity(estimate) * GAS_MARGIN_NUM // GAS_MARGIN_DEN
        if gas_limit is not None:
            gas = max(min(gas, gas_limit), _quantity(estimate))
        return sign(w3, signer, unsigned, gas=gas, validate=False, fees=fees, nonce=nonce, chain_id=chain_id,
                    **options)

    def _settle(
        self,
        w3: Web3,
        sent: list[tuple[Step, SignedTx]],
        confirmations: int,
        timeout: float,
        abis: ErrorTable | Iterable[ABI] | ABI | None,
        options: Mapping[str, Any],
        outcomes: list[StepOutcome],
        on_done: Callable[[StepOutcome], None] | None,
    ) -> SectokenError | None:
        """Wait for a round's transactions, polling their receipts in batches; journal their outcomes."""
        error: SectokenError | None = None
        deadline = time.monotonic() + timeout
        delay = 0.02
        remaining = list(sent)
        while remaining:
            answers = rpc_batch(
                w3,
                [("eth_blockNumber", [])] + [("eth_getTransactionReceipt", [signed.tx_hash]) for _, signed in remaining],
                **options,
            )
            head = _quantity(answers[0]) if isinstance(answers[0], str) else -1
            waiting: list[tuple[Step, SignedTx]] = []
            for (step, signed), raw in zip(remaining, answers[1:], strict=True):
                block = _quantity(raw["blockNumber"]) if isinstance(raw, dict) and raw.get("blockNumber") else None
                if block is None or head - block + 1 < confirmations:
                    waiting.append((step, signed))
                    continue
                if _quantity(raw.get("status", "0x0")) == 1:
                    outcome = self._done(step.key, signed.tx_hash, block, _quantity(raw["gasUsed"]))
                else:
                    try:  # mined and reverted: wait() replays it to raise the decoded reason
                        receipt = wait(w3, signed, confirmations=confirmations, timeout=timeout, abis=abis, **options)
                    except RevertError as reverted:
                        if reverted.tx_hash is None:
                            raise
                        self._outcome("failed", step.key, signed.tx_hash, reverted.message)
                        error = error or _with_step(reverted, step)
                        continue
                    outcome = self._done(step.key, signed.tx_hash, receipt.block_number, receipt.gas_used)
                outcomes.append(outcome)
                if on_done is not None:
                    on_done(outcome)
            remaining = waiting
            if remaining and time.monotonic() >= deadline:
                _, late = remaining[0]
                # Raises TransactionTimeoutError naming the transaction (it stays journaled as signed).
                wait(w3, late, confirmations=confirmations, timeout=0.0, abis=abis, **options)
            if remaining:
                time.sleep(delay)
                delay = min(delay * 2, 1.0)
        return error

    def _check_new(self, step: Step) -> None:
        state = self._steps.get(step.key)
        if state is not None and state.status == "signed":
            raise JournalError(f"Step {step.key!r} is already in flight; reconcile() first.")

    def _broadcast(
        self,
        w3: Web3,
        signer: Signer,
        step: Step,
        signed: SignedTx,
        call: TxParams,
        chain_id: int,
        fees: Fees,
        abis: ErrorTable | Iterable[ABI] | ABI | None,
        options: Mapping[str, Any],
    ) -> SignedTx:
        """Broadcast journaled bytes; if their nonce went to another transaction, sign again (journaled)."""
        sender = signed.sender
        unsigned = cast(TxParams, {key: value for key, value in call.items() if key != "from"})
        for _ in range(4):
            if broadcast(w3, signed, **options) != "nonce-used":
                return signed
            self._outcome(
                "abandoned", step.key, signed.tx_hash,
                f"nonce {signed.nonce} of {signed.sender} was used by another transaction",
            )
            fresh = int(retrying(lambda: w3.eth.get_transaction_count(sender, "pending"),
                                 "eth_getTransactionCount", **options))
            signed = sign(w3, signer, unsigned, fees=fees, nonce=fresh, chain_id=chain_id, abis=abis, **options)
            self._signed(step, signed)
            self._sync()
        raise TransactionError(
            f"The nonces of {signed.sender} keep being used by another sender of the same key; stop the other "
            "process and run again."
        )


def _with_step(error: SectokenError, step: Step) -> SectokenError:
    """Name the step in a refusal's message (keeping the exception's type and attributes)."""
    text = str(error.args[0]) if error.args else str(error)
    if not text.startswith(step.key):
        error.args = (f"{step.key}: {text}", *error.args[1:])
    return error


def _resumed(outcome: StepOutcome) -> StepOutcome:
    return StepOutcome(outcome.key, outcome.kind, outcome.payload, outcome.tx_hash, outcome.block_number,
                       outcome.gas_used, settled_on_resume=True)


@dataclass(frozen=True)
class RpcFailure:
    """An error answer to one request of a JSON-RPC batch.

    Attributes:
        message: The node's message.
        data: The error's data, if any (e.g. revert data).
    """

    message: str
    data: Any = None


def rpc_batch(
    w3: Web3, requests: Sequence[tuple[str, list[Any]]], *, retries: int = 3, backoff: float = 0.5
) -> list[Any]:
    """Send JSON-RPC requests as one batch, or one by one where the node (or a proxy) takes no batch.

    The requests go to the provider directly (no middleware), so their parameters and answers are raw
    JSON-RPC values (hex quantities).

    Args:
        w3: The connection.
        requests: ``(method, params)`` pairs.
        retries: Retries of transient RPC failures of the one-by-one requests.
        backoff: First retry delay in seconds.

    Returns:
        Each request's raw ``result``, or an :class:`RpcFailure` for an error answer, in request order.

    Raises:
        ChainError: the node cannot be reached.
    """
    provider = w3.provider
    answers: list[Any] | None = None
    if not requests:
        return []
    make_batch = getattr(provider, "make_batch_request", None)
    if make_batch is not None:
        try:
            batch = make_batch([(RPCEndpoint(method), params) for method, params in requests])
            if isinstance(batch, list) and len(batch) == len(requests):
                answers = list(batch)
        except Exception:  # noqa: BLE001, S110 - any trouble with the batch: ask one by one, with retries
            pass
    if answers is None:
        answers = [
            retrying(lambda m=method, p=params: provider.make_request(RPCEndpoint(m), p), method,  # type: ignore[misc]
                     retries=retries, backoff=backoff)
            for method, params in requests
        ]
    results: list[Any] = []
    for answer in answers:
        failure = answer.get("error") if isinstance(answer, dict) else None
        if failure:
            results.append(RpcFailure(str(failure.get("message", failure)) if isinstance(failure, dict) else str(failure),
                                      failure.get("data") if isinstance(failure, dict) else None))
        else:
            results.append(answer.get("result") if isinstance(answer, dict) else None)
    return results


def _quantity(value: Any) -> int:
    """A JSON-RPC quantity (``"0x1a"``) as an int."""
    return int(value, 16) if isinstance(value, str) else int(value)


def _call_params(sender: str, function: ContractFunction) -> TxParams:
    """The JSON-ready fields of a call of ``function`` by ``sender``."""
    return cast(TxParams, {"from": sender, "to": function.address, "data": function._encode_transaction_data()})


def _receipt(w3: Web3, tx_hash: str, retries: int, backoff: float) -> TxReceipt | None:
    def lookup() -> TxReceipt | None:
        try:
            return w3.eth.get_transaction_receipt(HexStr(tx_hash))
        except TransactionNotFound:
            return None

    receipt = retrying(lookup, "eth_getTransactionReceipt", retries=retries, backoff=backoff)
    if receipt is None or receipt.get("blockNumber") is None:
        return None
    return receipt


def _known(w3: Web3, tx_hash: str, retries: int, backoff: float) -> bool:
    def lookup() -> bool:
        try:
            w3.eth.get_transaction(HexStr(tx_hash))
        except TransactionNotFound:
            return False
        return True

    return retrying(lookup, "eth_getTransactionByHash", retries=retries, backoff=backoff)

