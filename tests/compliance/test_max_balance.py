"""MaxBalance: each identity's holding, all wallets summed, is capped (code 18)."""

import brownie
import pytest

from tests.compliance.compliance_helpers import Party
from tests.conftest import revert_msg

MAX_112 = 2**112 - 1


@pytest.fixture
def second(rule_stack, accounts, agent, uk) -> Party:
    """A second wallet of the UK investor's identity."""
    rule_stack.registry.registerIdentity(accounts[7], uk.identity, uk.country, {"from": agent})
    return Party(str(accounts[7]), uk.identity, uk.country, uk.topics)


def test_mint_or_transfer_above_the_cap_is_refused_with_18(add_module, owner, agent, token, codes, uk, us,
                                                           MaxBalanceModule):
    m = add_module(MaxBalanceModule)
    m.setMaxBalance(100, {"from": owner})
    token.mint(uk.wallet, 100, {"from": agent})
    assert codes.mint(uk, 1) == 18
    with brownie.reverts(revert_msg("TransferRestricted", 18)):
        token.mint(uk.wallet, 1, {"from": agent})
    token.mint(us.wallet, 70, {"from": agent})
    assert codes.transfer(uk, us, 31) == 18
    assert codes.forced(uk, us, 31) == 18
    with brownie.reverts(revert_msg("TransferRestricted", 18)):
        token.transfer(us.wallet, 31, {"from": uk.wallet})
    with brownie.reverts(revert_msg("TransferRestricted", 18)):
        token.forcedTransfer(uk.wallet, us.wallet, 31, {"from": agent})
    assert codes.transfer(uk, us, 30) == 0
    token.transfer(us.wallet, 30, {"from": uk.wallet})
    assert m.identityBalance(us.identity) == 100
    assert m.identityBalance(uk.identity) == 70
    assert m.identityBalance(us.wallet) == 100  # a wallet stands for its identity


def test_all_wallets_of_an_identity_are_summed(add_module, owner, agent, token, codes, uk, second,
                                               MaxBalanceModule):
    m = add_module(MaxBalanceModule)
    m.setMaxBalance(100, {"from": owner})
    token.mint(uk.wallet, 60, {"from": agent})
    assert codes.mint(second, 41) == 18
    with brownie.reverts(revert_msg("TransferRestricted", 18)):
        token.mint(second.wallet, 41, {"from": agent})
    token.mint(second.wallet, 40, {"from": agent})
    assert m.identityBalance(uk.identity) == 100
    assert m.identityBalance(second.wallet) == 100
    assert (token.balanceOf(uk.wallet), token.balanceOf(second.wallet)) == (60, 40)


def test_holdings_from_before_the_rule_is_on_are_counted(add_module, owner, agent, token, codes, uk, second,
                                                         MaxBalanceModule):
    token.mint(uk.wallet, 60, {"from": agent})
    token.mint(second.wallet, 30, {"from": agent})
    m = add_module(MaxBalanceModule)
    m.setMaxBalance(100, {"from": owner})
    assert m.identityBalance(uk.identity) == 90
    assert codes.mint(uk, 11) == 18
    assert codes.mint(uk, 10) == 0


def test_moves_between_wallets_of_one_identity_always_pass(add_module, owner, agent, token, codes, uk, second,
                                                            MaxBalanceModule):
    m = add_module(MaxBalanceModule)
    m.setMaxBalance(100, {"from": owner})
    token.mint(uk.wallet, 100, {"from": agent})
    assert codes.transfer(uk, second, 100) == 0
    token.transfer(second.wallet, 100, {"from": uk.wallet})
    assert codes.forced(second, uk, 100) == 0
    token.forcedTransfer(second.wallet, uk.wallet, 100, {"from": agent})
    assert m.identityBalance(uk.identity) == 100
    # even above a cap lowered meanwhile
    m.setMaxBalance(10, {"from": owner})
    assert codes.transfer(uk, second, 100) == 0
    token.transfer(second.wallet, 100, {"from": uk.wallet})
    assert m.identityBalance(uk.identity) == 100


def test_burn_lowers_the_holding(add_module, owner, agent, token, codes, uk, MaxBalanceModule):
    m = add_module(MaxBalanceModule)
    m.setMaxBalance(100, {"from": owner})
    token.mint(uk.wallet, 100, {"from": agent})
    assert codes.burn(uk, 40) == 0
    token.burn(uk.wallet, 40, {"from": agent})
    assert m.identityBalance(uk.identity) == 60
    assert codes.mint(uk, 40) == 0
    assert codes.mint(uk, 41) == 18


def test_zero_cap_means_no_cap(compliance, add_module, owner, agent, token, codes, uk, MaxBalanceModule):
    m = add_module(MaxBalanceModule)
    token.mint(uk.wallet, 10**30, {"from": agent})
    assert m.identityBalance(uk.identity) == 10**30
    m.setMaxBalance(100, {"from": owner})
    assert codes.mint(uk, 1) == 18
    compliance.removeModule(m, {"from": owner})
    assert codes.mint(uk, 1) == 0


def test_owner_sets_the_cap_with_an_event(add_module, owner, stranger, token, MaxBalanceModule):
    m = add_module(MaxBalanceModule)
    assert m.describe() == "MaxBalance: none"
    tx = m.setMaxBalance(1000, {"from": owner})
    assert tx.events["MaxBalanceSet"]["maxBalance"] == 1000
    assert tx.events["LimitsChanged"]["maxBalance"] == 1000
    assert m.maxBalance() == 1000
    assert token.limits()[0] == 1000
    assert m.describe() == "MaxBalance: 1000 per identity"
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", stranger)):
        m.setMaxBalance(1, {"from": stranger})
    with brownie.reverts(revert_msg("RuleEngineUnauthorized", stranger)):
        token.setLimits(token.compliance(), 1, 0, 0, {"from": stranger})


def test_cap_keeps_the_transfer_limit(add_module, owner, token, MaxBalanceModule, TransferLimitsModule):
    m = add_module(MaxBalanceModule)
    limits = add_module(TransferLimitsModule)
    limits.setTransferLimit(86400, 500, {"from": owner})
    m.setMaxBalance(1000, {"from": owner})
    assert tuple(token.limits()) == (1000, 500, 86400)


def test_cap_must_fit_112_bits(add_module, owner, MaxBalanceModule):
    m = add_module(MaxBalanceModule)
    m.setMaxBalance(MAX_112, {"from": owner})
    assert m.maxBalance() == MAX_112
    with brownie.reverts(revert_msg("ModuleSettingTooLarge", MAX_112 + 1, MAX_112)):
        m.setMaxBalance(MAX_112 + 1, {"from": owner})


def test_module_reports_its_identity(compliance, add_module, MaxBalanceModule):
    m = add_module(MaxBalanceModule)
    assert m.name() == "MaxBalance"
    assert m.restrictionCode() == 18
    assert compliance.builtinModules()[m.ruleId()] == m
    assert m.ruleId() == 2
    assert compliance.isBuiltinModule(m)
