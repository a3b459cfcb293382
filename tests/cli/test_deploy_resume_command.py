"""`sectoken deploy CONFIG.yaml --resume`: a deployment whose process was killed (SIGKILL), interrupted
(Ctrl-C) or whose node died is finished by running the command again with --resume; nothing is deployed
or sent twice, and the suite ends wired as one deployed in one go. A fresh deploy over an incomplete
record, and a resume that cannot be, are refused with one red line."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from sectoken.chain import LocalNode
from sectoken.deploy import deploy_suite
from sectoken.deployments import Deployments
from sectoken.signers import dev_account
from sectoken.suite import Suite

from ..investors.helpers import cli_env
from ..manual_mining import mine_again, mine_until
from ..suite.resume_helpers import StopAfter, contract_creations, nonce, variant, variant_text, wiring

#: Created by the offering factory's transaction, recorded with it.
FACTORY_MADE = ("token", "compliance")
from .conftest import Sectoken, one_red_line

pytestmark = pytest.mark.long  # scheduled first (see tests/conftest.py)

NAME = "resumable"


@pytest.fixture(scope="module")
def reference(web3, tmp_path_factory) -> dict:
    """The configuration deployed in one go: the transactions it sent and its wiring."""
    before = nonce(web3)
    suite = deploy_suite(
        web3, dev_account(0), variant("reference"), deployments=Deployments(tmp_path_factory.mktemp("reference"))
    )
    return {"transactions": nonce(web3) - before, "wiring": wiring(web3, suite)}


@pytest.fixture
def config_file(tmp_path) -> Path:
    path = tmp_path / "suite.yaml"
    path.write_text(variant_text(NAME))
    return path


def _args(url: str, deployments: Path, *args: str) -> list[str]:
    return [
        sys.executable, "-c", "from sectoken.cli import main; main()", *args, "--rpc-url", url,
        "--deployments", str(deployments),
    ]


def _start(url: str, deployments: Path, cwd: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        _args(url, deployments, *args), cwd=cwd, env=cli_env(cwd), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )


def _run(url: str, deployments: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _args(url, deployments, *args), cwd=cwd, env=cli_env(cwd), capture_output=True, text=True, timeout=300,
        check=False,
    )


def _recorded(path: Path) -> dict:
    """The record as it stands (written atomically: always whole), or {} before the first write."""
    return json.loads(path.read_text()) if path.exists() else {}


def _held_after(w3, process: subprocess.Popen[str], path: Path, key: str) -> None:
    """Mine the deployment's transactions one at a time until the record holds contract `key`, then mine
    no more (see tests/manual_mining.py). Automine is turned back on by `mine_again`."""
    if not mine_until(w3, process, lambda: key in _recorded(path).get("contracts", {})):
        raise AssertionError(f"the deployment ended before {key} was recorded: {process.communicate()}")


def _error_line(stderr: str) -> str:
    message = " ".join(stderr.split())
    assert "Traceback" not in stderr
    return message[message.index("error: "):]


def _assert_finished_exactly(w3, deployments: Path, reference: dict, partial: dict, start_nonce: int, start_block: int):
    suite = Suite.load(w3, None, NAME, deployments)
    assert suite.record.config["deployment"] == {"complete": True}
    assert nonce(w3) - start_nonce == reference["transactions"]  # nothing sent twice
    assert wiring(w3, suite) == reference["wiring"]
    for key, item in partial.get("contracts", {}).items():
        assert suite.record.contracts[key].to_json() == item, key  # reused, not deployed again
    assert sorted(contract_creations(w3, start_block)) == sorted(
        item.tx_hash for key, item in suite.record.contracts.items() if key not in FACTORY_MADE
    )
    return suite


@pytest.mark.parametrize(
    ("signal_number", "after"),
    [
        (signal.SIGKILL, "module:InvestorEligibilityModule"),  # inside the compliance modules
        (signal.SIGKILL, "stablecoinImplementation"),  # inside the stablecoin part
        (signal.SIGINT, "compliance"),  # Ctrl-C
    ],
    ids=["kill-modules", "kill-stablecoin", "ctrl-c"],
)
def test_a_stopped_deploy_command_is_finished_with_resume(web3, reference, config_file, tmp_path, signal_number, after):
    url = str(web3.provider.endpoint_uri)
    deployments = tmp_path / "deployments"
    record = deployments / str(web3.eth.chain_id) / f"{NAME}.json"
    start_nonce, start_block = nonce(web3), web3.eth.block_number + 1
    process = _start(url, deployments, tmp_path, "deploy", str(config_file))
    try:
        _held_after(web3, process, record, after)
        process.send_signal(signal_number)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()  # never left sending on the chain the next tests use
            process.communicate()
        mine_again(web3)
    partial = _recorded(record)
    assert partial["config"]["deployment"]["complete"] is False
    if signal_number == signal.SIGKILL:
        assert process.returncode == -signal.SIGKILL
    else:
        assert process.returncode == 1
        message = _error_line(stderr)
        assert message.startswith(f"error: Interrupted. What was done so far is recorded, marked incomplete, in {record}")
        assert f"run `sectoken deploy {config_file} --resume` to finish it; nothing is done twice." in message
        assert partial["config"]["deployment"]["error"].startswith("KeyboardInterrupt")

    result = _run(url, deployments, tmp_path, "deploy", str(config_file), "--resume", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["resumed"] is True and summary["name"] == NAME
    assert f"Resuming suite {NAME} from {config_file}" in result.stderr
    # The resumed run did what was left (a transaction left pending by the kill is settled, not sent again).
    made = [key for key in partial["contracts"] if key not in FACTORY_MADE]  # the proxies: the factory's step
    done = len(made) + len(partial["config"]["deployment"]["steps"])
    assert summary["transactions"] == reference["transactions"] - done
    assert all(item["gasUsed"] > 0 for key, item in summary["contracts"].items() if key not in FACTORY_MADE)
    _assert_finished_exactly(web3, deployments, reference, partial, start_nonce, start_block)


def test_the_node_dying_mid_deploy_fails_clearly_and_resume_finishes_on_the_restarted_node(
    reference, config_file, tmp_path
):
    state = tmp_path / "anvil-state.json"
    node = LocalNode.start(state_file=state)
    deployments = tmp_path / "deployments"
    try:
        w3 = node.web3()
        record = deployments / str(w3.eth.chain_id) / f"{NAME}.json"
        process = _start(node.url, deployments, tmp_path, "deploy", str(config_file))
        _held_after(w3, process, record, "module:LockUpModule")
        node.stop()  # SIGTERM: Anvil saves its state on the way out
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 1
        message = _error_line(stderr)
        assert "did not answer" in message
        assert f"What was done so far is recorded, marked incomplete, in {record}: run " in message
        assert f"`sectoken deploy {config_file} --resume` to finish it; nothing is done twice." in message
        partial = _recorded(record)
        assert partial["config"]["deployment"]["complete"] is False
        assert "module:LockUpModule" in partial["contracts"]

        port = node.port
        node = LocalNode.start(port=port, state_file=state)
        assert node.port == port
        w3 = node.web3()
        result = _run(node.url, deployments, tmp_path, "deploy", str(config_file), "--resume", "--json")
        assert result.returncode == 0, result.stderr
        # A fresh node: the deployer's nonce counts every transaction of the deployment, each sent once.
        _assert_finished_exactly(w3, deployments, reference, partial, start_nonce=0, start_block=0)
    finally:
        node.stop()


# --- refusals: one red line, nothing sent ---------------------------------------------------------------


@pytest.fixture
def cli(web3, tmp_path) -> Sectoken:
    home = tmp_path / "home"
    home.mkdir()
    return Sectoken(str(web3.provider.endpoint_uri), tmp_path / "deployments", home)


def test_deploying_again_over_an_incomplete_record_says_to_resume(web3, cli, config_file):
    with pytest.raises(KeyboardInterrupt):
        deploy_suite(
            web3, dev_account(0), variant(NAME), deployments=Deployments(cli.deployments), progress=StopAfter("token")
        )
    before = nonce(web3)
    error = one_red_line(cli("deploy", config_file, suite=False))
    assert f"Suite '{NAME}' on chain {web3.eth.chain_id} was not deployed completely" in error
    assert f"finish it with `sectoken deploy {config_file} --resume`" in error and "--force" in error
    error = one_red_line(cli("--suite", NAME, "compliance", "explain", suite=False))
    assert "was not deployed completely" in error and "--resume" in error
    usage = cli("deploy", config_file, "--resume", "--force", suite=False)
    assert usage.exit_code == 2 and "--force and --resume exclude each other" in usage.stderr
    assert nonce(web3) == before
    resumed = cli.json("deploy", config_file, "--resume", suite=False)
    assert resumed["resumed"] is True
    # Resuming a suite deployed completely is no error: there is nothing left to do, and nothing is sent.
    again = cli.json("deploy", config_file, "--resume", suite=False)
    assert (again["complete"], again["resumed"], again["transactions"]) == (True, False, 0)
    assert again["contracts"]["token"]["address"] == resumed["contracts"]["token"]["address"]
    assert "is deployed completely" in cli.ok("deploy", config_file, "--resume", suite=False).stdout
    assert nonce(web3) == before + resumed["transactions"]


def test_resume_without_a_record_is_refused(web3, cli, config_file):
    before = nonce(web3)
    error = one_red_line(cli("deploy", config_file, "--resume", suite=False))
    assert f"Nothing to resume: no suite '{NAME}' on chain {web3.eth.chain_id}" in error
    assert nonce(web3) == before
