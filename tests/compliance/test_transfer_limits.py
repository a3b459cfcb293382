"""TransferLimits: per identity, a maximum amount moved out per window (code 23)."""

import brownie

from tests.compliance.compliance_helpers import Party, burn, forced, mint, plain, transfer

DAY = 86400


def test_moving_more_than_the_limit_in_a_window_is_refused_with_23(compliance, add_module, owner, token, uk, us,
                                                                    TransferLimitsModule):
    m = add_module(TransferLimitsModule)
    m.setTransferLimit(DAY, 100, {"from": owner})
    compliance.applyTransfer(transfer(uk, us, 60, 1000), {"from": token})
    assert m.movedInWindow(uk.identity, DAY) == 60
    assert compliance.checkTransfer(transfer(uk, us, 41, 1000)) == 23
    with brownie.reverts("TransferRestricted: 23"):
        compliance.applyTransfer(transfer(uk, us, 41, 1000), {"from": token})
    compliance.applyTransfer(transfer(uk, us, 40, 1000), {"from": token})
    assert compliance.checkTransfer(transfer(uk, us, 1, 1000)) == 23
    # the recipient's own budget is untouched
    assert compliance.checkTransfer(transfer(us, uk, 100, 1000)) == 0


def test_a_new_window_opens_after_the_last_one_ends(compliance, add_module, owner, token, uk, us, chain,
                                                    TransferLimitsModule):
    m = add_module(TransferLimitsModule)
    m.setTransferLimit(DAY, 100, {"from": owner})
    compliance.applyTransfer(transfer(uk, us, 100, 1000), {"from": token})
    chain.sleep(DAY - 100)
    chain.mine()
    assert compliance.checkTransfer(transfer(uk, us, 1, 1000)) == 23
    chain.sleep(200)
    chain.mine()
    assert m.movedInWindow(uk.identity, DAY) == 0
    compliance.applyTransfer(transfer(uk, us, 100, 1000), {"from": token})
    assert m.movedInWindow(uk.identity, DAY) == 100


def test_every_window_applies(compliance, add_module, owner, token, uk, us, chain, TransferLimitsModule):
    m = add_module(TransferLimitsModule)
    m.setTransferLimit(DAY, 100, {"from": owner})
    m.setTransferLimit(30 * DAY, 150, {"from": owner})
    compliance.applyTransfer(transfer(uk, us, 100, 1000), {"from": token})
    chain.sleep(DAY + 1)
    chain.mine()
    assert compliance.checkTransfer(transfer(uk, us, 51, 1000)) == 23
    compliance.applyTransfer(transfer(uk, us, 50, 1000), {"from": token})


def test_wallets_of_one_identity_share_a_budget(compliance, add_module, owner, token, uk, us, accounts,
                                                TransferLimitsModule):
    m = add_module(TransferLimitsModule)
    m.setTransferLimit(DAY, 100, {"from": owner})
    second = Party(str(accounts[7]), uk.identity, uk.country)
    compliance.applyTransfer(transfer(uk, us, 70, 1000), {"from": token})
    assert compliance.checkTransfer(transfer(second, us, 31, 1000)) == 23
    # moves between its own wallets are not counted
    compliance.applyTransfer(transfer(uk, second, 500, 1000), {"from": token})
    assert m.movedInWindow(uk.identity, DAY) == 70


def test_mint_burn_and_forced_transfers_pass_uncounted(compliance, add_module, owner, token, uk, us,
                                                       TransferLimitsModule):
    m = add_module(TransferLimitsModule)
    m.setTransferLimit(DAY, 100, {"from": owner})
    compliance.applyTransfer(mint(uk, 1000), {"from": token})
    compliance.applyTransfer(forced(uk, us, 500, 1000), {"from": token})
    compliance.applyTransfer(burn(uk, 500, 500), {"from": token})
    assert m.movedInWindow(uk.identity, DAY) == 0


def test_owner_sets_and_removes_limits_with_events(add_module, owner, stranger, TransferLimitsModule):
    m = add_module(TransferLimitsModule)
    assert m.describe() == "TransferLimits: none"
    tx = m.setTransferLimit(DAY, 100, {"from": owner})
    assert plain(tx.events["TransferLimitSet"].values()) == (DAY, 100)
    m.setTransferLimit(7 * DAY, 300, {"from": owner})
    m.setTransferLimit(DAY, 120, {"from": owner})
    assert plain(m.transferLimits()) == ((DAY, 7 * DAY), (120, 300))
    assert m.describe() == f"TransferLimits: 120 per {DAY}s; 300 per {7 * DAY}s;"
    tx = m.setTransferLimit(DAY, 0, {"from": owner})
    assert plain(tx.events["TransferLimitSet"].values()) == (DAY, 0)
    assert plain(m.transferLimits()) == ((7 * DAY,), (300,))
    with brownie.reverts(f"ModuleInvalidTransferLimit: {DAY}, 0"):
        m.setTransferLimit(DAY, 0, {"from": owner})
    with brownie.reverts("ModuleInvalidTransferLimit: 0, 5"):
        m.setTransferLimit(0, 5, {"from": owner})
    with brownie.reverts(f"ModuleOnlyComplianceOwner: {stranger.address.lower()}"):
        m.setTransferLimit(DAY, 1, {"from": stranger})


def test_at_most_four_windows(add_module, owner, TransferLimitsModule):
    m = add_module(TransferLimitsModule)
    assert m.MAX_LIMITS() == 4
    for w in (1, 2, 3, 4):
        m.setTransferLimit(w * DAY, 100, {"from": owner})
    with brownie.reverts(f"ModuleInvalidTransferLimit: {5 * DAY}, 100"):
        m.setTransferLimit(5 * DAY, 100, {"from": owner})
