"""MaxHolders: caps on distinct identities holding a balance, overall and per country (code 19)."""

import brownie

from tests.compliance.compliance_helpers import Party, burn, forced, mint, plain, transfer


def _holders(m):
    return tuple(int(x) for x in m.holders())


def _country(m, country):
    return tuple(int(x) for x in m.countryHolders(country))


def test_new_holder_beyond_the_overall_cap_is_refused_with_19(compliance, add_module, owner, token, uk, us, fr,
                                                               MaxHoldersModule):
    m = add_module(MaxHoldersModule)
    m.setHolderCap(2, {"from": owner})
    compliance.applyTransfer(mint(uk, 10), {"from": token})
    compliance.applyTransfer(mint(us, 10), {"from": token})
    assert _holders(m) == (2, 2)
    assert compliance.checkTransfer(mint(fr, 1)) == 19
    assert compliance.checkTransfer(transfer(uk, fr, 5, 10)) == 19
    assert compliance.checkTransfer(forced(uk, fr, 5, 10)) == 19
    with brownie.reverts("TransferRestricted: 19"):
        compliance.applyTransfer(mint(fr, 1), {"from": token})
    # existing holders still receive more
    compliance.applyTransfer(transfer(uk, us, 5, 10), {"from": token})
    assert _holders(m) == (2, 2)


def test_a_holder_leaving_makes_room_in_the_same_transfer(compliance, add_module, owner, token, uk, us, fr,
                                                          MaxHoldersModule):
    m = add_module(MaxHoldersModule)
    m.setHolderCap(2, {"from": owner})
    compliance.applyTransfer(mint(uk, 10), {"from": token})
    compliance.applyTransfer(mint(us, 10), {"from": token})
    compliance.applyTransfer(transfer(uk, fr, 10, 10), {"from": token})
    assert _holders(m) == (2, 2)
    assert plain(m.holding(uk.identity)) == (0, 0)
    assert plain(m.holding(fr.identity)) == (10, 250)


def test_country_cap_counts_only_that_country(compliance, add_module, owner, token, uk, us, accounts,
                                              MaxHoldersModule):
    m = add_module(MaxHoldersModule)
    m.setCountryHolderCap(840, 1, {"from": owner})
    us2 = Party(str(accounts[7]), "0x" + "77" * 20, 840)
    compliance.applyTransfer(mint(us, 10), {"from": token})
    assert compliance.checkTransfer(mint(us2, 1)) == 19
    assert compliance.checkTransfer(mint(uk, 1)) == 0
    compliance.applyTransfer(mint(uk, 1), {"from": token})
    assert _country(m, 840) == (1, 1)
    assert _country(m, 826) == (0, 1)
    # a US holder selling out to another US investor keeps the US count at the cap
    compliance.applyTransfer(transfer(us, us2, 10, 10), {"from": token})
    assert _country(m, 840) == (1, 1)
    # a UK holder leaving does not make room for a new US holder
    assert compliance.checkTransfer(transfer(uk, us, 1, 1)) == 19


def test_counts_identities_not_wallets(compliance, add_module, owner, token, uk, accounts, MaxHoldersModule):
    m = add_module(MaxHoldersModule)
    m.setHolderCap(1, {"from": owner})
    second = Party(str(accounts[7]), uk.identity, uk.country)
    compliance.applyTransfer(mint(uk, 10), {"from": token})
    compliance.applyTransfer(mint(second, 10), {"from": token})
    assert _holders(m) == (1, 1)
    # recovery: everything moves to the other wallet of the same identity
    compliance.applyTransfer(forced(uk, second, 10, 10), {"from": token})
    assert _holders(m) == (1, 1)
    assert plain(m.holding(uk.identity)) == (20, 826)


def test_burning_everything_stops_holding(compliance, add_module, owner, token, uk, us, MaxHoldersModule):
    m = add_module(MaxHoldersModule)
    m.setHolderCap(1, {"from": owner})
    compliance.applyTransfer(mint(uk, 10), {"from": token})
    compliance.applyTransfer(burn(uk, 4, 10), {"from": token})
    assert _holders(m) == (1, 1)
    compliance.applyTransfer(burn(uk, 6, 6), {"from": token})
    assert _holders(m) == (1, 0)
    assert _country(m, 826) == (0, 0)
    compliance.applyTransfer(mint(us, 1), {"from": token})
    assert _holders(m) == (1, 1)


def test_zero_amounts_change_nothing(compliance, add_module, owner, token, uk, us, MaxHoldersModule):
    m = add_module(MaxHoldersModule)
    m.setHolderCap(1, {"from": owner})
    compliance.applyTransfer(mint(uk, 10), {"from": token})
    compliance.applyTransfer(transfer(uk, us, 0, 10), {"from": token})
    assert _holders(m) == (1, 1)
    assert plain(m.holding(us.identity)) == (0, 0)


def test_owner_sets_caps_with_events(add_module, owner, stranger, MaxHoldersModule):
    m = add_module(MaxHoldersModule)
    tx = m.setHolderCap(2000, {"from": owner})
    assert tx.events["HolderCapSet"]["cap"] == 2000
    tx = m.setCountryHolderCap(840, 500, {"from": owner})
    assert plain(tx.events["CountryHolderCapSet"].values()) == (840, 500)
    assert _country(m, 840) == (500, 0)
    assert m.describe() == "MaxHolders: 0 holders, cap 2000"
    with brownie.reverts(f"ModuleHolderCapTooLarge: {2**32}"):
        m.setHolderCap(2**32, {"from": owner})
    with brownie.reverts("ModuleInvalidCountry: 0"):
        m.setCountryHolderCap(0, 1, {"from": owner})
    with brownie.reverts(f"ModuleOnlyComplianceOwner: {stranger.address.lower()}"):
        m.setHolderCap(1, {"from": stranger})
