"""MaxBalance: each identity's holding, all wallets summed, is capped (code 18)."""

import brownie

from tests.compliance.compliance_helpers import Party, burn, forced, mint, transfer


def test_mint_or_transfer_above_the_cap_is_refused_with_18(compliance, add_module, owner, token, uk, us,
                                                           MaxBalanceModule):
    m = add_module(MaxBalanceModule)
    m.setMaxBalance(100, {"from": owner})
    compliance.applyTransfer(mint(uk, 100), {"from": token})
    assert compliance.checkTransfer(mint(uk, 1)) == 18
    with brownie.reverts("TransferRestricted: 18"):
        compliance.applyTransfer(mint(uk, 1), {"from": token})
    compliance.applyTransfer(mint(us, 70), {"from": token})
    assert compliance.checkTransfer(transfer(uk, us, 31, 100)) == 18
    assert compliance.checkTransfer(forced(uk, us, 31, 100)) == 18
    compliance.applyTransfer(transfer(uk, us, 30, 100), {"from": token})
    assert m.identityBalance(us.identity) == 100
    assert m.identityBalance(uk.identity) == 70


def test_all_wallets_of_an_identity_are_summed(compliance, add_module, owner, token, uk, accounts,
                                               MaxBalanceModule):
    m = add_module(MaxBalanceModule)
    m.setMaxBalance(100, {"from": owner})
    second = Party(str(accounts[7]), uk.identity, uk.country)
    compliance.applyTransfer(mint(uk, 60), {"from": token})
    assert compliance.checkTransfer(mint(second, 41)) == 18
    compliance.applyTransfer(mint(second, 40), {"from": token})
    assert m.identityBalance(uk.identity) == 100


def test_moves_between_wallets_of_one_identity_always_pass(compliance, add_module, owner, token, uk, accounts,
                                                            MaxBalanceModule):
    m = add_module(MaxBalanceModule)
    m.setMaxBalance(100, {"from": owner})
    second = Party(str(accounts[7]), uk.identity, uk.country)
    compliance.applyTransfer(mint(uk, 100), {"from": token})
    compliance.applyTransfer(transfer(uk, second, 100, 100), {"from": token})
    compliance.applyTransfer(forced(second, uk, 100, 100), {"from": token})
    assert m.identityBalance(uk.identity) == 100


def test_burn_lowers_the_holding(compliance, add_module, owner, token, uk, MaxBalanceModule):
    m = add_module(MaxBalanceModule)
    m.setMaxBalance(100, {"from": owner})
    compliance.applyTransfer(mint(uk, 100), {"from": token})
    compliance.applyTransfer(burn(uk, 40, 100), {"from": token})
    assert m.identityBalance(uk.identity) == 60
    assert compliance.checkTransfer(mint(uk, 40)) == 0


def test_owner_sets_the_cap_with_an_event(add_module, owner, stranger, MaxBalanceModule):
    m = add_module(MaxBalanceModule)
    assert m.describe() == "MaxBalance: none"
    tx = m.setMaxBalance(1000, {"from": owner})
    assert tx.events["MaxBalanceSet"]["maxBalance"] == 1000
    assert m.maxBalance() == 1000
    assert m.describe() == "MaxBalance: 1000 per identity"
    with brownie.reverts(f"ModuleOnlyComplianceOwner: {stranger.address.lower()}"):
        m.setMaxBalance(1, {"from": stranger})
