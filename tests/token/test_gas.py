"""Gas from receipts on the transfer path, against a plain OpenZeppelin ERC-20 (SmokeToken) as the floor.
Run with `-s` to see the numbers. The bound guards the product target (a compliant transfer within about
twice a plain ERC-20 transfer) against regressions."""

import pytest

from tests.conftest import DAVE_ID, KYC, NO_EXPIRY, UK

RATIO_BOUND = 2.3


@pytest.fixture
def measured(suite, SmokeToken, accounts):
    s = suite
    s.compliance.setRecording(False, {"from": s.owner})  # no test events in the measured path
    smoke = SmokeToken.deploy(10**6, {"from": s.alice})
    smoke.transfer(s.bob, 1, {"from": s.alice})
    gas = {
        "erc20 transfer, fresh recipient": smoke.transfer(s.carol, 10, {"from": s.alice}).gas_used,
        "erc20 transfer, holding recipient": smoke.transfer(s.bob, 10, {"from": s.alice}).gas_used,
        "mint to fresh holder": s.token.mint(s.carol, 10, {"from": s.agent}).gas_used,
        "transfer, fresh recipient": None,
        "transfer, holding recipient": s.token.transfer(s.bob, 10, {"from": s.alice}).gas_used,
        "registerIdentity": s.registry.registerIdentity(s.dave, DAVE_ID, UK, {"from": s.agent}).gas_used,
        "addClaim (KYC)": s.storage.addClaim(DAVE_ID, KYC, NO_EXPIRY, {"from": s.issuer}).gas_used,
    }
    gas["transfer, fresh recipient"] = s.token.transfer(s.dave, 10, {"from": s.alice}).gas_used
    print()
    for name, value in gas.items():
        print(f"  gas {name:36} {value:>8}")
    return gas


def test_compliant_transfer_stays_near_a_plain_erc20_transfer(measured):
    holding = measured["transfer, holding recipient"] / measured["erc20 transfer, holding recipient"]
    fresh = measured["transfer, fresh recipient"] / measured["erc20 transfer, fresh recipient"]
    print(f"  ratio holding {holding:.2f}  fresh {fresh:.2f}")
    assert holding <= RATIO_BOUND
    assert fresh <= RATIO_BOUND
