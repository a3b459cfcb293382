"""Investor types (code 29): per country, the claims an entity needs. An entity recipient from a country with
an entity rule is judged by it instead of the country's common eligibility rule (22), which applies to
individuals and to entities of countries without an entity rule."""

import brownie

from tests.compliance.compliance_helpers import HNW, KYC, PROFESSIONAL, mask, plain, register
from tests.conftest import revert_msg

ENTITY = 1


def _entity(rule_stack, party):
    rule_stack.registry.setInvestorType(party.wallet, ENTITY, {"from": rule_stack.agent})
    return party


def test_an_entity_needs_its_countrys_entity_claims(add_module, owner, agent, token, codes, accounts, rule_stack,
                                                    InvestorEligibilityModule, InvestorTypeModule):
    common = add_module(InvestorEligibilityModule)
    types = add_module(InvestorTypeModule)
    common.setEligibilityRule(826, mask([PROFESSIONAL, HNW]), mask([KYC]), {"from": owner})
    tx = types.setEntityEligibility(826, 0, mask([KYC, PROFESSIONAL]), {"from": owner})
    assert tx.events["EntityRuleSet"]["allOf"] == mask([KYC, PROFESSIONAL])
    assert plain(types.entityEligibility(826)) == (0, mask([KYC, PROFESSIONAL]))
    assert types.describe() == f"InvestorType: entities 826 any-of 0x00 all-of {hex(mask([KYC, PROFESSIONAL]))};"
    hnw_person = register(rule_stack, accounts[7], "0x" + "77" * 20, 826, topics=(KYC, HNW))
    hnw_entity = _entity(rule_stack, register(rule_stack, accounts[8], "0x" + "88" * 20, 826, topics=(KYC, HNW)))
    pro_entity = _entity(rule_stack, register(rule_stack, accounts[5], "0x" + "55" * 20, 826,
                                              topics=(KYC, PROFESSIONAL)))
    assert codes.mint(hnw_person, 10) == 0  # an individual: the common rule
    assert codes.mint(hnw_entity, 10) == 29  # an entity: the entity rule
    assert codes.mint(pro_entity, 10) == 0
    with brownie.reverts(revert_msg("TransferRestricted", 29)):
        token.mint(hnw_entity.wallet, 10, {"from": agent})
    token.mint(hnw_person.wallet, 10, {"from": agent})
    assert codes.transfer(hnw_person, hnw_entity, 1) == 29
    assert codes.forced(hnw_person, hnw_entity, 1) == 29
    assert codes.transfer(hnw_person, pro_entity, 1) == 0
    assert token.messageForTransferRestriction(29).startswith("The recipient entity lacks a claim")


def test_without_an_entity_rule_or_with_the_rule_off_entities_meet_the_common_rule(
        add_module, owner, codes, accounts, rule_stack, compliance, InvestorEligibilityModule, InvestorTypeModule):
    common = add_module(InvestorEligibilityModule)
    types = add_module(InvestorTypeModule)
    common.setEligibilityRule(826, mask([PROFESSIONAL]), mask([KYC]), {"from": owner})
    entity = _entity(rule_stack, register(rule_stack, accounts[8], "0x" + "88" * 20, 826, topics=(KYC, HNW)))
    assert codes.mint(entity, 10) == 22  # no entity rule for GB yet
    types.setEntityEligibility(826, mask([HNW]), mask([KYC]), {"from": owner})
    assert codes.mint(entity, 10) == 0
    compliance.removeModule(types.module, {"from": owner})
    assert codes.mint(entity, 10) == 22
    compliance.addModule(types.module, {"from": owner})
    types.setEntityEligibility(826, 0, 0, {"from": owner})  # removed
    assert plain(types.entityEligibility(826)) == (0, 0)
    assert codes.mint(entity, 10) == 22


def test_the_type_follows_the_identity_to_its_other_wallets(add_module, owner, codes, accounts, rule_stack,
                                                            InvestorTypeModule):
    types = add_module(InvestorTypeModule)
    types.setEntityEligibility(826, 0, mask([KYC, PROFESSIONAL]), {"from": owner})
    first = _entity(rule_stack, register(rule_stack, accounts[8], "0x" + "88" * 20, 826))
    second = register(rule_stack, accounts[7], first.identity, 826)
    assert codes.mint(first, 1) == 29 and codes.mint(second, 1) == 29
    rule_stack.storage.addClaim(first.identity, PROFESSIONAL, 2**64 - 1, {"from": rule_stack.issuer})
    assert codes.mint(first, 1) == 0 and codes.mint(second, 1) == 0


def test_settings_are_checked_and_owner_only(add_module, owner, stranger, InvestorTypeModule):
    types = add_module(InvestorTypeModule)
    with brownie.reverts(revert_msg("ModuleTopicOutOfRange", 2**96)):
        types.setEntityEligibility(826, 2**96, 0, {"from": owner})
    with brownie.reverts(revert_msg("ModuleInvalidCountry", 0)):
        types.setEntityEligibility(0, 0, 1, {"from": owner})
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", stranger)):
        types.setEntityEligibility(826, 0, 1, {"from": stranger})
    assert types.restrictionCode() == 29 and types.ruleId() == 12 and types.describe() == "InvestorType: entities"
