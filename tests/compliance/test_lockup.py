"""LockUp: tokens received at issuance stay locked for the recipient country's period (code 21). The token
keeps the lots (per wallet) and emits `TokensLocked`, `LockedTokensReleased` and `LockedTokensMoved`."""

import brownie
import pytest

from tests.compliance.compliance_helpers import plain, register
from tests.conftest import revert_msg

DAY = 86400
YEAR = 365 * DAY


@pytest.fixture
def lockup(add_module, owner, LockUpModule):
    m = add_module(LockUpModule)
    m.setLockUpPeriod(840, YEAR, {"from": owner})
    return m



def _sleep(chain, seconds):
    chain.sleep(seconds)
    chain.mine()


def _emitter(tx, name):
    """The address that emitted the first `name` event of `tx`."""
    return tx.logs[tx.events[name].pos[0]]["address"]


def _lots(lockup, party):
    return plain(lockup.lots(party.wallet))


def test_issued_tokens_cannot_move_before_the_period_ends(lockup, token, agent, codes, us, uk, chain):
    tx = token.mint(us.wallet, 100, {"from": agent})
    event = tx.events["TokensLocked"]
    assert _emitter(tx, "TokensLocked") == token
    assert plain(event.values()) == (us.wallet, 100, tx.timestamp + YEAR)
    assert lockup.lockedBalance(us.wallet) == 100
    assert token.lockedBalance(us.wallet) == 100
    assert codes.transfer(us, uk, 1) == 21
    with brownie.reverts(revert_msg("TransferRestricted", 21)):
        token.transfer(uk.wallet, 1, {"from": us.wallet})
    _sleep(chain, YEAR - 60)
    assert codes.transfer(us, uk, 1) == 21
    _sleep(chain, 120)
    assert lockup.lockedBalance(us.wallet) == 0
    assert codes.transfer(us, uk, 100) == 0
    token.transfer(uk.wallet, 100, {"from": us.wallet})
    assert token.balanceOf(uk.wallet) == 100


def test_transferable_is_balance_minus_locked_lots(lockup, token, agent, codes, us, uk):
    token.mint(us.wallet, 100, {"from": agent})
    # 50 more arrive by transfer from a UK holder (no lock-up in the UK): those are free
    token.mint(uk.wallet, 50, {"from": agent})
    token.transfer(us.wallet, 50, {"from": uk.wallet})
    assert token.balanceOf(us.wallet) == 150
    assert lockup.lockedBalance(us.wallet) == 100
    assert codes.transfer(us, uk, 50) == 0
    assert codes.transfer(us, uk, 51) == 21
    token.transfer(uk.wallet, 50, {"from": us.wallet})
    assert codes.transfer(us, uk, 1) == 21


def test_tokens_received_by_transfer_are_never_locked(lockup, token, agent, uk, accounts, rule_stack):
    us2 = register(rule_stack, accounts[7], "0x" + "77" * 20, 840)
    token.mint(uk.wallet, 10, {"from": agent})
    tx = token.transfer(us2.wallet, 10, {"from": uk.wallet})
    assert "TokensLocked" not in tx.events
    assert lockup.lockedBalance(us2.wallet) == 0
    assert _lots(lockup, us2) == ((), ())


def test_lots_unlock_one_by_one(lockup, token, agent, codes, us, uk, chain):
    t1 = token.mint(us.wallet, 100, {"from": agent}).timestamp
    _sleep(chain, 100 * DAY)
    t2 = token.mint(us.wallet, 40, {"from": agent}).timestamp
    assert _lots(lockup, us) == ((100, 40), (t1 + YEAR, t2 + YEAR))
    assert lockup.lockedBalance(us.wallet) == 140
    _sleep(chain, YEAR - 100 * DAY + 10)
    assert lockup.lockedBalance(us.wallet) == 40
    assert codes.transfer(us, uk, 100) == 0
    assert codes.transfer(us, uk, 101) == 21
    token.transfer(uk.wallet, 100, {"from": us.wallet})
    with brownie.reverts(revert_msg("TransferRestricted", 21)):
        token.transfer(uk.wallet, 1, {"from": us.wallet})


def test_country_without_a_period_uses_the_default(lockup, token, agent, owner, uk, fr):
    token.mint(uk.wallet, 10, {"from": agent})
    assert lockup.lockedBalance(uk.wallet) == 0
    tx = lockup.setDefaultLockUpPeriod(40 * DAY, {"from": owner})
    assert tx.events["DefaultLockUpPeriodSet"]["period"] == 40 * DAY
    assert plain(token.supplySettings()) == (0, 40 * DAY)
    tx = lockup.setLockUpPeriod(826, 0, {"from": owner})
    assert plain(tx.events["LockUpPeriodSet"].values())[1:] == (826, 0)
    assert lockup.lockUpPeriod(250) == 40 * DAY
    assert lockup.lockUpPeriod(826) == 0
    assert lockup.lockUpPeriod(840) == YEAR
    token.mint(fr.wallet, 10, {"from": agent})
    token.mint(uk.wallet, 10, {"from": agent})
    assert lockup.lockedBalance(fr.wallet) == 10
    assert lockup.lockedBalance(uk.wallet) == 0
    tx = lockup.clearLockUpPeriod(826, {"from": owner})
    assert tx.events["LockUpPeriodCleared"]["country"] == 826
    assert lockup.lockUpPeriod(826) == 40 * DAY
    token.mint(uk.wallet, 5, {"from": agent})
    assert lockup.lockedBalance(uk.wallet) == 5
    assert lockup.describe() == f"LockUp: default period {40 * DAY}s"


def test_forced_transfer_passes_and_releases_oldest_lots_first(lockup, token, agent, codes, us, uk, chain):
    token.mint(us.wallet, 100, {"from": agent})
    _sleep(chain, DAY)
    t2 = token.mint(us.wallet, 50, {"from": agent}).timestamp
    token.mint(uk.wallet, 10, {"from": agent})
    token.transfer(us.wallet, 10, {"from": uk.wallet})
    # 10 free tokens + 150 locked; forcing 60 out takes the 10 free and 50 from the oldest lot
    assert codes.transfer(us, uk, 60) == 21
    assert codes.forced(us, uk, 60) == 0
    tx = token.forcedTransfer(us.wallet, uk.wallet, 60, {"from": agent})
    event = tx.events["LockedTokensReleased"]
    assert _emitter(tx, "LockedTokensReleased") == token
    assert plain(event.values()) == (us.wallet, 50)
    assert "LockedTokensMoved" not in tx.events
    assert lockup.lockedBalance(us.wallet) == 100
    assert _lots(lockup, us)[0] == (50, 50)
    assert lockup.lockedBalance(uk.wallet) == 0
    # a burn releases locked tokens the same way
    assert codes.burn(us, 80) == 0
    tx = token.burn(us.wallet, 80, {"from": agent})
    assert plain(tx.events["LockedTokensReleased"].values()) == (us.wallet, 80)
    assert _lots(lockup, us) == ((20,), (t2 + YEAR,))
    assert token.balanceOf(us.wallet) == 20
    # burning the rest leaves no lot behind
    token.burn(us.wallet, 20, {"from": agent})
    assert _lots(lockup, us) == ((), ())
    assert lockup.lockedBalance(us.wallet) == 0


def test_forced_transfer_within_free_tokens_leaves_lots_alone(lockup, token, agent, us, uk):
    token.mint(us.wallet, 100, {"from": agent})
    token.mint(uk.wallet, 30, {"from": agent})
    token.transfer(us.wallet, 30, {"from": uk.wallet})
    tx = token.forcedTransfer(us.wallet, uk.wallet, 30, {"from": agent})
    assert "LockedTokensReleased" not in tx.events
    assert lockup.lockedBalance(us.wallet) == 100
    tx = token.burn(us.wallet, 0, {"from": agent})
    assert "LockedTokensReleased" not in tx.events
    assert lockup.lockedBalance(us.wallet) == 100


def test_recovery_carries_lots_with_their_unlock_times(lockup, token, agent, codes, us, accounts, rule_stack):
    t1 = token.mint(us.wallet, 100, {"from": agent}).timestamp
    new_wallet = register(rule_stack, accounts[7], us.identity, us.country)
    tx = token.recoveryAddress(us.wallet, new_wallet.wallet, us.identity, {"from": agent})
    event = tx.events["LockedTokensMoved"]
    assert _emitter(tx, "LockedTokensMoved") == token
    assert plain(event.values()) == (us.wallet, new_wallet.wallet, 100)
    assert "LockedTokensReleased" not in tx.events
    assert lockup.lockedBalance(us.wallet) == 0
    assert _lots(lockup, us) == ((), ())
    assert _lots(lockup, new_wallet) == ((100,), (t1 + YEAR,))
    assert codes.transfer(new_wallet, us, 1) == 21


def test_forced_move_between_wallets_of_one_identity_carries_the_lots_it_takes(lockup, token, agent, codes, us,
                                                                                uk, accounts, rule_stack, chain):
    t1 = token.mint(us.wallet, 100, {"from": agent}).timestamp
    _sleep(chain, DAY)
    t2 = token.mint(us.wallet, 40, {"from": agent}).timestamp
    token.mint(uk.wallet, 10, {"from": agent})
    token.transfer(us.wallet, 10, {"from": uk.wallet})
    second = register(rule_stack, accounts[7], us.identity, us.country)
    # 10 free + lots of 100 and 40: moving 70 takes the 10 free and 60 of the oldest lot, which keeps its time
    tx = token.forcedTransfer(us.wallet, second.wallet, 70, {"from": agent})
    assert plain(tx.events["LockedTokensMoved"].values()) == (us.wallet, second.wallet, 60)
    assert _lots(lockup, us) == ((40, 40), (t1 + YEAR, t2 + YEAR))
    assert _lots(lockup, second) == ((60,), (t1 + YEAR,))
    assert lockup.lockedBalance(second.wallet) == 60
    assert token.balanceOf(second.wallet) == 70
    assert codes.transfer(second, uk, 10) == 0
    assert codes.transfer(second, uk, 11) == 21
    # the lots unlock at their own times in the new wallet
    _sleep(chain, YEAR - DAY + 10)
    assert lockup.lockedBalance(second.wallet) == 0
    assert lockup.lockedBalance(us.wallet) == 40
    assert codes.transfer(second, uk, 70) == 0


def test_a_full_list_merges_into_the_newest_lot(lockup, token, agent, us, chain):
    assert lockup.MAX_LOTS() == 8
    times = []
    for _ in range(8):
        times.append(token.mint(us.wallet, 1, {"from": agent}).timestamp)
        _sleep(chain, DAY)
    tx = token.mint(us.wallet, 5, {"from": agent})
    t9 = tx.timestamp
    assert plain(tx.events["TokensLocked"].values()) == (us.wallet, 5, t9 + YEAR)
    amounts, unlocks = _lots(lockup, us)
    assert amounts == (1,) * 7 + (6,)
    assert unlocks == tuple(t + YEAR for t in times[:7]) + (t9 + YEAR,)
    assert lockup.lockedBalance(us.wallet) == 13


def test_expired_lots_are_dropped_when_new_ones_are_written(lockup, token, agent, us, chain):
    for _ in range(8):
        token.mint(us.wallet, 1, {"from": agent})
        _sleep(chain, DAY)
    # now about 8 days after the first mint plus the year less 4 days: the first 5 lots have expired
    _sleep(chain, YEAR - 4 * DAY)
    t = token.mint(us.wallet, 7, {"from": agent}).timestamp
    amounts, unlocks = _lots(lockup, us)
    assert amounts == (1, 1, 1, 7)
    assert unlocks[-1] == t + YEAR
    assert lockup.lockedBalance(us.wallet) == 10


def test_switched_off_the_rule_locks_nothing_and_frees_the_lots(compliance, lockup, owner, token, agent, codes,
                                                                us, uk):
    token.mint(us.wallet, 100, {"from": agent})
    compliance.removeModule(lockup, {"from": owner})
    tx = token.mint(us.wallet, 50, {"from": agent})
    assert "TokensLocked" not in tx.events
    assert lockup.lockedBalance(us.wallet) == 100
    assert codes.transfer(us, uk, 150) == 0
    compliance.addModule(lockup, {"from": owner})
    assert codes.transfer(us, uk, 51) == 21
    assert codes.transfer(us, uk, 50) == 0


def test_config_is_owner_only_and_bounded(lockup, owner, stranger, token):
    for call in (lambda: lockup.setLockUpPeriod(840, 1, {"from": stranger}),
                 lambda: lockup.setDefaultLockUpPeriod(1, {"from": stranger}),
                 lambda: lockup.clearLockUpPeriod(840, {"from": stranger})):
        with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", stranger)):
            call()
    with brownie.reverts(revert_msg("RuleEngineUnauthorized", stranger)):
        token.setSupplySettings(token.compliance(), 0, 1, {"from": stranger})
    with brownie.reverts(revert_msg("RuleEngineUnauthorized", stranger)):
        token.setCountryRule(token.compliance(), 840, False, False, True, 1, 0, 0, {"from": stranger})
    with brownie.reverts(revert_msg("ModuleLockUpTooLong", 3651 * DAY)):
        lockup.setLockUpPeriod(840, 3651 * DAY, {"from": owner})
    with brownie.reverts(revert_msg("ModuleLockUpTooLong", 3651 * DAY)):
        lockup.setDefaultLockUpPeriod(3651 * DAY, {"from": owner})
    with brownie.reverts(revert_msg("ModuleInvalidCountry", 0)):
        lockup.setLockUpPeriod(0, DAY, {"from": owner})
    lockup.setLockUpPeriod(840, 3650 * DAY, {"from": owner})
    assert lockup.lockUpPeriod(840) == 3650 * DAY
    assert lockup.describe() == "LockUp: default period 0s"


def test_module_reports_its_identity(compliance, lockup):
    assert lockup.name() == "LockUp"
    assert lockup.restrictionCode() == 21
    assert compliance.builtinModules()[lockup.ruleId()] == lockup
    assert lockup.ruleId() == 5
