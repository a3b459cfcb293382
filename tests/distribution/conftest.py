"""Fixtures for distributions: a security token held by several investors and a treasury, a payment token
held by the issuer, the Distribution contract, and helpers that run the Python tooling against the chain.

The contracts are deployed once per module; the autouse `fn_isolation` reverts every test's changes."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from brownie import web3

from sectoken.distribution import Allocation, DistributionTree, allocate, balances_at, build_tree

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
def warp(chain) -> Callable[[int], None]:
    """Move the chain so that the next block's timestamp is at least `timestamp` (measured from the latest
    block, which the chain's clock never runs behind)."""

    def to(timestamp: int) -> None:
        chain.sleep(max(0, timestamp - chain[-1].timestamp))
        chain.mine()

    return to


def _fmt(value: Any) -> str:
    if isinstance(value, (bytes, bytearray)):
        return str(bytes(value))
    if hasattr(value, "address"):
        value = value.address
    if isinstance(value, str) and value.startswith("0x") and len(value) == 42:
        return value.lower()
    return str(value)


@pytest.fixture
def err() -> Callable[..., str]:
    """The revert message brownie decodes for custom error `name` with `args`."""

    def message(name: str, *args: Any) -> str:
        return f"{name}: " + ", ".join(_fmt(a) for a in args)

    return message
