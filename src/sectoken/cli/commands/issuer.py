"""``sectoken issuer``: the trusted claim issuers of the chosen suite's registry storage, and the claim topics
each may attest (the signer must own the storage)."""

from __future__ import annotations

import click
from rich.console import Console

from sectoken.administration import trusted_issuers
from sectoken.claims import parse_topics, topic_name
from sectoken.cli.commands._suite_commands import load_suite, report
from sectoken.cli.context import CliContext, pass_cli
from sectoken.cli.options import ADDRESS, SectokenGroup

_TOPICS = click.option("--topics", required=True, metavar="TOPICS",
                       help="Claim topics, comma-separated names or numbers: kyc,professional.")


#: Said after a trust change that moves the storage's trust epoch on.
_STALE = (
    "; every investor's cached claim record is stale now, and each transfer recomputes it until "
    "`sectoken investor refresh` has refreshed them"
)


@click.group(cls=SectokenGroup, name="issuer")
def command() -> None:
    """Trust, update and remove claim issuers, and list them with their topics."""


def _names(topics: tuple[int, ...]) -> list[str]:
    return [topic_name(topic) for topic in topics]


@command.command()
@click.argument("issuer", type=ADDRESS)
@_TOPICS
@pass_cli
def add(cli: CliContext, issuer: str, topics: str) -> None:
    """Trust ISSUER to attest TOPICS."""
    chosen = parse_topics(topics)
    receipt = load_suite(cli).storage.add_trusted_issuer(issuer, chosen)
    report(cli, f"trusted {issuer} for {', '.join(_names(chosen))}", receipt, action="issuer-add", issuer=issuer,
           topics=_names(chosen))


@command.command()
@click.argument("issuer", type=ADDRESS)
@_TOPICS
@pass_cli
def update(cli: CliContext, issuer: str, topics: str) -> None:
    """Replace the topics ISSUER may attest with TOPICS (its claims of other topics stop counting)."""
    chosen = parse_topics(topics)
    receipt = load_suite(cli).storage.update_issuer_topics(issuer, chosen)
    report(cli, f"{issuer} now attests {', '.join(_names(chosen))}{_STALE}", receipt, action="issuer-update",
           issuer=issuer, topics=_names(chosen))


@command.command()
@click.argument("issuer", type=ADDRESS)
@pass_cli
def remove(cli: CliContext, issuer: str) -> None:
    """Stop trusting ISSUER: every claim it issued stops counting at once."""
    receipt = load_suite(cli).storage.remove_trusted_issuer(issuer)
    report(cli, f"no longer trusting {issuer}: its claims stop counting{_STALE}", receipt, action="issuer-remove",
           issuer=issuer)


@command.command(name="list")
@pass_cli
def list_(cli: CliContext) -> None:
    """List the trusted issuers and their topics."""
    found = trusted_issuers(load_suite(cli, read_only=True))

    def render(console: Console) -> None:
        console.print(f"[bold]Trusted issuers[/] ({len(found)})")
        for issuer in found:
            console.print(f"  {issuer.address}  {', '.join(_names(issuer.topics))}")

    cli.emit([issuer.to_json() for issuer in found], render)
