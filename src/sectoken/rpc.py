"""Raw JSON-RPC for bulk reads: logs in block ranges (a range the node refuses split in halves) and batched
``eth_call``s.

The register (:mod:`sectoken.register`) reads tens of thousands of logs and calls, and the claim records'
refresh (:mod:`sectoken.refresh`) a storage's whole registration history; web3's result formatters cost more
than the node does for those, so these helpers send the requests through the provider (``make_request``, and
``make_batch_request`` in batches where the provider has it) and read the JSON themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, cast

from eth_abi.abi import decode as abi_decode
from eth_abi.abi import encode as abi_encode
from eth_utils.abi import collapse_if_tuple, event_abi_to_log_topic, function_abi_to_4byte_selector
from eth_utils.address import to_checksum_address
from hexbytes import HexBytes
from web3 import Web3
from web3.contract import Contract
from web3.types import EventData, RPCEndpoint

from sectoken.errors import ChainError

__all__ = [
    "BATCH", "RpcCall", "batch", "block_hash", "block_hashes", "call_many", "calldata", "checksum", "event_logs",
    "get_logs", "request",
]

#: Requests per JSON-RPC batch.
BATCH = 500

#: ``(method, params)``.
RpcCall = tuple[str, Sequence[Any]]


class _RpcRefused(ChainError):
    """The node answered a request with an error."""


def _result(response: Any, method: str) -> Any:
    if not isinstance(response, dict):
        raise ChainError(f"The node gave no JSON-RPC answer to {method}: {str(response)[:200]}")
    if response.get("error"):
        error = response["error"]
        message = error.get("message", error) if isinstance(error, dict) else error
        raise _RpcRefused(f"The node refused {method}: {message}")
    return response.get("result")


def request(w3: Web3, method: str, params: Sequence[Any]) -> Any:
    """One JSON-RPC request; its raw result.

    Raises:
        ChainError: the node answered with an error.
    """
    return _result(w3.provider.make_request(RPCEndpoint(method), list(params)), method)


def batch(w3: Web3, calls: Sequence[RpcCall], *, tolerant: bool = False) -> list[Any]:
    """Many requests in JSON-RPC batches of :data:`BATCH` (one at a time where the provider cannot batch);
    their raw results, in order.

    Args:
        w3: The connection.
        calls: The requests.
        tolerant: Give ``None`` for a request the node answers with an error (a reverted call) instead of
            raising.

    Raises:
        ChainError: the node answered one with an error (and not ``tolerant``), or refused the batch.
    """
    results: list[Any] = []
    provider: Any = w3.provider
    batching = callable(getattr(provider, "make_batch_request", None))
    for start in range(0, len(calls), BATCH):
        chunk = calls[start : start + BATCH]
        if not batching:
            answers: Any = [w3.provider.make_request(RPCEndpoint(method), list(params)) for method, params in chunk]
            results.extend(_answer(answer, method, tolerant) for answer, (method, _) in zip(answers, chunk, strict=True))
            continue
        answers = provider.make_batch_request([(RPCEndpoint(method), list(params)) for method, params in chunk])
        if not isinstance(answers, list):  # a whole-batch error comes back as one response
            _result(answers, chunk[0][0])
            raise ChainError("The node refused a batch of requests.")
        results.extend(_answer(answer, method, tolerant) for answer, (method, _) in zip(answers, chunk, strict=True))
    return results


def _answer(response: Any, method: str, tolerant: bool) -> Any:
    try:
        return _result(response, method)
    except _RpcRefused:
        if tolerant:
            return None
        raise


def block_hash(w3: Web3, number: int) -> str | None:
    """The hash of block ``number`` (``None`` if the chain has no such block)."""
    block = request(w3, "eth_getBlockByNumber", [hex(number), False])
    return None if block is None else str(block["hash"])


def block_hashes(w3: Web3, numbers: Sequence[int]) -> list[str | None]:
    """The hashes of blocks ``numbers`` (``None`` where the chain has no such block), in one batch."""
    blocks = batch(w3, [("eth_getBlockByNumber", [hex(n), False]) for n in numbers])
    return [None if block is None else str(block["hash"]) for block in blocks]


def get_logs(w3: Web3, addresses: Sequence[str], topics: Sequence[str], start: int, end: int) -> list[dict[str, Any]]:
    """The logs of ``addresses`` whose first topic is one of ``topics`` in blocks ``start..end``, in chain
    order; a range the node refuses or does not answer in time (too many results) is split in halves.

    Raises:
        ChainError: the node refuses even a single block.
    """
    found: list[dict[str, Any]] = []
    ranges = [(start, end)]
    while ranges:
        lo, hi = ranges.pop()
        params = {"address": list(addresses), "fromBlock": hex(lo), "toBlock": hex(hi), "topics": [list(topics)]}
        try:
            page = request(w3, "eth_getLogs", [params])
        except (_RpcRefused, OSError):  # too many results, or too slow to answer (requests' errors are OSErrors)
            if lo == hi:
                raise
            mid = (lo + hi) // 2
            ranges.extend([(mid + 1, hi), (lo, mid)])
            continue
        found.extend(cast(list[dict[str, Any]], page or []))
    return found


def event_logs(w3: Web3, contract: Contract, name: str, start: int, end: int | None = None) -> list[EventData]:
    """The ``name`` events of ``contract`` in blocks ``start..end`` (default: the latest), decoded as web3
    decodes them, in chain order; read with :func:`get_logs` (a range the node refuses is read in halves), so
    a long history does not depend on the provider's range limits.

    Raises:
        ChainError: the node refuses even a single block.
    """
    event = contract.events[name]()
    topic = "0x" + event_abi_to_log_topic(cast(Any, event.abi)).hex()
    last = int(w3.eth.block_number) if end is None else end
    logs = get_logs(w3, [contract.address], [topic], start, last)
    logs.sort(key=lambda log: (int(log["blockNumber"], 16), int(log["logIndex"], 16)))
    return [event.process_log(cast(Any, _log_entry(log))) for log in logs]


def _log_entry(log: dict[str, Any]) -> dict[str, Any]:
    """A raw JSON-RPC log as web3's formatters give it (what its event decoding reads)."""
    return {
        **log,
        "address": to_checksum_address(log["address"]),
        "topics": [HexBytes(topic) for topic in log["topics"]],
        "data": HexBytes(log["data"]),
        "blockNumber": int(log["blockNumber"], 16),
        "logIndex": int(log["logIndex"], 16),
        "transactionIndex": int(log["transactionIndex"], 16),
        "blockHash": HexBytes(log["blockHash"]),
        "transactionHash": HexBytes(log["transactionHash"]),
    }


def call_many(
    w3: Web3, calls: Sequence[tuple[str, bytes]], block: int, output_types: Sequence[str], *, tolerant: bool = False
) -> list[tuple[Any, ...] | None]:
    """``eth_call`` each ``(address, calldata)`` at ``block`` in batches; decode each result as
    ``output_types`` (``None`` for a reverted call when ``tolerant``).

    Raises:
        ChainError: the node refused a call (e.g. it does not keep the state of ``block``).
    """
    raw = batch(
        w3, [("eth_call", [{"to": to, "data": "0x" + data.hex()}, hex(block)]) for to, data in calls], tolerant=tolerant
    )
    return [
        None if value is None else tuple(abi_decode(list(output_types), bytes.fromhex(str(value)[2:])))
        for value in raw
    ]


@lru_cache(maxsize=1 << 20)
def checksum(address: str) -> str:
    """``address`` checksummed (cached: the same holders come back in every page)."""
    return to_checksum_address(address)


def calldata(contract: Contract, function: str) -> Callable[..., bytes]:
    """An encoder of calls to ``contract.function`` (the ABI read once, not at every call as web3's
    ``encode_abi`` does): ``calldata(token, "balanceOf")(wallet)``.

    Raises:
        ValueError: the contract's ABI has no (or more than one) function of that name.
    """
    found = [e for e in contract.abi if e.get("type") == "function" and e.get("name") == function]
    if len(found) != 1:
        raise ValueError(f"{function} is not one function of the ABI ({len(found)} found).")
    abi: Any = found[0]
    selector = function_abi_to_4byte_selector(abi)
    types = [collapse_if_tuple(dict(item)) for item in abi.get("inputs", [])]

    def encode(*args: Any) -> bytes:
        return selector + abi_encode(types, list(args))

    return encode
