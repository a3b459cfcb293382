"""MaxHolders: caps on distinct identities holding a balance, overall and per country (code 19). The token
counts holders whatever rules are on; the module sets the caps and reads the counts."""

import brownie

from tests.compliance.compliance_helpers import plain, register
from tests.conftest import revert_msg


def _holders(m):
    return plain(m.holders())


def _country(m, country):
    return plain(m.countryHolders(country))


def test_new_holder_beyond_the_overall_cap_is_refused_with_19(add_module, owner, agent, token, codes, uk, us, fr,
                                                               MaxHoldersModule):
    m = add_module(MaxHoldersModule)
    m.setHolderCap(2, {"from": owner})
    token.mint(uk.wallet, 10, {"from": agent})
    token.mint(us.wallet, 10, {"from": agent})
    assert _holders(m) == (2, 2)
    assert codes.mint(fr, 1) == 19
    assert codes.transfer(uk, fr, 5) == 19
    assert codes.forced(uk, fr, 5) == 19
    with brownie.reverts(revert_msg("TransferRestricted", 19)):
        token.mint(fr.wallet, 1, {"from": agent})
    with brownie.reverts(revert_msg("TransferRestricted", 19)):
        token.transfer(fr.wallet, 5, {"from": uk.wallet})
    with brownie.reverts(revert_msg("TransferRestricted", 19)):
        token.forcedTransfer(uk.wallet, fr.wallet, 5, {"from": agent})
    # existing holders still receive more
    assert codes.transfer(uk, us, 5) == 0
    token.transfer(us.wallet, 5, {"from": uk.wallet})
    assert _holders(m) == (2, 2)


def test_a_holder_leaving_makes_room_in_the_same_transfer(add_module, owner, agent, token, codes, uk, us, fr,
                                                          MaxHoldersModule):
    m = add_module(MaxHoldersModule)
    m.setHolderCap(2, {"from": owner})
    token.mint(uk.wallet, 10, {"from": agent})
    token.mint(us.wallet, 10, {"from": agent})
    assert codes.transfer(uk, fr, 9) == 19
    assert codes.transfer(uk, fr, 10) == 0
    token.transfer(fr.wallet, 10, {"from": uk.wallet})
    assert _holders(m) == (2, 2)
    assert plain(m.holding(uk.identity)) == (0, 0)
    assert plain(m.holding(fr.identity)) == (10, 250)
    assert plain(m.holding(fr.wallet)) == (10, 250)
    assert _country(m, 826) == (0, 0)
    assert _country(m, 250) == (0, 1)


def test_country_cap_counts_only_that_country(add_module, owner, agent, token, codes, uk, us, accounts, rule_stack,
                                              MaxHoldersModule):
    m = add_module(MaxHoldersModule)
    m.setCountryHolderCap(840, 1, {"from": owner})
    us2 = register(rule_stack, accounts[7], "0x" + "77" * 20, 840)
    token.mint(us.wallet, 10, {"from": agent})
    assert codes.mint(us2, 1) == 19
    assert codes.mint(uk, 1) == 0
    token.mint(uk.wallet, 1, {"from": agent})
    assert _country(m, 840) == (1, 1)
    assert _country(m, 826) == (0, 1)
    assert _holders(m) == (0, 2)
    # a US holder selling out to another US investor keeps the US count at the cap
    token.transfer(us2.wallet, 10, {"from": us.wallet})
    assert _country(m, 840) == (1, 1)
    assert plain(m.holding(us2.identity)) == (10, 840)
    # a UK holder leaving does not make room for a new US holder
    assert codes.transfer(uk, us, 1) == 19


def test_counts_identities_not_wallets(add_module, owner, agent, token, codes, uk, accounts, rule_stack,
                                       MaxHoldersModule):
    m = add_module(MaxHoldersModule)
    m.setHolderCap(1, {"from": owner})
    second = register(rule_stack, accounts[7], uk.identity, uk.country)
    token.mint(uk.wallet, 10, {"from": agent})
    assert codes.mint(second, 10) == 0
    token.mint(second.wallet, 10, {"from": agent})
    assert _holders(m) == (1, 1)
    assert plain(m.holding(uk.identity)) == (20, 826)
    # recovery: everything moves to the other wallet of the same identity
    token.recoveryAddress(uk.wallet, second.wallet, uk.identity, {"from": agent})
    assert _holders(m) == (1, 1)
    assert plain(m.holding(uk.identity)) == (20, 826)
    assert plain(m.holding(uk.wallet)) == (20, 826)
    assert token.balanceOf(second.wallet) == 20


def test_burning_everything_stops_holding(add_module, owner, agent, token, codes, uk, us, MaxHoldersModule):
    m = add_module(MaxHoldersModule)
    m.setHolderCap(1, {"from": owner})
    token.mint(uk.wallet, 10, {"from": agent})
    token.burn(uk.wallet, 4, {"from": agent})
    assert _holders(m) == (1, 1)
    assert codes.mint(us, 1) == 19
    token.burn(uk.wallet, 6, {"from": agent})
    assert _holders(m) == (1, 0)
    assert _country(m, 826) == (0, 0)
    assert plain(m.holding(uk.identity)) == (0, 0)
    token.mint(us.wallet, 1, {"from": agent})
    assert _holders(m) == (1, 1)


def test_zero_amounts_change_nothing(add_module, owner, agent, token, codes, uk, us, fr, MaxHoldersModule):
    m = add_module(MaxHoldersModule)
    m.setHolderCap(1, {"from": owner})
    token.mint(uk.wallet, 10, {"from": agent})
    assert codes.transfer(uk, us, 0) == 0
    token.transfer(us.wallet, 0, {"from": uk.wallet})
    token.mint(fr.wallet, 0, {"from": agent})
    assert _holders(m) == (1, 1)
    assert plain(m.holding(us.identity)) == (0, 0)
    assert plain(m.holding(fr.identity)) == (0, 0)


def test_counts_are_exact_before_the_rule_is_switched_on(add_module, owner, agent, token, codes, uk, us, fr,
                                                         MaxHoldersModule):
    token.mint(uk.wallet, 10, {"from": agent})
    token.mint(us.wallet, 10, {"from": agent})
    token.transfer(fr.wallet, 10, {"from": uk.wallet})
    assert plain(token.holderCount(0)) == (0, 2)
    m = add_module(MaxHoldersModule)
    assert _holders(m) == (0, 2)
    assert _country(m, 250) == (0, 1)
    m.setHolderCap(2, {"from": owner})
    assert codes.mint(uk, 1) == 19


def test_owner_sets_caps_with_events(add_module, owner, stranger, token, MaxHoldersModule):
    m = add_module(MaxHoldersModule)
    assert m.describe() == "MaxHolders: 0 holders, cap none"
    tx = m.setHolderCap(2000, {"from": owner})
    assert tx.events["HolderCapSet"]["cap"] == 2000
    assert plain(tx.events["HolderCapChanged"].values()) == (0, 2000)
    tx = m.setCountryHolderCap(840, 500, {"from": owner})
    assert plain(tx.events["CountryHolderCapSet"].values())[1:] == (840, 500)
    assert _country(m, 840) == (500, 0)
    assert _holders(m) == (2000, 0)
    assert m.describe() == "MaxHolders: 0 holders, cap 2000"
    m.setHolderCap(2**32 - 1, {"from": owner})
    with brownie.reverts(revert_msg("ModuleHolderCapTooLarge", 2**32)):
        m.setHolderCap(2**32, {"from": owner})
    with brownie.reverts(revert_msg("ModuleHolderCapTooLarge", 2**32)):
        m.setCountryHolderCap(840, 2**32, {"from": owner})
    with brownie.reverts(revert_msg("ModuleInvalidCountry", 0)):
        m.setCountryHolderCap(0, 1, {"from": owner})
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", stranger)):
        m.setHolderCap(1, {"from": stranger})
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", stranger)):
        m.setCountryHolderCap(840, 1, {"from": stranger})
    with brownie.reverts(revert_msg("RuleEngineUnauthorized", stranger)):
        token.setHolderCap(token.compliance(), 0, 1, {"from": stranger})


def test_module_reports_its_identity(compliance, add_module, MaxHoldersModule):
    m = add_module(MaxHoldersModule)
    assert m.name() == "MaxHolders"
    assert m.restrictionCode() == 19
    assert compliance.builtinModules()[m.ruleId()] == m
    assert m.ruleId() == 3
