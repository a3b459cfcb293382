"""Fixtures for onboarding: a suite deployed with the shipped artifacts and recorded under the contract
keys the deploy tooling uses, once per module (brownie's per-test snapshot rolls each test back)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sectoken.signers import LocalSigner, dev_account

from .helpers import Suite, deploy_suite


@pytest.fixture(scope="session")
def owner() -> LocalSigner:
    """Dev account 0: the suite's owner, registry agent, trusted issuer of topics 1-8 and token agent,
    and the signer the command line picks on a dev chain."""
    return dev_account(0)


@pytest.fixture(scope="module")
def suite(module_isolation, web3, owner, tmp_path_factory) -> Suite:
    """A 2-decimals token with its registry, storage and compliance; KYC required."""
    return deploy_suite(web3, owner, tmp_path_factory.mktemp("deployments"))


@pytest.fixture
def url(web3) -> str:
    return str(web3.provider.endpoint_uri)


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    """A fresh current folder (journals go to ./.sectoken/journals) and home (no user networks file)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in (
        "SECTOKEN_NETWORK",
        "SECTOKEN_RPC_URL",
        "SECTOKEN_SUITE",
        "SECTOKEN_PRIVATE_KEY",
        "SECTOKEN_KEYSTORE",
        "SECTOKEN_DEPLOYMENTS",
    ):
        monkeypatch.delenv(name, raising=False)
    return tmp_path
