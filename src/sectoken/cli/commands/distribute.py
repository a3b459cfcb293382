"""``sectoken distribute``: record-date distributions (coupons, dividends) of the chosen suite's stablecoin
to the security token's holders, paid with Merkle claims through the suite's distribution contract.

``create`` reads every holder's balance at the record block, splits the amount pro rata (leaving out
excluded wallets; what floor division leaves over is reported as dust and stays with the issuer), funds
the distribution from the signer and writes the tree with every holder's proof to a JSON file. ``claim``
pushes the claims from that file in batches; ``export`` writes the tree in ``@openzeppelin/merkle-tree``'s
format for holders to verify; ``reclaim`` returns what was not claimed after the deadline.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from sectoken.cli.commands._suite_commands import load_suite, plain, report, shown, stablecoin_of, tokens
from sectoken.cli.context import CliContext, pass_cli
from sectoken.cli.failures import error_data
from sectoken.cli.options import ADDRESS, SectokenGroup, database_option
from sectoken.contracts.distribution import Distribution
from sectoken.distribution import (
    ClaimEntry,
    DistributionTree,
    allocate,
    balances_at,
    build_tree,
    claim_batches,
)
from sectoken.errors import ConfigError, RevertError, SectokenError, ValidationError
from sectoken.inputs import parse_period
from sectoken.register import RegisterSource
from sectoken.suite import Suite
from sectoken.tx import Receipt

__all__ = ["command", "default_tree_path"]


def distribution_of(suite: Suite) -> Distribution:
    """The suite's distribution contract.

    Raises:
        ConfigError: the suite has none.
    """
    if suite.distribution is None:
        raise ConfigError(f"Suite '{suite.name}' has no distribution contract (its configuration has no "
                          "'distribution' section).")
    return suite.distribution


def default_tree_path(suite: Suite, distribution_id: int) -> Path:
    """Where ``create`` writes a distribution's tree by default."""
    return Path(".sectoken") / "distributions" / f"{suite.chain_id}-{suite.name}-{distribution_id}.json"


def _load_tree(path: Path, suite: Suite, distribution_id: int, root: bytes) -> DistributionTree:
    """The tree written by ``create``, rebuilt and checked against the root published on-chain."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        amounts = {str(claim["account"]): int(claim["amount"]) for claim in document["claims"]}
    except FileNotFoundError:
        raise ValidationError(f"No tree file at {path}: give the file `distribute create` wrote with --tree.") from None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ValidationError(f"{path} is not a distribution tree file ({type(error).__name__}: {error}).") from None
    tree = DistributionTree(amounts)
    if tree.root != root:
        raise ValidationError(f"The tree in {path} (root 0x{tree.root.hex()}) is not distribution {distribution_id}'s "
                              f"(root 0x{root.hex()}) of suite '{suite.name}'.")
    return tree


def _record_date_balances(cli: CliContext, suite: Suite, block: int, database: str | None) -> dict[str, int]:
    """Every holder's balance at the record block: from the register if it is synced that far, else from
    the token's ``Transfer`` events."""
    register = RegisterSource.find(database, chain_id=suite.chain_id, token=suite.token.address)
    if register is not None:
        try:
            if register.covers(cli.web3(), block):
                return register.balances(block)
        finally:
            register.close()
    found = balances_at(cli.web3(), suite.token.address, block, from_block=suite.record.contracts["token"].block_number)
    return {str(holder): balance for holder, balance in found.items()}


@click.group(cls=SectokenGroup, name="distribute")
def command() -> None:
    """Pay the security token's holders at a record block (coupons, dividends) in the stablecoin, with
    Merkle claims: create, claim, export, reclaim."""


@command.command()
@click.option("--per-token", default=None, metavar="AMOUNT", help="Stablecoin paid per security token held.")
@click.option("--total", default=None, metavar="AMOUNT", help="Stablecoin split pro rata among the holders.")
@click.option("--record-block", type=click.IntRange(min=0), default=None,
              help="Block whose closing balances count. [default: the latest]")
@click.option("--exclude", type=ADDRESS, multiple=True, help="A wallet left out (treasury, frozen); repeatable.")
@click.option("--deadline", default="90 days", show_default=True,
              help="How long holders may claim: a period ('90 days') or seconds.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the tree with every proof. [default: "
                   ".sectoken/distributions/<chain>-<suite>-<id>.json]")
@database_option
@pass_cli
def create(cli: CliContext, per_token: str | None, total: str | None, record_block: int | None,
           exclude: tuple[str, ...], deadline: str, out: Path | None, database: str | None) -> None:
    """Create a distribution funded by the signer (an agent of the token, holding the stablecoin). The
    record-date balances come from the register when it is synced to the record block, else from the
    chain's events."""
    if (per_token is None) == (total is None):
        raise click.UsageError("Give either --per-token or --total.")
    suite = load_suite(cli)
    dist, coin, token = distribution_of(suite), stablecoin_of(suite), suite.token
    w3 = cli.web3()
    decimals, symbol = cli.units(coin)
    lasts = parse_period(deadline, "--deadline")
    block = int(w3.eth.block_number) if record_block is None else record_block
    balances = _record_date_balances(cli, suite, block, database)
    if per_token is not None:
        rate = tokens(per_token, decimals, what="--per-token")
        skip = set(exclude)
        eligible = sum(balance for holder, balance in balances.items() if holder not in skip)
        amount = rate * eligible // 10 ** token.decimals()
    else:
        assert total is not None
        amount = tokens(total, decimals, what="--total")
    allocation = allocate(balances, amount, exclude=exclude)
    blacklisted = [holder for holder in allocation.amounts if coin.is_blacklisted(holder)]
    if blacklisted:
        raise ValidationError(
            f"{len(blacklisted)} holder{'s are' if len(blacklisted) > 1 else ' is'} blacklisted by the stablecoin, "
            f"which cannot pay {'them' if len(blacklisted) > 1 else 'it'}: {', '.join(blacklisted)}. Nothing was sent. "
            f"Leave {'them' if len(blacklisted) > 1 else 'it'} out with "
            f"{' '.join(f'--exclude {holder}' for holder in blacklisted)}, or take "
            f"{'them' if len(blacklisted) > 1 else 'it'} off the blacklist first."
        )
    tree = build_tree(allocation)
    me = cli.signer().address
    held = coin.balance_of(me)
    if held < tree.total:
        raise ValidationError(f"The signer {me} holds {shown(held, decimals, symbol)}, less than the "
                              f"{shown(tree.total, decimals, symbol)} to fund.")
    ends = int(w3.eth.get_block("latest")["timestamp"]) + lasts
    if coin.allowance(me, dist.address) < tree.total:
        coin.approve(dist.address, tree.total)
    distribution_id, receipt = dist.create(token.address, coin.address, tree, record_block=block, deadline=ends)
    path = out or default_tree_path(suite, distribution_id)
    summary: dict[str, Any] = {
        "distributionId": distribution_id,
        "chainId": suite.chain_id,
        "suite": suite.name,
        "security": token.address,
        "paymentToken": coin.address,
        "recordBlock": block,
        "deadline": ends,
        "holders": len(tree),
        "total": plain(allocation.total, decimals),
        "allocated": plain(allocation.allocated, decimals),
        "dust": plain(allocation.dust, decimals),
        "dustBaseUnits": allocation.dust,
        "excluded": list(allocation.excluded),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({**summary, **tree.as_dict()}, indent=2) + "\n", encoding="utf-8")
    report(cli, f"created distribution {distribution_id}: {len(tree)} holders at block {block}, "
                f"{shown(allocation.allocated, decimals, symbol)} allocated, dust {shown(allocation.dust, decimals, symbol)}"
                f" ({allocation.dust} base units); tree written to {path}",
           receipt, action="create", tree=str(path), root="0x" + tree.root.hex(), **summary)


@command.command()
@click.argument("distribution_id", type=click.IntRange(min=1))
@click.option("--all", "everyone", is_flag=True, help="Pay every holder in the tree.")
@click.option("--holder", type=ADDRESS, multiple=True, help="Pay this holder; repeatable.")
@click.option("--batch-size", type=click.IntRange(min=1), default=50, show_default=True,
              help="Claims per transaction.")
@click.option("--tree", "tree_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The tree file `distribute create` wrote. [default: .sectoken/distributions/<chain>-<suite>-<id>.json]")
@pass_cli
def claim(cli: CliContext, distribution_id: int, everyone: bool, holder: tuple[str, ...], batch_size: int,
          tree_file: Path | None) -> None:
    """Push the claims of DISTRIBUTION_ID to the holders (anyone may send them; the holders are paid),
    skipping the claims already paid."""
    if everyone == bool(holder):
        raise click.UsageError("Give either --all or one or more --holder.")
    suite = load_suite(cli)
    dist, coin = distribution_of(suite), stablecoin_of(suite)
    decimals, symbol = cli.units(coin)
    info = dist.info(distribution_id)
    tree = _load_tree(tree_file or default_tree_path(suite, distribution_id), suite, distribution_id, info.root)
    wanted: list[ClaimEntry] = tree.claims() if everyone else [tree.claim(account) for account in dict.fromkeys(holder)]
    claimed = {entry.index for entry in wanted if dist.is_claimed(distribution_id, entry.index)}
    pending_indexes = {entry.index for entry in wanted} - claimed
    batches = claim_batches(tree, batch_size, skip={entry.index for entry in tree.claims()} - pending_indexes)
    paid, paid_amount, gas, hashes = 0, 0, 0, []
    blocked: dict[str, int] = {}  # holders the stablecoin refuses to pay (blacklisted), with their amounts
    failure: SectokenError | None = None
    console = cli.err_console
    with Progress(TextColumn("claims"), BarColumn(), MofNCompleteColumn(), console=console, transient=True,
                  disable=cli.options.json_output or not batches or not console.is_terminal) as progress:
        task = progress.add_task("claims", total=len(pending_indexes))
        for batch in batches:
            try:
                outcome = _pay(dist, distribution_id, list(batch), blocked)
            except SectokenError as error:  # the summary of what was paid comes first, then the error
                failure = error
                break
            if outcome is not None:
                count, receipt, amount = outcome
                paid += count
                paid_amount += amount
                gas += receipt.gas_used
                hashes.append(receipt.tx_hash)
            progress.advance(task, len(batch))
    data = {
        "action": "claim",
        "distributionId": distribution_id,
        "paid": paid,
        "skipped": len(claimed),
        "amount": plain(paid_amount, decimals),
        "blacklisted": [{"holder": account, "amount": plain(amount, decimals)} for account, amount in blocked.items()],
        "batches": len(hashes),
        "gasUsed": gas,
        "txHashes": hashes,
        "complete": failure is None,
    }

    def render(console: Console) -> None:
        console.print(f"[green]✓[/] paid {paid} claims of distribution {distribution_id} "
                      f"({shown(paid_amount, decimals, symbol)}) in {len(hashes)} transactions"
                      f"{f' ({gas:,} gas)' if gas else ''}; {len(claimed)} already claimed, skipped")
        for account, amount in blocked.items():
            console.print(f"[yellow]![/] not paid: {account} ({shown(amount, decimals, symbol)}) is blacklisted by the "
                          "stablecoin; its claim stays open until the deadline")

    if failure is not None and cli.options.json_output:
        data["error"] = error_data(failure, cli.amount_unit)
        cli.emit(data, render)
        raise click.exceptions.Exit(1)
    cli.emit(data, render)
    if failure is not None:
        raise failure


def _pay(dist: Distribution, distribution_id: int, batch: list[ClaimEntry],
         blocked: dict[str, int]) -> tuple[int, Receipt, int] | None:
    """Pay a batch of claims, leaving out (into ``blocked``) each holder the stablecoin refuses to pay: the
    simulation before sending names one blacklisted account at a time, and nothing is sent until the batch
    would go through. Returns what was paid (``None`` if nobody in the batch could be)."""
    while batch:
        try:
            count, receipt = dist.batch_claim(distribution_id, batch)
        except RevertError as error:
            account = error.arguments.get("account")
            if error.name != "StablecoinBlacklisted" or not any(entry.account == account for entry in batch):
                raise
            for entry in batch:
                if entry.account == account:
                    blocked[entry.account] = entry.amount
            batch = [entry for entry in batch if entry.account != account]
            continue
        return count, receipt, sum(entry.amount for entry in batch)
    return None


@command.command()
@click.argument("distribution_id", type=click.IntRange(min=1))
@click.option("--tree", "tree_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The tree file `distribute create` wrote. [default: .sectoken/distributions/<chain>-<suite>-<id>.json]")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the export. [default: the tree file's name ending in .openzeppelin.json]")
@pass_cli
def export(cli: CliContext, distribution_id: int, tree_file: Path | None, out: Path | None) -> None:
    """Write DISTRIBUTION_ID's tree in @openzeppelin/merkle-tree's format, for holders to check their claim
    with `StandardMerkleTree.load(...)` against the root published on chain (checked here first)."""
    suite = load_suite(cli)
    dist = distribution_of(suite)
    source = tree_file or default_tree_path(suite, distribution_id)
    tree = _load_tree(source, suite, distribution_id, dist.info(distribution_id).root)
    path = out or source.with_name(source.name.removesuffix(".json") + ".openzeppelin.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(tree.dump(), indent=2) + "\n", encoding="utf-8")
    data = {"action": "export", "distributionId": distribution_id, "root": "0x" + tree.root.hex(),
            "claims": len(tree), "out": str(path), "format": "standard-v1"}

    def render(console: Console) -> None:
        console.print(f"[green]✓[/] wrote distribution {distribution_id}'s tree ({len(tree)} claims, root "
                      f"0x{tree.root.hex()}) in @openzeppelin/merkle-tree's format to {path}")

    cli.emit(data, render)


@command.command()
@click.argument("distribution_id", type=click.IntRange(min=1))
@pass_cli
def reclaim(cli: CliContext, distribution_id: int) -> None:
    """After the deadline, return what DISTRIBUTION_ID's holders did not claim to its issuer."""
    suite = load_suite(cli)
    dist, coin = distribution_of(suite), stablecoin_of(suite)
    decimals, symbol = cli.units(coin)
    issuer = dist.info(distribution_id).issuer
    amount, receipt = dist.reclaim(distribution_id)
    report(cli, f"returned {shown(amount, decimals, symbol)} unclaimed of distribution {distribution_id} to {issuer}",
           receipt, action="reclaim", distributionId=distribution_id, amount=plain(amount, decimals),
           baseUnits=amount, issuer=issuer)

