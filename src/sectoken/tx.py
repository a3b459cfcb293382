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
names the transaction and says how to resume. The import journal and the deployment runner broadcast
through the same :func:`broadcast`.

While :func:`send` (or :func:`wait`) waits, a transaction still unmined is looked up every
:data:`RECHECK_AFTER` seconds: one the node dropped from its pool is sent again from the same signed
bytes, and one whose nonce went to another transaction of the sender (replaced or cancelled, settled as
above) is reported as such instead of being waited for until the timeout. A timeout says why the
transaction is not mined, e.g. that it waits behind a nonce of the sender the node has no transaction
for (an earlier transaction was dropped).

:func:`sign`, :func:`broadcast` and :func:`wait` are the same steps taken one at a time, for callers that
record the signed bytes before sending them (a resumable batch journal): :func:`broadcast` only ever
resends those bytes, and reports a nonce taken by another transaction instead of signing again.

Example:
    >>> address, receipt = deploy(w3, signer, artifacts.load("SmokeToken"), 1000)
    >>> token = contract_at(w3, "SmokeToken", address)
    >>> send(w3, signer, token.functions.transfer(bob, 10)).status
    1
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, cast

from eth_typing import ABI, BlockIdentifier, ChecksumAddress, HexStr
from hexbytes import HexBytes
from web3 import Web3
from web3.contract import Contract
from web3.contract.contract import ContractConstructor, ContractFunction
from web3.exceptions import (
    MismatchedABI,
    RequestTimedOut,
    TimeExhausted,
    TransactionNotFound,
    Web3RPCError,
    Web3TypeError,
    Web3ValidationError,
    Web3ValueError,
)
from web3.types import RPCEndpoint, TxParams, TxReceipt, Wei

from sectoken.artifacts import Artifact
from sectoken.artifacts import load as load_artifact
from sectoken.errors import (
    ChainError,
    FeeTooHighError,
    RevertError,
    TransactionError,
    TransactionTimeoutError,
    TransactionUnsettledError,
    ValidationError,
)
from sectoken.inputs import parse_address
from sectoken.reasons import ErrorTable, default_error_table, revert_error
from sectoken.redact import redact
from sectoken.signers import Signer

__all__ = [
    "DEFAULT_MAX_FEE_PER_GAS",
    "DEFAULT_PRIORITY_FEE",
    "RECHECK_AFTER",
    "SETTLE_AFTER",
    "SETTLE_TIMEOUT",
    "BroadcastResult",
    "Fees",
    "Receipt",
    "Sendable",
    "Settlement",
    "SignedTx",
    "broadcast",
    "call",
    "check_fees",
    "contract_at",
    "deploy",
    "estimate_fees",
    "is_known",
    "max_fee",
    "mines_on_demand",
    "receipt_of",
    "retrying",
    "send",
    "set_max_fee",
    "settle",
    "sign",
    "wait",
]

#: Priority fee used when the node suggests none (1 gwei).
DEFAULT_PRIORITY_FEE = 10**9
#: The maximum fee per gas a transaction may offer unless the connection sets another (see
#: :func:`set_max_fee`): 500 gwei, above what Ethereum mainnet has asked outside rare minutes of congestion.
DEFAULT_MAX_FEE_PER_GAS = 500 * 10**9
GWEI = 10**9
#: Headroom added to the gas estimate (20 %).
GAS_MARGIN_NUM, GAS_MARGIN_DEN = 12, 10
#: Seconds after which a transaction still unmined is looked up (a dropped one is sent again).
RECHECK_AFTER = 3.0
#: Seconds a transaction must stay unknown to the node, without a receipt, while its nonce is used, before
#: the engine takes it for replaced by another transaction (a node may show the nonce used a moment before
#: it files the block that used it; a provider may answer from a node that lags).
SETTLE_AFTER = 2.0
#: Seconds an ambiguous answer may take to settle (another pending transaction holding the nonce) before
#: the engine stops and says how to resume.
SETTLE_TIMEOUT = 30.0
#: Signatures of one call at most, when other transactions of the sender keep taking its nonce.
_SIGN_ATTEMPTS = 4

Sendable = ContractFunction | ContractConstructor | TxParams
T = TypeVar("T")

_NONCE_WORDS = ("nonce too low", "already known", "known transaction", "already imported", "underpriced")


@dataclass(frozen=True)
class Fees:
    """How a transaction pays for gas: EIP-1559 fees, or a legacy ``gas_price``.

    Attributes:
        max_fee_per_gas: EIP-1559 ``maxFeePerGas`` (``None`` for a legacy transaction).
        max_priority_fee_per_gas: EIP-1559 ``maxPriorityFeePerGas``.
        gas_price: Legacy ``gasPrice`` (``None`` for an EIP-1559 transaction).
    """

    max_fee_per_gas: int | None = None
    max_priority_fee_per_gas: int | None = None
    gas_price: int | None = None

    @property
    def legacy(self) -> bool:
        """Whether these are legacy (type 0) fees."""
        return self.gas_price is not None

    def bumped(self, at_least: Fees | None = None) -> Fees:
        """Fees for a replacement of a transaction paying these: 12.5 % more (nodes ask for 10 % more),
        and no less than ``at_least`` (e.g. the fees the chain asks for now)."""
        def up(value: int | None, floor: int | None) -> int | None:
            if value is None:
                return None
            return max(-(-value * 9 // 8) + 1, floor or 0)

        floor = at_least or Fees()
        priority = up(self.max_priority_fee_per_gas, floor.max_priority_fee_per_gas)
        maximum = up(self.max_fee_per_gas, floor.max_fee_per_gas)
        return Fees(
            max_fee_per_gas=None if maximum is None else max(maximum, priority or 0),
            max_priority_fee_per_gas=priority,
            gas_price=up(self.gas_price, floor.gas_price),
        )

    def as_params(self) -> dict[str, int]:
        """Return the fee fields of a transaction dictionary."""
        if self.gas_price is not None:
            return {"gasPrice": self.gas_price}
        assert self.max_fee_per_gas is not None and self.max_priority_fee_per_gas is not None
        return {"maxFeePerGas": self.max_fee_per_gas, "maxPriorityFeePerGas": self.max_priority_fee_per_gas}


@dataclass(frozen=True)
class Receipt:
    """The outcome of a mined, successful transaction.

    Attributes:
        tx_hash: The transaction hash (``0x``-hex).
        status: 1 (a reverted transaction raises instead of returning a receipt).
        block_number: The block it was mined in.
        block_hash: That block's hash.
        sender: The signer's address.
        to: The called contract (``None`` for a deployment).
        contract_address: The deployed contract (``None`` unless a deployment).
        nonce: The nonce it was sent with.
        gas_used: Gas used.
        effective_gas_price: Price paid per gas, in wei.
        confirmations: Blocks on top of and including its block when :func:`send` returned.
        raw: The node's receipt, for decoding events (``contract.events.X().process_receipt(raw)``).
    """

    tx_hash: HexStr
    status: int
    block_number: int
    block_hash: HexStr
    sender: ChecksumAddress
    to: ChecksumAddress | None
    contract_address: ChecksumAddress | None
    nonce: int
    gas_used: int
    effective_gas_price: int
    confirmations: int
    raw: TxReceipt

    @property
    def fee(self) -> int:
        """What the transaction cost in wei (``gas_used * effective_gas_price``)."""
        return self.gas_used * self.effective_gas_price


# --- retries -------------------------------------------------------------------------------------


def _transient(error: BaseException) -> bool:
    """Whether an RPC failure is worth retrying: a timeout, a refused or dropped connection, 429/5xx."""
    if isinstance(error, TimeExhausted):
        return False
    if isinstance(error, Web3RPCError):
        return isinstance(error, RequestTimedOut)
    if isinstance(error, OSError):  # requests' ConnectionError and Timeout are OSErrors too
        response = getattr(error, "response", None)
        status = getattr(response, "status_code", None)
        return status is None or status == 429 or status >= 500
    return False


def _retrying(action: Callable[[], T], what: str, retries: int, backoff: float) -> T:
    """Run ``action``; on a transient RPC failure wait ``backoff * 2**n`` seconds and retry, ``retries`` times
    (0 by default: the provider retries; see :data:`sectoken.chain.RETRY`), then raise a :class:`ChainError`."""
    attempt = 0
    while True:
        try:
            return action()
        except Exception as error:
            if not _transient(error):
                raise
            if attempt >= retries:
                tries = f" after {attempt + 1} attempts" if attempt else ""
                raise ChainError(
                    f"The node did not answer {what}{tries} ({type(error).__name__}: {redact(str(error))}). "
                    "Check that the RPC URL is reachable."
                ) from None
            time.sleep(min(backoff * 2**attempt, 30.0))
            attempt += 1


def _rpc_message(error: BaseException) -> str:
    if isinstance(error, Web3RPCError) and error.rpc_response is not None:
        payload = error.rpc_response.get("error")
        if isinstance(payload, dict):
            return str(payload.get("message", error))
    for arg in error.args:
        if isinstance(arg, dict) and "message" in arg:
            return str(arg["message"])
    return str(error)


# --- building ------------------------------------------------------------------------------------


def _error_table(call_: Sendable, abis: ErrorTable | Iterable[ABI] | ABI | None) -> ErrorTable:
    """Errors searched in order: the given ABIs, the called contract's, the shipped artifacts'."""
    table = ErrorTable([])
    if isinstance(call_, ContractFunction) and call_.contract_abi:
        table = ErrorTable([call_.contract_abi])
    elif isinstance(call_, ContractConstructor) and call_.abi:
        table = ErrorTable([call_.abi])
    if abis is not None:
        table = (abis if isinstance(abis, ErrorTable) else ErrorTable(abis)).merged(table)
    return table.merged(default_error_table())


def _raise_decoded(error: Exception, table: ErrorTable, tx_hash: str | None = None) -> None:
    decoded = revert_error(error, table, tx_hash=tx_hash)
    if decoded is not None:
        raise decoded from None


def _estimate(w3: Web3, call_: Sendable, params: TxParams) -> int:
    if isinstance(call_, (ContractFunction, ContractConstructor)):
        return call_.estimate_gas(params)
    return w3.eth.estimate_gas({**call_, **params})


def _call_params(tx: TxParams) -> TxParams:
    """The fields of ``tx`` that ``eth_call`` needs to replay it."""
    return cast(TxParams, {key: value for key, value in tx.items() if key in ("from", "to", "data", "value", "gas")})


def _dry_run(w3: Web3, call_: Sendable, params: TxParams, block: BlockIdentifier = "latest") -> None:
    w3.eth.call(_call_params(_build(w3, call_, params)), block)


def _build(w3: Web3, call_: Sendable, params: TxParams) -> TxParams:
    """The transaction dictionary: ``params`` plus ``to``/``data``, and nothing the client adds itself
    (web3's ``build_transaction`` would fill fees from a gas-price strategy)."""
    del w3
    tx: dict[str, Any] = dict(params)
    if isinstance(call_, ContractFunction):
        tx["to"] = call_.address
        tx["data"] = call_._encode_transaction_data()
    elif isinstance(call_, ContractConstructor):
        tx["data"] = call_.data_in_transaction
    else:
        tx = {**call_, **params}
        tx.setdefault("data", "0x")
        if tx.get("to"):
            tx["to"] = Web3.to_checksum_address(tx["to"])
    return cast(TxParams, tx)


def set_max_fee(w3: Web3, wei: int | None) -> Web3:
    """Set the maximum fee per gas that transactions sent through this connection may offer.

    The cap belongs to the connection (a network's ``max_fee``, ``--max-fee``, ``SECTOKEN_MAX_FEE``):
    every transaction the engine signs through it is checked before signing, whatever sends it (a command,
    the import journal, a deployment).

    Args:
        w3: The connection.
        wei: The cap in wei per gas; ``None``: :data:`DEFAULT_MAX_FEE_PER_GAS`.

    Returns:
        ``w3``.

    Raises:
        ValidationError: ``wei`` is not positive.
    """
    if wei is not None and wei <= 0:
        raise ValidationError(f"The maximum fee per gas must be positive, got {wei} wei.")
    w3.sectoken_max_fee = wei  # type: ignore[attr-defined]
    return w3


def max_fee(w3: Web3) -> int:
    """The maximum fee per gas transactions through ``w3`` may offer (see :func:`set_max_fee`)."""
    cap = getattr(w3, "sectoken_max_fee", None)
    return DEFAULT_MAX_FEE_PER_GAS if cap is None else int(cap)


def _gwei(wei: int) -> str:
    return f"{wei / GWEI:,.9f}".rstrip("0").rstrip(".") + " gwei"


def _too_high(asked: str, cap: int) -> FeeTooHighError:
    return FeeTooHighError(
        f"The fee per gas would be {asked}, above the maximum of {_gwei(cap)}; nothing was signed. If the "
        "network really costs this, raise the maximum (--max-fee GWEI, SECTOKEN_MAX_FEE, or max_fee in "
        "networks.yaml); else check what the RPC provider answers for fees."
    )


def check_fees(fees: Fees, cap: int) -> None:
    """Refuse fees that may pay more than ``cap`` wei per gas.

    Raises:
        FeeTooHighError: ``maxFeePerGas`` (or the legacy ``gasPrice``) is above ``cap``.
    """
    offered = fees.gas_price if fees.gas_price is not None else fees.max_fee_per_gas
    if offered is not None and offered > cap:
        raise _too_high(_gwei(offered), cap)


def estimate_fees(
    w3: Web3, *, retries: int = 0, backoff: float = 0.5, cap: int | None = None
) -> Fees:
    """Price a transaction for the connected chain, within the maximum fee per gas.

    EIP-1559 when the latest block has a base fee: ``maxPriorityFeePerGas`` from the node
    (``eth_maxPriorityFeePerGas``, else the median reward of ``eth_feeHistory``, else 1 gwei) and
    ``maxFeePerGas = 2 * baseFee + priority``, which survives six full blocks of base-fee rises, lowered to
    the cap when it is above it. Legacy ``gasPrice`` from ``eth_gasPrice`` otherwise.

    Args:
        w3: The connection.
        retries: Retries of transient RPC failures on top of the provider's own (none by default).
        backoff: First retry delay in seconds (doubled each time).
        cap: The maximum fee per gas in wei (default: :func:`max_fee` of ``w3``).

    Returns:
        The :class:`Fees`.

    Raises:
        FeeTooHighError: the node asks more than the cap (base fee plus priority fee, or gas price).
    """
    limit = max_fee(w3) if cap is None else cap
    block = _retrying(lambda: w3.eth.get_block("latest"), "eth_getBlockByNumber", retries, backoff)
    base_fee = block.get("baseFeePerGas")
    if base_fee is None:
        price = int(_retrying(lambda: w3.eth.gas_price, "eth_gasPrice", retries, backoff))
        if price > limit:
            raise _too_high(f"{_gwei(price)} (the node's gas price)", limit)
        return Fees(gas_price=price)
    priority: int | None = None
    try:
        priority = int(w3.eth.max_priority_fee)
    except (Web3RPCError, Web3ValueError, ValueError):
        try:
            history = w3.eth.fee_history(5, "latest", [50])
            rewards = sorted(int(row[0]) for row in history.get("reward", []) if row)
            priority = rewards[len(rewards) // 2] if rewards else None
        except (Web3RPCError, Web3ValueError, ValueError):
            priority = None
    if priority is None:
        priority = DEFAULT_PRIORITY_FEE
    if int(base_fee) + priority > limit:
        raise _too_high(
            f"at least {_gwei(int(base_fee) + priority)} (base fee {_gwei(int(base_fee))} plus the priority fee "
            f"{_gwei(priority)} the node suggests)",
            limit,
        )
    return Fees(max_fee_per_gas=min(2 * int(base_fee) + priority, limit), max_priority_fee_per_gas=priority)


# --- sending -------------------------------------------------------------------------------------


def send(
    w3: Web3,
    signer: Signer,
    call_or_deploy: Sendable,
    *,
    value: int = 0,
    gas: int | None = None,
    fees: Fees | None = None,
    nonce: int | None = None,
    confirmations: int = 1,
    timeout: float = 120.0,
    retries: int = 0,
    backoff: float = 0.5,
    validate: bool = True,
    abis: ErrorTable | Iterable[ABI] | ABI | None = None,
) -> Receipt:
    """Validate, sign locally, send raw, and wait for a transaction.

    Args:
        w3: The connection.
        signer: Signs the transaction (its address is the sender).
        call_or_deploy: A bound contract function (``contract.functions.f(args)``), a constructor
            (``contract.constructor(args)``) or a transaction dictionary (``to``, ``data``, ``value``).
        value: Wei to send along.
        gas: Gas limit; by default the estimate plus 20 %.
        fees: Fees to pay; by default :func:`estimate_fees`.
        nonce: Nonce to use; by default the sender's pending nonce. A stale nonce is corrected.
        confirmations: Blocks to wait for, counting the transaction's own (1 = mined). On a chain that mines
            only on demand (:func:`mines_on_demand`), blocks beyond the first come only with other
            transactions: ask for 1 there (the command line does).
        timeout: Seconds to wait for the receipt and the confirmations.
        retries: Retries of each RPC request that times out or cannot connect, on top of the provider's own
            (none by default).
        backoff: First retry delay in seconds (doubled each retry).
        validate: Simulate first and raise a revert before sending. Disabling it (only to send a
            transaction known to revert, e.g. in a test) requires an explicit ``gas``.
        abis: ABIs (or an :class:`ErrorTable`) for decoding custom errors, besides the called contract's
            and the shipped artifacts'.

    Returns:
        The :class:`Receipt` of the mined, successful transaction.

    Raises:
        TransferRestrictedError: the transaction was refused with an ERC-1404 code (before sending,
            or mined and reverted: then ``tx_hash`` is set).
        RevertError: it reverted for another reason.
        TransactionTimeoutError: it was sent but not mined or confirmed within ``timeout`` (a transaction
            the node dropped meanwhile was sent again from the same signed bytes).
        TransactionError: the node refused it (insufficient funds, a conflicting pending transaction...),
            or its nonce went to another transaction of the sender while it waited (it did nothing).
        ChainError: the node could not be reached after the retries.
    """
    if confirmations < 1:
        raise ValidationError(f"confirmations must be 1 or more, got {confirmations}.")
    table = _error_table(call_or_deploy, abis)
    tx = _prepare(
        w3, signer, call_or_deploy, value=value, gas=gas, fees=fees, nonce=nonce, chain_id=None,
        retries=retries, backoff=backoff, validate=validate, table=table,
    )
    sent = _broadcast(w3, signer, tx, retries=retries, backoff=backoff)
    tx_hash, used_nonce = sent.tx_hash, sent.nonce
    raw = _wait(w3, sent, confirmations=confirmations, timeout=timeout, retries=retries, backoff=backoff)
    if raw["status"] != 1:
        raise _mined_revert(w3, call_or_deploy, tx, raw, table)
    return _receipt(w3, raw, tx_hash, signer.address, used_nonce, retries=retries, backoff=backoff)


def _prepare(
    w3: Web3,
    signer: Signer,
    call_or_deploy: Sendable,
    *,
    value: int,
    gas: int | None,
    fees: Fees | None,
    nonce: int | None,
    chain_id: int | None,
    retries: int,
    backoff: float,
    validate: bool,
    table: ErrorTable,
) -> TxParams:
    """Validate (or estimate), price and number a transaction; return the dictionary to sign."""
    if not validate and gas is None:
        raise ValidationError("validate=False needs an explicit gas limit (estimating would validate anyway).")
    sender = signer.address
    if chain_id is None:
        chain_id = _retrying(lambda: w3.eth.chain_id, "eth_chainId", retries, backoff)
    base: TxParams = {"from": sender, "value": Wei(value)}
    try:
        if gas is None:
            estimate = _retrying(lambda: _estimate(w3, call_or_deploy, base), "eth_estimateGas", retries, backoff)
            gas = estimate * GAS_MARGIN_NUM // GAS_MARGIN_DEN
            limit = _retrying(lambda: w3.eth.get_block("latest"), "eth_getBlockByNumber", retries, backoff)
            gas = min(gas, int(limit["gasLimit"]))
            gas = max(gas, estimate)
        elif validate:
            _retrying(lambda: _dry_run(w3, call_or_deploy, {**base, "gas": gas}), "eth_call", retries, backoff)
    except ChainError:
        raise
    except (Web3ValidationError, MismatchedABI, Web3TypeError, TypeError) as error:
        raise ValidationError(f"The call does not match the contract's ABI: {error}") from None
    except Exception as error:  # noqa: BLE001 - a revert is decoded, anything else is reported as refused
        _raise_decoded(error, table)
        raise TransactionError(
            f"The node refused to estimate the transaction: {redact(_rpc_message(error))}"
        ) from None
    fees = fees or estimate_fees(w3, retries=retries, backoff=backoff)
    check_fees(fees, max_fee(w3))  # before signing, whoever chose the fees
    if nonce is None:
        nonce = _retrying(lambda: w3.eth.get_transaction_count(sender, "pending"), "eth_getTransactionCount",
                          retries, backoff)
    params: TxParams = {**base, "gas": gas, "chainId": chain_id, "nonce": nonce, **fees.as_params()}  # type: ignore[typeddict-item]
    return _build(w3, call_or_deploy, params)


def _receipt(
    w3: Web3,
    raw: TxReceipt,
    tx_hash: str,
    sender: ChecksumAddress,
    nonce: int,
    *,
    retries: int,
    backoff: float,
) -> Receipt:
    head = _retrying(lambda: w3.eth.block_number, "eth_blockNumber", retries, backoff)
    return Receipt(
        tx_hash=HexStr(tx_hash),
        status=int(raw["status"]),
        block_number=int(raw["blockNumber"]),
        block_hash=HexStr(HexBytes(raw["blockHash"]).to_0x_hex()),
        sender=sender,
        to=raw.get("to"),
        contract_address=raw.get("contractAddress"),
        nonce=nonce,
        gas_used=int(raw["gasUsed"]),
        effective_gas_price=int(raw.get("effectiveGasPrice", 0)),
        confirmations=head - int(raw["blockNumber"]) + 1,
        raw=raw,
    )


def _sign(signer: Signer, tx: TxParams) -> tuple[HexBytes, str]:
    unsigned = {key: value for key, value in tx.items() if key != "from"}
    signed = signer.sign_transaction(unsigned)  # type: ignore[arg-type]
    return HexBytes(signed.raw_transaction), HexBytes(signed.hash).to_0x_hex()


def _known(w3: Web3, tx_hash: str, retries: int, backoff: float) -> bool:
    def lookup() -> bool:
        try:
            w3.eth.get_transaction(HexStr(tx_hash))
        except TransactionNotFound:
            return False
        return True

    return _retrying(lookup, "eth_getTransactionByHash", retries, backoff)


@dataclass(frozen=True)
class _Sent:
    """A transaction handed to the node: what waiting for it needs to send it again or explain it."""

    raw: HexBytes
    tx_hash: str
    sender: ChecksumAddress
    nonce: int


def _broadcast(w3: Web3, signer: Signer, tx: TxParams, *, retries: int, backoff: float) -> _Sent:
    """Sign and broadcast with :func:`broadcast`: an ambiguous answer is settled, never signed over.

    Only a nonce that another transaction was *seen* to use (settled: see :func:`settle`) leads to a new
    signature, at the sender's next nonce: the first one can then never be mined.
    """
    for _ in range(_SIGN_ATTEMPTS):
        raw, tx_hash = _sign(signer, tx)
        signed = _Sent(raw, tx_hash, signer.address, int(tx["nonce"]))
        result = _send_raw(w3, signed, gas=int(tx["gas"]), value=int(tx.get("value", 0)), retries=retries,
                           backoff=backoff, hold=SETTLE_TIMEOUT)
        if result != "nonce-used":
            return signed
        pending = _retrying(
            lambda: w3.eth.get_transaction_count(signer.address, "pending"), "eth_getTransactionCount", retries,
            backoff,
        )
        tx = cast(TxParams, {**tx, "nonce": pending})
    raise TransactionError(
        f"The nonces of {signer.address} keep being used by other transactions: stop whatever else sends from "
        "that account, then send again."
    )


def _wait(
    w3: Web3, sent: _Sent, *, confirmations: int, timeout: float, retries: int, backoff: float
) -> TxReceipt:
    """Wait for the receipt and ``confirmations`` blocks; re-read the receipt so a reorg is noticed.

    Every :data:`RECHECK_AFTER` seconds without a receipt the transaction is looked up (see
    :func:`_recheck`): sent again if the node dropped it, reported if its nonce went to another one.
    """
    tx_hash = sent.tx_hash
    deadline = time.monotonic() + timeout
    checked = time.monotonic()
    # The first look comes right after the send; a node that mines on demand (Anvil) answers the send a
    # moment before it files the receipt, so the next looks come soon, then less and less often.
    delay = 0.01
    receipt: TxReceipt | None = None
    while True:
        # A node that stops answering is retried with backoff, then reported (not waited for until the timeout).
        try:
            receipt = _retrying(
                functools.partial(_receipt_lookup, w3, tx_hash), "eth_getTransactionReceipt", retries, backoff
            )
        except ChainError as error:
            raise ChainError(
                f"{error} Transaction {tx_hash} was sent and its outcome is unknown: look it up by its hash once "
                "the node answers again, before sending it again."
            ) from None
        if receipt is not None and receipt.get("blockNumber") is not None:
            head = _retrying(lambda: w3.eth.block_number, "eth_blockNumber", retries, backoff)
            if head - int(receipt["blockNumber"]) + 1 >= confirmations:
                return receipt
        elif time.monotonic() - checked >= RECHECK_AFTER:
            _recheck(w3, sent, retries, backoff)
            checked = time.monotonic()
        if time.monotonic() >= deadline:
            state = (
                f"mined in block {receipt['blockNumber']} but not yet {confirmations} confirmations deep"
                if receipt is not None and receipt.get("blockNumber") is not None
                else _unmined(w3, sent, retries, backoff)
            )
            raise TransactionTimeoutError(
                f"Transaction {tx_hash} was sent once and is {state} after {timeout:g} s. It was not resent as "
                "a new transaction; look it up by its hash before sending again.",
                tx_hash=tx_hash,
            )
        time.sleep(delay)
        delay = min(delay * 2, 1.0)


def mines_on_demand(w3: Web3) -> bool:
    """Whether the chain mines a block only when a transaction arrives (Anvil's and Hardhat's automine
    without interval mining): on such a chain, confirmations beyond the first never come by themselves.
    Other chains (Ganache included, which does not say) answer ``False``."""
    for method in ("anvil_getAutomine", "hardhat_getAutomine"):
        try:
            answer = w3.provider.make_request(RPCEndpoint(method), [])
        except Exception:  # noqa: BLE001, S112 - a node without the method (or refusing it) is no on-demand chain
            continue
        if answer.get("result") is True:
            return True
        if "result" in answer:
            return False
    return False


def _recheck(w3: Web3, sent: _Sent, retries: int, backoff: float) -> None:
    """Look up a transaction still unmined (see :func:`settle`): if the node dropped it while its nonce is
    free, send the same bytes again (same hash); if its nonce was seen used by another transaction, raise.

    Raises:
        TransactionError: the sender's nonce went to another transaction: this one can never be mined.
    """
    outcome = settle(w3, sent.tx_hash, sent.sender, sent.nonce, retries=retries, backoff=backoff)
    if outcome == "free":
        # Dropped by the node: the same signed bytes again. If it refuses them (e.g. their fee is now below
        # the base fee), keep waiting: the timeout says why the transaction is not mined.
        with contextlib.suppress(Exception):
            w3.eth.send_raw_transaction(sent.raw)
        return
    if outcome == "nonce-used":
        raise TransactionError(
            f"Transaction {sent.tx_hash} can never be mined: nonce {sent.nonce} of {sent.sender} was used by "
            "another transaction (it was replaced or cancelled), so it did nothing. Check the account's latest "
            "transactions before sending again."
        )


def _unmined(w3: Web3, sent: _Sent, retries: int, backoff: float) -> str:
    """Why a transaction is not mined, in words (for a timeout's message)."""
    try:
        if not _known(w3, sent.tx_hash, retries, backoff):
            return "not mined yet: the node no longer has it in its pool and did not take it back"
        pending = _retrying(
            lambda: w3.eth.get_transaction_count(sent.sender, "pending"), "eth_getTransactionCount", retries, backoff
        )
    except ChainError:
        return "not mined yet"
    if sent.nonce > pending:
        gap = f"nonce {pending}" if sent.nonce == pending + 1 else f"nonces {pending}-{sent.nonce - 1}"
        return (
            f"not mined yet: it waits in the node's queue as nonce {sent.nonce} of {sent.sender}, behind {gap} "
            "for which the node has no transaction (an earlier transaction of the account was dropped or never "
            f"sent); it is mined as soon as a transaction with nonce {pending} is"
        )
    return "not mined yet (it is in the node's pool: the network is busy, or its fee is too low)"


def _receipt_lookup(w3: Web3, tx_hash: str) -> TxReceipt | None:
    try:
        return w3.eth.get_transaction_receipt(HexStr(tx_hash))
    except TransactionNotFound:
        return None


def _receipt_or_none(w3: Web3, tx_hash: str, retries: int, backoff: float) -> TxReceipt | None:
    receipt = _retrying(functools.partial(_receipt_lookup, w3, tx_hash), "eth_getTransactionReceipt", retries, backoff)
    return receipt if receipt is not None and receipt.get("blockNumber") is not None else None


def _mined_revert(w3: Web3, call_: Sendable, tx: TxParams, raw: TxReceipt, table: ErrorTable) -> RevertError:
    """Explain a mined revert by replaying the transaction on the state before its block."""
    tx_hash = HexBytes(raw["transactionHash"]).to_0x_hex()
    block = max(int(raw["blockNumber"]) - 1, 0)
    try:
        w3.eth.call(_call_params(tx), block)
    except Exception as error:  # noqa: BLE001 - any failure of the replay is reported below
        decoded = revert_error(error, table, tx_hash=tx_hash)
        if decoded is not None:
            return decoded
    if int(raw["gasUsed"]) >= int(tx["gas"]):
        return RevertError(f"ran out of gas (used all {tx['gas']})", tx_hash=tx_hash)
    return RevertError("reverted on-chain; replaying it no longer fails, so the reason is unknown", tx_hash=tx_hash)


# --- signing now, broadcasting later ---------------------------------------------------------------


@dataclass(frozen=True)
class SignedTx:
    """A validated transaction signed locally and not necessarily sent yet (see :func:`sign`).

    Keep it (e.g. in a journal) before :func:`broadcast`: resending the same ``raw`` bytes can only ever
    land the one transaction ``tx_hash``.

    Attributes:
        raw: The signed transaction bytes, as ``eth_sendRawTransaction`` takes them.
        tx_hash: Its hash (``0x``-hex).
        nonce: Its nonce.
        sender: The signer's address.
        to: The called contract (``None`` for a deployment).
        data: The call data (``0x``-hex).
        value: Wei sent along.
        gas: Its gas limit.
        fees: What it pays for gas (to price a replacement: see :meth:`Fees.bumped`).
    """

    raw: HexBytes
    tx_hash: HexStr
    nonce: int
    sender: ChecksumAddress
    to: ChecksumAddress | None
    data: HexStr
    value: int
    gas: int
    fees: Fees

    def params(self) -> TxParams:
        """The fields ``eth_call`` needs to replay the transaction (to explain a revert)."""
        tx: dict[str, Any] = {"from": self.sender, "data": self.data, "value": self.value, "gas": self.gas}
        if self.to is not None:
            tx["to"] = self.to
        return cast(TxParams, tx)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready record of it (what a journal or a deployment record keeps before broadcasting)."""
        fees = {name: getattr(self.fees, name) for name in _FEE_FIELDS if getattr(self.fees, name) is not None}
        return {
            "hash": self.tx_hash,
            "nonce": self.nonce,
            "sender": self.sender,
            "to": self.to,
            "data": self.data,
            "value": self.value,
            "gas": self.gas,
            "fees": fees,
            "raw": self.raw.to_0x_hex(),
        }

    @classmethod
    def from_json(cls, record: Mapping[str, Any]) -> SignedTx:
        """The transaction a :meth:`to_json` record describes (extra keys ignored).

        Raises:
            KeyError, TypeError, ValueError: the record is incomplete or malformed.
        """
        to = record.get("to")
        fees = record.get("fees") or {}
        return cls(
            raw=HexBytes(str(record["raw"])),
            tx_hash=HexStr(str(record["hash"])),
            nonce=int(record["nonce"]),
            sender=Web3.to_checksum_address(str(record["sender"])),
            to=Web3.to_checksum_address(str(to)) if to else None,
            data=HexStr(str(record["data"])),
            value=int(record.get("value", 0)),
            gas=int(record["gas"]),
            fees=Fees(**{name: fees.get(name) for name in _FEE_FIELDS}),
        )


_FEE_FIELDS = ("max_fee_per_gas", "max_priority_fee_per_gas", "gas_price")

#: What :func:`broadcast` found: the node took the bytes (``"sent"``), already had them (``"known"``),
#: or the nonce was used by another transaction of the sender, so these bytes can never be mined.
BroadcastResult = Literal["sent", "known", "nonce-used"]


def sign(
    w3: Web3,
    signer: Signer,
    call_or_deploy: Sendable,
    *,
    value: int = 0,
    gas: int | None = None,
    fees: Fees | None = None,
    nonce: int | None = None,
    chain_id: int | None = None,
    retries: int = 0,
    backoff: float = 0.5,
    validate: bool = True,
    abis: ErrorTable | Iterable[ABI] | ABI | None = None,
) -> SignedTx:
    """Validate, price and sign a transaction locally, without sending it.

    The first half of :func:`send`, for callers that record the signed bytes before broadcasting them
    (:func:`broadcast`) and waiting for them (:func:`wait`).

    Args:
        w3: The connection.
        signer: Signs the transaction (its address is the sender).
        call_or_deploy: As for :func:`send`.
        value: Wei to send along.
        gas: Gas limit; by default the estimate plus 20 %.
        fees: Fees to pay; by default :func:`estimate_fees`.
        nonce: Nonce to use; by default the sender's pending nonce (never corrected afterwards).
        chain_id: The chain id, if known (saves a request).
        retries: Retries of each RPC request that times out or cannot connect, on top of the provider's own
            (none by default).
        backoff: First retry delay in seconds (doubled each retry).
        validate: Simulate first and raise a revert before signing (as for :func:`send`).
        abis: ABIs for decoding custom errors.

    Returns:
        The :class:`SignedTx`.

    Raises:
        TransferRestrictedError: the transaction would be refused with an ERC-1404 code.
        RevertError: it would revert for another reason.
        TransactionError: the node refused to estimate it.
        ChainError: the node could not be reached after the retries.
    """
    table = _error_table(call_or_deploy, abis)
    tx = _prepare(
        w3, signer, call_or_deploy, value=value, gas=gas, fees=fees, nonce=nonce, chain_id=chain_id,
        retries=retries, backoff=backoff, validate=validate, table=table,
    )
    raw, tx_hash = _sign(signer, tx)
    to = tx.get("to")
    return SignedTx(
        raw=raw,
        tx_hash=HexStr(tx_hash),
        nonce=int(tx["nonce"]),
        sender=signer.address,
        to=Web3.to_checksum_address(str(to)) if to else None,
        data=HexStr(HexBytes(tx.get("data", "0x")).to_0x_hex()),
        value=int(tx.get("value", 0)),
        gas=int(tx["gas"]),
        fees=Fees(
            max_fee_per_gas=_optional_int(tx.get("maxFeePerGas")),
            max_priority_fee_per_gas=_optional_int(tx.get("maxPriorityFeePerGas")),
            gas_price=_optional_int(tx.get("gasPrice")),
        ),
    )


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)


def broadcast(
    w3: Web3, signed: SignedTx, *, retries: int = 0, backoff: float = 0.5, hold: float | None = None
) -> BroadcastResult:
    """Send signed bytes with ``eth_sendRawTransaction``; never re-sign them.

    A lost answer is retried with the same bytes (same hash). A ``nonce too low``, ``already known`` or
    ``underpriced`` answer is ambiguous (the node may have taken the bytes and answered from a lagging
    view): it is settled by :func:`settle`, which waits for the transaction's receipt or lookup, or for its
    nonce to be seen used by another transaction for :data:`SETTLE_AFTER` seconds.

    Args:
        w3: The connection.
        signed: The transaction from :func:`sign`.
        retries: Retries of transient RPC failures on top of the provider's own (none by default).
        backoff: First retry delay in seconds (doubled each retry).
        hold: Seconds to keep resending the same bytes while another pending transaction holds their
            nonce (neither is mined); ``None``: :data:`SETTLE_TIMEOUT`, 0: give up at once.

    Returns:
        ``"sent"``, ``"known"`` (the node already had it, pending or mined) or ``"nonce-used"`` (another
        transaction of the sender was mined with its nonce: these bytes can never be mined).

    Raises:
        TransactionUnsettledError: another pending transaction kept holding the nonce for ``hold``
            seconds; these bytes were not signed again and may still be mined.
        TransactionError: the node refused it (insufficient funds, a fee below the base fee...).
        ChainError: the node could not be reached after the retries, and does not know the transaction.
    """
    sent = _Sent(signed.raw, signed.tx_hash, signed.sender, signed.nonce)
    return _send_raw(
        w3, sent, gas=signed.gas, value=signed.value, retries=retries, backoff=backoff,
        hold=SETTLE_TIMEOUT if hold is None else hold,
    )


def _send_raw(
    w3: Web3, sent: _Sent, *, gas: int, value: int, retries: int, backoff: float, hold: float
) -> BroadcastResult:
    """The one broadcast of the engine (see :func:`broadcast`)."""
    attempt = 0
    deadline = time.monotonic() + hold
    while True:
        try:
            w3.eth.send_raw_transaction(sent.raw)
            return "sent"
        except Exception as error:  # noqa: BLE001 - sorted below; the cause is not chained (it names the URL)
            if _transient(error):
                # The node may or may not have it: resending the same bytes cannot create a second one.
                if attempt < retries:
                    time.sleep(min(backoff * 2**attempt, 30.0))
                    attempt += 1
                    continue
                if _known(w3, sent.tx_hash, retries, backoff):
                    return "known"
                raise ChainError(
                    f"Could not send transaction {sent.tx_hash} after {attempt + 1} attempts "
                    f"({type(error).__name__}); it was not found on the node, so sending the same signed "
                    "bytes later is safe."
                ) from None
            text = _rpc_message(error).lower()
            if "insufficient funds" in text:
                raise TransactionError(
                    f"{sent.sender} cannot pay for transaction {sent.tx_hash} (gas {gas} at the offered fee, "
                    f"plus value {value} wei): fund the account."
                ) from None
            if not any(word in text for word in _NONCE_WORDS):
                raise TransactionError(
                    f"The node refused transaction {sent.tx_hash}: {redact(_rpc_message(error))}"
                ) from None
            outcome = settle(w3, sent.tx_hash, sent.sender, sent.nonce, retries=retries, backoff=backoff)
            if outcome == "known":
                return "known"
            if outcome == "nonce-used":
                return "nonce-used"
            # Neither ours nor mined: another pending transaction holds the nonce (or the node lies about
            # having ours). Only the same bytes are sent again, until the nonce settles or time runs out.
            if time.monotonic() >= deadline:
                raise TransactionUnsettledError(
                    f"Nonce {sent.nonce} of {sent.sender} is held by another pending transaction "
                    f"({redact(_rpc_message(error))}), or the node took transaction {sent.tx_hash} without "
                    "showing it. It was not signed again. Once that nonce is mined, look the transaction up by "
                    "its hash, or run the same command again: it settles what was sent before signing anything.",
                    tx_hash=sent.tx_hash,
                ) from None
            time.sleep(min(0.25 * 2 ** min(attempt, 4), 2.0))
            attempt += 1


#: What :func:`settle` found: the node knows the transaction (pending or mined), its nonce is still free
#: (the node has neither it nor a mined transaction with that nonce), or another transaction used the nonce.
Settlement = Literal["known", "free", "nonce-used"]


def settle(
    w3: Web3,
    tx_hash: str,
    sender: str,
    nonce: int,
    *,
    retries: int = 0,
    backoff: float = 0.5,
    within: float | None = None,
) -> Settlement:
    """Find out what became of a transaction after an ambiguous answer, without signing anything.

    The transaction is looked up by receipt and by hash, and the sender's mined nonce read. A node (or a
    provider balancing several nodes) may show the nonce used a moment before it shows the transaction that
    used it, so "used by another transaction" is concluded only when it lasts :data:`SETTLE_AFTER` seconds
    of repeated lookups; a glimpse is never enough to sign again.

    Args:
        w3: The connection.
        tx_hash: The transaction's hash.
        sender: Its sender.
        nonce: Its nonce.
        retries: Retries of transient RPC failures on top of the provider's own (none by default).
        backoff: First retry delay in seconds.
        within: Seconds the nonce must stay used by another transaction (default :data:`SETTLE_AFTER`).

    Returns:
        ``"known"``, ``"free"`` or ``"nonce-used"`` (see :data:`Settlement`).

    Raises:
        ChainError: the node could not be reached after the retries.
    """
    settle_after = SETTLE_AFTER if within is None else within
    used_since: float | None = None
    delay = 0.05
    while True:
        if _receipt_or_none(w3, tx_hash, retries, backoff) is not None or _known(w3, tx_hash, retries, backoff):
            return "known"
        mined = int(
            _retrying(lambda: w3.eth.get_transaction_count(Web3.to_checksum_address(sender), "latest"),
                      "eth_getTransactionCount", retries, backoff)
        )
        if mined <= nonce:
            return "free"
        now = time.monotonic()
        if used_since is None:
            used_since = now
        elif now - used_since >= settle_after:
            return "nonce-used"
        time.sleep(delay)
        delay = min(delay * 2, 0.5)


def receipt_of(w3: Web3, tx_hash: str, *, retries: int = 0, backoff: float = 0.5) -> TxReceipt | None:
    """The receipt of a mined transaction, or ``None`` (unknown, or still pending)."""
    return _receipt_or_none(w3, tx_hash, retries, backoff)


def is_known(w3: Web3, tx_hash: str, *, retries: int = 0, backoff: float = 0.5) -> bool:
    """Whether the node knows a transaction (pending or mined)."""
    return _known(w3, tx_hash, retries, backoff)


def wait(
    w3: Web3,
    signed: SignedTx,
    *,
    confirmations: int = 1,
    timeout: float = 120.0,
    retries: int = 0,
    backoff: float = 0.5,
    abis: ErrorTable | Iterable[ABI] | ABI | None = None,
) -> Receipt:
    """Wait for a broadcast transaction and ``confirmations`` blocks; the second half of :func:`send`.

    Args:
        w3: The connection.
        signed: The transaction from :func:`sign`.
        confirmations: Blocks to wait for, counting the transaction's own (1 = mined).
        timeout: Seconds to wait.
        retries: Retries of transient RPC failures on top of the provider's own (none by default).
        backoff: First retry delay in seconds.
        abis: ABIs for decoding a mined revert's custom error.

    Returns:
        The :class:`Receipt` of the mined, successful transaction.

    Raises:
        RevertError: it was mined and reverted (``tx_hash`` is set).
        TransactionTimeoutError: it was not mined or confirmed within ``timeout`` (if the node dropped it
            meanwhile, its signed bytes were sent again).
        TransactionError: its nonce went to another transaction of the sender: it can never be mined.
    """
    if confirmations < 1:
        raise ValidationError(f"confirmations must be 1 or more, got {confirmations}.")
    sent = _Sent(signed.raw, signed.tx_hash, signed.sender, signed.nonce)
    raw = _wait(w3, sent, confirmations=confirmations, timeout=timeout, retries=retries, backoff=backoff)
    if raw["status"] != 1:
        table = _error_table(signed.params(), abis)
        raise _mined_revert(w3, signed.params(), signed.params(), raw, table)
    return _receipt(w3, raw, signed.tx_hash, signed.sender, signed.nonce, retries=retries, backoff=backoff)


def retrying(action: Callable[[], T], what: str, *, retries: int = 0, backoff: float = 0.5) -> T:
    """Run an RPC request, retrying timeouts and connection errors with bounded exponential backoff.

    Args:
        action: The request.
        what: What it asks, for the error message (e.g. ``"eth_getTransactionReceipt"``).
        retries: Retries after the first attempt, on top of the provider's own (none by default).
        backoff: First retry delay in seconds (doubled each retry, at most 30 s).

    Returns:
        What ``action`` returned.

    Raises:
        ChainError: the node did not answer after the retries.
    """
    return _retrying(action, what, retries, backoff)


# --- deploying and calling -------------------------------------------------------------------------


def deploy(
    w3: Web3,
    signer: Signer,
    artifact: Artifact | str,
    *args: Any,
    **send_options: Any,
) -> tuple[ChecksumAddress, Receipt]:
    """Deploy a contract from its artifact (no compiler needed).

    Args:
        w3: The connection.
        signer: The deployer.
        artifact: The :class:`~sectoken.artifacts.Artifact` or the name of a shipped one.
        *args: Constructor arguments.
        **send_options: Keyword options of :func:`send` (``confirmations``, ``timeout``, ``value``...).

    Returns:
        The new contract's address and the deployment :class:`Receipt`.

    Raises:
        ValidationError: the artifact cannot be deployed (an interface, an abstract contract) or the
            arguments do not fit the constructor.
        RevertError: the constructor reverted.
    """
    if isinstance(artifact, str):
        artifact = load_artifact(artifact)
    if not artifact.deployable:
        raise ValidationError(
            f"{artifact.name} cannot be deployed: it has no bytecode (kind: {artifact.kind})."
        )
    factory = w3.eth.contract(abi=artifact.abi, bytecode=artifact.bytecode)
    try:
        constructor = factory.constructor(*args)
    except (Web3ValidationError, MismatchedABI, Web3TypeError, TypeError) as error:
        raise ValidationError(f"Constructor arguments do not fit {artifact.name}: {error}") from None
    receipt = send(w3, signer, constructor, **send_options)
    if receipt.contract_address is None:
        raise TransactionError(f"Deploying {artifact.name} gave no contract address (tx {receipt.tx_hash}).")
    return receipt.contract_address, receipt


def contract_at(w3: Web3, artifact: Artifact | str, address: str) -> Contract:
    """Return a web3 contract for a deployed address, with the artifact's ABI.

    Args:
        w3: The connection.
        artifact: The :class:`~sectoken.artifacts.Artifact` or a shipped artifact's name.
        address: The contract's address.

    Returns:
        A web3 ``Contract`` bound to ``address``.

    Raises:
        ValidationError: ``address`` is not an address.
    """
    if isinstance(artifact, str):
        artifact = load_artifact(artifact)
    return w3.eth.contract(address=parse_address(address), abi=artifact.abi)


def call(
    w3: Web3,
    function: ContractFunction,
    *,
    sender: str | None = None,
    block: BlockIdentifier = "latest",
    retries: int = 0,
    backoff: float = 0.5,
    abis: ErrorTable | Iterable[ABI] | ABI | None = None,
) -> Any:
    """Call a view (or simulate any function) and decode a revert into a typed exception.

    Args:
        w3: The connection (kept for symmetry with :func:`send`; the function is bound to one).
        function: A bound contract function.
        sender: ``msg.sender`` for the call.
        block: The block to read at.
        retries: Retries of transient RPC failures on top of the provider's own (none by default).
        backoff: First retry delay in seconds.
        abis: Extra ABIs for decoding custom errors.

    Returns:
        The function's decoded return value.

    Raises:
        TransferRestrictedError: the call reverted with an ERC-1404 code.
        RevertError: the call reverted for another reason.
    """
    del w3
    params: TxParams = {"from": Web3.to_checksum_address(sender)} if sender else {}
    try:
        return _retrying(lambda: function.call(params, block), f"eth_call {function.fn_name}", retries, backoff)
    except ChainError:
        raise
    except Exception as error:
        _raise_decoded(error, _error_table(function, abis))
        raise
