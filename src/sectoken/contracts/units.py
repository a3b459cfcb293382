"""Token amounts: what people type (``2.5`` tokens) and what contracts store (base units).

Example:
    >>> parse_amount("2.5", 6)
    2500000
    >>> format_amount(2500000, 6)
    '2.5'
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from sectoken.errors import ValidationError

__all__ = ["format_amount", "parse_amount", "to_base_units"]


def to_base_units(amount: Decimal | int | str, decimals: int, *, what: str = "amount") -> int:
    """Convert a number of tokens to base units.

    Args:
        amount: Tokens, e.g. ``Decimal("2.5")``, ``7`` or ``"1_000.25"``.
        decimals: The token's decimals (0 for whole units).
        what: What the amount is, for messages.

    Returns:
        The amount in base units.

    Raises:
        ValidationError: not a number, negative, or finer than one base unit at ``decimals``.
    """
    if isinstance(amount, bool):
        raise ValidationError(f"{what} must be a number of tokens, not {amount!r}.")
    try:
        value = amount if isinstance(amount, Decimal) else Decimal(str(amount).strip().replace("_", ""))
    except InvalidOperation:
        raise ValidationError(f"{what} {amount!r} is not a number.") from None
    if not value.is_finite():
        raise ValidationError(f"{what} {amount!r} is not a finite number.")
    if value < 0:
        raise ValidationError(f"{what} must not be negative, got {amount}.")
    scaled = value.scaleb(decimals)
    if scaled != scaled.to_integral_value():
        unit = "whole tokens" if decimals == 0 else f"at most {decimals} decimal places"
        raise ValidationError(f"{what} {amount} is finer than the token allows ({unit}).")
    return int(scaled)


def parse_amount(text: str | int | Decimal, decimals: int, *, what: str = "amount", allow_zero: bool = False) -> int:
    """Parse an amount typed in tokens (``"2.5"``) into base units; zero is refused unless allowed.

    Args:
        text: The amount in tokens.
        decimals: The token's decimals.
        what: What the amount is, for messages.
        allow_zero: Accept ``0``.

    Returns:
        The amount in base units.

    Raises:
        ValidationError: as :func:`to_base_units`, or zero when not allowed.
    """
    units = to_base_units(text if isinstance(text, (int, Decimal)) else str(text), decimals, what=what)
    if units == 0 and not allow_zero:
        raise ValidationError(f"{what} must be above zero.")
    return units


def format_amount(units: int, decimals: int, *, grouping: bool = True) -> str:
    """Format base units as tokens, without trailing zeros (``2500000, 6 -> "2.5"``).

    Args:
        units: The amount in base units.
        decimals: The token's decimals.
        grouping: Separate thousands with commas (``"1,000.5"``); ``False`` for machine-readable text.

    Returns:
        The amount in tokens, as text.
    """
    value = Decimal(int(units)).scaleb(-decimals)
    text = f"{value:,f}" if grouping else f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
