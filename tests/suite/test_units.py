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


@pytest.mark.parametrize(
    ("text", "decimals", "units"),
    [
        ("12345678901.123456789012345678", 18, 12345678901123456789012345678),
        ("123456789012345678901234567891", 0, 123456789012345678901234567891),
        ("1e3", 2, 100_000),
        ("0.5e-1", 2, 5),
        (str(2**256 - 1), 0, 2**256 - 1),
    ],
)
def test_every_digit_counts_beyond_28_significant_digits(text, decimals, units):
    assert parse_amount(text, decimals) == units
    assert parse_amount(format_amount(units, decimals, grouping=False), decimals) == units  # and back, exactly


def test_format_is_exact_for_any_size():
    assert format_amount(123456789012345678901234567891, 0) == "123,456,789,012,345,678,901,234,567,891"
    assert format_amount(12345678901123456789012345678, 18) == "12,345,678,901.123456789012345678"
    assert format_amount(2**256 - 1, 18, grouping=False) == "115792089237316195423570985008687907853269984665640564039457.584007913129639935"
    assert format_amount(-2_500_000, 6) == "-2.5"


@pytest.mark.parametrize("text", [str(2**256), "1" * 79, "1e78", "1E+1000000"])
def test_amounts_no_token_can_hold_are_refused_with_a_message(text):
    with pytest.raises(ValidationError, match="more than any token amount"):
        parse_amount(text, 0)


def test_config_amounts_are_exact_and_bounded(tmp_path):
    from sectoken.config import parse_config
    from sectoken.errors import ConfigError

    base = "name: exact\ntoken: {name: Exact, symbol: EXA, decimals: 18}\njurisdictions: [uk-professional]\n"
    config = parse_config(base + "modules:\n  max_balance: 12345678901.123456789012345678\n")
    assert config.compliance().max_balance == 12345678901123456789012345678
    with pytest.raises(ConfigError, match=r"<config>:5: max_balance 9{75} is more than any token amount \(the contract keeps it in 112 bits"):
        parse_config(base + "modules:\n  max_balance: " + "9" * 75 + "\n")
