"""Settlement against the real SecurityToken: its identity checks, freezes, pause and compliance refuse the
delivery with their ERC-1404 code and nothing moves; its agents approve trades."""

import brownie
import pytest

PRICE = 12_345 * 10**6


@pytest.fixture(scope="module")
def market(suite, DvPSettlement, TestSettlementPaymentToken):
    """The suite's token, a settlement contract, and a payment token held by bob and dave, all approved."""
    dvp = DvPSettlement.deploy({"from": suite.owner})
    cash = TestSettlementPaymentToken.deploy(10**15, {"from": suite.owner})
    for buyer in (suite.bob, suite.dave):
        cash.transfer(buyer, 10**12, {"from": suite.owner})
        cash.approve(dvp, 2**256 - 1, {"from": buyer})
    suite.token.approve(dvp, 2**256 - 1, {"from": suite.alice})
    return dvp, cash


@pytest.fixture
def offer(market, suite, chain):
    """alice offers `qty` tokens to `buyer` at PRICE; returns (trade id, terms hash)."""
    dvp, cash = market

    def make(buyer, qty=100):
        terms = (
            suite.alice.address,
            buyer.address,
            suite.token.address,
            qty,
            cash.address,
            PRICE,
            chain.time() + 3600,
        )
        tx = dvp.propose(terms, {"from": suite.alice})
        return tx.events["TradeProposed"]["tradeId"], dvp.hashTerms(terms)

    return make


@pytest.fixture
def holdings(market, suite):
    _, cash = market

    def snap(*accounts):
        return [(suite.token.balanceOf(a), cash.balanceOf(a)) for a in accounts]

    return snap


def test_verified_buyer_settles(market, suite, offer, holdings):
    dvp, _ = market
    trade_id, terms_hash = offer(suite.bob)
    (alice_sec, alice_cash), (bob_sec, bob_cash) = holdings(suite.alice, suite.bob)

    tx = dvp.accept(trade_id, terms_hash, {"from": suite.bob})

    assert holdings(suite.alice, suite.bob) == [
        (alice_sec - 100, alice_cash + PRICE),
        (bob_sec + 100, bob_cash - PRICE),
    ]
    assert tx.events["TradeSettled"]["tradeId"] == trade_id


def test_unverified_buyer_is_refused_with_code_6(market, suite, offer, holdings, err):
    dvp, _ = market
    trade_id, terms_hash = offer(suite.dave)  # dave is not registered
    before = holdings(suite.alice, suite.dave)
    with brownie.reverts(err("TransferRestricted", 6)):
        dvp.accept(trade_id, terms_hash, {"from": suite.dave})
    assert holdings(suite.alice, suite.dave) == before


def test_frozen_seller_is_refused_with_code_2(market, suite, offer, holdings, err):
    dvp, _ = market
    trade_id, terms_hash = offer(suite.bob)
    suite.token.setAddressFrozen(suite.alice, True, {"from": suite.agent})
    before = holdings(suite.alice, suite.bob)
    with brownie.reverts(err("TransferRestricted", 2)):
        dvp.accept(trade_id, terms_hash, {"from": suite.bob})
    assert holdings(suite.alice, suite.bob) == before


def test_paused_token_is_refused_with_code_1(market, suite, offer, holdings, err):
    dvp, _ = market
    trade_id, terms_hash = offer(suite.bob)
    suite.token.pause({"from": suite.agent})
    before = holdings(suite.alice, suite.bob)
    with brownie.reverts(err("TransferRestricted", 1)):
        dvp.accept(trade_id, terms_hash, {"from": suite.bob})
    assert holdings(suite.alice, suite.bob) == before


def test_compliance_refusal_reverts_with_the_modules_code(market, suite, offer, holdings, err):
    dvp, _ = market
    trade_id, terms_hash = offer(suite.bob)
    suite.compliance.setRefusal(21, False, {"from": suite.owner})  # tokens locked
    before = holdings(suite.alice, suite.bob)
    with brownie.reverts(err("TransferRestricted", 21)):
        dvp.accept(trade_id, terms_hash, {"from": suite.bob})
    assert holdings(suite.alice, suite.bob) == before
    assert suite.token.detectTransferRestriction(suite.alice, suite.bob, 100) == 21


def test_token_agent_requires_and_gives_approval(market, suite, offer, err):
    dvp, _ = market
    with brownie.reverts(err("DvPNotAgent", suite.token, suite.alice)):
        dvp.setApprovalRequired(suite.token, True, {"from": suite.alice})
    dvp.setApprovalRequired(suite.token, True, {"from": suite.agent})
    trade_id, terms_hash = offer(suite.bob)
    with brownie.reverts(err("DvPApprovalRequired", trade_id)):
        dvp.accept(trade_id, terms_hash, {"from": suite.bob})
    dvp.approve(trade_id, terms_hash, {"from": suite.agent})
    dvp.accept(trade_id, terms_hash, {"from": suite.bob})
    assert suite.token.balanceOf(suite.bob) == 600


def test_buyer_accepts_with_permit_in_one_transaction(market, suite, offer, chain, sign_permit, status):
    dvp, cash = market
    cash.approve(dvp, 0, {"from": suite.bob})
    trade_id, terms_hash = offer(suite.bob)
    deadline = chain.time() + 600
    v, r, s = sign_permit(cash, suite.bob, dvp, PRICE, deadline)
    dvp.acceptWithPermit(trade_id, terms_hash, deadline, v, r, s, {"from": suite.bob})
    assert dvp.statusOf(trade_id) == status.SETTLED
    assert suite.token.balanceOf(suite.bob) == 600
