"""Module list of the compliance facade: built-in modules (one per rule compiled into the token) are
shared by every compliance of an implementation, switched on and off with `addModule`/`removeModule`; third-party modules (at most
25, each serving this compliance only) are listed after them and called by the token after its rules."""

import brownie
import pytest

from tests.compliance.compliance_helpers import ZERO, plain
from tests.conftest import BUILTIN_MODULES, builtin_module, configure, deploy_compliance, revert_msg

IMPLEMENTATION_SLOT = 0x360894A13BA1A3210667C828492DB98DCA3E2076CC3735A920A3CA505D382BBC

# built-in rule modules by rule number (0..7) and the order the token checks their codes
CHECK_ORDER = (30, 16, 17, 24, 22, 29, 21, 28, 23, 26, 18, 19, 25, 20)


@pytest.fixture
def builtins():
    """The built-in module containers, by rule number."""
    return tuple(getattr(brownie, name) for name in BUILTIN_MODULES)


@pytest.fixture
def third_party(compliance, owner, TestHostileModule):
    """Deploy a third-party module (reports code 23, accepts everything) serving `compliance`."""

    def _deploy(served=None):
        return TestHostileModule.deploy(served or compliance, {"from": owner})

    return _deploy


def test_the_builtin_modules_are_the_implementations_and_adding_one_switches_its_rule_on(compliance, owner,
                                                                                        token, builtins):
    shared = compliance.builtinModules()
    assert [brownie.Contract.from_abi("M", a, builtins[0].abi).ruleId() for a in shared] == list(range(len(BUILTIN_MODULES)))
    m = shared[0]
    assert compliance.isBuiltinModule(m)
    assert not compliance.isModuleBound(m)
    assert compliance.getModules() == []
    tx = compliance.addModule(m, {"from": owner})
    assert tx.events["ModuleAdded"]["module"] == m
    assert tx.events["RulesSwitched"]["rules"] == 1
    assert compliance.getModules() == [m]
    assert compliance.isModuleBound(m)
    assert plain(token.rules()) == (1, False)


def test_every_proxy_of_an_implementation_shares_its_builtin_modules(compliance, owner):
    implementation = brownie.ModularCompliance.at(
        brownie.web3.eth.get_storage_at(compliance.address, IMPLEMENTATION_SLOT)[-20:].hex()
    )
    other = deploy_compliance(owner, implementation)
    assert other.builtinModules() == compliance.builtinModules()
    assert all(other.isBuiltinModule(m) for m in compliance.builtinModules())


def test_stranger_cannot_add_or_remove(compliance, owner, stranger, token):
    m = compliance.builtinModules()[0]
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


def test_an_implementation_refuses_modules_out_of_their_rule_order(owner, builtins, ModularCompliance):
    modules = [c.deploy({"from": owner}) for c in builtins]
    swapped = [modules[1], modules[0], *modules[2:]]
    with brownie.reverts(revert_msg("ComplianceNotBuiltinModule", modules[1])):
        ModularCompliance.deploy(swapped, {"from": owner})
    with brownie.reverts("ComplianceZeroAddress: "):
        ModularCompliance.deploy([ZERO, *modules[1:]], {"from": owner})


def test_another_implementations_builtin_module_is_not_a_third_party_module(compliance, owner, builtins):
    foreign = builtins[0].deploy({"from": owner})
    assert not compliance.isBuiltinModule(foreign)
    # it has no hooks to call: refused as a built-in module that is not this compliance's
    with brownie.reverts(revert_msg("ComplianceNotBuiltinModule", foreign)):
        compliance.addModule(foreign, {"from": owner})


def test_builtin_module_needs_a_bound_token(owner):
    c = deploy_compliance(owner)
    m = brownie.Contract.from_abi("CountryAllowModule", c.builtinModules()[0], brownie.CountryAllowModule.abi)
    with brownie.reverts("ComplianceNoToken: "):
        c.addModule(m, {"from": owner})
    with brownie.reverts("ModuleNoToken: "):
        configure(c, m, "allowCountries", [826], sender=owner)
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
    m = builtin_module(compliance, "CountryRestrictModule")
    with brownie.reverts(revert_msg("ComplianceModuleNotBound", m)):
        compliance.removeModule(m, {"from": owner})


def test_builtins_are_listed_in_check_order_whatever_the_order_added(compliance, owner, token, builtins,
                                                                     third_party):
    modules = [builtin_module(compliance, c._name) for c in builtins]
    t = third_party()
    compliance.addModule(t, {"from": owner})
    for m in reversed(modules):
        compliance.addModule(m, {"from": owner})
    listed = compliance.getModules()
    n = len(CHECK_ORDER)
    assert [int(brownie.Contract.from_abi("M", a, builtins[0].abi).restrictionCode()) for a in listed[:n]] == \
        list(CHECK_ORDER)
    assert listed[n:] == [t]
    assert plain(token.rules()) == (2**n - 1, True)
    # switching rules off removes them from the list; the others keep their places
    compliance.removeModule(modules[5], {"from": owner})  # LockUp (21)
    compliance.removeModule(modules[0], {"from": owner})  # CountryAllow (16)
    assert compliance.getModules() == [
        modules[13], modules[1], modules[8], modules[6], modules[12], modules[11], modules[7], modules[10],
        modules[2], modules[3], modules[9], modules[4], t,
    ]
    assert plain(token.rules()) == ((2**n - 1) & ~(1 << 5) & ~1, True)


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


def test_module_functions_reach_builtins_even_when_switched_off(compliance, owner, stranger, token, third_party,
                                                                 CountryAllowModule):
    other = CountryAllowModule.deploy({"from": owner})
    with brownie.reverts(revert_msg("ComplianceModuleNotBound", other)):
        compliance.callModuleFunction(other.allowCountries.encode_input([826]), other, {"from": owner})
    m = builtin_module(compliance, "CountryAllowModule")
    assert not compliance.isModuleBound(m)
    tx = compliance.callModuleFunction(m.allowCountries.encode_input([826]), m, {"from": owner})
    assert tx.events["ModuleInteraction"]["target"] == m
    assert token.countryRule(826)[0]
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", stranger)):
        compliance.callModuleFunction(m.allowCountries.encode_input([250]), m, {"from": stranger})
