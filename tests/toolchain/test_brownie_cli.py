"""brownie's own commands work in the repository: `brownie compile`, and `brownie console` driven on stdin
(it attaches to the development chain this test session runs)."""

import os
import subprocess
import sys
from pathlib import Path

from brownie import network

ROOT = Path(__file__).resolve().parents[2]
BROWNIE = str(Path(sys.executable).with_name("brownie"))


def run(*args, stdin=None):
    """Run a brownie command; `run` and `console` attach to this session's development chain."""
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}", NO_COLOR="1")
    if args[0] in ("run", "console"):
        args = (*args, "--network", network.show_active())
    return subprocess.run(
        [BROWNIE, *args], cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=300, env=env
    )


def test_brownie_compile():
    out = run("compile")
    assert out.returncode == 0, out.stderr
    assert "Project has been compiled" in out.stdout


def test_brownie_console_reads_commands_from_stdin():
    commands = (
        "t = SmokeToken.deploy(1000, {'from': accounts[0]})\n"
        "t.transfer(accounts[1], 7, {'from': accounts[0]})\n"
        "print('BALANCE', t.balanceOf(accounts[1]))\n"
    )
    out = run("console", stdin=commands)
    assert out.returncode == 0, out.stderr
    assert "BALANCE 7" in out.stdout


def test_brownie_scripts_and_console_use_the_library(tmp_path):
    deployments = tmp_path / "deployments"
    out = run("run", "scripts/deploy.py", "main", "examples/uk-us-bond.yaml", str(deployments))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "suite uk-us-bond on chain" in out.stdout

    out = run("run", "scripts/onboard.py", "main", "examples/investors.csv", "uk-us-bond", str(deployments))
    assert out.returncode == 0, out.stdout + out.stderr
    assert " registered, " in out.stdout and " issued " in out.stdout

    commands = (
        "from sectoken.suite import Suite\n"
        f"s = Suite.load(web3, None, 'uk-us-bond', '{deployments}')\n"
        "print('SYMBOL', s.token.symbol(), 'CODE', s.token.check_transfer(accounts[1], accounts[9], 1).code)\n"
    )
    out = run("console", stdin=commands)
    assert out.returncode == 0, out.stderr
    assert "SYMBOL UUB30 CODE 6" in out.stdout
