"""Gas on the transfer path, measured from receipts of `applyTransfer` sent by the account bound as
the token: the compliance alone, then 1, 3 and all 8 modules. Run with `-s` to see the table."""

import pytest

from tests.compliance.compliance_helpers import (
    ACCREDITED,
    HNW,
    KYC,
    PROFESSIONAL,
    SOPHISTICATED,
    Party,
    mask,
    mint,
    transfer,
)

DAY = 86400


@pytest.fixture
def parties(uk, us):
    return (Party(uk.wallet, uk.identity, 826, (KYC, PROFESSIONAL)), Party(us.wallet, us.identity, 840,
                                                                           (KYC, ACCREDITED)))


def _gas(compliance, token, ctx):
    return compliance.applyTransfer(ctx, {"from": token}).gas_used


def _all_modules(add_module, owner, containers):
    (allow, restrict, elig, lock, limits, maxbal, holders, supply) = (add_module(c) for c in containers)
    allow.allowCountries([826, 840], {"from": owner})
    restrict.restrictCountries([408], {"from": owner})
    elig.setEligibilityRule(826, mask([PROFESSIONAL, HNW, SOPHISTICATED]), mask([KYC]), {"from": owner})
    elig.setEligibilityRule(840, 0, mask([KYC, ACCREDITED]), {"from": owner})
    lock.setLockUpPeriod(840, 365 * DAY, {"from": owner})
    limits.setTransferLimit(DAY, 10**24, {"from": owner})
    maxbal.setMaxBalance(10**24, {"from": owner})
    holders.setHolderCap(2000, {"from": owner})
    holders.setCountryHolderCap(840, 2000, {"from": owner})
    supply.setSupplyLimit(10**27, {"from": owner})


@pytest.fixture
def module_containers(CountryAllowModule, CountryRestrictModule, InvestorEligibilityModule, LockUpModule,
               TransferLimitsModule, MaxBalanceModule, MaxHoldersModule, SupplyLimitModule):
    return (CountryAllowModule, CountryRestrictModule, InvestorEligibilityModule, LockUpModule,
            TransferLimitsModule, MaxBalanceModule, MaxHoldersModule, SupplyLimitModule)


def test_transfer_gas_with_1_3_and_all_modules(compliance, add_module, owner, token, parties, module_containers,
                                                ModularCompliance):
    containers = module_containers
    gb, us = parties
    ctx = transfer(gb, us, 10, 1000)
    base = _gas(compliance, token, ctx)

    one = ModularCompliance.deploy(owner, {"from": owner})
    one.bindToken(token, {"from": owner})
    one.addModule(containers[1].deploy(one, {"from": owner}), {"from": owner})  # CountryRestrict, empty
    g1 = _gas(one, token, ctx)

    three = ModularCompliance.deploy(owner, {"from": owner})
    three.bindToken(token, {"from": owner})
    allow, elig, lock = (c.deploy(three, {"from": owner}) for c in (containers[0], containers[2], containers[3]))
    for m in (allow, elig, lock):
        three.addModule(m, {"from": owner})
    allow.allowCountries([826, 840], {"from": owner})
    elig.setEligibilityRule(840, 0, mask([KYC, ACCREDITED]), {"from": owner})
    lock.setLockUpPeriod(840, 365 * DAY, {"from": owner})
    g3 = _gas(three, token, ctx)

    _all_modules(add_module, owner, containers)
    compliance.applyTransfer(mint(gb, 1000), {"from": token})
    compliance.applyTransfer(mint(us, 1000), {"from": token})
    compliance.applyTransfer(transfer(gb, us, 10, 1000), {"from": token})  # counters warm up
    g8 = _gas(compliance, token, transfer(gb, us, 10, 990))
    g8_mint = _gas(compliance, token, mint(gb, 10))

    print(f"\napplyTransfer gas (receipt gas_used, incl. 21000 + calldata): no modules {base}; "
          f"1 module {g1} (+{g1 - base}); 3 modules {g3} (+{g3 - base}); all 8 modules {g8} (+{g8 - base}); "
          f"mint with all 8 {g8_mint}")
    # regression guards. A module with nothing configured for the parties costs a cold call (2600),
    # the compliance's read of its address (2100) and its own one storage read (2100), plus encoding.
    assert g1 - base < 9_500
    assert g3 - base < 30_000
    assert g8 - base < 115_000


def test_token_transfer_gas_on_the_full_stack(containers, accounts):
    """`SecurityToken.transfer` between two existing UK and US holders (steady state, lock-up over)."""
    from sectoken.jurisdictions import ComplianceConfig, EligibilityRule
    from tests.compliance.stack_helpers import Holder, build_stack

    uk = Holder("uk", "0x" + "c1" * 20, 826, (KYC, PROFESSIONAL), (accounts[3],))
    us = Holder("us", "0x" + "c2" * 20, 840, (KYC, ACCREDITED), (accounts[4],))
    elig = {826: EligibilityRule(mask([PROFESSIONAL, HNW, SOPHISTICATED]), mask([KYC])),
            840: EligibilityRule(0, mask([KYC, ACCREDITED]))}
    configs = {
        "none": ComplianceConfig(packs=("none",), required_topics=(KYC,)),
        "1": ComplianceConfig(packs=("1",), required_topics=(KYC,), countries_restricted=(408,)),
        "3": ComplianceConfig(packs=("3",), required_topics=(KYC,), countries_allowed=(826, 840), eligibility=elig,
                              lockup_by_country={840: 365 * DAY}),
        "all": ComplianceConfig(packs=("all",), required_topics=(KYC,), countries_allowed=(826, 840),
                                countries_restricted=(408,), eligibility=elig, lockup_by_country={840: 365 * DAY},
                                transfer_limits={DAY: 10**9}, max_balance=10**9, holder_cap=2000,
                                country_holder_caps={840: 2000}, supply_limit=10**12),
    }
    gas = {}
    for name, config in configs.items():
        s = build_stack(containers, config, accounts[0], accounts[1], accounts[2], [uk, us])
        assert len(s.compliance.getModules()) == {"none": 0, "1": 1, "3": 3, "all": 8}[name]
        s.token.mint(uk.wallet, 1000, {"from": s.agent})
        s.token.mint(us.wallet, 1000, {"from": s.agent})
        s.token.transfer(us.wallet, 10, {"from": uk.wallet})
        gas[name] = s.token.transfer(us.wallet, 10, {"from": uk.wallet}).gas_used
    print(f"\nSecurityToken.transfer gas (receipt): {gas}")
    assert gas["1"] - gas["none"] < 9_500
    assert gas["3"] - gas["none"] < 30_000
    assert gas["all"] - gas["none"] < 115_000
