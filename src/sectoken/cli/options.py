"""Global options that work wherever they are typed, and reusable parameter types.

Every sectoken command and group carries the global options (:func:`global_option_params`), so
``sectoken --rpc-url URL token mint W 5`` and ``sectoken token mint W 5 --rpc-url URL`` mean the same.
Each occurrence is stored in the shared :class:`~sectoken.cli.context.CliContext`: a value typed on the
command line wins over an environment variable, and one typed later (closer to the command) wins over
one typed earlier.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from click.core import ParameterSource
from eth_typing import ChecksumAddress

from sectoken.cli.context import CliContext
from sectoken.errors import ValidationError
from sectoken.inputs import parse_address, parse_investor_type

__all__ = [
    "ADDRESS",
    "AddressType",
    "SectokenCommand",
    "SectokenGroup",
    "database_option",
    "global_option_params",
    "global_options",
]

F = TypeVar("F", bound=Callable[..., Any])


def _store(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Record a global option's value in the shared context, unless a stronger source already set it."""
    name = param.name
    assert name is not None
    source = ctx.get_parameter_source(name)
    if source is None or source in (ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP):
        return value
    ctx.ensure_object(CliContext).options.set(name, value, from_command_line=source == ParameterSource.COMMANDLINE)
    return value


def global_option_params() -> list[click.Parameter]:
    """Return fresh instances of the global options (one set per command, none shared)."""
    return [
        click.Option(
            ["--network", "-n"],
            metavar="NAME",
            envvar="SECTOKEN_NETWORK",
            help="Network: local (Anvil, started if needed), ganache, or a name from networks.yaml. "
            "[env SECTOKEN_NETWORK]",
            callback=_store,
            expose_value=False,
        ),
        click.Option(
            ["--rpc-url"],
            metavar="URL",
            envvar="SECTOKEN_RPC_URL",
            help="JSON-RPC URL of the node, instead of --network. [env SECTOKEN_RPC_URL]",
            callback=_store,
            expose_value=False,
        ),
        click.Option(
            ["--suite", "-s"],
            metavar="NAME",
            envvar="SECTOKEN_SUITE",
            help="Deployed suite to use. [env SECTOKEN_SUITE]",
            callback=_store,
            expose_value=False,
        ),
        click.Option(
            ["--keystore"],
            metavar="FILE",
            envvar="SECTOKEN_KEYSTORE",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Encrypted JSON keystore to sign with (password from SECTOKEN_KEYSTORE_PASSWORD or a prompt).",
            callback=_store,
            expose_value=False,
        ),
        click.Option(
            ["--deployments"],
            metavar="DIR",
            envvar="SECTOKEN_DEPLOYMENTS",
            type=click.Path(file_okay=False, path_type=Path),
            help="Folder of deployment records. [default: ./deployments]",
            callback=_store,
            expose_value=False,
        ),
        click.Option(
            ["--account-index"],
            metavar="N",
            type=click.IntRange(min=0),
            help="Dev account to sign with on a dev chain (31337/1337). [default: 0]",
            callback=_store,
            expose_value=False,
        ),
        click.Option(
            ["--confirmations"],
            metavar="N",
            type=click.IntRange(min=1),
            help="Blocks to wait for after each transaction. [default: the network's, 1]",
            callback=_store,
            expose_value=False,
        ),
        click.Option(
            ["--allow-dev-accounts"],
            is_flag=True,
            default=None,
            envvar="SECTOKEN_ALLOW_DEV_ACCOUNTS",
            help="Sign with the public development account 0 on a dev chain (31337/1337) sectoken did not "
            "start (e.g. --rpc-url to your own Anvil). Without it, only the local nodes sectoken starts use it. "
            "[env SECTOKEN_ALLOW_DEV_ACCOUNTS]",
            callback=_store,
            expose_value=False,
        ),
        click.Option(
            ["--max-fee"],
            metavar="GWEI",
            envvar="SECTOKEN_MAX_FEE",
            help="Maximum fee per gas a transaction may offer, in gwei ('0.5', '50 gwei' or '<n> wei'); a "
            "transaction the node prices higher is refused before signing. [default: the network's max_fee, "
            "else 500 gwei] [env SECTOKEN_MAX_FEE]",
            callback=_store,
            expose_value=False,
        ),
        click.Option(
            ["--json", "json_output"],
            is_flag=True,
            help="Print machine-readable JSON instead of tables.",
            callback=_store,
            expose_value=False,
        ),
    ]


def global_options(command: F) -> F:
    """Decorator adding the global options to a plain ``click`` command (commands created through a
    :class:`SectokenGroup` get them already)."""
    params = global_option_params()
    if isinstance(command, click.Command):
        command.params.extend(params)
        return command
    # click keeps decorator-declared parameters in __click_params__, in reverse order.
    memo: list[click.Parameter] = command.__dict__.setdefault("__click_params__", [])
    memo.extend(reversed(params))
    return command


class SectokenCommand(click.Command):
    """A command that accepts the global options wherever they are typed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.extend(global_option_params())


class SectokenGroup(click.Group):
    """A command group whose own options and whose commands and subgroups all accept the global options."""

    command_class = SectokenCommand
    group_class = type  # subgroups are SectokenGroups too

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.extend(global_option_params())

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        """Find the command; a mistyped one is refused with the closest names ("Did you mean 'token'?")."""
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand as error:
            raise click.exceptions.NoSuchCommand(
                error.command_name, possibilities=self.list_commands(ctx), ctx=ctx
            ) from None


class AddressType(click.ParamType[ChecksumAddress]):
    """A ``0x`` address argument, returned checksummed; a wrong checksum is refused (the input layer's
    :func:`sectoken.inputs.parse_address`)."""

    name = "address"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> ChecksumAddress:
        """Return ``value`` as a checksummed address, or fail with a usage error."""
        try:
            return parse_address(str(value))
        except ValidationError as error:
            self.fail(str(error), param, ctx)


#: Parameter type for address arguments: ``@click.argument("wallet", type=ADDRESS)``.
ADDRESS = AddressType()


class InvestorTypeType(click.ParamType[int]):
    """An investor type, ``individual`` or ``entity`` (or 0 or 1), returned as the registry's number (the input
    layer's :func:`sectoken.inputs.parse_investor_type`)."""

    name = "individual|entity"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        """Return ``value`` as 0 (an individual) or 1 (an entity), or fail with a usage error."""
        try:
            return parse_investor_type(value)
        except ValidationError as error:
            self.fail(str(error), param, ctx)


#: Parameter type for investor types: ``@click.option("--type", type=INVESTOR_TYPE)``.
INVESTOR_TYPE = InvestorTypeType()


def database_option(command: F) -> F:
    """Decorator adding ``--database URL`` (the register's database; default the SQLite file
    ``.sectoken/register.sqlite``) as the ``database`` parameter."""
    return click.option(
        "--database",
        metavar="URL",
        envvar="SECTOKEN_DATABASE",
        default=None,
        help="The register's database: sqlite:///FILE or postgresql://USER@HOST/DB. "
        "[default: sqlite:///.sectoken/register.sqlite] [env SECTOKEN_DATABASE]",
    )(command)
