"""Ape's pytest plugin (`ape test`) with sectoken: the deployed suite, loaded with Ape's provider web3 and
Ape's first test account (the issuer) signing."""

import os

import pytest

from sectoken.deployments import Deployments
from sectoken.suite import Suite


@pytest.fixture(scope="session")
def suite(accounts, chain):
    records = Deployments(os.environ.get("SECTOKEN_DEPLOYMENTS", "deployments"))
    return Suite.load(chain.provider.web3, accounts[0], os.environ.get("SECTOKEN_SUITE", "uk-us-bond"), records)
