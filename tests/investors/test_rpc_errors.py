"""Lost answers and refused connections are retried with the same signed bytes: onboarding through a
flaky JSON-RPC proxy ends in the exact state, each transaction sent once (plus the resends of lost
answers)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from web3 import Web3

from sectoken.chain import provider
from sectoken.investors import OnboardingContracts, onboard, parse_csv
from sectoken.journal import Journal

from .helpers import expected_units, generated_rows, mint_events, wallet, write_csv


def _flaky_proxy_class() -> type:
    """The proxy of the transaction tests (tests/toolkit/test_tx.py), loaded from its file."""
    path = Path(__file__).resolve().parents[1] / "toolkit" / "test_tx.py"
    spec = importlib.util.spec_from_file_location("toolkit_test_tx", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module._FlakyProxy


FlakyProxy = _flaky_proxy_class()


def test_dropped_answers_are_retried_and_nothing_is_sent_twice(web3, suite, owner, tmp_path, quick_retries):
    """The proxy answers no JSON-RPC batch (so every request goes alone), loses the answer to the first
    raw send and to the first receipt lookup after the node handled them, and refuses a connection."""
    rows = parse_csv(write_csv(tmp_path / "investors.csv", generated_rows(6, salt="flaky")), 2)
    start = web3.eth.block_number + 1
    drop = ["eth_sendRawTransaction", "eth_getTransactionReceipt", "eth_call"]
    with FlakyProxy(web3.provider.endpoint_uri, drop_after_forward=drop, refuse_first=1) as proxy:
        w3 = Web3(provider(proxy.url))  # the provider sectoken connects with: its retry is the one layer
        contracts = OnboardingContracts.at(
            w3, storage=suite.storage.address, registry=suite.registry.address, token=suite.token.address
        )
        with Journal.open(tmp_path / "journal.jsonl", {"test": "flaky"}) as journal:
            summary = onboard(w3, owner, contracts, rows, batch_size=4, claims="each", journal=journal, backoff=0.05)
    assert proxy.drop == []  # every loss happened
    assert (summary.registered, summary.claims_added, summary.minted) == (6, 12, 6)
    assert summary.transactions == 2 + 12 + 2
    # Each transaction reached the node once, plus the one resend of the lost answer (same bytes).
    assert proxy.seen.count("eth_sendRawTransaction") == summary.transactions + 1
    for i in range(6):
        assert suite.token.functions.balanceOf(wallet(i, "flaky")).call() == expected_units(i)
    assert sorted(mint_events(web3, suite, start)) == sorted(
        (wallet(i, "flaky"), expected_units(i)) for i in range(6)
    )
