"""Explaining a refusal: the error tables searched to decode a revert, and a mined revert replayed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from eth_typing import ABI
from hexbytes import HexBytes
from web3 import Web3
from web3.contract.contract import ContractConstructor, ContractFunction
from web3.types import TxParams, TxReceipt

from sectoken.errors import (
    RevertError,
)
from sectoken.reasons import ErrorTable, default_error_table, revert_error

if TYPE_CHECKING:
    from sectoken.tx.signing import Sendable


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


def _call_params(tx: TxParams) -> TxParams:
    """The fields of ``tx`` that ``eth_call`` needs to replay it."""
    return cast(TxParams, {key: value for key, value in tx.items() if key in ("from", "to", "data", "value", "gas")})


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


