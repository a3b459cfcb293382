"""``sectoken stablecoin``: minters, minting, burning, the blacklist and reserve attestations of the
chosen suite's stablecoin. Amounts are in tokens (``2.5``), converted with the stablecoin's decimals."""

from __future__ import annotations

import re

import click
from rich.console import Console

from sectoken.cli.commands._suite_commands import load_suite, plain, report, shown, stablecoin_of, tokens
from sectoken.cli.context import CliContext, pass_cli
from sectoken.cli.options import ADDRESS, SectokenGroup
from sectoken.contracts.compliance import describe_period
from sectoken.contracts.units import format_amount, parse_amount
from sectoken.errors import ValidationError


@click.group(cls=SectokenGroup, name="stablecoin")
def command() -> None:
    """Run the suite's stablecoin: minters, mint, burn, blacklist, reserve attestations."""


@command.command()
@pass_cli
def info(cli: CliContext) -> None:
    """Show the stablecoin: supply, reserves, attestation, roles and the signer's minting allowance."""
    suite = load_suite(cli)
    coin = stablecoin_of(suite)
    decimals, symbol = coin.decimals(), coin.symbol()
    attestation = coin.reserve_attestation()
    me = cli.signer().address
    roles = {role: coin.role(role) for role in ("owner", "master_minter", "pauser", "blacklister", "rescuer",
                                                 "attester")}
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
    decimals, symbol = coin.decimals(), coin.symbol()
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
@pass_cli
def minter(cli: CliContext, account: str, allowance: str | None, remove: bool) -> None:
    """Make ACCOUNT a minter allowed to mint ALLOWANCE (replacing any previous allowance), or remove it
    with --remove. The signer must be the master minter."""
    coin = stablecoin_of(load_suite(cli))
    decimals, symbol = coin.decimals(), coin.symbol()
    if remove:
        if allowance is not None:
            raise click.UsageError("Give either an ALLOWANCE or --remove, not both.")
        receipt = coin.remove_minter(account)
        report(cli, f"removed minter {account}", receipt, action="remove-minter", minter=account)
        return
    if allowance is None:
        raise click.UsageError("Give the ALLOWANCE the minter may mint (or --remove).")
    units = parse_amount(allowance, decimals, what="allowance", allow_zero=True)
    receipt = coin.configure_minter(account, units)
    report(cli, f"{account} may mint {shown(units, decimals, symbol)}", receipt, action="configure-minter",
           minter=account, allowance=plain(units, decimals), baseUnits=units)


@command.command()
@click.argument("to", type=ADDRESS)
@click.argument("amount")
@pass_cli
def mint(cli: CliContext, to: str, amount: str) -> None:
    """Mint AMOUNT to TO, within the signer's minter allowance and the attested reserves."""
    coin = stablecoin_of(load_suite(cli))
    decimals, symbol = coin.decimals(), coin.symbol()
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
    decimals, symbol = coin.decimals(), coin.symbol()
    units = tokens(amount, decimals)
    receipt = coin.burn(units)
    report(cli, f"burnt {shown(units, decimals, symbol)}", receipt, action="burn",
           amount=plain(units, decimals), baseUnits=units)


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
@pass_cli
def attest(cli: CliContext, amount: str, report_uri: str, report_hash: str | None, as_of: int | None) -> None:
    """Post a reserve attestation of AMOUNT: minting is capped by it. The signer must be the reserve
    attester."""
    coin = stablecoin_of(load_suite(cli))
    decimals, symbol = coin.decimals(), coin.symbol()
    units = parse_amount(amount, decimals, what="reserves", allow_zero=True)
    digest = bytes(32)
    if report_hash is not None:
        if not re.fullmatch(r"0x[0-9a-fA-F]{64}", report_hash):
            raise ValidationError("--report-hash must be 0x followed by 64 hexadecimal digits (32 bytes).")
        digest = bytes.fromhex(report_hash[2:])
    receipt = coin.attest_reserves(units, as_of=as_of, report_hash=digest, report_uri=report_uri)
    attestation = coin.reserve_attestation()
    report(cli, f"attested reserves of {shown(units, decimals, symbol)} as of {attestation.as_of}", receipt,
           action="attest", reserves=plain(units, decimals), baseUnits=units, asOf=attestation.as_of,
           reportUri=report_uri, reportHash="0x" + digest.hex())


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
