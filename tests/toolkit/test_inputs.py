"""The one input layer: amounts exact or refused at every decimals, one topic limit (0-95), every country, and
the same refusal arriving at each place a value is typed (suite file, rule pack, CSV row, command line, typed
client), with that place's file:line, line and column, or option."""

from __future__ import annotations

from decimal import Decimal

import pytest
from click.testing import CliRunner
from eth_account import Account
from eth_utils.address import to_checksum_address
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError
from web3 import Web3

from sectoken.cli import cli
from sectoken.config import parse_config
from sectoken.contracts.registry import IdentityRegistry
from sectoken.contracts.token import SecurityToken
from sectoken.countries import COUNTRIES
from sectoken.errors import ConfigError, ValidationError
from sectoken.inputs import (
    MAX_UINT256,
    TOPICS,
    Address,
    Country,
    Period,
    Topic,
    field_errors,
    format_amount,
    parse_address,
    parse_amount,
    parse_country,
    parse_period,
    parse_topic,
    uint_max,
)
from sectoken.investors import InvalidRowsError, make_investor, parse_csv
from sectoken.jurisdictions import load_pack
from tests.chainless import isolation  # noqa: F401  (no chain snapshot around these tests)

ADDRESS = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
MINIMAL = "name: minimal\ntoken: {name: Minimal, symbol: MIN, decimals: 0}\njurisdictions: [uk-professional]\n"
TOPIC_96 = "Claim topic 96 is out of range: topics are 0-95"

decimals = st.integers(min_value=0, max_value=18)


# --- amounts --------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(units=st.integers(min_value=0, max_value=MAX_UINT256), places=decimals)
def test_every_amount_round_trips_exactly_at_every_decimals(units, places):
    text = format_amount(units, places, grouping=False)
    assert parse_amount(text, places, allow_zero=True) == units
    assert parse_amount(Decimal(text), places, allow_zero=True) == units
    grouped = format_amount(units, places)
    assert parse_amount(grouped, places, allow_zero=True) == units  # "1,000.5" as shown is read back too


@settings(max_examples=200, deadline=None)
@given(units=st.integers(min_value=1, max_value=MAX_UINT256 // 10), places=st.integers(min_value=0, max_value=17))
def test_a_digit_finer_than_the_decimals_is_refused_quoting_what_was_typed(units, places):
    text = format_amount(units, places, grouping=False)
    finer = f"{text}{'' if '.' in text else '.'}{'0' * (places - len(text.partition('.')[2]))}1"
    with pytest.raises(ValidationError) as info:
        parse_amount(finer, places)
    assert f"amount {finer} is finer than the token allows" in str(info.value)


@settings(max_examples=200, deadline=None)
@given(digits=st.text(alphabet="0123456789", min_size=78, max_size=78), first=st.sampled_from("123456789"),
       places=decimals)
def test_79_digit_amounts_are_refused_quoting_what_was_typed(digits, first, places):
    typed = first + digits  # 79 digits: more than any uint256 holds, whatever the decimals
    with pytest.raises(ValidationError) as info:
        parse_amount(typed, places)
    assert str(info.value).startswith(f"amount {typed} is more than any token amount")


@settings(max_examples=100, deadline=None)
@given(units=st.integers(min_value=0, max_value=uint_max(112)), over=st.integers(min_value=1, max_value=10**40),
       places=decimals)
def test_amounts_are_checked_against_the_field_they_land_in(units, over, places):
    assert parse_amount(format_amount(units, places, grouping=False), places, allow_zero=True, bits=112) == units
    too_much = format_amount(uint_max(112) + over, places, grouping=False)
    with pytest.raises(ValidationError, match=r"the contract keeps it in 112 bits"):
        parse_amount(too_much, places, bits=112)


# --- topics, countries, addresses, periods ------------------------------------------------------


@given(st.integers(min_value=0, max_value=95))
def test_topics_0_to_95_are_accepted_as_numbers_and_text(topic):
    assert parse_topic(topic) == parse_topic(str(topic)) == topic


@given(st.integers(min_value=96, max_value=2**300))
def test_topics_from_96_are_refused_everywhere_alike(topic):
    with pytest.raises(ValidationError, match="out of range: topics are 0-95"):
        parse_topic(topic)
    with pytest.raises(ValidationError, match="out of range: topics are 0-95"):
        parse_topic(str(topic))


def test_topic_names_map_to_their_numbers():
    for name, number in TOPICS.items():
        assert parse_topic(name.upper().replace("-", "_")) == number


@given(st.sampled_from(COUNTRIES))
def test_every_country_reads_the_same_in_every_form(country):
    assert parse_country(country.numeric) == parse_country(str(country.numeric).zfill(3)) == country.numeric
    assert parse_country(country.alpha2.lower()) == parse_country(country.alpha3) == country.numeric


@given(st.integers(min_value=-10, max_value=2000).filter(lambda n: n not in {c.numeric for c in COUNTRIES}))
def test_numbers_that_are_no_country_are_refused(number):
    with pytest.raises(ValidationError, match="Unknown ISO 3166-1 numeric country code"):
        parse_country(number)


@given(st.binary(min_size=20, max_size=20))
def test_addresses_in_any_case_but_a_wrong_checksum(raw):
    lower = "0x" + raw.hex()
    checksummed = to_checksum_address(lower)
    assert parse_address(lower) == parse_address(lower.upper().replace("0X", "0x")) == checksummed
    flipped = next((i for i in range(2, 42) if checksummed[i].isalpha()), None)
    if flipped is not None and checksummed.lower() != checksummed and checksummed[2:].upper() != checksummed[2:]:
        wrong = checksummed[:flipped] + checksummed[flipped].swapcase() + checksummed[flipped + 1:]
        if wrong[2:] not in (wrong[2:].lower(), wrong[2:].upper()):
            with pytest.raises(ValidationError, match="wrong checksum"):
                parse_address(wrong)


@given(st.integers(min_value=1, max_value=10**6), st.sampled_from(["second", "minute", "hour", "day", "week"]))
def test_periods_in_words_or_seconds(count, unit):
    seconds = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800}[unit]
    assert parse_period(f"{count} {unit}{'s' if count > 1 else ''}") == parse_period(str(count * seconds)) == count * seconds


def test_account_objects_stand_for_their_address():
    account = Account.from_key("0x" + "11" * 32)
    assert parse_address(account) == account.address
    with pytest.raises(ValidationError, match="is not an address"):
        parse_address(b"\x11" * 20)


def test_pydantic_types_carry_the_same_messages():
    class Row(BaseModel):
        account: Address
        country: Country
        topic: Topic
        lasts: Period

    row = Row(account=ADDRESS.lower(), country="uk", topic="kyc", lasts="40 days")
    assert (row.account, row.country, row.topic, row.lasts) == (ADDRESS, 826, 1, 40 * 86400)
    with pytest.raises(PydanticValidationError) as info:
        Row(account="0x12", country="XX", topic=96, lasts="3 fortnights")
    errors = dict(field_errors(info.value))
    assert errors["account"] == "account '0x12' is not an address (0x followed by 40 hexadecimal digits)."
    assert errors["country"].startswith("Unknown country 'XX'")
    assert errors["topic"].startswith(TOPIC_96)
    assert errors["lasts"].startswith("lasts '3 fortnights' is not a period like '40 days'")


# --- the same refusal at each input site ----------------------------------------------------------


def test_suite_file_reports_the_shared_refusal_at_its_line():
    with pytest.raises(ConfigError) as info:
        parse_config(MINIMAL + "registry:\n  required_topics: [kyc, 96]\n", "suite.yaml")
    assert str(info.value).startswith(f"suite.yaml:5: {TOPIC_96}")


def test_suite_file_refuses_a_cap_no_contract_field_holds():
    with pytest.raises(ConfigError, match=r"^suite\.yaml:5: max_balance 5192296858534827628530496329220096 is more "
                                          r"than any token amount \(the contract keeps it in 112 bits"):
        parse_config(MINIMAL + f"modules:\n  max_balance: {2**112}\n", "suite.yaml")


def test_rule_pack_refuses_a_composed_cap_beyond_the_field(tmp_path):
    pack = tmp_path / "huge.yaml"
    pack.write_text(f"pack: huge\nsummary: Huge.\nrules:\n  - max-balance: {2**112}\n    basis: B.\n")
    assert load_pack(pack).rules  # read as tokens; the decimals come with the suite
    config = MINIMAL.replace("[uk-professional]", f"['{pack}']")
    with pytest.raises(ConfigError, match=r"^suite\.yaml:3: the composed max-balance of 5192296858534827628530496329220096 "
                                          r"tokens is more than the contract holds"):
        parse_config(config, "suite.yaml")


def test_rule_pack_reports_the_shared_refusal_at_its_line(tmp_path):
    pack = tmp_path / "bad.yaml"
    pack.write_text("pack: bad\nsummary: Bad.\nrules:\n  - required-topics: [kyc, 96]\n    basis: B.\n")
    with pytest.raises(ConfigError) as info:
        load_pack(pack)
    assert str(info.value).startswith(f"{pack}:4: {TOPIC_96}")


def test_csv_row_reports_the_shared_refusals_by_line_and_column(tmp_path):
    path = tmp_path / "investors.csv"
    path.write_text(f"wallet,country,claims,expires,identity,amount\n{ADDRESS},GB,kyc;96,,,{'9' * 79}\n")
    with pytest.raises(InvalidRowsError) as info:
        parse_csv(path, decimals=2, now=0)
    errors = {(e.line, e.column): e.message for e in info.value.errors}
    assert errors[(2, "claims")].startswith(TOPIC_96)
    assert errors[(2, "amount")].startswith(f"amount {'9' * 79} is more than any token amount (the contract keeps it "
                                            "in 112 bits")
    row = make_investor(wallet=ADDRESS.lower(), country=" 826 ", claims=["kyc", 5], amount="1_000.25", decimals=2)
    assert (row.wallet, row.country, row.topics, row.amount) == (ADDRESS, 826, (1, 5), 100_025)


def test_command_line_reports_the_shared_refusals():
    index = next(i for i in range(2, 42) if ADDRESS[i].isalpha())
    wrong = ADDRESS[:index] + ADDRESS[index].swapcase() + ADDRESS[index + 1:]
    result = CliRunner().invoke(cli, ["token", "balance", wrong])
    assert result.exit_code == 2
    assert f"Invalid value for 'WALLET': address {wrong} has a wrong checksum (expected {ADDRESS})" in result.output
    result = CliRunner().invoke(cli, ["topic", "add", "96"])
    assert result.exit_code == 1 and TOPIC_96 in result.output


def test_typed_clients_refuse_before_reaching_the_chain():
    w3 = Web3(Web3.HTTPProvider("http://127.0.0.1:9"))  # nothing listens: a refusal must come first
    token = SecurityToken(w3, ADDRESS)
    with pytest.raises(ValidationError, match=r"^recipient '0x12' is not an address"):
        token.mint("0x12", 1)
    with pytest.raises(ValidationError, match=r"^amount -1 must not be negative|^amount must not be negative"):
        token.mint(ADDRESS, -1)
    with pytest.raises(ValidationError, match=TOPIC_96):
        IdentityRegistry(w3, ADDRESS).add_claim_topic(96)
    with pytest.raises(ValidationError, match=r"is not an address"):
        SecurityToken(w3, "0x1234")
