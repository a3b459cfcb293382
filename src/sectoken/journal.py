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
estimated in one JSON-RPC batch, signed with consecutive nonces, journaled, fsynced once, broadcast in one
batch, and waited for. The round's first transaction is sent alone before the others are signed, and the
sender's pending nonce read again: transactions of the sender waiting in the node's queue behind a nonce
gap are let through by it, and no nonce of theirs is signed over (at a higher fee that would replace
them). While a round waits, a transaction the node dropped is sent again (same bytes), one
whose nonce another transaction took is signed again with a new nonce, and one stuck in the pool as its
sender's next nonce is replaced by the same call at a higher fee (same nonce, so only one of them can be
mined); every new signature is journaled before it is sent.

Example:
    >>> with Journal.open(journal_path(31337, "demo", digest), header) as journal:
    ...     journal.reconcile(w3, signer)
    ...     journal.run(w3, signer, [Step("mint lines 2-3", "mint", token.functions.batchMint(ws, amounts))])
"""

from __future__ import annotations

import fcntl
import functools
import itertools
import json
import math
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Literal, Self, cast

from eth_abi.abi import encode as abi_encode
from eth_typing import ABI, HexStr
from eth_utils.abi import collapse_if_tuple, function_abi_to_4byte_selector
from web3 import Web3
from web3.contract.contract import ContractFunction
from web3.types import RPCEndpoint, TxParams

from sectoken import tx as engine
from sectoken.errors import FeeTooHighError, RevertError, SectokenError, TransactionError
from sectoken.networks import STATE_DIR
from sectoken.reasons import ErrorTable
from sectoken.signers import Signer
from sectoken.tx import (
    GAS_MARGIN_DEN,
    GAS_MARGIN_NUM,
    Fees,
    SignedTx,
    broadcast,
    check_fees,
    estimate_fees,
    is_known,
    max_fee,
    receipt_of,
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
#: Seconds a transaction may wait in the pool as its sender's next nonce before it is replaced by the
#: same call at a higher fee, and how many times that is done for one nonce.
STUCK_AFTER = 15.0
MAX_BUMPS = 3

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
    return SignedTx.from_json(record)




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
                journal._write(
                    {"type": "header", "format": FORMAT_VERSION, **header, "created": _now()}, sync=True
                )
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

    def _signed(self, key: str, kind: str, payload: Mapping[str, Any], signed: SignedTx) -> None:
        self._record(
            {
                "type": "signed",
                "key": key,
                "kind": kind,
                "payload": dict(payload),
                **signed.to_json(),
                "at": _now(),
            },
            sync=False,  # the caller fsyncs before broadcasting
        )

    def _done(self, key: str, tx_hash: str, block: int, gas_used: int) -> StepOutcome:
        state = self._steps[key]
        self._record(
            {"type": "done", "key": key, "hash": tx_hash, "block": block, "gasUsed": gas_used}, sync=False
        )
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
            What was found: see :class:`Reconciliation`.

        Raises:
            TransactionTimeoutError: a pending transaction was not mined within ``timeout``.
            TransactionError: the node refused to take journaled bytes back (e.g. their fee is now below
                the base fee while their nonce is still free).
            ChainError: the node cannot be reached.
        """
        found = Reconciliation()
        options: dict[str, Any] = {"retries": retries, "backoff": backoff}
        done = [state for state in self._steps.values() if state.done]
        receipts = rpc_batch(
            w3, [("eth_getTransactionReceipt", [state.tx_hash]) for state in done], **options
        )
        for state, raw in zip(done, receipts, strict=True):
            assert state.tx_hash is not None
            if isinstance(raw, dict) and raw.get("blockNumber") and _quantity(raw.get("status", "0x0")) == 1:
                found.confirmed += 1
            else:
                self._outcome("lost", state.key, state.tx_hash, "its receipt is no longer on the chain")
                found.lost.append(state.key)
        waiting = [state.key for state in self.unresolved()]
        if waiting:
            chain_id = int(retrying(lambda: w3.eth.chain_id, "eth_chainId", **options))
            context = _Context(w3, signer, chain_id, abis, options, confirmations, timeout, resign=False)
            settled = self._settle(context, waiting, recheck_now=True)
            found.settled = [_resumed(outcome) for outcome in settled.outcomes]
            found.failed = settled.failed
            found.abandoned = settled.abandoned
            found.rebroadcast = settled.rebroadcast
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
        retries: int = 0,
        backoff: float = 0.5,
        abis: ErrorTable | Iterable[ABI] | ABI | None = None,
        on_done: Callable[[StepOutcome], None] | None = None,
    ) -> list[StepOutcome]:
        """Send steps in rounds of ``window`` transactions, journaling each before it is broadcast.

        Each round: every step is validated (gas estimated, in one JSON-RPC batch) and signed with
        consecutive nonces, the signed bytes are journaled and fsynced, then broadcast in one batch, then
        waited for. The first transaction is journaled and sent alone, and the pending nonce read again,
        before the rest are signed: a transaction of the sender queued behind a nonce gap is let through,
        and its nonce skipped. While it waits, a transaction the node dropped is sent again (the same bytes), one
        whose nonce another transaction took is signed again with a new nonce, and one stuck in the pool
        as the sender's next nonce is replaced by the same call at a higher fee: each new signature is
        journaled before it is sent.

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
        options: dict[str, Any] = {"retries": retries, "backoff": backoff}
        chain_id = int(retrying(lambda: w3.eth.chain_id, "eth_chainId", **options))
        context = _Context(w3, signer, chain_id, abis, options, confirmations, timeout, resign=True)
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
            fit = _fitting(answers[2:], gas_limit)
            if fit < len(batch):
                # A round fits in one block: what a block cannot hold waits for the next round (a node that
                # mines on demand, like Anvil, would leave it in its pool until another transaction came).
                queue = itertools.chain(batch[fit:], queue)
                batch, calls, answers = batch[:fit], calls[:fit], answers[: 2 + fit]
            signed_round: list[tuple[Step, SignedTx]] = []
            error: SectokenError | None = None
            head: list[Any] = []  # the answer to the round's first transaction, if it was sent alone
            for index, (step, call, estimate) in enumerate(zip(batch, calls, answers[2:], strict=True)):
                try:
                    signed = self._sign(context, call, estimate, gas_limit, fees, nonce)
                except SectokenError as refused:
                    error = _with_step(refused, step.key)
                    break
                self._signed(step.key, step.kind, step.payload, signed)
                signed_round.append((step, signed))
                nonce += 1
                if index == 0 and len(batch) > 1:
                    # The first transaction goes alone, then the pending nonce is read again: transactions
                    # of the sender queued behind a nonce gap are let through by it, and the rest of the
                    # round must not be signed over their nonces (a higher fee would replace them).
                    self._sync()
                    head = rpc_batch(w3, [("eth_sendRawTransaction", [signed.raw.to_0x_hex()])], **options)
                    (fresh,) = rpc_batch(w3, [("eth_getTransactionCount", [sender, "pending"])], **options)
                    if isinstance(fresh, str):
                        nonce = max(nonce, _quantity(fresh))
            if signed_round:
                self._sync()  # the signed bytes are on disk before any of them is broadcast
            # One batch of raw sends; any answer but the hash is settled one by one: "already known" is
            # fine, a nonce taken by another transaction means signing again.
            rest = signed_round[len(head):]
            answers = head + (
                rpc_batch(
                    w3,
                    [("eth_sendRawTransaction", [signed.raw.to_0x_hex()]) for _, signed in rest],
                    **options,
                )
                if rest
                else []
            )
            sent: list[str] = []
            for (step, signed), answer in zip(signed_round, answers, strict=True):
                if not (isinstance(answer, str) and answer.lower() == signed.tx_hash.lower()):
                    try:
                        if not is_known(w3, signed.tx_hash, retries=retries, backoff=backoff):
                            signed = self._send(context, step.key, signed)
                    except SectokenError as refused:
                        error = error or _with_step(refused, step.key)
                        break
                nonce = max(nonce, signed.nonce + 1)
                sent.append(step.key)
            settled = self._settle(context, sent, on_done=on_done)
            outcomes += settled.outcomes
            self._sync()
            error = error or settled.error
            if error is not None:
                raise error

    def _check_new(self, step: Step) -> None:
        state = self._steps.get(step.key)
        if state is not None and state.status == "signed":
            raise JournalError(f"Step {step.key!r} is already in flight; reconcile() first.")

    def _sign(
        self,
        context: _Context,
        call: TxParams,
        estimate: Any,
        gas_limit: int | None,
        fees: Fees,
        nonce: int,
    ) -> SignedTx:
        """Sign with the batch's gas estimate; where the node refused to estimate, let :func:`sign`
        estimate again and raise the decoded revert."""
        assert context.signer is not None
        unsigned = cast(TxParams, {key: value for key, value in call.items() if key != "from"})
        options = {"fees": fees, "nonce": nonce, "chain_id": context.chain_id, **context.options}
        if isinstance(estimate, RpcFailure) or estimate is None:
            return sign(context.w3, context.signer, unsigned, abis=context.abis, **options)
        gas = _quantity(estimate) * GAS_MARGIN_NUM // GAS_MARGIN_DEN
        if gas_limit is not None:
            gas = max(min(gas, gas_limit), _quantity(estimate))
        return sign(context.w3, context.signer, unsigned, gas=gas, validate=False, **options)

    def _send(self, context: _Context, key: str, signed: SignedTx) -> SignedTx:
        """Broadcast journaled bytes; while their nonce goes to another transaction, sign again."""
        for _ in range(4):
            if broadcast(context.w3, signed, **context.options) != "nonce-used":
                return signed
            signed = self._resign(context, key, signed)
        raise TransactionError(
            f"The nonces of {signed.sender} keep being used by another sender of the same key; stop the "
            "other process and run again."
        )

    def _resign(self, context: _Context, key: str, stale: SignedTx) -> SignedTx:
        """Sign a step's call again with a new nonce after another transaction took the old one.

        The call is validated again (it may now revert); the new signature is journaled and fsynced, not
        sent.
        """
        assert context.signer is not None
        self._outcome(
            "abandoned",
            key,
            stale.tx_hash,
            f"nonce {stale.nonce} of {stale.sender} was used by another transaction",
        )
        fresh = int(
            retrying(
                lambda: context.w3.eth.get_transaction_count(stale.sender, "pending"),
                "eth_getTransactionCount",
                **context.options,
            )
        )
        fees = estimate_fees(context.w3, **context.options)
        unsigned = cast(TxParams, {"to": stale.to, "data": stale.data})
        signed = sign(
            context.w3,
            context.signer,
            unsigned,
            value=stale.value,
            fees=fees,
            nonce=fresh,
            chain_id=context.chain_id,
            abis=context.abis,
            **context.options,
        )
        state = self._steps[key]
        self._signed(key, state.kind, state.payload, signed)
        self._sync()
        return signed

    def _bump(self, context: _Context, key: str, stuck: SignedTx) -> SignedTx | None:
        """Replace a transaction stuck in the pool: same nonce and call, a higher fee (journaled first).

        Whichever of the two is mined does the step: both are attempts of it.
        """
        assert context.signer is not None
        try:
            fees = stuck.fees.bumped(estimate_fees(context.w3, **context.options))
            check_fees(fees, max_fee(context.w3))
        except FeeTooHighError:
            return None  # a replacement would pay more than the maximum: keep waiting for the first
        unsigned = cast(TxParams, {"to": stuck.to, "data": stuck.data})
        signed = sign(
            context.w3,
            context.signer,
            unsigned,
            value=stuck.value,
            gas=stuck.gas,
            validate=False,
            fees=fees,
            nonce=stuck.nonce,
            chain_id=context.chain_id,
            **context.options,
        )
        state = self._steps[key]
        self._signed(key, state.kind, state.payload, signed)
        self._sync()
        try:
            broadcast(context.w3, signed, hold=0, **context.options)
        except TransactionError:
            return None  # refused (e.g. the replacement is still too cheap): keep waiting for the first
        return signed

    # --- waiting -------------------------------------------------------------------------------

    def _settle(
        self,
        context: _Context,
        keys: list[str],
        *,
        on_done: Callable[[StepOutcome], None] | None = None,
        recheck_now: bool = False,
    ) -> _Settled:
        """Wait for the latest transactions of some steps, polling receipts in batches, and journal each
        outcome; every :data:`sectoken.tx.RECHECK_AFTER` seconds (and first if ``recheck_now``) look up those still
        unmined (see :meth:`_recheck`)."""
        settled = _Settled()
        deadline = time.monotonic() + context.timeout
        checked = -math.inf if recheck_now else time.monotonic()
        stuck: dict[str, float] = {}
        vanished: dict[str, float] = {}
        delay = 0.02
        remaining = list(keys)
        while remaining:
            attempts = [(key, attempt) for key in remaining for attempt in self._steps[key].attempts]
            answers = rpc_batch(
                context.w3,
                [("eth_blockNumber", [])]
                + [("eth_getTransactionReceipt", [attempt.tx_hash]) for _, attempt in attempts],
                **context.options,
            )
            head = _quantity(answers[0]) if isinstance(answers[0], str) else -1
            mined: dict[str, tuple[SignedTx, dict[str, Any]]] = {}
            for (key, attempt), raw in zip(attempts, answers[1:], strict=True):
                if isinstance(raw, dict) and raw.get("blockNumber"):
                    mined[key] = (attempt, raw)
            waiting: list[str] = []
            for key in remaining:
                if (
                    key not in mined
                    or head - _quantity(mined[key][1]["blockNumber"]) + 1 < context.confirmations
                ):
                    waiting.append(key)
                    continue
                attempt, raw = mined[key]
                if _quantity(raw.get("status", "0x0")) == 1:
                    outcome = self._done(
                        key, attempt.tx_hash, _quantity(raw["blockNumber"]), _quantity(raw["gasUsed"])
                    )
                    settled.outcomes.append(outcome)
                    if on_done is not None:
                        on_done(outcome)
                    continue
                try:  # mined and reverted: wait() replays it to raise the decoded reason
                    wait(
                        context.w3,
                        attempt,
                        confirmations=context.confirmations,
                        timeout=context.timeout,
                        abis=context.abis,
                        **context.options,
                    )
                except RevertError as reverted:
                    if reverted.tx_hash is None:
                        raise
                    self._outcome("failed", key, attempt.tx_hash, reverted.message)
                    settled.failed.append(key)
                    settled.error = settled.error or _with_step(reverted, key)
            remaining = waiting
            if not remaining:
                break
            if time.monotonic() - checked >= engine.RECHECK_AFTER:
                remaining, renewed = self._recheck(context, remaining, stuck, vanished, settled)
                checked = time.monotonic()
                if renewed:
                    deadline = max(deadline, checked + context.timeout)
                if not remaining:
                    break
            if time.monotonic() >= deadline:
                late = self._steps[remaining[0]].attempts[-1]
                # Raises TransactionTimeoutError naming the transaction (it stays journaled as signed).
                wait(context.w3, late, confirmations=context.confirmations, timeout=0.0, **context.options)
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
        return settled

    def _recheck(
        self, context: _Context, keys: list[str], stuck: dict[str, float], vanished: dict[str, float],
        settled: _Settled
    ) -> tuple[list[str], bool]:
        """Look up the latest transactions of steps still unmined and act on each.

        - in the node's pool: keep waiting; if it has been the sender's next nonce for
          :data:`STUCK_AFTER` seconds, replace it with the same call at a higher fee (at most
          :data:`MAX_BUMPS` times);
        - unknown to the node, nonce free: send the same bytes again (the node dropped them);
        - unknown, nonce used by another transaction: sign the call again with a new nonce when sending
          (``resign``), else mark the step abandoned for the caller to plan again.

        Returns:
            The keys still to wait for, and whether a new transaction was sent.
        """
        latest = {key: self._steps[key].attempts[-1] for key in keys}
        sender = next(iter(latest.values())).sender
        answers = rpc_batch(
            context.w3,
            [("eth_getTransactionCount", [sender, "latest"])]
            + [("eth_getTransactionByHash", [latest[key].tx_hash]) for key in keys],
            **context.options,
        )
        if not isinstance(answers[0], str):
            return keys, False
        mined_nonce = _quantity(answers[0])
        now = time.monotonic()
        keep: list[str] = []
        renewed = False
        for key, known in zip(keys, answers[1:], strict=True):
            current = latest[key]
            if isinstance(known, dict):
                vanished.pop(key, None)
                if mined_nonce != current.nonce:
                    stuck.pop(key, 0.0)
                    keep.append(key)
                    continue
                since = stuck.setdefault(key, now)  # the sender's next nonce, yet not mined
                bumps = len([a for a in self._steps[key].attempts if a.nonce == current.nonce]) - 1
                if now - since >= STUCK_AFTER and bumps < MAX_BUMPS and context.signer is not None:
                    if self._bump(context, key, current) is not None:
                        settled.bumped.append(key)
                        renewed = True
                    stuck[key] = now
                keep.append(key)
                continue
            if mined_nonce <= current.nonce:
                try:
                    result = broadcast(context.w3, current, hold=0, **context.options)
                except TransactionError:
                    if len(self._steps[key].attempts) > 1:
                        keep.append(key)  # a refused replacement: its predecessor may still be mined
                        continue
                    raise
                if result != "nonce-used":
                    settled.rebroadcast.append(current.tx_hash)  # dropped by the node: the same bytes again
                    keep.append(key)
                    renewed = True
                    continue
            if any(receipt_of(context.w3, a.tx_hash, **context.options) for a in self._steps[key].attempts):
                keep.append(key)  # one of its own transactions took the nonce: settled on the next poll
                continue
            # Unknown, no receipt, nonce used: either another transaction took the nonce, or the node is
            # between mining a block and filing it (Anvil moves the nonce first, then files the block, its
            # transactions and receipts). Only a state that lasts is the former: never sign again on a glimpse.
            if now - vanished.setdefault(key, now) < engine.SETTLE_AFTER:
                keep.append(key)
                continue
            if context.resign and context.signer is not None:
                self._send(context, key, self._resign(context, key, current))
                keep.append(key)
                renewed = True
            else:
                self._outcome(
                    "abandoned",
                    key,
                    current.tx_hash,
                    f"nonce {current.nonce} of {current.sender} was used by another transaction",
                )
                settled.abandoned.append(key)
        return keep, renewed


@dataclass(frozen=True)
class _Context:
    """What waiting for (and, when needed, re-signing) transactions takes."""

    w3: Web3
    signer: Signer | None
    chain_id: int
    abis: ErrorTable | Iterable[ABI] | ABI | None
    options: Mapping[str, Any]
    confirmations: int
    timeout: float
    resign: bool


@dataclass
class _Settled:
    """What :meth:`Journal._settle` found."""

    outcomes: list[StepOutcome] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    abandoned: list[str] = field(default_factory=list)
    rebroadcast: list[str] = field(default_factory=list)
    bumped: list[str] = field(default_factory=list)
    error: SectokenError | None = None


def _fitting(estimates: Sequence[Any], gas_limit: int | None) -> int:
    """How many of a round's steps, in order, fit in one block together (at least one)."""
    if gas_limit is None:
        return len(estimates)
    total = 0
    for count, estimate in enumerate(estimates):
        gas = _quantity(estimate) * GAS_MARGIN_NUM // GAS_MARGIN_DEN if isinstance(estimate, str) else 0
        if count and total + gas > gas_limit:
            return count
        total += gas
    return len(estimates)


def _with_step(error: SectokenError, key: str) -> SectokenError:
    """Name the step in a refusal's message (keeping the exception's type and attributes)."""
    text = str(error.args[0]) if error.args else str(error)
    if not text.startswith(key):
        error.args = (f"{key}: {text}", *error.args[1:])
    return error


def _resumed(outcome: StepOutcome) -> StepOutcome:
    return StepOutcome(
        outcome.key,
        outcome.kind,
        outcome.payload,
        outcome.tx_hash,
        outcome.block_number,
        outcome.gas_used,
        settled_on_resume=True,
    )


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
    w3: Web3, requests: Sequence[tuple[str, list[Any]]], *, retries: int = 0, backoff: float = 0.5
) -> list[Any]:
    """Send JSON-RPC requests as one batch, or one by one where the node (or a proxy) takes no batch.

    The requests go to the provider directly (no middleware), so their parameters and answers are raw
    JSON-RPC values (hex quantities).

    Args:
        w3: The connection.
        requests: ``(method, params)`` pairs.
        retries: Retries of the one-by-one requests on top of the provider's own (none by default).
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
            retrying(
                functools.partial(provider.make_request, RPCEndpoint(method), params),
                method,
                retries=retries,
                backoff=backoff,
            )
            for method, params in requests
        ]
    results: list[Any] = []
    for answer in answers:
        failure = answer.get("error") if isinstance(answer, dict) else None
        if failure:
            results.append(
                RpcFailure(
                    str(failure.get("message", failure)) if isinstance(failure, dict) else str(failure),
                    failure.get("data") if isinstance(failure, dict) else None,
                )
            )
        else:
            results.append(answer.get("result") if isinstance(answer, dict) else None)
    return results


def _quantity(value: Any) -> int:
    """A JSON-RPC quantity (``"0x1a"``) as an int."""
    return int(value, 16) if isinstance(value, str) else int(value)


def _call_params(sender: str, function: ContractFunction) -> TxParams:
    """The JSON-ready fields of a call of ``function`` by ``sender``."""
    return cast(TxParams, {"from": sender, "to": function.address, "data": _call_data(function)})


def _call_data(function: ContractFunction) -> str:
    """A bound function's call data, encoded with eth-abi directly (web3's encoder takes about 45 ms for a
    batch of 50 registrations); web3's encoder where eth-abi refuses the arguments as given (it normalises
    more, e.g. hex strings for bytes)."""
    try:
        types = [collapse_if_tuple(dict(item)) for item in function.abi["inputs"]]
        return "0x" + (function_abi_to_4byte_selector(function.abi) + abi_encode(types, list(function.args))).hex()
    except Exception:  # noqa: BLE001 - any refusal: the slower, more lenient encoder
        return str(function._encode_transaction_data())
