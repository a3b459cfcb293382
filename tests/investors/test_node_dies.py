"""The node dies in the middle of an import: the command fails with a clear message; once the node is
back (restarted from its saved state), running the same command completes the import exactly."""

from __future__ import annotations

import json
import subprocess

from sectoken.chain import LocalNode
from sectoken.signers import dev_account

from ..manual_mining import mine_until
from .helpers import (
    cli_args,
    cli_env,
    deploy_suite,
    expected_units,
    generated_rows,
    journal_records,
    mint_events,
    run_cli,
    wallet,
    write_csv,
)

N = 45
ARGS = ("--batch-size", "3", "--window", "4")


def _done(folder) -> int:
    count = 0
    for path in folder.glob("*.jsonl"):
        count += sum(1 for line in path.read_text().splitlines() if '"type":"done"' in line)
    return count


def test_node_stopping_mid_import_fails_clearly_and_resumes_exactly(tmp_path):
    state = tmp_path / "anvil-state.json"
    node = LocalNode.start(state_file=state)
    try:
        owner = dev_account(0)
        suite = deploy_suite(node.web3(), owner, tmp_path / "deployments")
        csv = write_csv(tmp_path / "investors.csv", generated_rows(N, salt="node"))
        process = subprocess.Popen(
            cli_args(node.url, suite, "investor", "import", str(csv), *ARGS),
            cwd=tmp_path,
            env=cli_env(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        journals = tmp_path / ".sectoken" / "journals"
        mine_until(node.web3(), process, lambda: _done(journals) >= 20)
        assert process.poll() is None, "the import finished before the node could be stopped"
        # The node dies with the import's last transactions in its pool, sent but never mined, and no block
        # being mined: Anvil's state saved on SIGTERM can hold a block being mined at that moment without
        # its receipts, which no real node does and no resume can be asked to see.
        node.stop()  # SIGTERM: Anvil saves its state on the way out
        _, stderr = process.communicate(timeout=180)

        assert process.returncode == 1
        message = " ".join(stderr.split())
        message = message[message.index("error: ") :]  # after the progress bar
        (journal,) = journals.glob("*.jsonl")
        assert message.startswith("error: The import stopped: ")
        assert "did not answer" in message
        assert f"Every transaction sent is recorded in .sectoken/journals/{journal.name}" in message
        assert "run the same command again to resume; nothing is sent twice." in message
        assert "Traceback" not in stderr
        done_before = sum(1 for r in journal_records(tmp_path) if r["type"] == "done")
        assert 20 <= done_before < 15 + 90 + 15

        port = node.port
        node = LocalNode.start(port=port, state_file=state)
        assert node.port == port
        w3 = node.web3()
        result = run_cli(node.url, suite, tmp_path, "investor", "import", str(csv), *ARGS, "--json")
        assert result.returncode == 0, result.stderr
        summary = json.loads(result.stdout)

        # The suite's contract objects talk to the same URL, now served by the restarted node.
        for i in range(N):
            address = wallet(i, "node")
            assert suite.storage.functions.storedIdentity(address).call() == address
            assert suite.token.functions.balanceOf(address).call() == expected_units(i)
        issued = mint_events(w3, suite)
        assert sorted(issued) == sorted((wallet(i, "node"), expected_units(i)) for i in range(N))
        assert summary["registered"] + summary["skippedRegistrations"] == N
        assert summary["minted"] + summary["skippedMints"] == N
    finally:
        node.stop()
