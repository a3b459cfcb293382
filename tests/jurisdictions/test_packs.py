"""The shipped rule packs load, compose as documented, and turn into module configuration."""

from decimal import Decimal

import pytest

from sectoken.claims import topics_mask
from sectoken.jurisdictions import (
    ComplianceConfig,
    EligibilityRule,
    HolderCap,
    LockUp,
    ModuleCall,
    available_packs,
    compose,
    load_pack,
)

YEAR = 365 * 86400


def test_four_packs_ship():
    assert available_packs() == ("uk-professional", "uk-us-bridge", "us-reg-d", "us-reg-s")


@pytest.mark.parametrize("name", ["uk-professional", "uk-us-bridge", "us-reg-d", "us-reg-s"])
def test_every_rule_has_a_one_line_basis_and_a_location(name):
    pack = load_pack(name)
    assert pack.name == name and pack.summary
    for rule in pack.rules:
        assert rule.basis and "\n" not in rule.basis
        assert rule.location.startswith(f"{pack.path}:")


def test_uk_professional():
    config = compose([load_pack("uk-professional")])
    assert config.required_topics == (1,)
    assert config.countries_allowed == (826,)
    assert config.eligibility == {826: EligibilityRule(any_of=topics_mask(["professional", "hnw", "sophisticated"]),
                                                       all_of=topics_mask(["kyc"]))}
    assert config.modules() == ("CountryAllowModule", "InvestorEligibilityModule")


def test_us_reg_d():
    pack = load_pack("us-reg-d")
    assert HolderCap(pack.rules[3].basis, pack.rules[3].location, 840, 2000) in pack.rules
    assert LockUp(pack.rules[4].basis, pack.rules[4].location, 840, YEAR) in pack.rules
    config = compose([pack])
    assert config.eligibility == {840: EligibilityRule(0, topics_mask(["kyc", "accredited"]))}
    assert config.country_holder_caps == {840: 2000}
    assert config.lockup_by_country == {840: YEAR}


def test_us_reg_s():
    config = compose([load_pack("us-reg-s")])
    assert config.required_topics == (1, 8)
    assert config.countries_allowed is None
    assert config.countries_restricted == (840,)
    assert config.lockup_default == 40 * 86400


def test_bridge_is_uk_professional_composed_with_us_reg_d():
    bridge = compose([load_pack("uk-us-bridge")])
    composed = compose([load_pack("uk-professional"), load_pack("us-reg-d")])
    assert composed.packs == ("uk-professional", "us-reg-d")
    assert {k: getattr(bridge, k) for k in ComplianceConfig.__dataclass_fields__ if k != "packs"} == \
           {k: getattr(composed, k) for k in ComplianceConfig.__dataclass_fields__ if k != "packs"}


def test_bridge_module_calls():
    assert compose([load_pack("uk-us-bridge")]).module_calls() == [
        ModuleCall("CountryAllowModule", "allowCountries", ([826, 840],)),
        ModuleCall("InvestorEligibilityModule", "setEligibilityRule",
                   (826, topics_mask(["professional", "hnw", "sophisticated"]), topics_mask(["kyc"]))),
        ModuleCall("InvestorEligibilityModule", "setEligibilityRule", (840, 0, topics_mask(["kyc", "accredited"]))),
        ModuleCall("LockUpModule", "setLockUpPeriod", (840, YEAR)),
        ModuleCall("MaxHoldersModule", "setCountryHolderCap", (840, 2000)),
    ]


def test_reg_s_with_reg_d_keeps_the_us_restriction_and_the_longest_lock(tmp_path):
    config = compose([load_pack("us-reg-s"), load_pack("us-reg-d")])
    assert config.countries_allowed == (840,)
    assert config.countries_restricted == (840,)
    assert config.lockup_default == 40 * 86400
    assert config.lockup_by_country == {840: YEAR}
    assert config.required_topics == (1, 8)


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
