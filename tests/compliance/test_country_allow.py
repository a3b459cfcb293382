"""CountryAllow: recipients must come from a listed country (code 16)."""

import brownie

from tests.compliance.compliance_helpers import burn, forced, mint, transfer


def test_recipient_from_unlisted_country_is_refused_with_16(compliance, add_module, owner, token, uk, us, fr,
                                                             CountryAllowModule):
    m = add_module(CountryAllowModule)
    m.allowCountries([826, 840], {"from": owner})
    assert compliance.checkTransfer(mint(uk, 5)) == 0
    assert compliance.checkTransfer(transfer(uk, us, 5, 10)) == 0
    assert compliance.checkTransfer(transfer(uk, fr, 5, 10)) == 16
    assert compliance.checkTransfer(mint(fr, 5)) == 16
    assert compliance.checkTransfer(forced(uk, fr, 5, 10)) == 16
    with brownie.reverts("TransferRestricted: 16"):
        compliance.applyTransfer(mint(fr, 5), {"from": token})
    compliance.applyTransfer(mint(uk, 5), {"from": token})


def test_burn_from_any_country_passes(compliance, add_module, owner, fr, CountryAllowModule):
    add_module(CountryAllowModule)
    assert compliance.checkTransfer(burn(fr, 5, 5)) == 0


def test_empty_list_allows_no_recipient(compliance, add_module, uk, CountryAllowModule):
    m = add_module(CountryAllowModule)
    assert m.check(mint(uk, 1)) == 16


def test_owner_edits_the_list_with_events(add_module, owner, CountryAllowModule):
    m = add_module(CountryAllowModule)
    tx = m.allowCountries([826, 840, 826], {"from": owner})
    assert [e["country"] for e in tx.events["CountryAllowed"]] == [826, 840]
    assert sorted(int(c) for c in m.allowedCountries()) == [826, 840]
    assert m.isCountryAllowed(840)
    tx = m.disallowCountries([840, 250], {"from": owner})
    assert [e["country"] for e in tx.events["CountryDisallowed"]] == [840]
    assert [int(c) for c in m.allowedCountries()] == [826]
    assert m.describe() == "CountryAllow: recipients from 826"


def test_stranger_cannot_edit_the_list(add_module, stranger, CountryAllowModule):
    m = add_module(CountryAllowModule)
    with brownie.reverts(f"ModuleOnlyComplianceOwner: {stranger.address.lower()}"):
        m.allowCountries([826], {"from": stranger})
    with brownie.reverts(f"ModuleOnlyComplianceOwner: {stranger.address.lower()}"):
        m.disallowCountries([826], {"from": stranger})


def test_invalid_country_code_is_refused(add_module, owner, CountryAllowModule):
    m = add_module(CountryAllowModule)
    with brownie.reverts("ModuleInvalidCountry: 1000"):
        m.allowCountries([826, 1000], {"from": owner})
    with brownie.reverts("ModuleInvalidCountry: 0"):
        m.allowCountries([0], {"from": owner})


def test_only_the_compliance_calls_on_transfer(add_module, token, uk, CountryAllowModule):
    m = add_module(CountryAllowModule)
    with brownie.reverts(f"ModuleOnlyCompliance: {token.address.lower()}"):
        m.onTransfer(mint(uk, 1), {"from": token})


def test_module_reports_its_identity(compliance, add_module, CountryAllowModule):
    m = add_module(CountryAllowModule)
    assert m.name() == "CountryAllow"
    assert m.restrictionCode() == 16
    assert m.compliance() == compliance
