"""The life of a signed transaction: broadcast, settle an ambiguous answer, wait for it."""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast

from eth_typing import ABI, ChecksumAddress, HexStr
from hexbytes import HexBytes
from web3 import Web3
from web3._utils.method_formatters import receipt_formatter
from web3.datastructures import AttributeDict
from web3.exceptions import (
    TransactionNotFound,
)
from web3.types import RPCEndpoint, TxParams, TxReceipt

from sectoken.errors import (
    ChainError,
    TransactionError,
    TransactionTimeoutError,
    TransactionUnsettledError,
    ValidationError,
)
from sectoken.reasons import ErrorTable
from sectoken.redact import redact
from sectoken.signers import Signer
from sectoken.tx.fees import Fees
from sectoken.tx.retries import _retrying, _rpc_message, _transient
from sectoken.tx.reverts import _error_table, _mined_revert
from sectoken.tx.signing import Sendable, SignedTx, _prepare, _signed_tx

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



_NONCE_WORDS = ("nonce too low", "already known", "known transaction", "already imported", "underpriced")



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


#: What :func:`broadcast` found: the node took the bytes (``"sent"``), already had them (``"known"``),
#: or the nonce was used by another transaction of the sender, so these bytes can never be mined.
BroadcastResult = Literal["sent", "known", "nonce-used"]


Settlement = Literal["known", "free", "nonce-used"]


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

    def resign(stale: SignedTx) -> SignedTx:  # the same call at the sender's next nonce
        count = functools.partial(w3.eth.get_transaction_count, signer.address, "pending")
        return _signed_tx(signer, cast(TxParams, {**tx, "nonce": _retrying(count, "eth_getTransactionCount",
                                                                              retries, backoff)}))

    sent = send_or_resign(w3, _signed_tx(signer, tx), resign, retries=retries, backoff=backoff)
    raw = _wait(w3, sent, confirmations=confirmations, timeout=timeout, retries=retries, backoff=backoff)
    if raw["status"] != 1:
        raise _mined_revert(w3, call_or_deploy, tx, raw, table)
    return _receipt(w3, raw, sent.tx_hash, signer.address, sent.nonce, retries=retries, backoff=backoff)


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
    return _receipt_of(raw, tx_hash, sender, nonce, head)


def _receipt_of(raw: TxReceipt, tx_hash: str | bytes, sender: ChecksumAddress, nonce: int, head: int) -> Receipt:
    return Receipt(
        tx_hash=HexStr(HexBytes(tx_hash).to_0x_hex()),
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


def _known(w3: Web3, tx_hash: str, retries: int, backoff: float) -> bool:
    def lookup() -> bool:
        try:
            w3.eth.get_transaction(HexStr(tx_hash))
        except TransactionNotFound:
            return False
        return True

    return _retrying(lookup, "eth_getTransactionByHash", retries, backoff)


def send_or_resign(
    w3: Web3, signed: SignedTx, resign: Callable[[SignedTx], SignedTx], *, retries: int = 0, backoff: float = 0.5
) -> SignedTx:
    """Broadcast with :func:`broadcast`: an ambiguous answer is settled, never signed over.

    Only a nonce that another transaction was *seen* to use (settled: see :func:`settle`) leads to a new
    signature, ``resign(stale)`` (at a free nonce: the first one can then never be mined); each new one is
    broadcast the same way.

    Returns:
        The transaction broadcast (``signed``, or its last new signature).

    Raises:
        TransactionError: the nonces kept being used by other transactions, or the node refused it.
        TransactionUnsettledError: see :func:`broadcast`.
    """
    for _ in range(_SIGN_ATTEMPTS):
        if broadcast(w3, signed, retries=retries, backoff=backoff) != "nonce-used":
            return signed
        signed = resign(signed)
    raise TransactionError(
        f"The nonces of {signed.sender} keep being used by other transactions: stop whatever else sends from "
        "that account, then send again."
    )


def _wait(
    w3: Web3, sent: SignedTx, *, confirmations: int, timeout: float, retries: int, backoff: float
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
            mined = receipt.get("blockNumber") if receipt is not None else None
            raise timed_out(w3, sent, waited=timeout, confirmations=confirmations, mined_in=mined, retries=retries,
                            backoff=backoff)
        time.sleep(delay)
        delay = min(delay * 2, 1.0)


def timed_out(
    w3: Web3, sent: SignedTx, *, waited: float, confirmations: int, mined_in: int | None = None, retries: int = 0,
    backoff: float = 0.5,
) -> TransactionTimeoutError:
    """The error for a transaction waited for in vain: what became of it (mined but not deep enough, or why
    it is not mined), and that it was not sent again as a new transaction."""
    state = (
        f"mined in block {mined_in} but not yet {confirmations} confirmations deep"
        if mined_in is not None
        else _unmined(w3, sent, retries, backoff)
    )
    return TransactionTimeoutError(
        f"Transaction {sent.tx_hash} was sent once and is {state} after {waited:g} s. It was not resent as a new "
        "transaction; look it up by its hash before sending again.",
        tx_hash=sent.tx_hash,
    )


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


def _recheck(w3: Web3, sent: SignedTx, retries: int, backoff: float) -> None:
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


def _unmined(w3: Web3, sent: SignedTx, retries: int, backoff: float) -> str:
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
    return _send_raw(w3, signed, retries=retries, backoff=backoff, hold=SETTLE_TIMEOUT if hold is None else hold)


def _send_raw(w3: Web3, sent: SignedTx, *, retries: int, backoff: float, hold: float) -> BroadcastResult:
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
                    f"{sent.sender} cannot pay for transaction {sent.tx_hash} (gas {sent.gas} at the offered fee, "
                    f"plus value {sent.value} wei): fund the account."
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
    (outcome,) = settle_many(w3, [(tx_hash, sender, nonce)], retries=retries, backoff=backoff, within=within)
    return outcome


def settle_many(
    w3: Web3,
    transactions: Sequence[tuple[str, str, int]],
    *,
    retries: int = 0,
    backoff: float = 0.5,
    within: float | None = None,
) -> list[Settlement]:
    """:func:`settle` for several transactions at once (a round of a batch): the same rule, each looked up
    until it settles, the waits for a lasting "nonce used" running side by side.

    Args:
        w3: The connection.
        transactions: ``(hash, sender, nonce)`` of each.
        retries: Retries of transient RPC failures on top of the provider's own (none by default).
        backoff: First retry delay in seconds.
        within: Seconds the nonce must stay used by another transaction (default :data:`SETTLE_AFTER`).

    Returns:
        Each transaction's :data:`Settlement`, in order.

    Raises:
        ChainError: the node could not be reached after the retries.
    """
    settle_after = SETTLE_AFTER if within is None else within
    outcomes: dict[int, Settlement] = {}
    used_since: dict[int, float] = {}
    delay = 0.05
    while True:
        mined: dict[str, int] = {}
        for index, (tx_hash, sender, nonce) in enumerate(transactions):
            if index in outcomes:
                continue
            if _receipt_or_none(w3, tx_hash, retries, backoff) is not None or _known(w3, tx_hash, retries, backoff):
                outcomes[index] = "known"
                continue
            account = Web3.to_checksum_address(sender)
            if account not in mined:
                count = functools.partial(w3.eth.get_transaction_count, account, "latest")
                mined[account] = int(_retrying(count, "eth_getTransactionCount", retries, backoff))
            if mined[account] <= nonce:
                outcomes[index] = "free"
                continue
            now = time.monotonic()
            if index not in used_since:
                used_since[index] = now
            elif now - used_since[index] >= settle_after:
                outcomes[index] = "nonce-used"
        if len(outcomes) == len(transactions):
            return [outcomes[index] for index in range(len(transactions))]
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
    raw = _wait(w3, signed, confirmations=confirmations, timeout=timeout, retries=retries, backoff=backoff)
    if raw["status"] != 1:
        table = _error_table(signed.params(), abis)
        raise _mined_revert(w3, signed.params(), signed.params(), raw, table)
    return _receipt(w3, raw, signed.tx_hash, signed.sender, signed.nonce, retries=retries, backoff=backoff)




def receipt_from_rpc(raw: Mapping[str, Any], *, head: int, sender: str, nonce: int) -> Receipt:
    """A :class:`Receipt` from a raw JSON-RPC receipt (hex quantities), as a batch of lookups returns it.

    Args:
        raw: The ``eth_getTransactionReceipt`` result.
        head: The latest block number when it was read (for ``confirmations``).
        sender: The transaction's sender.
        nonce: Its nonce.

    Returns:
        The receipt, its ``raw`` formatted as web3 formats a receipt (for decoding events).
    """
    formatted = cast(TxReceipt, AttributeDict.recursive(receipt_formatter(dict(raw))))
    return _receipt_of(formatted, formatted["transactionHash"], Web3.to_checksum_address(sender), nonce, head)
