"""``sectoken captable``: holders by jurisdiction, now or at any past block."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from sectoken.captable import cap_table, write_chart
from sectoken.cli.context import CliContext, pass_cli
from sectoken.cli.options import SectokenCommand


@click.command(cls=SectokenCommand, name="captable")
@click.option("--at-block", type=click.IntRange(min=0), default=None, help="Report at this block (default: latest).")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
    help="Output format.",
)
@click.option("--chart", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Also write a PNG chart.")
@pass_cli
def command(cli: CliContext, at_block: int | None, fmt: str, chart: Path | None) -> None:
    """Show the security's holders by jurisdiction (investor identities, wallets, balance, share)."""
    suite = cli.suite()
    table = cap_table(
        cli.web3(), suite.address("token"), suite.address("identityRegistry"), block=at_block,
        from_block=suite.contracts["token"].block_number,
    )
    if chart is not None:
        write_chart(table, chart)
    if fmt == "csv":
        click.echo(table.to_csv(), nl=False)
        return
    if fmt == "json" or cli.options.json_output:
        click.echo(table.to_json())
        return

    def render(console: Console) -> None:
        by_country = Table(
            "Country", "Holders", "Wallets", f"Balance ({table.symbol})", "Share",
            title=f"{table.symbol} by jurisdiction at block {table.block}",
        )
        for row in table.by_country:
            by_country.add_row(
                f"{row.alpha2} {row.name}", str(row.holders), str(row.wallets), table.units(row.balance),
                f"{row.share:.1%}",
            )
        by_country.add_section()
        by_country.add_row(
            "Total", str(table.holders), str(len(table.holdings)), table.units(table.total_supply), "100.0%"
        )
        console.print(by_country)
        if chart is not None:
            console.print(f"chart written to {chart}")

    cli.emit({}, render)
