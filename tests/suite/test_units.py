"""Amounts typed in tokens become base units with the token's decimals, and back."""

from decimal import Decimal

import pytest

from sectoken.contracts.units import format_amount, parse_amount, to_base_units
from sectoken.errors import ValidationError
from tests.chainless import isolation  # noqa: F401  (no chain snapshot around these tests)


@pytest.mark.parametrize(
    ("text", "decimals", "units"),
    [("2.5", 6, 2_500_000), ("1_000", 0, 1000), ("0.000001", 6, 1), (" 7 ", 18, 7 * 10**18), ("3", 0, 3)],
)
def test_tokens_to_base_units(text, decimals, units):
    assert parse_amount(text, decimals) == units
    assert to_base_units(Decimal(text.strip().replace("_", "")), decimals) == units


@pytest.mark.parametrize(
    ("text", "decimals", "error"),
    [
        ("2.5", 0, "finer than the token allows (whole tokens)"),
        ("0.0000001", 6, "at most 6 decimal places"),
        ("-1", 6, "must not be negative"),
        ("0", 6, "must be above zero"),
        ("lots", 6, "is not a number"),
        ("inf", 6, "not a finite number"),
    ],
)
def test_bad_amounts_are_refused(text, decimals, error):
    with pytest.raises(ValidationError, match=error.replace("(", r"\(").replace(")", r"\)")):
        parse_amount(text, decimals)


def test_zero_when_allowed_and_formatting():
    assert parse_amount("0", 6, allow_zero=True) == 0
    assert format_amount(2_500_000, 6) == "2.5"
    assert format_amount(25_000_000 * 10**6, 6) == "25,000,000"
    assert format_amount(25_000_000 * 10**6 + 1, 6, grouping=False) == "25000000.000001"
    assert format_amount(1000, 0) == "1,000" and format_amount(0, 18) == "0"
