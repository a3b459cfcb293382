"""InvestorEligibility: per country, the claim topics a recipient must hold (code 22). The token reads the
recipient's topics from the identity registry: tests give an investor topics by issuing claims."""

import brownie
import pytest

from tests.compliance.compliance_helpers import (
    ACCREDITED,
    AML,
    HNW,
    KYC,
    PROFESSIONAL,
    SOPHISTICATED,
    Party,
    mask,
    plain,
)
from tests.conftest import NO_EXPIRY, revert_msg


@pytest.fixture
def claims(rule_stack):
    """`claims.add(party, *topics)` / `claims.revoke(party, *topics)`: the trusted issuer issues or revokes
    claims on the party's identity."""

    class Claims:
        @staticmethod
        def add(p: Party, *topics: int) -> None:
            for topic in topics:
                rule_stack.storage.addClaim(p.identity, topic, NO_EXPIRY, {"from": rule_stack.issuer})

        @staticmethod
        def revoke(p: Party, *topics: int) -> None:
            for topic in topics:
                rule_stack.storage.revokeClaim(p.identity, topic, {"from": rule_stack.issuer})

    return Claims()


def _configure(m, owner):
    m.setEligibilityRule(840, 0, mask([KYC, ACCREDITED]), {"from": owner})
    m.setEligibilityRule(826, mask([PROFESSIONAL, HNW, SOPHISTICATED]), mask([KYC]), {"from": owner})


def test_us_recipient_needs_every_all_of_topic(add_module, owner, agent, token, codes, claims, us,
                                               InvestorEligibilityModule):
    m = add_module(InvestorEligibilityModule)
    _configure(m, owner)
    assert codes.mint(us, 1) == 22  # KYC only
    with brownie.reverts(revert_msg("TransferRestricted", 22)):
        token.mint(us.wallet, 1, {"from": agent})
    claims.add(us, ACCREDITED)
    assert codes.mint(us, 1) == 0
    token.mint(us.wallet, 1, {"from": agent})
    assert token.balanceOf(us.wallet) == 1


def test_all_of_topic_missing_while_the_others_are_held_is_refused(rule_stack, add_module, owner, codes, claims,
                                                                  us, InvestorEligibilityModule):
    m = add_module(InvestorEligibilityModule)
    _configure(m, owner)
    # the registry stops requiring KYC, so a US investor holding ACCREDITED alone stays verified
    rule_stack.registry.removeClaimTopic(KYC, {"from": owner})
    claims.add(us, ACCREDITED)
    claims.revoke(us, KYC)
    assert rule_stack.registry.isVerified(us.wallet)
    assert codes.mint(us, 1) == 22
    claims.add(us, KYC)
    assert codes.mint(us, 1) == 0


def test_uk_recipient_needs_one_any_of_topic(add_module, owner, codes, claims, uk, InvestorEligibilityModule):
    m = add_module(InvestorEligibilityModule)
    _configure(m, owner)
    assert codes.mint(uk, 1) == 22  # KYC only
    claims.add(uk, AML)
    assert codes.mint(uk, 1) == 22  # a topic outside any-of does not count
    for topic in (PROFESSIONAL, HNW, SOPHISTICATED):
        claims.add(uk, topic)
        assert codes.mint(uk, 1) == 0
        claims.revoke(uk, topic)
    assert codes.mint(uk, 1) == 22


def test_any_of_topic_without_the_all_of_topic_is_refused(rule_stack, add_module, owner, codes, claims, uk,
                                                          InvestorEligibilityModule):
    m = add_module(InvestorEligibilityModule)
    _configure(m, owner)
    rule_stack.registry.removeClaimTopic(KYC, {"from": owner})
    claims.add(uk, PROFESSIONAL)
    claims.revoke(uk, KYC)
    assert codes.mint(uk, 1) == 22


def test_country_without_rule_imposes_none(add_module, owner, codes, fr, InvestorEligibilityModule):
    m = add_module(InvestorEligibilityModule)
    _configure(m, owner)
    assert codes.mint(fr, 1) == 0


def test_transfers_and_forced_transfers_check_the_recipient_only(add_module, owner, agent, token, codes, claims,
                                                                 uk, us, InvestorEligibilityModule):
    m = add_module(InvestorEligibilityModule)
    claims.add(us, ACCREDITED)
    token.mint(uk.wallet, 5, {"from": agent})
    token.mint(us.wallet, 5, {"from": agent})
    _configure(m, owner)
    # uk (KYC only) is no longer eligible as a recipient, but may still send
    assert codes.transfer(uk, us, 1) == 0
    assert codes.transfer(us, uk, 1) == 22
    assert codes.forced(us, uk, 1) == 22
    assert codes.burn(uk, 1) == 0
    with brownie.reverts(revert_msg("TransferRestricted", 22)):
        token.transfer(uk.wallet, 1, {"from": us.wallet})
    with brownie.reverts(revert_msg("TransferRestricted", 22)):
        token.forcedTransfer(us.wallet, uk.wallet, 1, {"from": agent})
    token.transfer(us.wallet, 1, {"from": uk.wallet})
    token.burn(uk.wallet, 1, {"from": agent})
    assert (token.balanceOf(uk.wallet), token.balanceOf(us.wallet)) == (3, 6)


def test_switched_off_the_rule_imposes_nothing(compliance, add_module, owner, codes, us,
                                               InvestorEligibilityModule):
    m = add_module(InvestorEligibilityModule)
    _configure(m, owner)
    assert codes.mint(us, 1) == 22
    compliance.removeModule(m, {"from": owner})
    assert codes.mint(us, 1) == 0
    assert plain(m.eligibilityRule(840)) == (0, mask([KYC, ACCREDITED]))


def test_owner_sets_and_removes_rules_with_events(add_module, owner, token, InvestorEligibilityModule):
    m = add_module(InvestorEligibilityModule)
    tx = m.setEligibilityRule(840, 0, mask([ACCREDITED]), {"from": owner})
    assert plain(tx.events["EligibilityRuleSet"].values())[1:] == (840, 0, mask([ACCREDITED]))
    rule_set = tx.events["CountryRuleSet"]
    assert (rule_set["country"], rule_set["anyOf"], rule_set["allOf"]) == (840, 0, mask([ACCREDITED]))
    assert plain(m.eligibilityRule(840)) == (0, mask([ACCREDITED]))
    assert plain(tuple(token.countryRule(840))[4:]) == (0, mask([ACCREDITED]))
    assert [int(c) for c in m.ruleCountries()] == [840]
    assert m.describe() == "InvestorEligibility: 840 any-of 0x00 all-of 0x08;"
    tx = m.setEligibilityRule(840, 0, 0, {"from": owner})
    assert plain(tx.events["EligibilityRuleSet"].values())[1:] == (840, 0, 0)
    assert plain(m.ruleCountries()) == ()
    assert plain(tuple(token.countryRule(840))[4:]) == (0, 0)
    assert m.describe() == "InvestorEligibility:"


def test_eligibility_keeps_the_other_settings_of_the_country(add_module, owner, token, CountryAllowModule,
                                                             InvestorEligibilityModule):
    allow = add_module(CountryAllowModule)
    m = add_module(InvestorEligibilityModule)
    allow.allowCountries([840], {"from": owner})
    m.setEligibilityRule(840, mask([HNW]), mask([KYC]), {"from": owner})
    assert plain(tuple(token.countryRule(840))) == (True, False, False, 0, mask([HNW]), mask([KYC]))


def test_masks_above_topic_95_are_refused(add_module, owner, InvestorEligibilityModule):
    m = add_module(InvestorEligibilityModule)
    m.setEligibilityRule(840, 1 << 95, (1 << 96) - 1, {"from": owner})
    assert plain(m.eligibilityRule(840)) == (1 << 95, (1 << 96) - 1)
    with brownie.reverts(revert_msg("ModuleTopicOutOfRange", 1 << 96)):
        m.setEligibilityRule(840, 1 << 96, 0, {"from": owner})
    with brownie.reverts(revert_msg("ModuleTopicOutOfRange", 1 << 200)):
        m.setEligibilityRule(840, 0, 1 << 200, {"from": owner})


def test_invalid_country_code_is_refused(add_module, owner, InvestorEligibilityModule):
    m = add_module(InvestorEligibilityModule)
    with brownie.reverts(revert_msg("ModuleInvalidCountry", 0)):
        m.setEligibilityRule(0, 0, 2, {"from": owner})
    with brownie.reverts(revert_msg("ModuleInvalidCountry", 1000)):
        m.setEligibilityRule(1000, 0, 2, {"from": owner})


def test_stranger_cannot_set_rules(add_module, stranger, token, InvestorEligibilityModule):
    m = add_module(InvestorEligibilityModule)
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", stranger)):
        m.setEligibilityRule(840, 0, 2, {"from": stranger})
    with brownie.reverts(revert_msg("RuleEngineUnauthorized", stranger)):
        token.setCountryRule(token.compliance(), 840, False, False, False, 0, 0, 2, {"from": stranger})


def test_settings_through_call_module_function(compliance, add_module, owner, codes, us,
                                               InvestorEligibilityModule):
    m = add_module(InvestorEligibilityModule)
    compliance.callModuleFunction(m.setEligibilityRule.encode_input(840, 0, mask([ACCREDITED])), m,
                                  {"from": owner})
    assert codes.mint(us, 1) == 22


def test_module_reports_its_identity(compliance, add_module, InvestorEligibilityModule):
    m = add_module(InvestorEligibilityModule)
    assert m.name() == "InvestorEligibility"
    assert m.restrictionCode() == 22
    assert compliance.builtinModules()[m.ruleId()] == m
    assert m.ruleId() == 6
    assert compliance.isBuiltinModule(m)
