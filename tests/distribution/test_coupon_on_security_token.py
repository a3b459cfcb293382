"""A coupon on the real SecurityToken: balances at the record block come from its mint and transfer events
(and agree with its historical state), a frozen wallet is excluded, and its agent publishes the distribution."""

import brownie
import pytest
from brownie import web3

from sectoken.distribution import allocate, balances_at, build_tree

COUPON = 10_000 * 10**6 + 1


@pytest.fixture(scope="module")
def cash(suite, TestSettlementPaymentToken, Distribution):
    token = TestSettlementPaymentToken.deploy(10**15, {"from": suite.owner})
    token.transfer(suite.agent, 10**12, {"from": suite.owner})
    return token


@pytest.fixture(scope="module")
def payer(suite, cash, Distribution):
    contract = Distribution.deploy({"from": suite.owner})
    cash.approve(contract, 2**256 - 1, {"from": suite.agent})
    return contract


def test_coupon_on_the_security_token_pays_holders_at_the_record_date(suite, cash, payer, chain):
    token = suite.token
    token.mint(suite.carol, 250, {"from": suite.agent})
    token.setAddressFrozen(suite.carol, True, {"from": suite.agent})
    record_block = web3.eth.block_number
    token.transfer(suite.bob, 200, {"from": suite.alice})  # after the record date

    balances = balances_at(web3, token.address, record_block)
    assert balances == {suite.alice.address: 1000, suite.bob.address: 500, suite.carol.address: 250}
    allocation = allocate(
        balances, COUPON, exclude=[suite.carol.address]
    )  # the issuer excludes frozen wallets
    tree = build_tree(allocation)
    assert allocation.amounts == {
        suite.alice.address: COUPON * 1000 // 1500,
        suite.bob.address: COUPON * 500 // 1500,
    }
    assert allocation.dust == COUPON - sum(allocation.amounts.values())

    tx = payer.createDistribution(
        token, cash, tree.root, COUPON, record_block, chain.time() + 86400, {"from": suite.agent}
    )
    dist_id = tx.events["DistributionCreated"]["distributionId"]
    payer.batchClaim(dist_id, [c.as_tuple() for c in tree.claims()], {"from": suite.stranger})

    assert cash.balanceOf(suite.alice) == allocation.amounts[suite.alice.address]
    assert cash.balanceOf(suite.bob) == allocation.amounts[suite.bob.address]
    assert cash.balanceOf(suite.carol) == 0
    assert cash.balanceOf(payer) == allocation.dust


def test_only_the_tokens_agents_publish(suite, cash, payer, chain, err):
    with brownie.reverts(err("DistributionNotAgent", suite.token, suite.owner)):
        payer.createDistribution(
            suite.token, cash, b"\x01" * 32, 1, 1, chain.time() + 86400, {"from": suite.owner}
        )
