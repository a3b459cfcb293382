"""``sectoken check FROM TO AMOUNT``: would this transfer go through? Nothing is sent."""

from __future__ import annotations

import click
from rich.console import Console

from sectoken.cli.commands._suite_commands import load_suite, plain, tokens
from sectoken.cli.context import CliContext, pass_cli
from sectoken.cli.options import ADDRESS, SectokenCommand
from sectoken.contracts.units import format_amount
from sectoken.inputs import BALANCE_BITS


@click.command(cls=SectokenCommand, name="check")
@click.argument("sender", metavar="FROM", type=ADDRESS)
@click.argument("to", type=ADDRESS)
@click.argument("amount")
@pass_cli
def command(cli: CliContext, sender: str, to: str, amount: str) -> None:
    """Ask the token whether FROM may transfer AMOUNT tokens to TO now, and why not (its ERC-1404
    restriction code and message). Nothing is sent. Exits 0 if the transfer is allowed, 1 if not."""
    token = load_suite(cli, read_only=True).token
    decimals, symbol = cli.units(token)
    units = tokens(amount, decimals, bits=BALANCE_BITS)
    check = token.check_transfer(sender, to, units)
    data = {
        "from": sender,
        "to": to,
        "amount": plain(units, decimals),
        "baseUnits": units,
        "allowed": check.allowed,
        "code": check.code,
        "reason": check.reason.name if check.reason is not None else "UNKNOWN",
        "message": check.message,
    }

    def render(console: Console) -> None:
        what = f"{format_amount(units, decimals)} {symbol} from {sender} to {to}"
        if check.allowed:
            console.print(f"[green]✓ allowed[/]: {what}")
        else:
            console.print(f"[red]✗ refused[/], code {check.code} ({data['reason']}): {check.message}")
            console.print(f"  {what}")

    cli.emit(data, render)
    if not check.allowed:
        click.get_current_context().exit(1)
