"""LockUp: tokens received at issuance stay locked for the recipient country's period (code 21)."""

import brownie
import pytest

from tests.compliance.compliance_helpers import Party, burn, forced, mint, plain, transfer

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


def test_issued_tokens_cannot_move_before_the_period_ends(compliance, lockup, token, us, uk, chain):
    tx = compliance.applyTransfer(mint(us, 100), {"from": token})
    assert plain(tx.events["TokensLocked"].values()) == (us.wallet, 100, tx.timestamp + YEAR)
    assert lockup.lockedBalance(us.wallet) == 100
    assert compliance.checkTransfer(transfer(us, uk, 1, 100)) == 21
    with brownie.reverts("TransferRestricted: 21"):
        compliance.applyTransfer(transfer(us, uk, 1, 100), {"from": token})
    _sleep(chain, YEAR - 60)
    assert compliance.checkTransfer(transfer(us, uk, 1, 100)) == 21
    _sleep(chain, 120)
    assert lockup.lockedBalance(us.wallet) == 0
    compliance.applyTransfer(transfer(us, uk, 100, 100), {"from": token})


def test_transferable_is_balance_minus_locked_lots(compliance, lockup, token, us, uk):
    compliance.applyTransfer(mint(us, 100), {"from": token})
    # 50 more arrived by transfer: those are free
    assert compliance.checkTransfer(transfer(us, uk, 50, 150)) == 0
    assert compliance.checkTransfer(transfer(us, uk, 51, 150)) == 21


def test_tokens_received_by_transfer_are_never_locked(compliance, lockup, token, us, uk, accounts):
    us2 = Party(str(accounts[7]), "0x" + "77" * 20, 840)
    compliance.applyTransfer(transfer(uk, us2, 10, 10), {"from": token})
    assert lockup.lockedBalance(us2.wallet) == 0
    assert plain(lockup.lots(us2.wallet)) == ((), ())


def test_lots_unlock_one_by_one(compliance, lockup, token, us, uk, chain):
    t1 = compliance.applyTransfer(mint(us, 100), {"from": token}).timestamp
    _sleep(chain, 100 * DAY)
    t2 = compliance.applyTransfer(mint(us, 40), {"from": token}).timestamp
    assert plain(lockup.lots(us.wallet)) == ((100, 40), (t1 + YEAR, t2 + YEAR))
    _sleep(chain, YEAR - 100 * DAY + 10)
    assert lockup.lockedBalance(us.wallet) == 40
    assert compliance.checkTransfer(transfer(us, uk, 100, 140)) == 0
    assert compliance.checkTransfer(transfer(us, uk, 101, 140)) == 21


def test_country_without_a_period_uses_the_default(compliance, lockup, token, owner, uk, fr):
    compliance.applyTransfer(mint(uk, 10), {"from": token})
    assert lockup.lockedBalance(uk.wallet) == 0
    tx = lockup.setDefaultLockUpPeriod(40 * DAY, {"from": owner})
    assert tx.events["DefaultLockUpPeriodSet"]["period"] == 40 * DAY
    tx = lockup.setLockUpPeriod(826, 0, {"from": owner})
    assert plain(tx.events["LockUpPeriodSet"].values()) == (826, 0)
    assert lockup.lockUpPeriod(250) == 40 * DAY
    assert lockup.lockUpPeriod(826) == 0
    assert lockup.lockUpPeriod(840) == YEAR
    compliance.applyTransfer(mint(fr, 10), {"from": token})
    compliance.applyTransfer(mint(uk, 10), {"from": token})
    assert lockup.lockedBalance(fr.wallet) == 10
    assert lockup.lockedBalance(uk.wallet) == 0
    tx = lockup.clearLockUpPeriod(826, {"from": owner})
    assert tx.events["LockUpPeriodCleared"]["country"] == 826
    assert lockup.lockUpPeriod(826) == 40 * DAY


def test_forced_transfer_passes_and_releases_oldest_lots_first(compliance, lockup, token, us, uk, chain):
    compliance.applyTransfer(mint(us, 100), {"from": token})
    _sleep(chain, DAY)
    t2 = compliance.applyTransfer(mint(us, 50), {"from": token}).timestamp
    # 10 free tokens + 150 locked; forcing 60 out takes the 10 free and 50 from the oldest lot
    tx = compliance.applyTransfer(forced(us, uk, 60, 160), {"from": token})
    assert plain(tx.events["LockedTokensReleased"].values()) == (us.wallet, 50)
    assert lockup.lockedBalance(us.wallet) == 100
    assert plain(lockup.lots(us.wallet))[0] == (50, 50)
    assert lockup.lockedBalance(uk.wallet) == 0
    compliance.applyTransfer(burn(us, 80, 100), {"from": token})
    assert plain(lockup.lots(us.wallet)) == ((20,), (t2 + YEAR,))


def test_forced_transfer_within_free_tokens_leaves_lots_alone(compliance, lockup, token, us, uk):
    compliance.applyTransfer(mint(us, 100), {"from": token})
    tx = compliance.applyTransfer(forced(us, uk, 30, 130), {"from": token})
    assert "LockedTokensReleased" not in tx.events
    assert lockup.lockedBalance(us.wallet) == 100


def test_recovery_carries_lots_with_their_unlock_times(compliance, lockup, token, us, accounts):
    new_wallet = Party(str(accounts[7]), us.identity, us.country)
    t1 = compliance.applyTransfer(mint(us, 100), {"from": token}).timestamp
    tx = compliance.applyTransfer(forced(us, new_wallet, 100, 100), {"from": token})
    assert plain(tx.events["LockedTokensMoved"].values()) == (us.wallet, new_wallet.wallet, 100)
    assert lockup.lockedBalance(us.wallet) == 0
    assert plain(lockup.lots(new_wallet.wallet)) == ((100,), (t1 + YEAR,))
    assert compliance.checkTransfer(transfer(new_wallet, us, 1, 100)) == 21


def test_a_full_list_merges_into_the_newest_lot(compliance, lockup, token, us, chain):
    assert lockup.MAX_LOTS() == 8
    times = []
    for _ in range(8):
        times.append(compliance.applyTransfer(mint(us, 1), {"from": token}).timestamp)
        _sleep(chain, DAY)
    t9 = compliance.applyTransfer(mint(us, 5), {"from": token}).timestamp
    amounts, unlocks = plain(lockup.lots(us.wallet))
    assert amounts == (1,) * 7 + (6,)
    assert unlocks == tuple(t + YEAR for t in times[:7]) + (t9 + YEAR,)
    assert lockup.lockedBalance(us.wallet) == 13


def test_expired_lots_are_dropped_when_new_ones_are_written(compliance, lockup, token, us, chain):
    for _ in range(8):
        compliance.applyTransfer(mint(us, 1), {"from": token})
        _sleep(chain, DAY)
    # now about 8 days after the first mint plus the year less 4 days: the first 5 lots have expired
    _sleep(chain, YEAR - 4 * DAY)
    t = compliance.applyTransfer(mint(us, 7), {"from": token}).timestamp
    amounts, unlocks = plain(lockup.lots(us.wallet))
    assert amounts == (1, 1, 1, 7)
    assert unlocks[-1] == t + YEAR
    assert lockup.lockedBalance(us.wallet) == 10


def test_config_is_owner_only_and_bounded(lockup, owner, stranger):
    with brownie.reverts(f"ModuleOnlyComplianceOwner: {stranger.address.lower()}"):
        lockup.setLockUpPeriod(840, 1, {"from": stranger})
    with brownie.reverts(f"ModuleOnlyComplianceOwner: {stranger.address.lower()}"):
        lockup.setDefaultLockUpPeriod(1, {"from": stranger})
    with brownie.reverts(f"ModuleOnlyComplianceOwner: {stranger.address.lower()}"):
        lockup.clearLockUpPeriod(840, {"from": stranger})
    with brownie.reverts(f"ModuleLockUpTooLong: {3651 * DAY}"):
        lockup.setLockUpPeriod(840, 3651 * DAY, {"from": owner})
    with brownie.reverts(f"ModuleLockUpTooLong: {3651 * DAY}"):
        lockup.setDefaultLockUpPeriod(3651 * DAY, {"from": owner})
    assert lockup.describe() == "LockUp: default period 0s"
