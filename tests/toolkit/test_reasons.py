"""The ERC-1404 table agrees with RestrictionCodes.sol, and reverts decode into typed exceptions."""

import re
from pathlib import Path

import pytest
from eth_abi import encode
from eth_utils import function_signature_to_4byte_selector
from web3 import Web3

from sectoken import artifacts
from sectoken.errors import RevertError, SectokenError, TransferRestrictedError
from sectoken.reasons import (
    PANIC_CODES,
    ErrorTable,
    Restriction,
    decode_revert,
    message,
    priority,
    revert_data,
    revert_error,
)

SOL = Path(__file__).resolve().parents[2] / "contracts" / "libraries" / "RestrictionCodes.sol"


def _solidity_table():
    """Parse the constants, messages and priorities out of RestrictionCodes.sol."""
    source = SOL.read_text()
    constants = {name: int(value) for name, value in re.findall(r"uint8 internal constant (\w+) = (\d+);", source)}
    message_body = source[source.index("function message") : source.index("function priority")]
    priority_body = source[source.index("function priority") :]
    messages = {
        constants[name]: text
        for name, text in re.findall(r'if \(code == (\w+)\)\s*\{?\s*return "([^"]*)";', message_body)
    }
    priorities = {
        constants[name]: int(rank) for name, rank in re.findall(r"if \(code == (\w+)\) return (\d+);", priority_body)
    }
    return constants, messages, priorities


@pytest.fixture
def harness(RestrictionCodesHarness, accounts, web3):
    deployed = RestrictionCodesHarness.deploy({"from": accounts[0]})
    return web3.eth.contract(address=deployed.address, abi=artifacts.load("RestrictionCodesHarness").abi)


@pytest.fixture
def plain_web3(web3):
    """A plain web3.py client (web3's own error formatting, unlike brownie's) on the test chain."""
    return Web3(Web3.HTTPProvider(web3.provider.endpoint_uri))


def test_enum_names_and_values_match_the_solidity_constants():
    constants, _, _ = _solidity_table()
    assert {member.name: member.value for member in Restriction} == constants


def test_messages_and_priorities_match_the_solidity_source():
    _, messages, priorities = _solidity_table()
    assert {code: message(code) for code in messages} == messages
    assert {code: priority(code) for code in priorities} == priorities
    assert set(messages) == {member.value for member in Restriction}


def test_every_code_agrees_with_the_deployed_library(harness):
    for code in [*Restriction, 7, 15, 24, 255]:
        assert harness.functions.message(int(code)).call() == message(code), code
        assert harness.functions.priority(int(code)).call() == priority(code), code


def test_every_code_agrees_through_brownie(RestrictionCodesHarness, accounts):
    """The same, through brownie's contract object (traced by its coverage)."""
    deployed = RestrictionCodesHarness.deploy({"from": accounts[0]})
    for code in [*Restriction, 7, 255]:
        assert deployed.message(int(code)) == message(code), code
        assert deployed.priority(int(code)) == priority(code), code


def test_unknown_code_has_the_libraries_fallbacks():
    assert message(99) == "Unknown restriction code."
    assert priority(99) == 255
    assert priority(Restriction.PAUSED) == 255


@pytest.mark.parametrize("client", ["brownie", "plain"])
def test_transfer_restricted_from_a_call_becomes_transfer_restricted_error(harness, web3, plain_web3, client):
    w3 = web3 if client == "brownie" else plain_web3
    contract = w3.eth.contract(address=harness.address, abi=harness.abi)
    with pytest.raises(Exception) as info:
        contract.functions.restrict(Restriction.MAX_HOLDERS_EXCEEDED).call()
    error = revert_error(info.value)
    assert isinstance(error, TransferRestrictedError)
    assert isinstance(error, SectokenError)
    assert error.code == 19
    assert error.reason is Restriction.MAX_HOLDERS_EXCEEDED
    assert error.message == message(19)
    assert "code 19 (MAX_HOLDERS_EXCEEDED)" in str(error)
    assert error.tx_hash is None


@pytest.mark.parametrize("client", ["brownie", "plain"])
def test_error_string_is_decoded(harness, web3, plain_web3, client):
    w3 = web3 if client == "brownie" else plain_web3
    contract = w3.eth.contract(address=harness.address, abi=harness.abi)
    with pytest.raises(Exception) as info:
        contract.functions.fail("no such investor").estimate_gas()
    error = revert_error(info.value)
    assert type(error) is RevertError
    assert error.name == "Error"
    assert error.message == "no such investor"
    assert error.arguments == {"message": "no such investor"}


@pytest.mark.parametrize("client", ["brownie", "plain"])
def test_panic_is_decoded_with_its_meaning(harness, web3, plain_web3, client):
    w3 = web3 if client == "brownie" else plain_web3
    contract = w3.eth.contract(address=harness.address, abi=harness.abi)
    with pytest.raises(Exception) as info:
        contract.functions.divide(1, 0).call()
    error = revert_error(info.value)
    assert error.name == "Panic"
    assert error.arguments == {"code": 0x12}
    assert error.message == "panic 0x12: division or modulo by zero"


def test_custom_error_from_an_artifact_is_decoded_with_named_arguments(SmokeToken, accounts, plain_web3):
    token = SmokeToken.deploy(100, {"from": accounts[0]})
    contract = plain_web3.eth.contract(address=token.address, abi=artifacts.load("SmokeToken").abi)
    with pytest.raises(Exception) as info:
        contract.functions.transfer(accounts[2].address, 5).call({"from": accounts[1].address})
    error = revert_error(info.value)
    assert error.name == "ERC20InsufficientBalance"
    assert error.signature == "ERC20InsufficientBalance(address,uint256,uint256)"
    assert error.arguments == {"sender": accounts[1].address, "balance": 0, "needed": 5}
    assert error.message == f"ERC20InsufficientBalance(sender={accounts[1].address}, balance=0, needed=5)"


def test_raw_rpc_error_payload_is_decoded(harness, web3):
    data = harness.functions.restrict(Restriction.TOKENS_LOCKED)._encode_transaction_data()
    response = web3.provider.make_request("eth_call", [{"to": harness.address, "data": data}, "latest"])
    exc = ValueError(response["error"])
    assert revert_data(exc) == function_signature_to_4byte_selector("TransferRestricted(uint8)") + encode(
        ["uint8"], [21]
    )
    assert revert_error(exc).code == Restriction.TOKENS_LOCKED


def test_ganache_style_payload_with_nested_result_is_decoded():
    reason = function_signature_to_4byte_selector("Error(string)") + encode(["string"], ["paused"])
    payload = {
        "message": "VM Exception while processing transaction: revert paused",
        "code": -32000,
        "data": {"0xabc": {"error": "revert", "program_counter": 10, "return": "0x" + reason.hex()}},
    }
    assert revert_error(ValueError(payload)).message == "paused"


def test_errors_that_are_not_reverts_give_none():
    assert revert_data(ConnectionError("refused")) is None
    assert revert_error(ValueError({"code": -32000, "message": "nonce too low"})) is None


def test_empty_revert_data():
    decoded = decode_revert(b"")
    assert decoded.kind == "empty"
    assert "without a reason" in decoded.message


def test_unknown_selector_says_which_abi_is_missing():
    selector = function_signature_to_4byte_selector("Mystery(uint256)")
    decoded = decode_revert(selector + encode(["uint256"], [7]))
    assert decoded.kind == "unknown"
    assert "0x" + selector.hex() in decoded.message
    assert "pass the ABI" in decoded.message


def test_given_abis_decode_errors_the_artifacts_lack():
    abi = [{"type": "error", "name": "Mystery", "inputs": [{"name": "", "type": "uint256"}]}]
    selector = function_signature_to_4byte_selector("Mystery(uint256)")
    decoded = decode_revert(selector + encode(["uint256"], [7]), [abi])
    assert (decoded.kind, decoded.name, decoded.arguments) == ("custom", "Mystery", {"arg0": 7})
    # The shipped errors are still found when extra ABIs are given.
    restricted = function_signature_to_4byte_selector("TransferRestricted(uint8)") + encode(["uint8"], [1])
    assert isinstance(decode_revert(restricted, [abi]).to_exception(), TransferRestrictedError)
    assert len(ErrorTable([abi])) == 1


def test_unknown_restriction_code_still_gives_transfer_restricted_error():
    data = function_signature_to_4byte_selector("TransferRestricted(uint8)") + encode(["uint8"], [99])
    error = decode_revert(data).to_exception()
    assert isinstance(error, TransferRestrictedError)
    assert (error.code, error.reason, error.message) == (99, None, "Unknown restriction code.")


def test_every_panic_code_has_a_meaning():
    data = function_signature_to_4byte_selector("Panic(uint256)")
    for code, meaning in PANIC_CODES.items():
        assert decode_revert(data + encode(["uint256"], [code])).message == f"panic 0x{code:02x}: {meaning}"


# --- Ganache: its own RPC error payloads -----------------------------------------------------------

@pytest.fixture(scope="module")
def ganache():
    """A Ganache node of our own on a free local port (the library's launcher: Ganache on Node.js can take
    a while to start on a busy machine), stopped after this module."""
    from sectoken.chain import LocalNode

    with LocalNode.start("ganache", chain_id=1337) as node:
        yield node.web3()


@pytest.fixture(scope="module")
def ganache_harness(ganache):
    from sectoken.signers import dev_account
    from sectoken.tx import contract_at, deploy

    address, _ = deploy(ganache, dev_account(0), "RestrictionCodesHarness")
    return contract_at(ganache, "RestrictionCodesHarness", address)


@pytest.mark.parametrize("how", ["call", "estimate_gas"])
def test_ganache_reverts_are_decoded(ganache_harness, how):
    cases = [
        (ganache_harness.functions.restrict(Restriction.SENDER_FROZEN), "TransferRestricted"),
        (ganache_harness.functions.fail("frozen by agent"), "Error"),
        (ganache_harness.functions.divide(1, 0), "Panic"),
    ]
    for function, name in cases:
        with pytest.raises(Exception) as info:
            getattr(function, how)()
        error = revert_error(info.value)
        assert error is not None and error.name == name, info.value
    with pytest.raises(Exception) as info:
        ganache_harness.functions.restrict(Restriction.SENDER_FROZEN).call()
    assert revert_error(info.value).code == Restriction.SENDER_FROZEN


def test_ganache_raw_rpc_payload_is_decoded(ganache, ganache_harness):
    data = ganache_harness.functions.fail("not whitelisted")._encode_transaction_data()
    response = ganache.provider.make_request("eth_call", [{"to": ganache_harness.address, "data": data}, "latest"])
    assert "error" in response
    assert revert_error(ValueError(response["error"])).message == "not whitelisted"


def test_ganache_mined_revert_is_decoded(ganache, ganache_harness):
    from sectoken.signers import dev_account
    from sectoken.tx import send

    with pytest.raises(TransferRestrictedError) as info:
        send(ganache, dev_account(1), ganache_harness.functions.restrict(Restriction.RECIPIENT_FROZEN),
             gas=100_000, validate=False)
    assert info.value.code == Restriction.RECIPIENT_FROZEN and info.value.tx_hash
    assert ganache.eth.get_transaction_receipt(info.value.tx_hash)["status"] == 0
