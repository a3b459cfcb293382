"""The one validated input layer: every value a person or a file gives sectoken is parsed here.

The suite configuration and the rule packs (:mod:`sectoken.yaml_reader`), the investor CSV rows
(:class:`InvestorFields`), the command line's parameter types (:mod:`sectoken.cli.options`) and the typed
clients' argument checks (:mod:`sectoken.contracts`) all call the same functions, so a value is accepted or
refused, and explained, the same way wherever it is typed:

- :func:`parse_address`: ``0x`` and 40 hexadecimal digits, a valid checksum when mixed-case, the zero
  address refused where it must be;
- :func:`parse_country`: ISO 3166-1 numeric (1-999), alpha-2 (or ``UK``) or alpha-3;
- :func:`parse_topic`: a claim topic by name or number, 0-95 (the registry's 96-bit maps);
- :func:`parse_investor_type`: an investor type, ``individual`` or ``entity`` (or the registry's 0 or 1);
- :func:`parse_amount`: tokens as typed (``2.5``) to base units at the token's decimals, with integer
  arithmetic only (``Decimal`` arithmetic keeps 28 significant digits), so every amount is exact or
  refused, range-checked against the contract field it lands in (``bits``), the error quoting what was typed;
- :func:`parse_period`: seconds, or ``40 days`` (seconds to years);
- :func:`parse_fee`: a fee per gas in gwei or wei;
- :func:`check_uint`: a base-unit integer that must fit a ``uint<bits>`` field.

Refusals are :class:`~sectoken.errors.ValidationError` (the configuration's readers add ``file:line``; the
CSV reader adds the line and column). The pydantic types (:data:`Address`, :data:`Country`, :data:`Topic`,
:data:`Period`...) wrap the same functions for models such as :class:`InvestorFields`.

Example:
    >>> parse_amount("2.5", 6)
    2500000
    >>> format_amount(2500000, 6)
    '2.5'
    >>> parse_period("40 days")
    3456000
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from eth_typing import ChecksumAddress
from eth_utils.address import is_checksum_address, to_checksum_address
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator
from pydantic import ValidationError as PydanticValidationError

from sectoken.countries import country_code
from sectoken.errors import ConfigError, ValidationError

__all__ = [
    "BALANCE_BITS",
    "INVESTOR_TYPES",
    "MAX_TOPICS",
    "MAX_UINT256",
    "PERIOD_UNITS",
    "TOPICS",
    "TRANSFER_LIMIT_BITS",
    "Address",
    "Country",
    "Fee",
    "InvestorFields",
    "InvestorType",
    "NonZeroAddress",
    "Period",
    "Topic",
    "check_uint",
    "field_errors",
    "format_amount",
    "investor_type_name",
    "parse_address",
    "parse_amount",
    "parse_country",
    "parse_fee",
    "parse_investor_type",
    "parse_period",
    "parse_tokens",
    "parse_topic",
    "parse_topics",
    "scale_exact",
    "to_base_units",
    "uint_max",
]

#: The largest amount an ERC-20 holds, in base units.
MAX_UINT256 = 2**256 - 1
#: The security token keeps balances, the supply and its caps in 112-bit fields.
BALANCE_BITS = 112
#: The token keeps the transfer limit per window (and what an identity moved in it) in 88 bits.
TRANSFER_LIMIT_BITS = 88
_MAX_DIGITS = len(str(MAX_UINT256))

#: Claim topics are bits of the registry's 96-bit topic maps: 0-95.
MAX_TOPICS = 96
#: Investor types by name, numbered as the identity registry keeps them (an identity is an individual
#: until a registry agent sets it).
INVESTOR_TYPES: dict[str, int] = {"individual": 0, "entity": 1}
#: Topic names to numbers.
TOPICS: dict[str, int] = {
    "kyc": 1,  # identity verified (know your customer)
    "aml": 2,  # anti-money-laundering screening passed
    "accredited": 3,  # US accredited investor
    "qualified-purchaser": 4,  # US qualified purchaser
    "professional": 5,  # UK professional client
    "hnw": 6,  # UK certified high-net-worth investor
    "sophisticated": 7,  # UK certified sophisticated investor
    "non-us-person": 8,  # not a US person (Regulation S)
}

#: Units a period may be written in, in seconds (a month is a twelfth of 365 days, a year 365 days).
PERIOD_UNITS: dict[str, int] = {
    "second": 1,
    "minute": 60,
    "hour": 3600,
    "day": 86_400,
    "week": 7 * 86_400,
    "month": 365 * 86_400 // 12,
    "year": 365 * 86_400,
}
_ZERO = "0x" + "0" * 40


def uint_max(bits: int) -> int:
    """The largest value of a ``uint<bits>`` field."""
    return int(2**bits - 1)


# ----------------------------------------------------------------------------- addresses


def parse_address(value: object, what: str = "address", *, allow_zero: bool = True) -> ChecksumAddress:
    """An address as typed: ``0x`` and 40 hexadecimal digits; mixed case must be a valid checksum
    (all-lowercase or all-uppercase skips the check).

    Args:
        value: The address, or an account object with an ``address`` (brownie's accounts and contracts).
        what: What the address is, for messages (``"wallet"``, ``"an agent"``...).
        allow_zero: Accept the zero address.

    Returns:
        The checksummed address.

    Raises:
        ValidationError: not an address, a wrong checksum, or the zero address where it is refused.
    """
    if not isinstance(value, str) and isinstance(getattr(value, "address", None), str):
        value = value.address  # type: ignore[attr-defined]  # an account object (brownie's, eth-account's)
    text = value.strip() if isinstance(value, str) else value
    if not isinstance(text, str) or not re.fullmatch(r"0[xX][0-9a-fA-F]{40}", text):
        raise ValidationError(f"{what} {text!r} is not an address (0x followed by 40 hexadecimal digits).")
    digits = text[2:]
    if digits != digits.lower() and digits != digits.upper() and not is_checksum_address(text):
        raise ValidationError(
            f"{what} {text} has a wrong checksum (expected {to_checksum_address(text)}): check it for a typo "
            "(an all-lowercase address skips the check)."
        )
    if not allow_zero and int(digits, 16) == 0:
        raise ValidationError(f"{what} cannot be the zero address.")
    return to_checksum_address(text)


# ----------------------------------------------------------------------------- countries and topics


def parse_country(value: object) -> int:
    """A country as typed: ISO 3166-1 numeric (``826``, ``"076"``), alpha-2 in any case (``gb``, or ``UK``)
    or alpha-3 (``GBR``).

    Returns:
        The ISO 3166-1 numeric code (1-999), as the contracts store it.

    Raises:
        ValidationError: no such country (the message suggests the nearest codes).
    """
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValidationError(f"Unknown country {value!r}: give an ISO 3166-1 numeric or alpha-2 code.")
    return country_code(value.strip() if isinstance(value, str) else value)


def parse_topic(value: object) -> int:
    """One claim topic, by name (any case, ``_`` or ``-``) or number (0-95).

    Raises:
        ValidationError: an unknown name (the message lists the valid names) or a number outside 0-95.
    """
    if isinstance(value, int) and not isinstance(value, bool) or isinstance(value, str) and value.strip().isdigit():
        number = int(value)
        if not 0 <= number < MAX_TOPICS:
            raise ValidationError(
                f"Claim topic {number} is out of range: topics are 0-{MAX_TOPICS - 1} (the registry's topic maps "
                f"have {MAX_TOPICS} bits)."
            )
        return number
    if not isinstance(value, str):
        raise ValidationError(f"Unknown claim topic {value!r}. Valid names: {', '.join(TOPICS)}.")
    key = value.strip().lower().replace("_", "-").replace(" ", "-")
    if key in TOPICS:
        return TOPICS[key]
    close = difflib.get_close_matches(key, list(TOPICS), n=1, cutoff=0.6)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise ValidationError(f"Unknown claim topic {value!r}.{hint} Valid names: {', '.join(TOPICS)}.")


def parse_topics(value: str | int | Iterable[str | int], *, separators: str = ",") -> tuple[int, ...]:
    """Topics from a name, a number, a list separated by ``separators`` (``"kyc, accredited"``) or an
    iterable of those, in order, without duplicates.

    Raises:
        ValidationError: as :func:`parse_topic`.
    """
    items: Iterable[str | int]
    if isinstance(value, str):
        items = [part for part in re.split(f"[{re.escape(separators)}]", value) if part.strip()]
    elif isinstance(value, int):
        items = [value]
    else:
        items = value
    return tuple(dict.fromkeys(parse_topic(item) for item in items))


def parse_investor_type(value: object) -> int:
    """An investor type: ``individual`` or ``entity`` (any case), or the registry's number for it (0 or 1).

    Returns:
        0 for an individual, 1 for an entity (as ``IdentityRegistry.setInvestorType`` takes it).

    Raises:
        ValidationError: anything else (the message names the valid types).
    """
    if isinstance(value, int) and not isinstance(value, bool) or isinstance(value, str) and value.strip().isdigit():
        if int(value) in INVESTOR_TYPES.values():
            return int(value)
    elif isinstance(value, str) and value.strip().lower() in INVESTOR_TYPES:
        return INVESTOR_TYPES[value.strip().lower()]
    raise ValidationError(f"Unknown investor type {value!r}: give individual (0) or entity (1).")


def investor_type_name(investor_type: int) -> str:
    """The name of an investor type number (``0 -> "individual"``, ``1 -> "entity"``).

    Raises:
        ValidationError: not an investor type.
    """
    for name, number in INVESTOR_TYPES.items():
        if number == investor_type:
            return name
    raise ValidationError(f"Unknown investor type {investor_type!r}: the registry knows 0 and 1.")


# ----------------------------------------------------------------------------- amounts


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


def parse_tokens(amount: Decimal | int | str, what: str = "amount") -> Decimal:
    """A number of tokens as typed (``2.5``, ``1_000``, ``1,000.5``, ``1e3``), exactly, not yet scaled.

    Constructing a ``Decimal`` from text is exact (no context rounding), so no digit is lost here.

    Raises:
        ValidationError: not a number, not finite, or negative (the message quotes what was typed).
    """
    if isinstance(amount, bool) or not isinstance(amount, (Decimal, int, str)):
        raise ValidationError(f"{what} must be a number of tokens, not {amount!r}.")
    try:
        value = amount if isinstance(amount, Decimal) else Decimal(str(amount).strip().replace("_", "").replace(",", ""))
    except InvalidOperation:
        raise ValidationError(
            f"{what} {amount!r} is not a number: give a number of tokens above zero, e.g. 1500.25."
        ) from None
    if not value.is_finite():
        raise ValidationError(f"{what} {amount!r} is not a finite number.")
    if value < 0:
        raise ValidationError(f"{what} must not be negative: {str(amount).strip()!r} is not an amount.")
    return value


def to_base_units(amount: Decimal | int | str, decimals: int, *, what: str = "amount", bits: int = 256) -> int:
    """Convert a number of tokens to base units, exactly.

    Args:
        amount: Tokens, e.g. ``Decimal("2.5")``, ``7`` or ``"1_000.25"``.
        decimals: The token's decimals (0 for whole units).
        what: What the amount is, for messages.
        bits: The width of the contract field the amount lands in (``uint<bits>``).

    Returns:
        The amount in base units.

    Raises:
        ValidationError: not a number, negative, finer than one base unit at ``decimals``, or more than the
            field holds. Every digit counts: nothing is rounded.
    """
    value = parse_tokens(amount, what)
    typed = str(amount).strip()
    try:
        scaled = scale_exact(value, decimals)
    except ValidationError:  # far more digits than any field holds
        scaled = MAX_UINT256 + 1
    if scaled is None:
        unit = "whole tokens" if decimals == 0 else f"at most {decimals} decimal places"
        raise ValidationError(
            f"{what} {typed} is finer than the token allows ({unit}): it is not a whole number of base units at "
            f"{decimals} decimals."
        )
    if scaled > uint_max(bits):
        where = f"at most {MAX_UINT256} base units" if bits == 256 else (
            f"the contract keeps it in {bits} bits: at most {format_amount(uint_max(bits), decimals, grouping=False)} "
            "tokens"
        )
        raise ValidationError(f"{what} {typed} is more than any token amount ({where}).")
    return scaled


def parse_amount(
    text: str | int | Decimal, decimals: int, *, what: str = "amount", allow_zero: bool = False, bits: int = 256
) -> int:
    """Parse an amount typed in tokens (``"2.5"``) into base units; zero is refused unless allowed.

    Args:
        text: The amount in tokens.
        decimals: The token's decimals.
        what: What the amount is, for messages.
        allow_zero: Accept ``0``.
        bits: The width of the contract field the amount lands in.

    Returns:
        The amount in base units.

    Raises:
        ValidationError: as :func:`to_base_units`, or zero when not allowed.
    """
    units = to_base_units(text, decimals, what=what, bits=bits)
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


def check_uint(value: object, what: str = "amount", bits: int = 256) -> int:
    """Return ``value`` if it is a whole number that fits ``uint<bits>``.

    Raises:
        ValidationError: not an integer, negative, or too large.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{what} must be a whole number of base units, not {value!r}.")
    if value < 0:
        raise ValidationError(f"{what} must not be negative, got {value}.")
    if value > uint_max(bits):
        raise ValidationError(f"{what} {value} does not fit in {bits} bits (at most {uint_max(bits)}).")
    return value


# ----------------------------------------------------------------------------- periods and fees


def parse_period(value: object, what: str = "period", *, allow_zero: bool = False, bits: int | None = None) -> int:
    """A period as typed: a number of seconds (``3600``) or words (``40 days``, ``12 months``, ``1 year``).

    Args:
        value: The period.
        what: What the period is, for messages.
        allow_zero: Accept a period of zero.
        bits: The width of the contract field it lands in, if any.

    Returns:
        Seconds.

    Raises:
        ValidationError: not a period, zero when not allowed, or longer than the field holds.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        seconds = value
    else:
        raw = str(value).strip().lower().replace("_", "")
        match = re.fullmatch(r"(\d+)\s*(?:([a-z]+?)s?)?", raw) if isinstance(value, str) else None
        if not match or (match.group(2) is not None and match.group(2) not in PERIOD_UNITS):
            raise ValidationError(
                f"{what} {value!r} is not a period like '40 days' or a number of seconds "
                f"(units: {', '.join(unit + 's' for unit in PERIOD_UNITS)})."
            )
        seconds = int(match.group(1)) * PERIOD_UNITS[match.group(2) or "second"]
    if seconds < 0 or (seconds == 0 and not allow_zero):
        raise ValidationError(f"{what} must be longer than zero.")
    if bits is not None and seconds > uint_max(bits):
        raise ValidationError(f"{what} {value!r} is too long: the contract keeps it in {bits} bits.")
    return seconds


_FEE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(gwei|wei)?\s*$", re.IGNORECASE)


def parse_fee(value: object, what: str = "--max-fee") -> int:
    """A fee per gas in wei, from gwei (``50``, ``0.5``, ``"50 gwei"``) or wei (``"7000000 wei"``).

    Raises:
        ConfigError: the value is not a positive amount of gwei or wei (the message names ``what``).
    """
    match = _FEE.match(str(value))
    if match is None:
        raise ConfigError(f"{what}: {value!r} is not a fee per gas; give gwei (e.g. 50 or '0.5 gwei') or '<n> wei'.")
    number, unit = match.group(1), (match.group(2) or "gwei").lower()
    if unit == "wei":
        if "." in number:
            raise ConfigError(f"{what}: {value!r}: wei are whole numbers.")
        wei = int(number)
    else:
        whole, _, fraction = number.partition(".")
        if len(fraction) > 9:
            raise ConfigError(f"{what}: {value!r} has more than 9 decimals of gwei.")
        wei = int(whole) * 10**9 + int(fraction.ljust(9, "0") or 0)
    if wei <= 0:
        raise ConfigError(f"{what} must be positive, got {value!r}.")
    if wei > uint_max(256):
        raise ConfigError(f"{what}: {value!r} does not fit a fee field (256 bits).")
    return wei


# ----------------------------------------------------------------------------- pydantic types


def _name(info: ValidationInfo) -> str:
    return info.field_name or "value"


def _address(value: object, info: ValidationInfo) -> ChecksumAddress:
    return parse_address(value, _name(info))


def _non_zero_address(value: object, info: ValidationInfo) -> ChecksumAddress:
    return parse_address(value, _name(info), allow_zero=False)


def _period(value: object, info: ValidationInfo) -> int:
    return parse_period(value, _name(info))


def _fee(value: object, info: ValidationInfo) -> int:
    return parse_fee(value, _name(info))


#: An address (checksummed; the zero address allowed).
Address = Annotated[ChecksumAddress, BeforeValidator(_address)]
#: An address that must not be the zero address.
NonZeroAddress = Annotated[ChecksumAddress, BeforeValidator(_non_zero_address)]
#: An ISO 3166-1 numeric country code, from any accepted form.
Country = Annotated[int, BeforeValidator(parse_country)]
#: A claim topic 0-95, by name or number.
Topic = Annotated[int, BeforeValidator(parse_topic)]
#: An investor type (0 an individual, 1 an entity), by name or number.
InvestorType = Annotated[int, BeforeValidator(parse_investor_type)]
#: A period in seconds, from seconds or words.
Period = Annotated[int, BeforeValidator(_period)]
#: A fee per gas in wei, from gwei or wei.
Fee = Annotated[int, BeforeValidator(_fee)]


def field_errors(error: PydanticValidationError) -> list[tuple[str, str]]:
    """The ``(field, message)`` of every refusal in a pydantic error, with this module's own messages."""
    out = []
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"])
        cause = (item.get("ctx") or {}).get("error")
        out.append((field, str(cause) if isinstance(cause, Exception) else str(item["msg"])))
    return out


class InvestorFields(BaseModel):
    """One investor's fields as typed in a CSV row or on the command line, validated together (every field's
    refusal is reported, not only the first).

    The token's decimals come in the validation context (``{"decimals": 2}``); the amount is the holding
    to reach, in base units (empty means none), and must fit the token's 112-bit balances. The investor
    type is given as ``type`` (``individual`` or ``entity``); empty gives ``None``: not given.
    """

    model_config = ConfigDict(frozen=True)

    wallet: NonZeroAddress
    country: Country
    claims: tuple[int, ...]
    identity: ChecksumAddress | None = None
    amount: int = 0
    onchainid: ChecksumAddress | None = None
    investor_type: int | None = Field(default=None, alias="type")

    @field_validator("country", mode="before")
    @classmethod
    def _no_empty_country(cls, value: Any) -> Any:
        return value.strip() or "?" if isinstance(value, str) else value

    @field_validator("claims", mode="before")
    @classmethod
    def _claims(cls, value: Any) -> tuple[int, ...]:
        return tuple(sorted(parse_topics(value, separators=";,")))

    @field_validator("identity", "onchainid", mode="before")
    @classmethod
    def _optional_address(cls, value: Any, info: ValidationInfo) -> ChecksumAddress | None:
        if value is None or isinstance(value, str) and not value.strip():
            return None
        return parse_address(value, _name(info), allow_zero=False)

    @field_validator("amount", mode="before")
    @classmethod
    def _amount(cls, value: Any, info: ValidationInfo) -> int:
        if value is None or isinstance(value, str) and not value.strip():
            return 0
        decimals = int((info.context or {}).get("decimals", 0))
        return parse_amount(value, decimals, what="amount", allow_zero=True, bits=BALANCE_BITS)

    @field_validator("investor_type", mode="before")
    @classmethod
    def _investor_type(cls, value: Any) -> int | None:
        if value is None or isinstance(value, str) and not value.strip():
            return None
        return parse_investor_type(value)
