"""``sectoken version``: the versions of sectoken and the libraries it runs on."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import click
from rich.console import Console

from sectoken import __version__
from sectoken.cli.context import CliContext, pass_cli
from sectoken.cli.options import SectokenCommand

PACKAGES = ("web3", "eth-account", "eth-abi", "click", "rich")


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


@click.command(cls=SectokenCommand, name="version")
@pass_cli
def command(cli: CliContext) -> None:
    """Show the versions of sectoken and its libraries."""
    data = {"sectoken": __version__, **{package: _version(package) for package in PACKAGES}}

    def render(console: Console) -> None:
        console.print(f"sectoken {__version__}")
        for package in PACKAGES:
            console.print(f"  {package} {data[package]}")

    cli.emit(data, render)
