"""The command line without a chain: commands found, global options anywhere, usage errors exit 2."""

import json

import click
import pytest
from click.testing import CliRunner

from sectoken import __version__, artifacts
from sectoken.cli import cli
from sectoken.cli.context import CliContext, pass_cli
from sectoken.cli.options import ADDRESS, SectokenCommand, SectokenGroup, global_options
from tests.chainless import isolation  # noqa: F401  (no chain snapshot around these tests)

CLEAN_ENV = {
    "SECTOKEN_NETWORK": None,
    "SECTOKEN_RPC_URL": None,
    "SECTOKEN_SUITE": None,
    "SECTOKEN_PRIVATE_KEY": None,
    "SECTOKEN_KEYSTORE": None,
    "SECTOKEN_KEYSTORE_PASSWORD": None,
    "SECTOKEN_DEPLOYMENTS": None,
}


def run(*args, env=None, **kwargs):
    return CliRunner().invoke(cli, list(args), env={**CLEAN_ENV, **(env or {})}, **kwargs)


def test_version_command_and_flag():
    result = run("version")
    assert result.exit_code == 0 and f"sectoken {__version__}" in result.stdout
    assert run("--version").stdout.strip() == f"sectoken, version {__version__}"


@pytest.mark.parametrize("args", [["--json", "version"], ["version", "--json"]])
def test_json_flag_before_or_after_the_command(args):
    result = run(*args)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["sectoken"] == __version__


def test_artifacts_lists_the_shipped_artifacts():
    result = run("artifacts")
    assert result.exit_code == 0
    for name in artifacts.names():
        assert name in result.stdout
    rows = json.loads(run("artifacts", "--json").stdout)
    smoke = next(row for row in rows if row["name"] == "SmokeToken")
    assert smoke["deployable"] and smoke["bytecodeSha256"] == artifacts.load("SmokeToken").bytecode_sha256


def test_help_lists_the_commands_and_global_options():
    result = run("--help")
    assert result.exit_code == 0
    for word in ("account", "artifacts", "suites", "version", "--network", "--rpc-url", "--suite", "--keystore"):
        assert word in result.stdout


def test_every_command_accepts_the_global_options():
    for name in cli.list_commands(click.Context(cli)):
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "--rpc-url" in result.stdout and "--json" in result.stdout, name


@pytest.mark.parametrize(
    "args",
    [["no-such-command"], ["version", "--bogus"], ["--account-index", "-1", "version"], ["version", "--confirmations", "0"]],
)
def test_bad_usage_exits_2(args):
    result = run(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_both_network_and_rpc_url_on_the_command_line_is_a_usage_error():
    result = run("--network", "local", "account", "--rpc-url", "http://127.0.0.1:1")
    assert result.exit_code == 2
    assert "Give --network or --rpc-url, not both" in result.stderr


def test_unknown_network_is_one_red_line_and_exit_1(tmp_path):
    result = run("account", "--network", "sepolai", env={"HOME": str(tmp_path)})
    assert result.exit_code == 1
    assert result.stderr.startswith("error: Unknown network 'sepolai'.")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output


def test_unreachable_rpc_is_a_clear_error():
    result = run("account", "--rpc-url", "http://127.0.0.1:9")
    assert result.exit_code == 1
    assert "No JSON-RPC node answers at http://127.0.0.1:9" in result.stderr


def test_suites_lists_records_from_the_deployments_folder(tmp_path):
    from sectoken.deployments import ContractRecord, Deployments, SuiteRecord

    Deployments(tmp_path).save(
        SuiteRecord("demo", 31337, {"token": ContractRecord("SmokeToken", "0x" + "11" * 20, "0x" + "22" * 32, 3, "")})
    )
    result = run("suites", "--json", "--deployments", str(tmp_path))
    assert result.exit_code == 0
    (row,) = json.loads(result.stdout)
    assert (row["chainId"], row["name"], row["contracts"]) == (31337, "demo", 1)
    env_result = run("suites", env={"SECTOKEN_DEPLOYMENTS": str(tmp_path)})
    assert "demo" in env_result.stdout


def test_a_new_command_group_gets_the_global_options_anywhere():
    seen = {}

    @click.group(cls=SectokenGroup)
    def token():
        """A group written the documented way."""

    @token.command()
    @click.argument("wallet", type=ADDRESS)
    @click.argument("amount", type=int)
    @pass_cli
    def mint(ctx: CliContext, wallet, amount):
        seen.update(wallet=wallet, amount=amount, rpc=ctx.options.rpc_url, suite=ctx.options.suite)

    root = click.Group(commands={"token": token})
    global_options(root)
    wallet = "0x" + "ab" * 20
    for args in (
        ["--rpc-url", "http://a", "token", "mint", wallet, "5", "--suite", "s"],
        ["token", "mint", wallet, "5", "--rpc-url", "http://a", "--suite", "s"],
        ["token", "--suite", "s", "mint", "--rpc-url", "http://a", wallet, "5"],
    ):
        seen.clear()
        result = CliRunner().invoke(root, args, env=CLEAN_ENV)
        assert result.exit_code == 0, result.output
        assert seen == {"wallet": "0xABaBaBaBABabABabAbAbABAbABabababaBaBABaB", "amount": 5, "rpc": "http://a", "suite": "s"}


def test_later_command_line_value_wins_and_env_never_overrides_the_command_line():
    captured = {}

    @click.command(cls=SectokenCommand)
    @pass_cli
    def show(ctx: CliContext):
        captured.update(suite=ctx.options.suite, network=ctx.options.network)

    root = click.Group(commands={"show": show})
    global_options(root)
    runner = CliRunner()
    runner.invoke(root, ["--suite", "a", "show", "--suite", "b"], env=CLEAN_ENV)
    assert captured["suite"] == "b"
    runner.invoke(root, ["--suite", "a", "show"], env={**CLEAN_ENV, "SECTOKEN_SUITE": "from-env"})
    assert captured["suite"] == "a"
    runner.invoke(root, ["show"], env={**CLEAN_ENV, "SECTOKEN_SUITE": "from-env", "SECTOKEN_NETWORK": "n"})
    assert captured == {"suite": "from-env", "network": "n"}


@pytest.mark.parametrize(
    ("value", "message"),
    [("0x1234", "is not an address"), ("0xABaBaBaBABabABabAbAbABAbABabababaBaBABaC", "wrong checksum")],
)
def test_address_type_refuses_bad_addresses(value, message):
    @click.command()
    @click.argument("wallet", type=ADDRESS)
    def take(wallet):
        pass

    result = CliRunner().invoke(take, [value])
    assert result.exit_code == 2 and message in result.output
