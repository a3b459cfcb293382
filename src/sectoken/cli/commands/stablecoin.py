"""``sectoken stablecoin``: minters (allowances and rate limits), minting, burning, the blacklist, lawful
orders (seize, wipe), redemption requests and reserve attestations of the chosen suite's stablecoin.
Amounts are in tokens (``2.5``), converted with the stablecoin's decimals."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import click
from rich.console import Console

from sectoken.cli.commands._suite_commands import load_suite, plain, report, shown, stablecoin_of, tokens
from sectoken.cli.context import CliContext, pass_cli
from sectoken.cli.options import ADDRESS, SectokenGroup
from sectoken.contracts.compliance import describe_period
from sectoken.contracts.stablecoin import INITIAL_ROLES, Stablecoin, order_reference
from sectoken.contracts.units import format_amount, parse_amount
from sectoken.errors import ValidationError
from sectoken.inputs import parse_period
from sectoken.treasury import redemptions_report, reserves_report
from sectoken.tx import Receipt

_REDEMPTION_STEPS = {"acknowledge": "acknowledged", "complete": "completed", "reject": "rejected"}


def _when(timestamp: int) -> str:
    """A unix time as ``2030-01-31 14:05 UTC`` ("-" for 0)."""
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M UTC") if timestamp else "-"


def _age(seconds: int) -> str:
    """A duration as ``2d 3h``, ``3h 5m`` or ``42s``."""
    days, rest = divmod(max(seconds, 0), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    return f"{minutes}m" if minutes else f"{secs}s"


def _reference(text: str, what: str) -> bytes:
    """A 32-byte reference typed as text (at most 32 bytes) or 0x and 64 hex digits."""
    try:
        return order_reference(text)
    except ValidationError as error:
        raise ValidationError(f"{what}: {error}") from None


@click.group(cls=SectokenGroup, name="stablecoin")
def command() -> None:
    """Run the suite's stablecoin: minters, mint, burn, transfer, approve, blacklist, reserve attestations."""


@command.command()
@pass_cli
def info(cli: CliContext) -> None:
    """Show the stablecoin: supply, reserves, attestation, roles and the signer's minting allowance."""
    suite = load_suite(cli)
    coin = stablecoin_of(suite)
    decimals, symbol = cli.units(coin)
    attestation = coin.reserve_attestation()
    me = cli.signer().address
    roles = {role: coin.role(role) for role in (*INITIAL_ROLES, "enforcer")}
    max_age = coin.max_attestation_age()
    is_minter, allowance = coin.is_minter(me), coin.minter_allowance(me)
    supply, mintable = coin.total_supply(), coin.mintable_under_reserves()
    data = {
        "address": coin.address,
        "name": coin.name(),
        "symbol": symbol,
        "currency": coin.currency(),
        "decimals": decimals,
        "totalSupply": plain(supply, decimals),
        "reserves": plain(attestation.amount, decimals),
        "attestedAt": attestation.as_of,
        "maxAttestationAge": max_age,
        "mintableUnderReserves": plain(mintable, decimals),
        "paused": coin.paused(),
        "roles": roles,
        "signer": {"address": me, "minter": is_minter, "allowance": plain(allowance, decimals)},
    }

    def render(console: Console) -> None:
        console.print(f"[bold]{data['name']}[/] ({symbol}, {data['currency']}) at {coin.address}"
                      f"{' · [red]paused[/]' if data['paused'] else ''}")
        console.print(f"  supply {format_amount(supply, decimals)} · reserves {format_amount(attestation.amount, decimals)}"
                      f" attested at {attestation.as_of} (max age {describe_period(max_age)}) · "
                      f"mintable now {format_amount(mintable, decimals)}")
        for role, holder in roles.items():
            console.print(f"  {role.replace('_', ' ')}: {holder}")
        console.print(f"  signer {me}: minter {'yes' if is_minter else 'no'}, allowance {shown(allowance, decimals, symbol)}")

    cli.emit(data, render)


@command.command()
@click.argument("account", type=ADDRESS)
@pass_cli
def balance(cli: CliContext, account: str) -> None:
    """Show ACCOUNT's balance and whether it is blacklisted."""
    coin = stablecoin_of(load_suite(cli, read_only=True))
    decimals, symbol = cli.units(coin)
    held = coin.balance_of(account)
    data = {"account": account, "balance": plain(held, decimals), "blacklisted": coin.is_blacklisted(account)}

    def render(console: Console) -> None:
        flag = " · [red]blacklisted[/]" if data["blacklisted"] else ""
        console.print(f"{account}: {shown(held, decimals, symbol)}{flag}")

    cli.emit(data, render)


@command.command()
@click.argument("account", type=ADDRESS)
@click.argument("allowance", required=False)
@click.option("--remove", is_flag=True, help="Remove ACCOUNT as a minter instead.")
@click.option("--rate-limit", "rate_limit", metavar="AMOUNT",
              help="Limit ACCOUNT to minting AMOUNT per --window (0 removes the limit).")
@click.option("--window", metavar="PERIOD", help="The rate limit's window: '1 day', '6 hours' or seconds.")
@pass_cli
def minter(cli: CliContext, account: str, allowance: str | None, remove: bool, rate_limit: str | None,
           window: str | None) -> None:
    """Show ACCOUNT as a minter (allowance, rate limit and its use); or make it a minter allowed to mint
    ALLOWANCE (replacing any previous allowance), limit its rate with --rate-limit and --window, or remove
    it with --remove. Changes need the master minter as signer."""
    if sum((allowance is not None, remove, rate_limit is not None)) > 1:
        raise click.UsageError("Give one of ALLOWANCE, --rate-limit or --remove per command.")
    if window is not None and rate_limit is None:
        raise click.UsageError("--window goes with --rate-limit.")
    if allowance is None and not remove and rate_limit is None:
        _show_minter(cli, account)
        return
    coin = stablecoin_of(load_suite(cli))
    decimals, symbol = cli.units(coin)
    if remove:
        receipt = coin.remove_minter(account)
        report(cli, f"removed minter {account}", receipt, action="remove-minter", minter=account)
        return
    if rate_limit is not None:
        limit = parse_amount(rate_limit, decimals, what="rate limit", allow_zero=True)
        if limit and window is None:
            raise click.UsageError("Give the --window the rate limit applies to (e.g. --window '1 day').")
        seconds = parse_period(window, "--window") if limit and window is not None else 0
        receipt = coin.configure_rate_limit(account, limit, seconds)
        sentence = (f"{account} may mint at most {shown(limit, decimals, symbol)} per {describe_period(seconds)}"
                    if limit else f"removed the rate limit of {account}")
        report(cli, sentence, receipt, action="configure-rate-limit", minter=account,
               limit=plain(limit, decimals), baseUnits=limit, window=seconds)
        return
    assert allowance is not None
    units = parse_amount(allowance, decimals, what="allowance", allow_zero=True)
    receipt = coin.configure_minter(account, units)
    report(cli, f"{account} may mint {shown(units, decimals, symbol)}", receipt, action="configure-minter",
           minter=account, allowance=plain(units, decimals), baseUnits=units)


def _show_minter(cli: CliContext, account: str) -> None:
    coin = stablecoin_of(load_suite(cli, read_only=True))
    decimals, symbol = cli.units(coin)
    is_minter, allowance, rate = coin.is_minter(account), coin.minter_allowance(account), coin.rate_limit(account)
    data: dict[str, Any] = {
        "minter": account,
        "isMinter": is_minter,
        "allowance": plain(allowance, decimals),
        "rateLimit": None if not rate.limited else {
            "limit": plain(rate.limit, decimals),
            "window": rate.window,
            "mintedInWindow": plain(rate.minted, decimals),
            "availableInWindow": plain(rate.available, decimals),
            "windowEndsAt": rate.window_ends_at,
        },
    }

    def render(console: Console) -> None:
        console.print(f"{account}: {'minter' if is_minter else '[red]not a minter[/]'}, "
                      f"allowance {shown(allowance, decimals, symbol)}")
        if not rate.limited:
            console.print("  rate limit: none")
            return
        console.print(f"  rate limit: {shown(rate.limit, decimals, symbol)} per {describe_period(rate.window)}")
        ends = f"window ends {_when(rate.window_ends_at)}" if rate.window_ends_at else "no window open"
        console.print(f"  minted in the window {shown(rate.minted, decimals, symbol)}, "
                      f"{shown(rate.available, decimals, symbol)} left · {ends}")

    cli.emit(data, render)


@command.command()
@click.argument("to", type=ADDRESS)
@click.argument("amount")
@pass_cli
def mint(cli: CliContext, to: str, amount: str) -> None:
    """Mint AMOUNT to TO, within the signer's minter allowance and the attested reserves."""
    coin = stablecoin_of(load_suite(cli))
    decimals, symbol = cli.units(coin)
    units = tokens(amount, decimals)
    receipt = coin.mint(to, units)
    left = coin.minter_allowance(receipt.sender)
    report(cli, f"minted {shown(units, decimals, symbol)} to {to} ({shown(left, decimals, symbol)} allowance left)",
           receipt, action="mint", to=to, amount=plain(units, decimals), baseUnits=units,
           allowanceLeft=plain(left, decimals))


@command.command()
@click.argument("amount")
@pass_cli
def burn(cli: CliContext, amount: str) -> None:
    """Burn AMOUNT of the signer's own balance (a minter redeeming tokens)."""
    coin = stablecoin_of(load_suite(cli))
    decimals, symbol = cli.units(coin)
    units = tokens(amount, decimals)
    receipt = coin.burn(units)
    report(cli, f"burnt {shown(units, decimals, symbol)}", receipt, action="burn",
           amount=plain(units, decimals), baseUnits=units)


@command.command()
@click.argument("to", type=ADDRESS)
@click.argument("amount")
@pass_cli
def transfer(cli: CliContext, to: str, amount: str) -> None:
    """Send AMOUNT of the signer's stablecoins to TO."""
    coin = stablecoin_of(load_suite(cli))
    decimals, symbol = cli.units(coin)
    units = tokens(amount, decimals)
    receipt = coin.transfer(to, units)
    report(cli, f"sent {shown(units, decimals, symbol)} to {to}", receipt, action="transfer", to=to,
           amount=plain(units, decimals), baseUnits=units)


@command.command()
@click.argument("spender", type=ADDRESS)
@click.argument("amount")
@pass_cli
def approve(cli: CliContext, spender: str, amount: str) -> None:
    """Let SPENDER move up to AMOUNT of the signer's stablecoins (replaces the allowance; 0 revokes it).
    A DvP settlement contract needs this before a trade is accepted."""
    coin = stablecoin_of(load_suite(cli))
    decimals, symbol = cli.units(coin)
    units = parse_amount(amount, decimals, allow_zero=True)
    receipt = coin.approve(spender, units)
    report(cli, f"{spender} may move {shown(units, decimals, symbol)} of {receipt.sender}", receipt,
           action="approve", spender=spender, amount=plain(units, decimals), baseUnits=units)


@command.command()
@click.argument("account", type=ADDRESS)
@click.option("--remove", is_flag=True, help="Take ACCOUNT off the blacklist instead.")
@pass_cli
def blacklist(cli: CliContext, account: str, remove: bool) -> None:
    """Blacklist ACCOUNT (it can no longer send, receive or approve), or take it off with --remove.
    The signer must be the blacklister."""
    coin = stablecoin_of(load_suite(cli))
    if remove:
        receipt = coin.unblacklist(account)
        report(cli, f"took {account} off the blacklist", receipt, action="unblacklist", account=account)
    else:
        receipt = coin.blacklist(account)
        report(cli, f"blacklisted {account}", receipt, action="blacklist", account=account)


@command.command()
@click.argument("amount")
@click.option("--report-uri", default="", help="Where the attestation report can be read.")
@click.option("--report-hash", default=None, metavar="0x…", help="The report's 32-byte hash. [default: zero]")
@click.option("--as-of", type=click.IntRange(min=1), default=None,
              help="Unix time the attestation speaks for. [default: the latest block's time]")
@click.option("--period", type=(click.IntRange(min=0), click.IntRange(min=0)), default=None,
              metavar="START END", help="Unix times of the period the report covers (ending no later than "
                                        "--as-of). [default: the instant --as-of]")
@pass_cli
def attest(cli: CliContext, amount: str, report_uri: str, report_hash: str | None, as_of: int | None,
           period: tuple[int, int] | None) -> None:
    """Post a reserve attestation of AMOUNT: minting is capped by it, and it is recorded in the report
    history with its digest, location and period. The signer must be the reserve attester."""
    coin = stablecoin_of(load_suite(cli))
    decimals, symbol = cli.units(coin)
    units = parse_amount(amount, decimals, what="reserves", allow_zero=True)
    digest = bytes(32)
    if report_hash is not None:
        if not re.fullmatch(r"0x[0-9a-fA-F]{64}", report_hash):
            raise ValidationError("--report-hash must be 0x followed by 64 hexadecimal digits (32 bytes).")
        digest = bytes.fromhex(report_hash[2:])
    receipt = coin.attest_reserves(units, as_of=as_of, report_hash=digest, report_uri=report_uri, period=period)
    attestation = coin.reserve_attestation()
    start, end = period if period is not None else (attestation.as_of, attestation.as_of)
    report(cli, f"attested reserves of {shown(units, decimals, symbol)} as of {attestation.as_of}", receipt,
           action="attest", reserves=plain(units, decimals), baseUnits=units, asOf=attestation.as_of,
           reportUri=report_uri, reportHash="0x" + digest.hex(), periodStart=start, periodEnd=end)


@command.command()
@pass_cli
def reserves(cli: CliContext) -> None:
    """Show the history of reserve reports (amount, as-of time, period covered, digest, location) and
    whether the latest attestation is stale (older than the maximum age: mints are refused)."""
    coin = stablecoin_of(load_suite(cli, read_only=True))
    decimals, symbol = cli.units(coin)
    data = reserves_report(coin)
    age = data["ageSeconds"]

    def render(console: Console) -> None:
        if age is None:
            console.print("[red]no attestation yet[/]: minting waits for the first")
        else:
            flag = "[red]stale[/]: mints are refused" if data["stale"] else "fresh"
            console.print(f"latest attestation as of {_when(data['latestAsOf'])}, {_age(age)} old "
                          f"(max age {describe_period(data['maxAttestationAge'])}) · {flag}")
        if not data["reports"]:
            console.print("  no recorded reports")
        for r in data["reports"]:
            period = _when(r["asOf"]) if r["periodStart"] == r["periodEnd"] == r["asOf"] else \
                f"{_when(r['periodStart'])} → {_when(r['periodEnd'])}"
            console.print(f"  #{r['index']} {shown(r['baseUnits'], decimals, symbol)} as of {_when(r['asOf'])} · "
                          f"period {period} · {r['reportUri'] or '(no URI)'} · {r['reportHash'][:18]}…")

    cli.emit(data, render)


@command.command()
@click.argument("account", type=ADDRESS)
@click.option("--to", "recipient", type=ADDRESS, required=True, help="The recovery address the order names.")
@click.option("--order", "order", required=True, metavar="REF",
              help="The order's reference: a case number of at most 32 bytes, or 0x and 64 hex digits.")
@pass_cli
def seize(cli: CliContext, account: str, recipient: str, order: str) -> None:
    """Move the whole balance of the blacklisted ACCOUNT to the recovery address --to, under the lawful
    order --order. The signer must be the enforcer."""
    ref = _reference(order, "--order")
    coin = stablecoin_of(load_suite(cli))
    decimals, symbol = cli.units(coin)
    receipt = coin.seize(account, recipient, ref)
    amount = _event_amount(coin, receipt, "Seized")
    report(cli, f"seized {shown(amount, decimals, symbol)} of {account} to {recipient} (order {order})", receipt,
           action="seize", account=account, recipient=recipient, amount=plain(amount, decimals), baseUnits=amount,
           orderRef="0x" + ref.hex())


@command.command()
@click.argument("account", type=ADDRESS)
@click.option("--order", "order", required=True, metavar="REF",
              help="The order's reference: a case number of at most 32 bytes, or 0x and 64 hex digits.")
@pass_cli
def wipe(cli: CliContext, account: str, order: str) -> None:
    """Burn the whole balance of the blacklisted ACCOUNT under the lawful order --order. The signer must be
    the enforcer."""
    ref = _reference(order, "--order")
    coin = stablecoin_of(load_suite(cli))
    decimals, symbol = cli.units(coin)
    receipt = coin.wipe(account, ref)
    amount = _event_amount(coin, receipt, "Wiped")
    report(cli, f"wiped {shown(amount, decimals, symbol)} of {account} (order {order})", receipt, action="wipe",
           account=account, amount=plain(amount, decimals), baseUnits=amount, orderRef="0x" + ref.hex())


def _event_amount(coin: Stablecoin, receipt: Receipt, event: str) -> int:
    """The ``amount`` of the ``event`` the transaction emitted (an order's amount is the balance it found)."""
    return int(coin.events(receipt, event)[0]["args"]["amount"])


@command.command()
@click.argument("amount")
@click.option("--ref", "ref", default=None, metavar="REF",
              help="Your reference for the request: at most 32 bytes of text, or 0x and 64 hex digits.")
@pass_cli
def redeem(cli: CliContext, amount: str, ref: str | None) -> None:
    """Ask to redeem AMOUNT of the signer's tokens at par: they go into escrow until the issuer completes
    (burns) or rejects (returns) the request."""
    reference = bytes(32) if ref is None else _reference(ref, "--ref")
    coin = stablecoin_of(load_suite(cli))
    decimals, symbol = cli.units(coin)
    units = tokens(amount, decimals)
    receipt = coin.request_redemption(units, reference)
    rid = int(coin.events(receipt, "RedemptionRequested")[0]["args"]["id"])
    report(cli, f"asked to redeem {shown(units, decimals, symbol)}: request #{rid}", receipt, action="redeem",
           id=rid, amount=plain(units, decimals), baseUnits=units, ref="0x" + reference.hex())


@command.command()
@click.argument("step", type=click.Choice(list(_REDEMPTION_STEPS)))
@click.argument("redemption_id", metavar="ID", type=click.IntRange(min=1))
@pass_cli
def redemption(cli: CliContext, step: str, redemption_id: int) -> None:
    """Acknowledge, complete (the fiat is paid: the escrow is burnt) or reject (the escrow goes back) the
    redemption request ID. The signer must be a minter."""
    coin = stablecoin_of(load_suite(cli))
    action = {"acknowledge": coin.acknowledge_redemption, "complete": coin.complete_redemption,
              "reject": coin.reject_redemption}[step]
    receipt = action(redemption_id)
    report(cli, f"{_REDEMPTION_STEPS[step]} redemption request #{redemption_id}", receipt,
           action=f"{step}-redemption", id=redemption_id)


@command.command()
@click.option("--all", "show_all", is_flag=True, help="Include completed and rejected requests.")
@pass_cli
def redemptions(cli: CliContext, show_all: bool) -> None:
    """List the open redemption requests with their age, flagging those past one business day (the same
    time on the next weekday, UTC; public holidays are not known)."""
    coin = stablecoin_of(load_suite(cli, read_only=True))
    decimals, symbol = cli.units(coin)
    data = redemptions_report(coin, open_only=not show_all)
    rows = data["redemptions"]

    def render(console: Console) -> None:
        if not rows:
            console.print("no open redemption requests" if not show_all else "no redemption requests")
        for row in rows:
            late = " · [red]past one business day[/]" if row["overdue"] else ""
            console.print(f"#{row['id']} {shown(row['baseUnits'], decimals, symbol)} for {row['holder']} · "
                          f"{row['status']} · asked {_when(row['requestedAt'])}, {_age(row['ageSeconds'])} · "
                          f"due {_when(row['dueAt'])}{late}")
        if data["overdue"]:
            console.print(f"[red]{data['overdue']} open request(s) past one business day[/]")

    cli.emit(data, render)


@command.command()
@pass_cli
def pause(cli: CliContext) -> None:
    """Pause the stablecoin (the signer must be the pauser)."""
    receipt = stablecoin_of(load_suite(cli)).pause()
    report(cli, "paused the stablecoin", receipt, action="pause")


@command.command()
@pass_cli
def unpause(cli: CliContext) -> None:
    """Unpause the stablecoin (the signer must be the pauser)."""
    receipt = stablecoin_of(load_suite(cli)).unpause()
    report(cli, "unpaused the stablecoin", receipt, action="unpause")
