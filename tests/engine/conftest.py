"""Fixtures for the transaction engine tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture
def manual_mining(web3) -> Iterator[None]:
    """Transactions wait in the pool until a block is mined on demand."""
    web3.provider.make_request("evm_setAutomine", [False])
    try:
        yield
    finally:
        web3.provider.make_request("evm_setAutomine", [True])
