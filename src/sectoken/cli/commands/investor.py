"""``sectoken investor``: onboard investors (one, or a CSV file of thousands, resumably), show one, change
its country, identity or investor type, delete it, refresh their cached claim records."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from web3 import Web3

from sectoken.claims import topic_name
from sectoken.cli.commands._suite_commands import load_suite
from sectoken.cli.commands._suite_commands import report as report_receipt
from sectoken.cli.context import CliContext, pass_cli
from sectoken.cli.options import ADDRESS, INVESTOR_TYPE, SectokenGroup
from sectoken.countries import alpha2
from sectoken.countries import country as lookup_country
from sectoken.errors import SectokenError, ValidationError
from sectoken.inputs import investor_type_name, parse_country
from sectoken.investors import (
    ClaimMode,
    ImportInterruptedError,
    InvalidRowsError,
    OnboardingContracts,
    OnboardingProgress,
    OnboardingSummary,
    add_investor,
    format_amount,
    format_expiry,
    make_investor,
    onboard,
    open_journal,
    parse_csv,
    parse_wallet,
    show_investor,
)
from sectoken.journal import JOURNAL_DIRECTORY
from sectoken.onchainid import resync as resync_onchainid
from sectoken.refresh import RefreshInterruptedError, RefreshSummary, registered_identities, stale_identities
from sectoken.refresh import open_journal as open_refresh_journal
from sectoken.refresh import refresh as refresh_identities
from sectoken.tx import call


@click.group(cls=SectokenGroup, name="investor")
def command() -> None:
    """Onboard investors (register wallets, add their claims, issue their tokens), show them, change their
    country, identity or investor type, delete them, refresh their cached claim records."""


def _contracts(cli: CliContext) -> OnboardingContracts:
    return OnboardingContracts.from_suite(cli.web3(), cli.suite())


def _decimals(cli: CliContext, contracts: OnboardingContracts) -> int:
    return int(call(cli.web3(), contracts.token.functions.decimals())) if contracts.token is not None else 0


def _chain_time(w3: Web3) -> int:
    return int(w3.eth.get_block("latest")["timestamp"])


def _refuse(cli: CliContext, error: InvalidRowsError) -> NoReturn:
    """Print every problem on its own line (a JSON list of them under ``--json``) and exit 1."""
    console = cli.err_console
    count = len(error.errors)
    if cli.options.json_output:
        cli.emit({"error": {"type": type(error).__name__, "message": f"{error.source}: {count} problem"
                            f"{'s' if count != 1 else ''}, nothing was sent", "problems": [str(p) for p in error.errors]}},
                 lambda console: None)
        raise click.exceptions.Exit(1)
    console.print(
        f"[bold red]error:[/] {error.source}: {count} problem{'s' if count != 1 else ''}, nothing was sent:"
    )
    for problem in error.errors:
        console.print(f"  {problem}", markup=False)
    raise click.exceptions.Exit(1)


def _stopped(what: str, error: SectokenError, journal: Path | None) -> str:
    """The one-line message of a journaled run that stopped part-way."""
    reason = " ".join(str(error).split())
    return (
        f"The {what} stopped: {reason} Every transaction sent is recorded in {journal}: run the same command "
        "again to resume; nothing is sent twice."
    )


def _render_summary(summary: OnboardingSummary, decimals: int) -> Any:
    def render(console: Console) -> None:
        table = Table(title="Onboarding", show_header=False)
        table.add_column("What")
        table.add_column("Count", justify="right")
        table.add_row("Investors", str(summary.investors))
        table.add_row("Registered", str(summary.registered))
        table.add_row("Claims added", str(summary.claims_added))
        if summary.types_set or summary.skipped_types:
            table.add_row("Investor types set", str(summary.types_set))
        table.add_row(
            "Minted", f"{summary.minted} wallets, {format_amount(summary.minted_amount, decimals)} tokens"
        )
        table.add_row(
            "Skipped (already done)",
            f"{summary.skipped} ({summary.skipped_registrations} registrations, "
            f"{summary.skipped_claims} claims, "
            + (f"{summary.skipped_types} investor types, " if summary.skipped_types else "")
            + f"{summary.skipped_mints} issuances)",
        )
        table.add_row("Transactions", str(summary.transactions))
        table.add_row("Gas used", f"{summary.gas_used:,}")
        if summary.settled_on_resume or summary.replanned:
            table.add_row("Settled from an earlier run", str(summary.settled_on_resume))
            table.add_row("Planned again", str(summary.replanned))
        if summary.journal is not None:
            table.add_row("Journal", str(summary.journal))
        console.print(table)

    return render


@command.command()
@click.argument("wallet")
@click.option("--country", required=True, metavar="CODE", help="ISO 3166-1 country: 826, GB (or UK), GBR.")
@click.option(
    "--claims", default="", metavar="TOPICS", help="Claim topics, comma-separated: kyc,professional."
)
@click.option(
    "--expires",
    default="",
    metavar="DATE",
    help="When the claims stop counting (YYYY-MM-DD). [default: never]",
)
@click.option("--identity", default="", metavar="ADDR", help="Investor identity. [default: the wallet]")
@click.option(
    "--type",
    "investor_type",
    type=INVESTOR_TYPE,
    default=None,
    help="The identity's investor type, individual or entity. [default: individual for a new investor; an "
    "identity's type already set is kept]",
)
@click.option(
    "--onchainid",
    default="",
    metavar="ADDR",
    help="The investor's ONCHAINID identity: registered as its identity, claims imported from it "
    "(--claims: the topics to import; default: every claim by a ClaimIssuer trusted here).",
)
@click.option(
    "--amount", default="", metavar="N", help="The holding to reach, in token units (issued: what the wallet lacks)."
)
@click.option(
    "--journal-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=JOURNAL_DIRECTORY,
    show_default=True,
    help="Where onboarding journals are kept.",
)
@pass_cli
def add(
    cli: CliContext,
    wallet: str,
    country: str,
    claims: str,
    expires: str,
    identity: str,
    investor_type: int | None,
    onchainid: str,
    amount: str,
    journal_dir: Path,
) -> None:
    """Register WALLET, add its claims and issue it tokens (whatever is not done yet).

    With --onchainid, the claims are read from the investor's ONCHAINID identity and checked once (the
    identity holds them, their ClaimIssuer says they are valid and is trusted here for the topic), then
    stored: transfers never call ONCHAINID. Running the same command again does nothing twice: the amount
    is issued once.
    """
    w3 = cli.web3()
    suite = cli.suite()
    contracts = _contracts(cli)
    decimals = _decimals(cli, contracts)
    try:
        investor = make_investor(
            wallet=wallet,
            country=country,
            claims=claims,
            expires=expires,
            identity=identity,
            amount=amount,
            decimals=decimals,
            now=_chain_time(w3),
            onchainid=onchainid,
            investor_type="" if investor_type is None else investor_type,
        )
    except InvalidRowsError as error:
        _refuse(cli, error)
    signer = cli.signer()
    with open_journal(investor, suite, chain_id=cli.chain_id(), directory=journal_dir) as journal:
        try:
            summary = add_investor(
                w3, signer, contracts, investor, journal=journal, confirmations=cli.confirmations()
            )
        except InvalidRowsError as error:
            _refuse(cli, error)
    cli.emit(summary.to_json(), _render_summary(summary, decimals))


@command.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--batch-size",
    type=click.IntRange(1, 1000),
    default=50,
    show_default=True,
    help="Wallets per registration or issuance transaction.",
)
@click.option(
    "--window",
    type=click.IntRange(1, 256),
    default=16,
    show_default=True,
    help="Transactions signed, journaled and broadcast together before waiting for them.",
)
@click.option(
    "--journal-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=JOURNAL_DIRECTORY,
    show_default=True,
    help="Where import journals are kept.",
)
@click.option(
    "--claim-transactions",
    "claim_mode",
    type=click.Choice(["batched", "each"]),
    default="batched",
    show_default=True,
    help="Claims in the registrations and in batches, or one transaction per claim.",
)
@pass_cli
def import_(
    cli: CliContext, file: Path, batch_size: int, window: int, journal_dir: Path, claim_mode: ClaimMode
) -> None:
    """Onboard every investor of FILE (CSV: wallet,country,claims,expires[,identity][,amount][,onchainid][,type]).

    The whole file is checked first; nothing is sent if any line is wrong. Every transaction is
    journaled before it is sent, so running the same command again after an interruption resumes
    the import and never does anything twice.
    """
    w3 = cli.web3()
    suite = cli.suite()
    contracts = _contracts(cli)
    decimals = _decimals(cli, contracts)
    try:
        rows = parse_csv(file, decimals, now=_chain_time(w3))
    except InvalidRowsError as error:
        _refuse(cli, error)
    signer = cli.signer()
    with open_journal(file, suite, chain_id=cli.chain_id(), directory=journal_dir) as journal:
        progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=cli.err_console,
            disable=cli.options.json_output,
            transient=False,
        )
        task = progress.add_task("Onboarding", total=None)

        def report(event: OnboardingProgress) -> None:
            label = "Registering and adding claims" if event.phase == "identities" else "Issuing tokens"
            progress.update(
                task,
                total=event.total,
                completed=event.completed,
                description=label if event.phase != "planned" else "Onboarding",
            )

        try:
            with progress:
                summary = onboard(
                    w3,
                    signer,
                    contracts,
                    rows,
                    batch_size,
                    journal,
                    report,
                    window=window,
                    confirmations=cli.confirmations(),
                    claims=claim_mode,
                )
        except InvalidRowsError as error:
            _refuse(cli, error)
        except ValidationError:
            raise
        except SectokenError as error:
            raise ImportInterruptedError(_stopped("import", error, journal.path)) from error
    cli.emit(summary.to_json(), _render_summary(summary, decimals))


@command.command()
@click.argument("wallet")
@pass_cli
def show(cli: CliContext, wallet: str) -> None:
    """Show WALLET's identity, country, investor type, claims, verification and tokens."""
    info = show_investor(cli.web3(), _contracts(cli), wallet)

    def render(console: Console) -> None:
        table = Table(title=f"Investor {info.wallet}", show_header=False)
        table.add_column("Field")
        table.add_column("Value")
        if not info.registered:
            table.add_row("Registered", "no")
        else:
            assert info.country is not None
            try:
                place = f"{info.country} ({lookup_country(info.country).alpha2})"
            except ValidationError:
                place = str(info.country)
            table.add_row("Identity", str(info.identity))
            table.add_row("Country", place)
            table.add_row("Type", str(info.type_name))
        table.add_row("Verified", "yes" if info.verified else "no")
        if info.record_fresh is not None:
            table.add_row("Claim record", "fresh" if info.record_fresh else "stale (`sectoken investor refresh`)")
        table.add_row("Required claims", ", ".join(info.to_json()["required"]) or "none")
        if info.balance is not None:
            table.add_row("Balance", format_amount(info.balance, info.decimals))
            table.add_row(
                "Frozen",
                "wallet frozen"
                if info.frozen
                else f"no ({format_amount(info.frozen_tokens, info.decimals)} tokens frozen)",
            )
        console.print(table)
        if info.claims:
            claims = Table("Claim", "Topic", "Expires", "Issuer", "From", title="Claims")
            for claim in info.claims:
                source = "ONCHAINID" if claim.onchainid else "registry"
                claims.add_row(claim.name, str(claim.topic), format_expiry(claim.expiry), claim.issuer, source)
            console.print(claims)
        elif info.registered:
            console.print("No claims that count now.")

    cli.emit(info.to_json(), render)


@command.command()
@click.argument("wallet", required=False)
@click.option(
    "--all", "all_", is_flag=True, help="Every wallet whose identity has claims imported from ONCHAINID."
)
@pass_cli
def resync(cli: CliContext, wallet: str | None, all_: bool) -> None:
    """Re-check the ONCHAINID claims imported for WALLET (or --all) and apply what changed there.

    A claim revoked by its ClaimIssuer or removed from the identity, or whose ClaimIssuer is no longer
    trusted here, is removed; a claim still valid but changed is stored again; an unchanged claim costs
    nothing. Anyone may send these transactions.
    """
    if bool(wallet) == all_:
        raise ValidationError("Give a WALLET or --all (not both).")
    w3 = cli.web3()
    suite = cli.suite()
    contracts = _contracts(cli)
    wallets = None if all_ else [parse_wallet(str(wallet))]
    reports = resync_onchainid(
        w3,
        cli.signer(),
        contracts.storage,
        contracts.registry,
        wallets,
        from_block=suite.contracts["identityRegistryStorage"].block_number,
        confirmations=cli.confirmations(),
    )

    def render(console: Console) -> None:
        if not reports:
            console.print("No wallet has claims imported from ONCHAINID.")
            return
        table = Table("Wallet", "Claim", "Issuer", "Result", "Verified", title="ONCHAINID resync")
        for report in reports:
            verified = "yes" if report.verified_after else "no"
            if report.verified_before != report.verified_after:
                verified += f" (was {'yes' if report.verified_before else 'no'})"
            if not report.changes:
                table.add_row(report.wallet, "none imported", "", "", verified)
            for change in report.changes:
                result = change.outcome if change.outcome != "removed" else f"removed: {change.state}"
                table.add_row(report.wallet, topic_name(change.topic), change.issuer, result, verified)
        console.print(table)

    cli.emit({"wallets": [report.to_json() for report in reports]}, render)
@command.command()
@click.argument("wallets", nargs=-1, metavar="[WALLET]...")
@click.option("--check", is_flag=True, help="Only say which identities' records are stale; send nothing.")
@click.option(
    "--batch-size", type=click.IntRange(1, 500), default=100, show_default=True,
    help="Identities per refresh transaction.",
)
@click.option(
    "--journal-dir", type=click.Path(file_okay=False, path_type=Path), default=JOURNAL_DIRECTORY,
    show_default=True, help="Where the refresh journal is kept.",
)
@pass_cli
def refresh(cli: CliContext, wallets: tuple[str, ...], check: bool, batch_size: int, journal_dir: Path) -> None:
    """Refresh the stale claim records of the identities of WALLETs (default: every registered identity).

    A record goes stale when a trusted issuer is removed or its topics change (every record), or when the
    identity's earliest counting claim expires; until it is refreshed, each transfer of the investor
    recomputes it, at a cost that grows with the trusted issuers and topics. Anyone may send the refresh.
    Every transaction is journaled before it is sent: run the same command again after an interruption;
    nothing is sent twice.
    """
    w3 = cli.web3()
    suite = cli.suite()
    storage = _contracts(cli).storage
    if wallets:
        identities = []
        for text in wallets:
            wallet = parse_wallet(text)
            identity = Web3.to_checksum_address(call(w3, storage.functions.storedIdentity(wallet)))
            if int(identity, 16) == 0:
                raise ValidationError(f"{wallet} is not registered: it has no claim record to refresh.")
            identities.append(identity)
    else:
        identities = registered_identities(w3, storage, suite.contracts["identityRegistryStorage"].block_number)
    if check:
        stale = stale_identities(w3, storage, identities)
        summary = RefreshSummary(len(identities), tuple(stale), 0, 0)
    else:
        signer = cli.signer()
        with open_refresh_journal(suite, cli.chain_id(), journal_dir) as journal:
            try:
                summary = refresh_identities(
                    w3, signer, storage, identities, journal, batch_size=batch_size,
                    confirmations=cli.confirmations(),
                )
            except SectokenError as error:
                raise RefreshInterruptedError(_stopped("refresh", error, journal.path)) from error

    def render(console: Console) -> None:
        stale = len(summary.stale)
        if check:
            console.print(f"{stale} of {len(identities)} identities have a stale claim record"
                          + (": run `sectoken investor refresh` to refresh them." if stale else "."))
        else:
            console.print(f"Refreshed {stale} of {len(identities)} identities' claim records in "
                          f"{summary.transactions} transaction(s), {summary.gas_used:,} gas.")
        for identity in summary.stale:
            console.print(f"  {identity}")

    data = summary.to_json()
    if check:
        data = {key: value for key, value in data.items() if key in ("identities", "stale")}
    cli.emit(data, render)


@command.command(name="country")
@click.argument("wallet", type=ADDRESS)
@click.argument("country")
@pass_cli
def country_(cli: CliContext, wallet: str, country: str) -> None:
    """Change WALLET's COUNTRY (826, GB or UK, GBR). Refused while WALLET holds tokens: move them out first."""
    code = parse_country(country)
    registry = load_suite(cli).registry
    receipt = registry.update_country(wallet, code)
    report_receipt(cli, f"{wallet} is in {code} ({alpha2(code)}) now", receipt, action="investor-country", wallet=wallet,
           country=code)


@command.command(name="identity")
@click.argument("wallet", type=ADDRESS)
@click.argument("identity", type=ADDRESS)
@pass_cli
def identity_(cli: CliContext, wallet: str, identity: str) -> None:
    """Attach WALLET to another investor IDENTITY. Refused while WALLET holds tokens: move them out first."""
    registry = load_suite(cli).registry
    receipt = registry.update_identity(wallet, identity)
    report_receipt(cli, f"{wallet} belongs to identity {identity} now", receipt, action="investor-identity", wallet=wallet,
           identity=identity)


@command.command(name="type")
@click.argument("wallet", type=ADDRESS)
@click.argument("investor_type", metavar="TYPE", type=INVESTOR_TYPE)
@pass_cli
def type_(cli: CliContext, wallet: str, investor_type: int) -> None:
    """Set the investor TYPE (individual or entity) of WALLET's identity: every wallet of it, present and
    future, has it."""
    receipt = load_suite(cli).registry.set_investor_type(wallet, investor_type)
    name = investor_type_name(investor_type)
    report_receipt(cli, f"the identity of {wallet} is an {name} now", receipt, action="investor-type", wallet=wallet,
                   type=name)


@command.command()
@click.argument("wallet", type=ADDRESS)
@pass_cli
def delete(cli: CliContext, wallet: str) -> None:
    """Remove WALLET from the registry (its identity's claims stay). Refused while WALLET holds tokens: move
    them out first."""
    receipt = load_suite(cli).registry.delete(wallet)
    report_receipt(cli, f"removed {wallet} from the registry", receipt, action="investor-delete", wallet=wallet)
