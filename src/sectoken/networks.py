"""Which chain to talk to: ``--network local|ganache|NAME`` or ``--rpc-url URL``.

Built-in networks are ``local`` (Anvil on port 8545, chain 31337) and ``ganache`` (Ganache on port 8546,
chain 1337); sectoken starts their node when it is not running. Other names come from a networks file,
the first found of ``./networks.yaml`` and ``~/.sectoken/networks.yaml``::

    networks:
      sepolia:
        rpc_url: https://sepolia.example.org/v3/${SEPOLIA_KEY}   # ${VAR} is read from the environment
        chain_id: 11155111      # checked on connect
        confirmations: 2        # blocks to wait for after each transaction
        timeout: 60             # seconds per RPC request
        max_fee: 50 gwei        # maximum fee per gas a transaction may offer (default 500 gwei)

Example:
    >>> network = resolve_network("local")
    >>> w3 = connect_network(network)
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml
from web3 import Web3

from sectoken import chain
from sectoken.errors import ChainError, ChainIdMismatchError, ConfigError
from sectoken.inputs import parse_fee
from sectoken.redact import redact_url

__all__ = [
    "BUILTIN_NETWORKS",
    "NETWORKS_FILE",
    "STATE_DIR",
    "Connector",
    "Network",
    "NodeStarter",
    "check_chain_id",
    "connect_network",
    "default_connector",
    "default_starter",
    "load_networks_file",
    "network_files",
    "parse_fee",
    "resolve_network",
    "with_confirmations",
]

NETWORKS_FILE = "networks.yaml"
#: Where ``sectoken node start`` keeps the background node's record and chain state.
STATE_DIR = ".sectoken"
Engine = chain.Engine
#: Connects to a URL with a per-request timeout and returns a working ``Web3`` (raises ``ChainError``).
Connector = Callable[[str, float], Web3]
#: Starts the local node of a built-in network in the background.
NodeStarter = Callable[["Network"], object]


@dataclass(frozen=True)
class Network:
    """A chain to connect to.

    Attributes:
        name: The network's name (``"rpc"`` for a bare ``--rpc-url``).
        rpc_url: Its JSON-RPC endpoint.
        chain_id: The chain id it must have (``None``: not checked).
        confirmations: Blocks to wait for after each transaction.
        timeout: Seconds allowed per RPC request.
        engine: For a local network sectoken may start, ``"anvil"`` or ``"ganache"``; else ``None``.
        port: The local node's port (local networks only).
        source: Where the network was defined (``"built-in"``, a file path, or ``"--rpc-url"``).
        max_fee: The maximum fee per gas, in wei, a transaction may offer (``None``: the default,
            :data:`sectoken.tx.DEFAULT_MAX_FEE_PER_GAS`).
    """

    name: str
    rpc_url: str = field(repr=False)  # it may hold an API key
    chain_id: int | None = None
    confirmations: int = 1
    timeout: float = 30.0
    engine: Engine | None = None
    port: int | None = None
    source: str = "built-in"
    max_fee: int | None = None

    @property
    def embedded(self) -> bool:
        """Whether this is a local node sectoken starts itself (``local``, ``ganache``), where the
        development accounts are used without a key."""
        return self.engine is not None


BUILTIN_NETWORKS: Mapping[str, Network] = {
    "local": Network("local", "http://127.0.0.1:8545", 31337, engine="anvil", port=8545),
    "ganache": Network("ganache", "http://127.0.0.1:8546", 1337, engine="ganache", port=8546),
}

_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _expand(text: str, env: Mapping[str, str], where: str) -> str:
    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in env:
            raise ConfigError(f"{where} uses ${{{name}}}, but the environment variable {name} is not set.")
        return env[name]

    return _VAR.sub(substitute, text)


def network_files(cwd: Path | None = None, home: Path | None = None) -> list[Path]:
    """Return where networks files are looked for, in order: ``./networks.yaml``, ``~/.sectoken/networks.yaml``."""
    return [(cwd or Path.cwd()) / NETWORKS_FILE, (home or Path.home()) / ".sectoken" / NETWORKS_FILE]


def load_networks_file(path: Path, env: Mapping[str, str] | None = None) -> dict[str, Network]:
    """Read the networks defined in a YAML file (under a ``networks:`` key, or at the top level).

    Args:
        path: The file.
        env: Environment for ``${VAR}`` in URLs (``os.environ`` by default).

    Returns:
        The networks by name.

    Raises:
        ConfigError: the file is not valid YAML or an entry is malformed; the message names the entry.
    """
    environ = os.environ if env is None else env
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{path}{line}: not valid YAML ({getattr(error, 'problem', error)}).") from None
    if isinstance(data, dict) and "networks" in data:
        data = data["networks"]
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of network names to settings.")
    networks: dict[str, Network] = {}
    allowed = {"rpc_url", "chain_id", "confirmations", "timeout", "max_fee"}
    for name, entry in data.items():
        where = f"{path}: network '{name}'"
        if not isinstance(entry, dict) or "rpc_url" not in entry:
            raise ConfigError(f"{where} needs at least an rpc_url.")
        unknown = set(entry) - allowed
        if unknown:
            raise ConfigError(f"{where} has unknown keys {sorted(unknown)}; allowed: {sorted(allowed)}.")
        try:
            confirmations = int(entry.get("confirmations", 1))
            chain_id = int(entry["chain_id"]) if entry.get("chain_id") is not None else None
            timeout = float(entry.get("timeout", 30.0))
        except (TypeError, ValueError):
            raise ConfigError(f"{where}: chain_id and confirmations must be integers, timeout a number.") from None
        if confirmations < 1 or timeout <= 0:
            raise ConfigError(f"{where}: confirmations must be 1 or more and timeout positive.")
        max_fee = parse_fee(entry["max_fee"], f"{where}: max_fee") if entry.get("max_fee") is not None else None
        networks[str(name)] = Network(
            name=str(name),
            rpc_url=_expand(str(entry["rpc_url"]), environ, where),
            chain_id=chain_id,
            confirmations=confirmations,
            timeout=timeout,
            source=str(path),
            max_fee=max_fee,
        )
    return networks


def resolve_network(
    network: str | None = None,
    rpc_url: str | None = None,
    *,
    files: Sequence[Path] | None = None,
    env: Mapping[str, str] | None = None,
) -> Network:
    """Turn ``--network`` / ``--rpc-url`` into a :class:`Network`.

    Args:
        network: A built-in name (``local``, ``ganache``) or a name from the first networks file found.
        rpc_url: A JSON-RPC URL used as is (its chain id is not checked; the suite's is).
        files: Networks files to search (by default :func:`network_files`).
        env: Environment for ``${VAR}`` in networks files.

    Returns:
        The network; ``local`` when neither argument is given.

    Raises:
        ConfigError: both arguments are given, the URL is not http(s)/ws(s), or the name is unknown (the
            message suggests a close name and lists the known ones).
    """
    if network and rpc_url:
        raise ConfigError(
            f"Give --network or --rpc-url, not both (got --network {network} and --rpc-url {redact_url(rpc_url)})."
        )
    if rpc_url:
        if not re.match(r"^(https?|wss?)://", rpc_url):
            raise ConfigError(f"--rpc-url {redact_url(rpc_url)!r} is not an http(s):// or ws(s):// URL.")
        return Network("rpc", rpc_url, source="--rpc-url")
    name = network or "local"
    searched = list(files) if files is not None else network_files()
    known: dict[str, Network] = dict(BUILTIN_NETWORKS)
    for path in searched:
        if path.is_file():
            known.update(load_networks_file(path, env))
            break
    if name in known:
        return known[name]
    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    raise ConfigError(
        f"Unknown network '{name}'.{hint} Known: {', '.join(sorted(known))}. Define it in "
        f"{' or '.join(str(path) for path in searched)}, or pass --rpc-url URL."
    )


def check_chain_id(w3: Web3, expected: int, *, what: str) -> int:
    """Check the connected chain's id.

    Args:
        w3: The connection.
        expected: The chain id required.
        what: What requires it, for the message (e.g. ``"suite 'demo'"``).

    Returns:
        The chain id.

    Raises:
        ChainIdMismatchError: the ids differ.
    """
    actual = int(w3.eth.chain_id)
    if actual != expected:
        raise ChainIdMismatchError(
            f"Connected to chain {actual}, but {what} is on chain {expected}: check --network / --rpc-url."
        )
    return actual


def default_connector() -> Connector:
    """Return the connector used when none is given: :func:`sectoken.chain.connect`."""

    def connect(url: str, timeout: float) -> Web3:
        if url.startswith(("ws://", "wss://")):
            raise ConfigError(f"{redact_url(url)}: websocket URLs are not supported yet; use the node's http(s) URL.")
        return chain.connect(url, timeout=timeout)

    return connect


def follow_background_node(network: Network, state_dir: Path) -> Network:
    """The built-in network served by the background node ``sectoken node start`` recorded in ``state_dir``,
    wherever it listens (``--port``) and whatever chain id it was given: ``--network local`` reaches the node
    of ``sectoken node start --port 9000``. Other networks, and a built-in one without such a node (none
    recorded, another engine, or no longer alive), are returned unchanged.

    Args:
        network: The resolved network.
        state_dir: Where ``sectoken node start`` keeps its record (``.sectoken`` by default).
    """
    if network.engine is None:
        return network
    node = chain.background_status(state_dir)
    if node is None or node.engine != network.engine or node.url.rstrip("/") == network.rpc_url.rstrip("/"):
        return network
    return replace(network, rpc_url=node.url, port=node.port, chain_id=node.chain_id,
                   source=f"the node `sectoken node start` recorded in {state_dir}")


def default_starter(network: Network) -> object:
    """Start a built-in network's node in the background (state kept in ``.sectoken/``), as
    ``sectoken node start`` does, so it outlives the command that needed it.

    Raises:
        ChainError: the network is not a local node sectoken can start.
    """
    if network.engine is None:
        raise ChainError(f"Network '{network.name}' is not a local node sectoken can start.")
    node, _started = chain.start_background(
        Path(STATE_DIR), network.engine, port=network.port or 8545, chain_id=network.chain_id or 31337
    )
    return node


def connect_network(
    network: Network,
    *,
    start: bool = True,
    connector: Connector | None = None,
    starter: NodeStarter | None = None,
) -> Web3:
    """Connect to a network, starting its local node if needed, and check its chain id.

    Args:
        network: The network.
        start: Start the node of a built-in local network when nothing answers.
        connector: How to connect (default: :func:`default_connector`).
        starter: How to start a local node (default: :func:`default_starter`).

    Returns:
        A working ``Web3``.

    Raises:
        ChainError: the node cannot be reached (or started).
        ChainIdMismatchError: the node's chain id is not the network's.
    """
    connect = connector or default_connector()
    try:
        w3 = connect(network.rpc_url, network.timeout)
    except ChainError:
        if not (start and network.engine):
            raise
        (starter or default_starter)(network)
        w3 = connect(network.rpc_url, network.timeout)
    if network.chain_id is not None:
        check_chain_id(w3, network.chain_id, what=f"network '{network.name}' ({network.source})")
    return w3


def with_confirmations(network: Network, confirmations: int | None) -> Network:
    """Return ``network`` with its confirmations overridden (when ``confirmations`` is not ``None``)."""
    if confirmations is None:
        return network
    if confirmations < 1:
        raise ConfigError(f"--confirmations must be 1 or more, got {confirmations}.")
    return replace(network, confirmations=confirmations)
