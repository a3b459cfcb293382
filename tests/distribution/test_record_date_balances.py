"""Balances are taken at the record block: transfers after it change nothing, and the event-built balances
agree with the token's historical state."""

import pytest
from brownie import web3

from sectoken.distribution import (
    BalanceMismatchError,
    DistributionError,
    allocate,
    balances_at,
    build_tree,
    verify_balances,
)
from sectoken.errors import ValidationError


def test_balances_at_the_record_block_match_the_token(security, cast):
    block = web3.eth.block_number
    balances = balances_at(web3, security.address, block)
    assert balances == {
        a: security.balanceOf(a) for a in [cast.issuer.address, *[h.address for h in cast.holders]]
    }
    assert sum(balances.values()) == security.totalSupply()


def test_transfers_after_the_record_block_do_not_change_the_distribution(
    distributor, security, payment, cast, chain
):
    record_block = web3.eth.block_number
    seller, buyer = cast.holders[0], cast.outsider
    sold = security.balanceOf(seller)
    security.transfer(buyer, sold, {"from": seller})  # after the record date
    security.transfer(cast.holders[1], 5, {"from": cast.holders[2]})

    balances = balances_at(web3, security.address, record_block)

    assert balances[seller.address] == sold
    assert buyer.address not in balances
    assert balances[cast.holders[1].address] == security.balanceOf(cast.holders[1]) - 5
    tree = build_tree(allocate(balances, 10**9, exclude=[cast.issuer.address]))
    tx = distributor.createDistribution(
        security, payment, tree.root, 10**9, record_block, chain.time() + 86400, {"from": cast.issuer}
    )
    dist_id = tx.events["DistributionCreated"]["distributionId"]
    claim = tree.claim(seller.address)
    distributor.claim(dist_id, claim.index, seller, claim.amount, claim.proof)
    assert payment.balanceOf(seller) == claim.amount > 0
    assert buyer.address not in tree


def test_paging_gives_the_same_balances(security, cast):
    security.transfer(cast.holders[4], 1, {"from": cast.holders[3]})
    block = web3.eth.block_number
    assert balances_at(web3, security.address, block, page_size=1) == balances_at(
        web3, security.address, block
    )


def test_node_state_cross_check_passes_at_an_old_block(security, cast):
    block = web3.eth.block_number
    security.transfer(cast.outsider, 100, {"from": cast.holders[0]})
    balances = balances_at(web3, security.address, block, verify=False)
    assert verify_balances(web3, security.address, balances, block) is True


def test_cross_check_catches_balances_that_disagree_with_the_state(security, cast):
    block = web3.eth.block_number
    balances = balances_at(web3, security.address, block)
    balances[cast.holders[0].address] += 1
    with pytest.raises(BalanceMismatchError, match="balanceOf gives"):
        verify_balances(web3, security.address, balances, block)


def test_starting_after_the_first_transfers_is_detected(security, cast):
    deployed_at = web3.eth.get_transaction_receipt(security.tx.txid)["blockNumber"]
    block = web3.eth.block_number
    with pytest.raises(DistributionError, match="Start from the token's deployment block"):
        balances_at(web3, security.address, block, from_block=deployed_at + 1)


def test_holders_missed_entirely_fail_the_total_supply_check(security, chain):
    chain.mine()  # a block without transfers: reading only it finds no holder at all
    block = web3.eth.block_number
    with pytest.raises(BalanceMismatchError, match="totalSupply"):
        balances_at(web3, security.address, block, from_block=block)


def test_a_record_block_in_the_future_is_refused(security):
    with pytest.raises(ValidationError, match="Invalid block range"):
        balances_at(web3, security.address, web3.eth.block_number + 10)
