"""An import killed with SIGKILL part-way is resumed by running the same command: the final state is exact
and no mint happens twice."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

import pytest

from .helpers import (
    KYC,
    cli_args,
    cli_env,
    expected_units,
    generated_rows,
    journal_records,
    mint_events,
    run_cli,
    wallet,
    write_csv,
)

pytestmark = pytest.mark.long  # scheduled first (see tests/conftest.py)

N = 45
ARGS = ("--batch-size", "3", "--window", "4")


def _done_kinds(folder: Path) -> list[str]:
    """Kinds of the steps journaled done so far (the journal is being written: a last line may be partial)."""
    kinds = []
    for path in folder.glob("*.jsonl"):
        for line in path.read_text().splitlines():
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if record.get("type") == "done":
                kinds.append(record["key"].split()[0])
    return kinds


def _kill_when(process: subprocess.Popen[str], folder: Path, kind: str, timeout: float = 180) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if folder.is_dir() and kind in _done_kinds(folder):
            process.send_signal(signal.SIGKILL)
            break
        time.sleep(0.005)
    return process.communicate(timeout=60)[1]


@pytest.mark.parametrize(
    ("kind", "mode"), [("register", "batched"), ("claim", "each"), ("mint", "batched")]
)
def test_killed_import_resumes_to_the_exact_state(web3, suite, owner, url, tmp_path, kind, mode):
    """Killed once a registration (with its claims), a claim of its own (one transaction per claim) or an
    issuance is journaled done; the same command finishes the import."""
    salt = f"kill-{kind}"
    csv = write_csv(tmp_path / "investors.csv", generated_rows(N, salt=salt))
    start = web3.eth.block_number + 1
    args = (*ARGS, "--claim-transactions", mode)
    process = subprocess.Popen(
        cli_args(url, suite, "investor", "import", str(csv), *args),
        cwd=tmp_path,
        env=cli_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    stderr = _kill_when(process, tmp_path / ".sectoken" / "journals", kind)
    assert process.returncode == -signal.SIGKILL, f"the import ended before it could be killed: {stderr}"

    wallets = [wallet(i, salt) for i in range(N)]
    issued_before = mint_events(web3, suite, start)
    assert len(issued_before) < N  # killed part-way
    if kind == "mint":
        assert issued_before  # ...during issuance
    before = journal_records(tmp_path)
    done_before = {r["key"] for r in before if r["type"] == "done"}
    payloads = {r["key"]: r["payload"] for r in before if r["type"] == "signed"}
    journaled_mints = sum(len(payloads[key]["wallets"]) for key in done_before if key.startswith("mint"))

    result = run_cli(url, suite, tmp_path, "investor", "import", str(csv), *args, "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)

    token, storage = suite.token.functions, suite.storage.functions
    for i, address in enumerate(wallets):
        assert storage.storedIdentity(address).call() == address
        assert storage.claimExpiry(address, KYC, owner.address).call() > 0
        assert token.balanceOf(address).call() == expected_units(i)
    issued = mint_events(web3, suite, start)
    assert sorted(issued) == sorted((address, expected_units(i)) for i, address in enumerate(wallets))
    assert len({to for to, _ in issued}) == N  # each wallet issued exactly once
    assert token.totalSupply().call() == sum(expected_units(i) for i in range(N))

    # The resumed run did only what was left, and said so.
    # Issuances journaled done before the kill are skipped; those mined but not yet journaled done are
    # found by their hash and counted with this run's.
    assert summary["skippedMints"] == journaled_mints
    assert summary["minted"] == N - journaled_mints
    assert summary["registered"] + summary["skippedRegistrations"] == N
    records = journal_records(tmp_path)
    done = [r for r in records if r["type"] == "done"]
    assert len({r["hash"] for r in done}) == len(done)  # no transaction counted twice
    assert done_before <= {r["key"] for r in done}
