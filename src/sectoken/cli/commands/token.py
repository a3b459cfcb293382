"""``sectoken token``: issue, move, freeze and recover security tokens of the chosen suite.

Amounts are in tokens (``2.5``), converted with the token's decimals. Every command is simulated before
it is sent: a refused operation prints its ERC-1404 code and reason and sends nothing.
"""

from __future__ import annotations

import click
from rich.console import Console

from sectoken.cli.commands._suite_commands import load_suite, plain, report, shown, tokens
from sectoken.cli.context import CliContext, pass_cli
from sectoken.cli.options import ADDRESS, SectokenGroup
from sectoken.contracts.units import format_amount
from sectoken.inputs import BALANCE_BITS


@click.group(cls=SectokenGroup, name="token")
def command() -> None:
    """Mint, burn, transfer, freeze, force and recover security tokens (agent operations need the
    signer to be an agent of the token)."""


@command.command()
@pass_cli
def info(cli: CliContext) -> None:
    """Show the token: name, supply, pause, registry and compliance."""
    suite = load_suite(cli, read_only=True)
    token = suite.token
    decimals, symbol = cli.units(token)
    supply = token.total_supply()
    data = {
        "address": token.address,
        "name": token.name(),
        "symbol": symbol,
        "decimals": decimals,
        "totalSupply": plain(supply, decimals),
        "paused": token.paused(),
        "owner": token.owner(),
        "identityRegistry": token.identity_registry(),
        "compliance": token.compliance(),
        "modules": list(suite.modules),
    }

    def render(console: Console) -> None:
        console.print(f"[bold]{data['name']}[/] ({symbol}) at {token.address}")
        console.print(f"  supply {shown(supply, decimals, symbol)} · {decimals} decimals · "
                      f"{'[red]paused[/]' if data['paused'] else 'trading'}")
        console.print(f"  registry {data['identityRegistry']} · compliance {data['compliance']}")
        console.print(f"  modules: {', '.join(suite.modules) or 'none'}")

    cli.emit(data, render)


@command.command()
@click.argument("wallet", type=ADDRESS)
@pass_cli
def balance(cli: CliContext, wallet: str) -> None:
    """Show WALLET's balance, frozen tokens and whether it is frozen."""
    token = load_suite(cli, read_only=True).token
    decimals, symbol = cli.units(token)
    held, frozen_tokens = token.balance_of(wallet), token.frozen_tokens(wallet)
    data = {
        "wallet": wallet,
        "balance": plain(held, decimals),
        "frozenTokens": plain(frozen_tokens, decimals),
        "frozen": token.is_frozen(wallet),
    }

    def render(console: Console) -> None:
        frozen = " · [red]wallet frozen[/]" if data["frozen"] else ""
        console.print(f"{wallet}: {shown(held, decimals, symbol)} ({format_amount(frozen_tokens, decimals)} frozen)"
                      f"{frozen}")

    cli.emit(data, render)


@command.command()
@click.argument("wallet", type=ADDRESS)
@click.argument("amount")
@pass_cli
def mint(cli: CliContext, wallet: str, amount: str) -> None:
    """Issue AMOUNT tokens to WALLET (a verified investor)."""
    token = load_suite(cli).token
    decimals, symbol = cli.units(token)
    units = tokens(amount, decimals, bits=BALANCE_BITS)
    receipt = token.mint(wallet, units)
    report(cli, f"minted {shown(units, decimals, symbol)} to {wallet}", receipt, action="mint", to=wallet,
           amount=plain(units, decimals), baseUnits=units)


@command.command()
@click.argument("wallet", type=ADDRESS)
@click.argument("amount")
@pass_cli
def burn(cli: CliContext, wallet: str, amount: str) -> None:
    """Destroy AMOUNT of WALLET's tokens."""
    token = load_suite(cli).token
    decimals, symbol = cli.units(token)
    units = tokens(amount, decimals, bits=BALANCE_BITS)
    receipt = token.burn(wallet, units)
    report(cli, f"burnt {shown(units, decimals, symbol)} of {wallet}", receipt, action="burn", wallet=wallet,
           amount=plain(units, decimals), baseUnits=units)


@command.command()
@click.argument("to", type=ADDRESS)
@click.argument("amount")
@pass_cli
def transfer(cli: CliContext, to: str, amount: str) -> None:
    """Transfer AMOUNT tokens from the signer to TO."""
    token = load_suite(cli).token
    decimals, symbol = cli.units(token)
    units = tokens(amount, decimals, bits=BALANCE_BITS)
    receipt = token.transfer(to, units)
    report(cli, f"transferred {shown(units, decimals, symbol)} to {to}", receipt, action="transfer", to=to,
           amount=plain(units, decimals), baseUnits=units)


@command.command()
@click.argument("wallet", type=ADDRESS)
@pass_cli
def freeze(cli: CliContext, wallet: str) -> None:
    """Freeze WALLET: it can neither send nor receive."""
    receipt = load_suite(cli).token.freeze(wallet)
    report(cli, f"froze {wallet}", receipt, action="freeze", wallet=wallet)


@command.command()
@click.argument("wallet", type=ADDRESS)
@pass_cli
def unfreeze(cli: CliContext, wallet: str) -> None:
    """Unfreeze WALLET."""
    receipt = load_suite(cli).token.unfreeze(wallet)
    report(cli, f"unfroze {wallet}", receipt, action="unfreeze", wallet=wallet)


@command.command("freeze-partial")
@click.argument("wallet", type=ADDRESS)
@click.argument("amount")
@pass_cli
def freeze_partial(cli: CliContext, wallet: str, amount: str) -> None:
    """Freeze AMOUNT more of WALLET's tokens."""
    _partial(cli, wallet, amount, freeze=True)


@command.command("unfreeze-partial")
@click.argument("wallet", type=ADDRESS)
@click.argument("amount")
@pass_cli
def unfreeze_partial(cli: CliContext, wallet: str, amount: str) -> None:
    """Release AMOUNT of WALLET's frozen tokens."""
    _partial(cli, wallet, amount, freeze=False)


def _partial(cli: CliContext, wallet: str, amount: str, *, freeze: bool) -> None:
    """Freeze (or release) AMOUNT of WALLET's tokens and report what is frozen now."""
    token = load_suite(cli).token
    decimals, symbol = cli.units(token)
    units = tokens(amount, decimals, bits=BALANCE_BITS)
    receipt = token.freeze_partial(wallet, units) if freeze else token.unfreeze_partial(wallet, units)
    frozen = token.frozen_tokens(wallet)
    done = "froze" if freeze else "released"
    report(cli, f"{done} {shown(units, decimals, symbol)} of {wallet} ({shown(frozen, decimals, symbol)} frozen now)",
           receipt, action="freeze-partial" if freeze else "unfreeze-partial", wallet=wallet,
           amount=plain(units, decimals), frozenTokens=plain(frozen, decimals))


@command.command("force-transfer")
@click.argument("sender", metavar="FROM", type=ADDRESS)
@click.argument("to", type=ADDRESS)
@click.argument("amount")
@pass_cli
def force_transfer(cli: CliContext, sender: str, to: str, amount: str) -> None:
    """Move AMOUNT tokens from FROM to TO without the holder's consent (overrides freezes, pause and
    lock-ups; TO must still be allowed to hold them)."""
    token = load_suite(cli).token
    decimals, symbol = cli.units(token)
    units = tokens(amount, decimals, bits=BALANCE_BITS)
    receipt = token.forced_transfer(sender, to, units)
    report(cli, f"forced {shown(units, decimals, symbol)} from {sender} to {to}", receipt, action="force-transfer",
           **{"from": sender}, to=to, amount=plain(units, decimals), baseUnits=units)


@command.command()
@click.argument("lost", type=ADDRESS)
@click.argument("new", type=ADDRESS)
@click.option("--identity", type=ADDRESS, default=None,
              help="The investor identity both wallets belong to. [default: the lost wallet's, from the registry]")
@pass_cli
def recover(cli: CliContext, lost: str, new: str, identity: str | None) -> None:
    """Move a LOST wallet's tokens, frozen tokens and freeze to a NEW wallet of the same investor
    (register NEW to the investor's identity first)."""
    suite = load_suite(cli)
    owner = identity or suite.registry.identity(lost)
    token = suite.token
    moved = token.balance_of(lost)
    receipt = token.recover(lost, new, owner)
    decimals, symbol = cli.units(token)
    report(cli, f"recovered {shown(moved, decimals, symbol)} from {lost} to {new} (identity {owner})", receipt,
           action="recover", lost=lost, new=new, identity=owner, amount=plain(moved, decimals))


@command.command()
@pass_cli
def pause(cli: CliContext) -> None:
    """Stop all holder transfers."""
    receipt = load_suite(cli).token.pause()
    report(cli, "paused the token: holder transfers stop until `sectoken token unpause`", receipt, action="pause")


@command.command()
@pass_cli
def unpause(cli: CliContext) -> None:
    """Resume holder transfers."""
    receipt = load_suite(cli).token.unpause()
    report(cli, "unpaused the token", receipt, action="unpause")
