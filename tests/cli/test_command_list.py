"""Every command the CLI has is in `sectoken --help`, in the README's command list and takes `--json`."""

import re
from pathlib import Path

import click

from sectoken.cli import cli

from ..chainless import isolation  # noqa: F401

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_commands() -> set[tuple[str, ...]]:
    """The commands the README's command list names: `sectoken token mint|burn ...` names both."""
    text = README.read_text()
    block = text.split("## The command line", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    named: set[tuple[str, ...]] = set()
    for line in block.splitlines():
        words = line.split("#", 1)[0].split()
        if len(words) < 2 or words[0] != "sectoken":
            continue
        named.add((words[1],))
        if len(words) > 2:
            for sub in words[2].split("|"):
                if re.fullmatch(r"[a-z-]+", sub):
                    named.add((words[1], sub))
    return named


def leaves(group: click.Group, ctx: click.Context, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], click.Command]:
    found = {}
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        if isinstance(command, click.Group):
            found.update(leaves(command, ctx, (*prefix, name)))
        else:
            found[(*prefix, name)] = command
    return found


def test_every_command_is_in_help_and_in_the_readme_and_takes_json():
    ctx = click.Context(cli)
    commands = leaves(cli, ctx)
    named = readme_commands()
    missing = sorted(" ".join(path) for path in commands if path not in named)
    assert missing == [], f"not in the README's command list: {missing}"
    help_text = cli.get_help(ctx)
    for path, command in commands.items():
        assert path[0] in help_text
        assert "--json" in [opt for param in command.params for opt in getattr(param, "opts", [])], path
