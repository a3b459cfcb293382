"""SupplyLimit: mints may not take the supply above the limit (code 20)."""

import brownie

from tests.compliance.compliance_helpers import burn, mint, transfer


def test_mint_above_the_limit_is_refused_with_20(compliance, add_module, owner, token, uk, SupplyLimitModule):
    m = add_module(SupplyLimitModule)
    m.setSupplyLimit(100, {"from": owner})
    compliance.applyTransfer(mint(uk, 60), {"from": token})
    assert compliance.checkTransfer(mint(uk, 40)) == 0
    assert compliance.checkTransfer(mint(uk, 41)) == 20
    with brownie.reverts("TransferRestricted: 20"):
        compliance.applyTransfer(mint(uk, 41), {"from": token})
    assert m.supply() == 60
    compliance.applyTransfer(mint(uk, 40), {"from": token})
    assert m.supply() == 100


def test_burns_make_room_and_transfers_do_not_count(compliance, add_module, owner, token, uk, us,
                                                    SupplyLimitModule):
    m = add_module(SupplyLimitModule)
    m.setSupplyLimit(100, {"from": owner})
    compliance.applyTransfer(mint(uk, 100), {"from": token})
    compliance.applyTransfer(transfer(uk, us, 50, 100), {"from": token})
    assert m.supply() == 100
    compliance.applyTransfer(burn(us, 30, 50), {"from": token})
    assert m.supply() == 70
    assert compliance.checkTransfer(mint(uk, 30)) == 0


def test_zero_limit_means_no_limit(compliance, add_module, token, uk, SupplyLimitModule):
    m = add_module(SupplyLimitModule)
    compliance.applyTransfer(mint(uk, 10**30), {"from": token})
    assert m.supply() == 10**30
    assert m.describe() == "SupplyLimit: none"


def test_owner_sets_the_limit_with_an_event(add_module, owner, stranger, SupplyLimitModule):
    m = add_module(SupplyLimitModule)
    tx = m.setSupplyLimit(500, {"from": owner})
    assert tx.events["SupplyLimitSet"]["limit"] == 500
    assert m.supplyLimit() == 500
    assert m.describe() == "SupplyLimit: 500 (supply 0)"
    with brownie.reverts(f"ModuleOnlyComplianceOwner: {stranger.address.lower()}"):
        m.setSupplyLimit(1, {"from": stranger})
