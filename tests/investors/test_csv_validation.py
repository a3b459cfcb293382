"""An investors file is checked whole before anything is sent: every problem is reported with its line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from sectoken.cli import cli
from sectoken.investors import (
    NO_EXPIRY,
    InvalidRowsError,
    Investor,
    make_investor,
    onboard,
    parse_csv,
)
from sectoken.tx import send

from .helpers import ACCREDITED, AML, FR, KYC, PROFESSIONAL, UK, US, nonce, wallet, write_csv

NOW = 1_700_000_000  # 2023-11-14
W = [wallet(i, "csv") for i in range(20)]


def _flip_checksum(address: str) -> str:
    index = next(k for k in range(2, 42) if address[k].isalpha())
    return address[:index] + address[index].swapcase() + address[index + 1 :]


BAD_FILE = f"""# one problem per line from line 4 on; blank and comment lines still count
wallet,country,claims,expires,identity,amount
{W[0]},UK,kyc;professional,2030-01-01,,10
0x12345,UK,kyc,,,1

{_flip_checksum(W[1])},US,kyc,,,1
{W[2]},XX,kyc,,,1
{W[3]},US,kyc;acredited,,,1
{W[0]},US,kyc,,,1
{W[4]},FR,kyc,2030-02-30,,1
{W[5]},UK,kyc,,,1.234
{W[6]},UK,kyc,2001-01-01,,1
{W[7]},UK,kyc,,0x0000000000000000000000000000000000000000,1
{W[8]},UK,kyc,,,1,9
{W[9]},UK,kyc;professional,2031-01-01,{W[0]},1
{W[10]},UK,kyc,,,-5
{W[11]},UK,kyc;200,,,1
"""


@pytest.fixture
def bad_file(tmp_path) -> Path:
    path = tmp_path / "bad.csv"
    path.write_text(BAD_FILE)
    return path


def test_every_problem_is_reported_with_its_line_and_column(bad_file):
    with pytest.raises(InvalidRowsError) as info:
        parse_csv(bad_file, decimals=2, now=NOW)
    assert [(e.line, e.column) for e in info.value.errors] == [
        (4, "wallet"),
        (6, "wallet"),
        (7, "country"),
        (8, "claims"),
        (9, "wallet"),
        (10, "expires"),
        (11, "amount"),
        (12, "expires"),
        (13, "identity"),
        (14, ""),
        (15, "expires"),
        (15, "expires"),
        (16, "amount"),
        (17, "claims"),
    ]
    messages = {(e.line, e.column): e.message for e in info.value.errors}
    assert "is not an address" in messages[(4, "wallet")]
    assert f"wrong checksum (expected {W[1]})" in messages[(6, "wallet")]
    assert "Unknown country 'XX'" in messages[(7, "country")]
    assert "Did you mean 'accredited'?" in messages[(8, "claims")]
    assert messages[(9, "wallet")] == f"{W[0]} is already on line 3."
    assert "'2030-02-30' is not a date" in messages[(10, "expires")]
    assert messages[(11, "amount")] == (
        "amount 1.234 is finer than the token allows (at most 2 decimal places): it is not a whole number of base "
        "units at 2 decimals."
    )
    assert "2001-01-01 is not in the future" in messages[(12, "expires")]
    assert messages[(13, "identity")] == "identity cannot be the zero address."
    assert messages[(14, "")] == "7 fields, but the header has 6."
    assert f"identity {W[0]} has claim kyc expiring 2031-01-01 here but 2030-01-01 on line 3." in [
        e.message for e in info.value.errors if e.line == 15
    ]
    assert "'-5' is not an amount" in messages[(16, "amount")]
    assert "out of range" in messages[(17, "claims")]
    assert str(info.value).startswith(f"{bad_file}: 14 problems, nothing was sent:\n  line 4 (wallet): ")


def test_whole_units_token_refuses_any_decimal(tmp_path):
    path = write_csv(tmp_path / "shares.csv", [f"{W[0]},UK,kyc,,,10.5", f"{W[1]},UK,kyc,,,10.000"])
    with pytest.raises(InvalidRowsError) as info:
        parse_csv(path, decimals=0, now=NOW)
    assert [(e.line, e.column, e.message) for e in info.value.errors] == [
        (2, "amount", ("amount 10.5 is finer than the token allows (whole tokens): it is not a whole number of "
                       "base units at 0 decimals."))
    ]


def test_amounts_are_exact_to_the_last_digit_and_bounded(tmp_path):
    big = "9" * 79
    path = write_csv(tmp_path / "exact.csv", [f"{W[0]},UK,kyc,,,12345678901.123456789012345678", f"{W[1]},UK,kyc,,,{big}"])
    with pytest.raises(InvalidRowsError) as info:
        parse_csv(path, decimals=18, now=NOW)
    assert [(e.line, e.column) for e in info.value.errors] == [(3, "amount")]
    assert "more than any token amount" in info.value.errors[0].message
    path = write_csv(tmp_path / "exact.csv", [f"{W[0]},UK,kyc,,,12345678901.123456789012345678"])
    assert parse_csv(path, decimals=18, now=NOW)[0].amount == 12345678901123456789012345678


def test_header_problems_are_reported_on_the_header_line(tmp_path):
    path = tmp_path / "header.csv"
    path.write_text(f"\n# comment\nwalet,country,claim,expires,amount,amount\n{W[0]},UK,kyc,,1,1\n")
    with pytest.raises(InvalidRowsError) as info:
        parse_csv(path, decimals=0, now=NOW)
    columns = "columns are wallet, country, claims, expires, identity, amount, onchainid, type."
    assert [(e.line, e.column, e.message) for e in info.value.errors] == [
        (3, "walet", f"unknown column 'walet' (did you mean 'wallet'?); {columns}"),
        (3, "claim", f"unknown column 'claim' (did you mean 'claims'?); {columns}"),
        (3, "wallet", "missing column 'wallet'."),
        (3, "claims", "missing column 'claims'."),
        (3, "amount", "column 'amount' appears twice."),
    ]


def test_an_empty_file_has_no_header(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("# nothing here\n\n")
    with pytest.raises(InvalidRowsError, match="line 1: no header"):
        parse_csv(path, decimals=0, now=NOW)


def test_valid_file_gives_typed_rows_in_file_order(tmp_path):
    path = tmp_path / "good.csv"
    lowercase = W[2].lower()
    path.write_bytes(
        (
            "\ufeffWallet, Country ,claims,expires,identity,amount\n"
            f"{W[0]},826,KYC; Professional,2030-06-30,,1500.5\n"
            "\n"
            f"{W[1]},us,3,2030-06-30T12:00:00+02:00,{W[0]},0.25\n"
            f"{lowercase},FRA,aml,,,\n"
        ).encode()
    )
    rows = parse_csv(path, decimals=2, now=NOW)
    june_30 = int(datetime(2030, 6, 30, tzinfo=UTC).timestamp())
    assert rows == [
        Investor(2, W[0], UK, (KYC, PROFESSIONAL), june_30, W[0], 150050),
        Investor(4, W[1], US, (ACCREDITED,), june_30 + 10 * 3600, W[0], 25),
        Investor(5, W[2], FR, (AML,), NO_EXPIRY, W[2], 0),
    ]


def test_one_investor_from_the_command_line_reports_each_bad_field():
    with pytest.raises(InvalidRowsError) as info:
        make_investor(
            wallet="0xnope",
            country="Atlantis",
            claims="kyc,unicorn",
            expires="soon",
            amount="1.5",
            decimals=0,
            now=NOW,
        )
    assert [e.column for e in info.value.errors] == ["wallet", "country", "claims", "expires", "amount"]
    assert str(info.value).startswith("input: 5 problems, nothing was sent:")


def test_import_of_a_bad_file_sends_nothing_and_lists_every_line(web3, suite, owner, url, workdir, bad_file):
    before = (nonce(web3, owner.address), web3.eth.block_number)
    result = CliRunner().invoke(
        cli,
        [
            "investor",
            "import",
            str(bad_file),
            "--rpc-url",
            url,
            "--suite",
            suite.name,
            "--deployments",
            str(suite.deployments),
        ],
    )
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert lines[0] == f"error: {bad_file}: 14 problems, nothing was sent:"
    assert [line.split(":")[0].strip() for line in lines[1:]] == [
        "line 4 (wallet)",
        "line 6 (wallet)",
        "line 7 (country)",
        "line 8 (claims)",
        "line 9 (wallet)",
        "line 10 (expires)",
        "line 11 (amount)",
        "line 12 (expires)",
        "line 13 (identity)",
        "line 14",
        "line 15 (expires)",
        "line 15 (expires)",
        "line 16 (amount)",
        "line 17 (claims)",
    ]
    assert (nonce(web3, owner.address), web3.eth.block_number) == before
    assert not (workdir / ".sectoken").exists()


def test_what_the_chain_would_refuse_is_found_before_sending(web3, suite, owner, tmp_path):
    """A wallet registered to another identity, a topic the signer may not attest, and an amount for a
    wallet that would lack the required KYC: all reported by line, nothing sent."""
    send(web3, owner, suite.registry.functions.registerIdentity(W[12], W[13], UK))
    path = write_csv(
        tmp_path / "chain.csv",
        [
            f"{W[14]},UK,kyc;professional,,,5",
            f"{W[12]},UK,kyc,,,",
            f"{W[15]},US,kyc;9,,,",
            f"{W[16]},US,aml,,,7",
            f"{W[17]},US,aml,,,",
        ],
    )
    rows = parse_csv(path, decimals=2)
    before = (nonce(web3, owner.address), web3.eth.block_number)
    with pytest.raises(InvalidRowsError) as info:
        onboard(web3, owner, suite.contracts, rows, batch_size=10)
    assert [(e.line, e.column) for e in info.value.errors] == [(0, ""), (3, "wallet"), (5, "claims")]
    first, registered, unverified = (e.message for e in info.value.errors)
    assert first.startswith(f"{owner.address} is not a trusted issuer of claim topics 9 (9)")
    assert registered.startswith(f"{W[12]} is already registered with identity {W[13]} and country 826")
    assert unverified.startswith(f"{W[16]} would not be verified (the registry requires kyc)")
    assert (nonce(web3, owner.address), web3.eth.block_number) == before
