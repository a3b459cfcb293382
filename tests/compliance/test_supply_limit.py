"""SupplyLimit: mints may not take the supply above the limit (code 20)."""

import brownie

from tests.conftest import revert_msg

MAX_112 = 2**112 - 1


def test_mint_above_the_limit_is_refused_with_20(add_module, owner, agent, token, codes, uk, SupplyLimitModule):
    m = add_module(SupplyLimitModule)
    m.setSupplyLimit(100, {"from": owner})
    token.mint(uk.wallet, 60, {"from": agent})
    assert codes.mint(uk, 40) == 0
    assert codes.mint(uk, 41) == 20
    with brownie.reverts(revert_msg("TransferRestricted", 20)):
        token.mint(uk.wallet, 41, {"from": agent})
    assert m.supply() == 60
    token.mint(uk.wallet, 40, {"from": agent})
    assert m.supply() == 100 == token.totalSupply()
    assert codes.mint(uk, 1) == 20


def test_burns_make_room_and_transfers_do_not_count(add_module, owner, agent, token, codes, uk, us,
                                                    SupplyLimitModule):
    m = add_module(SupplyLimitModule)
    m.setSupplyLimit(100, {"from": owner})
    token.mint(uk.wallet, 100, {"from": agent})
    assert codes.transfer(uk, us, 50) == 0
    token.transfer(us.wallet, 50, {"from": uk.wallet})
    assert codes.forced(us, uk, 10) == 0
    token.forcedTransfer(us.wallet, uk.wallet, 10, {"from": agent})
    assert m.supply() == 100
    assert codes.mint(uk, 1) == 20
    assert codes.burn(us, 30) == 0
    token.burn(us.wallet, 30, {"from": agent})
    assert m.supply() == 70
    assert codes.mint(uk, 30) == 0
    assert codes.mint(uk, 31) == 20


def test_supply_minted_before_the_rule_is_on_counts(add_module, owner, agent, token, codes, uk, SupplyLimitModule):
    token.mint(uk.wallet, 90, {"from": agent})
    m = add_module(SupplyLimitModule)
    m.setSupplyLimit(100, {"from": owner})
    assert m.supply() == 90
    assert codes.mint(uk, 11) == 20
    assert codes.mint(uk, 10) == 0


def test_zero_limit_means_no_limit(compliance, add_module, owner, agent, token, codes, uk, SupplyLimitModule):
    m = add_module(SupplyLimitModule)
    token.mint(uk.wallet, 10**30, {"from": agent})
    assert m.supply() == 10**30
    assert m.describe() == "SupplyLimit: none"
    m.setSupplyLimit(10**30, {"from": owner})
    assert codes.mint(uk, 1) == 20
    compliance.removeModule(m, {"from": owner})
    assert codes.mint(uk, 1) == 0


def test_owner_sets_the_limit_with_an_event(add_module, owner, stranger, agent, token, uk, SupplyLimitModule):
    m = add_module(SupplyLimitModule)
    tx = m.setSupplyLimit(500, {"from": owner})
    assert tx.events["SupplyLimitSet"]["limit"] == 500
    assert tx.events["SupplySettingsChanged"]["cap"] == 500
    assert m.supplyLimit() == 500
    assert token.supplySettings()[0] == 500
    assert m.describe() == "SupplyLimit: 500 (supply 0)"
    token.mint(uk.wallet, 20, {"from": agent})
    assert m.describe() == "SupplyLimit: 500 (supply 20)"
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", stranger)):
        m.setSupplyLimit(1, {"from": stranger})
    with brownie.reverts(revert_msg("RuleEngineUnauthorized", stranger)):
        token.setSupplySettings(token.compliance(), 1, 0, {"from": stranger})


def test_limit_keeps_the_default_lock_up_period(add_module, owner, token, SupplyLimitModule, LockUpModule):
    m = add_module(SupplyLimitModule)
    lockup = add_module(LockUpModule)
    lockup.setDefaultLockUpPeriod(3600, {"from": owner})
    m.setSupplyLimit(500, {"from": owner})
    assert tuple(token.supplySettings()) == (500, 3600)


def test_limit_must_fit_112_bits(add_module, owner, SupplyLimitModule):
    m = add_module(SupplyLimitModule)
    m.setSupplyLimit(MAX_112, {"from": owner})
    assert m.supplyLimit() == MAX_112
    with brownie.reverts(revert_msg("ModuleSettingTooLarge", MAX_112 + 1, MAX_112)):
        m.setSupplyLimit(MAX_112 + 1, {"from": owner})


def test_module_reports_its_identity(compliance, add_module, SupplyLimitModule):
    m = add_module(SupplyLimitModule)
    assert m.name() == "SupplyLimit"
    assert m.restrictionCode() == 20
    assert compliance.builtinModules()[m.ruleId()] == m
    assert m.ruleId() == 4
    assert compliance.isBuiltinModule(m)
