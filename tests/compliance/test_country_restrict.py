"""CountryRestrict: recipients from a blocked country are refused (code 17)."""

import brownie

from tests.conftest import revert_msg


def test_recipient_from_restricted_country_is_refused_with_17(add_module, owner, agent, token, codes, uk, us, fr,
                                                               CountryRestrictModule):
    m = add_module(CountryRestrictModule)
    m.restrictCountries([250], {"from": owner})
    assert codes.mint(uk, 5) == 0
    token.mint(uk.wallet, 10, {"from": agent})
    assert codes.transfer(uk, us, 5) == 0
    assert codes.transfer(uk, fr, 5) == 17
    assert codes.forced(uk, fr, 5) == 17
    assert codes.mint(fr, 5) == 17
    with brownie.reverts(revert_msg("TransferRestricted", 17)):
        token.transfer(fr.wallet, 5, {"from": uk.wallet})
    with brownie.reverts(revert_msg("TransferRestricted", 17)):
        token.forcedTransfer(uk.wallet, fr.wallet, 5, {"from": agent})
    with brownie.reverts(revert_msg("TransferRestricted", 17)):
        token.mint(fr.wallet, 5, {"from": agent})
    token.transfer(us.wallet, 5, {"from": uk.wallet})
    assert (token.balanceOf(uk.wallet), token.balanceOf(us.wallet), token.balanceOf(fr.wallet)) == (5, 5, 0)


def test_burn_and_transfers_out_of_a_restricted_country_pass(compliance, add_module, owner, agent, token, codes,
                                                             fr, uk, CountryRestrictModule):
    m = add_module(CountryRestrictModule)
    token.mint(fr.wallet, 10, {"from": agent})
    m.restrictCountries([250], {"from": owner})
    assert codes.burn(fr, 5) == 0
    assert codes.transfer(fr, uk, 5) == 0
    assert codes.forced(fr, uk, 5) == 0
    token.transfer(uk.wallet, 5, {"from": fr.wallet})
    token.burn(fr.wallet, 5, {"from": agent})
    assert (token.balanceOf(fr.wallet), token.balanceOf(uk.wallet)) == (0, 5)


def test_no_restriction_configured_passes_everyone(add_module, codes, uk, us, fr, CountryRestrictModule):
    m = add_module(CountryRestrictModule)
    assert [codes.mint(p, 1) for p in (uk, us, fr)] == [0, 0, 0]
    assert m.describe() == "CountryRestrict: no recipients from "


def test_switched_off_the_rule_passes_restricted_countries(compliance, add_module, owner, codes, fr,
                                                           CountryRestrictModule):
    m = add_module(CountryRestrictModule)
    m.restrictCountries([250], {"from": owner})
    assert codes.mint(fr, 1) == 17
    compliance.removeModule(m, {"from": owner})
    assert codes.mint(fr, 1) == 0
    # the setting stays in the token while the rule is off
    assert m.isCountryRestricted(250)
    compliance.addModule(m, {"from": owner})
    assert codes.mint(fr, 1) == 17


def test_owner_edits_the_list_with_events(add_module, owner, token, CountryRestrictModule):
    m = add_module(CountryRestrictModule)
    tx = m.restrictCountries([250, 840, 250], {"from": owner})
    assert [e["country"] for e in tx.events["CountryRestricted"]] == [250, 840]
    assert [(e["country"], e["restricted"]) for e in tx.events["CountryRuleSet"]] == [(250, True), (840, True)]
    assert m.isCountryRestricted(250) and token.countryRule(250)[1]
    tx = m.unrestrictCountries([250, 826], {"from": owner})
    assert [e["country"] for e in tx.events["CountryUnrestricted"]] == [250]
    assert [(e["country"], e["restricted"]) for e in tx.events["CountryRuleSet"]] == [(250, False)]
    assert not m.isCountryRestricted(250) and not token.countryRule(250)[1]
    assert [int(c) for c in m.restrictedCountries()] == [840]
    assert m.describe() == "CountryRestrict: no recipients from 840"


def test_restriction_keeps_the_other_settings_of_the_country(add_module, owner, token, CountryAllowModule,
                                                             CountryRestrictModule):
    allow = add_module(CountryAllowModule)
    restrict = add_module(CountryRestrictModule)
    allow.allowCountries([250], {"from": owner})
    restrict.restrictCountries([250], {"from": owner})
    assert tuple(token.countryRule(250))[:2] == (True, True)
    restrict.unrestrictCountries([250], {"from": owner})
    assert tuple(token.countryRule(250))[:2] == (True, False)


def test_stranger_cannot_edit_the_list(add_module, stranger, token, CountryRestrictModule):
    m = add_module(CountryRestrictModule)
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", stranger)):
        m.restrictCountries([250], {"from": stranger})
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", stranger)):
        m.unrestrictCountries([250], {"from": stranger})
    with brownie.reverts(revert_msg("RuleEngineUnauthorized", stranger)):
        token.setCountryRule(token.compliance(), 250, False, True, False, 0, 0, 0, {"from": stranger})


def test_invalid_country_code_is_refused(add_module, owner, CountryRestrictModule):
    m = add_module(CountryRestrictModule)
    with brownie.reverts(revert_msg("ModuleInvalidCountry", 1000)):
        m.restrictCountries([250, 1000], {"from": owner})
    with brownie.reverts(revert_msg("ModuleInvalidCountry", 0)):
        m.restrictCountries([0], {"from": owner})
    assert not m.isCountryRestricted(250)


def test_settings_through_call_module_function(compliance, add_module, owner, codes, fr, CountryRestrictModule):
    m = add_module(CountryRestrictModule)
    tx = compliance.callModuleFunction(m.restrictCountries.encode_input([250]), m, {"from": owner})
    assert tx.events["ModuleInteraction"]["target"] == m
    assert codes.mint(fr, 1) == 17


def test_module_reports_its_identity(compliance, add_module, CountryRestrictModule):
    m = add_module(CountryRestrictModule)
    assert m.name() == "CountryRestrict"
    assert m.restrictionCode() == 17
    assert compliance.builtinModules()[m.ruleId()] == m
    assert m.ruleId() == 1
    assert compliance.isBuiltinModule(m)
