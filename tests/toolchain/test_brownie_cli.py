"""brownie's own commands work in the repository: `brownie compile`, and `brownie console` driven on stdin
(it attaches to the development chain this test session runs)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from brownie import network, web3

from sectoken.chain import free_port

pytestmark = pytest.mark.long  # scheduled first (see tests/conftest.py)

ROOT = Path(__file__).resolve().parents[2]
BROWNIE = str(Path(sys.executable).with_name("brownie"))


@pytest.fixture(scope="module")
def brownie_home(tmp_path_factory) -> Path:
    """A home whose brownie network list sends this session's network to this session's chain (on the free
    port it was given), so `brownie run` and `brownie console` attach to it; the compiler stays where the
    toolchain installed it."""
    home = tmp_path_factory.mktemp("home")
    (home / ".brownie").mkdir()
    entry = {"name": "this test session's chain", "id": network.show_active(), "cmd": "anvil",
             "host": web3.provider.endpoint_uri, "cmd_settings": {"accounts": 10}}
    (home / ".brownie" / "network-config.yaml").write_text(yaml.safe_dump({"development": [entry], "live": []}))
    return home


def run(home, *args, stdin=None, cwd=ROOT, without=()):
    """Run a brownie command; `run` and `console` attach to this session's development chain."""
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}", NO_COLOR="1",
               HOME=str(home), SOLCX_BINARY_PATH=os.environ.get("SOLCX_BINARY_PATH", str(Path.home() / ".solcx")))
    for name in without:  # variables this run must not see
        env.pop(name, None)
    if args[0] in ("run", "console"):
        args = (*args, "--network", network.show_active())
    return subprocess.run(
        [BROWNIE, *args], cwd=cwd, input=stdin, capture_output=True, text=True, timeout=300, env=env, check=False,
    )


def test_brownie_compile(brownie_home):
    out = run(brownie_home, "compile")
    assert out.returncode == 0, out.stderr
    assert "Project has been compiled" in out.stdout


def test_brownie_console_reads_commands_from_stdin(brownie_home):
    commands = (
        "t = SmokeToken.deploy(1000, {'from': accounts[0]})\n"
        "t.transfer(accounts[1], 7, {'from': accounts[0]})\n"
        "print('BALANCE', t.balanceOf(accounts[1]))\n"
    )
    out = run(brownie_home, "console", stdin=commands)
    assert out.returncode == 0, out.stderr
    assert "BALANCE 7" in out.stdout


def test_brownie_scripts_use_public_development_keys_only_where_allowed(brownie_home, tmp_path_factory):
    """This session's chain was not launched by sectoken nor by the brownie run (it attaches to it): without a
    key and without the opt-in, the scripts refuse to sign with a public development key, and send nothing."""
    project = project_copy(tmp_path_factory.mktemp("keys") / "project")
    deployments = project / "deployments"
    out = run(brownie_home, "run", "scripts/deploy.py", "main", "examples/uk-us-bond.yaml", str(deployments),
              cwd=project, without=("SECTOKEN_ALLOW_DEV_ACCOUNTS", "SECTOKEN_PRIVATE_KEY", "SECTOKEN_ACCOUNT_INDEX"))
    assert out.returncode != 0, out.stdout
    assert "--allow-dev-accounts (SECTOKEN_ALLOW_DEV_ACCOUNTS=1)" in out.stdout + out.stderr
    assert not deployments.exists()


def project_copy(where: Path) -> Path:
    """The brownie project in a folder of its own (its `.sectoken/` and `deployments/` are the test's)."""
    where.mkdir(parents=True)
    for name in ("brownie-config.yaml", "contracts", "interfaces", "scripts", "examples", "build"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, where / name)
    (where / "node_modules").symlink_to(ROOT / "node_modules")
    return where


def development_home(where: Path, port: int) -> Path:
    """A home whose brownie development network is brownie's usual one (Anvil, launched unless a node listens
    on its port), on ``port`` instead of 8545."""
    (where / ".brownie").mkdir(parents=True)
    entry = {"name": "Development", "id": "development", "cmd": "anvil", "host": "http://127.0.0.1",
             "cmd_settings": {"port": port, "accounts": 10}}
    (where / ".brownie" / "network-config.yaml").write_text(yaml.safe_dump({"development": [entry], "live": []}))
    return where


NO_KEYS = ("SECTOKEN_ALLOW_DEV_ACCOUNTS", "SECTOKEN_PRIVATE_KEY", "SECTOKEN_ACCOUNT_INDEX", "SECTOKEN_KEYSTORE")


def test_scripts_refuse_the_throwaway_chain_a_run_launches(tmp_path_factory):
    """Nothing listens on the development network's port: brownie launches a chain that ends with the run, and
    the scripts refuse to deploy or onboard there, saying how to start the lasting node."""
    project = project_copy(tmp_path_factory.mktemp("throwaway") / "project")
    home = development_home(tmp_path_factory.mktemp("home"), free_port())
    out = subprocess.run(
        [BROWNIE, "run", "scripts/deploy.py", "main", "examples/uk-us-bond.yaml"], cwd=project, capture_output=True,
        text=True, timeout=300, check=False,
        env=dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}", NO_COLOR="1", HOME=str(home),
                 SOLCX_BINARY_PATH=os.environ.get("SOLCX_BINARY_PATH", str(Path.home() / ".solcx"))),
    )
    assert out.returncode != 0, out.stdout
    assert "brownie started a throwaway chain for this run" in out.stdout + out.stderr
    assert "Start the lasting local node first with `sectoken node start`" in out.stdout + out.stderr
    assert not (project / "deployments").exists()


def test_readme_brownie_steps_run_on_the_lasting_node(tmp_path_factory):
    """The README's steps: `sectoken node start`, then `brownie run scripts/deploy.py` and `brownie run
    scripts/onboard.py` as two runs, then `brownie console`. brownie's development network attaches to the node,
    the second run finds the first's contracts, the node sectoken started signs with its development account
    without a key, deploying again keeps the record of contracts still on the chain, and the console's accounts
    sign through the library; all from a checkout whose path has dots in folder names."""
    # In a folder whose path has dots in folder names, as `mktemp -d` makes and some clones are named: brownie
    # 1.22.2 builds a script's module name from its absolute path (sectoken.brownie_paths, installed by make setup).
    project = project_copy(tmp_path_factory.mktemp("lasting") / "tmp.AbC123" / "sectoken.git")
    port = free_port()
    home = development_home(tmp_path_factory.mktemp("home"), port)
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}", NO_COLOR="1", HOME=str(home),
               SOLCX_BINARY_PATH=os.environ.get("SOLCX_BINARY_PATH", str(Path.home() / ".solcx")))
    for name in NO_KEYS:
        env.pop(name, None)
    sectoken = str(Path(sys.executable).with_name("sectoken"))

    def brownie_run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([BROWNIE, "run", *args], cwd=project, capture_output=True, text=True, timeout=300,
                              env=env, check=False)

    started = subprocess.run([sectoken, "node", "start", "--port", str(port)], cwd=project, capture_output=True,
                             text=True, timeout=120, env=env, check=False)
    assert started.returncode == 0, started.stderr
    try:
        out = brownie_run("scripts/deploy.py", "main", "examples/uk-us-bond.yaml")
        assert out.returncode == 0, out.stdout + out.stderr
        assert "suite uk-us-bond on chain 31337" in out.stdout
        record = project / "deployments" / "31337" / "uk-us-bond.json"
        written = record.read_bytes()

        out = brownie_run("scripts/onboard.py", "main", "examples/investors.csv", "uk-us-bond")
        assert out.returncode == 0, out.stdout + out.stderr
        assert " registered, " in out.stdout and " issued " in out.stdout

        again = brownie_run("scripts/deploy.py", "main", "examples/uk-us-bond.yaml")
        assert again.returncode != 0
        assert "Suite 'uk-us-bond' is already deployed on chain 31337" in again.stdout + again.stderr
        assert record.read_bytes() == written

        commands = (
            "from sectoken.suite import Suite\n"
            "s = Suite.load(web3, accounts[0], 'uk-us-bond')\n"
            "code = s.token.check_transfer(accounts[1], accounts[9], 1).code\n"
            "print('SYMBOL', s.token.symbol(), 'CODE', code)\n"
            "s.token.pause()\n"
            "print('PAUSED', s.token.paused())\n"
        )
        out = subprocess.run([BROWNIE, "console"], cwd=project, input=commands, capture_output=True, text=True,
                             timeout=300, env=env, check=False)
        assert out.returncode == 0, out.stderr
        assert "SYMBOL UUB30 CODE 6" in out.stdout, out.stderr[:2500]
        assert "PAUSED True" in out.stdout  # brownie's accounts[0] signs through the library
    finally:
        subprocess.run([sectoken, "node", "stop"], cwd=project, capture_output=True, timeout=60, env=env, check=False)
