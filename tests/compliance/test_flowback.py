"""Flowback (Regulation S, code 24): until the distribution compliance period ends, no US person receives the
security: a recipient registered in the US, or one without the non-US-person claim when its topic is set."""

import brownie

from tests.compliance.compliance_helpers import NON_US, plain, register
from tests.conftest import revert_msg


def _period(chain, days: int) -> int:
    return chain.time() + days * 86400


def test_a_us_recipient_is_refused_during_the_period_on_every_kind_of_change(add_module, owner, agent, token, codes,
                                                                            uk, us, chain, FlowbackModule):
    m = add_module(FlowbackModule)
    token.mint(uk.wallet, 100, {"from": agent})
    end = _period(chain, 40)
    tx = m.setFlowbackEnd(end, {"from": owner})
    assert tx.events["FlowbackSet"]["endTime"] == end
    assert tx.events["PolicyChanged"]["flowbackEnd"] == end
    assert plain(m.flowback()) == (end, 2**256 - 1)
    assert codes.transfer(uk, us, 1) == 24
    assert codes.mint(us, 1) == 24
    assert codes.forced(uk, us, 1) == 24
    with brownie.reverts(revert_msg("TransferRestricted", 24)):
        token.transfer(us.wallet, 1, {"from": uk.wallet})
    with brownie.reverts(revert_msg("TransferRestricted", 24)):
        token.mint(us.wallet, 1, {"from": agent})
    assert token.messageForTransferRestriction(24).startswith("During the distribution compliance period")


def test_the_period_ends_at_its_end_time(add_module, owner, agent, token, codes, uk, us, chain, FlowbackModule):
    m = add_module(FlowbackModule)
    token.mint(uk.wallet, 100, {"from": agent})
    end = _period(chain, 40)
    m.setFlowbackEnd(end, {"from": owner})
    chain.sleep(40 * 86400 - 120)
    chain.mine()
    assert codes.transfer(uk, us, 1) == 24
    chain.sleep(240)
    chain.mine()
    assert codes.transfer(uk, us, 1) == 0
    token.transfer(us.wallet, 1, {"from": uk.wallet})
    assert token.balanceOf(us.wallet) == 1


def test_without_the_non_us_person_claim_a_recipient_outside_the_us_is_refused_too(add_module, owner, agent, token,
                                                                                   codes, uk, fr, accounts, chain,
                                                                                   rule_stack, FlowbackModule):
    m = add_module(FlowbackModule)
    token.mint(uk.wallet, 100, {"from": agent})
    m.setFlowbackEnd(_period(chain, 180), {"from": owner})
    assert codes.transfer(uk, fr, 1) == 0  # no topic named: only the country counts
    assert m.describe().startswith("Flowback: no US person until ")
    tx = m.setNonUsPersonTopic(NON_US, {"from": owner})
    assert tx.events["FlowbackSet"]["topic"] == NON_US
    assert m.describe().endswith(f", non-US-person topic {NON_US}")
    assert codes.transfer(uk, fr, 1) == 24
    certified = register(rule_stack, accounts[7], "0x" + "77" * 20, 250, topics=(1, NON_US))
    assert codes.transfer(uk, certified, 1) == 0
    token.transfer(certified.wallet, 1, {"from": uk.wallet})
    # the sender's own claims do not matter: the rule is about who receives
    assert codes.transfer(certified, uk, 1) == 24


def test_switched_off_or_without_a_period_it_refuses_nothing(add_module, owner, agent, token, codes, uk, us, chain,
                                                            compliance, FlowbackModule):
    m = add_module(FlowbackModule)
    token.mint(uk.wallet, 100, {"from": agent})
    assert codes.transfer(uk, us, 1) == 0  # no end time: no period
    m.setFlowbackEnd(_period(chain, 40), {"from": owner})
    assert codes.transfer(uk, us, 1) == 24
    compliance.removeModule(m.module, {"from": owner})
    assert codes.transfer(uk, us, 1) == 0


def test_settings_are_checked_and_owner_only(add_module, owner, stranger, compliance, FlowbackModule):
    m = add_module(FlowbackModule)
    with brownie.reverts(revert_msg("ModuleSettingTooLarge", 2**40, 2**40 - 1)):
        m.setFlowbackEnd(2**40, {"from": owner})
    with brownie.reverts(revert_msg("ModuleSettingTooLarge", 96, 95)):
        m.setNonUsPersonTopic(96, {"from": owner})
    with brownie.reverts(revert_msg("OwnableUnauthorizedAccount", stranger)):
        m.setFlowbackEnd(1, {"from": stranger})
    with brownie.reverts(revert_msg("ModuleOnlyComplianceCall", stranger)):
        m.module.setFlowbackEnd(1, {"from": stranger})
    assert m.restrictionCode() == 24 and m.ruleId() == 8 and m.name() == "Flowback"
    assert m.describe() == "Flowback: no distribution compliance period"
