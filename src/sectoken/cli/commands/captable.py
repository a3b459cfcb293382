"""``sectoken captable``: holders by jurisdiction, now or at any past block; read from the register when
it is synced to that block (``sectoken register sync``), from the chain otherwise."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from sectoken.captable import write_chart
from sectoken.cli.context import CliContext, pass_cli
from sectoken.cli.options import SectokenCommand, database_option
from sectoken.register import RegisterSource, read_cap_table


@click.command(cls=SectokenCommand, name="captable")
@click.option("--at-block", type=click.IntRange(min=0), default=None, help="Report at this block (default: latest).")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
    help="Output format.",
)
@click.option("--chart", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Also write a PNG chart.")
@click.option(
    "--source", type=click.Choice(["auto", "register", "chain"]), default="auto", show_default=True,
    help="Where to read the holdings: the register when it is synced to the block (auto), only the register, "
    "or only the chain.",
)
@database_option
@pass_cli
def command(
    cli: CliContext, at_block: int | None, fmt: str, chart: Path | None, source: str, database: str | None
) -> None:
    """Show the security's holders by jurisdiction (investor identities, wallets, balance, share)."""
    suite = cli.suite()
    w3 = cli.web3()
    register = None if source == "chain" else RegisterSource.find(database, chain_id=suite.chain_id,
                                                                   token=suite.address("token"))
    try:
        table = read_cap_table(w3, suite, register, block=at_block, only_register=source == "register")
    finally:
        if register is not None:
            register.close()
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
            title=f"{table.symbol} by jurisdiction at block {table.block} (from the {table.source})",
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
