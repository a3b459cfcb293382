"""CountryRestrict: recipients from a blocked country are refused (code 17)."""

import brownie

from tests.compliance.compliance_helpers import burn, forced, mint, transfer


def test_recipient_from_restricted_country_is_refused_with_17(compliance, add_module, owner, token, uk, us, fr,
                                                               CountryRestrictModule):
    m = add_module(CountryRestrictModule)
    m.restrictCountries([250], {"from": owner})
    assert compliance.checkTransfer(mint(uk, 5)) == 0
    assert compliance.checkTransfer(transfer(uk, us, 5, 10)) == 0
    assert compliance.checkTransfer(transfer(uk, fr, 5, 10)) == 17
    assert compliance.checkTransfer(forced(uk, fr, 5, 10)) == 17
    with brownie.reverts("TransferRestricted: 17"):
        compliance.applyTransfer(transfer(us, fr, 5, 10), {"from": token})
    compliance.applyTransfer(transfer(fr, us, 5, 10), {"from": token})


def test_burn_and_transfers_out_of_a_restricted_country_pass(compliance, add_module, owner, fr, uk,
                                                             CountryRestrictModule):
    m = add_module(CountryRestrictModule)
    m.restrictCountries([250], {"from": owner})
    assert compliance.checkTransfer(burn(fr, 5, 5)) == 0
    assert compliance.checkTransfer(transfer(fr, uk, 5, 5)) == 0


def test_no_restriction_configured_passes_everyone(compliance, add_module, fr, CountryRestrictModule):
    add_module(CountryRestrictModule)
    assert compliance.checkTransfer(mint(fr, 1)) == 0


def test_owner_edits_the_list_with_events(add_module, owner, CountryRestrictModule):
    m = add_module(CountryRestrictModule)
    tx = m.restrictCountries([250, 840], {"from": owner})
    assert [e["country"] for e in tx.events["CountryRestricted"]] == [250, 840]
    assert m.isCountryRestricted(250)
    tx = m.unrestrictCountries([250], {"from": owner})
    assert tx.events["CountryUnrestricted"]["country"] == 250
    assert [int(c) for c in m.restrictedCountries()] == [840]
    assert m.describe() == "CountryRestrict: no recipients from 840"


def test_stranger_cannot_edit_the_list(add_module, stranger, CountryRestrictModule):
    m = add_module(CountryRestrictModule)
    with brownie.reverts(f"ModuleOnlyComplianceOwner: {stranger.address.lower()}"):
        m.restrictCountries([250], {"from": stranger})
    with brownie.reverts(f"ModuleOnlyComplianceOwner: {stranger.address.lower()}"):
        m.unrestrictCountries([250], {"from": stranger})
