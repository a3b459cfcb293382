"""Helpers shared by the commands that act on a deployed suite (token, check, compliance, stablecoin).

Not a command: modules whose name starts with ``_`` are skipped by the command finder.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console

from sectoken.cli.context import CliContext
from sectoken.contracts.stablecoin import Stablecoin
from sectoken.contracts.units import format_amount, parse_amount
from sectoken.errors import ConfigError
from sectoken.suite import Suite
from sectoken.tx import Receipt

__all__ = [
    "load_suite", "on_demand_note", "plain", "receipt_data", "report", "report_all", "shown", "stablecoin_of", "tokens",
]


def load_suite(cli: CliContext, *, read_only: bool = False) -> Suite:
    """The suite chosen with ``--suite``, on the connected chain, bound to the signer.

    Args:
        cli: The command line's context.
        read_only: Attach without a signer (for commands that send nothing).

    Raises:
        ConfigError: no ``--suite`` was given.
        DeploymentNotFoundError: the suite is not recorded on the connected chain.
        ChainIdMismatchError: its record is for another chain.
    """
    record = cli.suite()
    signer = None if read_only else cli.signer()
    return Suite.from_record(cli.web3(), signer, record, confirmations=cli.confirmations())


def stablecoin_of(suite: Suite) -> Stablecoin:
    """The suite's stablecoin.

    Raises:
        ConfigError: the suite has none.
    """
    if suite.stablecoin is None:
        raise ConfigError(f"Suite '{suite.name}' has no stablecoin (its configuration has no 'stablecoin' section).")
    return suite.stablecoin


def tokens(text: str, decimals: int, what: str = "amount", *, bits: int = 256) -> int:
    """An amount typed in tokens (``2.5``) in base units; zero and negative amounts are refused, and so is one
    that does not fit the contract field it lands in (``bits``; the security token's balances have 112)."""
    return parse_amount(text, decimals, what=what, bits=bits)


def receipt_data(receipt: Receipt) -> dict[str, Any]:
    """The parts of a receipt a command reports (``confirmations``: how deep it was when reported)."""
    return {
        "txHash": receipt.tx_hash,
        "blockNumber": receipt.block_number,
        "gasUsed": receipt.gas_used,
        "signer": receipt.sender,
        "mined": True,
        "confirmations": receipt.confirmations,
    }


def on_demand_note(cli: CliContext, receipts: list[Receipt]) -> str | None:
    """What to say when fewer confirmations were waited for than asked: the chain mines only on demand."""
    asked = cli.network().confirmations
    if receipts and cli.confirmations_skipped() and any(receipt.confirmations < asked for receipt in receipts):
        return (f"mined; {asked} confirmations were asked for, but this chain mines a block only when a "
                "transaction arrives, so no more were waited for")
    return None


def report(cli: CliContext, sentence: str, receipt: Receipt, **data: Any) -> None:
    """Print what a transaction did: a sentence and its receipt, or JSON with ``--json``."""
    _emit(cli, sentence, [receipt], {**data, **receipt_data(receipt)})


def plain(units: int, decimals: int) -> str:
    """Base units as tokens for JSON output: ``"1000.5"``, no thousands separators."""
    return format_amount(units, decimals, grouping=False)


def shown(units: int, decimals: int, symbol: str) -> str:
    """Base units as tokens with the symbol: ``2.5 stUSD``."""
    return f"{format_amount(units, decimals)} {symbol}"


def report_all(cli: CliContext, sentence: str, receipts: list[Receipt], **data: Any) -> None:
    """Print what several transactions did: a sentence and each receipt (``transactions`` in JSON)."""
    _emit(cli, sentence, receipts, {**data, "transactions": [receipt_data(receipt) for receipt in receipts]})


def _emit(cli: CliContext, sentence: str, receipts: list[Receipt], payload: dict[str, Any]) -> None:
    if cli.amount_unit is not None and "amount" in payload:
        payload.setdefault("unit", cli.amount_unit[1])  # the amounts are in tokens: say which
    note = on_demand_note(cli, receipts)
    if note is not None:
        payload["note"] = note

    def render(console: Console) -> None:
        console.print(f"[green]✓[/] {sentence}")
        for receipt in receipts:
            console.print(f"  tx {receipt.tx_hash} · block {receipt.block_number} · gas {receipt.gas_used:,}")
        if note is not None:
            console.print(f"  {note}")

    cli.emit(payload, render)
