"""CountryAllow: recipients must come from a listed country (code 16)."""

import brownie

from tests.conftest import revert_msg


def test_recipient_from_unlisted_country_is_refused_with_16(add_module, owner, agent, token, codes, uk, us, fr,
                                                             CountryAllowModule):
    m = add_module(CountryAllowModule)
    m.allowCountries([826, 840], {"from": owner})
    assert codes.mint(uk, 5) == 0
    token.mint(uk.wallet, 10, {"from": agent})
    assert codes.transfer(uk, us, 5) == 0
    assert codes.transfer(uk, fr, 5) == 16
    assert codes.mint(fr, 5) == 16
    assert codes.forced(uk, fr, 5) == 16
    with brownie.reverts(revert_msg("TransferRestricted", 16)):
        token.mint(fr.wallet, 5, {"from": agent})
    with brownie.reverts(revert_msg("TransferRestricted", 16)):
        token.transfer(fr.wallet, 5, {"from": uk.wallet})
    token.transfer(us.wallet, 5, {"from": uk.wallet})
    assert token.balanceOf(us.wallet) == 5


def test_burn_from_any_country_passes(add_module, owner, agent, token, codes, fr, CountryAllowModule):
    m = add_module(CountryAllowModule)
    m.allowCountries([250], {"from": owner})
    token.mint(fr.wallet, 5, {"from": agent})
    m.disallowCountries([250], {"from": owner})
    assert codes.burn(fr, 5) == 0


def test_empty_list_allows_no_recipient(add_module, codes, uk, CountryAllowModule):
    add_module(CountryAllowModule)
    assert codes.mint(uk, 1) == 16


def test_switched_off_the_rule_allows_every_country(compliance, add_module, owner, codes, fr, CountryAllowModule):
    m = add_module(CountryAllowModule)
    assert codes.mint(fr, 1) == 16
    compliance.removeModule(m, {"from": owner})
    assert codes.mint(fr, 1) == 0
    assert not compliance.isModuleBound(m)
    compliance.addModule(m, {"from": owner})
    assert codes.mint(fr, 1) == 16


def test_owner_edits_the_list_with_events(add_module, owner, token, CountryAllowModule):
    m = add_module(CountryAllowModule)
    tx = m.allowCountries([826, 840, 826], {"from": owner})
    assert [e["country"] for e in tx.events["CountryAllowed"]] == [826, 840]
    assert [e["country"] for e in tx.events["CountryRuleSet"]] == [826, 840]
    assert sorted(int(c) for c in m.allowedCountries()) == [826, 840]
    assert m.isCountryAllowed(840) and token.countryRule(840)[0]
    tx = m.disallowCountries([840, 250], {"from": owner})
    assert [e["country"] for e in tx.events["CountryDisallowed"]] == [840]
    assert [int(c) for c in m.allowedCountries()] == [826]
    assert not token.countryRule(840)[0]
    assert m.describe() == "CountryAllow: recipients from 826"


def test_stranger_cannot_edit_the_list(add_module, stranger, token, CountryAllowModule):
    m = add_module(CountryAllowModule)
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", stranger)):
        m.allowCountries([826], {"from": stranger})
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", stranger)):
        m.disallowCountries([826], {"from": stranger})
    with brownie.reverts(revert_msg("RuleEngineUnauthorized", stranger)):
        token.setCountryRule(token.compliance(), 826, True, False, False, 0, 0, 0, {"from": stranger})


def test_invalid_country_code_is_refused(add_module, owner, CountryAllowModule):
    m = add_module(CountryAllowModule)
    with brownie.reverts(revert_msg("ModuleInvalidCountry", 1000)):
        m.allowCountries([826, 1000], {"from": owner})
    with brownie.reverts(revert_msg("ModuleInvalidCountry", 0)):
        m.allowCountries([0], {"from": owner})


def test_settings_through_call_module_function_as_erc3643_tools_do(compliance, add_module, owner, stranger,
                                                                    codes, fr, CountryAllowModule):
    m = add_module(CountryAllowModule)
    tx = compliance.callModuleFunction(m.allowCountries.encode_input([250]), m, {"from": owner})
    assert tx.events["ModuleInteraction"]["target"] == m
    assert codes.mint(fr, 1) == 0
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", stranger)):
        compliance.callModuleFunction(m.disallowCountries.encode_input([250]), m, {"from": stranger})


def test_module_reports_its_identity(compliance, add_module, CountryAllowModule):
    m = add_module(CountryAllowModule)
    assert m.name() == "CountryAllow"
    assert m.restrictionCode() == 16
    assert compliance.builtinModules()[m.ruleId()] == m
    assert m.ruleId() == 0
    assert compliance.isBuiltinModule(m)
