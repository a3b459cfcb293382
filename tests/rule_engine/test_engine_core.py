"""The rule engine inside the upgradeable token: built-in rules switched and set through the ERC-3643
compliance facade, restriction codes in order, the per-identity ledger, and gas against the ERC-20 floor.

Work in progress on the `engine-core` branch: these tests drive the new core directly with brownie.
"""

from __future__ import annotations

import brownie
import pytest
from brownie import Contract

from tests.compliance.compliance_helpers import ModuleHandle
from tests.conftest import (
    DAY,
    KYC,
    UK,
    US,
    ZERO_ADDRESS,
    _deploy_identity,
    builtin_module,
    deploy_compliance_implementation,
    revert_msg,
)

FR = 250


@pytest.fixture(scope="module")
def core(accounts, IdentityRegistryStorage, IdentityRegistry, chain, TokenAdmin, SecurityToken,
         ModularCompliance, OfferingProxy, CountryAllowModule, CountryRestrictModule, MaxBalanceModule,
         MaxHoldersModule, SupplyLimitModule, LockUpModule, InvestorEligibilityModule, TransferLimitsModule,
         SmokeToken):
    s = _deploy_identity(accounts, IdentityRegistryStorage, IdentityRegistry, chain)
    owner = {"from": s.owner}
    admin = TokenAdmin.deploy(owner)
    token_impl = SecurityToken.deploy(admin, owner)
    compliance_impl = deploy_compliance_implementation(s.owner)
    c_proxy = OfferingProxy.deploy(compliance_impl, compliance_impl.initialize.encode_input(s.owner), owner)
    s.compliance = Contract.from_abi("ModularCompliance", c_proxy.address, ModularCompliance.abi)
    init = admin.initialize.encode_input("Bond", "BND", 0, s.registry, s.compliance, ZERO_ADDRESS, s.owner, [])
    t_proxy = OfferingProxy.deploy(token_impl, init, owner)
    s.token = Contract.from_abi("SecurityToken", t_proxy.address, SecurityToken.abi + TokenAdmin.abi)
    s.compliance.bindToken(s.token, owner)
    s.registry.bindToken(s.token, owner)
    s.token.addAgent(s.agent, owner)
    containers = (CountryAllowModule, CountryRestrictModule, MaxBalanceModule, MaxHoldersModule,
                  SupplyLimitModule, LockUpModule, InvestorEligibilityModule, TransferLimitsModule)
    mods = [ModuleHandle(builtin_module(s.compliance, c._name), s.compliance) for c in containers]
    s.modules = {m.name(): m for m in mods}
    s.floor = SmokeToken.deploy(10**6, owner)
    s.floor.transfer(s.bob, 1, owner)
    return s


def test_bench_config_rules_codes_and_gas(core):
    s, owner = core, {"from": core.owner}
    allow, maxbal = s.modules["CountryAllow"], s.modules["MaxBalance"]
    s.compliance.addModule(allow, owner)
    s.compliance.addModule(maxbal, owner)
    allow.allowCountries([UK, US], owner)
    maxbal.setMaxBalance(1_000, owner)
    s.token.mint(s.alice, 950, {"from": s.agent})
    s.token.mint(s.bob, 100, {"from": s.agent})
    with brownie.reverts(revert_msg("TransferRestricted", 18)):
        s.token.transfer(s.bob, 901, {"from": s.alice})
    assert s.token.detectTransferRestriction(s.alice, s.bob, 901) == 18
    tx = s.token.transfer(s.bob, 10, {"from": s.alice})
    floor = s.floor.transfer(s.bob, 10, owner)
    print(f"bench config: transfer {tx.gas_used} floor {floor.gas_used} ratio {tx.gas_used / floor.gas_used:.2f}")
    tx0 = s.token.transfer(s.carol, 10, {"from": s.alice})
    floor0 = s.floor.transfer(s.carol, 10, owner)
    print(f"bench config: zero-balance {tx0.gas_used} floor {floor0.gas_used} ratio {tx0.gas_used / floor0.gas_used:.2f}")
    assert s.token.balanceOf(s.bob) == 110
    assert s.compliance.getModules() == [allow, maxbal]
    assert maxbal.identityBalance(s.bob) == 110
    assert int(s.token.holderCount(0)[1]) == 3


def test_full_rules_codes_and_gas(core, chain):
    s, owner = core, {"from": core.owner}
    m = s.modules
    for name in ("CountryAllow", "CountryRestrict", "InvestorEligibility", "LockUp", "TransferLimits",
                 "MaxBalance", "MaxHolders", "SupplyLimit"):
        s.compliance.addModule(m[name], owner)
    m["CountryAllow"].allowCountries([UK, US, FR], owner)
    m["CountryRestrict"].restrictCountries([FR], owner)
    m["InvestorEligibility"].setEligibilityRule(US, 0, 1 << KYC, owner)
    m["LockUp"].setLockUpPeriod(US, 30 * DAY, owner)
    m["TransferLimits"].setTransferLimit(DAY, 1_000, owner)
    m["MaxBalance"].setMaxBalance(100_000, owner)
    m["MaxHolders"].setHolderCap(1_000, owner)
    m["MaxHolders"].setCountryHolderCap(UK, 500, owner)
    m["SupplyLimit"].setSupplyLimit(1_000_000, owner)
    mint = s.token.mint(s.alice, 5_000, {"from": s.agent})
    print(f"full rules: mint fresh UK {mint.gas_used}")
    s.token.mint(s.bob, 1_000, {"from": s.agent})
    assert s.token.lockedBalance(s.bob) == 1_000
    assert s.token.detectTransferRestriction(s.bob, s.alice, 1) == 21
    s.token.mint(s.carol, 1, {"from": s.agent})
    tx = s.token.transfer(s.carol, 10, {"from": s.alice})
    floor = s.floor.transfer(s.bob, 10, owner)
    print(f"full rules: transfer {tx.gas_used} floor {floor.gas_used} ratio {tx.gas_used / floor.gas_used:.2f}")
    assert s.token.detectTransferRestriction(s.alice, s.carol, 2_000) == 23
    assert s.compliance.getModules()[:3] == [m["CountryAllow"], m["CountryRestrict"], m["InvestorEligibility"]]
    assert [int(x) for x in m["MaxHolders"].holders()] == [1_000, 3]
    chain.sleep(31 * DAY)
    chain.mine()
    s.token.transfer(s.alice, 1_000, {"from": s.bob})
    assert [int(x) for x in m["MaxHolders"].holders()] == [1_000, 2]
