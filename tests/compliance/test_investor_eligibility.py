"""InvestorEligibility: per country, the claim topics a recipient must hold (code 22)."""

import brownie

from tests.compliance.compliance_helpers import (
    ACCREDITED,
    HNW,
    KYC,
    PROFESSIONAL,
    SOPHISTICATED,
    Party,
    burn,
    forced,
    mask,
    mint,
    plain,
    transfer,
)


def _configure(m, owner):
    m.setEligibilityRule(840, 0, mask([KYC, ACCREDITED]), {"from": owner})
    m.setEligibilityRule(826, mask([PROFESSIONAL, HNW, SOPHISTICATED]), mask([KYC]), {"from": owner})


def _with(p: Party, *topics: int) -> Party:
    return Party(p.wallet, p.identity, p.country, topics)


def test_us_recipient_needs_every_all_of_topic(compliance, add_module, owner, us, InvestorEligibilityModule):
    m = add_module(InvestorEligibilityModule)
    _configure(m, owner)
    assert compliance.checkTransfer(mint(_with(us, KYC, ACCREDITED), 1)) == 0
    assert compliance.checkTransfer(mint(_with(us, KYC), 1)) == 22
    assert compliance.checkTransfer(mint(_with(us, ACCREDITED), 1)) == 22


def test_uk_recipient_needs_one_any_of_topic(compliance, add_module, owner, uk, InvestorEligibilityModule):
    m = add_module(InvestorEligibilityModule)
    _configure(m, owner)
    for topic in (PROFESSIONAL, HNW, SOPHISTICATED):
        assert compliance.checkTransfer(mint(_with(uk, KYC, topic), 1)) == 0
    assert compliance.checkTransfer(mint(_with(uk, KYC), 1)) == 22
    assert compliance.checkTransfer(mint(_with(uk, PROFESSIONAL), 1)) == 22


def test_country_without_rule_imposes_none(compliance, add_module, owner, fr, InvestorEligibilityModule):
    m = add_module(InvestorEligibilityModule)
    _configure(m, owner)
    assert compliance.checkTransfer(mint(fr, 1)) == 0


def test_transfers_and_forced_transfers_check_the_recipient_only(compliance, add_module, owner, token, uk, us,
                                                                 InvestorEligibilityModule):
    m = add_module(InvestorEligibilityModule)
    _configure(m, owner)
    good_us = _with(us, KYC, ACCREDITED)
    assert compliance.checkTransfer(transfer(uk, good_us, 1, 5)) == 0
    assert compliance.checkTransfer(transfer(good_us, uk, 1, 5)) == 22
    assert compliance.checkTransfer(forced(good_us, uk, 1, 5)) == 22
    assert compliance.checkTransfer(burn(uk, 1, 5)) == 0
    with brownie.reverts("TransferRestricted: 22"):
        compliance.applyTransfer(transfer(good_us, uk, 1, 5), {"from": token})


def test_owner_sets_and_removes_rules_with_events(add_module, owner, InvestorEligibilityModule):
    m = add_module(InvestorEligibilityModule)
    tx = m.setEligibilityRule(840, 0, mask([ACCREDITED]), {"from": owner})
    assert plain(tx.events["EligibilityRuleSet"].values()) == (840, 0, mask([ACCREDITED]))
    assert plain(m.eligibilityRule(840)) == (0, mask([ACCREDITED]))
    assert [int(c) for c in m.ruleCountries()] == [840]
    assert m.describe() == "InvestorEligibility: 840 any-of 0x00 all-of 0x08;"
    tx = m.setEligibilityRule(840, 0, 0, {"from": owner})
    assert plain(tx.events["EligibilityRuleSet"].values()) == (840, 0, 0)
    assert plain(m.ruleCountries()) == ()


def test_masks_above_topic_127_are_refused(add_module, owner, InvestorEligibilityModule):
    m = add_module(InvestorEligibilityModule)
    with brownie.reverts(f"ModuleTopicOutOfRange: {1 << 128}"):
        m.setEligibilityRule(840, 1 << 128, 0, {"from": owner})
    with brownie.reverts(f"ModuleTopicOutOfRange: {1 << 200}"):
        m.setEligibilityRule(840, 0, 1 << 200, {"from": owner})


def test_stranger_cannot_set_rules(add_module, stranger, InvestorEligibilityModule):
    m = add_module(InvestorEligibilityModule)
    with brownie.reverts(f"ModuleOnlyComplianceOwner: {stranger.address.lower()}"):
        m.setEligibilityRule(840, 0, 2, {"from": stranger})
