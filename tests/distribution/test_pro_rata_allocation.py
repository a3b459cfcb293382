"""Pro rata allocation: floor division, the dust reported, excluded wallets left out, never more than funded."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sectoken.distribution import allocate
from sectoken.errors import ValidationError
from tests.chainless import isolation  # noqa: F401  (no chain snapshot around these tests)

A = "0x" + "0a" * 20
B = "0x" + "0b" * 20
C = "0x" + "0c" * 20
TREASURY = "0x" + "7e" * 20


def test_total_is_split_pro_rata_with_floor_division():
    allocation = allocate({A: 1, B: 1, C: 1}, 100)
    assert list(allocation.amounts.values()) == [33, 33, 33]
    assert allocation.allocated == 99
    assert allocation.dust == 1
    assert allocation.eligible_supply == 3


def test_exact_split_leaves_no_dust():
    allocation = allocate({A: 300, B: 100}, 1_000)
    assert dict(allocation.amounts) == {allocation_key(A): 750, allocation_key(B): 250}
    assert allocation.dust == 0


def test_excluded_wallets_take_no_share_and_are_reported():
    allocation = allocate(
        {A: 50, B: 50, TREASURY: 900}, 1_000, exclude=[TREASURY.upper().replace("0X", "0x")]
    )
    assert dict(allocation.amounts) == {allocation_key(A): 500, allocation_key(B): 500}
    assert allocation.excluded == (allocation_key(TREASURY),)
    assert allocation.eligible_supply == 100


def test_holders_whose_share_rounds_to_zero_are_left_out_and_counted_as_dust():
    allocation = allocate({A: 10**6, B: 1}, 1_000)
    assert dict(allocation.amounts) == {allocation_key(A): 999}
    assert allocation.dust == 1


def test_amounts_are_in_ascending_address_order():
    allocation = allocate({C: 1, A: 1, B: 1}, 3)
    assert list(allocation.amounts) == [allocation_key(A), allocation_key(B), allocation_key(C)]


def test_nothing_eligible_is_refused():
    with pytest.raises(ValidationError, match="No holder is eligible"):
        allocate({TREASURY: 10}, 100, exclude=[TREASURY])


def test_negative_total_is_refused():
    with pytest.raises(ValidationError, match="non-negative"):
        allocate({A: 1}, -1)


@given(
    balances=st.lists(st.integers(min_value=0, max_value=10**30), min_size=1, max_size=40),
    total=st.integers(min_value=0, max_value=10**30),
)
def test_sum_never_exceeds_total_and_dust_is_below_one_unit_per_holder(balances, total):
    holders = {"0x" + f"{i + 1:040x}": b for i, b in enumerate(balances)}
    if not any(balances):
        with pytest.raises(ValidationError):
            allocate(holders, total)
        return
    allocation = allocate(holders, total)
    assert allocation.allocated == sum(allocation.amounts.values())
    assert allocation.allocated + allocation.dust == total
    assert 0 <= allocation.dust < max(1, sum(1 for b in balances if b))
    supply = sum(balances)
    for account, amount in allocation.amounts.items():
        assert amount == total * holders[account.lower()] // supply


def allocation_key(address: str) -> str:
    from eth_utils.address import to_checksum_address

    return to_checksum_address(address)
