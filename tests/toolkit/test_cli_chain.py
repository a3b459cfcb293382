"""The command line against the test chain: connection from options, env and networks.yaml, signer
resolution, chain-id checks, suites, and keys that never show."""

import json

import pytest
from click.testing import CliRunner
from eth_account import Account

from sectoken.chain import LocalNode
from sectoken.cli import cli
from sectoken.cli.context import CliContext, GlobalOptions
from sectoken.deployments import ContractRecord, Deployments, SuiteRecord
from sectoken.signers import dev_account

KEY = "0x" + "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"
KEY_ADDRESS = Account.from_key(KEY).address
PASSWORD = "correct horse battery"
CLEAN_ENV = {
    name: None
    for name in (
        "SECTOKEN_NETWORK",
        "SECTOKEN_RPC_URL",
        "SECTOKEN_SUITE",
        "SECTOKEN_PRIVATE_KEY",
        "SECTOKEN_KEYSTORE",
        "SECTOKEN_KEYSTORE_PASSWORD",
        "SECTOKEN_DEPLOYMENTS",
    )
}


@pytest.fixture
def url(web3):
    return web3.provider.endpoint_uri


@pytest.fixture
def home(tmp_path):
    """An empty home folder, so no user networks file is read."""
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def run(args, home, env=None, **kwargs):
    return CliRunner().invoke(cli, args, env={**CLEAN_ENV, "HOME": str(home), **(env or {})}, **kwargs)


def account(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def keystore(tmp_path):
    path = tmp_path / "deployer.json"
    path.write_text(json.dumps(Account.encrypt(KEY, PASSWORD, kdf="pbkdf2", iterations=1000)))
    return path


@pytest.fixture(scope="module")
def testnet():
    """An Anvil started with Sepolia's chain id (11155111): a non-dev chain as sectoken sees it."""
    with LocalNode.start(chain_id=11155111) as node:
        yield node.web3()


@pytest.fixture
def testnet_url(testnet):
    return testnet.provider.endpoint_uri


@pytest.fixture
def chain_id(web3):
    return web3.eth.chain_id


@pytest.mark.parametrize(
    "where", [["--json", "--rpc-url", "{url}", "account"], ["account", "--rpc-url", "{url}", "--json"]]
)
def test_rpc_url_before_or_after_the_command(url, chain_id, home, accounts, where):
    data = account(run([arg.format(url=url) for arg in where], home))
    assert data["chainId"] == chain_id and data["address"] == accounts[0].address
    assert data["signer"] == "dev account 0" and data["balanceWei"] > 0


def test_rpc_url_from_the_environment(url, home, accounts):
    data = account(run(["account", "--json"], home, env={"SECTOKEN_RPC_URL": url}))
    assert data["rpcUrl"] == url


def test_command_line_beats_the_environment(url, home):
    env = {"SECTOKEN_RPC_URL": "http://127.0.0.1:9", "SECTOKEN_NETWORK": "ganache"}
    data = account(run(["account", "--json", "--rpc-url", url], home, env=env))
    assert data["rpcUrl"] == url


def test_account_index_selects_a_dev_account(url, home, accounts):
    data = account(run(["--account-index", "3", "account", "--json", "--rpc-url", url], home))
    assert data["address"] == accounts[3].address == dev_account(3).address


def test_named_network_from_networks_yaml_in_the_current_folder(url, chain_id, home, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "networks.yaml").write_text(
        f"networks:\n  devnet:\n    rpc_url: {url}\n    chain_id: {chain_id}\n    confirmations: 2\n"
    )
    data = account(run(["account", "--json"], home, env={"SECTOKEN_NETWORK": "devnet"}))
    assert (data["network"], data["confirmations"]) == ("devnet", 2)
    data = account(run(["account", "--json", "-n", "devnet", "--confirmations", "4"], home))
    assert data["confirmations"] == 4


def test_networks_yaml_in_the_home_folder_and_env_expansion(url, home, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (home / ".sectoken").mkdir()
    (home / ".sectoken" / "networks.yaml").write_text("devnet:\n  rpc_url: ${DEVNET_URL}\n")
    data = account(run(["account", "--json", "--network", "devnet"], home, env={"DEVNET_URL": url}))
    assert data["rpcUrl"] == url
    result = run(["account", "--network", "devnet"], home)
    assert result.exit_code == 1 and "environment variable DEVNET_URL is not set" in result.stderr


def test_wrong_chain_id_is_refused(url, chain_id, home, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "networks.yaml").write_text(f"sepolia:\n  rpc_url: {url}\n  chain_id: 11155111\n")
    result = run(["account", "--network", "sepolia"], home)
    assert result.exit_code == 1
    assert f"Connected to chain {chain_id}, but network 'sepolia'" in result.stderr
    assert "is on chain 11155111" in result.stderr


def test_private_key_from_the_environment_is_used_and_never_printed(url, home):
    for extra in ([], ["--json"]):
        result = run(["account", "--rpc-url", url, *extra], home, env={"SECTOKEN_PRIVATE_KEY": KEY})
        assert result.exit_code == 0, result.output
        assert KEY_ADDRESS in result.stdout
        for text in (result.stdout, result.stderr):
            assert KEY.removeprefix("0x") not in text.lower()


def test_malformed_private_key_is_an_error_that_does_not_echo_it(url, home):
    bad = KEY[:-2]
    result = run(["account", "--rpc-url", url], home, env={"SECTOKEN_PRIVATE_KEY": bad})
    assert result.exit_code == 1
    assert "SECTOKEN_PRIVATE_KEY is not a valid private key" in result.stderr
    assert bad.removeprefix("0x") not in result.output and "Traceback" not in result.output


def test_testnet_needs_a_key_or_keystore(testnet, testnet_url, home):
    result = run(["account", "--rpc-url", testnet_url], home)
    assert result.exit_code == 1
    assert "No signer for chain 11155111: set SECTOKEN_PRIVATE_KEY or pass --keystore FILE" in result.stderr
    result = run(["account", "--rpc-url", testnet_url, "--account-index", "1"], home)
    assert result.exit_code == 1 and "only on dev chains" in result.stderr


def test_testnet_keystore_with_password_from_env_or_prompt(testnet, testnet_url, home, keystore):
    env = {"SECTOKEN_KEYSTORE_PASSWORD": PASSWORD}
    data = account(run(["account", "--json", "--rpc-url", testnet_url, "--keystore", str(keystore)], home, env=env))
    assert (data["address"], data["chainId"], data["signer"]) == (KEY_ADDRESS, 11155111, "keystore deployer.json")
    result = run(["account", "--rpc-url", testnet_url, "--keystore", str(keystore)], home, input=PASSWORD + "\n")
    assert result.exit_code == 0 and KEY_ADDRESS in result.stdout
    assert PASSWORD not in result.output


def test_wrong_keystore_password_is_a_clear_error_and_sends_nothing(testnet, testnet_url, home, keystore):
    block = testnet.eth.block_number
    env = {"SECTOKEN_KEYSTORE_PASSWORD": "wrong password"}
    result = run(["account", "--rpc-url", testnet_url, "--keystore", str(keystore)], home, env=env)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: Wrong password for keystore {keystore}."
    assert "wrong password" not in result.output and KEY.removeprefix("0x") not in result.output.lower()
    assert testnet.eth.block_number == block


def test_testnet_context_signs_raw_transactions_with_the_keystore(testnet, testnet_url, keystore, accounts):
    testnet.provider.make_request("anvil_setBalance", [KEY_ADDRESS, hex(10**18)])
    ctx = CliContext(GlobalOptions(rpc_url=testnet_url, keystore=keystore), env={"SECTOKEN_KEYSTORE_PASSWORD": PASSWORD})
    receipt = ctx.send({"to": accounts[2].address}, value=5)
    sent = testnet.eth.get_transaction(receipt.tx_hash)
    assert sent["from"] == KEY_ADDRESS and sent["chainId"] == 11155111 and sent["type"] == 2


def test_suite_is_found_on_the_connected_chain(url, chain_id, home, tmp_path):
    store = Deployments(tmp_path / "deployments")
    record = ContractRecord("SmokeToken", "0x" + "11" * 20, "0x" + "22" * 32, 1, "")
    store.save(SuiteRecord("demo", chain_id, {"token": record}))
    store.save(SuiteRecord("other", chain_id + 1, {"token": record}))
    base = ["suites", "--rpc-url", url, "--deployments", str(store.directory)]
    data = account(run([*base, "--suite", "demo", "--json"], home))
    assert data["contracts"]["token"]["address"] == record.address
    result = run(base, home, env={"SECTOKEN_SUITE": "other"})
    assert result.exit_code == 1
    assert f"No suite 'other' on chain {chain_id}" in result.stderr and "known: demo" in result.stderr
    assert f"exists on chain {chain_id + 1}" in result.stderr


def test_local_network_starts_its_node_when_nothing_answers(testnet_url, home):
    """`--network local` asks the starter for a node when the port is closed, then connects."""
    from sectoken.errors import ChainError

    started = []
    attempts = []

    def connector(target, timeout):
        attempts.append(target)
        if not started:
            raise ChainError(f"nothing at {target}")
        from web3 import Web3

        return Web3(Web3.HTTPProvider(testnet_url))

    ctx = CliContext(GlobalOptions(network="local"), env={}, connector=connector, starter=started.append)
    with pytest.raises(Exception, match="Connected to chain 11155111, but network 'local'"):
        ctx.web3()  # the node answering is chain 11155111, the built-in local network expects 31337
    assert [network.name for network in started] == ["local"]
    assert attempts == ["http://127.0.0.1:8545", "http://127.0.0.1:8545"]
