"""Fixtures for compliance tests: a real ModularCompliance whose bound "token" is a plain test
account, so contexts can be built by hand and sent through `applyTransfer`."""

from __future__ import annotations

import pytest

from tests.compliance.compliance_helpers import Party


@pytest.fixture
def owner(accounts):
    """Owns the compliance and so configures every module."""
    return accounts[0]


@pytest.fixture
def token(accounts):
    """A test account bound as the token: the only caller allowed on the state hooks."""
    return accounts[1]


@pytest.fixture
def stranger(accounts):
    return accounts[9]


@pytest.fixture
def compliance(ModularCompliance, owner, token):
    c = ModularCompliance.deploy(owner, {"from": owner})
    c.bindToken(token, {"from": owner})
    return c


@pytest.fixture
def add_module(compliance, owner):
    """Deploy a module serving `compliance` and add it."""

    def _add(container, *args):
        module = container.deploy(compliance, *args, {"from": owner})
        compliance.addModule(module, {"from": owner})
        return module

    return _add


def _party(accounts, index: int, country: int, topics: tuple[int, ...] = ()) -> Party:
    # identities are distinct plain addresses; wallets are the test accounts
    return Party(str(accounts[index]), "0x" + f"{index + 1:040x}", country, topics)


@pytest.fixture
def uk(accounts):
    return _party(accounts, 2, 826)


@pytest.fixture
def us(accounts):
    return _party(accounts, 3, 840)


@pytest.fixture
def fr(accounts):
    return _party(accounts, 4, 250)


@pytest.fixture
def containers(IdentityRegistryStorage, IdentityRegistry, SecurityToken, ModularCompliance, CountryAllowModule,
               CountryRestrictModule, InvestorEligibilityModule, LockUpModule, TransferLimitsModule,
               MaxBalanceModule, MaxHoldersModule, SupplyLimitModule):
    """Every contract container the full stack needs, by name."""
    return {c._name: c for c in (IdentityRegistryStorage, IdentityRegistry, SecurityToken, ModularCompliance,
                                 CountryAllowModule, CountryRestrictModule, InvestorEligibilityModule,
                                 LockUpModule, TransferLimitsModule, MaxBalanceModule, MaxHoldersModule,
                                 SupplyLimitModule)}
