"""Shared fixtures. brownie's pytest plugin starts the development chain (Anvil) and provides
`accounts`, the contract containers and `chain`; every test runs in its own snapshot."""

import pytest


@pytest.fixture(autouse=True)
def isolation(fn_isolation):
    """Revert the chain to a snapshot after every test, so tests never see each other's state."""
    pass
