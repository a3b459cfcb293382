"""``sectoken agent``: who may act on the chosen suite, and with which powers.

Powers by name: the token's ``supply`` (mint, burn), ``freeze``, ``transfer`` (forced transfers),
``recovery``, ``pause``, and the identity registry's ``registry`` (register investors, change their country
or identity, delete them). ``all`` names every one.
"""

from __future__ import annotations

import click
from rich.console import Console

from sectoken.administration import AGENT_ROLES, agents, grant, parse_roles, revoke
from sectoken.cli.commands._suite_commands import load_suite, report_all
from sectoken.cli.context import CliContext, pass_cli
from sectoken.cli.options import ADDRESS, SectokenGroup

_ROLE_HELP = f"Power to give or take, repeatable or comma-separated: {', '.join(AGENT_ROLES)}, all. [default: all]"


@click.group(cls=SectokenGroup, name="agent")
def command() -> None:
    """Appoint and dismiss the agents of the suite's token and registry, and list them with their powers
    (the signer must own the token and the registry)."""


@command.command()
@click.argument("account", type=ADDRESS)
@click.option("--role", "roles", multiple=True, metavar="POWER", help=_ROLE_HELP)
@pass_cli
def add(cli: CliContext, account: str, roles: tuple[str, ...]) -> None:
    """Give ACCOUNT the powers it lacks (all by default)."""
    chosen = parse_roles(roles or ("all",))
    suite = load_suite(cli)
    receipts = grant(suite, account, chosen)
    held = next((agent.roles for agent in agents(suite) if agent.account == account), ())
    sentence = (f"{account} now holds {', '.join(held)}" if receipts
                else f"{account} held {', '.join(chosen)} already: nothing sent")
    report_all(cli, sentence, receipts, action="agent-add", account=account, roles=list(held))


@command.command()
@click.argument("account", type=ADDRESS)
@click.option("--role", "roles", multiple=True, metavar="POWER", help=_ROLE_HELP)
@pass_cli
def remove(cli: CliContext, account: str, roles: tuple[str, ...]) -> None:
    """Take powers from ACCOUNT (all by default)."""
    chosen = parse_roles(roles or ("all",))
    suite = load_suite(cli)
    receipts = revoke(suite, account, chosen)
    held = next((agent.roles for agent in agents(suite) if agent.account == account), ())
    report_all(cli, f"{account} now holds {', '.join(held) or 'no power'}", receipts, action="agent-remove",
               account=account, roles=list(held))


@command.command(name="list")
@pass_cli
def list_(cli: CliContext) -> None:
    """List every account that holds an agent power, with its powers by name."""
    found = agents(load_suite(cli, read_only=True))

    def render(console: Console) -> None:
        console.print(f"[bold]Agents[/] ({len(found)})")
        for agent in found:
            console.print(f"  {agent.account}  {', '.join(agent.roles)}")

    cli.emit([agent.to_json() for agent in found], render)
