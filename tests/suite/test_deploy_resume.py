"""A deployment cut short is finished by `deploy_suite(..., resume=True)`: every contract recorded is reused,
no step is done twice, and the suite ends wired exactly as one deployed in one go. A transaction left
pending is settled (waited for, sent again from its recorded bytes, or planned again when another took its
nonce), timed-out RPC requests are retried, and a record that cannot be resumed is refused before anything
is sent."""

from __future__ import annotations

import json
import shutil

import pytest
from web3 import Web3

from sectoken.chain import provider
from sectoken.config import parse_config
from sectoken.deploy import deploy_suite
from sectoken.deployments import Deployments
from sectoken.errors import ConfigError, DeploymentNotFoundError, TransactionTimeoutError
from sectoken.signers import dev_account
from sectoken.suite import Suite
from sectoken.tx import Fees, broadcast, sign
from sectoken.tx import lifecycle as tx_module

from ..investors.test_rpc_errors import FlakyProxy
from .resume_helpers import DEPLOYER, StopAfter, contract_creations, nonce, variant, variant_text, wiring

pytestmark = pytest.mark.long  # scheduled first (see tests/conftest.py)

deployer = dev_account(0)
FACTORY_MADE = ("token", "compliance")


@pytest.fixture(scope="module")
def reference(web3, tmp_path_factory) -> dict:
    """The variant deployed in one go: its steps, the transactions it sent and its wiring."""
    store = Deployments(tmp_path_factory.mktemp("reference"))
    before = nonce(web3)
    stop = StopAfter("never")
    suite = deploy_suite(web3, deployer, variant("reference"), deployments=store, progress=stop)
    return {
        "steps": [step.name for step in stop.steps],
        "transactions": nonce(web3) - before,
        "wiring": wiring(web3, suite),
    }


@pytest.fixture
def store(tmp_path) -> Deployments:
    return Deployments(tmp_path / "deployments")



def _status(store: Deployments, web3, name: str = "resumable") -> dict:
    return dict(store.find(web3.eth.chain_id, name).config["deployment"])


def _assert_finished_exactly(web3, store, reference, *, start_nonce, start_block, partial, extra=0) -> Suite:
    """The suite is complete, wired like the reference, kept every contract the partial record had, and the
    deployer sent exactly what one uninterrupted deployment sends (plus `extra` transactions of its own)."""
    suite = Suite.load(web3, None, "resumable", store)
    assert _status(store, web3) == {"complete": True}
    assert nonce(web3) - start_nonce == reference["transactions"] + extra
    assert wiring(web3, suite) == reference["wiring"]
    for key, item in partial.contracts.items():
        assert suite.record.contracts[key] == item, key  # reused, not deployed again
    created = contract_creations(web3, start_block)
    contracts = suite.record.contracts
    # the token and the compliance were created by the factory's one transaction, the others directly
    assert sorted(created) == sorted(item.tx_hash for key, item in contracts.items() if key not in FACTORY_MADE)
    assert contracts["token"].tx_hash == contracts["compliance"].tx_hash not in created
    return suite


# Where the first run stops: right after the step whose name starts with this.
STOPS = [
    "identityRegistryStorage",
    "storage: bind the identity registry",
    "registry: add agent 0x9965",  # the second agent
    "offeringFactory",  # the shared contracts deployed, the offering not yet
    "factory: deploy the offering",  # the factory's transaction mined, its proxies not yet recorded
    "module:MaxHoldersModule",  # deployed, not yet bound
    "stablecoinImplementation",  # inside the stablecoin part
    "stablecoin: minter",
    "stablecoin: pauser role",  # roles being handed over
    "settlement",
]


@pytest.mark.parametrize("stop", STOPS)
def test_an_interrupted_deployment_is_resumed_to_the_same_suite(web3, store, reference, stop):
    start_nonce, start_block = nonce(web3), web3.eth.block_number + 1
    first = StopAfter(stop)
    with pytest.raises(KeyboardInterrupt):
        deploy_suite(web3, deployer, variant("resumable"), deployments=store, progress=first)
    partial = store.find(web3.eth.chain_id, "resumable")
    status = partial.config["deployment"]
    assert status["complete"] is False and "pending" not in status
    assert status["error"].startswith("KeyboardInterrupt")
    assert nonce(web3) - start_nonce == len(first.steps)  # every transaction sent so far is recorded...
    recorded = (set(partial.contracts) - set(FACTORY_MADE)) | set(status["steps"])  # proxies: the factory step
    assert {step.name for step in first.steps} == recorded  # ...as a contract or a step done
    with pytest.raises(DeploymentNotFoundError, match="not deployed completely.*--resume"):
        Suite.load(web3, None, "resumable", store)

    second = StopAfter("never")
    deploy_suite(web3, deployer, variant("resumable"), deployments=store, progress=second, resume=True)
    # The two runs did the reference's steps, in its order, each once.
    assert [step.name for step in first.steps + second.steps] == reference["steps"]
    _assert_finished_exactly(web3, store, reference, start_nonce=start_nonce, start_block=start_block, partial=partial)


def test_resuming_twice_in_a_row_and_after_a_second_interruption(web3, store, reference):
    start_nonce, start_block = nonce(web3), web3.eth.block_number + 1
    with pytest.raises(KeyboardInterrupt):
        deploy_suite(web3, deployer, variant("resumable"), deployments=store, progress=StopAfter("compliance"))
    with pytest.raises(KeyboardInterrupt):
        deploy_suite(
            web3, deployer, variant("resumable"), deployments=store, progress=StopAfter("token"), resume=True
        )
    partial = store.find(web3.eth.chain_id, "resumable")
    deploy_suite(web3, deployer, variant("resumable"), deployments=store, resume=True)
    _assert_finished_exactly(web3, store, reference, start_nonce=start_nonce, start_block=start_block, partial=partial)


def test_steps_done_on_chain_but_not_recorded_are_not_repeated(web3, store, reference):
    """A record that lists contracts only (as an older version wrote it): every wiring step with a getter
    is read from the chain before sending."""
    start_nonce, start_block = nonce(web3), web3.eth.block_number + 1
    with pytest.raises(KeyboardInterrupt):
        deploy_suite(
            web3, deployer, variant("resumable"), deployments=store, progress=StopAfter("registry: bind the token")
        )
    path = store.path(web3.eth.chain_id, "resumable")
    data = json.loads(path.read_text())
    # No step recorded, the proxies not either: the factory's offering is found at its CREATE2 addresses.
    data["config"]["deployment"] = {"complete": False, "steps": []}
    data["contracts"] = {k: v for k, v in data["contracts"].items() if k not in ("token", "compliance")}
    path.write_text(json.dumps(data))
    partial = store.find(web3.eth.chain_id, "resumable")
    deploy_suite(web3, deployer, variant("resumable"), deployments=store, resume=True)
    _assert_finished_exactly(web3, store, reference, start_nonce=start_nonce, start_block=start_block, partial=partial)


# --- a transaction left pending ---------------------------------------------------------------------


def _left_pending(web3, store) -> dict:
    """Deploy with mining off: the first transaction is signed, recorded, broadcast and never mined."""
    with pytest.raises(TransactionTimeoutError, match="not mined yet") as info:
        deploy_suite(web3, deployer, variant("resumable"), deployments=store, timeout=0.5)
    assert "recorded, marked incomplete" in str(info.value) and "--resume` to finish it" in str(info.value)
    status = _status(store, web3)
    assert status["complete"] is False and status["steps"] == []
    assert store.find(web3.eth.chain_id, "resumable").contracts == {}
    pending = status["pending"]
    assert (pending["kind"], pending["key"], pending["artifact"]) == (
        "deploy", "identityRegistryStorage", "IdentityRegistryStorage",
    )
    assert status["error"].startswith("TransactionTimeoutError")
    return pending


def test_a_pending_transaction_mined_later_is_recorded_not_sent_again(web3, store, reference, manual_mining):
    start_nonce, start_block = nonce(web3), web3.eth.block_number + 1
    pending = _left_pending(web3, store)
    web3.provider.make_request("evm_mine", [])
    web3.provider.make_request("evm_setAutomine", [True])
    partial = store.find(web3.eth.chain_id, "resumable")
    suite = deploy_suite(web3, deployer, variant("resumable"), deployments=store, resume=True)
    assert suite.record.contracts["identityRegistryStorage"].tx_hash == pending["hash"]
    _assert_finished_exactly(web3, store, reference, start_nonce=start_nonce, start_block=start_block, partial=partial)


def test_a_pending_transaction_the_node_dropped_is_sent_again_from_its_bytes(web3, store, reference, manual_mining):
    start_nonce, start_block = nonce(web3), web3.eth.block_number + 1
    pending = _left_pending(web3, store)
    web3.provider.make_request("anvil_dropTransaction", [pending["hash"]])
    web3.provider.make_request("evm_setAutomine", [True])
    assert nonce(web3) == start_nonce  # the node forgot it
    partial = store.find(web3.eth.chain_id, "resumable")
    suite = deploy_suite(web3, deployer, variant("resumable"), deployments=store, resume=True)
    assert suite.record.contracts["identityRegistryStorage"].tx_hash == pending["hash"]  # the same bytes
    _assert_finished_exactly(web3, store, reference, start_nonce=start_nonce, start_block=start_block, partial=partial)


def test_a_pending_transaction_replaced_by_another_is_planned_again(web3, store, reference, manual_mining, monkeypatch):
    monkeypatch.setattr(tx_module, "RECHECK_AFTER", 0.2)  # the replaced transaction looked up soon
    start_nonce, start_block = nonce(web3), web3.eth.block_number + 1
    pending = _left_pending(web3, store)
    other = sign(
        web3, deployer, {"to": DEPLOYER}, gas=21_000, validate=False, nonce=pending["nonce"],
        fees=Fees(max_fee_per_gas=50 * 10**9, max_priority_fee_per_gas=50 * 10**9),
    )
    assert broadcast(web3, other) == "sent"
    web3.provider.make_request("evm_mine", [])
    web3.provider.make_request("evm_setAutomine", [True])
    assert web3.eth.get_transaction_receipt(other.tx_hash)["status"] == 1
    partial = store.find(web3.eth.chain_id, "resumable")
    suite = deploy_suite(web3, deployer, variant("resumable"), deployments=store, resume=True)
    assert suite.record.contracts["identityRegistryStorage"].tx_hash != pending["hash"]
    _assert_finished_exactly(
        web3, store, reference, start_nonce=start_nonce, start_block=start_block, partial=partial, extra=1
    )


# --- RPC trouble ------------------------------------------------------------------------------------


def test_timed_out_requests_are_retried_and_nothing_is_sent_twice(web3, store, reference, quick_retries):
    """Through a proxy that holds back some answers longer than the client waits (after the node handled
    the request): each is retried with backoff, a raw send with the same signed bytes."""
    start_nonce, start_block = nonce(web3), web3.eth.block_number + 1
    slow = ["eth_sendRawTransaction", "eth_getTransactionReceipt", "eth_estimateGas", "eth_call",
            "eth_sendRawTransaction", "eth_getTransactionCount"]
    with FlakyProxy(web3.provider.endpoint_uri, slow_after_forward=slow, delay=1.2) as proxy:
        w3 = Web3(provider(proxy.url, 0.5))
        deploy_suite(w3, deployer, variant("resumable"), deployments=store)
    assert proxy.slow == []  # every answer held back was waited for in vain
    # Each transaction reached the node once, plus one resend (same bytes) of each answer that timed out.
    assert proxy.seen.count("eth_sendRawTransaction") == reference["transactions"] + 2
    partial = store.find(web3.eth.chain_id, "resumable")
    _assert_finished_exactly(web3, store, reference, start_nonce=start_nonce, start_block=start_block, partial=partial)


# --- refusals: nothing sent ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def interrupted_once(web3, tmp_path_factory) -> Deployments:
    """The variant stopped after its compliance was deployed, once, when the first test of the refusals needs it
    (each test then starts from the chain as it left it); returns its records' folder."""
    records = Deployments(tmp_path_factory.mktemp("interrupted"))
    with pytest.raises(KeyboardInterrupt):
        deploy_suite(web3, deployer, variant("resumable"), deployments=records, progress=StopAfter("compliance"))
    return records


@pytest.fixture
def interrupted(web3, store, interrupted_once):
    """The variant stopped after its compliance was deployed, its record copied into the test's `store`."""
    shutil.copytree(interrupted_once.directory, store.directory)
    return store.find(web3.eth.chain_id, "resumable")


def _refused(web3, store, match: str, config=None, signer=deployer, **options) -> None:
    before, block = nonce(web3), web3.eth.block_number
    record = store.path(web3.eth.chain_id, "resumable")
    saved = record.read_text() if record.exists() else None
    with pytest.raises(ConfigError, match=match):
        deploy_suite(web3, signer, config or variant("resumable"), deployments=store, **options)
    assert (nonce(web3), web3.eth.block_number) == (before, block)
    assert (record.read_text() if record.exists() else None) == saved  # the record is untouched


def test_a_fresh_deployment_over_an_incomplete_record_is_refused(web3, store, interrupted):
    _refused(web3, store, r"not deployed completely .*--resume.*or start afresh with --force")
    _refused(web3, store, "exclude each other", resume=True, overwrite=True)


def test_resuming_a_complete_or_missing_record_is_refused(web3, store):
    _refused(web3, store, "Nothing to resume: no suite 'resumable'", resume=True)
    deploy_suite(web3, deployer, variant("resumable"), deployments=store)
    _refused(web3, store, "is deployed completely .*nothing to resume", resume=True)


def test_resuming_with_another_configuration_or_deployer_is_refused(web3, store, interrupted):
    changed = parse_config(variant_text("resumable").replace("max_balance: 250000", "max_balance: 260000"))
    _refused(web3, store, r"configuration differs .* in: compliance\. Resume with the same", changed, resume=True)
    _refused(web3, store, f"was being deployed by {DEPLOYER}, not", signer=dev_account(1), resume=True)


def test_a_recorded_contract_missing_from_the_chain_is_refused(web3, store, interrupted):
    registry = interrupted.address("identityRegistry")
    web3.provider.make_request("anvil_setCode", [registry, "0x"])
    _refused(web3, store, f"records its identityRegistry at {registry}, but chain .* has no contract", resume=True)


def test_recorded_code_that_is_not_the_artifacts_is_refused(web3, store, interrupted):
    registry = interrupted.address("identityRegistryImplementation")
    compliance = interrupted.address("complianceImplementation")
    web3.provider.make_request("anvil_setCode", [registry, web3.eth.get_code(compliance).to_0x_hex()])
    _refused(web3, store, "records its identityRegistryImplementation .* the code there is not IdentityRegistry's",
             resume=True)


def test_a_recorded_proxy_whose_code_is_not_the_proxys_is_refused(web3, store, interrupted):
    registry, compliance = interrupted.address("identityRegistry"), interrupted.address("complianceImplementation")
    web3.provider.make_request("anvil_setCode", [registry, web3.eth.get_code(compliance).to_0x_hex()])
    _refused(web3, store, "records its identityRegistry .* the code there is not OfferingProxy's", resume=True)


def test_a_record_whose_addresses_were_swapped_is_refused(web3, store, interrupted):
    path = store.path(web3.eth.chain_id, "resumable")
    data = json.loads(path.read_text())
    contracts = data["contracts"]
    contracts["identityRegistry"]["address"], contracts["complianceImplementation"]["address"] = (
        contracts["complianceImplementation"]["address"], contracts["identityRegistry"]["address"],
    )
    path.write_text(json.dumps(data))
    _refused(web3, store, "records its complianceImplementation .* did not create it", resume=True)
