"""Local chains and RPC connections.

:class:`LocalNode` starts Anvil (the default) or Ganache from the project's npm packages on a free loopback
port, waits until it answers JSON-RPC and stops it cleanly: on :meth:`LocalNode.stop`, when its ``with``
block ends (also by Ctrl-C or a failing test) and, as a last resort, when the Python process exits.
Anvil keeps the chain's older states on disk: each Anvil started here keeps them in a scratch folder of its
own (:func:`scratch_dir`), removed when the node stops; folders left by nodes that were killed are removed
the next time a node starts (:func:`prune_scratch_dirs`).
:func:`connect` attaches to any RPC URL instead. A background node for the CLI (``sectoken node start``)
is described by a small JSON file so later commands find it; see :func:`start_background`.

Example:
    >>> with LocalNode.start() as node:
    ...     w3 = node.web3()
    ...     w3.eth.chain_id
    31337
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import weakref
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal, Self

import psutil
import requests
from web3 import HTTPProvider, Web3
from web3.providers.rpc.utils import ExceptionRetryConfiguration
from web3.types import RPCEndpoint

from sectoken.errors import ChainError
from sectoken.redact import redact_url
from sectoken.toolchain import node_tool

__all__ = [
    "DEV_MNEMONIC",
    "RETRY",
    "BackgroundNode",
    "Engine",
    "LocalNode",
    "background_status",
    "connect",
    "free_port",
    "port_in_use",
    "provider",
    "prune_scratch_dirs",
    "scratch_dir",
    "scratch_root",
    "start_background",
    "stop_background",
]

DEV_MNEMONIC = "test test test test test test test test test test test junk"
"""The well-known development mnemonic; its accounts are funded on every local node sectoken starts."""

Engine = Literal["anvil", "ganache"]
ENGINES: tuple[Engine, ...] = ("anvil", "ganache")
LOOPBACK = "127.0.0.1"


def port_in_use(port: int, host: str = LOOPBACK) -> bool:
    """Return whether something listens on ``host:port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((host, port)) == 0


def free_port(host: str = LOOPBACK) -> int:
    """Return a TCP port on ``host`` that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


#: How sectoken's connections retry a request that could not connect, timed out or got an HTTP error (429,
#: 5xx): web3's own retry, 5 attempts, 0.5, 1, 2 and 4 s apart. It is the one retry layer: the engine adds
#: none on top (its ``retries`` options default to 0). web3's default retries no refused or dropped
#: connection (``requests.ConnectionError`` is not the builtin ``ConnectionError``), hence the explicit list.
RETRY = ExceptionRetryConfiguration(
    errors=(ConnectionError, requests.ConnectionError, requests.HTTPError, requests.Timeout),
    retries=5,
    backoff_factor=0.5,
)


def provider(url: str, timeout: float = 30.0, *, retry: ExceptionRetryConfiguration | None = RETRY) -> HTTPProvider:
    """The HTTP provider sectoken connects with: :data:`RETRY`, and the chain id asked once.

    web3's request validation asks the chain id before every call, gas estimate and transaction it checks
    (a third of all requests): the first answer is kept for the connection, which also keeps every
    signature bound to the chain it was checked against.

    Args:
        url: The node's JSON-RPC URL.
        timeout: Seconds allowed per request.
        retry: How requests are retried (:data:`RETRY`; ``None``: not at all).

    Returns:
        The provider.
    """
    return HTTPProvider(
        url, request_kwargs={"timeout": timeout}, cache_allowed_requests=True,
        cacheable_requests={RPCEndpoint("eth_chainId")}, exception_retry_configuration=retry,
    )



def connect(url: str, *, timeout: float = 10.0) -> Web3:
    """Return a :class:`Web3` for ``url`` after checking that it answers JSON-RPC.

    Raises:
        ChainError: nothing answers at ``url`` within ``timeout`` seconds.
    """
    w3 = Web3(provider(url, timeout, retry=None))  # a probe: a node that is not there is reported at once
    try:
        _ = w3.eth.chain_id
    except Exception as exc:  # noqa: BLE001 - requests and web3 raise many kinds; all mean "not reachable"
        raise ChainError(
            f"No JSON-RPC node answers at {redact_url(url)} ({type(exc).__name__}). Check the URL, or start a "
            "local node with `sectoken node start`."
        ) from None
    w3.provider = provider(url, timeout)
    return w3


def _wait_for_rpc(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    w3 = Web3(HTTPProvider(url, request_kwargs={"timeout": 1}))
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ChainError(f"the node exited with code {process.returncode} before answering at {url}")
        with contextlib.suppress(Exception):
            _ = w3.eth.chain_id
            return
        time.sleep(0.05)
    raise ChainError(f"the node did not answer at {url} within {timeout:.0f}s")


#: How long a scratch folder is left alone after it was last written, whether or not a process names it:
#: the time between creating a node's folder and starting the node.
SCRATCH_GRACE = 60.0

#: The option that names an Anvil's scratch folder on its command line (Anvil 1.x).
CACHE_PATH_OPTION = "--cache-path"


def scratch_root() -> Path:
    """Return the folder holding the scratch folders of the Anvil nodes sectoken starts.

    Anvil writes the chain's older states to disk (after its first few hundred blocks), by default into
    ``~/.foundry/anvil/tmp/anvil-state-*``, and leaves them there when it is killed: gigabytes for a long
    chain. Every Anvil sectoken starts is told (``--cache-path``) to write them into a folder of its own
    under this one, in the system's temporary folder (``TMPDIR``), one per user.
    """
    user = os.getuid() if hasattr(os, "getuid") else os.getlogin()
    return Path(tempfile.gettempdir()) / f"sectoken-anvil-{user}"


def _anvil_default_dir() -> Path:
    """Where Anvil keeps its older states when not told otherwise (``~/.foundry/anvil/tmp``)."""
    return Path.home() / ".foundry" / "anvil" / "tmp"


def _scratch_in_use() -> tuple[set[Path], bool]:
    """The scratch folders named on the command line of a running process (``--cache-path DIR``), and whether
    a running Anvil writes into :func:`_anvil_default_dir` (none named, and the same home as this process)."""
    in_use: set[Path] = set()
    default_in_use = False
    home = Path.home().resolve()
    for process in psutil.process_iter(["name", "cmdline"]):
        args = process.info.get("cmdline") or []  # None for processes of other users or already gone
        named = False
        for index, arg in enumerate(args):
            if arg == CACHE_PATH_OPTION and index + 1 < len(args):
                in_use.add(Path(args[index + 1]).resolve())
                named = True
            elif arg.startswith(CACHE_PATH_OPTION + "="):
                in_use.add(Path(arg.split("=", 1)[1]).resolve())
                named = True
        if named or not args or Path(args[0]).name != "anvil" or default_in_use:
            continue
        try:
            its_home = process.environ().get("HOME")
        except psutil.Error:
            its_home = None  # not readable: taken to be this home
        default_in_use = its_home is None or Path(its_home).resolve() == home
    return in_use, default_in_use


def prune_scratch_dirs(
    root: Path | None = None, *, grace: float = SCRATCH_GRACE, anvil_default: Path | None = None
) -> list[Path]:
    """Remove the scratch folders of nodes that no longer run.

    A folder is kept while any process names it on its command line (its node still runs, maybe started
    by another program or another checkout), and for ``grace`` seconds after it was last modified (a node
    about to start). The others were left by nodes killed with their program (SIGKILL): they are removed.

    The folders Anvil leaves in its default place (``~/.foundry/anvil/tmp/anvil-state-*``, from nodes started
    without a scratch folder, by older versions or by hand) cannot be told apart: they are removed only while
    no Anvil that writes there runs.

    Args:
        root: The folder of scratch folders (:func:`scratch_root` by default).
        grace: Seconds a folder is kept after its last change, in use or not.
        anvil_default: Anvil's default folder (``~/.foundry/anvil/tmp`` by default).

    Returns:
        The folders removed.
    """
    root = root or scratch_root()
    default = anvil_default or _anvil_default_dir()
    in_use, default_in_use = _scratch_in_use()
    candidates = list(root.iterdir()) if root.is_dir() else []
    if not default_in_use and default.is_dir():
        candidates += default.glob("anvil-state-*")
    removed: list[Path] = []
    for folder in candidates:
        with contextlib.suppress(OSError):
            if folder.resolve() in in_use or not folder.is_dir() or time.time() - folder.stat().st_mtime < grace:
                continue
            shutil.rmtree(folder)
            removed.append(folder)
    return removed


def scratch_dir(root: Path | None = None) -> Path:
    """Create a scratch folder for one Anvil node (after pruning those of nodes that no longer run).

    Pass it to Anvil as ``--cache-path``; remove it when the node stops.

    Args:
        root: Where to create it (:func:`scratch_root` by default).

    Returns:
        A new, empty folder, readable by this user only.
    """
    root = root or scratch_root()
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    prune_scratch_dirs(root)
    return Path(tempfile.mkdtemp(prefix="node-", dir=root))


def _command(
    tool: Path, engine: Engine, port: int, chain_id: int, accounts: int, state_file: Path | None, scratch: Path | None
) -> list[str]:
    if engine == "anvil":
        cmd = [
            str(tool), "--host", LOOPBACK, "--port", str(port), "--chain-id", str(chain_id),
            "--accounts", str(accounts), "--mnemonic", DEV_MNEMONIC, "--gas-limit", "30000000", "--silent",
        ]
        if state_file is not None:
            cmd += ["--state", str(state_file)]
        if scratch is not None:
            cmd += [CACHE_PATH_OPTION, str(scratch)]
        return cmd
    cmd = [
        str(tool), "--server.host", LOOPBACK, "--server.port", str(port),
        "--chain.chainId", str(chain_id), "--chain.hardfork", "shanghai", "--wallet.mnemonic", DEV_MNEMONIC,
        "--wallet.totalAccounts", str(accounts), "--miner.blockGasLimit", "30000000", "--logging.quiet",
    ]
    if state_file is not None:
        cmd += ["--database.dbPath", str(state_file)]
    return cmd


def _terminate(process: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    """Stop a node started in its own process group: SIGTERM to the group, then SIGKILL."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)


_LIVE: weakref.WeakSet[LocalNode] = weakref.WeakSet()


@atexit.register
def _stop_all() -> None:
    for node in list(_LIVE):
        node.stop()


class LocalNode:
    """A local development chain run as a child process.

    Use :meth:`start` to create one. The node runs in its own process group, so stopping it stops every
    process it started (Ganache runs on Node.js); nodes still running when Python exits are stopped too.
    An Anvil node keeps its older states in :attr:`scratch`, a folder of its own removed when it stops.
    """

    def __init__(
        self, engine: Engine, port: int, chain_id: int, process: subprocess.Popen[bytes], scratch: Path | None = None
    ) -> None:
        self.engine: Engine = engine
        self.port = port
        self.chain_id = chain_id
        self.process = process
        self.scratch = scratch
        self.url = f"http://{LOOPBACK}:{port}"

    @classmethod
    def start(
        cls,
        engine: Engine = "anvil",
        *,
        port: int | None = None,
        chain_id: int = 31337,
        accounts: int = 10,
        state_file: Path | None = None,
        timeout: float = 60.0,
        detach: bool = False,
    ) -> LocalNode:
        """Start a node and wait until it answers JSON-RPC.

        Args:
            engine: ``"anvil"`` or ``"ganache"``.
            port: the port to listen on; if omitted or already in use, a free port is chosen.
            chain_id: the chain id the node reports.
            accounts: how many funded development accounts (from :data:`DEV_MNEMONIC`).
            state_file: where Anvil keeps its state across restarts (Ganache: a database folder).
            timeout: seconds to wait for the node to answer.
            detach: leave the node running when this Python process exits (for a background node).

        Raises:
            ChainError: the engine is unknown, or the node did not come up.
            ToolchainError: Node.js or the npm package of the engine is missing.
        """
        if engine not in ENGINES:
            raise ChainError(f"Unknown engine {engine!r}: choose one of {', '.join(ENGINES)}.")
        last_error: ChainError | None = None
        for _attempt in range(3):
            chosen = port if port is not None and not port_in_use(port) else free_port()
            tool = node_tool(engine)
            scratch = scratch_dir() if engine == "anvil" else None
            cmd = _command(tool, engine, chosen, chain_id, accounts, state_file, scratch)
            # The node's output goes to an unnamed temporary file: read back if it fails to start, and
            # never a pipe that could fill up or break when a detached node outlives this process.
            with tempfile.TemporaryFile() as log:
                process = subprocess.Popen(
                    cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
                )
                node = cls(engine, chosen, chain_id, process, scratch)
                try:
                    _wait_for_rpc(node.url, process, timeout)
                except ChainError as exc:
                    node.stop()
                    log.seek(0)
                    output = log.read().decode(errors="replace").strip()[-2000:]
                    last_error = ChainError(f"{engine} failed to start: {exc}" + (f"\n{output}" if output else ""))
                    continue  # most often a port taken between the check and the bind: try another
            if not detach:
                _LIVE.add(node)
            return node
        assert last_error is not None
        raise last_error

    def web3(self, timeout: float = 30.0) -> Web3:
        """Return a :class:`Web3` connected to this node."""
        return Web3(provider(self.url, timeout))

    @property
    def running(self) -> bool:
        """Whether the node process is alive."""
        return self.process.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the node and every process it started, and remove its scratch folder. Safe to call twice."""
        _terminate(self.process, timeout)
        _LIVE.discard(self)
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"<LocalNode {self.engine} {self.url} chain_id={self.chain_id} {state}>"


@dataclass(frozen=True)
class BackgroundNode:
    """What ``sectoken node start`` leaves behind in its state folder (``.sectoken/node.json``)."""

    engine: Engine
    url: str
    port: int
    chain_id: int
    pid: int
    state_file: str
    scratch: str = ""  # the node's scratch folder (Anvil), removed when it is stopped

    def alive(self) -> bool:
        """Whether the process is still running and the node answers JSON-RPC."""
        try:
            os.kill(self.pid, 0)
        except OSError:
            return False
        try:
            connect(self.url, timeout=2)
        except ChainError:
            return False
        return True


def _record_path(state_dir: Path) -> Path:
    return state_dir / "node.json"


def background_status(state_dir: Path) -> BackgroundNode | None:
    """Return the background node recorded in ``state_dir`` if it is alive, else ``None``."""
    record = _record_path(state_dir)
    if not record.is_file():
        return None
    node = BackgroundNode(**json.loads(record.read_text()))
    return node if node.alive() else None


def start_background(
    state_dir: Path, engine: Engine = "anvil", *, port: int = 8545, chain_id: int = 31337
) -> tuple[BackgroundNode, bool]:
    """Start a node that outlives this process, with its chain state kept in ``state_dir``.

    Returns:
        The node and whether it was started now (``False``: one was already running).
    """
    running = background_status(state_dir)
    if running is not None:
        return running, False
    state_dir.mkdir(parents=True, exist_ok=True)
    state = state_dir / ("anvil-state.json" if engine == "anvil" else "ganache-db")
    if engine == "ganache":
        state.mkdir(exist_ok=True)
    node = LocalNode.start(engine, port=port, chain_id=chain_id, state_file=state, detach=True)
    record = BackgroundNode(engine, node.url, node.port, chain_id, node.process.pid, str(state),
                            str(node.scratch or ""))
    _record_path(state_dir).write_text(json.dumps(asdict(record), indent=2) + "\n")
    return record, True


def _exited(pid: int) -> bool:
    """Whether process ``pid`` has exited. A node this process started itself (``start_background`` and
    ``stop_background`` in one program) stays a zombie until reaped, and a zombie still answers signal 0:
    reap it here."""
    with contextlib.suppress(ChildProcessError):  # not a child of this process: its parent reaps it
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def _wait_exited(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not _exited(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True


def stop_background(state_dir: Path, timeout: float = 15.0) -> bool:
    """Stop the background node recorded in ``state_dir`` (its state is saved on the way out) and remove its
    scratch folder.

    Returns:
        Whether a running node was stopped.
    """
    record_file = _record_path(state_dir)
    if not record_file.is_file():
        return False
    node = BackgroundNode(**json.loads(record_file.read_text()))
    stopped = False
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(node.pid, signal.SIGTERM)
        stopped = True
        if not _wait_exited(node.pid, timeout):
            os.killpg(node.pid, signal.SIGKILL)
            _wait_exited(node.pid, timeout)
    if node.scratch and _exited(node.pid):
        shutil.rmtree(node.scratch, ignore_errors=True)
    record_file.unlink()
    return stopped
