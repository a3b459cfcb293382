"""Anvil writes the chain's older states to disk (after a few hundred blocks): every Anvil sectoken starts
writes them into a scratch folder of its own, removed when the node stops; the folder of a node killed with
its program is removed once that node is gone, never while it runs. Nothing goes to ~/.foundry."""

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from sectoken.chain import LocalNode, free_port, prune_scratch_dirs, scratch_dir, scratch_root
from sectoken.toolchain import node_tool
from tests.chainless import isolation  # noqa: F401  (no chain snapshot around these tests)
from tests.toolchain.test_chain import gone

#: Blocks after which Anvil 1.7.1 has moved states to disk (it keeps the latest few hundred in memory).
BLOCKS = 600


@pytest.fixture
def tmp_and_home(tmp_path, monkeypatch) -> tuple[Path, Path]:
    """A temporary folder of the test's own for scratch folders (TMPDIR), and a home (HOME) in which Anvil's
    default folder (~/.foundry/anvil/tmp) would appear if it were used."""
    tmp, home = tmp_path / "tmp", tmp_path / "home"
    tmp.mkdir()
    home.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", None)  # gettempdir() reads TMPDIR again
    monkeypatch.setenv("HOME", str(home))
    return tmp, home


def states_on_disk(scratch: Path) -> list[Path]:
    return [state for folder in scratch.glob("anvil-state-*") for state in folder.iterdir()]


def mine(node: LocalNode) -> None:
    node.web3().provider.make_request("anvil_mine", [hex(BLOCKS)])  # type: ignore[arg-type]


def test_a_node_keeps_its_states_in_its_own_folder_and_removes_it_when_it_stops(tmp_and_home):
    tmp, home = tmp_and_home
    with LocalNode.start() as node:
        assert node.scratch is not None and node.scratch.parent == scratch_root() == tmp / f"sectoken-anvil-{os.getuid()}"
        mine(node)
        assert states_on_disk(node.scratch)
    assert not node.scratch.exists()
    assert list(scratch_root().iterdir()) == []
    assert not (home / ".foundry").exists()


def test_a_node_killed_under_its_program_still_has_its_folder_removed_on_stop(tmp_and_home):
    node = LocalNode.start()
    mine(node)
    assert node.scratch is not None and states_on_disk(node.scratch)
    os.kill(node.process.pid, signal.SIGKILL)
    node.process.wait(timeout=10)
    node.stop()
    assert not node.scratch.exists()


def test_the_folder_of_a_node_whose_program_was_killed_is_kept_while_it_runs_then_removed(tmp_and_home):
    """SIGKILL to the program leaves its node running (a process group of its own): its folder stays while the
    node runs, even without the grace time, and goes once the node is gone."""
    script = textwrap.dedent(
        f"""
        import time
        from sectoken.chain import LocalNode
        node = LocalNode.start()
        node.web3().provider.make_request("anvil_mine", [hex({BLOCKS})])
        print(node.process.pid, node.scratch, flush=True)
        time.sleep(120)
        """
    )
    program = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    pid, folder = program.stdout.readline().split()
    scratch = Path(folder)
    program.kill()
    program.wait(timeout=10)
    try:
        assert psutil.pid_exists(int(pid)) and states_on_disk(scratch)
        assert prune_scratch_dirs(grace=0) == [] and scratch.is_dir()
    finally:
        os.kill(int(pid), signal.SIGKILL)
    assert gone(int(pid))
    assert scratch.is_dir()  # nothing removes it behind a killed program...
    assert prune_scratch_dirs(grace=0) == [scratch]  # ...until a node starts (here without the grace time)
    assert not scratch.exists()


def test_a_new_folder_prunes_the_folders_of_nodes_gone_after_the_grace_time(tmp_and_home):
    left, recent = scratch_dir(), scratch_dir()
    (left / "anvil-state-old").mkdir()
    an_hour_ago = time.time() - 3600
    os.utime(left, (an_hour_ago, an_hour_ago))
    fresh = scratch_dir()
    assert not left.exists()
    assert recent.is_dir() and fresh.is_dir()  # a folder just made may be for a node about to start


def test_the_test_chain_keeps_its_states_in_a_scratch_folder(web3):
    """The chain brownie launched for this test process (tests/conftest.py) writes into a scratch folder."""
    from brownie.network.rpc import Rpc

    command = Rpc().process.cmdline()
    scratch = Path(command[command.index("--cache-path") + 1])
    assert scratch.parent == scratch_root() and scratch.is_dir()


def test_folders_in_anvils_default_place_are_removed_only_while_no_anvil_writes_there(tmp_and_home):
    """Anvil's own folders (~/.foundry/anvil/tmp/anvil-state-*: nodes started without a scratch folder) cannot
    be told apart: they stay while an Anvil of this home without a scratch folder runs."""
    _, home = tmp_and_home
    left = home / ".foundry" / "anvil" / "tmp" / "anvil-state-07-12-2026-05-58feEUCI"
    left.mkdir(parents=True)
    (left / "0x00.json").write_text("{}")
    anvil = subprocess.Popen([str(node_tool("anvil")), "--port", str(free_port()), "--silent"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert prune_scratch_dirs(grace=0) == [] and left.is_dir()
    finally:
        anvil.kill()
        anvil.wait(timeout=10)
    assert prune_scratch_dirs(grace=0) == [left]
    assert not left.exists()
