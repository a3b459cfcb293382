"""Local nodes start on a free loopback port, answer JSON-RPC and leave no process behind."""

import signal
import socket
import subprocess
import sys
import textwrap
import time

import psutil
import pytest

from sectoken.chain import LocalNode, connect, free_port, port_in_use
from sectoken.errors import ChainError, ToolchainError
from sectoken.toolchain import node_executable, node_tool
from tests.chainless import isolation  # noqa: F401  (no chain snapshot around these tests)


def gone(pid, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("engine", ["anvil", "ganache"])
def test_node_starts_answers_and_stops(engine):
    with LocalNode.start(engine, chain_id=4242) as node:
        assert node.running
        assert node.web3().eth.chain_id == 4242
        assert len(node.web3().eth.accounts) == 10
        pid = node.process.pid
    assert not node.running
    assert gone(pid)
    assert not port_in_use(node.port)


def test_port_in_use_gets_another_port():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        with LocalNode.start(port=taken) as node:
            assert node.port != taken
            assert connect(node.url).eth.chain_id == 31337


def test_requested_free_port_is_used():
    port = free_port()
    with LocalNode.start(port=port) as node:
        assert node.port == port


def test_ctrl_c_leaves_no_orphan_node(tmp_path):
    script = textwrap.dedent(
        """
        import sys, time
        from sectoken.chain import LocalNode
        with LocalNode.start() as node:
            print(node.process.pid, flush=True)
            time.sleep(60)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    node_pid = int(proc.stdout.readline())
    assert psutil.pid_exists(node_pid)
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=30)
    assert gone(node_pid)


def test_exit_without_stop_leaves_no_orphan_node():
    script = "from sectoken.chain import LocalNode\nnode = LocalNode.start()\nprint(node.process.pid)\n"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60)
    assert gone(int(out.stdout))


def test_unreachable_rpc_is_a_clear_error():
    with pytest.raises(ChainError, match="No JSON-RPC node answers at http://127.0.0.1:"):
        connect(f"http://127.0.0.1:{free_port()}", timeout=2)


def test_unknown_engine_is_refused():
    with pytest.raises(ChainError, match="Unknown engine 'geth'"):
        LocalNode.start("geth")  # type: ignore[arg-type]


def test_missing_npm_tools_say_what_to_run(tmp_path):
    (tmp_path / "package.json").write_text("{}")
    (tmp_path / "node_modules").mkdir()
    with pytest.raises(ToolchainError, match="Run `npm ci`"):
        node_tool("anvil", tmp_path)


def test_missing_node_says_what_to_install(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ToolchainError, match="Install Node.js"):
        node_executable()
