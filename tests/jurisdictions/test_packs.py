"""The shipped rule packs load, compose as documented, and turn into module configuration."""

import dataclasses
from decimal import Decimal

import pytest

from sectoken.claims import topics_mask
from sectoken.errors import ConfigError, ValidationError
from sectoken.jurisdictions import (
    ComplianceConfig,
    Eligibility,
    EligibilityRule,
    Flowback,
    HolderCap,
    LockUp,
    MinimumHolding,
    MinimumTransfer,
    ModuleCall,
    NonAccreditedHolders,
    SpenderCheck,
    available_packs,
    compose,
    load_pack,
)

DAY = 86400
YEAR = 365 * DAY
MONTH = YEAR // 12
CLOSING = 1_800_000_000
ACCREDITED, NON_US = 3, 8


def test_four_packs_ship():
    assert available_packs() == ("uk-professional", "uk-us-bridge", "us-reg-d", "us-reg-s")


@pytest.mark.parametrize("name", ["uk-professional", "uk-us-bridge", "us-reg-d", "us-reg-s"])
def test_every_rule_and_parameter_has_a_one_line_basis_and_a_location(name):
    pack = load_pack(name)
    assert pack.name == name and pack.summary
    for item in (*pack.rules, *pack.parameters):
        assert item.basis and "\n" not in item.basis
        assert item.location.startswith(f"{pack.path}:")


def test_pack_parameters_and_their_defaults():
    def declared(name):
        return {p.name: (p.values, p.default) for p in load_pack(name).parameters}

    reg_d = {"issuer": (("reporting", "non-reporting"), "non-reporting"), "offering": (("506b", "506c"), "506c")}
    assert declared("us-reg-d") == reg_d
    assert declared("uk-us-bridge") == reg_d
    assert declared("us-reg-s") == {"category": (("1", "2", "3"), "2"), "security": (("equity", "debt"), "debt"),
                                    "issuer": (("reporting", "non-reporting"), "reporting")}
    assert declared("uk-professional") == {}


def test_uk_professional_has_one_rule_for_individuals_and_one_for_entities():
    pack = load_pack("uk-professional")
    assert {r.investor_type for r in pack.rules if isinstance(r, Eligibility)} == {"individual", "entity"}
    config = compose([pack])
    assert config.required_topics == (1,)
    assert config.countries_allowed == (826,)
    assert config.eligibility == {826: EligibilityRule(any_of=topics_mask(["professional", "hnw", "sophisticated"]),
                                                       all_of=topics_mask(["kyc"]))}
    assert config.entity_eligibility == {826: EligibilityRule(topics_mask(["professional"]), topics_mask(["kyc"]))}
    assert config.modules() == ("CountryAllowModule", "InvestorEligibilityModule", "InvestorTypeModule")
    assert config.minimum_holding is None and not config.minimum_transfer_by_country
    assert config.module_calls() == [
        ModuleCall("CountryAllowModule", "allowCountries", ([826],)),
        ModuleCall("InvestorEligibilityModule", "setEligibilityRule",
                   (826, topics_mask(["professional", "hnw", "sophisticated"]), topics_mask(["kyc"]))),
        ModuleCall("InvestorTypeModule", "setEntityEligibility",
                   (826, topics_mask(["professional"]), topics_mask(["kyc"]))),
    ]


def test_us_reg_d_defaults_to_a_506c_offering_of_a_non_reporting_issuer():
    pack = load_pack("us-reg-d")
    cap, reporting, non_reporting = (next(r for r in pack.rules if r.basis.startswith(start)) for start in (
        "Section 12(g) of the Exchange Act", "Tokens bought in the offering are restricted securities; a reporting",
        "Tokens bought in the offering are restricted securities; a non-reporting"))
    assert cap == HolderCap(cap.basis, cap.location, None, 2000)
    assert reporting == LockUp(reporting.basis, reporting.location, 840, 6 * MONTH, when=(("issuer", ("reporting",)),))
    assert non_reporting == LockUp(non_reporting.basis, non_reporting.location, 840, YEAR,
                                   when=(("issuer", ("non-reporting",)),))
    config = compose([pack])
    assert config.eligibility == {840: EligibilityRule(0, topics_mask(["kyc", "accredited"]))}
    assert config.holder_cap == 2000 and config.country_holder_caps == {}
    assert (config.non_accredited_cap, config.accredited_topic) == (500, ACCREDITED)
    assert config.lockup_by_country == {840: YEAR}
    assert not config.spender_check  # an issuer's choice, not the pack's (see the packs' README)
    assert config.modules() == ("CountryAllowModule", "InvestorEligibilityModule", "LockUpModule",
                                "MaxHoldersModule", "NonAccreditedHoldersModule")
    assert config.module_calls() == [
        ModuleCall("CountryAllowModule", "allowCountries", ([840],)),
        ModuleCall("InvestorEligibilityModule", "setEligibilityRule", (840, 0, topics_mask(["kyc", "accredited"]))),
        ModuleCall("LockUpModule", "setLockUpPeriod", (840, YEAR)),
        ModuleCall("MaxHoldersModule", "setHolderCap", (2000,)),
        ModuleCall("NonAccreditedHoldersModule", "setNonAccreditedHolders", (500, ACCREDITED)),
    ]


@pytest.mark.parametrize("issuer, hold", [("reporting", 6 * MONTH), ("non-reporting", YEAR)])
@pytest.mark.parametrize("offering, any_of, all_of, cap", [
    ("506c", 0, topics_mask(["kyc", "accredited"]), 500),
    ("506b", topics_mask(["accredited", "sophisticated"]), topics_mask(["kyc"]), 35),
])
def test_us_reg_d_parameters_choose_the_hold_the_investors_and_the_non_accredited_cap(
    issuer, hold, offering, any_of, all_of, cap
):
    config = compose([load_pack("us-reg-d")], parameters={"us-reg-d": {"issuer": issuer, "offering": offering}})
    assert config.lockup_by_country == {840: hold}
    assert config.eligibility == {840: EligibilityRule(any_of, all_of)}
    assert config.non_accredited_cap == cap and config.holder_cap == 2000
    calls = config.module_calls()
    assert ModuleCall("LockUpModule", "setLockUpPeriod", (840, hold)) in calls
    assert ModuleCall("InvestorEligibilityModule", "setEligibilityRule", (840, any_of, all_of)) in calls
    assert ModuleCall("NonAccreditedHoldersModule", "setNonAccreditedHolders", (cap, ACCREDITED)) in calls


@pytest.mark.parametrize("category, security, issuer, period", [
    (1, "equity", "non-reporting", None),
    (1, "debt", "reporting", None),
    (2, "equity", "non-reporting", 40 * DAY),
    (2, "debt", "reporting", 40 * DAY),
    (3, "debt", "non-reporting", 40 * DAY),
    (3, "equity", "reporting", 6 * MONTH),
    (3, "equity", "non-reporting", YEAR),
])
def test_us_reg_s_category_sets_the_flowback_period(category, security, issuer, period):
    chosen = {"category": category, "security": security, "issuer": issuer}
    config = compose([load_pack("us-reg-s")], parameters={"us-reg-s": chosen})
    assert config.flowback_period == period
    # no permanent ban on the US: the flowback period keeps US persons out while it runs
    assert config.required_topics == (1,) and config.countries_restricted == ()
    assert config.lockup_default == 40 * DAY  # the lock-up as before, whatever the category
    calls = config.module_calls(closing=CLOSING)
    if period is None:
        assert "FlowbackModule" not in config.modules()
        assert all(call.module != "FlowbackModule" for call in calls)
    else:
        assert config.modules() == ("FlowbackModule", "LockUpModule")
        assert calls == [
            ModuleCall("FlowbackModule", "setFlowbackEnd", (CLOSING + period,)),
            ModuleCall("FlowbackModule", "setNonUsPersonTopic", (NON_US,)),
            ModuleCall("LockUpModule", "setDefaultLockUpPeriod", (40 * DAY,)),
        ]


def test_us_reg_s_defaults_to_category_2():
    config = compose([load_pack("us-reg-s")])
    assert config.flowback_period == 40 * DAY and config.flowback_end(CLOSING) == CLOSING + 40 * DAY


def test_a_flowback_period_needs_the_closing_time():
    config = compose([load_pack("us-reg-s")])
    with pytest.raises(ConfigError, match=r"flowback period of 3456000 seconds from the offering's closing: pass "
                                          r"the closing time"):
        config.module_calls()
    with pytest.raises(ConfigError, match="beyond what the module stores"):
        config.module_calls(closing=2**64 - 10)
    assert compose([load_pack("us-reg-d")]).module_calls() == compose([load_pack("us-reg-d")]).module_calls(closing=0)


@pytest.mark.parametrize("issuer", ["reporting", "non-reporting"])
@pytest.mark.parametrize("offering", ["506b", "506c"])
def test_bridge_is_uk_professional_composed_with_us_reg_d(issuer, offering):
    chosen = {"issuer": issuer, "offering": offering}
    bridge = compose([load_pack("uk-us-bridge")], parameters={"uk-us-bridge": chosen})
    composed = compose([load_pack("uk-professional"), load_pack("us-reg-d")], parameters={"us-reg-d": chosen})
    assert composed.packs == ("uk-professional", "us-reg-d")
    assert {k: getattr(bridge, k) for k in ComplianceConfig.__dataclass_fields__ if k != "packs"} == \
           {k: getattr(composed, k) for k in ComplianceConfig.__dataclass_fields__ if k != "packs"}


def test_bridge_with_default_parameters_equals_the_composition():
    bridge = compose([load_pack("uk-us-bridge")])
    composed = compose([load_pack("uk-professional"), load_pack("us-reg-d")])
    assert {k: getattr(bridge, k) for k in ComplianceConfig.__dataclass_fields__ if k != "packs"} == \
           {k: getattr(composed, k) for k in ComplianceConfig.__dataclass_fields__ if k != "packs"}


def test_bridge_module_calls():
    operator = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
    assert compose([load_pack("uk-us-bridge")]).module_calls(operators=[operator.lower(), operator]) == [
        ModuleCall("CountryAllowModule", "allowCountries", ([826, 840],)),
        ModuleCall("InvestorEligibilityModule", "setEligibilityRule",
                   (826, topics_mask(["professional", "hnw", "sophisticated"]), topics_mask(["kyc"]))),
        ModuleCall("InvestorEligibilityModule", "setEligibilityRule", (840, 0, topics_mask(["kyc", "accredited"]))),
        ModuleCall("InvestorTypeModule", "setEntityEligibility",
                   (826, topics_mask(["professional"]), topics_mask(["kyc"]))),
        ModuleCall("LockUpModule", "setLockUpPeriod", (840, YEAR)),
        ModuleCall("MaxHoldersModule", "setHolderCap", (2000,)),
        ModuleCall("NonAccreditedHoldersModule", "setNonAccreditedHolders", (500, ACCREDITED)),
    ]


def test_operators_count_only_with_the_spender_check():
    config = compose([load_pack("uk-professional")])
    assert not config.spender_check
    assert config.module_calls(operators=["0x70997970C51812dc3A010C7d01b50e0d17dc79C8"]) == config.module_calls()
    checked = dataclasses.replace(compose([load_pack("us-reg-d")]), spender_check=True)
    assert checked.module_calls(operators=["0x70997970C51812dc3A010C7d01b50e0d17dc79C8"])[0] == ModuleCall(
        "SpenderModule", "setOperator", ("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", True)
    )
    with pytest.raises(ValidationError, match="an operator"):
        checked.module_calls(operators=["0x1234"])


def test_reg_s_with_reg_d_keeps_the_flowback_period_and_the_longest_lock(tmp_path):
    config = compose([load_pack("us-reg-s"), load_pack("us-reg-d")],
                     parameters={"us-reg-s": {"category": 3, "security": "equity"}})
    assert config.countries_allowed == (840,)
    assert config.countries_restricted == ()
    assert config.lockup_default == 40 * 86400
    assert config.lockup_by_country == {840: YEAR}
    assert config.required_topics == (1,)
    assert config.flowback_period == 6 * MONTH and not config.spender_check


def _write(tmp_path, name, body):
    path = tmp_path / f"{name}.yaml"
    path.write_text(body)
    return path


def test_stricter_settings_win(tmp_path):
    a = _write(tmp_path, "a", """pack: a
summary: A.
rules:
  - holder-cap: {max: 500}
    basis: Cap A.
  - holder-cap: {country: US, max: 100}
    basis: US cap A.
  - max-balance: 1000.5
    basis: Max A.
  - supply-limit: 1_000_000
    basis: Supply A.
  - transfer-limit: {window: 1 day, max: 50}
    basis: Daily A.
  - lock-up: {country: GB, period: 10 days}
    basis: Lock A.
  - eligibility: {country: GB, any-of: [professional, hnw], all-of: [kyc]}
    basis: Elig A.
""")
    b = _write(tmp_path, "b", """pack: b
summary: B.
rules:
  - holder-cap: {max: 300}
    basis: Cap B.
  - holder-cap: {country: 840, max: 200}
    basis: US cap B.
  - max-balance: 2000
    basis: Max B.
  - supply-limit: 500000
    basis: Supply B.
  - transfer-limit: {window: 86400, max: 20}
    basis: Daily B.
  - transfer-limit: {window: 1 week, max: 70}
    basis: Weekly B.
  - lock-up: {period: 30 days}
    basis: Lock B.
  - eligibility: {country: UK, any-of: "hnw, sophisticated", all-of: [aml]}
    basis: Elig B.
""")
    config = compose([load_pack(a), load_pack(b)], decimals=2)
    assert config.holder_cap == 300
    assert config.country_holder_caps == {840: 100}
    assert config.max_balance == 100050
    assert config.supply_limit == 50000000
    assert config.transfer_limits == {86400: 2000, 7 * 86400: 7000}
    assert config.lockup_default == 30 * 86400
    assert config.lockup_by_country == {826: 30 * 86400}
    assert config.eligibility == {826: EligibilityRule(topics_mask(["hnw"]), topics_mask(["kyc", "aml"]))}
    assert config.modules() == ("InvestorEligibilityModule", "LockUpModule", "TransferLimitsModule",
                                "MaxBalanceModule", "MaxHoldersModule", "SupplyLimitModule")
    assert load_pack(a).rules[2].amount == Decimal("1000.5")


def test_new_rules_parse_with_their_settings(tmp_path):
    path = _write(tmp_path, "new", """pack: new
summary: Every new rule.
rules:
  - flowback: {period: 6 months}
    basis: F.
  - flowback: {period: 0 days, topic: 9}
    basis: F0.
  - non-accredited-holders: {max: 35, topic: qualified-purchaser}
    basis: N.
  - minimum-holding: {amount: 10.5, full-transfer: true}
    basis: M.
  - minimum-holding: {amount: 100, country: UK}
    basis: MC.
  - minimum-transfer: {country: US, amount: 5}
    basis: T.
  - spender-check: false
    basis: S.
  - eligibility: {country: FR, type: Entity, any-of: [professional]}
    basis: E.
""")
    rules = load_pack(path).rules
    at = [rule.location for rule in rules]
    assert at == [f"{path}:{line}" for line in (4, 6, 8, 10, 12, 14, 16, 18)]
    assert rules[:7] == (
        Flowback("F.", at[0], 6 * MONTH, NON_US),
        Flowback("F0.", at[1], 0, 9),
        NonAccreditedHolders("N.", at[2], 35, 4),
        MinimumHolding("M.", at[3], None, Decimal("10.5"), True),
        MinimumHolding("MC.", at[4], 826, Decimal(100)),
        MinimumTransfer("T.", at[5], 840, Decimal(5)),
        SpenderCheck("S.", at[6], False),
    )
    assert rules[7] == Eligibility("E.", at[7], 250, (), (5,), "entity")


def test_new_rules_compose_stricter_wins(tmp_path):
    a = _write(tmp_path, "a", """pack: a
summary: A.
rules:
  - flowback: {period: 40 days}
    basis: F.
  - non-accredited-holders: {max: 500}
    basis: N.
  - minimum-holding: {amount: 10}
    basis: M.
  - minimum-holding: {country: GB, amount: 5}
    basis: MC.
  - minimum-holding: {country: US, amount: 50}
    basis: MU.
  - minimum-transfer: {country: GB, amount: 2}
    basis: T.
""")
    b = _write(tmp_path, "b", """pack: b
summary: B.
rules:
  - flowback: {period: 1 year}
    basis: F.
  - non-accredited-holders: {max: 35}
    basis: N.
  - minimum-holding: {amount: 20, full-transfer: true}
    basis: M.
  - minimum-transfer: {country: GB, amount: 1}
    basis: T.
  - minimum-transfer: {country: FR, amount: 3}
    basis: T.
  - spender-check: true
    basis: S.
""")
    config = compose([load_pack(a), load_pack(b)], decimals=2)
    assert config.flowback_period == YEAR and config.flowback_topic == NON_US
    assert config.non_accredited_cap == 35
    # the largest minimum; a minimum for every party counts for each country's own too
    assert config.minimum_holding == 2000
    assert config.minimum_holding_by_country == {826: 2000, 840: 5000}
    assert config.full_transfer
    assert config.minimum_transfer_by_country == {826: 200, 250: 300}
    assert config.spender_check
    assert config.modules() == ("SpenderModule", "FlowbackModule", "MinimumTransferModule", "MinimumHoldingModule",
                                "NonAccreditedHoldersModule")
    assert config.module_calls(closing=CLOSING) == [
        ModuleCall("FlowbackModule", "setFlowbackEnd", (CLOSING + YEAR,)),
        ModuleCall("FlowbackModule", "setNonUsPersonTopic", (NON_US,)),
        ModuleCall("MinimumTransferModule", "setCountryMinimumTransfer", (250, 300)),
        ModuleCall("MinimumTransferModule", "setCountryMinimumTransfer", (826, 200)),
        ModuleCall("MinimumHoldingModule", "setMinimumHolding", (2000,)),
        ModuleCall("MinimumHoldingModule", "setCountryMinimumHolding", (826, 2000)),
        ModuleCall("MinimumHoldingModule", "setCountryMinimumHolding", (840, 5000)),
        ModuleCall("MinimumHoldingModule", "setFullTransfer", (True,)),
        ModuleCall("NonAccreditedHoldersModule", "setNonAccreditedHolders", (35, ACCREDITED)),
    ]


def test_typed_eligibility_composes_into_the_individuals_rule_and_the_entity_rule(tmp_path):
    a = _write(tmp_path, "a", """pack: a
summary: A.
rules:
  - eligibility: {country: GB, all-of: [kyc]}
    basis: Both types.
  - eligibility: {country: GB, type: individual, any-of: [hnw, sophisticated]}
    basis: Individuals.
  - eligibility: {country: US, all-of: [kyc, accredited]}
    basis: Untyped only.
""")
    b = _write(tmp_path, "b", """pack: b
summary: B.
rules:
  - eligibility: {country: GB, type: entity, all-of: [aml], any-of: [professional, hnw]}
    basis: Entities.
  - eligibility: {country: FR, type: entity, any-of: [professional]}
    basis: French entities only.
""")
    config = compose([load_pack(a), load_pack(b)])
    # the common rule (code 22): untyped and individual rules
    assert config.eligibility == {
        826: EligibilityRule(topics_mask(["hnw", "sophisticated"]), topics_mask(["kyc"])),
        840: EligibilityRule(0, topics_mask(["kyc", "accredited"])),
    }
    # the entity rule (code 29): untyped and entity rules, only for countries with an entity-typed rule
    assert config.entity_eligibility == {
        826: EligibilityRule(topics_mask(["professional", "hnw"]), topics_mask(["kyc", "aml"])),
        250: EligibilityRule(topics_mask(["professional"]), 0),
    }
    assert config.modules() == ("InvestorEligibilityModule", "InvestorTypeModule")
    assert [c.args for c in config.module_calls() if c.module == "InvestorTypeModule"] == [
        (250, topics_mask(["professional"]), 0),
        (826, topics_mask(["professional", "hnw"]), topics_mask(["kyc", "aml"])),
    ]


def test_uk_professional_with_an_untyped_rule_narrows_both_types(tmp_path):
    extra = _write(tmp_path, "extra", """pack: extra
summary: X.
rules:
  - eligibility: {country: GB, all-of: [aml], any-of: [professional, hnw]}
    basis: X.
""")
    config = compose([load_pack("uk-professional"), load_pack(extra)])
    assert config.eligibility[826] == EligibilityRule(topics_mask(["professional", "hnw"]), topics_mask(["kyc", "aml"]))
    assert config.entity_eligibility[826] == EligibilityRule(topics_mask(["professional"]), topics_mask(["kyc", "aml"]))


def test_when_takes_one_value_or_several(tmp_path):
    path = _write(tmp_path, "p", """pack: p
summary: P.
parameters:
  size:
    values: [Small, medium, large]
    default: small
    basis: How big.
rules:
  - holder-cap: {max: 10}
    when: {size: small}
    basis: Small.
  - holder-cap: {max: 100}
    when: {size: [medium, LARGE]}
    basis: Bigger.
  - max-balance: 5
    basis: Always.
""")
    pack = load_pack(path)
    assert pack.rules[1].when == (("size", ("medium", "large")),)
    assert compose([pack]).holder_cap == 10
    assert compose([pack], parameters={"p": {"size": "Medium"}}).holder_cap == 100
    assert compose([pack], parameters={"p": {"size": "large"}}).max_balance == 5 * 10**18
    assert pack.choose({"size": "LARGE"}) == {"size": "large"}
