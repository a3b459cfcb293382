"""The README's Ape steps, as written, in Ape's own environment (.venv-ape, built by `make ape-env`): a node
`sectoken node start` runs, a suite `sectoken deploy` records, then `ape run onboard` (two investors onboarded,
a compliant transfer and one refused with code 6, Ape's test accounts signing), `ape test` (Ape's pytest plugin)
and `ape console` on it. The node listens on a free port (the README's 8545 is shared by every checkout), and
examples/ape/ape-config.yaml is pointed there in a copy of the project."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sectoken.chain import free_port
from tests.chainless import isolation  # noqa: F401  (the steps start a node of their own)

pytestmark = pytest.mark.long  # scheduled first (see tests/conftest.py)

ROOT = Path(__file__).resolve().parents[2]
BLOCK = re.compile(r"^<!-- readme-test: [^\n]*tests/ape/test_ape_example\.py[^\n]*-->\n```\n(.*?)^```$",
                   re.MULTILINE | re.DOTALL)


def readme_steps() -> list[tuple[str, list[str]]]:
    """The README block's commands (``$ ...``), each with the lines under it (its output, or console input)."""
    (block,) = BLOCK.findall((ROOT / "README.md").read_text())
    steps: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            steps[-1][1].append(line)
    return steps


@pytest.fixture(scope="module")
def ape_env() -> Path:
    """.venv-ape, built by `make ape-env` if it is missing or out of date (nothing to do when it is not)."""
    made = subprocess.run(["make", "-s", "ape-env"], cwd=ROOT, capture_output=True, text=True, timeout=900, check=False)
    assert made.returncode == 0, made.stdout + made.stderr
    return ROOT / ".venv-ape"


def as_pattern(expected: str) -> str:
    """A README output line as a pattern: a block number may differ, nothing else."""
    parts = re.split(r"(?<=block )\d+", expected)
    return r"\d+".join(re.escape(part) for part in parts)


def test_the_readme_ape_steps_run_in_apes_environment(ape_env, tmp_path):
    steps = readme_steps()
    assert [command for command, _ in steps][:2] == ["make ape-env", "source .venv/bin/activate && cd examples/ape"]
    checkout = tmp_path / "checkout.copy"
    shutil.copytree(ROOT / "examples", checkout / "examples")
    (checkout / ".venv-ape").symlink_to(ape_env)
    project = checkout / "examples" / "ape"
    port = free_port()
    config = project / "ape-config.yaml"
    config.write_text(config.read_text().replace("http://127.0.0.1:8545", f"http://127.0.0.1:{port}"))
    env = {name: value for name, value in os.environ.items() if not name.startswith("SECTOKEN_")}
    env.update(PATH=f"{Path(sys.executable).parent}:{env['PATH']}", NO_COLOR="1", HOME=str(tmp_path),
               APE_DATA_FOLDER=str(tmp_path / "ape-data"))
    outputs = []
    try:
        for command, lines in steps[2:]:
            stdin = None
            if command == "sectoken node start":
                command += f" --port {port}"
            inputs = [line.split(": ", 1)[1] for line in lines if re.match(r"In \[\d+\]: ", line)]
            if inputs:
                stdin = "\n".join(inputs) + "\n"
            done = subprocess.run(["sh", "-c", command], cwd=project, env=env, input=stdin, capture_output=True,
                                  text=True, timeout=300, check=False)
            assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
            outputs.append(done.stdout)
            expected = [line for line in lines if not re.match(r"In \[\d+\]: ", line)]
            for line in expected:
                assert re.search(as_pattern(line), done.stdout), f"{command}: {line!r} not in\n{done.stdout}"
            if command.endswith("ape test --disable-isolation"):
                assert "2 passed" in done.stdout
    finally:
        subprocess.run(["sh", "-c", "sectoken node stop"], cwd=project, env=env, capture_output=True, timeout=60,
                       check=False)
    assert len(outputs) == len(steps) - 2
