"""The code a refusal reports is fixed, whatever order modules were added in: country (16, 17),
eligibility (22), lock-up (21), transfer limits (23), max balance (18), holders (19), supply (20)."""

import brownie
import pytest

from tests.compliance.compliance_helpers import KYC, mask, mint, transfer

DAY = 86400


@pytest.fixture
def everything(compliance, add_module, owner, token, us, CountryAllowModule, CountryRestrictModule,
               InvestorEligibilityModule, LockUpModule, TransferLimitsModule, MaxBalanceModule,
               MaxHoldersModule, SupplyLimitModule):
    # added in reverse order of priority on purpose
    m = {
        20: add_module(SupplyLimitModule),
        19: add_module(MaxHoldersModule),
        18: add_module(MaxBalanceModule),
        23: add_module(TransferLimitsModule),
        21: add_module(LockUpModule),
        22: add_module(InvestorEligibilityModule),
        17: add_module(CountryRestrictModule),
        16: add_module(CountryAllowModule),
    }
    m[16].allowCountries([826, 840], {"from": owner})
    m[21].setLockUpPeriod(840, 365 * DAY, {"from": owner})
    compliance.applyTransfer(mint(us, 100), {"from": token})
    # now make every module refuse what follows
    m[17].restrictCountries([250], {"from": owner})
    m[22].setEligibilityRule(250, 0, mask([KYC]), {"from": owner})
    m[23].setTransferLimit(DAY, 5, {"from": owner})
    m[18].setMaxBalance(5, {"from": owner})
    m[19].setHolderCap(1, {"from": owner})
    m[20].setSupplyLimit(100, {"from": owner})
    return m


def test_modules_run_in_priority_order(compliance, everything):
    assert list(compliance.getModules()) == [everything[c] for c in (16, 17, 22, 21, 23, 18, 19, 20)]


def test_transfer_refusals_come_in_the_fixed_order(compliance, everything, owner, token, us, fr):
    ctx = transfer(us, fr, 10, 100)
    for code in (16, 17, 22, 21, 23, 18, 19):
        assert compliance.checkTransfer(ctx) == code
        with brownie.reverts(f"TransferRestricted: {code}"):
            compliance.applyTransfer(ctx, {"from": token})
        compliance.removeModule(everything[code], {"from": owner})
    assert compliance.checkTransfer(ctx) == 0


def test_mint_refusals_come_in_the_fixed_order(compliance, everything, owner, token, fr):
    ctx = mint(fr, 10)
    for code in (16, 17, 22, 18, 19, 20):
        assert compliance.checkTransfer(ctx) == code
        with brownie.reverts(f"TransferRestricted: {code}"):
            compliance.applyTransfer(ctx, {"from": token})
        compliance.removeModule(everything[code], {"from": owner})
    assert compliance.checkTransfer(ctx) == 0


def test_a_later_refusal_undoes_what_earlier_modules_recorded(compliance, everything, owner, token, fr):
    for code in (16, 17, 22, 21, 23, 18):
        compliance.removeModule(everything[code], {"from": owner})
    everything[19].setHolderCap(0, {"from": owner})
    # holders (rank 6) records fr joining, then supply (rank 7) refuses: the whole call reverts
    before = (everything[19].holders(), everything[19].holding(fr.identity), everything[20].supply())
    with brownie.reverts("TransferRestricted: 20"):
        compliance.applyTransfer(mint(fr, 1), {"from": token})
    assert (everything[19].holders(), everything[19].holding(fr.identity), everything[20].supply()) == before
