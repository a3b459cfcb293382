"""DvP settlement and distributions on the deployed example: bonds against stUSD in one transaction, a
refused delivery that moves nothing, and a coupon paid pro rata with Merkle claims."""

import pytest

from sectoken.contracts.settlement import Terms, TradeStatus
from sectoken.distribution import allocate, balances_at, build_tree
from sectoken.errors import RevertError, TransferRestrictedError
from sectoken.reasons import Restriction

from .conftest import USD, nonce

PRICE = 1_000 * USD  # per bond


@pytest.fixture
def market(web3, suite, cast):
    """alice holds 500 bonds and bob 100,000 stUSD; both approved the settlement contract."""
    suite.token.mint(cast.alice.address, 500)
    suite.stablecoin.mint(cast.bob.address, 100_000 * USD)
    dvp = suite.settlement
    suite.token.with_signer(cast.alice).approve(dvp.address, 2**256 - 1)
    suite.stablecoin.with_signer(cast.bob).approve(dvp.address, 2**256 - 1)
    return dvp


def terms(web3, suite, seller, buyer, bonds=10, expiry_in=3600):
    expiry = web3.eth.get_block("latest")["timestamp"] + expiry_in
    return Terms(seller.address, buyer.address, suite.token.address, bonds, suite.stablecoin.address,
                 bonds * PRICE, expiry)


def test_a_trade_settles_both_legs_at_once(web3, suite, cast, market):
    trade_id, _ = market.with_signer(cast.alice).propose(terms(web3, suite, cast.alice, cast.bob))
    assert market.status(trade_id) == TradeStatus.PENDING and market.trade_count() == trade_id
    receipt = market.with_signer(cast.bob).accept(trade_id)
    assert market.events(receipt, "TradeSettled")[0]["args"]["securityAmount"] == 10
    assert market.status(trade_id) == TradeStatus.SETTLED
    assert suite.token.balance_of(cast.bob.address) == 10
    assert suite.stablecoin.balance_of(cast.alice.address) == 10 * PRICE
    trade = market.trade(trade_id)
    assert trade.proposer == cast.alice.address and trade.terms.security_amount == 10


def test_a_refused_delivery_moves_nothing_and_sends_nothing(web3, suite, cast, market):
    suite.stablecoin.mint(cast.carol.address, 100_000 * USD)
    suite.stablecoin.with_signer(cast.carol).approve(market.address, 2**256 - 1)
    trade_id, _ = market.with_signer(cast.alice).propose(terms(web3, suite, cast.alice, cast.carol))
    before = nonce(web3, cast.carol)
    with pytest.raises(TransferRestrictedError) as raised:
        market.with_signer(cast.carol).accept(trade_id)
    assert raised.value.code == Restriction.INVESTOR_NOT_ELIGIBLE
    assert nonce(web3, cast.carol) == before and market.status(trade_id) == TradeStatus.PENDING
    assert suite.token.balance_of(cast.carol.address) == 0


def test_cancel_reject_and_amend(web3, suite, cast, market):
    dvp_alice, dvp_bob = market.with_signer(cast.alice), market.with_signer(cast.bob)
    first, _ = dvp_alice.propose(terms(web3, suite, cast.alice, cast.bob))
    dvp_alice.cancel(first)
    assert market.status(first) == TradeStatus.CANCELLED
    second, _ = dvp_alice.propose(terms(web3, suite, cast.alice, cast.bob))
    dvp_bob.reject(second)
    assert market.status(second) == TradeStatus.REJECTED
    third, _ = dvp_alice.propose(terms(web3, suite, cast.alice, cast.bob))
    agreed = market.hash_terms(market.trade(third).terms)
    dvp_alice.amend(third, terms(web3, suite, cast.alice, cast.bob, bonds=20))
    with pytest.raises(RevertError, match="DvPTermsMismatch"):
        dvp_bob.accept(third, agreed)
    dvp_bob.accept(third)
    assert suite.token.balance_of(cast.bob.address) == 20


def test_an_agent_approval_can_be_required_and_a_permit_pays(web3, suite, cast, market):
    market.set_approval_required(suite.token.address, True)
    assert market.approval_required(suite.token.address)
    trade_id, _ = market.with_signer(cast.alice).propose(terms(web3, suite, cast.alice, cast.bob))
    with pytest.raises(RevertError, match="DvPApprovalRequired"):
        market.with_signer(cast.bob).accept(trade_id)
    market.approve(trade_id)
    suite.stablecoin.with_signer(cast.bob).approve(market.address, 0)
    deadline = web3.eth.get_block("latest")["timestamp"] + 3600
    permit = suite.stablecoin.sign_permit(cast.bob, market.address, 10 * PRICE, deadline)
    market.with_signer(cast.bob).accept_with_permit(trade_id, permit)
    assert market.status(trade_id) == TradeStatus.SETTLED


def test_a_coupon_is_paid_pro_rata_and_the_rest_reclaimed(web3, chain, suite, cast):
    token, coin, distributor = suite.token, suite.stablecoin, suite.distribution
    token.mint(cast.alice.address, 300)
    token.mint(cast.bob.address, 100)
    record_block = web3.eth.block_number
    balances = balances_at(web3, token.address, record_block, suite.record.contracts["token"].block_number)
    assert balances == {cast.alice.address: 300, cast.bob.address: 100}
    allocation = allocate(balances, 1_000 * USD + 1)
    tree = build_tree(allocation)
    coin.mint(cast.deployer.address, allocation.total)
    coin.approve(distributor.address, allocation.total)
    deadline = web3.eth.get_block("latest")["timestamp"] + 30 * 86400
    dist_id, _ = distributor.create(token.address, coin.address, tree, record_block=record_block, deadline=deadline,
                                    funded=allocation.total)
    info = distributor.info(dist_id)
    assert (info.funded, info.claimed, info.record_block, info.root) == (allocation.total, 0, record_block, tree.root)
    distributor.with_signer(cast.erin).claim(dist_id, tree.claim(cast.alice.address))
    assert coin.balance_of(cast.alice.address) == 750 * USD
    paid, _ = distributor.batch_claim(dist_id, tree.claims())
    assert paid == 1 and coin.balance_of(cast.bob.address) == 250 * USD
    assert all(distributor.is_claimed(dist_id, entry.index) for entry in tree.claims())
    with pytest.raises(RevertError, match="DistributionClaimWindowOpen"):
        distributor.reclaim(dist_id)
    chain.sleep(31 * 86400)
    chain.mine()
    returned, _ = distributor.reclaim(dist_id)
    assert returned == allocation.dust == 1 and distributor.info(dist_id).reclaimed
