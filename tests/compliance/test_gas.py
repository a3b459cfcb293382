"""Gas on the transfer path, measured from receipts of `applyTransfer` sent by the account bound as
the token: the compliance alone, then 1, 3 and all 8 modules. Run with `-s` to see the table."""

import pytest
from compliance_helpers import ACCREDITED, HNW, KYC, PROFESSIONAL, SOPHISTICATED, Party, mask, mint, transfer

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
def containers(CountryAllowModule, CountryRestrictModule, InvestorEligibilityModule, LockUpModule,
               TransferLimitsModule, MaxBalanceModule, MaxHoldersModule, SupplyLimitModule):
    return (CountryAllowModule, CountryRestrictModule, InvestorEligibilityModule, LockUpModule,
            TransferLimitsModule, MaxBalanceModule, MaxHoldersModule, SupplyLimitModule)


def test_transfer_gas_with_1_3_and_all_modules(compliance, add_module, owner, token, parties, containers,
                                                ModularCompliance):
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
