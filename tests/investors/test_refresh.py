"""`sectoken investor refresh`: a trust change makes every investor's cached claim record stale (their transfers
recompute it); the command finds the stale records, refreshes them in batches, and an interrupted refresh is
finished by running it again without refreshing anything twice."""

from __future__ import annotations

import json
import signal
import subprocess

from sectoken.contracts.registry import IdentityRegistryStorage

from ..manual_mining import mine_again, mine_until
from .helpers import cli_args, cli_env, generated_rows, invoke, run_cli, summary_of, wallet, write_csv

N = 7
OTHER_ISSUER = "0x00000000000000000000000000000000000c1a13"


def _onboard(suite, url, workdir, salt: str) -> list[str]:
    csv = write_csv(workdir / "investors.csv", generated_rows(N, salt=salt))
    summary_of(invoke(suite, url, "investor", "import", str(csv), "--json"))
    return [wallet(i, salt) for i in range(N)]  # each investor's identity is its wallet


def _untrust_another_issuer(suite, url) -> str:
    """Trust an issuer, then stop trusting it: the storage's trust epoch moves on."""
    assert invoke(suite, url, "issuer", "add", OTHER_ISSUER, "--topics", "kyc").exit_code == 0
    removed = invoke(suite, url, "issuer", "remove", OTHER_ISSUER)
    assert removed.exit_code == 0, removed.output
    return " ".join(removed.output.split())


def _transfer_gas(suite, sender: str, recipient: str) -> int:
    return suite.token.functions.transfer(recipient, 1).estimate_gas({"from": sender})


def _refreshed(web3, suite, since: int) -> list[str]:
    logs = suite.storage.events.IdentityRefreshed().get_logs(from_block=since)
    return [log.args["identity"] for log in logs]


def test_a_trust_change_leaves_every_record_stale_until_refreshed(web3, suite, owner, url, workdir):
    holders = _onboard(suite, url, workdir, "refresh")
    assert summary_of(invoke(suite, url, "investor", "refresh", "--check", "--json")) == {"identities": N, "stale": []}
    fresh = _transfer_gas(suite, holders[0], holders[1])

    said = _untrust_another_issuer(suite, url)
    assert "every investor's cached claim record is stale now" in said and "sectoken investor refresh" in said
    stale = _transfer_gas(suite, holders[0], holders[1])
    assert summary_of(invoke(suite, url, "investor", "show", holders[0], "--json"))["claimRecordFresh"] is False
    shown = " ".join(invoke(suite, url, "investor", "show", holders[0]).output.split())
    assert "Claim record │ stale (`sectoken investor refresh`)" in shown
    assert stale > fresh + 10_000  # both parties' records recomputed from the trusted issuers' claims
    nonce = web3.eth.get_transaction_count(owner.address)
    said = invoke(suite, url, "investor", "refresh", "--check")
    assert said.exit_code == 0 and f"{N} of {N} identities have a stale claim record" in said.output
    checked = summary_of(invoke(suite, url, "investor", "refresh", "--check", "--json"))
    assert checked["identities"] == N and sorted(checked["stale"]) == sorted(holders)
    assert web3.eth.get_transaction_count(owner.address) == nonce  # --check sends nothing

    since = web3.eth.block_number + 1
    summary = summary_of(invoke(suite, url, "investor", "refresh", "--batch-size", "3", "--json"))
    assert summary == {
        "identities": N, "stale": checked["stale"], "refreshed": N, "transactions": 3, "gasUsed": summary["gasUsed"],
    }
    assert summary["gasUsed"] > 0
    assert sorted(_refreshed(web3, suite, since)) == sorted(holders)  # each once
    assert all(suite.storage.functions.identityRecordFresh(holder).call() for holder in holders)
    assert _transfer_gas(suite, holders[0], holders[1]) == fresh
    assert summary_of(invoke(suite, url, "investor", "show", holders[0], "--json"))["claimRecordFresh"] is True

    again = summary_of(invoke(suite, url, "investor", "refresh", "--json"))
    assert again == {"identities": N, "stale": [], "refreshed": 0, "transactions": 0, "gasUsed": 0}


def test_refresh_of_named_wallets_and_a_clear_refusal(web3, suite, url, workdir):
    holders = _onboard(suite, url, workdir, "named")
    _untrust_another_issuer(suite, url)
    summary = summary_of(invoke(suite, url, "investor", "refresh", holders[2], holders[4], "--json"))
    assert summary["stale"] == [holders[2], holders[4]] and summary["transactions"] == 1
    assert not suite.storage.functions.identityRecordFresh(holders[0]).call()
    stranger = wallet(99, "named")
    refused = invoke(suite, url, "investor", "refresh", stranger)
    assert refused.exit_code != 0
    assert f"{stranger} is not registered: it has no claim record to refresh." in " ".join(refused.output.split())


def test_a_killed_refresh_is_finished_by_running_it_again_and_refreshes_nothing_twice(web3, suite, url, workdir):
    holders = _onboard(suite, url, workdir, "killed")
    _untrust_another_issuer(suite, url)
    since = web3.eth.block_number + 1
    process = subprocess.Popen(
        cli_args(url, suite, "investor", "refresh", "--batch-size", "2"),
        cwd=workdir, env=cli_env(workdir), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        # Mined one block at a time until a second batch is signed (journaled before it is broadcast), then
        # no more: the kill finds at least that batch sent and not mined.
        assert mine_until(web3, process, lambda: sum(r["type"] == "signed" for r in _refresh_records(workdir)) >= 2)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
        mine_again(web3)  # what the killed process had sent is mined now
    assert process.returncode == -signal.SIGKILL
    before = _refresh_records(workdir)
    done_before = {r["key"] for r in before if r["type"] == "done"}
    assert {r["key"] for r in before if r["type"] == "signed"} - done_before  # left signed, not known mined

    result = run_cli(url, suite, workdir, "investor", "refresh", "--batch-size", "2", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    refreshed = _refreshed(web3, suite, since)
    assert sorted(refreshed) == sorted(holders)  # every identity refreshed exactly once over both runs
    done = [r for r in _refresh_records(workdir) if r["type"] == "done"]
    assert len({r["hash"] for r in done}) == len(done) == 4  # ceil(7 / 2) batches, none sent twice
    # The second run settled what the first left signed (mined by then) and sent the rest.
    assert summary["transactions"] == 4 - len(done_before)


def _refresh_records(workdir) -> list[dict]:
    """The refresh journal's records, once it exists (the import's journal lies beside it)."""
    found = []
    for path in (workdir / ".sectoken" / "journals").glob("*.jsonl"):
        lines = [line for line in path.read_text().splitlines() if line.strip()]
        try:
            records = [json.loads(line) for line in lines]
        except json.JSONDecodeError:  # a line being written
            records = [json.loads(line) for line in lines[:-1]]
        if records and records[0].get("kind") == "identity-refresh":
            found = records
    return found


def test_the_typed_client_reads_freshness_and_refreshes_a_batch(web3, suite, url, workdir):
    holders = _onboard(suite, url, workdir, "client")
    client = IdentityRegistryStorage(web3, suite.storage.address, suite.owner)
    assert client.identity_record_fresh(holders[0])
    _untrust_another_issuer(suite, url)
    assert not any(client.identity_record_fresh(holder) for holder in holders)
    receipt = client.refresh_identities(holders[:3])
    assert [event.args["identity"] for event in client.events(receipt, "IdentityRefreshed")] == holders[:3]
    assert [client.identity_record_fresh(holder) for holder in holders] == [True] * 3 + [False] * (N - 3)
