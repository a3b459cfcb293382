"""Non-accredited holders (section 12(g)-style counting, code 25): holders without the accredited claim are
counted by identity, from the first holder, and capped; the count follows holders who leave, and stays exact
across wallets of one identity."""

import brownie

from tests.compliance.compliance_helpers import ACCREDITED, KYC, plain, register
from tests.conftest import builtin_module, revert_msg


def _setup(add_module, owner, module, cap=1):
    m = add_module(module)
    m.setAccreditedTopic(ACCREDITED, {"from": owner})
    m.setNonAccreditedHolderCap(cap, {"from": owner})
    return m


def test_a_non_accredited_holder_beyond_the_cap_is_refused(add_module, owner, agent, token, codes, uk, us, fr,
                                                           accounts, rule_stack, NonAccreditedHoldersModule):
    m = _setup(add_module, owner, NonAccreditedHoldersModule)
    token.mint(uk.wallet, 10, {"from": agent})
    assert plain(m.nonAccreditedHolders()) == (1, 1, ACCREDITED)
    assert m.describe() == f"NonAccreditedHolders: 1 of at most 1, accredited topic {ACCREDITED}"
    assert codes.mint(us, 1) == 25
    assert codes.transfer(uk, fr, 1) == 25
    assert codes.forced(uk, fr, 1) == 25
    with brownie.reverts(revert_msg("TransferRestricted", 25)):
        token.mint(us.wallet, 1, {"from": agent})
    with brownie.reverts(revert_msg("TransferRestricted", 25)):
        token.transfer(fr.wallet, 1, {"from": uk.wallet})
    # an accredited investor is not counted, and joins
    acc = register(rule_stack, accounts[7], "0x" + "77" * 20, 840, topics=(KYC, ACCREDITED))
    token.transfer(acc.wallet, 1, {"from": uk.wallet})
    assert plain(m.nonAccreditedHolders()) == (1, 1, ACCREDITED)
    assert token.holderCount(0)[1] == 2
    assert token.messageForTransferRestriction(25).startswith("The transfer would take the number of holders")


def test_a_non_accredited_holder_leaving_makes_room_in_the_same_transfer(add_module, owner, agent, token, codes, uk,
                                                                         fr, NonAccreditedHoldersModule):
    m = _setup(add_module, owner, NonAccreditedHoldersModule)
    token.mint(uk.wallet, 10, {"from": agent})
    assert codes.transfer(uk, fr, 9) == 25
    token.transfer(fr.wallet, 10, {"from": uk.wallet})
    assert plain(m.nonAccreditedHolders())[1] == 1
    token.burn(fr.wallet, 10, {"from": agent})
    assert plain(m.nonAccreditedHolders())[1] == 0
    token.mint(uk.wallet, 1, {"from": agent})
    assert plain(m.nonAccreditedHolders())[1] == 1


def test_an_accredited_holder_leaving_does_not_make_room(add_module, owner, agent, token, codes, uk, accounts,
                                                         rule_stack, NonAccreditedHoldersModule):
    m = _setup(add_module, owner, NonAccreditedHoldersModule)
    acc = register(rule_stack, accounts[7], "0x" + "77" * 20, 840, topics=(KYC, ACCREDITED))
    other = register(rule_stack, accounts[8], "0x" + "88" * 20, 826)
    token.mint(acc.wallet, 10, {"from": agent})
    token.mint(uk.wallet, 10, {"from": agent})
    assert codes.transfer(acc, other, 10) == 25
    # the holder counted when it joined stays counted though it gains the claim later
    rule_stack.storage.addClaim(uk.identity, ACCREDITED, 2**64 - 1, {"from": rule_stack.issuer})
    assert plain(m.nonAccreditedHolders())[1] == 1
    token.transfer(acc.wallet, 10, {"from": uk.wallet})
    assert plain(m.nonAccreditedHolders())[1] == 0


def test_one_identity_counts_once_over_its_wallets(add_module, owner, agent, token, codes, uk, fr, accounts,
                                                   rule_stack, NonAccreditedHoldersModule):
    m = _setup(add_module, owner, NonAccreditedHoldersModule)
    second = register(rule_stack, accounts[7], uk.identity, 826)
    token.mint(uk.wallet, 10, {"from": agent})
    token.mint(second.wallet, 10, {"from": agent})
    token.transfer(second.wallet, 10, {"from": uk.wallet})
    assert plain(m.nonAccreditedHolders())[1] == 1
    assert codes.transfer(second, fr, 1) == 25
    token.transfer(fr.wallet, 20, {"from": second.wallet})
    assert plain(m.nonAccreditedHolders())[1] == 1


def test_switching_the_count_on_needs_a_token_nobody_holds(compliance, owner, agent, token, uk):
    module = builtin_module(compliance, "NonAccreditedHoldersModule")
    token.mint(uk.wallet, 10, {"from": agent})
    with brownie.reverts(revert_msg("RuleEngineHoldersExist", 1)):
        compliance.addModule(module, {"from": owner})
    token.burn(uk.wallet, 10, {"from": agent})
    compliance.addModule(module, {"from": owner})
    token.mint(uk.wallet, 10, {"from": agent})
    assert token.nonAccreditedHolders()[1] == 1
    # off, then on again without holders: the count starts from zero again
    compliance.removeModule(module, {"from": owner})
    token.burn(uk.wallet, 10, {"from": agent})
    compliance.addModule(module, {"from": owner})
    assert token.nonAccreditedHolders()[1] == 0


def test_settings_are_checked(add_module, owner, NonAccreditedHoldersModule):
    m = add_module(NonAccreditedHoldersModule)
    with brownie.reverts(revert_msg("ModuleSettingTooLarge", 2**32, 2**32 - 1)):
        m.setNonAccreditedHolderCap(2**32, {"from": owner})
    with brownie.reverts(revert_msg("ModuleSettingTooLarge", 2**32, 2**32 - 1)):
        m.setNonAccreditedHolders(2**32, ACCREDITED, {"from": owner})
    assert m.restrictionCode() == 25 and m.ruleId() == 9
    assert m.describe() == "NonAccreditedHolders: 0 (no cap), every holder counts"
    # both settings in one call, one event
    tx = m.setNonAccreditedHolders(7, ACCREDITED, {"from": owner})
    assert plain(m.nonAccreditedHolders()) == (7, 0, ACCREDITED)
    assert [dict(e) for e in tx.events["NonAccreditedHoldersSet"]] == [
        {"compliance": m.compliance, "cap": 7, "topic": ACCREDITED}]
