"""How long `sectoken investor import` takes, and what it costs, for many investors on a fresh Anvil.

Not a test (pytest does not collect it): run it by hand from the repository root::

    PYTHONPATH=src python -m tests.investors.bench_import 1000 --batch-size 50

It prints the wall time of the command, the transactions it sent (checked against the signer's nonce),
and the gas per investor by kind of transaction, from the receipts the import journaled.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from sectoken.chain import LocalNode
from sectoken.signers import dev_account

from .helpers import deploy_suite, expected_units, generated_rows, journal_records, run_cli, wallet, write_csv


def measure_import(n: int, *, batch_size: int = 50, window: int = 16) -> dict[str, Any]:
    """Import ``n`` generated investors (UK, US and French; two claims each; an amount each) through the
    command line on a new local node, check the result, and return the measurements."""
    with tempfile.TemporaryDirectory() as folder, LocalNode.start() as node:
        tmp = Path(folder)
        w3 = node.web3()
        owner = dev_account(0)
        suite = deploy_suite(w3, owner, tmp / "deployments")
        csv = write_csv(tmp / "investors.csv", generated_rows(n, salt="bench"))
        nonce_before = w3.eth.get_transaction_count(owner.address)
        started = time.perf_counter()
        result = run_cli(
            node.url,
            suite,
            tmp,
            "investor",
            "import",
            str(csv),
            "--batch-size",
            str(batch_size),
            "--window",
            str(window),
            "--json",
            timeout=3600,
        )
        seconds = time.perf_counter() - started
        if result.returncode != 0:
            raise RuntimeError(f"the import failed: {result.stderr}")
        summary = json.loads(result.stdout)
        sent = w3.eth.get_transaction_count(owner.address) - nonce_before
        wrong = [
            i
            for i in range(n)
            if suite.token.functions.balanceOf(wallet(i, "bench")).call() != expected_units(i)
        ]
        if wrong or sent != summary["transactions"]:
            raise RuntimeError(f"unexpected result: {len(wrong)} wrong balances, {sent} transactions sent")
        kinds: dict[str, dict[str, int]] = {}
        for record in journal_records(tmp):
            if record["type"] == "done":
                kind = kinds.setdefault(record["key"].split()[0], {"transactions": 0, "gas": 0})
                kind["transactions"] += 1
                kind["gas"] += record["gasUsed"]
        claims_per_investor = summary["claimsAdded"] / n
        return {
            "investors": n,
            "batchSize": batch_size,
            "window": window,
            "seconds": round(seconds, 1),
            "transactions": sent,
            "transactionsPerSecond": round(sent / seconds, 1),
            "gasTotal": summary["gasUsed"],
            "gasPerInvestor": round(summary["gasUsed"] / n),
            "registerGasPerInvestor": round(kinds["register"]["gas"] / n),
            "claimGasEach": (
                round(kinds["claim"]["gas"] / kinds["claim"]["transactions"]) if "claim" in kinds else None
            ),
            "claimsPerInvestor": claims_per_investor,
            "mintGasPerInvestor": round(kinds["mint"]["gas"] / n),
            "byKind": kinds,
            "loadAverage": [round(x, 2) for x in os.getloadavg()],
        }


def main() -> None:
    """Command line: ``bench_import N [--batch-size B] [--window W]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("investors", type=int)
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--window", type=int, default=16)
    options = parser.parse_args()
    print(
        json.dumps(
            measure_import(options.investors, batch_size=options.batch_size, window=options.window), indent=2
        )
    )


if __name__ == "__main__":
    main()
