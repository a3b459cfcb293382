"""The ERC-3643 surface of the compliance facade: `canTransfer` / `detectTransferRestriction` give the bound
token's answer; third-party modules (`IModule`) get a context on every balance change, from the security
token (`applyTransfer`, after its own rules) or from an ERC-3643 token's `transferred` / `created` /
`destroyed` hooks (the sender's balance before the change rebuilt)."""

import brownie
import pytest

from tests.compliance.compliance_helpers import (
    ACCREDITED,
    BURN,
    EMPTY,
    FORCED,
    KYC,
    MINT,
    TRANSFER,
    ZERO,
    Party,
    ctx,
    mask,
    plain,
)
from tests.conftest import deploy_compliance, revert_msg


def test_address_checks_are_the_tokens_answer(rule_stack, compliance, add_module, owner, token, uk, us, fr,
                                              accounts,
                                              CountryRestrictModule, InvestorEligibilityModule):
    elig = add_module(InvestorEligibilityModule)
    restrict = add_module(CountryRestrictModule)
    restrict.restrictCountries([250], {"from": owner})
    elig.setEligibilityRule(840, 0, mask([KYC]), {"from": owner})
    token.mint(uk.wallet, 10, {"from": rule_stack.agent})
    token.mint(us.wallet, 10, {"from": rule_stack.agent})
    cases = [(uk, us, 0), (uk, fr, 17), (us, fr, 17)]
    for sender, recipient, code in cases:
        assert compliance.detectTransferRestriction(sender.wallet, recipient.wallet, 1) == code
        assert token.detectTransferRestriction(sender.wallet, recipient.wallet, 1) == code
        assert compliance.canTransfer(sender.wallet, recipient.wallet, 1) == (code == 0)
    elig.setEligibilityRule(840, 0, mask([KYC, ACCREDITED]), {"from": owner})
    assert compliance.detectTransferRestriction(uk.wallet, us.wallet, 1) == 22
    assert not compliance.canTransfer(uk.wallet, us.wallet, 1)
    # an unregistered wallet is not verified: the token's own code 6 comes first
    assert compliance.detectTransferRestriction(uk.wallet, accounts[8], 1) == 6
    assert compliance.detectTransferRestriction(ZERO, us.wallet, 1) == token.detectTransferRestriction(
        ZERO, us.wallet, 1)


def test_address_checks_need_a_bound_token(owner, accounts):
    c = deploy_compliance(owner)
    with brownie.reverts("ComplianceNoToken: "):
        c.detectTransferRestriction(accounts[2], accounts[3], 1)
    with brownie.reverts("ComplianceNoToken: "):
        c.canTransfer(accounts[2], accounts[3], 1)


def test_third_party_modules_get_the_security_tokens_context_after_its_rules(
    compliance, add_module, owner, agent, token, codes, uk, us, fr, TestRecordingModule, CountryRestrictModule
):
    recorder = TestRecordingModule.deploy(compliance, 23, {"from": owner})
    compliance.addModule(recorder, {"from": owner})
    token.mint(uk.wallet, 100, {"from": agent})
    assert recorder.seen() == 1
    assert plain(recorder.lastContext()) == ctx(MINT, None, Party(uk.wallet, uk.identity, 826, (KYC,)), 100)
    token.transfer(us.wallet, 30, {"from": uk.wallet})
    uk_p, us_p = (Party(p.wallet, p.identity, p.country, (KYC,)) for p in (uk, us))
    assert plain(recorder.lastContext()) == ctx(TRANSFER, uk_p, us_p, 30, 100)
    token.forcedTransfer(us.wallet, uk.wallet, 10, {"from": agent})
    assert plain(recorder.lastContext()) == ctx(FORCED, us_p, uk_p, 10, 30)
    token.burn(uk.wallet, 70, {"from": agent})
    assert plain(recorder.lastContext()) == ctx(BURN, uk_p, None, 70, 80)
    assert plain(recorder.lastContext())[6] == EMPTY
    assert recorder.seen() == 4
    # a refusing module refuses every kind of change, with its code, after the token's own rules
    recorder.setRefusing(True, {"from": owner})
    restrict = add_module(CountryRestrictModule)
    restrict.restrictCountries([250], {"from": owner})
    assert codes.transfer(uk, us, 1) == 23
    assert codes.transfer(uk, fr, 1) == 17
    assert codes.mint(us, 1) == 23
    assert codes.burn(uk, 1) == 23
    assert codes.forced(uk, us, 1) == 23
    with brownie.reverts(revert_msg("TransferRestricted", 23)):
        token.transfer(us.wallet, 1, {"from": uk.wallet})
    with brownie.reverts(revert_msg("TransferRestricted", 17)):
        token.mint(fr.wallet, 1, {"from": agent})
    assert recorder.seen() == 4


@pytest.fixture
def erc3643(owner, accounts, TestComplianceRegistry, TestComplianceToken, TestRecordingModule):
    """A compliance bound to an ERC-3643-style token that reports changes through the hooks, with a
    recording third-party module; investors #2 (UK), #3 and #5 (one US identity), #4 (France)."""
    compliance = deploy_compliance(owner)
    registry = TestComplianceRegistry.deploy({"from": owner})
    token = TestComplianceToken.deploy(registry, compliance, {"from": owner})
    compliance.bindToken(token, {"from": owner})
    parties = {
        2: Party(str(accounts[2]), "0x" + "a2" * 20, 826, (KYC,)),
        3: Party(str(accounts[3]), "0x" + "a3" * 20, 840, (KYC, ACCREDITED)),
        4: Party(str(accounts[4]), "0x" + "a4" * 20, 250, (KYC,)),
        5: Party(str(accounts[5]), "0x" + "a3" * 20, 840, (KYC, ACCREDITED)),
    }
    for p in parties.values():
        registry.setInvestor(p.wallet, p.record, {"from": owner})
    recorder = TestRecordingModule.deploy(compliance, 19, {"from": owner})
    compliance.addModule(recorder, {"from": owner})
    return compliance, token, recorder, parties


def test_hooks_run_the_modules_with_the_context_rebuilt_from_the_registry(erc3643, owner, accounts):
    compliance, token, recorder, p = erc3643
    token.mint(p[3].wallet, 600, {"from": owner})
    assert plain(recorder.lastContext()) == ctx(MINT, None, p[3], 600)
    assert compliance.canTransfer(p[3].wallet, p[2].wallet, 100)
    token.transfer(p[2].wallet, 100, {"from": p[3].wallet})
    # transferred() runs after the balances moved: the sender's balance before is rebuilt as now + amount
    assert plain(recorder.lastContext()) == ctx(TRANSFER, p[3], p[2], 100, 600)
    token.burn(p[2].wallet, 40, {"from": owner})
    assert plain(recorder.lastContext()) == ctx(BURN, p[2], None, 40, 100)
    # an unregistered wallet gets an empty record
    token.mint(accounts[8], 1, {"from": owner})
    assert plain(recorder.lastContext())[6] == EMPTY
    assert recorder.seen() == 4


def test_a_module_refusing_in_a_hook_reverts_the_tokens_change(erc3643, owner):
    compliance, token, recorder, p = erc3643
    token.mint(p[3].wallet, 10, {"from": owner})
    recorder.setRefusing(True, {"from": owner})
    assert compliance.checkTransfer(ctx(MINT, None, p[2], 1)) == 19
    with brownie.reverts(revert_msg("TransferRestricted", 19)):
        token.mint(p[2].wallet, 1, {"from": owner})
    with brownie.reverts(revert_msg("TransferRestricted", 19)):
        token.burn(p[3].wallet, 1, {"from": owner})
    recorder.setRefusing(False, {"from": owner})
    assert compliance.checkTransfer(ctx(MINT, None, p[2], 1)) == 0
    # the token's own answer stops a transfer before any hook runs
    token.setRestriction(19, {"from": owner})
    assert compliance.detectTransferRestriction(p[3].wallet, p[2].wallet, 1) == 19
    assert not compliance.canTransfer(p[3].wallet, p[2].wallet, 1)
    with brownie.reverts(revert_msg("TestTokenNotCompliant", p[3].wallet, p[2].wallet, 1)):
        token.transfer(p[2].wallet, 1, {"from": p[3].wallet})
    assert recorder.seen() == 1


def test_only_the_compliance_calls_a_modules_state_hook(erc3643, owner):
    _, _, recorder, p = erc3643
    with brownie.reverts(revert_msg("ModuleOnlyCompliance", owner)):
        recorder.onTransfer(ctx(MINT, None, p[2], 1), {"from": owner})
