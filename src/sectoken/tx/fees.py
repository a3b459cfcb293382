"""What a transaction pays for gas: EIP-1559 fees or a legacy gas price, read from the node, within the
connection's maximum fee per gas (refused above it, before anything is signed)."""

from __future__ import annotations

from dataclasses import dataclass

from web3 import Web3
from web3.exceptions import (
    Web3RPCError,
    Web3ValueError,
)

from sectoken.errors import (
    FeeTooHighError,
    ValidationError,
)
from sectoken.tx.retries import _retrying

#: Priority fee used when the node suggests none (1 gwei).
DEFAULT_PRIORITY_FEE = 10**9
#: The maximum fee per gas a transaction may offer unless the connection sets another (see
#: :func:`set_max_fee`): 500 gwei, above what Ethereum mainnet has asked outside rare minutes of congestion.
DEFAULT_MAX_FEE_PER_GAS = 500 * 10**9
GWEI = 10**9



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


