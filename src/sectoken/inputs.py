"""Validated input shared by the configuration, the rule packs, the CSV rows, the CLI and the typed clients.

Today: token amounts, what people type (``2.5`` tokens) and what contracts store (base units), converted
with integer arithmetic only, so no digit is ever rounded away (``Decimal`` arithmetic keeps 28 significant
digits), and bounded by what an ERC-20 can hold.

Example:
    >>> parse_amount("2.5", 6)
    2500000
    >>> format_amount(2500000, 6)
    '2.5'
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from sectoken.errors import ValidationError

__all__ = ["MAX_UINT256", "format_amount", "parse_amount", "scale_exact", "to_base_units"]

#: The largest amount an ERC-20 holds, in base units.
MAX_UINT256 = 2**256 - 1
_MAX_DIGITS = len(str(MAX_UINT256))


def scale_exact(value: Decimal, decimals: int) -> int | None:
    """``value * 10**decimals`` as an exact integer, with integer arithmetic only (``Decimal`` arithmetic
    rounds to 28 significant digits); ``None`` if the result is not whole.

    Args:
        value: A finite decimal.
        decimals: The power of ten to scale by.

    Returns:
        The integer, or ``None`` when ``value`` is finer than ``10**-decimals``.

    Raises:
        ValidationError: ``value`` is not finite, or scales to far more digits than any token amount has.
    """
    if not value.is_finite():
        raise ValidationError(f"{value} is not a finite number.")
    sign, digits, exponent = value.as_tuple()
    mantissa = int("".join(map(str, digits)) or "0")
    shift = int(exponent) + decimals
    if mantissa and len(digits) + shift > _MAX_DIGITS + 1:
        # Refused before building a number of that size (``1E+1000000`` would take a while).
        raise ValidationError(f"{value} is more than any token amount (at most {MAX_UINT256} base units).")
    result: int
    if shift >= 0:
        result = mantissa * 10**shift
    else:
        result, remainder = divmod(mantissa, 10 ** (-shift))
        if remainder:
            return None
    return -result if sign else result


def to_base_units(amount: Decimal | int | str, decimals: int, *, what: str = "amount") -> int:
    """Convert a number of tokens to base units.

    Args:
        amount: Tokens, e.g. ``Decimal("2.5")``, ``7`` or ``"1_000.25"``.
        decimals: The token's decimals (0 for whole units).
        what: What the amount is, for messages.

    Returns:
        The amount in base units.

    Raises:
        ValidationError: not a number, negative, finer than one base unit at ``decimals``, or more than
            :data:`MAX_UINT256` base units. Every digit counts: nothing is rounded.
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
    scaled = scale_exact(value, decimals)
    if scaled is None:
        unit = "whole tokens" if decimals == 0 else f"at most {decimals} decimal places"
        raise ValidationError(f"{what} {amount} is finer than the token allows ({unit}).")
    if scaled > MAX_UINT256:
        raise ValidationError(f"{what} {amount} is more than any token amount (at most {MAX_UINT256} base units).")
    return scaled


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
    units = int(units)
    whole, part = divmod(abs(units), 10**decimals)
    text = f"{whole:,}" if grouping else str(whole)
    if part:
        text += "." + str(part).rjust(decimals, "0").rstrip("0")
    return f"-{text}" if units < 0 else text
