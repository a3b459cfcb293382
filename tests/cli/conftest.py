"""Fixtures for the command-line tests: the `sectoken` command run in-process (CliRunner) against the test
chain by --rpc-url, with its own deployments folder and an empty home, and the example suite deployed by
`sectoken deploy` once per test process, each module starting from the chain as it left it. The autouse
isolation reverts every test's changes on the chain."""

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sectoken.cli import cli
from sectoken.signers import dev_account
from sectoken.suite import Suite
from tests.conftest import starts_from_kept_state

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "uk-us-bond.yaml"
SUITE = "uk-us-bond"
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
DEPLOYER, ALICE, BOB, CAROL, ERIN = (dev_account(i).address for i in (0, 1, 2, 3, 4))


class Sectoken:
    """Runs `sectoken ARGS --rpc-url URL --deployments DIR [--suite NAME]` and keeps the folders."""

    def __init__(self, url: str, deployments: Path, home: Path) -> None:
        self.url = url
        self.deployments = deployments
        self.home = home

    def __call__(self, *args: object, suite: bool = True, env: dict | None = None) -> Result:
        options = ["--rpc-url", self.url, "--deployments", str(self.deployments)]
        if suite:
            options += ["--suite", SUITE]
        environment = {**CLEAN_ENV, "HOME": str(self.home), **(env or {})}
        return CliRunner().invoke(cli, [str(arg) for arg in args] + options, env=environment)

    def ok(self, *args: object, **kwargs: object) -> Result:
        result = self(*args, **kwargs)
        assert result.exit_code == 0, (result.stdout, result.stderr)
        return result

    def json(self, *args: object, **kwargs: object) -> object:
        return json.loads(self.ok(*args, "--json", **kwargs).stdout)


def one_red_line(result: Result) -> str:
    """The error a command printed: exit code 1, one line on stderr, no traceback."""
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.output
    return result.stderr


@pytest.fixture(scope="module")
def sectoken(web3, tmp_path_factory) -> Sectoken:
    home = tmp_path_factory.mktemp("home")
    return Sectoken(web3.provider.endpoint_uri, tmp_path_factory.mktemp("deployments"), home)


DEPLOYED = "the example deployed by `sectoken deploy`"
ONBOARDED = "the example deployed by `sectoken deploy`, investors onboarded"


def _deploy_example(web3, tmp_path_factory) -> Callable[[], tuple[Path, dict]]:
    """The builder of state DEPLOYED: `sectoken deploy examples/uk-us-bond.yaml --json` in folders of its own;
    returns the deployments folder and the command's summary."""

    def deploy() -> tuple[Path, dict]:
        folder = tmp_path_factory.mktemp("example-deployment")
        (folder / "home").mkdir()
        deployer = Sectoken(web3.provider.endpoint_uri, folder / "deployments", folder / "home")
        return deployer.deployments, deployer.json("deploy", EXAMPLE, suite=False)

    return deploy


@pytest.fixture(scope="module")
@starts_from_kept_state
def example_deployed(web3, sectoken, kept_states, tmp_path_factory) -> dict:
    """`sectoken deploy examples/uk-us-bond.yaml --json`, run once per test process (on the chain's genesis, in
    folders of its own) and kept (`kept_states`): each module starts from the chain as the deployment left it,
    with a copy of the deployment's folder as its own."""
    deployments, summary = kept_states.enter(DEPLOYED, _deploy_example(web3, tmp_path_factory))
    shutil.copytree(deployments, sectoken.deployments, dirs_exist_ok=True)
    record = sectoken.deployments / Path(summary["record"]).relative_to(deployments)
    return {**summary, "record": str(record)}


@pytest.fixture(scope="module")
def deployed(example_deployed) -> dict:
    """`sectoken deploy examples/uk-us-bond.yaml --json`, its chain and record as each module starts."""
    return example_deployed


def onboard(suite: Suite) -> None:
    """alice (UK, professional), bob (US, accredited) and carol (UK, KYC only) registered with claims from
    the deployer, through the library; erin is unregistered."""
    for wallet, country, topics in ((ALICE, "GB", ("kyc", "professional")), (BOB, "US", ("kyc", "accredited")),
                                    (CAROL, "GB", ("kyc",))):
        identity = "0x" + wallet[2:].lower()[::-1]
        suite.registry.register(wallet, identity, country)
        for topic in topics:
            suite.storage.add_claim(identity, topic)


@pytest.fixture(scope="module")
@starts_from_kept_state(on="example_deployed")
def example_onboarded(web3, kept_states, tmp_path_factory) -> None:
    """The example deployed (`example_deployed`) and its investors onboarded (`onboard`), done once per test
    process on the kept deployment and kept too: each module using `onboarded` starts from it."""

    def onboard_deployed(deployed: tuple[Path, dict]) -> None:
        onboard(Suite.load(web3, dev_account(0), SUITE, deployed[0]))

    kept_states.enter(ONBOARDED, onboard_deployed, on=(DEPLOYED, _deploy_example(web3, tmp_path_factory)))


@pytest.fixture(scope="module")
def onboarded(web3, sectoken, example_onboarded, deployed) -> Suite:
    """alice (UK, professional), bob (US, accredited) and carol (UK, KYC only) registered with claims from
    the deployer, through the library (`onboard`); erin is unregistered."""
    return Suite.load(web3, dev_account(0), SUITE, sectoken.deployments)


def pending_nonce(web3, address: str) -> int:
    return web3.eth.get_transaction_count(address, "pending")
