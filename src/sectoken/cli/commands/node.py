"""``sectoken node``: a local chain running in the background, its state kept between runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.console import Console

from sectoken.chain import BackgroundNode, background_status, port_in_use, start_background, stop_background
from sectoken.cli.context import CliContext, pass_cli
from sectoken.cli.options import SectokenGroup
from sectoken.errors import ChainError
from sectoken.networks import BUILTIN_NETWORKS, STATE_DIR

#: The built-in network each engine serves (``local``: Anvil on 8545; ``ganache``: Ganache on 8546).
_NETWORK_OF = {"anvil": "local", "ganache": "ganache"}

state_dir_option = click.option(
    "--state-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(STATE_DIR),
    show_default=True,
    help="Folder keeping the node's record and chain state.",
)


def _data(node: BackgroundNode) -> dict[str, Any]:
    return {
        "running": True,
        "engine": node.engine,
        "url": node.url,
        "port": node.port,
        "chainId": node.chain_id,
        "pid": node.pid,
        "stateFile": node.state_file,
    }


@click.group(cls=SectokenGroup, name="node")
def command() -> None:
    """Run a local chain (Anvil or Ganache) in the background; its state survives a restart."""


@command.command()
@click.option("--engine", type=click.Choice(["anvil", "ganache"]), default="anvil", show_default=True,
              help="The node to run.")
@click.option("--port", type=click.IntRange(1, 65535), default=None,
              help="Port to listen on. [default: 8545 for anvil, 8546 for ganache, as --network local/ganache]")
@click.option("--chain-id", type=click.IntRange(min=1), default=None,
              help="Chain id. [default: 31337 for anvil, 1337 for ganache]")
@click.option("--any-port", is_flag=True,
              help="If the port is taken, listen on a free one instead of refusing (the commands follow it).")
@state_dir_option
@pass_cli
def start(cli: CliContext, engine: str, port: int | None, chain_id: int | None, any_port: bool,
          state_dir: Path) -> None:
    """Start a node in the background (nothing happens if one is running). --network local (or ganache)
    reaches it wherever it listens."""
    network = BUILTIN_NETWORKS[_NETWORK_OF[engine]]
    wanted_port = port or network.port or 8545
    if not any_port and background_status(state_dir) is None and port_in_use(wanted_port):
        raise ChainError(
            f"Port {wanted_port} is taken: another program listens there. Stop it, choose another port with "
            "--port, or pass --any-port to listen on a free one."
        )
    node, started = start_background(
        state_dir, "ganache" if engine == "ganache" else "anvil", port=wanted_port,
        chain_id=chain_id or network.chain_id or 31337,
    )
    data = {**_data(node), "started": started}

    def render(console: Console) -> None:
        verb = "started" if started else "already running:"
        console.print(f"[green]✓[/] {verb} {node.engine} at {node.url} (chain id {node.chain_id}, pid {node.pid})")
        console.print(f"  state kept in {node.state_file}")
        if started and node.port != wanted_port:
            console.print(f"  [yellow]port {wanted_port} was taken[/]: listening on {node.port} instead")
        console.print(f"  use it with --network {network.name}" + (" (the default)" if network.name == "local" else "")
                      + f", from this folder (it follows the node recorded in {state_dir}), or --rpc-url {node.url}")

    cli.emit(data, render)


@command.command()
@state_dir_option
@pass_cli
def status(cli: CliContext, state_dir: Path) -> None:
    """Show whether the background node runs, and where."""
    node = background_status(state_dir)
    data: dict[str, Any] = _data(node) if node is not None else {"running": False}

    def render(console: Console) -> None:
        if node is None:
            console.print(f"No node running (nothing alive recorded in {state_dir}); start one with `sectoken node start`.")
            return
        console.print(f"{node.engine} running at {node.url} (chain id {node.chain_id}, pid {node.pid})")
        console.print(f"  state kept in {node.state_file}")

    cli.emit(data, render)


@command.command()
@state_dir_option
@pass_cli
def stop(cli: CliContext, state_dir: Path) -> None:
    """Stop the background node; its chain state is saved for the next start."""
    stopped = stop_background(state_dir)

    def render(console: Console) -> None:
        if stopped:
            console.print("[green]✓[/] node stopped; its state is kept for the next `sectoken node start`")
        else:
            console.print("No node was running.")

    cli.emit({"stopped": stopped}, render)
