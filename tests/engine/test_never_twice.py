"""An ambiguous answer never leads to a second signature of the same intent.

Behind a provider that delivers a transaction yet answers "nonce too low" (or "already known"), and then
answers "not found" to the first lookups of it, `send`, the import journal and the deployment runner wait
for the receipt or for the nonce to settle: each intent is signed once, and done once."""

from __future__ import annotations

import json

import pytest
from web3 import Web3

from sectoken import artifacts
from sectoken.config import load_config
from sectoken.deploy import deploy_suite
from sectoken.deployments import Deployments
from sectoken.errors import TransactionUnsettledError
from sectoken.journal import Journal, Step
from sectoken.signers import dev_account
from sectoken.tx import broadcast, contract_at, deploy, send, sign

from ..lying_rpc import LyingRpc
from ..suite.resume_helpers import EXAMPLE

owner = dev_account(0)
BOB = dev_account(1).address


def _nonce(w3: Web3, address: str = owner.address) -> int:
    return int(w3.eth.get_transaction_count(address, "pending"))


@pytest.fixture
def token(web3):
    address, _ = deploy(web3, owner, artifacts.load("SmokeToken"), 10**6)
    return contract_at(web3, "SmokeToken", address)


@pytest.mark.parametrize("answer", ["nonce too low", "already known"])
def test_send_signs_once_when_the_node_delivers_and_answers_an_error(web3, token, answer):
    before = _nonce(web3)
    with LyingRpc(web3.provider.endpoint_uri, lie_after_send=1, send_error=answer, hide_lookups=2) as rpc:
        w3 = Web3(Web3.HTTPProvider(rpc.url))
        receipt = send(w3, owner, contract_at(w3, "SmokeToken", token.address).functions.transfer(BOB, 100))
    assert rpc.signatures == 1  # resends, if any, were the same bytes
    assert receipt.nonce == before and _nonce(web3) == before + 1
    assert token.functions.balanceOf(BOB).call() == 100


def test_broadcast_reports_a_delivered_transaction_as_known_not_as_nonce_used(web3):
    signed = sign(web3, owner, {"to": BOB}, value=1)
    with LyingRpc(web3.provider.endpoint_uri, lie_after_send=1, hide_lookups=3) as rpc:
        w3 = Web3(Web3.HTTPProvider(rpc.url))
        assert broadcast(w3, signed) == "known"
    assert web3.eth.get_transaction_receipt(signed.tx_hash)["status"] == 1


def test_a_nonce_that_does_not_settle_stops_with_how_to_resume(web3, manual_mining):
    """Another pending transaction holds the nonce and nothing is mined: the engine resends only the same
    bytes, then stops within the bound, naming the transaction; it signs nothing else."""
    first = sign(web3, owner, {"to": BOB}, value=1)
    other = sign(web3, owner, {"to": BOB}, value=2, nonce=first.nonce, fees=first.fees)
    assert broadcast(web3, first) == "sent"
    with pytest.raises(TransactionUnsettledError, match="It was not signed again") as info:
        broadcast(web3, other, hold=1.0)
    assert info.value.tx_hash == other.tx_hash
    assert "run the same command again" in str(info.value)
    assert _nonce(web3) == first.nonce + 1


def test_the_journal_signs_each_step_once_behind_a_lying_node(web3, token, tmp_path):
    before = _nonce(web3)
    wallets = [dev_account(i).address for i in (2, 3, 4)]
    with LyingRpc(web3.provider.endpoint_uri, lie_after_send=3, hide_lookups=2) as rpc:
        w3 = Web3(Web3.HTTPProvider(rpc.url))
        lying_token = contract_at(w3, "SmokeToken", token.address)
        steps = [Step(f"pay {w}", "pay", lying_token.functions.transfer(w, 100)) for w in wallets]
        with Journal.open(tmp_path / "journal.jsonl", {"test": "lying"}) as journal:
            outcomes = journal.run(w3, owner, steps, window=2)
    assert len(outcomes) == 3
    assert rpc.signatures == 3 and _nonce(web3) == before + 3
    assert [token.functions.balanceOf(w).call() for w in wallets] == [100, 100, 100]
    signed = [json.loads(line) for line in (tmp_path / "journal.jsonl").read_text().splitlines()[1:]]
    assert [r["type"] for r in signed].count("signed") == 3


def test_the_deployment_runner_signs_each_step_once_behind_a_lying_node(web3, tmp_path):
    config = load_config(EXAMPLE)
    store = Deployments(tmp_path / "deployments")
    before = _nonce(web3)
    steps = []
    with LyingRpc(web3.provider.endpoint_uri, lie_after_send=2, hide_lookups=2) as rpc:
        w3 = Web3(Web3.HTTPProvider(rpc.url))
        deploy_suite(w3, owner, config, deployments=store, progress=steps.append)
    assert rpc.signatures == len(steps) == _nonce(web3) - before
    record = store.find(web3.eth.chain_id, config.name)
    assert record.config["deployment"] == {"complete": True}
