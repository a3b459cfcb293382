"""``sectoken compliance``: the rules a suite enforces, read from the chain."""

from __future__ import annotations

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from sectoken.cli.commands._suite_commands import load_suite
from sectoken.cli.context import CliContext, pass_cli
from sectoken.cli.options import SectokenGroup
from sectoken.suite import compliance_rules


@click.group(cls=SectokenGroup, name="compliance")
def command() -> None:
    """Explain the compliance rules of the chosen suite."""


@command.command()
@pass_cli
def explain(cli: CliContext) -> None:
    """List, in words, every rule the suite enforces now: the claims investors need, the trusted
    issuers, and each compliance module's settings, with the ERC-1404 codes a refusal reports and the
    basis the jurisdiction packs give for it."""
    suite = load_suite(cli, read_only=True)
    rules = compliance_rules(suite)
    data = [
        {"source": rule.source, "codes": list(rule.codes), "rule": rule.text, "detail": rule.detail,
         "basis": list(rule.basis)}
        for rule in rules
    ]

    def render(console: Console) -> None:
        table = Table(title=f"Compliance of {suite.name} ({suite.token.symbol()})")
        table.add_column("#", justify="right")
        table.add_column("Rule", overflow="fold", ratio=4)
        table.add_column("Enforced by", overflow="fold", ratio=1)
        table.add_column("Codes", no_wrap=True)
        shown: set[str] = set()
        for number, rule in enumerate(rules, 1):
            # each module's basis once, under its first rule
            why = [basis for basis in rule.basis if basis not in shown]
            shown.update(why)
            text = rule.text + "".join(f"\n[dim]Basis: {escape(basis)}[/dim]" for basis in why)
            table.add_row(str(number), text, rule.source, ", ".join(str(code) for code in rule.codes))
        console.print(table)

    cli.emit(data, render)


@command.command()
@pass_cli
def modules(cli: CliContext) -> None:
    """List the compliance modules in the order they are checked, with their own descriptions."""
    suite = load_suite(cli, read_only=True)
    by_address = {module.address: module for module in suite.modules.values()}
    rows = []
    for address in suite.compliance.modules():
        module = by_address[address]
        rows.append({
            "module": module.ARTIFACT,
            "address": address,
            "code": module.restriction_code(),
            "describe": module.describe(),
        })

    def render(console: Console) -> None:
        table = Table(title=f"Modules of {suite.name}")
        table.add_column("Module", overflow="fold")
        table.add_column("Address", no_wrap=True, min_width=42)
        table.add_column("Code", justify="right")
        table.add_column("Configuration", overflow="fold")
        for row in rows:
            table.add_row(str(row["module"]), str(row["address"]), str(row["code"]), str(row["describe"]))
        console.print(table)

    cli.emit(rows, render)
