"""The command line's conventions, whatever the command: under --json a failure is JSON too (usage errors
included), a revert's amounts are in tokens with their unit, times are ISO dates, keys camelCase, a
mistyped command gets a suggestion, and Ctrl-C says what was left behind and how to go on."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sectoken.cli.output import iso_time, json_ready
from sectoken.signers import dev_account
from sectoken.tx import send

from .conftest import ALICE, CLEAN_ENV, DEPLOYER, ERIN, SUITE, one_red_line, pending_nonce


@pytest.fixture(autouse=True)
def ready(onboarded):
    """Every test starts from the onboarded suite."""


def json_failure(result, exit_code=1) -> dict:
    assert result.exit_code == exit_code, (result.stdout, result.stderr)
    assert "Traceback" not in result.output
    return json.loads(result.stdout)["error"]


def test_under_json_a_refusal_is_json_with_its_code(web3, sectoken):
    before = pending_nonce(web3, DEPLOYER)
    error = json_failure(sectoken("token", "mint", ERIN, "5", "--json"))
    assert (error["type"], error["code"], error["reason"]) == ("TransferRestrictedError", 6, "RECIPIENT_NOT_VERIFIED")
    assert "code 6 (RECIPIENT_NOT_VERIFIED)" in error["message"]
    error = json_failure(sectoken("--json", "token", "mint", ALICE, "2.5"))
    assert error["type"] == "ValidationError" and "finer than the token allows" in error["message"]
    assert pending_nonce(web3, DEPLOYER) == before


def test_under_json_a_usage_error_is_json_too(sectoken):
    error = json_failure(sectoken("token", "mint", "0x1234", "5", "--json"), exit_code=2)
    assert error["type"] == "BadParameter" and "is not an address" in error["message"]
    error = json_failure(sectoken("--json", "tokn", "info"), exit_code=2)
    assert error["type"] == "NoSuchCommand" and "Did you mean 'token'?" in error["message"]


def test_a_mistyped_command_gets_a_suggestion(sectoken):
    result = sectoken("tokn", "info")
    assert result.exit_code == 2 and "No such command 'tokn'. Did you mean 'token'?" in result.stderr
    result = sectoken("stablecoin", "trasnfer", ALICE, "1")
    assert result.exit_code == 2 and "Did you mean 'transfer'?" in result.stderr


def test_a_reverts_amounts_are_in_tokens_with_their_unit(web3, sectoken):
    before = pending_nonce(web3, DEPLOYER)
    text = one_red_line(sectoken("stablecoin", "mint", ALICE, "10000001"))
    assert f"StablecoinMinterAllowanceExceeded(minter={DEPLOYER}, allowance=10,000,000 stUSD, " \
           "amount=10,000,001 stUSD)" in text
    error = json_failure(sectoken("stablecoin", "mint", ALICE, "10000001", "--json"))
    assert error["revert"] == {"name": "StablecoinMinterAllowanceExceeded", "unit": "stUSD",
                               "arguments": {"minter": DEPLOYER, "allowance": "10000000", "amount": "10000001"}}
    text = one_red_line(sectoken("stablecoin", "burn", "3.5"))  # the deployer holds none
    assert f"ERC20InsufficientBalance(sender={DEPLOYER}, balance=0 stUSD, needed=3.5 stUSD)" in text
    assert pending_nonce(web3, DEPLOYER) == before


def test_times_are_iso_dates_and_keys_camel_case(sectoken):
    info = sectoken.json("stablecoin", "info")
    assert info["attestedAt"].endswith("Z") and "T" in info["attestedAt"]
    assert json_ready({"valid_until": 0, "expiry": 2**64 - 1, "created_at": 1_900_000_000}) == {
        "validUntil": 0, "expiry": "never", "createdAt": "2030-03-17T17:46:40Z"}
    assert iso_time(0) is None


def test_ctrl_c_says_what_was_sent_and_how_to_go_on(web3, sectoken, manual_mining):
    """A mint waits for a block that never comes (automining off); Ctrl-C then says the transaction may
    still be mined and to look before sending again."""
    env = {name: value for name, value in os.environ.items() if name not in CLEAN_ENV} | {"HOME": str(sectoken.home)}
    command = [str(Path(sys.executable).parent / "sectoken"), "token", "mint", ALICE, "5", "--rpc-url", sectoken.url,
               "--deployments", str(sectoken.deployments), "--suite", SUITE]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not web3.provider.make_request("txpool_content", [])["result"]["pending"]:
            assert time.monotonic() < deadline and process.poll() is None, process.communicate()
            time.sleep(0.1)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        web3.provider.make_request("evm_mine", [])
    assert process.returncode == 130, (out, err)
    assert "Interrupted. A transaction already sent may still be mined" in err and "Traceback" not in err


def test_a_missing_power_is_named_not_hashed(sectoken):
    text = one_red_line(sectoken("token", "pause", "--account-index", "1"))
    assert f"AccessControlUnauthorizedAccount(account={ALICE}, neededRole=PAUSE_ROLE)" in text
    error = json_failure(sectoken("token", "pause", "--account-index", "1", "--json"))
    assert error["revert"]["arguments"] == {"account": ALICE, "neededRole": "PAUSE_ROLE"}


def test_confirmations_on_a_chain_that_mines_on_demand_report_the_transaction_mined(web3, sectoken, onboarded):
    """The test chain automines: a second block never comes by itself. The mint is reported mined at once,
    with a note, instead of waiting two minutes and failing (a caller retrying would then mint twice)."""
    minted = sectoken.json("token", "mint", ALICE, "5", "--confirmations", "2")  # waiting would time out: exit 1
    assert (minted["mined"], minted["confirmations"]) == (True, 1)
    assert "this chain mines a block only when a transaction arrives" in minted["note"]
    assert onboarded.token.balance_of(ALICE) == 5
    assert "no more were waited for" in sectoken.ok("token", "mint", ALICE, "5", "--confirmations", "3").stdout
    assert "note" not in sectoken.json("token", "mint", ALICE, "5")


def test_a_timeout_says_the_transaction_was_sent(web3, onboarded, manual_mining):
    """A transaction not mined in time was sent: the error (and its JSON) says so, with its hash."""
    from sectoken.cli.failures import error_data
    from sectoken.errors import TransactionTimeoutError

    with pytest.raises(TransactionTimeoutError) as raised:
        send(web3, dev_account(0), onboarded.token.function("mint", ALICE, 1), timeout=1)
    web3.provider.make_request("evm_mine", [])
    data = error_data(raised.value)
    assert (data["sent"], data["txHash"]) == (True, raised.value.tx_hash)
    assert "was sent once" in data["message"] and "look it up by its hash before sending again" in data["message"]
    assert web3.eth.get_transaction_receipt(raised.value.tx_hash)["status"] == 1
