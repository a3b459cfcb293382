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
