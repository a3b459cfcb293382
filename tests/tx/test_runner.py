"""The runner's contract, for both of its stores (the import journal and the deployment record): a step whose
"done already?" read says yes is not sent; signed bytes are on disk before they are broadcast; an
interrupted round is resumed, settling what it left, without sending anything twice; the deployment record
is written once per transaction."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from sectoken import artifacts
from sectoken.deploy import deploy_suite
from sectoken.deployments import Deployments, SuiteRecord
from sectoken.errors import TransactionTimeoutError
from sectoken.journal import Journal
from sectoken.signers import dev_account
from sectoken.tx import Runner, Step, contract_at, deploy

from ..suite.resume_helpers import StopAfter, nonce, variant, wiring

owner = dev_account(0)
HEADER = {"kind": "runner test", "sha256": "ef" * 32}
RECIPIENTS = [dev_account(i).address for i in (1, 2, 3)]
LAST_STEP = "distribution"  # the example deploys the distribution contract last


class Killed(BaseException):
    """The process dying at a chosen point (nothing after it is written)."""


@pytest.fixture
def token(web3):
    address, _ = deploy(web3, owner, artifacts.load("SmokeToken"), 10**6)
    return contract_at(web3, "SmokeToken", address)


def _transfers(token) -> list[Step]:
    """Three independent transfers, each with its "done already?" read: the recipient holds its amount."""
    return [
        Step(
            f"pay {to}", "transfer", token.functions.transfer(to, 10 + i), {"to": to},
            done=lambda to=to, amount=10 + i: token.functions.balanceOf(to).call() >= amount,
        )
        for i, to in enumerate(RECIPIENTS)
    ]


def _paid(token) -> list[int]:
    return [token.functions.balanceOf(to).call() for to in RECIPIENTS]


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


# --- the import journal --------------------------------------------------------------------------------


def test_a_step_whose_done_read_says_yes_is_not_sent(web3, token, tmp_path):
    first, second, third = _transfers(token)
    already = Step(first.key, first.kind, first.call, first.payload, done=lambda: True)
    before = nonce(web3)
    with Journal.open(tmp_path / "j.jsonl", HEADER) as journal:
        outcomes = Runner(web3, owner, journal).run([already, second, third], window=3)
        assert journal.step(first.key) is None  # not even signed
    assert [outcome.key for outcome in outcomes] == [second.key, third.key]
    assert nonce(web3) == before + 2
    assert _paid(token) == [0, 11, 12]


def test_an_interrupted_round_is_resumed_without_sending_anything_twice(web3, token, tmp_path):
    """Ctrl-C as the round's first transaction is reported: the two others were sent and are settled by
    the next run, which sends nothing more."""
    path = tmp_path / "j.jsonl"
    before = nonce(web3)

    def stop(outcome):
        raise KeyboardInterrupt

    with Journal.open(path, HEADER) as journal, pytest.raises(KeyboardInterrupt):
        journal.run(web3, owner, _transfers(token), window=3, on_done=stop)
    assert [record["type"] for record in _records(path)] == ["header", "signed", "signed", "signed", "done"]
    assert nonce(web3) == before + 3

    with Journal.open(path, HEADER) as journal:
        found = journal.reconcile(web3, owner)
        assert sorted(outcome.key for outcome in found.settled) == sorted(f"pay {to}" for to in RECIPIENTS[1:])
        assert all(outcome.settled_on_resume for outcome in found.settled) and found.rebroadcast == []
        assert journal.run(web3, owner, _transfers(token), window=3) == []  # each read done on the chain
    assert nonce(web3) == before + 3
    assert _paid(token) == [10, 11, 12]


class _DiesAfterFirstSync(Journal):
    """A journal whose process dies right after the first signed bytes are on disk, before their broadcast."""

    def sync(self) -> None:
        super().sync()
        if self.unresolved():
            raise Killed


def test_bytes_on_disk_but_never_broadcast_are_sent_on_resume_not_signed_again(web3, token, tmp_path):
    path = tmp_path / "j.jsonl"
    before = nonce(web3)
    journal = _DiesAfterFirstSync.open(path, HEADER)
    with pytest.raises(Killed):
        journal.run(web3, owner, _transfers(token), window=3)
    (signed,) = [record for record in _records(path) if record["type"] == "signed"]
    assert nonce(web3) == before  # nothing reached the node
    journal._handle.close()  # the dead process's file

    with Journal.open(path, HEADER) as journal:
        found = journal.reconcile(web3, owner)
        assert found.rebroadcast == [signed["hash"]]  # the recorded bytes, not a new signature
        assert [outcome.tx_hash for outcome in found.settled] == [signed["hash"]]
        journal.run(web3, owner, _transfers(token), window=3)
    assert nonce(web3) == before + 3
    assert _paid(token) == [10, 11, 12]


# --- the deployment record -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reference(web3, tmp_path_factory) -> dict:
    """The variant deployed in one go: the transactions it sent, its wiring, and every record it wrote."""
    store = _CountingDeployments(tmp_path_factory.mktemp("reference"))
    before = nonce(web3)
    suite = deploy_suite(web3, owner, variant("reference"), deployments=store)
    return {"transactions": nonce(web3) - before, "wiring": wiring(web3, suite), "writes": store.writes}


class _CountingDeployments(Deployments):
    """Deployment records that count their writes, and can die (stop writing, and raise) once a record
    holds a pending transaction for the step `die_at`."""

    def __init__(self, directory: Path, die_at: str | None = None) -> None:
        super().__init__(directory)
        self.writes: list[SuiteRecord] = []
        self.die_at = die_at
        self.dead = False

    def save(self, record: SuiteRecord) -> Path:
        if self.dead:
            return self.path(record.chain_id, record.name)  # a dead process writes nothing more
        self.writes.append(record)
        path = super().save(record)
        pending = record.status.pending
        if self.die_at is not None and pending is not None and pending["key"] == self.die_at:
            self.dead = True
            raise Killed
        return path


def test_the_record_is_written_once_per_transaction(reference):
    writes = reference["writes"]
    assert len(writes) == reference["transactions"] + 1  # each signature, then complete
    assert [record.status.complete for record in writes] == [False] * reference["transactions"] + [True]
    # each write holds the transaction about to be broadcast, and everything mined before it
    keys = [record.status.pending["key"] for record in writes[:-1]]
    assert len(set(keys)) == len(keys)
    for earlier, later in itertools.pairwise(writes[:-1]):
        done_before = set(earlier.contracts) | set(earlier.status.steps)
        done_after = set(later.contracts) | set(later.status.steps)
        assert done_before < done_after and earlier.status.pending["key"] in done_after


def test_a_step_done_on_chain_is_not_sent_and_not_written(web3, tmp_path, reference):
    """Resuming a record stopped after its last step, that forgot its stablecoin steps (the chain shows
    them done): nothing is sent, and the record is written once, complete."""
    stopped = Deployments(tmp_path)
    with pytest.raises(KeyboardInterrupt):
        deploy_suite(web3, owner, variant("resumable"), deployments=stopped, progress=StopAfter(LAST_STEP))
    path = stopped.path(web3.eth.chain_id, "resumable")
    data = json.loads(path.read_text())
    data["config"]["deployment"]["steps"] = [
        step for step in data["config"]["deployment"]["steps"] if not step.startswith("stablecoin: ")
    ]
    path.write_text(json.dumps(data))
    before = nonce(web3)
    store = _CountingDeployments(tmp_path)
    deploy_suite(web3, owner, variant("resumable"), deployments=store, resume=True)
    assert nonce(web3) == before  # every forgotten stablecoin step read done on the chain
    assert [record.status.complete for record in store.writes] == [True]


def test_a_deployment_killed_with_signed_bytes_on_disk_is_resumed_with_those_bytes(web3, tmp_path, reference):
    before = nonce(web3)
    dying = _CountingDeployments(tmp_path, die_at="module:LockUpModule")
    with pytest.raises(Killed):
        deploy_suite(web3, owner, variant("resumable"), deployments=dying)
    pending = dying.find(web3.eth.chain_id, "resumable").status.pending
    assert pending is not None and pending["key"] == "module:LockUpModule"
    assert nonce(web3) == before + len(dying.writes) - 1  # the last signature never reached the node

    resumed = _CountingDeployments(tmp_path)
    suite = deploy_suite(web3, owner, variant("resumable"), deployments=resumed, resume=True)
    assert suite.record.contracts["module:LockUpModule"].tx_hash == pending["hash"]  # the recorded bytes
    assert nonce(web3) - before == reference["transactions"]  # nothing sent twice
    assert wiring(web3, suite) == reference["wiring"]
    # the resumed run wrote once per transaction it signed, and once complete
    assert len(resumed.writes) == reference["transactions"] - len(dying.writes) + 1


@pytest.fixture
def raised_base_fee(web3):
    """The next block's base fee at 100 gwei; back to the test chain's 0 afterwards (Anvil keeps the base fee
    across a snapshot's revert)."""
    web3.provider.make_request("anvil_setNextBlockBaseFeePerGas", [hex(100 * 10**9)])
    yield
    web3.provider.make_request("anvil_setNextBlockBaseFeePerGas", ["0x0"])


def test_recorded_bytes_the_node_no_longer_takes_are_replaced_at_their_nonce(
    web3, tmp_path, reference, manual_mining, request
):
    """A pending deploy transaction dropped by the node, whose fee is below the base fee by the time the
    deployment is resumed: the same step is signed again at the same nonce (so only one of the two can ever
    be mined), never at a new one."""
    store = Deployments(tmp_path)
    with pytest.raises(TransactionTimeoutError, match="not mined yet"):
        deploy_suite(web3, owner, variant("resumable"), deployments=store, timeout=0.5)
    pending = store.find(web3.eth.chain_id, "resumable").status.pending
    assert pending is not None and nonce(web3) == pending["nonce"] + 1
    web3.provider.make_request("anvil_dropTransaction", [pending["hash"]])
    request.getfixturevalue("raised_base_fee")  # above its maximum fee
    web3.provider.make_request("evm_mine", [])
    web3.provider.make_request("evm_setAutomine", [True])
    suite = deploy_suite(web3, owner, variant("resumable"), deployments=store, resume=True)
    replacement = web3.eth.get_transaction(suite.record.contracts["identityRegistryStorage"].tx_hash)
    assert replacement["hash"].to_0x_hex() != pending["hash"] and replacement["nonce"] == pending["nonce"]
    assert nonce(web3) - pending["nonce"] == reference["transactions"]  # nothing sent twice
    assert wiring(web3, suite) == reference["wiring"]
