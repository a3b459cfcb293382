"""The code a refusal reports is fixed, whatever order rules were switched on in: the token's own checks
(1-6) first, then country (16, 17), eligibility (22), lock-up (21), transfer limits (23), max balance (18),
holders (19), supply (20)."""

import brownie
import pytest

from tests.compliance.compliance_helpers import ACCREDITED, Party, mask
from tests.conftest import revert_msg

DAY = 86400
TRANSFER_ORDER = (16, 17, 22, 21, 23, 18, 19)
MINT_ORDER = (16, 17, 22, 18, 19, 20)


@pytest.fixture(scope="module")
def everything(compliance, add_module, owner, agent, token, us, CountryAllowModule, CountryRestrictModule,
               InvestorEligibilityModule, LockUpModule, TransferLimitsModule, MaxBalanceModule,
               MaxHoldersModule, SupplyLimitModule):
    """Every rule on, set so that a transfer of 10 from `us` (holding 100, locked) to `fr` and a mint of 10 to
    `fr` meet every refusal; by code. Set up once for the module: each test's changes are reverted."""
    # switched on in reverse order of priority on purpose
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
    token.mint(us.wallet, 100, {"from": agent})
    # now make every rule refuse what follows
    m[17].restrictCountries([250], {"from": owner})
    m[22].setEligibilityRule(250, 0, mask([ACCREDITED]), {"from": owner})
    m[23].setTransferLimit(DAY, 5, {"from": owner})
    m[18].setMaxBalance(5, {"from": owner})
    m[19].setHolderCap(1, {"from": owner})
    m[20].setSupplyLimit(100, {"from": owner})
    return m


def test_modules_are_listed_in_priority_order(compliance, everything):
    assert list(compliance.getModules()) == [everything[c] for c in (16, 17, 22, 21, 23, 18, 19, 20)]


def test_transfer_refusals_come_in_the_fixed_order(compliance, everything, owner, agent, token, codes, us, fr):
    for code in TRANSFER_ORDER:
        assert codes.transfer(us, fr, 10) == code
        # the compliance facade answers ERC-3643 tools with the token's answer
        assert compliance.detectTransferRestriction(us.wallet, fr.wallet, 10) == code
        assert not compliance.canTransfer(us.wallet, fr.wallet, 10)
        with brownie.reverts(revert_msg("TransferRestricted", code)):
            token.transfer(fr.wallet, 10, {"from": us.wallet})
        compliance.removeModule(everything[code], {"from": owner})
    assert codes.transfer(us, fr, 10) == 0
    assert compliance.canTransfer(us.wallet, fr.wallet, 10)
    token.transfer(fr.wallet, 10, {"from": us.wallet})
    assert token.balanceOf(fr.wallet) == 10


def test_forced_transfer_refusals_skip_lock_up_and_transfer_limits(compliance, everything, owner, codes, us, fr):
    for code in (16, 17, 22, 18, 19):
        assert codes.forced(us, fr, 10) == code
        compliance.removeModule(everything[code], {"from": owner})
    assert codes.forced(us, fr, 10) == 0


def test_mint_refusals_come_in_the_fixed_order(compliance, everything, owner, agent, token, codes, fr):
    for code in MINT_ORDER:
        assert codes.mint(fr, 10) == code
        with brownie.reverts(revert_msg("TransferRestricted", code)):
            token.mint(fr.wallet, 10, {"from": agent})
        compliance.removeModule(everything[code], {"from": owner})
    assert codes.mint(fr, 10) == 0
    token.mint(fr.wallet, 10, {"from": agent})
    assert token.totalSupply() == 110


def test_the_order_does_not_depend_on_the_order_rules_are_switched_on(compliance, everything, owner, codes, us,
                                                                      fr):
    for code in (16, 22, 18):
        compliance.removeModule(everything[code], {"from": owner})
    for code in (18, 22, 16):
        compliance.addModule(everything[code], {"from": owner})
    assert codes.transfer(us, fr, 10) == 16
    assert codes.mint(fr, 10) == 16


def test_the_tokens_own_checks_come_before_every_rule(everything, rule_stack, agent, token, codes, us, fr,
                                                      accounts):
    # sender's balance too small (4) before the rules
    assert codes.transfer(us, fr, 101) == 4
    # frozen recipient (3) before the rules, for transfers, forced transfers and mints
    token.setAddressFrozen(fr.wallet, True, {"from": agent})
    assert (codes.transfer(us, fr, 10), codes.forced(us, fr, 10), codes.mint(fr, 10)) == (3, 3, 3)
    token.setAddressFrozen(fr.wallet, False, {"from": agent})
    # unverified recipient (6): an unregistered wallet, whose country 0 no rule allows
    nobody = Party(str(accounts[8]), "0x" + "00" * 20, 0)
    assert (codes.transfer(us, nobody, 10), codes.mint(nobody, 10)) == (6, 6)
    # paused (1) before everything, for transfers only
    token.pause({"from": agent})
    assert codes.transfer(us, fr, 10) == 1
    assert codes.mint(fr, 10) == 16


def test_a_refused_change_records_nothing(compliance, everything, owner, agent, token, fr):
    for code in (16, 17, 22, 21, 23, 18):
        compliance.removeModule(everything[code], {"from": owner})
    everything[19].setHolderCap(0, {"from": owner})
    # fr would join the holders, then supply refuses: the ledger and the supply stay as they were
    before = (everything[19].holders(), everything[19].holding(fr.identity), everything[20].supply(),
              token.balanceOf(fr.wallet))
    with brownie.reverts(revert_msg("TransferRestricted", 20)):
        token.mint(fr.wallet, 1, {"from": agent})
    after = (everything[19].holders(), everything[19].holding(fr.identity), everything[20].supply(),
             token.balanceOf(fr.wallet))
    assert after == before
    assert tuple(after[1]) == (0, 0)
