"""Fixtures for distributions: a security token held by several investors and a treasury, a payment token
held by the issuer, the Distribution contract, and helpers that run the Python tooling against the chain.

The contracts are deployed once per module; the autouse `fn_isolation` reverts every test's changes."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from brownie import web3

from sectoken.distribution import Allocation, DistributionTree, allocate, balances_at, build_tree
from tests.conftest import revert_msg

HOLDINGS = [1_000, 2_500, 333, 7, 4_160]
COUPON = 1_000_000_007


@dataclass
class Cast:
    issuer: Any
    holders: list[Any]
    outsider: Any


@pytest.fixture(scope="module")
def cast(accounts):
    return Cast(issuer=accounts[0], holders=list(accounts[1 : 1 + len(HOLDINGS)]), outsider=accounts[8])


@pytest.fixture(scope="module")
def security(TestSettlementSecurityToken, cast):
    token = TestSettlementSecurityToken.deploy(10**6, {"from": cast.issuer})
    for holder, amount in zip(cast.holders, HOLDINGS):
        token.transfer(holder, amount, {"from": cast.issuer})
    return token


@pytest.fixture(scope="module")
def payment(TestSettlementPaymentToken, cast):
    return TestSettlementPaymentToken.deploy(10**15, {"from": cast.issuer})


@pytest.fixture(scope="module")
def distributor(Distribution, payment, cast):
    contract = Distribution.deploy({"from": cast.issuer})
    payment.approve(contract, 2**256 - 1, {"from": cast.issuer})
    return contract


@dataclass
class Published:
    id: int
    tree: DistributionTree
    allocation: Allocation
    record_block: int
    deadline: int
    tx: Any


@pytest.fixture
def publish(distributor, security, payment, cast, chain):
    """Run the tooling at the current block (the record block) and publish a distribution funded with the
    whole coupon (dust included), excluding the issuer's treasury."""

    def do(total: int = COUPON, exclude: tuple = (), fund: int | None = None, days: int = 30) -> Published:
        record_block = web3.eth.block_number
        balances = balances_at(web3, security.address, record_block)
        allocation = allocate(balances, total, exclude=(cast.issuer.address, *exclude))
        tree = build_tree(allocation)
        deadline = chain.time() + days * 86400
        tx = distributor.createDistribution(
            security,
            payment,
            tree.root,
            total if fund is None else fund,
            record_block,
            deadline,
            {"from": cast.issuer},
        )
        return Published(
            tx.events["DistributionCreated"]["distributionId"], tree, allocation, record_block, deadline, tx
        )

    return do


@pytest.fixture
def err() -> Callable[..., str]:
    """The revert message brownie decodes for custom error `name` with `args`."""
    return revert_msg
