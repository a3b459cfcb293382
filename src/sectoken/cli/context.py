"""The command line's context: the global options, and the connection, signer and suite they resolve
to, each resolved on first use (``sectoken version`` never touches a chain)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
from eth_typing import ChecksumAddress
from rich.console import Console
from web3 import Web3

from sectoken.artifacts import Artifact
from sectoken.chain import background_status
from sectoken.cli.output import json_ready
from sectoken.deployments import DEFAULT_DIRECTORY, Deployments, SuiteRecord
from sectoken.errors import ChainIdMismatchError, ConfigError
from sectoken.networks import (
    STATE_DIR,
    Connector,
    Network,
    NodeStarter,
    connect_network,
    follow_background_node,
    parse_fee,
    resolve_network,
    with_confirmations,
)
from sectoken.signers import LocalSigner, resolve_signer
from sectoken.tx import Receipt, Sendable, deploy, mines_on_demand, send, set_max_fee

__all__ = ["CliContext", "GlobalOptions", "pass_cli"]


@dataclass
class GlobalOptions:
    """The global options as typed (``None``: not given).

    ``from_command_line`` names the options typed on the command line (as opposed to read from an
    environment variable), which an environment variable may not override.
    """

    network: str | None = None
    rpc_url: str | None = None
    suite: str | None = None
    keystore: Path | None = None
    deployments: Path | None = None
    account_index: int | None = None
    confirmations: int | None = None
    max_fee: str | None = None
    allow_dev_accounts: bool = False
    json_output: bool = False
    from_command_line: set[str] = field(default_factory=set)

    def set(self, name: str, value: Any, *, from_command_line: bool) -> None:
        """Set option ``name`` unless it was typed on the command line and this value comes from the
        environment."""
        if not hasattr(self, name) or name == "from_command_line":
            raise AttributeError(f"no global option {name!r}")
        if not from_command_line and name in self.from_command_line:
            return
        setattr(self, name, value)
        if from_command_line:
            self.from_command_line.add(name)


def _prompt_password(question: str) -> str:
    return str(click.prompt(question, hide_input=True))


@dataclass
class CliContext:
    """Everything a command needs, resolved lazily from the global options.

    Attributes:
        options: The global options.
        env: Environment variables (``os.environ`` when ``None``).
        connector: How to connect to a URL (default: ``sectoken.chain.connect``).
        starter: How to start a local node (default: ``sectoken.chain.LocalNode.start``).
        prompt: Asks for a keystore password.
    """

    options: GlobalOptions = field(default_factory=GlobalOptions)
    env: Mapping[str, str] | None = None
    connector: Connector | None = None
    starter: NodeStarter | None = None
    prompt: Callable[[str], str] = _prompt_password
    _network: Network | None = field(default=None, init=False, repr=False)
    _web3: Web3 | None = field(default=None, init=False, repr=False)
    _signer: LocalSigner | None = field(default=None, init=False, repr=False)
    _suite: SuiteRecord | None = field(default=None, init=False, repr=False)
    nodes: list[object] = field(default_factory=list, init=False, repr=False)
    amount_unit: tuple[int, str] | None = field(default=None, init=False, repr=False)
    _on_demand: bool | None = field(default=None, init=False, repr=False)

    @property
    def environ(self) -> Mapping[str, str]:
        """The environment in use."""
        return os.environ if self.env is None else self.env

    @property
    def console(self) -> Console:
        """Rich console on standard output."""
        return Console(highlight=False, soft_wrap=True)

    @property
    def err_console(self) -> Console:
        """Rich console on standard error."""
        return Console(stderr=True, highlight=False, soft_wrap=True)

    def network(self) -> Network:
        """The network chosen by ``--network``/``--rpc-url`` (a command-line value beats an environment one).

        Raises:
            click.UsageError: both were typed on the command line.
            ConfigError: the network is unknown.
        """
        if self._network is None:
            options = self.options
            network, rpc_url = options.network, options.rpc_url
            if network and rpc_url:
                typed = options.from_command_line
                if "network" in typed and "rpc_url" in typed:
                    raise click.UsageError("Give --network or --rpc-url, not both.")
                if "rpc_url" in typed:
                    network = None
                elif "network" in typed:
                    rpc_url = None
                else:
                    raise ConfigError("SECTOKEN_NETWORK and SECTOKEN_RPC_URL are both set: unset one of them.")
            resolved = follow_background_node(resolve_network(network, rpc_url, env=self.environ), Path(STATE_DIR))
            self._network = with_confirmations(resolved, options.confirmations)
        return self._network

    def web3(self) -> Web3:
        """The connection (the built-in local node is started if it is not running).

        Raises:
            ChainError: the node cannot be reached.
            ChainIdMismatchError: the node's chain is not the network's.
        """
        if self._web3 is None:
            network = self.network()
            cap = parse_fee(self.options.max_fee) if self.options.max_fee is not None else network.max_fee
            w3 = connect_network(network, connector=self.connector, starter=self._start_node)
            self._web3 = set_max_fee(w3, cap)
        return self._web3

    def _start_node(self, network: Network) -> object:
        from sectoken.networks import default_starter

        node = (self.starter or default_starter)(network)
        self.nodes.append(node)
        return node

    def chain_id(self) -> int:
        """The connected chain's id."""
        return int(self.web3().eth.chain_id)

    def signer(self) -> LocalSigner:
        """The signer for the connected chain (see :func:`sectoken.signers.resolve_signer`)."""
        if self._signer is None:
            self._signer = resolve_signer(
                self.chain_id(),
                keystore=self.options.keystore,
                account_index=self.options.account_index,
                env=self.environ,
                prompt=self.prompt,
                embedded=self._embedded(),
                allow_dev_accounts=bool(self.options.allow_dev_accounts),
            )
        return self._signer

    def _embedded(self) -> bool:
        """Whether the chain is a local node sectoken started: a built-in local network, or the URL of the
        background node ``sectoken node start`` recorded in ``.sectoken/``."""
        network = self.network()
        if network.embedded:
            return True
        node = background_status(Path(STATE_DIR))
        return node is not None and node.url.rstrip("/") == network.rpc_url.rstrip("/") and node.alive()

    def confirmations(self) -> int:
        """Blocks to wait for after each transaction: the network's (or ``--confirmations``), except on a chain
        that mines only on demand, where no block comes without a transaction: there a transaction is done
        once mined (see :meth:`confirmations_skipped`)."""
        return 1 if self.confirmations_skipped() else self.network().confirmations

    def confirmations_skipped(self) -> bool:
        """Whether more than one confirmation was asked for on a chain that mines only on demand (Anvil's or
        Hardhat's automine), so that only the first is waited for."""
        if self.network().confirmations <= 1:
            return False
        if self._on_demand is None:
            self._on_demand = mines_on_demand(self.web3())
        return self._on_demand

    def deployments(self) -> Deployments:
        """The deployment records (``--deployments DIR`` or ``./deployments``)."""
        return Deployments(self.options.deployments or DEFAULT_DIRECTORY)

    def suite(self) -> SuiteRecord:
        """The suite named by ``--suite``, on the connected chain.

        Raises:
            ConfigError: no ``--suite`` was given.
            DeploymentNotFoundError: no such suite on the connected chain.
        """
        if self._suite is None:
            name = self.options.suite
            if not name:
                raise ConfigError("No suite chosen: pass --suite NAME or set SECTOKEN_SUITE.")
            chain_id = self.chain_id()
            record = self.deployments().find(chain_id, name)
            if record.chain_id != chain_id:
                raise ChainIdMismatchError(
                    f"Connected to chain {chain_id}, but suite '{name}' records chain {record.chain_id}."
                )
            self._suite = record
        return self._suite

    def send(self, call_or_deploy: Sendable, **options: Any) -> Receipt:
        """Send a transaction with the context's connection, signer and confirmations.

        Args:
            call_or_deploy: As for :func:`sectoken.tx.send`.
            **options: Other keyword options of :func:`sectoken.tx.send`.

        Returns:
            The receipt.
        """
        options.setdefault("confirmations", self.confirmations())
        return send(self.web3(), self.signer(), call_or_deploy, **options)

    def deploy(self, artifact: Artifact | str, *args: Any, **options: Any) -> tuple[ChecksumAddress, Receipt]:
        """Deploy a contract with the context's connection, signer and confirmations (see
        :func:`sectoken.tx.deploy`)."""
        options.setdefault("confirmations", self.confirmations())
        return deploy(self.web3(), self.signer(), artifact, *args, **options)

    def units(self, token: Any) -> tuple[int, str]:
        """The decimals and symbol of ``token`` (a typed client), remembered as the unit in which a revert's
        amounts are shown (``2.5 stUSD`` rather than ``2500000``)."""
        self.amount_unit = (int(token.decimals()), str(token.symbol()))
        return self.amount_unit

    def emit(self, data: Any, render: Callable[[Console], None]) -> None:
        """Print a result: ``data`` as JSON with ``--json`` (camelCase keys, ISO times: see
        :mod:`sectoken.cli.output`), else ``render`` it on the rich console."""
        if self.options.json_output:
            click.echo(json.dumps(json_ready(data), indent=2, default=str))
        else:
            render(self.console)


#: Decorator passing the :class:`CliContext` as a command's first argument.
pass_cli = click.make_pass_decorator(CliContext, ensure=True)
