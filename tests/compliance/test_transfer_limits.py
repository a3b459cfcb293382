"""TransferLimits: per identity, a maximum amount moved out per window (code 23). The token keeps one window
per token: a second window length is refused until the first is removed."""

import brownie
import pytest

from tests.compliance.compliance_helpers import Party, plain
from tests.conftest import revert_msg

DAY = 86400
MAX_88 = 2**88 - 1


@pytest.fixture
def second(rule_stack, accounts, agent, uk) -> Party:
    """A second wallet of the UK investor's identity."""
    rule_stack.registry.registerIdentity(accounts[7], uk.identity, uk.country, {"from": agent})
    return Party(str(accounts[7]), uk.identity, uk.country, uk.topics)


@pytest.fixture
def funded(agent, token, uk, us):
    """uk and us hold 1000 each."""
    token.mint(uk.wallet, 1000, {"from": agent})
    token.mint(us.wallet, 1000, {"from": agent})


def test_moving_more_than_the_limit_in_a_window_is_refused_with_23(add_module, owner, token, codes, funded, uk, us,
                                                                    TransferLimitsModule):
    m = add_module(TransferLimitsModule)
    m.setTransferLimit(DAY, 100, {"from": owner})
    token.transfer(us.wallet, 60, {"from": uk.wallet})
    assert m.movedInWindow(uk.identity, DAY) == 60
    assert m.movedInWindow(uk.wallet, DAY) == 60  # a wallet stands for its identity
    assert codes.transfer(uk, us, 41) == 23
    with brownie.reverts(revert_msg("TransferRestricted", 23)):
        token.transfer(us.wallet, 41, {"from": uk.wallet})
    assert m.movedInWindow(uk.identity, DAY) == 60
    token.transfer(us.wallet, 40, {"from": uk.wallet})
    assert codes.transfer(uk, us, 1) == 23
    # the recipient's own budget is untouched
    assert m.movedInWindow(us.identity, DAY) == 0
    assert codes.transfer(us, uk, 100) == 0
    assert codes.transfer(us, uk, 101) == 23


def test_transfer_from_is_counted_against_the_owner_of_the_tokens(add_module, owner, token, codes, funded, uk, us,
                                                                  stranger, TransferLimitsModule):
    m = add_module(TransferLimitsModule)
    m.setTransferLimit(DAY, 100, {"from": owner})
    token.approve(stranger, 500, {"from": uk.wallet})
    token.transferFrom(uk.wallet, us.wallet, 80, {"from": stranger})
    assert m.movedInWindow(uk.identity, DAY) == 80
    with brownie.reverts(revert_msg("TransferRestricted", 23)):
        token.transferFrom(uk.wallet, us.wallet, 21, {"from": stranger})


def test_a_new_window_opens_after_the_last_one_ends(add_module, owner, token, codes, funded, uk, us, chain,
                                                    TransferLimitsModule):
    m = add_module(TransferLimitsModule)
    m.setTransferLimit(DAY, 100, {"from": owner})
    token.transfer(us.wallet, 100, {"from": uk.wallet})
    chain.sleep(DAY - 100)
    chain.mine()
    assert codes.transfer(uk, us, 1) == 23
    assert m.movedInWindow(uk.identity, DAY) == 100
    chain.sleep(200)
    chain.mine()
    assert m.movedInWindow(uk.identity, DAY) == 0
    assert codes.transfer(uk, us, 100) == 0
    token.transfer(us.wallet, 100, {"from": uk.wallet})
    assert m.movedInWindow(uk.identity, DAY) == 100
    assert codes.transfer(uk, us, 1) == 23


def test_one_window_per_token(add_module, owner, token, codes, funded, uk, us, chain, TransferLimitsModule):
    m = add_module(TransferLimitsModule)
    assert m.MAX_LIMITS() == 1
    m.setTransferLimit(DAY, 100, {"from": owner})
    with brownie.reverts(revert_msg("ModuleInvalidTransferLimit", 30 * DAY, 150)):
        m.setTransferLimit(30 * DAY, 150, {"from": owner})
    assert plain(m.transferLimits()) == ((DAY,), (100,))
    token.transfer(us.wallet, 100, {"from": uk.wallet})
    # once the first window is removed, another length may be set, and it applies
    m.setTransferLimit(DAY, 0, {"from": owner})
    assert codes.transfer(uk, us, 500) == 0
    m.setTransferLimit(30 * DAY, 150, {"from": owner})
    assert plain(m.transferLimits()) == ((30 * DAY,), (150,))
    chain.sleep(DAY + 1)
    chain.mine()
    assert codes.transfer(uk, us, 51) == 23
    token.transfer(us.wallet, 50, {"from": uk.wallet})
    assert m.movedInWindow(uk.identity, 30 * DAY) == 150
    assert m.movedInWindow(uk.identity, DAY) == 0  # not the token's window
    assert codes.transfer(uk, us, 1) == 23


def test_wallets_of_one_identity_share_a_budget(add_module, owner, agent, token, codes, funded, uk, us, second,
                                                TransferLimitsModule):
    m = add_module(TransferLimitsModule)
    m.setTransferLimit(DAY, 100, {"from": owner})
    token.mint(second.wallet, 100, {"from": agent})
    token.transfer(us.wallet, 70, {"from": uk.wallet})
    assert codes.transfer(second, us, 31) == 23
    with brownie.reverts(revert_msg("TransferRestricted", 23)):
        token.transfer(us.wallet, 31, {"from": second.wallet})
    token.transfer(us.wallet, 30, {"from": second.wallet})
    assert m.movedInWindow(second.wallet, DAY) == 100
    # moves between its own wallets are not counted
    assert codes.transfer(uk, second, 500) == 0
    token.transfer(second.wallet, 500, {"from": uk.wallet})
    assert m.movedInWindow(uk.identity, DAY) == 100


def test_mint_burn_and_forced_transfers_pass_uncounted(add_module, owner, agent, token, codes, uk, us,
                                                       TransferLimitsModule):
    m = add_module(TransferLimitsModule)
    m.setTransferLimit(DAY, 100, {"from": owner})
    assert codes.mint(uk, 1000) == 0
    token.mint(uk.wallet, 1000, {"from": agent})
    assert codes.forced(uk, us, 500) == 0
    token.forcedTransfer(uk.wallet, us.wallet, 500, {"from": agent})
    assert codes.burn(uk, 500) == 0
    token.burn(uk.wallet, 500, {"from": agent})
    assert m.movedInWindow(uk.identity, DAY) == 0
    assert codes.transfer(us, uk, 100) == 0


def test_switched_off_the_rule_limits_nothing(compliance, add_module, owner, token, codes, funded, uk, us,
                                              TransferLimitsModule):
    m = add_module(TransferLimitsModule)
    m.setTransferLimit(DAY, 100, {"from": owner})
    token.transfer(us.wallet, 100, {"from": uk.wallet})
    assert codes.transfer(uk, us, 1) == 23
    compliance.removeModule(m, {"from": owner})
    assert codes.transfer(uk, us, 500) == 0
    token.transfer(us.wallet, 500, {"from": uk.wallet})
    assert plain(m.transferLimits()) == ((DAY,), (100,))


def test_owner_sets_and_removes_limits_with_events(add_module, owner, stranger, token, TransferLimitsModule):
    m = add_module(TransferLimitsModule)
    assert m.describe() == "TransferLimits: none"
    assert plain(m.transferLimits()) == ((), ())
    tx = m.setTransferLimit(DAY, 100, {"from": owner})
    assert plain(tx.events["TransferLimitSet"].values())[1:] == (DAY, 100)
    assert plain(tx.events["LimitsChanged"].values()) == (0, 100, DAY)
    tx = m.setTransferLimit(DAY, 120, {"from": owner})
    assert plain(tx.events["TransferLimitSet"].values())[1:] == (DAY, 120)
    assert plain(m.transferLimits()) == ((DAY,), (120,))
    assert plain(token.limits()) == (0, 120, DAY)
    assert m.describe() == f"TransferLimits: 120 per {DAY}s;"
    tx = m.setTransferLimit(DAY, 0, {"from": owner})
    assert plain(tx.events["TransferLimitSet"].values())[1:] == (DAY, 0)
    assert plain(tx.events["LimitsChanged"].values()) == (0, 0, 0)
    assert plain(m.transferLimits()) == ((), ())
    assert m.describe() == "TransferLimits: none"
    with brownie.reverts(revert_msg("ModuleInvalidTransferLimit", DAY, 0)):
        m.setTransferLimit(DAY, 0, {"from": owner})
    with brownie.reverts(revert_msg("ModuleInvalidTransferLimit", 0, 5)):
        m.setTransferLimit(0, 5, {"from": owner})
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", stranger)):
        m.setTransferLimit(DAY, 1, {"from": stranger})
    with brownie.reverts(revert_msg("RuleEngineUnauthorized", stranger)):
        token.setLimits(token.compliance(), 0, 1, DAY, {"from": stranger})


def test_limit_keeps_the_max_balance(add_module, owner, token, TransferLimitsModule, MaxBalanceModule):
    m = add_module(TransferLimitsModule)
    add_module(MaxBalanceModule).setMaxBalance(1000, {"from": owner})
    m.setTransferLimit(DAY, 100, {"from": owner})
    assert plain(token.limits()) == (1000, 100, DAY)
    m.setTransferLimit(DAY, 0, {"from": owner})
    assert plain(token.limits()) == (1000, 0, 0)


def test_limit_must_fit_88_bits(add_module, owner, TransferLimitsModule):
    m = add_module(TransferLimitsModule)
    m.setTransferLimit(DAY, MAX_88, {"from": owner})
    assert plain(m.transferLimits()) == ((DAY,), (MAX_88,))
    with brownie.reverts(revert_msg("ModuleInvalidTransferLimit", DAY, MAX_88 + 1)):
        m.setTransferLimit(DAY, MAX_88 + 1, {"from": owner})


def test_module_reports_its_identity(compliance, add_module, TransferLimitsModule):
    m = add_module(TransferLimitsModule)
    assert m.name() == "TransferLimits"
    assert m.restrictionCode() == 23
    assert compliance.builtinModules()[m.ruleId()] == m
    assert m.ruleId() == 7
    assert compliance.isBuiltinModule(m)
