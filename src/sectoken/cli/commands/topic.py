"""``sectoken topic``: the claim topics every investor of the chosen suite must hold to be verified (the
signer must own the identity registry)."""

from __future__ import annotations

import click
from rich.console import Console

from sectoken.claims import parse_topic, topic_name
from sectoken.cli.commands._suite_commands import load_suite, report
from sectoken.cli.context import CliContext, pass_cli
from sectoken.cli.options import SectokenGroup


@click.group(cls=SectokenGroup, name="topic")
def command() -> None:
    """Require a claim topic of every investor, stop requiring it, list the required ones."""


@command.command()
@click.argument("topic")
@pass_cli
def add(cli: CliContext, topic: str) -> None:
    """Require TOPIC (a name such as kyc, or a number) of every verified investor: investors without it
    stop being verified at once."""
    number = parse_topic(topic)
    receipt = load_suite(cli).registry.add_claim_topic(number)
    report(cli, f"'{topic_name(number)}' is required of every investor now", receipt, action="topic-add",
           topic=topic_name(number))


@command.command()
@click.argument("topic")
@pass_cli
def remove(cli: CliContext, topic: str) -> None:
    """Stop requiring TOPIC."""
    number = parse_topic(topic)
    receipt = load_suite(cli).registry.remove_claim_topic(number)
    report(cli, f"'{topic_name(number)}' is no longer required", receipt, action="topic-remove",
           topic=topic_name(number))


@command.command(name="list")
@pass_cli
def list_(cli: CliContext) -> None:
    """List the required claim topics."""
    topics = [topic_name(t) for t in load_suite(cli, read_only=True).registry.claim_topics()]

    def render(console: Console) -> None:
        console.print(f"Required of every investor: {', '.join(topics) or 'nothing'}")

    cli.emit({"required": topics}, render)
