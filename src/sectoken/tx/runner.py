"""The one runner: steps sent so that a crash, a dead node or a lost answer never sends one twice.

A :class:`Step` is a call or a deployment, with a stable key and, where the chain can tell, a "done
already?" read. :class:`Runner` sends steps through a :class:`StepStore`, the place where the signed bytes
of each transaction are written before they are broadcast and each outcome after its receipt. Two stores
ship: the import journal (:class:`sectoken.journal.Journal`, append-only JSON lines) and the deployment
record (:mod:`sectoken.deploy`). For each step the store records, in order:

1. ``signed``: the signed raw transaction, its hash, nonce and sender, durable (:meth:`StepStore.sync`)
   *before* the bytes are broadcast;
2. then one outcome: ``done`` (mined, with its block and gas), ``failed`` (mined and reverted),
   ``abandoned`` (its nonce was used by another transaction, so it can never be mined) or ``lost`` (it
   was done, but its receipt is gone: the chain was reset or reorganised). An outcome is made durable with
   the next signature, or when the caller closes the store: a run stopped before that leaves the step
   ``signed``, and :meth:`Runner.reconcile` finds its receipt.

:meth:`Runner.reconcile` settles what an interrupted run left ``signed``, before anything new is planned:
each is looked up by hash (every hash it was ever signed with); if the node does not know it and its nonce
is still free, the *recorded bytes* are broadcast again (same hash, so never a second, different
transaction); if its nonce was used by another transaction (:func:`~sectoken.tx.settle_many`) it is marked
``abandoned``, and the caller plans that work again.

:meth:`Runner.run` sends steps in rounds of ``window`` transactions (one block's worth at most): a step the
store holds done, or whose "done already?" read says so, is not sent; the others are estimated in one
JSON-RPC batch, signed with consecutive nonces, recorded, made durable once, broadcast in one batch, and
waited for. Steps may be produced lazily (a generator): with ``window=1`` each is asked for only once the
one before it is mined, so it can use what that one created. The round's first transaction is sent alone
before the others are signed, and the sender's pending nonce read again: transactions of the sender
waiting in the node's queue behind a nonce gap are let through by it, and no nonce of theirs is signed over
(at a higher fee that would replace them). While a round waits, a transaction the node dropped is sent
again (same bytes), one whose nonce another transaction took is signed again with a new nonce, and one
stuck in the pool as its sender's next nonce is replaced by the same call at a higher fee (same nonce, so
only one of them can be mined); every new signature is recorded before it is sent.

Example:
    >>> runner = Runner(w3, signer, journal)
    >>> runner.reconcile()
    >>> runner.run([Step("mint lines 2-3", "mint", token.functions.batchMint(ws, amounts))])
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, cast

from eth_abi.abi import encode as abi_encode
from eth_typing import ABI, ChecksumAddress, HexStr
from eth_utils.abi import collapse_if_tuple, function_abi_to_4byte_selector
from web3 import Web3
from web3.contract.contract import ContractConstructor, ContractFunction
from web3.types import TxParams

from sectoken.errors import FeeTooHighError, RevertError, SectokenError, TransactionError
from sectoken.reasons import ErrorTable
from sectoken.signers import Signer
from sectoken.tx import lifecycle
from sectoken.tx.fees import Fees, check_fees, estimate_fees, max_fee
from sectoken.tx.lifecycle import (
    Receipt,
    broadcast,
    is_known,
    receipt_from_rpc,
    send_or_resign,
    settle_many,
    wait,
)
from sectoken.tx.retries import RpcFailure, _quantity, retrying, rpc_batch
from sectoken.tx.signing import GAS_MARGIN_DEN, GAS_MARGIN_NUM, SignedTx, sign

__all__ = [
    "FEES_MAX_AGE",
    "MAX_BUMPS",
    "STUCK_AFTER",
    "Reconciliation",
    "Runner",
    "Step",
    "StepOutcome",
    "StepState",
    "StepStatus",
    "StepStore",
]

#: Fees are re-read when older than this many seconds.
FEES_MAX_AGE = 30.0
#: Seconds a transaction may wait in the pool as its sender's next nonce before it is replaced by the
#: same call at a higher fee, and how many times that is done for one nonce.
STUCK_AFTER = 15.0
MAX_BUMPS = 3

#: Where a step stands: ``signed`` (sent or about to be, outcome unknown), ``done``, ``failed`` (mined
#: and reverted), ``abandoned`` (its nonce went to another transaction) or ``lost`` (its receipt vanished).
StepStatus = Literal["signed", "done", "failed", "abandoned", "lost"]
OUTCOMES: frozenset[str] = frozenset({"done", "failed", "abandoned", "lost"})


@dataclass(frozen=True)
class Step:
    """One transaction's worth of work to send.

    Attributes:
        key: Stable name of the work (the same on every run of the same import or deployment).
        kind: What it does (e.g. ``"register"``, ``"mint"``, ``"deploy"``, ``"call"``).
        call: The bound contract function, or the constructor of a contract to deploy.
        payload: JSON data kept with it by the store (e.g. the wallets it covers, the artifact deployed).
        done: The "done already?" read on the chain: when it answers ``True`` the step is not sent.
    """

    key: str
    kind: str
    call: ContractFunction | ContractConstructor
    payload: Mapping[str, Any] = field(default_factory=dict)
    done: Callable[[], bool] | None = None


@dataclass(frozen=True)
class StepOutcome:
    """A step that was mined successfully.

    Attributes:
        key: The step's key.
        kind: Its kind.
        payload: Its recorded payload.
        tx_hash: The transaction that did it.
        block_number: Its block.
        gas_used: Gas it used.
        settled_on_resume: Whether it was sent by an earlier, interrupted run and settled now.
        receipt: Its :class:`~sectoken.tx.Receipt` (``None`` only where built by hand).
    """

    key: str
    kind: str
    payload: Mapping[str, Any]
    tx_hash: HexStr
    block_number: int
    gas_used: int
    settled_on_resume: bool = False
    receipt: Receipt | None = None


@dataclass
class StepState:
    """What a store knows about one step (the fold of its records).

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
        """Whether the step's work is on the chain (as far as the store knows)."""
        return self.status == "done"


@dataclass
class Reconciliation:
    """What :meth:`Runner.reconcile` (and :meth:`sectoken.journal.Journal.reconcile`) found.

    Attributes:
        confirmed: Done steps whose receipts are still on the chain.
        settled: Signed steps found mined (or broadcast again and mined) now.
        rebroadcast: Hashes broadcast again from their recorded bytes.
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


def now_iso() -> str:
    """The time now, as the stores write it (ISO 8601, UTC, seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class StepStore:
    """Where a runner keeps signed transactions and outcomes: the fold of the records, and their writing.

    A record is a JSON mapping with a ``type``: ``signed`` (``key``, ``kind``, ``payload`` and the
    :meth:`SignedTx.to_json` fields), or an outcome (``done`` with ``hash``, ``block``, ``gasUsed`` and,
    for a deployment, ``contractAddress``; ``failed``, ``abandoned`` or ``lost`` with ``hash`` and
    ``reason``). A store implements :meth:`_write` (keep a record, in memory or on its way to disk) and
    :meth:`sync` (make every record kept so far durable: called before each broadcast).
    """

    def __init__(self) -> None:
        self._steps: dict[str, StepState] = {}

    # --- what a store implements -----------------------------------------------------------------

    def _write(self, record: Mapping[str, Any]) -> None:
        """Keep a record (durable at the latest on the next :meth:`sync`)."""
        raise NotImplementedError

    def sync(self) -> None:
        """Make every record kept so far durable (the runner calls it before broadcasting)."""
        raise NotImplementedError

    def holds_done(self, key: str) -> bool:
        """Whether a step recorded done is done for good, so that it is never sent again (a deployment's
        contract); ``False`` where the caller plans from the chain (the import journal: a claim revoked
        since is planned, and sent, again)."""
        del key
        return False

    # --- the fold --------------------------------------------------------------------------------

    def _record(self, record: Mapping[str, Any]) -> None:
        self._write(record)
        self._apply(record)

    def _apply(self, record: Mapping[str, Any]) -> None:
        """Fold one record into the steps' states.

        Raises:
            ValueError: an outcome for a step never signed, or a record of unknown type.
        """
        kind = record["type"]
        key = str(record.get("key", ""))
        if kind == "signed":
            state = self._steps.get(key)
            if state is None:
                state = self._steps[key] = StepState(key=key, kind=str(record.get("kind", "")))
            state.kind = str(record.get("kind", state.kind))
            state.payload = dict(record.get("payload") or {})
            state.attempts.append(SignedTx.from_json(record))
            state.status = "signed"
            state.tx_hash, state.block_number, state.gas_used, state.reason = None, None, 0, ""
        elif kind in OUTCOMES:
            state = self._steps.get(key)
            if state is None:
                raise ValueError(f"an outcome for unknown step {key!r}")
            state.status = cast(StepStatus, kind)
            state.tx_hash = record.get("hash")
            state.block_number = record.get("block")
            state.gas_used = int(record.get("gasUsed", 0))
            state.reason = str(record.get("reason", ""))
        else:
            raise ValueError(f"a record of unknown type {kind!r}")

    def signed(self, key: str, kind: str, payload: Mapping[str, Any], signed: SignedTx) -> None:
        """Record a signature of a step (durable on the next :meth:`sync`, before its broadcast)."""
        self._record(
            {"type": "signed", "key": key, "kind": kind, "payload": dict(payload), **signed.to_json(), "at": now_iso()}
        )

    def done(self, key: str, receipt: Receipt) -> StepOutcome:
        """Record a step mined successfully, and return its outcome."""
        state = self._steps[key]
        record: dict[str, Any] = {
            "type": "done", "key": key, "hash": receipt.tx_hash, "block": receipt.block_number,
            "gasUsed": receipt.gas_used,
        }
        if receipt.contract_address is not None:
            record["contractAddress"] = receipt.contract_address
        self._record(record)
        return StepOutcome(
            state.key, state.kind, dict(state.payload), receipt.tx_hash, receipt.block_number, receipt.gas_used,
            receipt=receipt,
        )

    def outcome(self, status: StepStatus, key: str, tx_hash: str, reason: str) -> None:
        """Record that a step failed, was abandoned or lost."""
        self._record({"type": status, "key": key, "hash": tx_hash, "reason": reason})

    # --- reading ---------------------------------------------------------------------------------

    @property
    def steps(self) -> Mapping[str, StepState]:
        """Every step recorded, by key."""
        return self._steps

    def step(self, key: str) -> StepState | None:
        """The state of one step, or ``None`` if the store has no record of it."""
        return self._steps.get(key)

    def unresolved(self) -> list[StepState]:
        """Steps signed whose outcome is not known yet, by nonce."""
        return sorted(
            (state for state in self._steps.values() if state.status == "signed"),
            key=lambda state: state.attempts[-1].nonce,
        )


@dataclass
class _Settled:
    """What :meth:`Runner._settle` found."""

    outcomes: list[StepOutcome] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    abandoned: list[str] = field(default_factory=list)
    rebroadcast: list[str] = field(default_factory=list)
    bumped: list[str] = field(default_factory=list)
    error: SectokenError | None = None


class Runner:
    """Sends steps through a store, and settles what an interrupted run left in it (see the module's
    docstring).

    Args:
        w3: The connection.
        signer: Signs every transaction; ``None`` (reconciling only): a transaction stuck in the pool is
            waited for, not replaced.
        store: Where signed transactions and outcomes are recorded.
        confirmations: Blocks to wait for after each transaction.
        timeout: Seconds to wait for each round.
        retries: Retries of transient RPC failures on top of the provider's own (none by default).
        backoff: First retry delay in seconds.
        abis: ABIs for decoding reverts.
    """

    def __init__(
        self,
        w3: Web3,
        signer: Signer | None,
        store: StepStore,
        *,
        confirmations: int = 1,
        timeout: float = 120.0,
        retries: int = 0,
        backoff: float = 0.5,
        abis: ErrorTable | Iterable[ABI] | ABI | None = None,
    ) -> None:
        self.w3 = w3
        self.signer = signer
        self.store = store
        self.confirmations = confirmations
        self.timeout = timeout
        self.abis = abis
        self.options: dict[str, Any] = {"retries": retries, "backoff": backoff}
        self._chain_id: int | None = None

    @property
    def chain_id(self) -> int:
        """The connected chain's id (asked once)."""
        if self._chain_id is None:
            self._chain_id = int(retrying(lambda: self.w3.eth.chain_id, "eth_chainId", **self.options))
        return self._chain_id

    # --- resuming ----------------------------------------------------------------------------------

    def reconcile(self) -> Reconciliation:
        """Settle the steps an earlier run left ``signed``: each ends ``done``, ``failed`` or ``abandoned``.

        Returns:
            What was found (``settled``, ``failed``, ``abandoned``, ``rebroadcast``).

        Raises:
            TransactionTimeoutError: a pending transaction was not mined within the timeout.
            TransactionError: the node refused to take recorded bytes back while their nonce is still free,
                and a replacement at that nonce (a higher fee) too.
            ChainError: the node cannot be reached.
        """
        found = Reconciliation()
        waiting = [state.key for state in self.store.unresolved()]
        if waiting:
            settled = self._settle(waiting, recheck_now=True, resign=False)
            found.settled = [dataclasses.replace(outcome, settled_on_resume=True) for outcome in settled.outcomes]
            found.failed = settled.failed
            found.abandoned = settled.abandoned
            found.rebroadcast = settled.rebroadcast
        return found

    # --- sending -------------------------------------------------------------------------------------

    def run(
        self,
        steps: Iterable[Step],
        *,
        window: int = 16,
        on_done: Callable[[StepOutcome], None] | None = None,
    ) -> list[StepOutcome]:
        """Send steps in rounds of at most ``window`` transactions, each recorded before it is broadcast.

        Args:
            steps: The work, in order (a list, or a generator asked for each step when it is due). Steps of
                one round must not depend on each other.
            window: Transactions per round (1 sends them one at a time).
            on_done: Called with each step as it is mined (and recorded).

        Returns:
            The outcomes, in the order the steps were mined.

        Raises:
            ValueError: ``window`` is below 1.
            RevertError: a step would revert (nothing of it was sent) or was mined and reverted.
            TransactionTimeoutError: a transaction was not mined in time (it stays recorded as signed).
            TransactionError: the node refused a transaction, or a step is still unresolved from an earlier
                run (reconcile first).
            ChainError: the node cannot be reached (what was sent stays recorded).
        """
        if window < 1:
            raise ValueError(f"window must be 1 or more, got {window}.")
        if self.signer is None:
            raise TransactionError("Sending steps needs a signer.")
        w3, sender, options = self.w3, self.signer.address, self.options
        fees: Fees | None = None
        fees_at = 0.0
        nonce = -1
        outcomes: list[StepOutcome] = []
        queue: Iterator[Step] = iter(steps)
        while True:
            batch = self._due(queue, window)
            if not batch:
                return outcomes
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
                    signed = self._sign(step, call, estimate, gas_limit, fees, nonce)
                except SectokenError as refused:
                    error = _with_step(refused, step.key)
                    break
                self.store.signed(step.key, step.kind, step.payload, signed)
                signed_round.append((step, signed))
                nonce += 1
                if index == 0 and len(batch) > 1:
                    # The first transaction goes alone, then the pending nonce is read again: transactions
                    # of the sender queued behind a nonce gap are let through by it, and the rest of the
                    # round must not be signed over their nonces (a higher fee would replace them).
                    self.store.sync()
                    head = rpc_batch(w3, [("eth_sendRawTransaction", [signed.raw.to_0x_hex()])], **options)
                    (fresh,) = rpc_batch(w3, [("eth_getTransactionCount", [sender, "pending"])], **options)
                    if isinstance(fresh, str):
                        nonce = max(nonce, _quantity(fresh))
            if signed_round:
                self.store.sync()  # the signed bytes are durable before any of them is broadcast
            # One batch of raw sends; any answer but the hash is settled one by one: "already known" is
            # fine, a nonce taken by another transaction means signing again.
            rest = signed_round[len(head):]
            answers = head + (
                rpc_batch(w3, [("eth_sendRawTransaction", [signed.raw.to_0x_hex()]) for _, signed in rest], **options)
                if rest
                else []
            )
            sent: list[str] = []
            for (step, signed), answer in zip(signed_round, answers, strict=True):
                if not (isinstance(answer, str) and answer.lower() == signed.tx_hash.lower()):
                    try:
                        if not is_known(w3, signed.tx_hash, **options):
                            signed = self._send(step.key, signed)
                    except SectokenError as refused:
                        error = error or _with_step(refused, step.key)
                        break
                nonce = max(nonce, signed.nonce + 1)
                sent.append(step.key)
            settled = self._settle(sent, on_done=on_done, resign=True)
            outcomes += settled.outcomes
            error = error or settled.error
            if error is not None:
                raise error

    def _due(self, queue: Iterator[Step], window: int) -> list[Step]:
        """The next round: up to ``window`` steps neither held done by the store nor read done on the chain
        (asked for one at a time, so a lazily produced step sees the chain as the steps before it left it).

        Raises:
            TransactionError: a step is still in flight from an earlier run (reconcile first).
        """
        batch: list[Step] = []
        while len(batch) < window:
            step = next(queue, None)
            if step is None:
                break
            state = self.store.step(step.key)
            if state is not None and state.status == "signed":
                raise TransactionError(f"Step {step.key!r} is already in flight; reconcile first.")
            if self.store.holds_done(step.key) or (step.done is not None and step.done()):
                continue
            batch.append(step)
        return batch

    def _sign(
        self, step: Step, call: TxParams, estimate: Any, gas_limit: int | None, fees: Fees, nonce: int
    ) -> SignedTx:
        """Sign with the batch's gas estimate; where the node refused to estimate, let :func:`sign`
        estimate again and raise the decoded revert."""
        assert self.signer is not None
        options = {"fees": fees, "nonce": nonce, "chain_id": self.chain_id, **self.options}
        if isinstance(estimate, RpcFailure) or estimate is None:
            return sign(self.w3, self.signer, step.call, abis=self.abis, **options)
        gas = _quantity(estimate) * GAS_MARGIN_NUM // GAS_MARGIN_DEN
        if gas_limit is not None:
            gas = max(min(gas, gas_limit), _quantity(estimate))
        unsigned = cast(TxParams, {key: value for key, value in call.items() if key != "from"})
        return sign(self.w3, self.signer, unsigned, gas=gas, validate=False, **options)

    def _send(self, key: str, signed: SignedTx) -> SignedTx:
        """Broadcast recorded bytes; while their nonce goes to another transaction, sign again."""
        return send_or_resign(self.w3, signed, functools.partial(self._resign, key), **self.options)

    def _resign(self, key: str, stale: SignedTx) -> SignedTx:
        """Sign a step's call again with a new nonce after another transaction took the old one.

        The call is validated again (it may now revert); the new signature is recorded and made durable,
        not sent.
        """
        self.store.outcome(
            "abandoned", key, stale.tx_hash, f"nonce {stale.nonce} of {stale.sender} was used by another transaction"
        )
        count = functools.partial(self.w3.eth.get_transaction_count, stale.sender, "pending")
        fresh = int(retrying(count, "eth_getTransactionCount", **self.options))
        return self._sign_again(key, stale, nonce=fresh, fees=estimate_fees(self.w3, **self.options))

    def _bump(self, key: str, stuck: SignedTx) -> SignedTx | None:
        """Replace a transaction stuck in the pool: same nonce and call, a higher fee (recorded first).

        Whichever of the two is mined does the step: both are attempts of it.
        """
        try:
            fees = stuck.fees.bumped(estimate_fees(self.w3, **self.options))
            check_fees(fees, max_fee(self.w3))
        except FeeTooHighError:
            return None  # a replacement would pay more than the maximum: keep waiting for the first
        signed = self._sign_again(key, stuck, nonce=stuck.nonce, fees=fees, gas=stuck.gas)
        try:
            broadcast(self.w3, signed, hold=0, **self.options)
        except TransactionError:
            return None  # refused (e.g. the replacement is still too cheap): keep waiting for the first
        return signed

    def _sign_again(self, key: str, old: SignedTx, *, nonce: int, fees: Fees, gas: int | None = None) -> SignedTx:
        """Sign a step's call again (validated again unless ``gas`` is given), and record it durably."""
        assert self.signer is not None
        unsigned = cast(TxParams, {"to": old.to, "data": old.data})
        signed = sign(
            self.w3, self.signer, unsigned, value=old.value, gas=gas, validate=gas is None, fees=fees, nonce=nonce,
            chain_id=self.chain_id, abis=self.abis, **self.options,
        )
        state = self.store.steps[key]
        self.store.signed(key, state.kind, state.payload, signed)
        self.store.sync()
        return signed

    # --- waiting -------------------------------------------------------------------------------------

    def _settle(
        self,
        keys: list[str],
        *,
        on_done: Callable[[StepOutcome], None] | None = None,
        recheck_now: bool = False,
        resign: bool,
    ) -> _Settled:
        """Wait for the latest transactions of some steps, polling receipts in batches, and record each
        outcome; every :data:`sectoken.tx.lifecycle.RECHECK_AFTER` seconds (and first if ``recheck_now``)
        look up those still unmined (see :meth:`_recheck`)."""
        settled = _Settled()
        deadline = time.monotonic() + self.timeout
        checked = -math.inf if recheck_now else time.monotonic()
        stuck: dict[str, float] = {}
        delay = 0.02
        remaining = list(keys)
        steps = self.store.steps
        while remaining:
            attempts = [(key, attempt) for key in remaining for attempt in steps[key].attempts]
            answers = rpc_batch(
                self.w3,
                [("eth_blockNumber", [])] + [("eth_getTransactionReceipt", [attempt.tx_hash]) for _, attempt in attempts],
                **self.options,
            )
            head = _quantity(answers[0]) if isinstance(answers[0], str) else -1
            mined: dict[str, tuple[SignedTx, dict[str, Any]]] = {}
            for (key, attempt), raw in zip(attempts, answers[1:], strict=True):
                if isinstance(raw, dict) and raw.get("blockNumber"):
                    mined[key] = (attempt, raw)
            waiting: list[str] = []
            for key in remaining:
                if key not in mined or head - _quantity(mined[key][1]["blockNumber"]) + 1 < self.confirmations:
                    waiting.append(key)
                    continue
                attempt, raw = mined[key]
                if _quantity(raw.get("status", "0x0")) == 1:
                    receipt = receipt_from_rpc(raw, head=head, sender=attempt.sender, nonce=attempt.nonce)
                    outcome = self.store.done(key, receipt)
                    settled.outcomes.append(outcome)
                    if on_done is not None:
                        on_done(outcome)
                    continue
                try:  # mined and reverted: wait() replays it to raise the decoded reason
                    wait(self.w3, attempt, confirmations=self.confirmations, timeout=self.timeout, abis=self.abis,
                         **self.options)
                except RevertError as reverted:
                    if reverted.tx_hash is None:
                        raise
                    self.store.outcome("failed", key, attempt.tx_hash, reverted.message)
                    settled.failed.append(key)
                    settled.error = settled.error or _with_step(reverted, key)
            remaining = waiting
            if not remaining:
                break
            if time.monotonic() - checked >= lifecycle.RECHECK_AFTER:
                remaining, renewed = self._recheck(remaining, stuck, settled, resign=resign)
                checked = time.monotonic()
                if renewed:
                    deadline = max(deadline, checked + self.timeout)
                if not remaining:
                    break
            if time.monotonic() >= deadline:
                key = remaining[0]  # it stays recorded as signed
                late = mined[key][0] if key in mined else steps[key].attempts[-1]
                raise lifecycle.timed_out(
                    self.w3, late, waited=self.timeout, confirmations=self.confirmations,
                    mined_in=_quantity(mined[key][1]["blockNumber"]) if key in mined else None, **self.options,
                )
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
        return settled

    def _recheck(
        self, keys: list[str], stuck: dict[str, float], settled: _Settled, *, resign: bool
    ) -> tuple[list[str], bool]:
        """Look up the latest transactions of steps still unmined (in one batch) and act on each.

        - in the node's pool: keep waiting; if it has been the sender's next nonce for :data:`STUCK_AFTER`
          seconds, replace it with the same call at a higher fee (at most :data:`MAX_BUMPS` times);
        - unknown to the node: settled by :func:`~sectoken.tx.settle_many` (the engine's one rule for an
          ambiguous state): its nonce free, the same bytes are sent again (the node dropped them), or, if the
          node refuses them now (their fee below the base fee), the same call at the same nonce and a higher
          fee; its nonce used by another transaction, the call is signed again with a new nonce when sending
          (``resign``), else the step is marked abandoned for the caller to plan again.

        Returns:
            The keys still to wait for, and whether a new transaction was sent.
        """
        steps = self.store.steps
        latest = {key: steps[key].attempts[-1] for key in keys}
        sender = next(iter(latest.values())).sender
        answers = rpc_batch(
            self.w3,
            [("eth_getTransactionCount", [sender, "latest"])]
            + [("eth_getTransactionByHash", [latest[key].tx_hash]) for key in keys],
            **self.options,
        )
        if not isinstance(answers[0], str):
            return keys, False
        mined_nonce = _quantity(answers[0])
        now = time.monotonic()
        keep: list[str] = []
        unknown: list[str] = []
        renewed = False
        for key, known in zip(keys, answers[1:], strict=True):
            current = latest[key]
            if not isinstance(known, dict):
                unknown.append(key)
                continue
            keep.append(key)
            if mined_nonce != current.nonce:
                stuck.pop(key, 0.0)
                continue
            since = stuck.setdefault(key, now)  # the sender's next nonce, yet not mined
            bumps = len([a for a in steps[key].attempts if a.nonce == current.nonce]) - 1
            if now - since >= STUCK_AFTER and bumps < MAX_BUMPS and self.signer is not None:
                if self._bump(key, current) is not None:
                    settled.bumped.append(key)
                    renewed = True
                stuck[key] = now
        if not unknown:
            return keep, renewed
        # Unknown to the node: mined a moment ago (Anvil moves the nonce first, then files the block, its
        # transactions and receipts), dropped, or replaced. Only a state that lasts is the last: never sign
        # again on a glimpse.
        found = settle_many(
            self.w3, [(latest[key].tx_hash, latest[key].sender, latest[key].nonce) for key in unknown], **self.options
        )
        for key, outcome in zip(unknown, found, strict=True):
            current = latest[key]
            if outcome == "free":
                try:
                    outcome = "nonce-used" if broadcast(self.w3, current, hold=0, **self.options) == "nonce-used" else "known"
                except TransactionError:
                    if len(steps[key].attempts) > 1:
                        keep.append(key)  # a refused replacement: its predecessor may still be mined
                        continue
                    # The node no longer takes the bytes back (e.g. their fee is below the base fee now): the
                    # same call signed again at the same nonce and a higher fee, so only one can ever be mined.
                    if self.signer is None or self._bump(key, current) is None:
                        raise
                    settled.bumped.append(key)
                    keep.append(key)
                    renewed = True
                    continue
                if outcome == "known":
                    settled.rebroadcast.append(current.tx_hash)  # dropped by the node: the same bytes again
                    renewed = True
            if outcome == "known" or any(
                lifecycle.receipt_of(self.w3, attempt.tx_hash, **self.options) for attempt in steps[key].attempts
            ):
                keep.append(key)  # pending or mined (one of its own transactions took the nonce): polled again
            elif resign and self.signer is not None:
                self._send(key, self._resign(key, current))
                keep.append(key)
                renewed = True
            else:
                self.store.outcome(
                    "abandoned", key, current.tx_hash,
                    f"nonce {current.nonce} of {current.sender} was used by another transaction",
                )
                settled.abandoned.append(key)
        return keep, renewed


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


def _call_params(sender: ChecksumAddress, call: ContractFunction | ContractConstructor) -> TxParams:
    """The JSON-ready fields of a call of ``call`` (a function, or a constructor: a deployment) by ``sender``."""
    if isinstance(call, ContractConstructor):
        return cast(TxParams, {"from": sender, "data": call.data_in_transaction})
    return cast(TxParams, {"from": sender, "to": call.address, "data": call_data(call)})


def call_data(function: ContractFunction) -> str:
    """A bound function's call data, encoded with eth-abi directly (web3's encoder takes about 45 ms for a
    batch of 50 registrations); web3's encoder where eth-abi refuses the arguments as given (it normalises
    more, e.g. hex strings for bytes)."""
    try:
        types = [collapse_if_tuple(dict(item)) for item in function.abi["inputs"]]
        return "0x" + (function_abi_to_4byte_selector(function.abi) + abi_encode(types, list(function.args))).hex()
    except Exception:  # noqa: BLE001 - any refusal: the slower, more lenient encoder
        return str(function._encode_transaction_data())
