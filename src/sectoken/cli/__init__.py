"""The ``sectoken`` command line: a thin shell over the library.

Adding a command group
----------------------
Each command or group is one module in :mod:`sectoken.cli.commands`, named after it, that defines
``command``. It is found automatically: ``sectoken/cli/commands/token.py`` becomes ``sectoken token``.
Create groups with ``cls=SectokenGroup`` (and plain commands with ``cls=SectokenCommand``) so they accept
the global options wherever the user types them, and take the lazily resolved context with
``@pass_cli``::

    # src/sectoken/cli/commands/token.py
    import click

    from sectoken.cli.context import CliContext, pass_cli
    from sectoken.cli.options import ADDRESS, SectokenGroup
    from sectoken.tx import contract_at


    @click.group(cls=SectokenGroup, name="token")
    def command() -> None:
        \"\"\"Mint, transfer and freeze security tokens.\"\"\"


    @command.command()
    @click.argument("wallet", type=ADDRESS)
    @click.argument("amount", type=int)
    @pass_cli
    def mint(cli: CliContext, wallet: str, amount: int) -> None:
        \"\"\"Mint AMOUNT tokens to WALLET.\"\"\"
        token = contract_at(cli.web3(), "SecurityToken", cli.suite().address("token"))
        receipt = cli.send(token.functions.mint(wallet, amount))  # signed locally, confirmations waited
        cli.emit({"txHash": receipt.tx_hash}, lambda console: console.print(f"minted in {receipt.tx_hash}"))

Library errors (:class:`~sectoken.errors.SectokenError`) need no handling: they are printed as one red
line and the exit code is 1. Bad usage exits with 2. Never print a key or a password.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from typing import Any

import click
from web3.exceptions import Web3Exception

from sectoken import __version__
from sectoken.cli import commands as _commands
from sectoken.cli.context import CliContext
from sectoken.cli.failures import fail
from sectoken.cli.options import SectokenGroup
from sectoken.errors import SectokenError
from sectoken.redact import redact_logs

__all__ = ["SectokenCli", "cli", "main"]


class SectokenCli(SectokenGroup):
    """The root group: finds its commands in :mod:`sectoken.cli.commands` and turns library errors into
    one-line messages with exit code 1."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Names of the command modules (``_``-prefixed modules are helpers, not commands)."""
        found = {module.name.replace("_", "-") for module in pkgutil.iter_modules(_commands.__path__)}
        return sorted(name for name in found | set(self.commands) if not name.startswith("-"))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import ``sectoken.cli.commands.<name>`` and return its ``command``."""
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        if cmd_name not in self.list_commands(ctx):
            return None
        module = importlib.import_module(f"{_commands.__name__}.{cmd_name.replace('-', '_')}")
        command = getattr(module, "command", None)
        if not isinstance(command, click.Command):
            raise TypeError(f"{module.__name__} defines no click command named 'command'.")
        return command

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        """Note whether ``--json`` was typed anywhere, so that even a usage error is reported as JSON."""
        typed = args[: args.index("--")] if "--" in args else args
        ctx = super().make_context(info_name, args, parent=parent, **extra)
        ctx.meta[_JSON_TYPED] = "--json" in typed
        return ctx

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; report a :class:`SectokenError` as one red line (JSON under ``--json``) and exit 1."""
        redact_logs()
        cli_context = ctx.ensure_object(CliContext)

        def json_output() -> bool:
            return bool(cli_context.options.json_output or ctx.meta.get(_JSON_TYPED))

        try:
            return super().invoke(ctx)
        except SectokenError as error:
            fail(ctx, error, json_output=json_output(), unit=cli_context.amount_unit)
        except KeyboardInterrupt:
            fail(ctx, InterruptedError(_interrupted(ctx)), json_output=json_output(), exit_code=130)
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise
        except click.exceptions.ClickException as error:
            if not json_output():
                raise
            fail(ctx, error, json_output=True, exit_code=error.exit_code)
        except (OSError, Web3Exception) as error:
            # A connection error from requests or web3 names the URL it failed on: one redacted line, no
            # traceback (it would print the URL, API key included).
            fail(ctx, SectokenError(f"{type(error).__name__}: {error}"), json_output=json_output())


_JSON_TYPED = "sectoken.json_typed"


def _interrupted(ctx: click.Context) -> str:
    """What Ctrl-C left behind, and how to go on, for the command that was running."""
    words = [arg for arg in sys.argv[1:] if not arg.startswith("-")][:2]
    command = " ".join(words)
    if command.startswith("deploy"):
        return ("Interrupted. What was done is recorded, marked incomplete, under deployments/: run the same "
                "command with --resume to finish it; nothing is done twice.")
    if command in ("investor import", "investor add"):
        return ("Interrupted. Every transaction signed is in the journal (.sectoken/journals/): run the same command "
                "again to resume; nothing is sent twice.")
    return ("Interrupted. A transaction already sent may still be mined: check the chain (e.g. `sectoken token "
            "balance`, `sectoken investor show`) before running the command again.")


@click.group(cls=SectokenCli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="sectoken")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """sectoken: permissioned security tokens, a stablecoin, DvP settlement and distributions on any EVM
    chain.

    Global options may be given before or after the command.
    """
    ctx.ensure_object(CliContext)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``sectoken`` script."""
    cli.main(args=argv if argv is not None else sys.argv[1:], prog_name="sectoken")
