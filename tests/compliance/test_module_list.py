"""Module list of the compliance facade: built-in modules (one per rule compiled into the token) are
registered once, then switched on and off with `addModule`/`removeModule`; third-party modules (at most
25, each serving this compliance only) are listed after them and called by the token after its rules."""

import brownie
import pytest

from tests.compliance.compliance_helpers import ZERO, plain
from tests.conftest import deploy_compliance, revert_msg

# built-in rule modules by rule number (0..7) and the order the token checks their codes
CHECK_ORDER = (16, 17, 22, 21, 23, 18, 19, 20)


@pytest.fixture
def builtins(CountryAllowModule, CountryRestrictModule, MaxBalanceModule, MaxHoldersModule, SupplyLimitModule,
             LockUpModule, InvestorEligibilityModule, TransferLimitsModule):
    """The eight built-in module containers, by rule number."""
    return (CountryAllowModule, CountryRestrictModule, MaxBalanceModule, MaxHoldersModule, SupplyLimitModule,
            LockUpModule, InvestorEligibilityModule, TransferLimitsModule)


@pytest.fixture
def third_party(compliance, owner, TestHostileModule):
    """Deploy a third-party module (reports code 23, accepts everything) serving `compliance`."""

    def _deploy(served=None):
        return TestHostileModule.deploy(served or compliance, {"from": owner})

    return _deploy


def test_owner_registers_and_adds_a_builtin_module_and_events_name_it(compliance, owner, token,
                                                                      CountryAllowModule):
    m = CountryAllowModule.deploy(compliance, {"from": owner})
    assert not compliance.isBuiltinModule(m)
    tx = compliance.registerBuiltinModules([m], {"from": owner})
    assert tx.events["BuiltinModuleRegistered"]["module"] == m
    assert tx.events["BuiltinModuleRegistered"]["rule"] == 0
    assert compliance.isBuiltinModule(m)
    assert not compliance.isModuleBound(m)
    assert compliance.getModules() == []
    tx = compliance.addModule(m, {"from": owner})
    assert tx.events["ModuleAdded"]["module"] == m
    assert tx.events["RulesSwitched"]["rules"] == 1
    assert compliance.getModules() == [m]
    assert compliance.isModuleBound(m)
    assert plain(token.rules()) == (1, False)


def test_stranger_cannot_register_add_or_remove(compliance, owner, stranger, token, CountryAllowModule):
    m = CountryAllowModule.deploy(compliance, {"from": owner})
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", stranger)):
        compliance.registerBuiltinModules([m], {"from": stranger})
    compliance.registerBuiltinModules([m], {"from": owner})
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", stranger)):
        compliance.addModule(m, {"from": stranger})
    compliance.addModule(m, {"from": owner})
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", stranger)):
        compliance.removeModule(m, {"from": stranger})
    # nor can a stranger switch the token's rules directly
    with brownie.reverts(revert_msg("RuleEngineUnauthorized", stranger)):
        token.setRules(0, {"from": stranger})
    with brownie.reverts(revert_msg("RuleEngineUnauthorized", stranger)):
        token.setExternalModules(True, {"from": stranger})
    assert compliance.isModuleBound(m)


def test_registering_refuses_what_is_not_a_builtin_module_of_this_compliance(compliance, owner, builtins,
                                                                             third_party):
    allow = builtins[0].deploy(compliance, {"from": owner})
    other = deploy_compliance(owner)
    foreign = builtins[0].deploy(other, {"from": owner})
    with brownie.reverts(revert_msg("ComplianceNotBuiltinModule", foreign)):
        compliance.registerBuiltinModules([foreign], {"from": owner})
    with brownie.reverts("ComplianceZeroAddress: "):
        compliance.registerBuiltinModules([allow, ZERO], {"from": owner})
    assert not compliance.isBuiltinModule(allow)  # nothing of a refused batch is kept
    compliance.registerBuiltinModules([allow], {"from": owner})
    # one built-in module per rule, registered once
    with brownie.reverts(revert_msg("ComplianceNotBuiltinModule", allow)):
        compliance.registerBuiltinModules([allow], {"from": owner})
    second = builtins[0].deploy(compliance, {"from": owner})
    with brownie.reverts(revert_msg("ComplianceNotBuiltinModule", second)):
        compliance.registerBuiltinModules([second], {"from": owner})
    assert not compliance.isBuiltinModule(second)
    # a third-party module has no rule number: the call to ruleId() fails without a reason
    with brownie.reverts():
        compliance.registerBuiltinModules([third_party()], {"from": owner})


def test_builtin_module_needs_a_bound_token(owner, accounts, CountryAllowModule):
    c = deploy_compliance(owner)
    m = CountryAllowModule.deploy(c, {"from": owner})
    c.registerBuiltinModules([m], {"from": owner})
    with brownie.reverts("ComplianceNoToken: "):
        c.addModule(m, {"from": owner})
    with brownie.reverts("ModuleNoToken: "):
        m.allowCountries([826], {"from": owner})
    # switched off while no token is bound: nothing to remove
    with brownie.reverts(revert_msg("ComplianceModuleNotBound", m)):
        c.removeModule(m, {"from": owner})
    assert not c.isModuleBound(m)
    assert c.getModules() == []


def test_third_party_module_serving_another_compliance_is_refused(compliance, owner, third_party):
    other = deploy_compliance(owner)
    m = third_party(other)
    with brownie.reverts(revert_msg("ComplianceModuleForeign", m, other)):
        compliance.addModule(m, {"from": owner})
    assert not compliance.isModuleBound(m)


def test_module_cannot_be_added_twice(compliance, owner, add_module, third_party, CountryAllowModule):
    m = add_module(CountryAllowModule)
    with brownie.reverts(revert_msg("ComplianceModuleAlreadyBound", m)):
        compliance.addModule(m, {"from": owner})
    t = third_party()
    compliance.addModule(t, {"from": owner})
    with brownie.reverts(revert_msg("ComplianceModuleAlreadyBound", t)):
        compliance.addModule(t, {"from": owner})


def test_zero_module_is_refused(compliance, owner):
    with brownie.reverts("ComplianceZeroAddress: "):
        compliance.addModule(ZERO, {"from": owner})
    with brownie.reverts("ComplianceZeroAddress: "):
        compliance.removeModule(ZERO, {"from": owner})


def test_at_most_25_third_party_modules_and_builtins_do_not_count(compliance, owner, add_module, third_party,
                                                                  CountryAllowModule):
    assert compliance.MAX_MODULES() == 25
    ms = [third_party() for _ in range(25)]
    for m in ms:
        compliance.addModule(m, {"from": owner})
    extra = third_party()
    with brownie.reverts("ComplianceTooManyModules: 25"):
        compliance.addModule(extra, {"from": owner})
    allow = add_module(CountryAllowModule)
    assert compliance.getModules() == [allow] + ms


def test_removing_keeps_the_order_of_the_others(compliance, owner, third_party):
    ms = [third_party() for _ in range(4)]
    for m in ms:
        compliance.addModule(m, {"from": owner})
    tx = compliance.removeModule(ms[1], {"from": owner})
    assert tx.events["ModuleRemoved"]["module"] == ms[1]
    assert compliance.getModules() == [ms[0], ms[2], ms[3]]
    assert not compliance.isModuleBound(ms[1])
    compliance.removeModule(ms[3], {"from": owner})
    assert compliance.getModules() == [ms[0], ms[2]]


def test_removing_an_unbound_module_is_refused(compliance, owner, third_party, CountryRestrictModule):
    t = third_party()
    with brownie.reverts(revert_msg("ComplianceModuleNotBound", t)):
        compliance.removeModule(t, {"from": owner})
    m = CountryRestrictModule.deploy(compliance, {"from": owner})
    compliance.registerBuiltinModules([m], {"from": owner})
    with brownie.reverts(revert_msg("ComplianceModuleNotBound", m)):
        compliance.removeModule(m, {"from": owner})


def test_builtins_are_listed_in_check_order_whatever_the_order_added(compliance, owner, token, builtins,
                                                                     third_party):
    modules = [c.deploy(compliance, {"from": owner}) for c in builtins]
    compliance.registerBuiltinModules(modules, {"from": owner})
    t = third_party()
    compliance.addModule(t, {"from": owner})
    for m in reversed(modules):
        compliance.addModule(m, {"from": owner})
    listed = compliance.getModules()
    assert [int(brownie.Contract.from_abi("M", a, builtins[0].abi).restrictionCode()) for a in listed[:8]] == \
        list(CHECK_ORDER)
    assert listed[8:] == [t]
    assert plain(token.rules()) == (0xFF, True)
    # switching rules off removes them from the list; the others keep their places
    compliance.removeModule(modules[5], {"from": owner})  # LockUp (21)
    compliance.removeModule(modules[0], {"from": owner})  # CountryAllow (16)
    assert compliance.getModules() == [modules[1], modules[6], modules[7], modules[2], modules[3], modules[4], t]
    assert plain(token.rules()) == (0xFF & ~(1 << 5) & ~1, True)


def test_switching_a_builtin_off_keeps_its_settings(compliance, owner, token, add_module, codes, fr,
                                                   CountryRestrictModule):
    m = add_module(CountryRestrictModule)
    m.restrictCountries([250], {"from": owner})
    assert codes.mint(fr, 1) == 17
    tx = compliance.removeModule(m, {"from": owner})
    assert tx.events["ModuleRemoved"]["module"] == m
    assert tx.events["RulesSwitched"]["rules"] == 0
    assert codes.mint(fr, 1) == 0
    assert token.countryRule(250)[1]
    compliance.addModule(m, {"from": owner})
    assert codes.mint(fr, 1) == 17


def test_third_party_modules_are_called_by_the_token_only_while_there_are_any(compliance, owner, agent, token,
                                                                               third_party, uk, us):
    assert plain(token.rules()) == (0, False)
    t = third_party()
    tx = compliance.addModule(t, {"from": owner})
    assert tx.events["ExternalModulesSwitched"]["on"] is True
    assert plain(token.rules()) == (0, True)
    token.mint(uk.wallet, 10, {"from": agent})
    token.transfer(us.wallet, 4, {"from": uk.wallet})
    token.burn(us.wallet, 4, {"from": agent})
    assert t.transfersSeen() == 3
    tx = compliance.removeModule(t, {"from": owner})
    assert tx.events["ExternalModulesSwitched"]["on"] is False
    assert plain(token.rules()) == (0, False)
    token.mint(uk.wallet, 10, {"from": agent})
    assert t.transfersSeen() == 3


def test_module_functions_reach_registered_builtins_even_when_switched_off(compliance, owner, stranger, token,
                                                                            third_party, CountryAllowModule):
    m = CountryAllowModule.deploy(compliance, {"from": owner})
    with brownie.reverts(revert_msg("ComplianceModuleNotBound", m)):
        compliance.callModuleFunction(m.allowCountries.encode_input([826]), m, {"from": owner})
    compliance.registerBuiltinModules([m], {"from": owner})
    tx = compliance.callModuleFunction(m.allowCountries.encode_input([826]), m, {"from": owner})
    assert tx.events["ModuleInteraction"]["target"] == m
    assert token.countryRule(826)[0]
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", stranger)):
        compliance.callModuleFunction(m.allowCountries.encode_input([250]), m, {"from": stranger})
