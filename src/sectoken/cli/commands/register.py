"""``sectoken register``: the suite's register of holders in a database (SQLite by default, PostgreSQL by
URL): ``sync`` follows the suite's events into it, ``verify`` reconciles it with the chain."""

from __future__ import annotations

import click
from rich.console import Console

from sectoken.cli.commands._suite_commands import load_suite
from sectoken.cli.context import CliContext, pass_cli
from sectoken.cli.options import SectokenGroup, database_option
from sectoken.register import Register, sync, verify
from sectoken.register.sync import PAGE_BLOCKS

__all__ = ["command"]


def _open(database: str | None) -> Register:
    register = Register.open(database)
    assert register is not None  # created when missing
    return register


@click.group(cls=SectokenGroup, name="register")
def command() -> None:
    """The register of holders in a database: sync it from the chain, verify it against the chain."""


@command.command(name="sync")
@database_option
@click.option("--page-blocks", type=click.IntRange(min=1), default=PAGE_BLOCKS, show_default=True,
              help="Blocks read per request (and committed per database transaction).")
@pass_cli
def sync_command(cli: CliContext, database: str | None, page_blocks: int) -> None:
    """Follow the suite's events into the register, up to the latest block with the network's
    confirmations (--confirmations); a reorganisation below the synced tip is undone first."""
    suite = load_suite(cli, read_only=True)
    with _open(database) as register:
        report = sync(cli.web3(), suite, register, confirmations=cli.confirmations(), page_blocks=page_blocks)

    def render(console: Console) -> None:
        if report.reorg is not None:
            console.print(f"reorganisation: the chain no longer has the synced block {report.reorg.synced_block}; "
                          f"undid {report.reorg.events_undone} events above block {report.reorg.common_block}")
        if report.backfilled:
            console.print(f"read {report.backfilled} events the register follows since its upgrade in the blocks "
                          "it had synced before")
        if report.from_block is None:
            console.print(f"register of '{report.suite}' is up to date at block {report.synced_block} "
                          f"(head {report.head}, {report.confirmations} confirmations) in {report.database}")
        else:
            console.print(f"synced '{report.suite}' blocks {report.from_block}..{report.synced_block}: "
                          f"{report.events} events into {report.database}")

    cli.emit(report.as_dict(), render)


@command.command(name="verify")
@database_option
@pass_cli
def verify_command(cli: CliContext, database: str | None) -> None:
    """Compare every balance, frozen amount, identity, country and investor type, the holder count and the
    total supply in the register with the chain at the synced block; exit 1 when anything differs."""
    suite = load_suite(cli, read_only=True)
    with _open(database) as register:
        report = verify(cli.web3(), suite, register)

    def render(console: Console) -> None:
        if report.ok:
            console.print(f"register of '{report.suite}' matches the chain at block {report.block}: "
                          f"{report.wallets} wallets, {report.holders} holders, total supply {report.total_supply}")
            return
        console.print(f"{len(report.differences)} differences between the register of '{report.suite}' and the "
                      f"chain at block {report.block}:")
        for d in report.differences:
            where = f" of {d.wallet}" if d.wallet else ""
            console.print(f"  {d.what}{where}: register {d.register}, chain {d.chain}")

    cli.emit(report.as_dict(), render)
    if not report.ok:
        raise click.exceptions.Exit(1)
