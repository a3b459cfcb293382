"""Module list: the owner adds and removes modules, at most 25, each serving this compliance only."""

import brownie

from tests.compliance.compliance_helpers import ZERO


def test_owner_adds_a_module_and_event_names_it(compliance, owner, CountryAllowModule):
    m = CountryAllowModule.deploy(compliance, {"from": owner})
    tx = compliance.addModule(m, {"from": owner})
    assert tx.events["ModuleAdded"]["module"] == m
    assert compliance.getModules() == [m]
    assert compliance.isModuleBound(m)


def test_stranger_cannot_add_or_remove(compliance, owner, stranger, CountryAllowModule):
    m = CountryAllowModule.deploy(compliance, {"from": owner})
    with brownie.reverts(f"OwnableUnauthorizedAccount: {stranger.address.lower()}"):
        compliance.addModule(m, {"from": stranger})
    compliance.addModule(m, {"from": owner})
    with brownie.reverts(f"OwnableUnauthorizedAccount: {stranger.address.lower()}"):
        compliance.removeModule(m, {"from": stranger})


def test_module_serving_another_compliance_is_refused(
    compliance, owner, ModularCompliance, CountryAllowModule
):
    other = ModularCompliance.deploy(owner, {"from": owner})
    m = CountryAllowModule.deploy(other, {"from": owner})
    with brownie.reverts(f"ComplianceModuleForeign: {m.address.lower()}, {other.address.lower()}"):
        compliance.addModule(m, {"from": owner})


def test_module_cannot_be_added_twice(compliance, owner, add_module, CountryAllowModule):
    m = add_module(CountryAllowModule)
    with brownie.reverts(f"ComplianceModuleAlreadyBound: {m.address.lower()}"):
        compliance.addModule(m, {"from": owner})


def test_zero_module_is_refused(compliance, owner):
    with brownie.reverts("ComplianceZeroAddress: "):
        compliance.addModule(ZERO, {"from": owner})


def test_at_most_25_modules(compliance, owner, add_module, CountryRestrictModule):
    assert compliance.MAX_MODULES() == 25
    for _ in range(25):
        add_module(CountryRestrictModule)
    extra = CountryRestrictModule.deploy(compliance, {"from": owner})
    with brownie.reverts("ComplianceTooManyModules: 25"):
        compliance.addModule(extra, {"from": owner})


def test_removing_keeps_the_order_of_the_others(compliance, owner, add_module, CountryRestrictModule):
    ms = [add_module(CountryRestrictModule) for _ in range(4)]
    tx = compliance.removeModule(ms[1], {"from": owner})
    assert tx.events["ModuleRemoved"]["module"] == ms[1]
    assert compliance.getModules() == [ms[0], ms[2], ms[3]]
    assert not compliance.isModuleBound(ms[1])
    compliance.removeModule(ms[3], {"from": owner})
    assert compliance.getModules() == [ms[0], ms[2]]


def test_removing_an_unbound_module_is_refused(compliance, owner, CountryRestrictModule):
    m = CountryRestrictModule.deploy(compliance, {"from": owner})
    with brownie.reverts(f"ComplianceModuleNotBound: {m.address.lower()}"):
        compliance.removeModule(m, {"from": owner})


def test_modules_are_sorted_by_priority_whatever_the_order_added(
    compliance, add_module, CountryAllowModule, CountryRestrictModule
):
    restrict = add_module(CountryRestrictModule)
    allow = add_module(CountryAllowModule)
    restrict2 = add_module(CountryRestrictModule)
    assert compliance.getModules() == [allow, restrict, restrict2]
