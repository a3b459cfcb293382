"""No unbounded fee: a transaction that would offer more than the maximum fee per gas is refused, with the
figures, before anything is signed; the maximum comes from the connection (a network's max_fee,
--max-fee, SECTOKEN_MAX_FEE) and defaults to 500 gwei."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from web3 import Web3

from sectoken import artifacts
from sectoken.cli import cli
from sectoken.errors import ConfigError, FeeTooHighError
from sectoken.journal import Journal, Step
from sectoken.networks import load_networks_file, parse_fee
from sectoken.signers import dev_account
from sectoken.tx import DEFAULT_MAX_FEE_PER_GAS, Fees, contract_at, deploy, estimate_fees, send, set_max_fee

from ..lying_rpc import LyingRpc
from ..suite.resume_helpers import EXAMPLE

GWEI = 10**9
owner = dev_account(0)
BOB = dev_account(1).address


def _nonce(w3: Web3) -> int:
    return int(w3.eth.get_transaction_count(owner.address, "pending"))


@pytest.fixture
def token(web3):
    address, _ = deploy(web3, owner, artifacts.load("SmokeToken"), 10**6)
    return contract_at(web3, "SmokeToken", address)


def test_an_absurd_priority_fee_from_the_provider_is_refused_before_signing(web3, token):
    before = _nonce(web3)
    with LyingRpc(web3.provider.endpoint_uri, max_priority_fee=50_000 * GWEI) as rpc:
        w3 = Web3(Web3.HTTPProvider(rpc.url))
        with pytest.raises(FeeTooHighError, match=r"above the maximum of 500 gwei; nothing was signed") as info:
            send(w3, owner, contract_at(w3, "SmokeToken", token.address).functions.transfer(BOB, 1))
    assert "50,000 gwei" in str(info.value) and "--max-fee" in str(info.value)
    assert rpc.raw_sent == [] and _nonce(web3) == before
    assert token.functions.balanceOf(BOB).call() == 0


def test_the_import_journal_refuses_the_same_fee_and_journals_nothing(web3, token, tmp_path):
    with LyingRpc(web3.provider.endpoint_uri, max_priority_fee=50_000 * GWEI) as rpc:
        w3 = Web3(Web3.HTTPProvider(rpc.url))
        step = Step("pay bob", "pay", contract_at(w3, "SmokeToken", token.address).functions.transfer(BOB, 1))
        with Journal.open(tmp_path / "j.jsonl", {"test": "fees"}) as journal, pytest.raises(FeeTooHighError):
            journal.run(w3, owner, [step])
        assert journal.steps == {}
    assert rpc.raw_sent == []


def test_the_cap_belongs_to_the_connection_and_binds_given_fees_too(web3, token):
    w3 = set_max_fee(Web3(Web3.HTTPProvider(web3.provider.endpoint_uri)), GWEI // 10**3)
    before = _nonce(web3)
    transfer = contract_at(w3, "SmokeToken", token.address).functions.transfer(BOB, 1)
    with pytest.raises(FeeTooHighError, match=r"above the maximum of 0.001 gwei"):
        send(w3, owner, transfer)
    with pytest.raises(FeeTooHighError, match=r"would be 2 gwei, above the maximum of 0.001 gwei"):
        send(w3, owner, transfer, fees=Fees(gas_price=2 * GWEI))
    assert _nonce(web3) == before
    assert send(set_max_fee(w3, None), owner, transfer).status == 1  # back to the default


def test_max_fee_per_gas_is_lowered_to_the_cap_when_base_and_priority_fit(web3):
    w3 = Web3(Web3.HTTPProvider(web3.provider.endpoint_uri))
    fees = estimate_fees(w3)
    assert fees.max_fee_per_gas is not None and fees.max_priority_fee_per_gas is not None
    assert fees.max_fee_per_gas <= DEFAULT_MAX_FEE_PER_GAS
    cap = fees.max_priority_fee_per_gas + 1
    assert estimate_fees(w3, cap=cap).max_fee_per_gas == min(fees.max_fee_per_gas, cap)


@pytest.mark.parametrize(
    ("text", "wei"), [("50", 50 * GWEI), ("0.5", GWEI // 2), ("1.5 gwei", 3 * GWEI // 2), ("7000 wei", 7000)]
)
def test_fees_are_read_in_gwei_or_wei(text, wei):
    assert parse_fee(text) == wei


@pytest.mark.parametrize("text", ["0", "-1", "lots", "1.5 wei", "0.0000000001"])
def test_a_fee_that_is_not_a_positive_amount_is_refused(text):
    with pytest.raises(ConfigError, match="--max-fee"):
        parse_fee(text)


def _deploy_with(url: str, tmp_path, *args: str, env: dict | None = None):
    return CliRunner().invoke(
        cli,
        ["deploy", str(EXAMPLE), "--deployments", str(tmp_path / "deployments"), *args],
        env={"HOME": str(tmp_path), "SECTOKEN_ALLOW_DEV_ACCOUNTS": "1", "SECTOKEN_MAX_FEE": None, **(env or {})},
    )


@pytest.mark.parametrize("how", ["option", "environment", "networks file"])
def test_the_command_line_refuses_above_the_maximum_it_was_given(web3, tmp_path, how):
    url = web3.provider.endpoint_uri
    before = _nonce(web3)
    if how == "option":
        result = _deploy_with(url, tmp_path, "--rpc-url", url, "--max-fee", "0.000001")
    elif how == "environment":
        result = _deploy_with(url, tmp_path, "--rpc-url", url, env={"SECTOKEN_MAX_FEE": "1000 wei"})
    else:
        (tmp_path / ".sectoken").mkdir()
        networks = tmp_path / ".sectoken" / "networks.yaml"
        networks.write_text(f"networks:\n  capped:\n    rpc_url: {url}\n    max_fee: 1000 wei\n")
        assert load_networks_file(networks)["capped"].max_fee == 1000
        result = _deploy_with(url, tmp_path, "--network", "capped")
    assert result.exit_code == 1, result.output
    assert "above the maximum of 0.000001 gwei; nothing was signed" in result.stderr
    assert _nonce(web3) == before
