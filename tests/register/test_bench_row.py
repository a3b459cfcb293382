"""The register's bench row runs end to end on its own node (at a tiny scale: the timings at 10,000
holders and 100,000 transfers are `make bench`'s, not a test's)."""

import pytest

from bench.register import render_markdown, run_register_bench


@pytest.fixture(autouse=True)
def isolation():
    """The bench starts its own node: no development-network snapshot needed."""


def test_the_register_row_syncs_answers_and_verifies_a_small_history():
    result = run_register_bench(holders=12, transfers=40, batch=10, log=lambda message: None)
    assert (result.holders, result.transfers) == (12, 40)
    assert result.events >= 2 * 40 + 12  # a Transfer and a ForcedTransfer per transfer, a mint per holder
    assert result.wallets_verified == 12
    table = render_markdown(result)
    assert table.startswith("## Register (SQLite)") and "| 12 | 40 |" in table
