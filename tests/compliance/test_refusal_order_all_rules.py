"""The fixed refusal order with every built-in rule on, the second edition's included: the token's checks
(1-6), then 16, 17, 24 (flowback), 22, 21, 28 (minimum transfer), 23, 27 (full transfer), 26 (minimum
holding), 18, 19, 25 (non-accredited holders), 20. (The spender's 30 comes right after the token's checks:
see test_spender.py; the entity rule's 29 takes the place of 22 for entities: see test_investor_type.py.)"""

import brownie
import pytest

from tests.compliance.compliance_helpers import ACCREDITED, NON_US, mask
from tests.conftest import revert_msg

DAY = 86400
TRANSFER_ORDER = (16, 17, 24, 22, 21, 28, 23, 27, 26, 18, 19, 25)
FORCED_ORDER = (16, 17, 24, 22, 18, 19, 25)
MINT_ORDER = (16, 17, 24, 22, 26, 18, 19, 25, 20)


@pytest.fixture(scope="module")
def every_rule(compliance, add_module, owner, agent, token, us, chain, CountryAllowModule, CountryRestrictModule,
               InvestorEligibilityModule, LockUpModule, TransferLimitsModule, MaxBalanceModule, MaxHoldersModule,
               SupplyLimitModule, FlowbackModule, NonAccreditedHoldersModule, MinimumHoldingModule,
               MinimumTransferModule):
    """Every rule on, set so that a transfer of 10 from `us` (holding 100, locked) to `fr` and a mint of 10 to
    `fr` meet every refusal; by code. Switched on in reverse order of priority on purpose."""
    m = {
        20: add_module(SupplyLimitModule),
        25: add_module(NonAccreditedHoldersModule),
        19: add_module(MaxHoldersModule),
        18: add_module(MaxBalanceModule),
        26: add_module(MinimumHoldingModule),
        23: add_module(TransferLimitsModule),
        28: add_module(MinimumTransferModule),
        21: add_module(LockUpModule),
        22: add_module(InvestorEligibilityModule),
        24: add_module(FlowbackModule),
        17: add_module(CountryRestrictModule),
        16: add_module(CountryAllowModule),
    }
    m[27] = m[26]
    m[16].allowCountries([826, 840], {"from": owner})
    m[21].setLockUpPeriod(840, 365 * DAY, {"from": owner})
    token.mint(us.wallet, 100, {"from": agent})
    m[17].restrictCountries([250], {"from": owner})
    m[24].setFlowbackEnd(chain.time() + 40 * DAY, {"from": owner})
    m[24].setNonUsPersonTopic(NON_US, {"from": owner})
    m[22].setEligibilityRule(250, 0, mask([ACCREDITED]), {"from": owner})
    m[28].setCountryMinimumTransfer(840, 11, {"from": owner})
    m[23].setTransferLimit(DAY, 5, {"from": owner})
    m[26].setFullTransfer(True, {"from": owner})
    m[26].setMinimumHolding(50, {"from": owner})
    m[18].setMaxBalance(5, {"from": owner})
    m[19].setHolderCap(1, {"from": owner})
    m[25].setAccreditedTopic(ACCREDITED, {"from": owner})
    m[25].setNonAccreditedHolderCap(1, {"from": owner})
    m[20].setSupplyLimit(100, {"from": owner})
    return m


def _switch_off(compliance, owner, every_rule, code):
    if code == 27:  # the full-transfer requirement is a setting of the minimum-holding rule
        every_rule[27].setFullTransfer(False, {"from": owner})
    else:
        compliance.removeModule(every_rule[code], {"from": owner})


def test_transfer_refusals_come_in_the_fixed_order(compliance, every_rule, owner, token, codes, us, fr):
    for code in TRANSFER_ORDER:
        assert codes.transfer(us, fr, 10) == code
        assert compliance.detectTransferRestriction(us.wallet, fr.wallet, 10) == code
        with brownie.reverts(revert_msg("TransferRestricted", code)):
            token.transfer(fr.wallet, 10, {"from": us.wallet})
        _switch_off(compliance, owner, every_rule, code)
    assert codes.transfer(us, fr, 10) == 0
    token.transfer(fr.wallet, 10, {"from": us.wallet})
    assert token.balanceOf(fr.wallet) == 10


def test_forced_transfers_meet_only_the_recipient_and_cap_rules(compliance, every_rule, owner, codes, us, fr):
    for code in FORCED_ORDER:
        assert codes.forced(us, fr, 10) == code
        _switch_off(compliance, owner, every_rule, code)
    assert codes.forced(us, fr, 10) == 0


def test_mint_refusals_come_in_the_fixed_order(compliance, every_rule, owner, agent, token, codes, fr):
    for code in MINT_ORDER:
        assert codes.mint(fr, 10) == code
        with brownie.reverts(revert_msg("TransferRestricted", code)):
            token.mint(fr.wallet, 10, {"from": agent})
        _switch_off(compliance, owner, every_rule, code)
    assert codes.mint(fr, 10) == 0
