"""For test modules that never use the session's chain (brownie's development network): importing
`isolation` from here replaces the root conftest's autouse fixture of that name, so their tests take no
chain snapshot and revert none, and their module resets no chain."""

import pytest


@pytest.fixture(autouse=True)
def isolation() -> None:
    """No snapshot: these tests do not use the session's chain (some start nodes of their own)."""
