"""``sectoken artifacts``: the precompiled contracts shipped in the package."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from sectoken import artifacts
from sectoken.cli.context import CliContext, pass_cli
from sectoken.cli.options import SectokenCommand


@click.command(cls=SectokenCommand, name="artifacts")
@pass_cli
def command(cli: CliContext) -> None:
    """List the shipped contract artifacts (deployable without a compiler)."""
    shipped = artifacts.load_all()
    data = [
        {
            "name": artifact.name,
            "kind": artifact.kind,
            "deployable": artifact.deployable,
            "source": artifact.source_path,
            "bytecodeBytes": max(len(artifact.bytecode) - 2, 0) // 2,
            "bytecodeSha256": artifact.bytecode_sha256,
            "compiler": artifact.compiler,
        }
        for artifact in shipped.values()
    ]

    def render(console: Console) -> None:
        table = Table(title=f"{len(data)} shipped artifacts")
        table.add_column("Name", no_wrap=True)
        for heading in ("Kind", "Source", "Bytecode", "SHA-256"):
            table.add_column(heading)
        for row in data:
            size = f"{row['bytecodeBytes']:,} B" if row["deployable"] else "-"
            sha = str(row["bytecodeSha256"])[:12] or "-"
            table.add_row(str(row["name"]), str(row["kind"]), str(row["source"]), size, sha)
        console.print(table)

    cli.emit(data, render)
