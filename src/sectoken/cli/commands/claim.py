"""``sectoken claim``: add, revoke and renew the claims the signer (a trusted issuer) issued on an investor's
identity. Claims are kept per identity: WALLET names the investor through its registration."""

from __future__ import annotations

import click

from sectoken.administration import ClaimRecord, claim_of, renew_claim, revoke_claim
from sectoken.claims import parse_topic, topic_name
from sectoken.cli.commands._suite_commands import load_suite, report
from sectoken.cli.context import CliContext, pass_cli
from sectoken.cli.options import ADDRESS, SectokenGroup
from sectoken.investors import format_expiry, parse_expiry
from sectoken.suite import Suite

_EXPIRES = click.option("--expires", default="", metavar="DATE",
                        help="When the claim stops counting (YYYY-MM-DD, UTC, or an ISO date-time). [default: never]")


@click.group(cls=SectokenGroup, name="claim")
def command() -> None:
    """Add, revoke and renew claims as a trusted issuer (the signer)."""


def _expiry(suite: Suite, text: str) -> int:
    return parse_expiry(text, now=int(suite.w3.eth.get_block("latest")["timestamp"]))


def _shown(claim: ClaimRecord) -> str:
    return "lapsed or none" if claim.expiry == 0 else format_expiry(claim.expiry)


@command.command()
@click.argument("wallet", type=ADDRESS)
@click.argument("topic")
@_EXPIRES
@pass_cli
def add(cli: CliContext, wallet: str, topic: str, expires: str) -> None:
    """Attest TOPIC for WALLET's identity."""
    suite = load_suite(cli)
    number = parse_topic(topic)
    expiry = _expiry(suite, expires)
    claim = claim_of(suite, wallet, number, cli.signer().address)
    receipt = suite.storage.add_claim(claim.identity, number, expiry)
    after = claim_of(suite, wallet, number, claim.issuer)
    report(cli, f"'{topic_name(number)}' claim on {wallet} (identity {claim.identity}) until {_shown(after)}",
           receipt, action="claim-add", **after.to_json())


@command.command()
@click.argument("wallet", type=ADDRESS)
@click.argument("topic")
@pass_cli
def revoke(cli: CliContext, wallet: str, topic: str) -> None:
    """Revoke the signer's TOPIC claim on WALLET's identity: it stops counting at once."""
    before, receipt = revoke_claim(load_suite(cli), wallet, topic)
    report(cli, f"revoked the '{topic_name(before.topic)}' claim on {wallet} (identity {before.identity})", receipt,
           action="claim-revoke", **{**before.to_json(), "expires": None}, wasExpiring=before.to_json()["expires"])


@command.command()
@click.argument("wallet", type=ADDRESS)
@click.argument("topic")
@_EXPIRES
@pass_cli
def renew(cli: CliContext, wallet: str, topic: str, expires: str) -> None:
    """Re-issue the signer's TOPIC claim on WALLET's identity with a new expiry (lapsed claims too)."""
    suite = load_suite(cli)
    before, after, receipt = renew_claim(suite, wallet, topic, _expiry(suite, expires))
    report(cli, f"renewed the '{topic_name(after.topic)}' claim on {wallet}: {_shown(before)} -> {_shown(after)}",
           receipt, action="claim-renew", **after.to_json(), previouslyExpires=before.to_json()["expires"])
