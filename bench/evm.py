"""Transactions for the benchmark: signed locally, sent raw, measured from their receipts.

:class:`Chain` wraps one :class:`~web3.Web3` connection. It keeps each signer's nonce, signs every
transaction with eth-account and sends it raw, counts transactions and gas (from receipts only), and
decodes reverts. Nothing here is specific to one token implementation.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from eth_abi.abi import decode as abi_decode
from eth_account import Account
from eth_account.messages import encode_defunct
from eth_keys.datatypes import PrivateKey
from eth_typing import ABI, ChecksumAddress, HexStr
from eth_utils.abi import function_signature_to_4byte_selector
from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak
from hexbytes import HexBytes
from web3 import Web3
from web3.contract import Contract
from web3.contract.contract import ContractConstructor, ContractFunction
from web3.providers.base import JSONBaseProvider
from web3.types import Nonce, RPCEndpoint, RPCResponse, TxParams, TxReceipt, Wei

__all__ = [
    "Artifact",
    "BenchError",
    "Chain",
    "Deployed",
    "Revert",
    "Signer",
    "gas_used",
]

#: Gas limit of the local node's blocks (``sectoken.chain`` starts Anvil with 30M); no transaction may exceed it.
BLOCK_GAS_LIMIT = 30_000_000
PRIORITY_FEE = 1_000_000_000
ERROR_STRING = function_signature_to_4byte_selector("Error(string)")
PANIC = function_signature_to_4byte_selector("Panic(uint256)")


class BenchError(RuntimeError):
    """A benchmark step failed: a transaction reverted, a check did not hold or a tool is missing."""


@dataclass(frozen=True)
class Artifact:
    """A contract's ABI and creation bytecode, wherever they came from.

    Attributes:
        name: The contract's name.
        abi: Its ABI.
        bytecode: Its creation bytecode, ``0x``-hex.
        source: Where it was loaded from (a file path or package), for the report.
    """

    name: str
    abi: ABI
    bytecode: HexStr
    source: str


@dataclass(frozen=True)
class Signer:
    """A private key held in memory, with its address.

    Attributes:
        label: A short name for messages (``"deployer"``, ``"investor-3"``).
        key: The key, parsed once (parsing derives the public key, which is slow in pure Python).
        address: The account's address.
    """

    label: str
    key: PrivateKey
    address: ChecksumAddress

    @classmethod
    def from_key(cls, label: str, key: str | bytes) -> Signer:
        """Return the signer of ``key`` (hex string or 32 bytes)."""
        raw = bytes(HexBytes(key))
        private = PrivateKey(raw)
        return cls(label, private, to_checksum_address(private.public_key.to_canonical_address()))

    @classmethod
    def derived(cls, label: str, seed: str) -> Signer:
        """Return a reproducible signer whose key is ``keccak256(seed)``."""
        return cls.from_key(label, keccak(text=seed))

    def sign_prefixed(self, digest: bytes) -> bytes:
        """Sign ``digest`` as an Ethereum signed message (EIP-191 version ``0x45``).

        Returns:
            The 65-byte signature ``r || s || v`` with ``v`` in {27, 28}.
        """
        signed = Account.sign_message(encode_defunct(primitive=digest), self.key)
        return bytes(signed.signature)


@dataclass(frozen=True)
class Revert:
    """Why a call reverted.

    Attributes:
        selector: The first four bytes of the revert data (``""`` when there was none).
        name: The error's name (``"Error"`` for a revert string, ``"Panic"``, or a custom error).
        args: The decoded arguments.
        raw: The revert data, ``0x``-hex.
    """

    selector: str
    name: str
    args: tuple[Any, ...]
    raw: str

    def describe(self) -> str:
        """Return the error as it would be written in Solidity, e.g. ``TransferRestricted(6)``."""
        if self.name == "Error" and self.args:
            return f'Error("{self.args[0]}")'
        return f"{self.name}({', '.join(str(arg) for arg in self.args)})"


@dataclass
class Deployed:
    """A contract deployed by the benchmark."""

    name: str
    contract: Contract
    receipt: TxReceipt

    @property
    def address(self) -> ChecksumAddress:
        """The contract's address."""
        return self.contract.address

    @property
    def gas(self) -> int:
        """Gas used by the deployment."""
        return gas_used(self.receipt)


def gas_used(receipt: TxReceipt) -> int:
    """Return the gas a transaction used, from its receipt."""
    return int(receipt["gasUsed"])


def _error_table(abis: Iterable[ABI]) -> dict[bytes, tuple[str, list[str]]]:
    table: dict[bytes, tuple[str, list[str]]] = {}
    for abi in abis:
        for entry in abi:
            if entry.get("type") != "error":
                continue
            entry_map = cast(Mapping[str, Any], entry)
            types = [_canonical_type(arg) for arg in entry_map.get("inputs", [])]
            signature = f"{entry_map['name']}({','.join(types)})"
            table[function_signature_to_4byte_selector(signature)] = (str(entry_map["name"]), types)
    return table


def _canonical_type(arg: Mapping[str, Any]) -> str:
    kind = str(arg["type"])
    if kind.startswith("tuple"):
        inner = ",".join(_canonical_type(component) for component in arg.get("components", []))
        return f"({inner}){kind[len('tuple'):]}"
    return kind


@dataclass
class Chain:
    """One JSON-RPC connection, with local signing and gas accounting.

    Attributes:
        w3: The connection.
        chain_id: The chain's id, read once.
        txs: Transactions sent so far.
        gas: Gas used so far, summed from receipts.
    """

    w3: Web3
    chain_id: int = 0
    txs: int = 0
    gas: int = 0
    _nonces: dict[str, int] = field(default_factory=dict)
    _base_fee: int = 0
    _errors: dict[bytes, tuple[str, list[str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.chain_id = int(self.w3.eth.chain_id)
        block = self.w3.eth.get_block("latest")
        self._base_fee = int(block.get("baseFeePerGas", 0) or 0)

    def rpc(self, method: str, params: Sequence[Any] = ()) -> RPCResponse:
        """Send one raw JSON-RPC request and return the response (errors are in it, not raised)."""
        return self.w3.provider.make_request(RPCEndpoint(method), list(params))

    # ----- contracts -------------------------------------------------------------------------------

    def know_errors(self, *abis: ABI) -> None:
        """Teach the revert decoder the custom errors declared in ``abis``."""
        self._errors.update(_error_table(abis))

    def at(self, artifact: Artifact, address: str) -> Contract:
        """Return ``artifact``'s interface at ``address``."""
        self.know_errors(artifact.abi)
        return self.w3.eth.contract(address=to_checksum_address(address), abi=artifact.abi)

    def deploy(self, signer: Signer, artifact: Artifact, *args: Any, name: str | None = None) -> Deployed:
        """Deploy ``artifact`` with constructor ``args`` from ``signer``.

        Raises:
            BenchError: the deployment reverted.
        """
        self.know_errors(artifact.abi)
        factory = self.w3.eth.contract(abi=artifact.abi, bytecode=artifact.bytecode)
        receipt = self.send(signer, factory.constructor(*args), label=f"deploy {artifact.name}")
        address = receipt["contractAddress"]
        if address is None:
            raise BenchError(f"deploying {artifact.name} created no contract")
        contract = self.w3.eth.contract(address=address, abi=artifact.abi)
        return Deployed(name or artifact.name, contract, receipt)

    # ----- sending ---------------------------------------------------------------------------------

    def _fees(self) -> tuple[int, int]:
        # The next block's base fee rises by at most 1/8; twice the last one covers many blocks.
        return 2 * self._base_fee + PRIORITY_FEE, PRIORITY_FEE

    def _next_nonce(self, address: ChecksumAddress) -> int:
        if address not in self._nonces:
            self._nonces[address] = int(self.w3.eth.get_transaction_count(address, "pending"))
        nonce = self._nonces[address]
        self._nonces[address] = nonce + 1
        return nonce

    def _params(self, signer: Signer, gas: int, value: int) -> TxParams:
        max_fee, tip = self._fees()
        return {
            "from": signer.address,
            "chainId": self.chain_id,
            "gas": gas,
            "maxFeePerGas": Wei(max_fee),
            "maxPriorityFeePerGas": Wei(tip),
            "value": Wei(value),
            "nonce": Nonce(0),  # set when the transaction is signed
        }

    def _build(
        self, signer: Signer, call: ContractFunction | ContractConstructor | None, to: str | None, gas: int, value: int
    ) -> TxParams:
        params = self._params(signer, gas, value)
        if call is not None:
            return call.build_transaction(params)
        if to is None:
            raise BenchError("a transaction needs a call or a recipient")
        params["to"] = to_checksum_address(to)
        return params

    def _request(self, signer: Signer, call: ContractFunction | ContractConstructor) -> dict[str, Any]:
        """The JSON-RPC call object of ``call`` from ``signer`` (for ``eth_call`` and ``eth_estimateGas``)."""
        tx = call.build_transaction(self._params(signer, BLOCK_GAS_LIMIT, 0))
        request: dict[str, Any] = {"from": signer.address, "data": tx["data"]}
        if tx.get("to"):
            request["to"] = tx["to"]
        return request

    def estimate(
        self, signer: Signer, call: ContractFunction | ContractConstructor, *, value: int = 0, label: str = ""
    ) -> int:
        """Return the gas limit to send ``call`` with: the node's estimate plus a margin.

        Raises:
            BenchError: the call reverts (the message carries the decoded reason).
        """
        request = self._request(signer, call)
        request["value"] = hex(value)
        response = self.rpc("eth_estimateGas", [request])
        if "error" in response:
            revert = self.decode_revert(response["error"])
            reason = revert.describe() if revert else response["error"]
            raise BenchError(f"{label or 'the transaction'} from {signer.label} would revert: {reason}")
        estimate = int(response["result"], 16)
        return min(BLOCK_GAS_LIMIT - 1, estimate * 5 // 4 + 20_000)

    def send(
        self,
        signer: Signer,
        call: ContractFunction | ContractConstructor | None = None,
        *,
        to: str | None = None,
        value: int = 0,
        gas: int | None = None,
        label: str = "",
        expect_success: bool = True,
    ) -> TxReceipt:
        """Sign ``call`` (or a plain value transfer to ``to``) with ``signer``, send it raw and wait.

        Args:
            signer: Who signs and pays.
            call: A contract call or constructor; ``None`` for a plain transfer of ``value``.
            to: The recipient of a plain transfer.
            value: Wei sent along.
            gas: The gas limit; estimated by the node when omitted.
            label: What the transaction does, for error messages.
            expect_success: Raise if the transaction reverts (set ``False`` to measure a refused one).

        Returns:
            The receipt.

        Raises:
            BenchError: the transaction reverted (and ``expect_success`` was set).
        """
        if gas is None:
            gas = 21_000 if call is None else self.estimate(signer, call, value=value, label=label)
        tx = self._build(signer, call, to, gas, value)
        receipt = self._wait(self._submit(signer, tx))
        if expect_success and receipt["status"] != 1:
            raise BenchError(f"{label or 'transaction'} from {signer.label} reverted (gas used {gas_used(receipt)})")
        return receipt

    def send_bulk(
        self,
        items: Sequence[tuple[Signer, ContractFunction | None, str | None, int]],
        *,
        gas: int | None = None,
        label: str = "",
    ) -> list[TxReceipt]:
        """Send many transactions quickly to set up state; every one must succeed.

        Automatic mining is paused and the transactions are mined in blocks of at most half the block gas
        limit (the EIP-1559 target, so the base fee does not climb): on a node whose state is large, each
        block costs time, and a block per transaction would dominate. Gas figures are unaffected: a
        transaction's ``gasUsed`` does not depend on its block.

        Args:
            items: ``(signer, call, to, value)``: a contract call (``to`` ``None``) or a plain transfer of
                ``value`` wei to ``to`` (``call`` ``None``).
            gas: The gas limit of each contract call; by default the node's estimate for the first one
                (the calls of one bulk send have the same shape).
            label: What they do, for error messages.

        Raises:
            BenchError: one of them reverted or could not be mined.
        """
        if not items:
            return []
        first_signer, first_call, _, first_value = items[0]
        if gas is None and first_call is not None:
            gas = self.estimate(first_signer, first_call, value=first_value, label=label)
        budget = BLOCK_GAS_LIMIT // 2
        hashes: list[HexBytes] = []
        self.rpc("evm_setAutomine", [False])
        try:
            block: list[HexBytes] = []
            used = 0
            for signer, call, to, value in items:
                limit = 21_000 if call is None else int(gas or 0)
                if block and used + limit > budget:
                    self._mine(block, label)
                    block, used = [], 0
                tx_hash = self._submit(signer, self._build(signer, call, to, limit, value))
                block.append(tx_hash)
                hashes.append(tx_hash)
                used += limit
            if block:
                self._mine(block, label)
        finally:
            self.rpc("evm_setAutomine", [True])
        receipts = self._receipts(hashes)
        for index, receipt in enumerate(receipts):
            if receipt["status"] != 1:
                raise BenchError(f"{label or 'bulk transaction'} #{index} reverted (gas used {gas_used(receipt)})")
        return receipts

    def _mine(self, hashes: Sequence[HexBytes], label: str) -> None:
        """Mine blocks until the pool is empty (the benchmark is the node's only sender)."""
        for _attempt in range(len(hashes) + 2):
            self.rpc("evm_mine", [])
            status = self.rpc("txpool_status", [])["result"]
            if int(status["pending"], 16) == 0 and int(status["queued"], 16) == 0:
                return
        raise BenchError(f"{label or 'bulk'} transactions were never mined (fees or nonces?)")

    def _receipts(self, hashes: Sequence[HexBytes]) -> list[TxReceipt]:
        """Fetch mined receipts in JSON-RPC batches and account for them."""
        receipts: list[TxReceipt] = []
        for start in range(0, len(hashes), 500):
            chunk = hashes[start:start + 500]
            provider = self.w3.provider
            if not isinstance(provider, JSONBaseProvider):
                raise BenchError("the benchmark needs a JSON-RPC provider (HTTP)")
            method = RPCEndpoint("eth_getTransactionReceipt")
            responses = provider.make_batch_request([(method, [tx_hash.to_0x_hex()]) for tx_hash in chunk])
            if not isinstance(responses, list):
                raise BenchError(f"the node refused a batch of receipt requests: {responses}")
            for tx_hash, response in zip(chunk, responses, strict=True):
                raw = response.get("result")
                if not raw:
                    raise BenchError(f"no receipt for {tx_hash.to_0x_hex()}")
                receipt = cast(TxReceipt, {
                    "transactionHash": tx_hash,
                    "blockNumber": int(raw["blockNumber"], 16),
                    "status": int(raw["status"], 16),
                    "gasUsed": int(raw["gasUsed"], 16),
                    "effectiveGasPrice": int(raw.get("effectiveGasPrice", "0x0"), 16),
                    "contractAddress": raw.get("contractAddress"),
                })
                self._account(receipt)
                receipts.append(receipt)
        return receipts

    def send_many(
        self, signer: Signer, calls: Sequence[ContractFunction], *, gas: int | None = None, label: str = ""
    ) -> list[TxReceipt]:
        """Send contract ``calls`` from ``signer`` in bulk (see :meth:`send_bulk`)."""
        return self.send_bulk([(signer, call, None, 0) for call in calls], gas=gas, label=label)

    def fund(self, funder: Signer, addresses: Iterable[str], value: int) -> None:
        """Send ``value`` wei to each of ``addresses`` (so they can pay for their own transactions)."""
        self.send_bulk([(funder, None, address, value) for address in addresses], label="funding")

    def _submit(self, signer: Signer, params: TxParams) -> HexBytes:
        tx: dict[str, Any] = {key: value for key, value in params.items() if key != "from"}
        if not tx.get("to"):
            tx.pop("to", None)  # contract creation
        tx["nonce"] = self._next_nonce(signer.address)
        tx["type"] = 2
        raw = Account.sign_transaction(tx, signer.key).raw_transaction
        try:
            return self.w3.eth.send_raw_transaction(raw)
        except Exception:
            self._nonces.pop(signer.address, None)  # re-read the nonce next time
            raise

    def _wait(self, tx_hash: HexBytes, timeout: float = 300.0) -> TxReceipt:
        deadline = time.monotonic() + timeout
        while True:
            response = self.rpc("eth_getTransactionReceipt", [tx_hash.to_0x_hex()])
            if response.get("result"):
                break
            if time.monotonic() > deadline:
                raise BenchError(f"no receipt for {tx_hash.to_0x_hex()} after {timeout:.0f}s")
            time.sleep(0.002)
        receipt = self.w3.eth.get_transaction_receipt(tx_hash)
        self._account(receipt)
        return receipt

    def _account(self, receipt: TxReceipt) -> None:
        self.txs += 1
        self.gas += gas_used(receipt)
        price = int(receipt.get("effectiveGasPrice", 0) or 0)
        if price:
            self._base_fee = max(0, price - PRIORITY_FEE)

    # ----- calls and reverts -----------------------------------------------------------------------

    def revert_of(self, signer: Signer, call: ContractFunction) -> Revert | None:
        """Run ``call`` as ``signer`` with ``eth_call``; return why it reverted, or ``None`` if it did not."""
        request = self._request(signer, call)
        response = self.rpc("eth_call", [request, "latest"])
        if "error" not in response:
            return None
        revert = self.decode_revert(response["error"])
        if revert is None:
            raise BenchError(f"eth_call failed without revert data: {response['error']}")
        return revert

    def decode_revert(self, error: Any) -> Revert | None:
        """Decode the revert data in a JSON-RPC error object; ``None`` if it carries none."""
        data = error.get("data") if isinstance(error, Mapping) else None
        if isinstance(data, Mapping):  # some nodes nest it
            data = data.get("data")
        if not isinstance(data, str) or not data.startswith("0x"):
            return None
        raw = bytes.fromhex(data[2:])
        selector, body = raw[:4], raw[4:]
        if not selector:
            return Revert("", "", (), data)
        if selector == ERROR_STRING:
            return Revert(selector.hex(), "Error", tuple(abi_decode(["string"], body)), data)
        if selector == PANIC:
            return Revert(selector.hex(), "Panic", tuple(abi_decode(["uint256"], body)), data)
        if selector in self._errors:
            name, types = self._errors[selector]
            return Revert(selector.hex(), name, tuple(abi_decode(types, body)), data)
        return Revert(selector.hex(), f"0x{selector.hex()}", (body.hex(),), data)
