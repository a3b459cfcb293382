"""Validating, pricing and signing a transaction locally: :func:`sign` returns a :class:`SignedTx`, the
exact bytes to keep (in a journal or a deployment record) before they are broadcast."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from eth_typing import ABI, BlockIdentifier, ChecksumAddress, HexStr
from hexbytes import HexBytes
from web3 import Web3
from web3.contract.contract import ContractConstructor, ContractFunction
from web3.exceptions import (
    MismatchedABI,
    Web3TypeError,
    Web3ValidationError,
)
from web3.types import TxParams, Wei

from sectoken.errors import (
    ChainError,
    TransactionError,
    ValidationError,
)
from sectoken.reasons import ErrorTable
from sectoken.redact import redact
from sectoken.signers import Signer
from sectoken.tx.fees import Fees, check_fees, estimate_fees, max_fee
from sectoken.tx.retries import _retrying, _rpc_message
from sectoken.tx.reverts import _call_params, _error_table, _raise_decoded

#: Headroom added to the gas estimate (20 %).
GAS_MARGIN_NUM, GAS_MARGIN_DEN = 12, 10



Sendable = ContractFunction | ContractConstructor | TxParams



def _estimate(w3: Web3, call_: Sendable, params: TxParams) -> int:
    if isinstance(call_, (ContractFunction, ContractConstructor)):
        return call_.estimate_gas(params)
    return w3.eth.estimate_gas({**call_, **params})


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


def _sign(signer: Signer, tx: TxParams) -> tuple[HexBytes, str]:
    unsigned = {key: value for key, value in tx.items() if key != "from"}
    signed = signer.sign_transaction(unsigned)  # type: ignore[arg-type]
    return HexBytes(signed.raw_transaction), HexBytes(signed.hash).to_0x_hex()


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
    return _signed_tx(signer, tx)


def _signed_tx(signer: Signer, tx: TxParams) -> SignedTx:
    """Sign a prepared transaction dictionary (see :func:`_prepare`)."""
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


