"""``sectoken suites``: the deployed suites recorded under the deployments folder."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from sectoken.cli.context import CliContext, pass_cli
from sectoken.cli.options import SectokenCommand


@click.command(cls=SectokenCommand, name="suites")
@pass_cli
def command(cli: CliContext) -> None:
    """List recorded suites; with --suite, show that suite's contracts on the connected chain."""
    if cli.options.suite:
        suite = cli.suite()
        data = {
            "name": suite.name,
            "chainId": suite.chain_id,
            "contracts": {role: record.to_json() for role, record in suite.contracts.items()},
        }

        def render_one(console: Console) -> None:
            table = Table("Role", "Artifact", "Address", "Block", title=f"Suite {suite.name} on chain {suite.chain_id}")
            for role, record in sorted(suite.contracts.items()):
                table.add_row(role, record.artifact, record.address, str(record.block_number))
            console.print(table)

        cli.emit(data, render_one)
        return
    store = cli.deployments()
    records = store.suites()
    listing = [
        {"chainId": r.chain_id, "name": r.name, "contracts": len(r.contracts), "createdAt": r.created_at}
        for r in records
    ]

    def render(console: Console) -> None:
        if not listing:
            console.print(f"No suites recorded in {store.directory}.")
            return
        table = Table("Chain", "Suite", "Contracts", "Created", title=f"Suites in {store.directory}")
        for row in listing:
            table.add_row(str(row["chainId"]), str(row["name"]), str(row["contracts"]), str(row["createdAt"]))
        console.print(table)

    cli.emit(listing, render)
