"""brownie's own commands work in the repository: `brownie compile`, and `brownie console` driven on stdin
(it attaches to the development chain this test session runs)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BROWNIE = str(Path(sys.executable).with_name("brownie"))


def run(*args, stdin=None):
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}", NO_COLOR="1")
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
