"""Suite configuration: the worked example reads into typed settings, and every mistake is reported as
file:line with what to do about it."""

import json
import textwrap
from pathlib import Path

import pytest
from eth_utils.address import to_checksum_address

from sectoken.config import DEPLOYER, load_config, parse_config
from sectoken.errors import ConfigError
from tests.chainless import isolation  # noqa: F401  (no chain snapshot around these tests)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "uk-us-bond.yaml"
DAY, YEAR = 86400, 365 * 86400
KYC, ACCREDITED, PROFESSIONAL, HNW, SOPHISTICATED = 1, 3, 5, 6, 7

MINIMAL = """\
name: minimal
token:
  name: Minimal Share
  symbol: MIN
  decimals: 0
jurisdictions: [uk-professional]
"""


def write(tmp_path, text, name="suite.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def error_of(tmp_path, text):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    return str(raised.value), path


def line_of(text, needle):
    return next(i for i, line in enumerate(textwrap.dedent(text).splitlines(), 1) if needle in line)


def test_the_example_reads_into_typed_settings():
    config = load_config(EXAMPLE)
    assert config.name == "uk-us-bond" and config.source == EXAMPLE
    assert (config.token.name, config.token.symbol, config.token.decimals) == ("UK-US Bond 2030", "UUB30", 0)
    assert [pack.name for pack in config.jurisdictions] == ["uk-us-bridge"]
    composed = config.compliance()
    assert composed.modules() == (
        "CountryAllowModule",
        "InvestorEligibilityModule",
        "InvestorTypeModule",
        "LockUpModule",
        "TransferLimitsModule",
        "MaxBalanceModule",
        "MaxHoldersModule",
        "NonAccreditedHoldersModule",
        "SupplyLimitModule",
    )
    assert composed.countries_allowed == (826, 840)
    assert composed.lockup_by_country == {840: YEAR}
    assert (composed.max_balance, composed.supply_limit, composed.holder_cap) == (250_000, 1_000_000, 2000)
    assert composed.country_holder_caps == {}
    assert composed.non_accredited_cap == 500 and not composed.spender_check
    assert config.parameters == {"uk-us-bridge": {"issuer": "non-reporting", "offering": "506c"}}
    assert config.closing is None and config.operators == ()
    assert composed.transfer_limits == {DAY: 50_000}
    assert config.required_topics() == (KYC,)
    assert config.topics_used() == (KYC, ACCREDITED, PROFESSIONAL, HNW, SOPHISTICATED)
    (issuer,) = config.registry.trusted_issuers
    assert issuer.account == DEPLOYER and issuer.topics is None
    assert config.agents == (DEPLOYER,)
    coin = config.stablecoin
    assert coin is not None and (coin.symbol, coin.currency, coin.decimals) == ("stUSD", "USD", 6)
    assert [(m.account, m.allowance) for m in coin.minters] == [(DEPLOYER, 10_000_000 * 10**6)]
    assert coin.reserve is not None and coin.reserve.amount == 25_000_000 * 10**6
    assert coin.reserve.report_uri.startswith("https://") and coin.reserve.report_hash == bytes(32)
    assert coin.max_attestation_age == 30 * DAY
    assert config.settlement and config.distribution


def test_the_record_form_is_plain_json_in_base_units():
    data = json.loads(json.dumps(load_config(EXAMPLE).to_json()))
    assert data["compliance"]["modules"][:2] == ["CountryAllowModule", "InvestorEligibilityModule"]
    assert data["compliance"]["lockUpByCountry"] == {"840": YEAR}
    assert data["stablecoin"]["minters"] == [{"account": "deployer", "allowance": 10**13}]
    assert data["registry"]["trustedIssuers"] == [{"account": "deployer", "topics": "all"}]
    assert data["packParameters"] == {"uk-us-bridge": {"issuer": "non-reporting", "offering": "506c"}}
    assert (data["closing"], data["operators"]) == (None, [])
    assert data["compliance"]["entityEligibility"] == {"826": {"anyOf": 1 << PROFESSIONAL, "allOf": 1 << KYC}}
    assert data["compliance"]["nonAccreditedHolderCap"] == 500 and data["compliance"]["spenderCheck"] is False
    assert data["compliance"]["flowbackPeriod"] is None and data["compliance"]["minimumHoldingByCountry"] == {}


def test_a_minimal_suite_has_defaults_and_whole_units(tmp_path):
    config = load_config(write(tmp_path, MINIMAL))
    assert config.token.decimals == 0 and config.stablecoin is None
    assert not config.settlement and not config.distribution
    assert config.registry.storage is None and config.registry.trusted_issuers[0].account == DEPLOYER


def test_overrides_replace_what_the_packs_composed_and_null_removes(tmp_path):
    config = load_config(
        write(
            tmp_path,
            MINIMAL.replace("decimals: 0", "decimals: 2")
            + """\
modules:
  countries-allowed: [GB, 840, ie]
  countries_restricted: KP, IR
  max_balance: 1_000.25
  max_holders: {total: 99, US: 10, GB: null}
  lock_up: {default: 40 days, US: 12 months}
  transfer_limits:
    - {window: 1 week, max: 5}
    - {window: 3600, max: 1.5}
settlement: true
distribution: {enabled: false}
""",
        )
    )
    composed = config.compliance()
    assert composed.countries_allowed == (826, 840, 372)
    assert composed.countries_restricted == (408, 364)
    assert composed.max_balance == 100_025
    assert composed.holder_cap == 99 and composed.country_holder_caps == {840: 10}
    assert composed.lockup_default == 40 * DAY and composed.lockup_by_country == {840: YEAR}
    assert composed.transfer_limits == {7 * DAY: 500, 3600: 150}
    assert config.settlement and not config.distribution
    removed = load_config(write(tmp_path, MINIMAL + "modules:\n  countries_allowed: null\n", "removed.yaml"))
    assert removed.compliance().countries_allowed is None
    assert "CountryAllowModule" not in removed.compliance().modules()


def test_explicit_accounts_are_checksummed(tmp_path):
    agent = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"
    config = load_config(
        write(
            tmp_path,
            MINIMAL
            + f"""\
agents: ["{agent}"]
registry:
  trusted_issuers:
    - account: deployer
      topics: all
    - account: "{agent}"
      topics: [kyc]
""",
        )
    )
    assert config.agents == (DEPLOYER, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8")
    assert config.registry.trusted_issuers[1].topics == (KYC,)


PARAMETERS = """\
name: params
token: {name: Params, symbol: PRM, decimals: 2}
jurisdictions:
  - uk-professional
  - {name: us-reg-d, issuer: reporting, offering: 506b}
  - name: us-reg-s
    category: 3
    Security: equity
closing: 2026-03-31T16:00:00Z
operators: [deployer, "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"]
modules:
  spender_check: true
"""
OPERATOR = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
DEPLOYER_ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
CLOSING = 1_774_972_800  # 2026-03-31T16:00:00Z


def test_pack_parameters_closing_and_operators(tmp_path):
    config = load_config(write(tmp_path, PARAMETERS))
    assert [pack.name for pack in config.jurisdictions] == ["uk-professional", "us-reg-d", "us-reg-s"]
    assert config.parameters == {
        "us-reg-d": {"issuer": "reporting", "offering": "506b"},
        "us-reg-s": {"category": "3", "security": "equity", "issuer": "reporting"},
    }
    assert config.closing == CLOSING and config.operators == (DEPLOYER, OPERATOR)
    composed = config.compliance()
    assert composed.lockup_by_country == {840: YEAR // 2}  # a reporting issuer's Rule 144 hold
    assert composed.non_accredited_cap == 35  # 506(b)
    assert composed.flowback_period == YEAR // 2  # category 3 equity of a reporting issuer
    assert ACCREDITED in config.topics_used() and 8 in config.topics_used()
    calls = config.module_calls(DEPLOYER_ADDRESS, deployed_at=1, operators=["0x" + "ab" * 20])
    assert [c.args for c in calls if c.module == "SpenderModule"] == [
        (DEPLOYER_ADDRESS, True), (OPERATOR, True), (to_checksum_address("0x" + "ab" * 20), True)
    ]
    assert [c.args for c in calls if c.function == "setFlowbackEnd"] == [(CLOSING + YEAR // 2,)]
    data = json.loads(json.dumps(config.to_json()))
    assert data["packParameters"] == {"us-reg-d": config.parameters["us-reg-d"],
                                      "us-reg-s": config.parameters["us-reg-s"]}
    assert data["closing"] == CLOSING and data["operators"] == ["deployer", OPERATOR]
    assert data["compliance"]["flowbackPeriod"] == YEAR // 2 and data["compliance"]["nonAccreditedHolderCap"] == 35


@pytest.mark.parametrize("closing, expected", [
    ("2026-03-31", 1_774_915_200),
    ("'2026-03-31T16:00:00'", CLOSING),
    ("2026-03-31T18:00:00+02:00", CLOSING),
    ("2026-03-31 16:00:00Z", CLOSING),
])
def test_closing_is_an_iso_date_or_date_time_in_utc_by_default(tmp_path, closing, expected):
    assert load_config(write(tmp_path, MINIMAL + f"closing: {closing}\n")).closing == expected


def test_without_a_closing_the_flowback_runs_from_the_deployment(tmp_path):
    config = load_config(write(tmp_path, MINIMAL.replace("[uk-professional]", "[us-reg-s]")))
    assert config.closing is None
    calls = config.module_calls(DEPLOYER_ADDRESS, deployed_at=1_000)
    assert [c.args for c in calls if c.module == "FlowbackModule"] == [(1_000 + 40 * DAY,), (8,)]


def test_overrides_of_the_new_rules(tmp_path):
    config = load_config(write(tmp_path, MINIMAL.replace("decimals: 0", "decimals: 2").replace(
        "[uk-professional]", "[{name: us-reg-d, offering: 506b}, us-reg-s]") + """\
modules:
  flowback: 6 months
  non_accredited_holders: 10
  minimum_holding: {default: 1.5, GB: 20, US: null}
  full_transfer: true
  minimum_transfer: {GB: 0.5}
  spender_check: false
"""))
    composed = config.compliance()
    assert composed.flowback_period == YEAR // 2
    assert composed.non_accredited_cap == 10
    assert composed.minimum_holding == 150 and composed.minimum_holding_by_country == {826: 2000}
    assert composed.full_transfer and composed.minimum_transfer_by_country == {826: 50}
    assert not composed.spender_check and "SpenderModule" not in composed.modules()
    assert composed.modules() == ("CountryAllowModule", "FlowbackModule",
                                  "InvestorEligibilityModule", "LockUpModule", "MinimumTransferModule",
                                  "MinimumHoldingModule", "MaxHoldersModule", "NonAccreditedHoldersModule")
    removed = load_config(write(tmp_path, MINIMAL.replace("[uk-professional]", "[us-reg-d, us-reg-s]") + """\
modules:
  flowback: null
  non_accredited_holders: null
  minimum_holding: 5
""", "removed.yaml")).compliance()
    assert removed.flowback_period is None and removed.non_accredited_cap is None
    assert removed.minimum_holding == 5
    assert "FlowbackModule" not in removed.modules() and "NonAccreditedHoldersModule" not in removed.modules()


BAD = [
    (
        "unknown pack parameter",
        MINIMAL.replace("[uk-professional]", "\n  - {name: us-reg-d, isuer: reporting}"),
        "isuer",
        "pack us-reg-d has no parameter 'isuer'. Did you mean 'issuer'? Its parameters: issuer, offering.",
    ),
    (
        "unknown value of a pack parameter",
        MINIMAL.replace("[uk-professional]", "\n  - name: us-reg-d\n    offering: 506a"),
        "506a",
        "parameter 'offering' of pack us-reg-d is one of 506b, 506c, not '506a' (declared at /",
    ),
    (
        "parameters of a pack without any",
        MINIMAL.replace("[uk-professional]", "\n  - {name: uk-professional, offering: 506b}"),
        "offering",
        "pack uk-professional has no parameter 'offering'. It has no parameters.",
    ),
    (
        "a pack with parameters but no name",
        MINIMAL.replace("[uk-professional]", "\n  - {issuer: reporting}"),
        "issuer",
        "a jurisdiction pack with parameters needs its 'name'",
    ),
    (
        "bad closing",
        MINIMAL + "closing: next tuesday\n",
        "closing",
        "'closing' must be an ISO 8601 date or date-time",
    ),
    (
        "bad operator",
        MINIMAL + "operators: [treasury]\n",
        "operators",
        "is not an address",
    ),
    (
        "bad full_transfer",
        MINIMAL + "modules:\n  full_transfer: sometimes\n",
        "full_transfer",
        "full_transfer must be true or false",
    ),
    (
        "minimum_transfer with a default",
        MINIMAL + "modules:\n  minimum_transfer:\n    default: 5\n",
        "default",
        "minimum_transfer is set per sender country: it has no default.",
    ),
    (
        "minimum_holding given twice for a country",
        MINIMAL + "modules:\n  minimum_holding: {GB: 5, UK: 6}\n",
        "minimum_holding",
        "UK is given twice in minimum_holding.",
    ),
    (
        "minimum_transfer without countries",
        MINIMAL + "modules:\n  minimum_transfer: 5\n",
        "minimum_transfer",
        "minimum_transfer maps sender countries to amounts",
    ),
    (
        "unknown pack",
        MINIMAL.replace("[uk-professional]", "\n  - uk-professional\n  - uk-profesional"),
        "uk-profesional",
        "Unknown jurisdiction pack 'uk-profesional'",
    ),
    (
        "unknown key with a suggestion",
        MINIMAL.replace("  symbol: MIN", "  symbol: MIN\n  decimels: 2"),
        "decimels",
        "unknown key 'decimels' in 'token'. Did you mean 'decimals'?",
    ),
    (
        "unknown top-level key",
        MINIMAL + "stablecoins:\n  name: x\n",
        "stablecoins",
        "Did you mean 'stablecoin'?",
    ),
    (
        "bad address",
        MINIMAL + "agents:\n  - deployer\n  - 0x1234\n",
        "0x1234",
        "is not an address",
    ),
    (
        "wrong checksum",
        MINIMAL + 'agents: ["0x70997970C51812DC3A010C7D01B50E0D17DC79c8"]\n',
        "agents",
        "wrong checksum",
    ),
    (
        "zero address",
        MINIMAL + 'agents: ["0x0000000000000000000000000000000000000000"]\n',
        "agents",
        "cannot be the zero address",
    ),
    (
        "negative amount",
        MINIMAL + "modules:\n  max_balance: -5\n",
        "max_balance",
        "max_balance must not be negative",
    ),
    (
        "amount finer than the decimals",
        MINIMAL + "modules:\n  supply_limit: 10.5\n",
        "supply_limit",
        "not a whole number of base units at 0 decimals",
    ),
    (
        "zero amount",
        MINIMAL + "modules:\n  max_balance: 0\n",
        "max_balance",
        "must be above zero (write null to remove the setting)",
    ),
    (
        "bad period",
        MINIMAL + "modules:\n  lock_up: 3 fortnights\n",
        "lock_up",
        "is not a period like '40 days'",
    ),
    (
        "lock-up too long",
        MINIMAL + "modules:\n  lock_up: 11 years\n",
        "lock_up",
        "at most 10 years",
    ),
    (
        "unknown country",
        MINIMAL + "modules:\n  countries_allowed: [GB, XX]\n",
        "countries_allowed",
        "Unknown country 'XX'",
    ),
    (
        "unknown claim topic",
        MINIMAL + "registry:\n  trusted_issuers:\n    - account: deployer\n      topics: [kyc, acredited]\n",
        "topics",
        "Did you mean 'accredited'?",
    ),
    (
        "no issuer for a topic the suite checks",
        MINIMAL + "registry:\n  trusted_issuers:\n    - account: deployer\n      topics: [kyc]\n",
        "registry:",
        "no trusted issuer attests professional, hnw, sophisticated",
    ),
    (
        "bad suite name",
        MINIMAL.replace("name: minimal", "name: my suite!"),
        "my suite!",
        "Invalid suite name",
    ),
    (
        "decimals out of range",
        MINIMAL.replace("decimals: 0", "decimals: 19"),
        "decimals",
        "token decimals must be between 0 and 18",
    ),
    (
        "duplicate key",
        MINIMAL.replace("  symbol: MIN", "  symbol: MIN\n  symbol: MAX"),
        "MAX",
        "duplicate key 'symbol'",
    ),
    (
        "bad currency",
        MINIMAL + "stablecoin:\n  name: Coin\n  symbol: C\n  currency: dollars\n",
        "currency",
        "ISO 4217",
    ),
    (
        "negative minter allowance",
        MINIMAL + "stablecoin:\n  name: Coin\n  symbol: C\n  minters:\n    - {account: deployer, allowance: -1}\n",
        "allowance",
        "minter allowance must not be negative",
    ),
    (
        "bad report hash",
        MINIMAL + "stablecoin:\n  name: Coin\n  symbol: C\n  reserve: {amount: 5, report_hash: 0x12}\n",
        "report_hash",
        "report_hash must be 0x followed by 64",
    ),
    (
        "missing token symbol",
        MINIMAL.replace("  symbol: MIN\n", ""),
        "token:",
        "'token' needs a 'symbol' key",
    ),
    (
        "settlement not a boolean",
        MINIMAL + "settlement: maybe\n",
        "settlement",
        "'settlement' must be true or false",
    ),
    (
        "not valid YAML",
        MINIMAL + "modules: [unclosed\n",
        "modules",
        "not valid YAML",
    ),
]


@pytest.mark.parametrize(("text", "needle", "expected"), [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_each_mistake_names_the_file_and_line(tmp_path, text, needle, expected):
    message, path = error_of(tmp_path, text)
    line = line_of(text, needle)
    assert message.startswith(f"{path}:"), message
    reported = int(message.split(":")[1])
    # YAML reports an unclosed flow at the end of the file; everything else points at its own line.
    assert reported == line or (expected == "not valid YAML" and reported >= line), (message, line)
    assert expected in message


def test_a_missing_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="no such configuration file"):
        load_config(tmp_path / "nope.yaml")


def test_text_is_parsed_with_its_source_name():
    with pytest.raises(ConfigError, match=r"^inline:1: the configuration is empty"):
        parse_config("", source="inline")
    assert parse_config(MINIMAL, source="inline").source is None
