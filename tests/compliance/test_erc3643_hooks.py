"""The ERC-3643 surface: canTransfer / detectTransferRestriction build the context from the token's
registry, and the transferred / created / destroyed hooks record changes like applyTransfer."""

import brownie
import pytest

from tests.compliance.compliance_helpers import ACCREDITED, KYC, ZERO, mask, plain


@pytest.fixture
def stack(ModularCompliance, TestComplianceRegistry, TestComplianceToken, owner, accounts):
    compliance = ModularCompliance.deploy(owner, {"from": owner})
    registry = TestComplianceRegistry.deploy({"from": owner})
    token = TestComplianceToken.deploy(registry, compliance, {"from": owner})
    compliance.bindToken(token, {"from": owner})
    records = {
        2: ("0x" + "a2" * 20, 826, True, mask([KYC])),
        3: ("0x" + "a3" * 20, 840, True, mask([KYC, ACCREDITED])),
        4: ("0x" + "a4" * 20, 250, True, mask([KYC])),
        5: ("0x" + "a3" * 20, 840, True, mask([KYC, ACCREDITED])),  # second wallet of #3
    }
    for i, rec in records.items():
        registry.setInvestor(accounts[i], rec, {"from": owner})
    return compliance, registry, token


def test_token_binds_itself_at_deploy(stack):
    compliance, _, token = stack
    assert compliance.getTokenBound() == token


def test_address_checks_read_the_registry(stack, owner, accounts, CountryRestrictModule,
                                          InvestorEligibilityModule):
    compliance = stack[0]
    restrict = CountryRestrictModule.deploy(compliance, {"from": owner})
    elig = InvestorEligibilityModule.deploy(compliance, {"from": owner})
    compliance.addModule(elig, {"from": owner})
    compliance.addModule(restrict, {"from": owner})
    restrict.restrictCountries([250], {"from": owner})
    elig.setEligibilityRule(840, 0, mask([ACCREDITED]), {"from": owner})
    assert compliance.detectTransferRestriction(accounts[2], accounts[3], 1) == 0
    assert compliance.detectTransferRestriction(accounts[2], accounts[4], 1) == 17
    assert compliance.canTransfer(accounts[2], accounts[3], 1)
    assert not compliance.canTransfer(accounts[3], accounts[4], 1)
    # an unregistered wallet has country 0 and no topics
    elig.setEligibilityRule(840, 0, 0, {"from": owner})
    assert compliance.detectTransferRestriction(ZERO, accounts[6], 1) == 0
    restrict.restrictCountries([840], {"from": owner})
    assert compliance.detectTransferRestriction(ZERO, accounts[3], 1) == 17


def test_hooks_record_mints_transfers_and_burns(stack, owner, accounts, MaxHoldersModule, MaxBalanceModule,
                                                LockUpModule):
    compliance, _, token = stack
    holders = MaxHoldersModule.deploy(compliance, {"from": owner})
    balances = MaxBalanceModule.deploy(compliance, {"from": owner})
    lockup = LockUpModule.deploy(compliance, {"from": owner})
    for m in (holders, balances, lockup):
        compliance.addModule(m, {"from": owner})
    balances.setMaxBalance(1000, {"from": owner})
    lockup.setLockUpPeriod(840, 86400, {"from": owner})
    token.mint(accounts[3], 600, {"from": owner})
    token.mint(accounts[5], 300, {"from": owner})
    token.mint(accounts[2], 500, {"from": owner})
    assert balances.identityBalance("0x" + "a3" * 20) == 900
    assert plain(holders.holders()) == (0, 2)
    assert not compliance.canTransfer(accounts[3], accounts[2], 1)
    assert compliance.detectTransferRestriction(accounts[3], accounts[2], 1) == 21
    with brownie.reverts(f"TestTokenNotCompliant: {accounts[3].address.lower()}, {accounts[2].address.lower()}, 1"):
        token.transfer(accounts[2], 1, {"from": accounts[3]})
    token.transfer(accounts[3], 100, {"from": accounts[2]})
    assert balances.identityBalance("0x" + "a3" * 20) == 1000
    assert compliance.detectTransferRestriction(accounts[2], accounts[5], 1) == 18
    token.burn(accounts[2], 400, {"from": owner})
    assert plain(holders.holders()) == (0, 1)
    # destroyed() rebuilt the balance before the burn: 600 minted + 100 received, 0 free after 700 burnt
    token.burn(accounts[3], 700, {"from": owner})
    assert lockup.lockedBalance(accounts[3]) == 0
    assert balances.identityBalance("0x" + "a3" * 20) == 300


def test_address_checks_need_a_bound_token(ModularCompliance, owner, accounts):
    c = ModularCompliance.deploy(owner, {"from": owner})
    with brownie.reverts("ComplianceNoToken: "):
        c.detectTransferRestriction(accounts[2], accounts[3], 1)
