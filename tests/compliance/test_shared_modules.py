"""The built-in rule modules are shared by every compliance of an implementation (T-REX style): each
compliance reaches their setters through `callModuleFunction`, reads its own settings, and no contract
posing as a compliance can drive a shared module into writing another issuer's token."""

import brownie
import pytest

from tests.compliance.compliance_helpers import ModuleHandle, plain
from tests.conftest import (
    BUILTIN_MODULES,
    builtin_module,
    configure,
    deploy_compliance,
    deploy_token,
    revert_msg,
)

DAY = 86_400

#: One call of every setter of every built-in module: (module, function, arguments).
EVERY_SETTER = (
    ("CountryAllowModule", "allowCountries", ([826],)),
    ("CountryAllowModule", "disallowCountries", ([826],)),
    ("CountryRestrictModule", "restrictCountries", ([408],)),
    ("CountryRestrictModule", "unrestrictCountries", ([408],)),
    ("MaxBalanceModule", "setMaxBalance", (1,)),
    ("MaxHoldersModule", "setHolderCap", (1,)),
    ("MaxHoldersModule", "setCountryHolderCap", (840, 1)),
    ("SupplyLimitModule", "setSupplyLimit", (1,)),
    ("LockUpModule", "setLockUpPeriod", (840, DAY)),
    ("LockUpModule", "clearLockUpPeriod", (840,)),
    ("LockUpModule", "setDefaultLockUpPeriod", (DAY,)),
    ("InvestorEligibilityModule", "setEligibilityRule", (840, 0, 2)),
    ("TransferLimitsModule", "setTransferLimit", (DAY, 5)),
)


@pytest.fixture
def second(rule_stack, owner):
    """A second offering: another compliance of the same implementation (so the same shared modules) and
    its token, on the same registry."""
    implementation = brownie.ModularCompliance.at(
        brownie.web3.to_checksum_address(
            brownie.web3.eth.get_storage_at(rule_stack.compliance.address, IMPLEMENTATION_SLOT)[-20:]
        )
    )
    compliance = deploy_compliance(owner, implementation)
    token = deploy_token(owner, rule_stack.registry, compliance, "Fund", "FND")
    compliance.bindToken(token, {"from": owner})
    return compliance, token


IMPLEMENTATION_SLOT = 0x360894A13BA1A3210667C828492DB98DCA3E2076CC3735A920A3CA505D382BBC


def test_one_module_serves_two_compliances_independently(compliance, token, second, owner, codes, uk, us, fr):
    other, other_token = second
    assert other.builtinModules() == compliance.builtinModules()
    allow = builtin_module(compliance, "CountryAllowModule")
    first, then = ModuleHandle(allow, compliance), ModuleHandle(allow, other)
    compliance.addModule(allow, {"from": owner})
    other.addModule(allow, {"from": owner})
    tx = first.allowCountries([826, 840], {"from": owner})
    assert [plain(e.values()) for e in tx.events["CountryAllowed"]] == [
        (compliance.address, 826), (compliance.address, 840)
    ]
    tx = then.allowCountries([250], {"from": owner})
    assert plain(tx.events["CountryAllowed"].values()) == (other.address, 250)
    assert plain(first.allowedCountries()) == (826, 840) and plain(then.allowedCountries()) == (250,)
    assert allow.isCountryAllowed(compliance, 826) and not allow.isCountryAllowed(other, 826)
    assert first.describe() == "CountryAllow: recipients from 826,840"
    assert then.describe() == "CountryAllow: recipients from 250"
    # each token holds its own compliance's settings
    assert token.countryRule(826)[0] and not token.countryRule(250)[0]
    assert other_token.countryRule(250)[0] and not other_token.countryRule(826)[0]
    assert codes.mint(fr, 1) == 16 and codes.mint(uk, 1) == 0
    balance = ModuleHandle(builtin_module(other, "MaxBalanceModule"), other)
    other.addModule(balance.module, {"from": owner})
    balance.setMaxBalance(7, {"from": owner})
    assert balance.maxBalance() == 7 and balance.module.maxBalance(compliance) == 0
    assert plain(other_token.limits()) == (7, 0, 0) and plain(token.limits()) == (0, 0, 0)


def test_a_module_setter_called_directly_is_refused(compliance, owner, stranger):
    for name, function, args in EVERY_SETTER:
        module = builtin_module(compliance, name)
        for account in (owner, stranger):
            with brownie.reverts(revert_msg("ModuleOnlyComplianceCall", account)):
                getattr(module, function)(*args, {"from": account})


def test_a_hostile_compliance_cannot_drive_a_shared_module_into_a_victims_token(compliance, token, owner,
                                                                                stranger, add_module,
                                                                                TestHostileCompliance):
    for name in BUILTIN_MODULES:
        add_module(getattr(brownie, name))
    configure(compliance, builtin_module(compliance, "CountryAllowModule"), "allowCountries", [826], sender=owner)
    before = (plain(token.countryRule(826)), plain(token.countryRule(840)), plain(token.countryRule(408)),
              plain(token.limits()), plain(token.supplySettings()), plain(token.holderCount(0)))
    hostile = TestHostileCompliance.deploy(token, {"from": stranger})
    assert hostile.getTokenBound() == token
    for name, function, args in EVERY_SETTER:
        module = builtin_module(compliance, name)
        data = getattr(module, function).encode_input(*args)
        with brownie.reverts(revert_msg("RuleEngineForeignCompliance", hostile)):
            hostile.callModuleFunction(data, module, {"from": stranger})
    after = (plain(token.countryRule(826)), plain(token.countryRule(840)), plain(token.countryRule(408)),
             plain(token.limits()), plain(token.supplySettings()), plain(token.holderCount(0)))
    assert after == before
    # nor can anyone write the token's settings by naming its compliance itself
    with brownie.reverts(revert_msg("RuleEngineUnauthorized", stranger)):
        token.setLimits(compliance, 1, 0, 0, {"from": stranger})
    with brownie.reverts(revert_msg("RuleEngineForeignCompliance", stranger)):
        token.setLimits(stranger, 1, 0, 0, {"from": stranger})
