"""``sectoken demo``: the UK-US scenario end to end on an embedded chain."""

from __future__ import annotations

from pathlib import Path

import click

from sectoken.cli.context import CliContext, pass_cli
from sectoken.cli.options import SectokenCommand
from sectoken.demo import main as run


@click.command(cls=SectokenCommand, name="demo")
@click.option(
    "--output", type=click.Path(file_okay=False, path_type=Path), default=Path(".sectoken") / "demo",
    show_default=True, help="Where the deployment record and the cap-table chart are written.",
)
@pass_cli
def command(cli: CliContext, output: Path) -> None:
    """Deploy, onboard, issue, refuse, settle, pay a coupon and show the cap table on an embedded Anvil."""
    if run([str(output)], console=cli.console) != 0:
        raise SystemExit(1)
