"""``sectoken serve``: the compliance officer's web page for the chosen suite (read-only, loopback by
default), until Ctrl-C."""

from __future__ import annotations

import sys

import click

from sectoken.cli.context import CliContext, pass_cli
from sectoken.cli.options import SectokenCommand, database_option
from sectoken.redact import redact
from sectoken.serve import Desk, create_app, is_loopback, run


@click.command(cls=SectokenCommand, name="serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback lets other machines read the page: a warning says so.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: a free one; the URL is printed).")
@database_option
@pass_cli
def command(cli: CliContext, host: str, port: int, database: str | None) -> None:
    """Serve the compliance officer's page for the suite: the cap table by jurisdiction with its chart,
    holders and their eligibility, the rules in words, enforcement actions, DvP trades and distributions,
    and the stablecoin's reserves and open redemptions. Read-only (GET only); each page is also JSON at
    /api/<page> or with ?format=json. Reads the register when it follows the suite, the chain otherwise."""
    record = cli.suite()
    w3 = cli.web3()
    desk = Desk(w3, record, database=database, node_url=cli.network().rpc_url)
    desk.suite()  # attach now: a suite whose contracts are gone is an error before anything listens
    loopback = is_loopback(host)
    allowed = ("localhost", "127.0.0.1", "::1", "[::1]") + (() if loopback else (host, "*"))
    app = create_app(desk, allowed_hosts=allowed)
    err = cli.err_console
    if not loopback:
        err.print(f"[yellow]warning:[/] listening on {host}, not loopback: anyone who can reach this machine can "
                  "read the page (holders, balances, countries). It has no login; put it behind one.")

    def ready(url: str) -> None:
        if cli.options.json_output:
            cli.emit({"url": url, "suite": record.name, "chainId": record.chain_id,
                      "node": redact(cli.network().rpc_url), "loopback": loopback}, lambda console: None)
        else:
            cli.console.print(f"serving suite '{record.name}' at {url} (read-only; Ctrl-C stops)")
        sys.stdout.flush()  # the URL reaches a pipe at once

    try:
        run(app, host=host, port=port, ready=ready)
    except KeyboardInterrupt:
        pass
    finally:
        desk.close()
    if not cli.options.json_output:
        err.print("stopped")
