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


@pytest.fixture
def project_dir(tmp_path_factory) -> Path:
    """The repository, or a copy of the project at a path without dots when the repository's path has one:
    eth-brownie 1.22.2 imports a script under a module name built from its absolute path, which fails in
    a checkout such as `mktemp -d`'s /tmp/tmp.XXXX (see the README)."""
    if not any("." in part for part in ROOT.parts[1:]):
        return ROOT
    copy = tmp_path_factory.mktemp("project")
    for name in ("brownie-config.yaml", "contracts", "interfaces", "scripts", "examples", "build"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, copy / name)
    (copy / "node_modules").symlink_to(ROOT / "node_modules")
    assert not any("." in part for part in copy.parts[1:]), copy
    return copy


def test_brownie_scripts_and_console_use_the_library(brownie_home, tmp_path, project_dir):
    deployments = tmp_path / "deployments"
    out = run(brownie_home, "run", "scripts/deploy.py", "main", "examples/uk-us-bond.yaml", str(deployments),
              cwd=project_dir)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "suite uk-us-bond on chain" in out.stdout

    out = run(brownie_home, "run", "scripts/onboard.py", "main", "examples/investors.csv", "uk-us-bond", str(deployments),
              cwd=project_dir)
    assert out.returncode == 0, out.stdout + out.stderr
    assert " registered, " in out.stdout and " issued " in out.stdout

    commands = (
        "from sectoken.suite import Suite\n"
        f"s = Suite.load(web3, accounts[0], 'uk-us-bond', '{deployments}')\n"
        "print('SYMBOL', s.token.symbol(), 'CODE', s.token.check_transfer(accounts[1], accounts[9], 1).code)\n"
        "s.token.pause()\n"
        "print('PAUSED', s.token.paused())\n"
    )
    out = run(brownie_home, "console", stdin=commands)
    assert out.returncode == 0, out.stderr
    assert "SYMBOL UUB30 CODE 6" in out.stdout
    assert "PAUSED True" in out.stdout  # brownie's accounts[0] signs through the library


def test_brownie_scripts_use_public_development_keys_only_where_allowed(brownie_home, tmp_path, project_dir):
    """This session's chain was not launched by the brownie run (it attaches to it): without a key and without
    the opt-in, the scripts refuse to sign with a public development key, and send nothing."""
    deployments = tmp_path / "deployments"
    out = run(brownie_home, "run", "scripts/deploy.py", "main", "examples/uk-us-bond.yaml", str(deployments),
              cwd=project_dir, without=("SECTOKEN_ALLOW_DEV_ACCOUNTS", "SECTOKEN_PRIVATE_KEY", "SECTOKEN_ACCOUNT_INDEX"))
    assert out.returncode != 0, out.stdout
    assert "--allow-dev-accounts (SECTOKEN_ALLOW_DEV_ACCOUNTS=1)" in out.stdout + out.stderr
    assert not deployments.exists()
