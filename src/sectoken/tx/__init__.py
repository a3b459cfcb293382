"""Sending transactions: validate, price, sign locally, send raw, wait, decode.

:func:`send` is the one way sectoken changes chain state. It

1. validates first (``eth_estimateGas``, or ``eth_call`` when the gas is given): a revert is decoded and
   raised as a typed exception before anything is sent;
2. prices the transaction: EIP-1559 fees from the latest base fee and ``eth_maxPriorityFeePerGas``
   (falling back to ``eth_feeHistory``, then 1 gwei), or a legacy ``gasPrice`` when blocks have no
   base fee, and refuses (:class:`~sectoken.errors.FeeTooHighError`, before signing) fees above the
   connection's maximum fee per gas (:func:`set_max_fee`; :data:`DEFAULT_MAX_FEE_PER_GAS` by default);
3. signs it locally with the :class:`~sectoken.signers.Signer` and sends it with
   ``eth_sendRawTransaction`` only (never ``eth_sendTransaction``);
4. waits for the receipt and ``confirmations`` blocks, and raises a mined revert as a typed exception.

RPC timeouts and connection errors are retried once, by the provider (web3's retry, configured by
:data:`sectoken.chain.RETRY` on the connections sectoken makes); the ``retries`` options add a retry of
their own only when asked (for a provider that has none). Resending is safe because the same signed
bytes are resent (same hash).

An ambiguous answer never leads to a second signature of the same call. A ``nonce too low``, ``already
known`` or ``underpriced`` answer to a raw send may come from a node that took the bytes (a provider
behind a load balancer, a node that lags): :func:`settle` looks the transaction up (receipt and hash)
until it shows, or until its nonce has been seen used by another transaction for :data:`SETTLE_AFTER`
seconds of repeated lookups; only then is the call signed again (at a new nonce: the first transaction
can never be mined). While another pending transaction holds the nonce, only the same bytes are resent,
for at most :data:`SETTLE_TIMEOUT` seconds; then :class:`~sectoken.errors.TransactionUnsettledError`
names the transaction and says how to resume. The runner (below) broadcasts through the same
:func:`broadcast`.

While :func:`send` (or :func:`wait`) waits, a transaction still unmined is looked up every
:data:`RECHECK_AFTER` seconds: one the node dropped from its pool is sent again from the same signed
bytes, and one whose nonce went to another transaction of the sender (replaced or cancelled, settled as
above) is reported as such instead of being waited for until the timeout. A timeout says why the
transaction is not mined, e.g. that it waits behind a nonce of the sender the node has no transaction
for (an earlier transaction was dropped).

:func:`sign`, :func:`broadcast` and :func:`wait` are the same steps taken one at a time, for callers that
record the signed bytes before sending them (a resumable batch journal): :func:`broadcast` only ever
resends those bytes, and reports a nonce taken by another transaction instead of signing again.

:class:`Runner` is the one runner built on them, for work that must survive a crash: a list of
:class:`Step` (a call or a deployment, with a "done already?" read), sent in rounds through a
:class:`StepStore` that keeps the signed bytes before they are broadcast and each outcome after its receipt.
Two stores ship: the import journal (:class:`sectoken.journal.Journal`) and the deployment record
(:func:`sectoken.deploy.deploy_suite`).

The package's modules: :mod:`~sectoken.tx.fees` (fees and their cap), :mod:`~sectoken.tx.signing`
(:class:`SignedTx`, :func:`sign`), :mod:`~sectoken.tx.lifecycle` (broadcast, settle, wait, send, and the
timings :data:`RECHECK_AFTER`, :data:`SETTLE_AFTER`, :data:`SETTLE_TIMEOUT`), :mod:`~sectoken.tx.reverts`
(decoding a refusal), :mod:`~sectoken.tx.retries` (retries and JSON-RPC batches), :mod:`~sectoken.tx.calls`
(deploy, bind, call) and :mod:`~sectoken.tx.runner`. Every public name is importable from
:mod:`sectoken.tx`; the timings are read where they live (patch ``sectoken.tx.lifecycle.RECHECK_AFTER``).

Example:
    >>> address, receipt = deploy(w3, signer, artifacts.load("SmokeToken"), 1000)
    >>> token = contract_at(w3, "SmokeToken", address)
    >>> send(w3, signer, token.functions.transfer(bob, 10)).status
    1
"""

from sectoken.tx.calls import call, constructor, contract_at, deploy
from sectoken.tx.fees import (
    DEFAULT_MAX_FEE_PER_GAS,
    DEFAULT_PRIORITY_FEE,
    GWEI,
    Fees,
    check_fees,
    estimate_fees,
    max_fee,
    set_max_fee,
)
from sectoken.tx.lifecycle import (
    RECHECK_AFTER,
    SETTLE_AFTER,
    SETTLE_TIMEOUT,
    BroadcastResult,
    Receipt,
    Settlement,
    broadcast,
    is_known,
    mines_on_demand,
    receipt_from_rpc,
    receipt_of,
    send,
    settle,
    settle_many,
    wait,
)
from sectoken.tx.retries import RpcFailure, retrying, rpc_batch
from sectoken.tx.runner import Reconciliation, Runner, Step, StepOutcome, StepState, StepStatus, StepStore
from sectoken.tx.signing import GAS_MARGIN_DEN, GAS_MARGIN_NUM, Sendable, SignedTx, sign

__all__ = [
    "DEFAULT_MAX_FEE_PER_GAS",
    "DEFAULT_PRIORITY_FEE",
    "GAS_MARGIN_DEN",
    "GAS_MARGIN_NUM",
    "GWEI",
    "RECHECK_AFTER",
    "SETTLE_AFTER",
    "SETTLE_TIMEOUT",
    "BroadcastResult",
    "Fees",
    "Receipt",
    "Reconciliation",
    "RpcFailure",
    "Runner",
    "Sendable",
    "Settlement",
    "SignedTx",
    "Step",
    "StepOutcome",
    "StepState",
    "StepStatus",
    "StepStore",
    "broadcast",
    "call",
    "check_fees",
    "constructor",
    "contract_at",
    "deploy",
    "estimate_fees",
    "is_known",
    "max_fee",
    "mines_on_demand",
    "receipt_from_rpc",
    "receipt_of",
    "retrying",
    "rpc_batch",
    "send",
    "set_max_fee",
    "settle",
    "settle_many",
    "sign",
    "wait",
]
