"""Simulate a sequence of transactions on the state they produce, without sending any (``eth_simulateV1``).

A call made with ``eth_call`` sees only the chain as it is; an import that registers wallets and then
issues them tokens needs each issuance checked on the chain *after* the registrations. ``eth_simulateV1``
(Anvil, Geth, Reth, Nethermind and the major RPC providers) runs calls one after another in simulated
blocks, each seeing the state the previous ones left, and reports each call's outcome.

Example:
    >>> outcomes = simulate(w3, agent.address, [[registry_call], [mint_a, mint_b]], now)
    >>> outcomes is None or [o.ok for o in outcomes]
    [True, True, False]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from web3 import Web3
from web3.contract.contract import ContractFunction
from web3.exceptions import Web3RPCError
from web3.types import RPCEndpoint

from sectoken.reasons import DecodedRevert, ErrorTable, decode_revert

__all__ = ["Simulated", "simulate"]

#: The gas limit of a simulated block (a block holds a whole phase of an import).
_GAS_LIMIT = 2**40


@dataclass(frozen=True)
class Simulated:
    """One simulated call's outcome.

    Attributes:
        ok: Whether it would succeed.
        revert: Why it would fail (``None`` when it succeeds).
        gas_used: Gas it would use.
    """

    ok: bool
    revert: DecodedRevert | None
    gas_used: int


def simulate(
    w3: Web3, sender: str, blocks: Sequence[Sequence[ContractFunction]], now: int, abis: ErrorTable | None = None
) -> list[Simulated] | None:
    """Run ``blocks`` of calls from ``sender``, in order, each on the state the ones before it produce.

    Args:
        w3: The connection.
        sender: Who sends every call.
        blocks: The calls, grouped in simulated blocks; the first block follows the latest one, one second
            later than ``now``, and each next one a second later.
        now: The latest block's time.
        abis: Where to look up custom errors (the shipped artifacts' by default).

    Returns:
        Every call's outcome, in order; ``None`` if the node cannot simulate (no ``eth_simulateV1``), in
        which case the caller decides without it.
    """
    latest = int(w3.eth.block_number)
    states: list[dict[str, Any]] = [
        {
            # A simulated block holds what the real run spreads over many: lift its gas limit.
            "blockOverrides": {"number": hex(latest + offset), "time": hex(now + offset), "gasLimit": hex(_GAS_LIMIT)},
            "calls": [{"from": sender, "to": call.address, "data": call._encode_transaction_data()} for call in calls],
        }
        for offset, calls in enumerate(blocks, start=1)
    ]
    if not states:
        return []
    try:
        response = w3.provider.make_request(
            RPCEndpoint("eth_simulateV1"), [{"blockStateCalls": states, "validation": False}, "latest"]
        )
    except Web3RPCError:  # web3 raises a node's refusal of the method with some providers
        return None
    if response.get("error") is not None or not isinstance(response.get("result"), list):
        return None  # the node cannot simulate (no eth_simulateV1, or a request it will not take)
    outcomes: list[Simulated] = []
    for block in response["result"]:
        for result in block.get("calls", []):
            ok = int(result.get("status", "0x0"), 16) == 1
            revert = None
            if not ok:
                data = bytes.fromhex(str(result.get("returnData", "0x"))[2:])
                revert = decode_revert(data, abis)
            outcomes.append(Simulated(ok, revert, int(result.get("gasUsed", "0x0"), 16)))
    return outcomes
