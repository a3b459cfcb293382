"""Stablecoin fixtures: a USD coin behind its ERC-1967 proxy, every role held by its own account."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from brownie import accounts

from tests.stablecoin.stablecoin_testkit import (
    ALICE_BALANCE,
    ALLOWANCE,
    RESERVES,
    Signer,
    deploy_stablecoin,
    fresh_as_of,
)


@dataclass(frozen=True)
class Roles:
    owner: Any
    master_minter: Any
    pauser: Any
    blacklister: Any
    rescuer: Any
    attester: Any
    minter: Any
    alice: Any
    bob: Any
    carol: Any


@dataclass(frozen=True)
class Suite(Roles):
    token: Any
    sign: Signer
    enforcer: Any = None


@pytest.fixture(scope="module")
def roles() -> Roles:
    return Roles(*accounts[:10])


def _deploy_suite(roles: Roles, enforcer: Any = None) -> Suite:
    token = deploy_stablecoin(roles.owner, roles)
    if enforcer is not None:
        token.updateEnforcer(enforcer, {"from": roles.owner})
    return Suite(**roles.__dict__, token=token, sign=Signer(token), enforcer=enforcer)


@pytest.fixture(scope="module")
def enforcer(roles: Roles) -> Any:
    """The enforcer: an eleventh account (a local key, funded), so that every one of the ten node
    accounts is someone else."""
    account = accounts.add()
    roles.owner.transfer(account, "10 ether")
    return account


@pytest.fixture(scope="module")
def deployed(roles: Roles) -> Suite:
    """A bare USD coin: roles set (no enforcer appointed), no minter, no attestation."""
    return _deploy_suite(roles)


@pytest.fixture(scope="module")
def suite(roles: Roles, enforcer: Any) -> Suite:
    """A USD coin in service (its own deployment, apart from `deployed`): an enforcer appointed, reserves
    attested now, one minter with an allowance, and alice funded."""
    s = _deploy_suite(roles, enforcer)
    s.token.attestReserves(RESERVES, fresh_as_of(), b"\x11" * 32, "ipfs://report-1", {"from": s.attester})
    s.token.configureMinter(s.minter, ALLOWANCE, {"from": s.master_minter})
    s.token.mint(s.alice, ALICE_BALANCE, {"from": s.minter})
    return s


@pytest.fixture(scope="session")
def state_machine() -> Callable[..., None]:
    """brownie's `state_machine`, loaded from the pure-Python `stateful.py` that eth-brownie ships beside
    its mypyc-compiled build. The compiled `_BrownieStateMachine.__init__` in eth-brownie 1.22.2 refuses
    the subclass `state_machine` itself generates ("TypeError: brownie.test.stateful._BrownieStateMachine
    object expected"); the source module is the same code without that check. Drop this override once
    the compiled module works."""
    # Imported here, not at the top: brownie hashes the sources of a conftest's top-level imports that
    # live under the project folder, and the virtualenv may be there (a compiled module is not text).
    import brownie.test.stateful

    source = Path(brownie.test.stateful.__file__).with_name("stateful.py")
    spec = importlib.util.spec_from_file_location("brownie_stateful_source", source)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.state_machine  # type: ignore[no-any-return]
