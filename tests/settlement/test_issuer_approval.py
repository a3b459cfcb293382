"""A security token's agent can require an approval for each trade before it settles (delivery versus approval)."""

import brownie


def test_agent_turns_the_requirement_on_and_off(dvp, security, parties):
    tx = dvp.setApprovalRequired(security, True, {"from": parties.agent})
    ev = tx.events["ApprovalRequirementSet"]
    assert (ev["securityToken"], ev["required"], ev["agent"]) == (security, True, parties.agent)
    assert dvp.approvalRequired(security)
    dvp.setApprovalRequired(security, False, {"from": parties.agent})
    assert not dvp.approvalRequired(security)


def test_only_an_agent_sets_the_requirement(dvp, security, SmokeToken, parties, err):
    with brownie.reverts(err("DvPNotAgent", security, parties.seller)):
        dvp.setApprovalRequired(security, True, {"from": parties.seller})
    plain = SmokeToken.deploy(1, {"from": parties.agent})
    with brownie.reverts(err("DvPNotAgent", plain, parties.agent)):
        dvp.setApprovalRequired(plain, True, {"from": parties.agent})


def test_unapproved_trade_cannot_settle_and_nothing_moves(
    dvp, security, propose, parties, balances, status, err
):
    dvp.setApprovalRequired(security, True, {"from": parties.agent})
    trade_id, _, terms_hash = propose()
    before = balances()
    with brownie.reverts(err("DvPApprovalRequired", trade_id)):
        dvp.accept(trade_id, terms_hash, {"from": parties.buyer})
    assert balances() == before
    assert dvp.statusOf(trade_id) == status.PENDING


def test_approved_trade_settles(dvp, security, propose, parties, status):
    dvp.setApprovalRequired(security, True, {"from": parties.agent})
    trade_id, _, terms_hash = propose()
    tx = dvp.approve(trade_id, terms_hash, {"from": parties.agent})
    ev = tx.events["TradeApproved"]
    assert (ev["tradeId"], ev["agent"], ev["termsHash"]) == (trade_id, parties.agent, terms_hash)
    assert dvp.trade(trade_id)[3] is True
    dvp.accept(trade_id, terms_hash, {"from": parties.buyer})
    assert dvp.statusOf(trade_id) == status.SETTLED


def test_requirement_turned_on_after_proposal_still_applies(dvp, security, propose, parties, err):
    trade_id, _, terms_hash = propose()
    dvp.setApprovalRequired(security, True, {"from": parties.agent})
    with brownie.reverts(err("DvPApprovalRequired", trade_id)):
        dvp.accept(trade_id, terms_hash, {"from": parties.buyer})


def test_a_second_agent_can_approve(dvp, security, propose, parties):
    security.setAgent(parties.outsider, True, {"from": parties.agent})
    dvp.setApprovalRequired(security, True, {"from": parties.agent})
    trade_id, _, terms_hash = propose()
    dvp.approve(trade_id, terms_hash, {"from": parties.outsider})
    dvp.accept(trade_id, terms_hash, {"from": parties.buyer})


def test_parties_cannot_approve_their_own_trade(dvp, security, propose, parties, err):
    dvp.setApprovalRequired(security, True, {"from": parties.agent})
    trade_id, _, terms_hash = propose()
    for caller in (parties.seller, parties.buyer):
        with brownie.reverts(err("DvPNotAgent", security, caller)):
            dvp.approve(trade_id, terms_hash, {"from": caller})


def test_agent_rejection_ends_the_trade(dvp, security, propose, parties, status, err):
    dvp.setApprovalRequired(security, True, {"from": parties.agent})
    trade_id, _, terms_hash = propose()
    dvp.reject(trade_id, {"from": parties.agent})
    with brownie.reverts(err("DvPTradeNotPending", trade_id, status.REJECTED)):
        dvp.approve(trade_id, terms_hash, {"from": parties.agent})


def test_expired_trade_cannot_be_approved(dvp, security, propose, parties, chain, err, warp):
    trade_id, terms, terms_hash = propose()
    warp(terms[6] + 60)
    with brownie.reverts(err("DvPTradeExpired", trade_id)):
        dvp.approve(trade_id, terms_hash, {"from": parties.agent})


# ------------------------------------------------------------------ a security token on the payment leg


def _swap(TestSettlementSecurityToken, dvp, security, parties, propose):
    """A trade paying `security` with another security token (the buyer's), whose own agent (`outsider`)
    requires approval of its trades; the security token's agent does not."""
    other = TestSettlementSecurityToken.deploy(10**6, {"from": parties.outsider})
    other.transfer(parties.buyer, 5_000, {"from": parties.outsider})
    other.approve(dvp, 2**256 - 1, {"from": parties.buyer})
    dvp.setApprovalRequired(other, True, {"from": parties.outsider})
    trade_id, _, terms_hash = propose(paymentToken=other.address, paymentAmount=1_000)
    return other, trade_id, terms_hash


def test_a_security_token_on_the_payment_leg_needs_its_own_approval(
    TestSettlementSecurityToken, dvp, security, propose, parties, status, err
):
    other, trade_id, terms_hash = _swap(TestSettlementSecurityToken, dvp, security, parties, propose)
    assert dvp.trade(trade_id)[3] is False
    with brownie.reverts(err("DvPApprovalRequired", trade_id)):
        dvp.accept(trade_id, terms_hash, {"from": parties.buyer})
    # The security token's agent approves its own leg only.
    dvp.approve(trade_id, terms_hash, {"from": parties.agent})
    assert dvp.trade(trade_id)[3] is False
    with brownie.reverts(err("DvPApprovalRequired", trade_id)):
        dvp.accept(trade_id, terms_hash, {"from": parties.buyer})
    tx = dvp.approve(trade_id, terms_hash, {"from": parties.outsider})
    assert tx.events["TradeApproved"]["agent"] == parties.outsider
    assert dvp.trade(trade_id)[3] is True
    dvp.accept(trade_id, terms_hash, {"from": parties.buyer})
    assert dvp.statusOf(trade_id) == status.SETTLED
    assert other.balanceOf(parties.seller) == 1_000


def test_the_payment_legs_agent_alone_approves_when_only_its_token_requires_it(
    TestSettlementSecurityToken, dvp, security, propose, parties, status
):
    other, trade_id, terms_hash = _swap(TestSettlementSecurityToken, dvp, security, parties, propose)
    dvp.approve(trade_id, terms_hash, {"from": parties.outsider})
    assert dvp.trade(trade_id)[3] is True
    dvp.accept(trade_id, terms_hash, {"from": parties.buyer})
    assert dvp.statusOf(trade_id) == status.SETTLED
    assert other.balanceOf(parties.seller) == 1_000


def test_the_payment_legs_agent_can_reject_and_an_amendment_drops_its_approval(
    TestSettlementSecurityToken, dvp, security, propose, make_terms, parties, status, err
):
    other, trade_id, terms_hash = _swap(TestSettlementSecurityToken, dvp, security, parties, propose)
    dvp.approve(trade_id, terms_hash, {"from": parties.outsider})
    amended = make_terms(paymentToken=other.address, paymentAmount=1_200)
    dvp.amend(trade_id, amended, {"from": parties.seller})
    assert dvp.trade(trade_id)[3] is False
    with brownie.reverts(err("DvPApprovalRequired", trade_id)):
        dvp.accept(trade_id, dvp.hashTerms(amended), {"from": parties.buyer})
    tx = dvp.reject(trade_id, {"from": parties.outsider})
    assert tx.events["TradeRejected"]["rejectedBy"] == parties.outsider
    assert dvp.statusOf(trade_id) == status.REJECTED


def test_an_agent_of_neither_token_cannot_approve_or_reject(
    TestSettlementSecurityToken, dvp, security, propose, parties, accounts, err
):
    _, trade_id, terms_hash = _swap(TestSettlementSecurityToken, dvp, security, parties, propose)
    with brownie.reverts(err("DvPNotAgent", security, accounts[5])):
        dvp.approve(trade_id, terms_hash, {"from": accounts[5]})
    with brownie.reverts(err("DvPUnauthorized", trade_id, accounts[5])):
        dvp.reject(trade_id, {"from": accounts[5]})
