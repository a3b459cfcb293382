"""Fixtures for onboarding: a suite deployed with the shipped artifacts and recorded under the contract
keys the deploy tooling uses, once per test process (kept: each module starts from the chain as the deployment
left it, with a copy of its records; brownie's per-test snapshot rolls each test back)."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from sectoken.signers import LocalSigner, dev_account
from tests.conftest import starts_from_kept_state

from .helpers import Suite, deploy_suite


@pytest.fixture(scope="session")
def owner() -> LocalSigner:
    """Dev account 0: the suite's owner, registry agent, trusted issuer of topics 1-8 and token agent,
    and the signer the command line picks on a dev chain."""
    return dev_account(0)


DEPLOYED = "a 2-decimals suite deployed by tests/investors/helpers.py's `deploy_suite`"


@pytest.fixture(scope="module")
@starts_from_kept_state
def onboarding_suite_deployed(web3, owner, kept_states, tmp_path_factory) -> Suite:
    """`deploy_suite` run once per test process (on the chain's genesis, its records in a folder of its own) and
    kept (`kept_states`): each module using `suite` starts from the chain as it left it."""
    return kept_states.enter(DEPLOYED, lambda: deploy_suite(web3, owner, tmp_path_factory.mktemp("kept-deployments")))


@pytest.fixture(scope="module")
def suite(onboarding_suite_deployed, tmp_path_factory) -> Suite:
    """A 2-decimals token with its registry, storage and compliance; KYC required. Its records are the module's
    own copy of the kept deployment's."""
    deployments = tmp_path_factory.mktemp("deployments")
    shutil.copytree(onboarding_suite_deployed.deployments, deployments, dirs_exist_ok=True)
    return dataclasses.replace(onboarding_suite_deployed, deployments=deployments)


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
