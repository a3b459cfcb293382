"""send/deploy/call: validated before sending, signed locally, sent raw once, reverts typed."""

import json
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from eth_account import Account
from web3 import Web3

from sectoken import artifacts
from sectoken.chain import provider
from sectoken.contracts import ContractClient
from sectoken.errors import (
    ChainError,
    RevertError,
    SignerError,
    TransactionError,
    TransactionTimeoutError,
    TransferRestrictedError,
    ValidationError,
)
from sectoken.reasons import Restriction, message
from sectoken.signers import dev_account
from sectoken.tx import Fees, call, contract_at, deploy, estimate_fees, send
from sectoken.tx import lifecycle as tx_module

MNEMONIC = "test test test test test test test test test test test junk"  # Anvil's funded accounts


@pytest.fixture(scope="module")
def keys(accounts):
    """Private keys of the node's accounts, derived by brownie (independently of sectoken.signers)."""
    local = accounts.from_mnemonic(MNEMONIC, count=3)
    assert [a.address for a in local] == [a.address for a in accounts[:3]]
    return [a.private_key for a in local]


@pytest.fixture
def owner(keys):
    return Account.from_key(keys[0])


@pytest.fixture
def bob(keys):
    return Account.from_key(keys[1])


@pytest.fixture
def token(web3, owner):
    address, _ = deploy(web3, owner, artifacts.load("SmokeToken"), 1000)
    return contract_at(web3, "SmokeToken", address)


@pytest.fixture
def harness(web3, owner):
    address, _ = deploy(web3, owner, "RestrictionCodesHarness")
    return contract_at(web3, "RestrictionCodesHarness", address)


def _nonce(w3, account):
    return w3.eth.get_transaction_count(account.address, "pending")


def test_deploy_from_shipped_artifact_sends_a_raw_eip1559_transaction(web3, owner):
    artifact = artifacts.load("SmokeToken")
    before = _nonce(web3, owner)
    address, receipt = deploy(web3, owner, artifact, 1000)
    assert receipt.contract_address == address and receipt.to is None
    assert receipt.status == 1 and receipt.sender == owner.address and receipt.nonce == before
    assert web3.eth.get_code(address).hex() == artifact.deployed_bytecode.removeprefix("0x")
    sent = web3.eth.get_transaction(receipt.tx_hash)
    assert sent["type"] == 2 and sent["from"] == owner.address
    assert receipt.fee == receipt.gas_used * receipt.effective_gas_price
    assert _nonce(web3, owner) == before + 1


def test_transfer_moves_tokens_and_emits_transfer(web3, owner, bob, token):
    receipt = send(web3, owner, token.functions.transfer(bob.address, 10))
    assert token.functions.balanceOf(bob.address).call() == 10
    (event,) = token.events.Transfer().process_receipt(receipt.raw)
    assert (event.args["from"], event.args["to"], event.args["value"]) == (owner.address, bob.address, 10)
    assert receipt.confirmations >= 1


def test_revert_is_decoded_before_anything_is_sent(web3, bob, token, accounts):
    nonce, block = _nonce(web3, bob), web3.eth.block_number
    with pytest.raises(RevertError) as info:
        send(web3, bob, token.functions.transfer(accounts[2].address, 5))
    assert info.value.name == "ERC20InsufficientBalance"
    assert info.value.arguments == {"sender": bob.address, "balance": 0, "needed": 5}
    assert info.value.tx_hash is None
    assert (_nonce(web3, bob), web3.eth.block_number) == (nonce, block)


def test_transfer_restricted_is_raised_before_sending_with_code_and_message(web3, owner, harness):
    nonce = _nonce(web3, owner)
    with pytest.raises(TransferRestrictedError) as info:
        send(web3, owner, harness.functions.restrict(Restriction.COUNTRY_RESTRICTED))
    assert info.value.code == 17
    assert info.value.reason is Restriction.COUNTRY_RESTRICTED
    assert info.value.message == message(17)
    assert info.value.tx_hash is None
    assert _nonce(web3, owner) == nonce


def test_revert_with_explicit_gas_is_still_validated_first(web3, owner, harness):
    nonce = _nonce(web3, owner)
    with pytest.raises(RevertError, match="kaboom"):
        send(web3, owner, harness.functions.fail("kaboom"), gas=100_000)
    assert _nonce(web3, owner) == nonce


def test_mined_revert_is_decoded_with_its_transaction_hash(web3, owner, harness):
    nonce = _nonce(web3, owner)
    with pytest.raises(TransferRestrictedError) as info:
        send(web3, owner, harness.functions.restrict(Restriction.TOKENS_LOCKED), gas=100_000, validate=False)
    assert info.value.code == 21 and info.value.tx_hash is not None
    assert "was mined and reverted" in str(info.value)
    assert web3.eth.get_transaction_receipt(info.value.tx_hash)["status"] == 0
    assert _nonce(web3, owner) == nonce + 1


def test_waits_for_the_requested_confirmations(web3, owner, bob, token):
    def mine_later():
        for _ in range(3):
            time.sleep(0.3)
            web3.provider.make_request("evm_mine", [])

    miner = threading.Thread(target=mine_later)
    miner.start()
    try:
        receipt = send(web3, owner, token.functions.transfer(bob.address, 1), confirmations=3, timeout=20)
        head_on_return = web3.eth.block_number
    finally:
        miner.join()
    assert receipt.confirmations >= 3
    assert head_on_return >= receipt.block_number + 2  # it returned once two more blocks were mined, not before


def test_confirmation_timeout_names_the_transaction_and_sends_it_once(web3, owner, bob, token):
    nonce = _nonce(web3, owner)
    with pytest.raises(TransactionTimeoutError) as info:
        send(web3, owner, token.functions.transfer(bob.address, 1), confirmations=5, timeout=0.5)
    assert info.value.tx_hash and info.value.tx_hash in str(info.value)
    assert "not resent" in str(info.value)
    assert _nonce(web3, owner) == nonce + 1
    assert token.functions.balanceOf(bob.address).call() == 1


def test_stale_nonce_is_corrected_without_sending_twice(web3, owner, bob, token):
    stale = _nonce(web3, owner) - 1
    receipt = send(web3, owner, token.functions.transfer(bob.address, 7), nonce=stale)
    assert receipt.nonce == stale + 1
    assert token.functions.balanceOf(bob.address).call() == 7
    assert _nonce(web3, owner) == stale + 2


def test_legacy_fees_send_a_type_0_transaction(web3, owner, bob, token):
    receipt = send(web3, owner, token.functions.transfer(bob.address, 1), fees=Fees(gas_price=2 * 10**9))
    sent = web3.eth.get_transaction(receipt.tx_hash)
    assert sent["type"] == 0 and sent["gasPrice"] == 2 * 10**9


def test_fees_follow_the_base_fee(web3):
    fees = estimate_fees(web3)
    base = web3.eth.get_block("latest")["baseFeePerGas"]
    assert not fees.legacy
    assert fees.max_fee_per_gas == 2 * base + fees.max_priority_fee_per_gas
    assert fees.max_priority_fee_per_gas > 0


def test_plain_value_transfer_from_a_transaction_dict(web3, owner, accounts):
    target = accounts[5].address
    before = web3.eth.get_balance(target)
    send(web3, owner, {"to": target}, value=12345)
    assert web3.eth.get_balance(target) == before + 12345


def test_dev_account_signer_sends(web3, bob, token):
    signer = dev_account(0)  # the same key as brownie's accounts[0] on Anvil
    send(web3, signer, token.functions.transfer(bob.address, 3))
    assert token.functions.balanceOf(bob.address).call() == 3


def test_call_returns_values_and_decodes_reverts(web3, owner, token, harness):
    assert call(web3, token.functions.balanceOf(owner.address)) == 1000
    with pytest.raises(TransferRestrictedError) as info:
        call(web3, harness.functions.restrict(Restriction.PAUSED))
    assert info.value.reason is Restriction.PAUSED
    with pytest.raises(RevertError, match="panic 0x12"):
        call(web3, harness.functions.divide(1, 0))


def test_an_interface_cannot_be_deployed(web3, owner):
    with pytest.raises(ValidationError, match=r"ICompliance cannot be deployed: it has no bytecode \(kind: interface\)"):
        deploy(web3, owner, "ICompliance")


def test_wrong_constructor_arguments_are_a_validation_error(web3, owner):
    nonce = _nonce(web3, owner)
    with pytest.raises(ValidationError, match="Constructor arguments do not fit SmokeToken"):
        deploy(web3, owner, "SmokeToken", "lots")
    assert _nonce(web3, owner) == nonce


def test_unreachable_node_is_a_chain_error_after_bounded_retries(owner):
    w3 = Web3(Web3.HTTPProvider("http://127.0.0.1:9", exception_retry_configuration=None))
    with pytest.raises(ChainError, match="did not answer eth_chainId after 3 attempts"):  # bounded: 1 + 2 retries
        send(w3, owner, {"to": owner.address}, retries=2, backoff=0.05)


class _FlakyProxy:
    """A local JSON-RPC proxy in front of the test node that drops chosen responses after forwarding, or
    holds them back for `delay` seconds (longer than the client waits: the request times out)."""

    def __init__(self, upstream, drop_after_forward=(), refuse_first=0, slow_after_forward=(), delay=1.0):
        self.upstream = upstream
        self.drop = list(drop_after_forward)  # methods whose next response is lost after the node got it
        self.refuse = refuse_first  # requests dropped before reaching the node
        self.slow = list(slow_after_forward)  # methods whose next response comes too late
        self.delay = delay
        self.seen = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                method = json.loads(body).get("method")
                proxy.seen.append(method)
                if proxy.refuse > 0:
                    proxy.refuse -= 1
                    self.close_connection = True
                    return
                request = urllib.request.Request(
                    proxy.upstream, data=body, headers={"Content-Type": "application/json"}
                )
                answer = urllib.request.urlopen(request, timeout=10).read()
                if method in proxy.drop:
                    proxy.drop.remove(method)
                    self.close_connection = True
                    return
                if method in proxy.slow:
                    proxy.slow.remove(method)
                    time.sleep(proxy.delay)  # the client has given up by now
                    self.close_connection = True
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def test_lost_send_response_is_retried_without_sending_twice(web3, owner, bob, token):
    upstream = web3.provider.endpoint_uri
    nonce = _nonce(web3, owner)
    with _FlakyProxy(upstream, drop_after_forward=["eth_sendRawTransaction"]) as proxy:
        w3 = Web3(provider(proxy.url))
        flaky_token = contract_at(w3, "SmokeToken", token.address)
        receipt = send(w3, owner, flaky_token.functions.transfer(bob.address, 4), backoff=0.05)
    assert proxy.seen.count("eth_sendRawTransaction") == 2  # the same signed bytes, resent once
    assert receipt.nonce == nonce
    assert _nonce(web3, owner) == nonce + 1
    assert token.functions.balanceOf(bob.address).call() == 4


def test_refused_connections_are_retried_with_backoff(web3, owner, bob, token, quick_retries):
    with _FlakyProxy(web3.provider.endpoint_uri, refuse_first=2) as proxy:
        w3 = Web3(provider(proxy.url))
        receipt = send(w3, owner, contract_at(w3, "SmokeToken", token.address).functions.transfer(bob.address, 2),
                       backoff=0.05)
    assert receipt.status == 1
    assert token.functions.balanceOf(bob.address).call() == 2


def test_skipping_validation_needs_an_explicit_gas_limit(web3, owner, harness):
    nonce = _nonce(web3, owner)
    with pytest.raises(ValidationError, match="needs an explicit gas limit"):
        send(web3, owner, harness.functions.restrict(1), validate=False)
    assert _nonce(web3, owner) == nonce


def test_custom_errors_from_given_abis_are_decoded(web3, owner, token, accounts):
    """A contract bound without its errors in the ABI still decodes them from the given ABI."""
    bare = web3.eth.contract(
        address=token.address, abi=[entry for entry in token.abi if entry.get("type") != "error"]
    )
    with pytest.raises(RevertError) as info:
        send(web3, owner, bare.functions.transfer(accounts[2].address, 10**6), abis=artifacts.load("SmokeToken").abi)
    assert info.value.name == "ERC20InsufficientBalance"


# --- the typed contract client base ---------------------------------------------------------------


class SmokeTokenClient(ContractClient):
    ARTIFACT = "SmokeToken"

    def balance_of(self, account: str) -> int:
        return int(self.call("balanceOf", account))

    def transfer(self, to: str, amount: int):
        return self.transact("transfer", to, amount)


class HarnessClient(ContractClient):
    ARTIFACT = "RestrictionCodesHarness"


def test_client_deploys_reads_writes_and_decodes_events(web3, owner, bob):
    token, receipt = SmokeTokenClient.deploy(web3, owner, 500)
    assert receipt.contract_address == token.address and repr(token) == f"SmokeTokenClient({token.address})"
    sent = token.transfer(bob.address, 25)
    (event,) = token.events(sent, "Transfer")
    assert (event.args["to"], event.args["value"]) == (bob.address, 25)
    reader = SmokeTokenClient.at(web3, token.address)
    assert reader.balance_of(bob.address) == 25 and reader.balance_of(owner.address) == 475
    reader.check_deployed()


def test_read_only_client_refuses_to_send(web3, owner, bob):
    token, _ = SmokeTokenClient.deploy(web3, owner, 500)
    with pytest.raises(SignerError, match="read-only"):
        SmokeTokenClient.at(web3, token.address).transfer(bob.address, 1)
    assert token.with_signer(bob).balance_of(bob.address) == 0


def test_client_reverts_are_typed(web3, owner, bob):
    token, _ = SmokeTokenClient.deploy(web3, owner, 500)
    with pytest.raises(RevertError, match="ERC20InsufficientBalance"):
        token.with_signer(bob).transfer(owner.address, 1)
    harness, _ = HarnessClient.deploy(web3, owner)
    with pytest.raises(TransferRestrictedError) as info:
        harness.transact("restrict", Restriction.MAX_BALANCE_EXCEEDED)
    assert info.value.code == 18


def test_client_names_unknown_functions_and_events(web3, owner):
    token, receipt = SmokeTokenClient.deploy(web3, owner, 500)
    with pytest.raises(ValidationError, match="has no function 'balanceof'. Did you mean 'balanceOf'"):
        token.call("balanceof", owner.address)
    with pytest.raises(ValidationError, match="Arguments do not fit SmokeToken.balanceOf"):
        token.call("balanceOf", 1, 2)
    with pytest.raises(ValidationError, match="has no event 'Transfers'. Did you mean 'Transfer'"):
        token.events(receipt, "Transfers")


def test_client_at_an_empty_address_is_caught(web3):
    with pytest.raises(ChainError, match="No contract at"):
        SmokeTokenClient.at(web3, "0x" + "12" * 20).check_deployed()
    with pytest.raises(ValidationError, match="is not an address"):
        SmokeTokenClient.at(web3, "0x1234")


# --- timeouts, dropped and replaced transactions ----------------------------------------------------


def test_timed_out_requests_are_retried_without_sending_twice(web3, owner, bob, token):
    """Answers held back longer than the client waits (the node handled the requests): each request is
    retried with backoff; the raw send with the same signed bytes."""
    nonce = _nonce(web3, owner)
    slow = ["eth_estimateGas", "eth_sendRawTransaction", "eth_getTransactionReceipt"]
    with _FlakyProxy(web3.provider.endpoint_uri, slow_after_forward=slow, delay=1.0) as proxy:
        w3 = Web3(provider(proxy.url, 0.4))
        receipt = send(w3, owner, contract_at(w3, "SmokeToken", token.address).functions.transfer(bob.address, 6),
                       backoff=0.05)
    assert proxy.slow == []
    assert proxy.seen.count("eth_sendRawTransaction") == 2  # the same signed bytes, resent once
    assert receipt.nonce == nonce and _nonce(web3, owner) == nonce + 1
    assert token.functions.balanceOf(bob.address).call() == 6



@pytest.fixture
def quick_recheck(monkeypatch):
    monkeypatch.setattr(tx_module, "RECHECK_AFTER", 0.2)


def _send_in_background(url, owner, token_address, to, amount, **options):
    """`send` a token transfer in a thread over its own connection; the receipt or error lands in the dict."""
    result = {}

    def work():
        w3 = Web3(Web3.HTTPProvider(url))
        try:
            result["receipt"] = send(w3, owner, contract_at(w3, "SmokeToken", token_address).functions.transfer(
                to, amount), **options)
        except Exception as error:  # noqa: BLE001 - reported to the test
            result["error"] = error

    thread = threading.Thread(target=work)
    thread.start()
    return thread, result


def _pooled(web3, sender, count=1, timeout=30.0):
    """Wait until the node holds `count` unmined transactions of `sender`; return their hashes by nonce."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        content = web3.provider.make_request("txpool_content", [])["result"]
        found = {}
        for group in ("pending", "queued"):
            for address, txs in content.get(group, {}).items():
                if address.lower() == sender.lower():
                    found.update({int(n): tx["hash"] for n, tx in txs.items()})
        if len(found) >= count:
            return [found[n] for n in sorted(found)]
        time.sleep(0.02)
    raise AssertionError("the transaction did not reach the node")


def test_a_transaction_the_node_drops_while_waiting_is_sent_again(
    web3, owner, bob, token, manual_mining, quick_recheck
):
    nonce = _nonce(web3, owner)
    thread, result = _send_in_background(web3.provider.endpoint_uri, owner, token.address, bob.address, 8, timeout=30)
    (tx_hash,) = _pooled(web3, owner.address)
    web3.provider.make_request("anvil_dropTransaction", [tx_hash])
    web3.provider.make_request("evm_setAutomine", [True])
    thread.join(60)
    assert "error" not in result, result.get("error")
    assert result["receipt"].tx_hash == tx_hash  # the same signed bytes, mined once
    assert _nonce(web3, owner) == nonce + 1
    assert token.functions.balanceOf(bob.address).call() == 8


def test_a_transaction_replaced_while_waiting_is_reported_at_once(
    web3, owner, bob, token, manual_mining, quick_recheck
):
    nonce = _nonce(web3, owner)
    thread, result = _send_in_background(web3.provider.endpoint_uri, owner, token.address, bob.address, 9, timeout=60)
    (tx_hash,) = _pooled(web3, owner.address)
    fees = Fees(max_fee_per_gas=50 * 10**9, max_priority_fee_per_gas=50 * 10**9)
    cancel = Account.sign_transaction(
        {"to": owner.address, "value": 0, "gas": 21_000, "nonce": nonce, "chainId": web3.eth.chain_id,
         "maxFeePerGas": fees.max_fee_per_gas, "maxPriorityFeePerGas": fees.max_priority_fee_per_gas},
        owner.key,
    )
    web3.eth.send_raw_transaction(cancel.raw_transaction)
    web3.provider.make_request("evm_mine", [])
    thread.join(60)
    assert not thread.is_alive()
    error = result.get("error")  # not waited for until the 60 s timeout: not a TransactionTimeoutError
    assert isinstance(error, TransactionError) and not isinstance(error, TransactionTimeoutError)
    assert f"Transaction {tx_hash} can never be mined: nonce {nonce} of {owner.address} was used by another" in str(error)
    assert _nonce(web3, owner) == nonce + 1
    assert token.functions.balanceOf(bob.address).call() == 0


def test_a_transaction_stuck_behind_a_dropped_one_is_reported_and_mined_once_the_gap_is_filled(
    web3, owner, bob, token, manual_mining, quick_recheck
):
    """Mining is off: a first transfer times out, a second one waits behind it; the node drops the first.
    The second one's timeout says it waits behind the missing nonce; the next transfer sent takes that
    nonce, and both are mined."""
    nonce = _nonce(web3, owner)
    transfer = contract_at(web3, "SmokeToken", token.address).functions.transfer
    with pytest.raises(TransactionTimeoutError, match="not mined yet") as first:
        send(web3, owner, transfer(bob.address, 1), timeout=0.3)
    thread, result = _send_in_background(web3.provider.endpoint_uri, owner, token.address, bob.address, 2, timeout=2)
    _, second = _pooled(web3, owner.address, count=2)
    web3.provider.make_request("anvil_dropTransaction", [first.value.tx_hash])
    thread.join(60)
    error = result.get("error")
    assert isinstance(error, TransactionTimeoutError) and error.tx_hash == second
    message = str(error)
    assert f"waits in the node's queue as nonce {nonce + 1} of {owner.address}, behind nonce {nonce}" in message
    assert f"it is mined as soon as a transaction with nonce {nonce} is" in message
    web3.provider.make_request("evm_setAutomine", [True])
    receipt = send(web3, owner, transfer(bob.address, 4))  # the pending nonce is the missing one
    assert receipt.nonce == nonce
    assert web3.eth.get_transaction_receipt(second)["status"] == 1
    assert _nonce(web3, owner) == nonce + 2
    assert token.functions.balanceOf(bob.address).call() == 2 + 4  # the dropped transfer never happened


@pytest.mark.parametrize("mining", ["automine", "interval"])
def test_a_transaction_queued_behind_a_nonce_gap_is_let_through_by_the_next_send(web3, owner, bob, token, mining):
    """Another transaction of the sender with nonce n+1 waits in the node's queue; `send` takes the pending
    nonce n, fills the gap, and both are mined, once each."""
    if mining == "interval":
        web3.provider.make_request("evm_setAutomine", [False])
        web3.provider.make_request("evm_setIntervalMining", [1])
    try:
        nonce = _nonce(web3, owner)
        queued = Account.sign_transaction(
            {"to": bob.address, "value": 5, "gas": 21_000, "nonce": nonce + 1, "chainId": web3.eth.chain_id,
             "maxFeePerGas": 10 * 10**9, "maxPriorityFeePerGas": 10**9},
            owner.key,
        )
        queued_hash = web3.eth.send_raw_transaction(queued.raw_transaction).to_0x_hex()
        assert _nonce(web3, owner) == nonce  # queued behind the gap: not pending
        balance = web3.eth.get_balance(bob.address)
        receipt = send(web3, owner, contract_at(web3, "SmokeToken", token.address).functions.transfer(bob.address, 3))
        assert receipt.nonce == nonce
        assert web3.eth.wait_for_transaction_receipt(queued_hash, timeout=10)["status"] == 1
        assert web3.eth.get_transaction_count(owner.address, "latest") == nonce + 2
        assert token.functions.balanceOf(bob.address).call() == 3
        assert web3.eth.get_balance(bob.address) == balance + 5
    finally:
        web3.provider.make_request("evm_setIntervalMining", [0])
        web3.provider.make_request("evm_setAutomine", [True])
