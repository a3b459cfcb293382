"""Retries and batches of RPC requests.

sectoken's connections retry a request that could not connect or timed out once, in the provider (web3's
retry, configured by :data:`sectoken.chain.RETRY`). :func:`retrying` adds a retry of its own only when asked
(``retries`` > 0, for a provider that has none) and turns a node that does not answer into a
:class:`~sectoken.errors.ChainError`. :func:`rpc_batch` sends many requests as one JSON-RPC batch.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from web3 import Web3
from web3.exceptions import (
    RequestTimedOut,
    TimeExhausted,
    Web3RPCError,
)
from web3.types import RPCEndpoint

from sectoken.errors import (
    ChainError,
)
from sectoken.redact import redact

T = TypeVar("T")



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
