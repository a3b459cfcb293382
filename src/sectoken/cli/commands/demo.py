"""``sectoken demo``: the UK-US scenario end to end on an embedded chain."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from sectoken.chain import LocalNode
from sectoken.cli.context import CliContext, pass_cli
from sectoken.cli.options import SectokenCommand
from sectoken.demo import run_demo


@click.command(cls=SectokenCommand, name="demo")
@click.option(
    "--output", type=click.Path(file_okay=False, path_type=Path), default=Path(".sectoken") / "demo",
    show_default=True, help="Where the deployment record and the cap-table chart are written.",
)
@pass_cli
def command(cli: CliContext, output: Path) -> None:
    """Deploy, onboard, issue, refuse, settle, pay a coupon and show the cap table on an embedded Anvil
    that the demo starts and stops (it takes no network, suite or signer options; --json prints a summary,
    the story going to standard error)."""
    typed = sorted(f"--{name.replace('_', '-')}" for name in cli.options.from_command_line if name != "json_output")
    if typed:
        raise click.UsageError(
            f"sectoken demo runs on an embedded Anvil of its own, with its own accounts: {', '.join(typed)} "
            "would be ignored. To run the steps on another network, follow the README's command list."
        )
    story = cli.err_console if cli.options.json_output else cli.console
    output.mkdir(parents=True, exist_ok=True)
    with LocalNode.start() as node:
        story.print(f"[bold]embedded Anvil[/] at {node.url} (chain id {node.chain_id})")
        suite = run_demo(story, node.web3(), output)
        data = {
            "chainId": suite.chain_id,
            "suite": suite.name,
            "contracts": {role: record.address for role, record in sorted(suite.record.contracts.items())},
            "record": str(output / "deployments" / str(suite.chain_id) / f"{suite.name}.json"),
            "chart": str(output / "captable.png"),
        }
    story.print("[bold green]demo complete[/]: chain stopped")

    def render(console: Console) -> None:
        console.print(f"record: {data['record']}")

    cli.emit(data, render)
