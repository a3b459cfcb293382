"""Pytest fixtures for projects that build on sectoken.

Enable them in your top-level ``conftest.py``::

    pytest_plugins = ["sectoken.testing"]

    def test_us_investor_needs_accreditation(sectoken_suite, make_investor):
        alice = make_investor(country="UK", claims=["kyc", "professional"], amount=100)
        dave = make_investor(country=840, claims=["kyc"])
        check = sectoken_suite.token.check_transfer(alice.address, dave.address, 10)
        assert check.code == 22

Fixtures:
    sectoken_web3: a ``Web3`` on a local Anvil started for the session (or the node at
        ``SECTOKEN_TEST_RPC_URL``, a dev chain whose first account is funded).
    sectoken_deployer: the signer that deploys and runs the suite (dev account 0).
    sectoken_suite: a :class:`~sectoken.suite.Suite` deployed once per session from the UK-US bond example
        shipped with the package, or the YAML file named by the ``sectoken_suite_config`` ini option (a
        path relative to the ini file).

What a project needs: ``pip install sectoken`` (Python 3.11) and an Anvil the fixtures can start, from
npm (``npm install @foundry-rs/anvil@1.7.1``, found in the project's ``node_modules``) or on ``PATH``;
or a running dev chain named by ``SECTOKEN_TEST_RPC_URL``. No compiler: the contracts ship compiled.
    make_investor: a factory that creates a funded wallet, registers it with a country and claims and
        optionally issues it tokens; returns its :class:`~sectoken.signers.LocalSigner`.
    sectoken_snapshot: every test that uses it runs in a chain snapshot reverted afterwards.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Protocol

import pytest
from eth_account import Account
from web3 import Web3

from sectoken.chain import LocalNode, connect
from sectoken.config import load_config
from sectoken.deploy import deploy_suite
from sectoken.deployments import Deployments
from sectoken.investors import OnboardingContracts, onboard
from sectoken.investors import make_investor as investor_row
from sectoken.signers import LocalSigner, dev_account
from sectoken.suite import Suite
from sectoken.tx import send

__all__ = [
    "DEFAULT_SUITE_CONFIG",
    "InvestorFactory",
    "make_investor",
    "sectoken_deployer",
    "sectoken_snapshot",
    "sectoken_suite",
    "sectoken_web3",
    "suite_config_path",
]


#: The configuration ``sectoken_suite`` deploys by default: the UK-US bond example, shipped in the package
#: (``sectoken/examples/uk-us-bond.yaml``), so a project that only installs sectoken has it.
DEFAULT_SUITE_CONFIG = Path(__file__).resolve().parent / "examples" / "uk-us-bond.yaml"


class InvestorFactory(Protocol):
    """The ``make_investor`` fixture's signature."""

    def __call__(
        self,
        *,
        country: str | int,
        claims: Iterable[str | int] = ("kyc",),
        amount: int = 0,
        expires: str = "",
        investor_type: str | int = "",
    ) -> LocalSigner: ...


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("sectoken_suite_config", "Suite configuration (YAML) the sectoken_suite fixture deploys.")


@pytest.fixture(scope="session")
def sectoken_web3() -> Iterator[Web3]:
    """A connection to the session's local chain."""
    url = os.environ.get("SECTOKEN_TEST_RPC_URL")
    if url:
        yield connect(url)
        return
    with LocalNode.start() as node:
        yield node.web3()


@pytest.fixture(scope="session")
def sectoken_deployer() -> LocalSigner:
    """The account that deploys the suite: owner, agent and claim issuer of everything."""
    return dev_account(0)


@pytest.fixture(scope="session")
def sectoken_suite(
    sectoken_web3: Web3, sectoken_deployer: LocalSigner, pytestconfig: pytest.Config,
    tmp_path_factory: pytest.TempPathFactory,
) -> Suite:
    """A suite deployed once for the session."""
    path = suite_config_path(pytestconfig)
    store = Deployments(tmp_path_factory.mktemp("deployments"))
    return deploy_suite(sectoken_web3, sectoken_deployer, load_config(path), deployments=store, overwrite=True)


def suite_config_path(config: pytest.Config) -> Path:
    """The suite configuration the ``sectoken_suite`` fixture deploys: the ``sectoken_suite_config`` ini
    option, a path relative to the ini file that sets it (as pytest's own path options are), or the example
    that ships with the package (:data:`DEFAULT_SUITE_CONFIG`)."""
    configured = str(config.getini("sectoken_suite_config") or "")
    if not configured:
        return DEFAULT_SUITE_CONFIG
    path = Path(configured).expanduser()
    if not path.is_absolute() and config.inipath is not None:
        path = config.inipath.parent / path
    return path


@pytest.fixture
def make_investor(
    sectoken_web3: Web3, sectoken_deployer: LocalSigner, sectoken_suite: Suite
) -> Callable[..., LocalSigner]:
    """A factory of onboarded investors: ``make_investor(country=840, claims=["kyc", "accredited"])``;
    ``investor_type="entity"`` makes an entity (an individual by default)."""
    contracts = OnboardingContracts.from_suite(sectoken_web3, sectoken_suite.record)

    def factory(
        *,
        country: str | int,
        claims: Iterable[str | int] = ("kyc",),
        amount: int = 0,
        expires: str = "",
        investor_type: str | int = "",
    ) -> LocalSigner:
        wallet = LocalSigner.from_key(Account.create().key, source="a wallet made for a test")
        send(sectoken_web3, sectoken_deployer, {"to": wallet.address}, value=10**18)
        row = investor_row(
            wallet=wallet.address, country=country, claims=list(claims), expires=expires,
            amount=str(amount) if amount else "", decimals=sectoken_suite.token.decimals(),
            investor_type=investor_type,
        )
        onboard(sectoken_web3, sectoken_deployer, contracts, [row], batch_size=1, window=1)
        return wallet

    return factory


@pytest.fixture
def sectoken_snapshot(sectoken_web3: Web3) -> Iterator[None]:
    """Run the test in a chain snapshot and revert it afterwards."""
    snapshot = sectoken_web3.provider.make_request("evm_snapshot", [])["result"]  # type: ignore[arg-type]
    yield
    sectoken_web3.provider.make_request("evm_revert", [snapshot])  # type: ignore[arg-type]
