"""The README runs as written: every code block in it is run here, each on a fresh embedded chain of its own,
except the few marked `<!-- readme-test: not run (why) -->` just before them (and the YAML of a testnet,
parsed but not connected)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sectoken.networks import load_networks_file
from tests.chainless import isolation  # noqa: F401  (the snippets start chains of their own)

ROOT = Path(__file__).resolve().parents[2]
BLOCK = re.compile(r"(?:^(<!-- readme-test: [^\n]*-->)\n)?^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
ENV = {name: value for name, value in os.environ.items() if not name.startswith("SECTOKEN_")}


def blocks() -> list[tuple[str, str, str]]:
    """(marker, language, code) of every code block; a block without a language is code if it is a shell
    transcript (lines starting with `$ `), else a text listing (the layout), which is not."""
    found = []
    for marker, language, code in BLOCK.findall((ROOT / "README.md").read_text()):
        if language or code.startswith("$ "):
            found.append((marker, language or "console", code))
    return found


def test_every_code_block_is_run_or_says_why_not():
    kinds = [(language, bool(marker)) for marker, language, _ in blocks()]
    run = [language for language, marked in kinds if not marked]
    assert run == ["python", "python"], kinds  # the library and sectoken.testing
    assert all(marker.startswith("<!-- readme-test: not run (") or "parsed" in marker or "not connected" in marker
               for marker, _, _ in blocks() if marker)


def python_block(start: str) -> str:
    return next(code for marker, language, code in blocks() if language == "python" and code.startswith(start))


def test_the_library_snippet(tmp_path):
    code = python_block("import tempfile")
    # Twice in a row (in one interpreter, to save its start): a second run starts from scratch too.
    result = subprocess.run([sys.executable, "-c", f"{code}\n{code}"], check=False, cwd=ROOT, env=ENV, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 4 and all(line.startswith("6 The recipient is not a verified investor") for line in lines)


def test_the_downstream_test_suite_snippet(tmp_path):
    """The block is two files, each introduced by its name in a comment."""
    code = python_block("# conftest.py")
    files = re.split(r"^# (\S+\.py)\n", code, flags=re.MULTILINE)[1:]
    for name, text in zip(files[::2], files[1::2], strict=True):
        (tmp_path / name).write_text(text)
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"],
                            check=False, cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def test_the_networks_file_snippet_parses(tmp_path):
    (marker, _, code), = [block for block in blocks() if block[1] == "yaml"]
    assert "parsed, not connected" in marker
    path = tmp_path / "networks.yaml"
    path.write_text(code)
    sepolia = load_networks_file(path, {"SEPOLIA_RPC_URL": "https://sepolia.example.org/v3/KEY"})["sepolia"]
    assert (sepolia.chain_id, sepolia.confirmations, sepolia.max_fee) == (11155111, 2, 50 * 10**9)


def test_the_brownie_testnet_snippet_adds_its_network(tmp_path):
    """`brownie networks add` under the README's name works (brownie ships `sepolia` itself, so that name would
    be refused), in a home of its own: the machine's ~/.brownie is not touched. The console line connects to
    Sepolia and is not run."""
    (marker, _, code), = [block for block in blocks() if "brownie networks add" in block[2]]
    assert "networks added, not connected" in marker
    brownie = Path(sys.executable).with_name("brownie")
    env = {**ENV, "HOME": str(tmp_path), "SEPOLIA_RPC_URL": "https://sepolia.example.org/v3/KEY"}
    add = next(line[2:] for line in code.splitlines() if line.startswith("$ brownie networks add"))
    result = subprocess.run(["sh", "-c", add.replace("brownie", str(brownie), 1)], check=False, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    name = add.split()[4]
    assert f"--network {name}" in code
    config = yaml.safe_load((tmp_path / ".brownie" / "network-config.yaml").read_text())
    added = [network for group in config["live"] for network in group["networks"] if network["id"] == name]
    assert added == [{"name": name, "id": name, "host": "https://sepolia.example.org/v3/KEY", "chainid": 11155111}]


@pytest.mark.parametrize("marker", [m for m, _, _ in blocks() if m])
def test_a_block_not_run_says_why(marker):
    assert re.match(r"<!-- readme-test: (not run|parsed, not connected|networks added, not connected) \(.+\) -->$",
                    marker)
