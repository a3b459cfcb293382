"""Deploying a contract, binding one at an address, calling a view."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from eth_typing import ABI, BlockIdentifier, ChecksumAddress
from web3 import Web3
from web3.contract import Contract
from web3.contract.contract import ContractConstructor, ContractFunction
from web3.exceptions import (
    MismatchedABI,
    Web3TypeError,
    Web3ValidationError,
)
from web3.types import TxParams

from sectoken.artifacts import Artifact
from sectoken.artifacts import load as load_artifact
from sectoken.errors import (
    ChainError,
    TransactionError,
    ValidationError,
)
from sectoken.inputs import parse_address
from sectoken.reasons import ErrorTable
from sectoken.signers import Signer
from sectoken.tx.lifecycle import Receipt, send
from sectoken.tx.retries import _retrying
from sectoken.tx.reverts import _error_table, _raise_decoded


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
    receipt = send(w3, signer, constructor(w3, artifact, *args), **send_options)
    if receipt.contract_address is None:
        raise TransactionError(f"Deploying {artifact} gave no contract address (tx {receipt.tx_hash}).")
    return receipt.contract_address, receipt


def constructor(w3: Web3, artifact: Artifact | str, *args: Any) -> ContractConstructor:
    """The constructor call deploying an artifact with ``args`` (what :func:`deploy` sends, or a runner's step).

    Raises:
        ValidationError: the artifact cannot be deployed (an interface, an abstract contract) or the
            arguments do not fit the constructor.
    """
    if isinstance(artifact, str):
        artifact = load_artifact(artifact)
    if not artifact.deployable:
        raise ValidationError(f"{artifact.name} cannot be deployed: it has no bytecode (kind: {artifact.kind}).")
    factory = w3.eth.contract(abi=artifact.abi, bytecode=artifact.bytecode)
    try:
        return factory.constructor(*args)
    except (Web3ValidationError, MismatchedABI, Web3TypeError, TypeError) as error:
        raise ValidationError(f"Constructor arguments do not fit {artifact.name}: {error}") from None


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


