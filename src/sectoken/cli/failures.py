"""How the command line reports a failure: one red line, or under ``--json`` one JSON object on standard
output (``{"error": {"type": ..., "message": ...}}``), and the exit code.

Amounts a revert carries are shown in the token units of the command that sent it (``2.5 stUSD``), not in
base units, when the command named its token (:meth:`CliContext.units`).
"""

from __future__ import annotations

import json
from typing import Any

import click
from rich.console import Console
from rich.markup import escape

from sectoken.cli.output import json_ready
from sectoken.errors import (
    RevertError,
    TransactionTimeoutError,
    TransactionUnsettledError,
    TransferRestrictedError,
)
from sectoken.inputs import format_amount
from sectoken.reasons import ROLE_NAMES
from sectoken.redact import redact

__all__ = ["AMOUNT_ARGUMENTS", "error_data", "fail", "in_tokens"]

#: Names of the custom errors' arguments that are token amounts (in the reverting token's base units).
AMOUNT_ARGUMENTS = frozenset({
    "allowance", "amount", "available", "balance", "decrement", "expected", "frozen", "frozenAfter", "needed",
    "received", "remaining", "reserves", "supplyAfter", "unfrozen", "value",
})


def in_tokens(error: RevertError, unit: tuple[int, str] | None) -> tuple[str, dict[str, Any]]:
    """The revert's sentence and arguments with its amounts in tokens (``unit``: decimals and symbol).

    An error whose message is already in words (``TransferRestricted``, a ``require`` string, a sentence
    the library wrote) keeps it; a decoded custom error is shown as ``Name(arg=value, amount=2.5 stUSD)``.
    """
    arguments = {key: ROLE_NAMES.get(value, value) if isinstance(value, str) and "role" in key.lower() else value
                 for key, value in error.arguments.items()}
    if unit is None or not error.signature or not error.message.startswith(f"{error.name}("):
        return str(error), arguments
    decimals, symbol = unit
    shown = {}
    for key, value in arguments.items():
        if key in AMOUNT_ARGUMENTS and isinstance(value, int):
            arguments[key] = format_amount(value, decimals, grouping=False)
            shown[key] = f"{format_amount(value, decimals)} {symbol}"
        elif isinstance(value, str) and (value.startswith("0x") or value in ROLE_NAMES.values()):
            shown[key] = value
        else:
            shown[key] = repr(value)
    sentence = f"{error.name}({', '.join(f'{key}={value}' for key, value in shown.items())})"
    where = f" (transaction {error.tx_hash} was mined and reverted)" if error.tx_hash else ""
    return f"Reverted: {sentence}{where}", arguments


def error_data(error: BaseException, unit: tuple[int, str] | None = None) -> dict[str, Any]:
    """A failure as JSON data: its type, its message in words, and what a program needs to act on it."""
    data: dict[str, Any] = {"type": type(error).__name__}
    message = str(error)
    if isinstance(error, RevertError):
        message, arguments = in_tokens(error, unit)
        data["revert"] = {"name": error.name, "arguments": arguments}
        if unit is not None:
            data["revert"]["unit"] = unit[1]
        if error.tx_hash:
            data["txHash"] = error.tx_hash
    if isinstance(error, TransferRestrictedError):
        data["code"] = error.code
        data["reason"] = error.reason.name if error.reason is not None else None
    if isinstance(error, (TransactionTimeoutError, TransactionUnsettledError)):
        data["txHash"] = error.tx_hash
        data["sent"] = True
    if isinstance(error, click.ClickException):
        message = error.format_message()
    data["message"] = redact(" ".join(message.split()))
    return data


def fail(ctx: click.Context, error: BaseException, *, json_output: bool, unit: tuple[int, str] | None = None,
         exit_code: int = 1) -> None:
    """Report ``error`` (one red line, or JSON on standard output) and exit with ``exit_code``."""
    data = error_data(error, unit)
    if json_output:
        click.echo(json.dumps(json_ready({"error": data}), indent=2, default=str))
    else:
        Console(stderr=True, highlight=False, soft_wrap=True).print(f"[bold red]error:[/] {escape(data['message'])}")
    ctx.exit(exit_code)
