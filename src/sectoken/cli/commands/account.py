"""``sectoken account``: who signs, on which chain, with what balance."""

from __future__ import annotations

import click
from rich.console import Console

from sectoken.cli.context import CliContext, pass_cli
from sectoken.cli.options import SectokenCommand
from sectoken.redact import redact_url


@click.command(cls=SectokenCommand, name="account")
@pass_cli
def command(cli: CliContext) -> None:
    """Show the signing account, the chain and the account's balance."""
    network = cli.network()
    w3 = cli.web3()
    signer = cli.signer()
    balance = int(w3.eth.get_balance(signer.address))
    data = {
        "address": signer.address,
        "signer": signer.source,
        "network": network.name,
        "rpcUrl": redact_url(network.rpc_url),
        "chainId": cli.chain_id(),
        "balanceWei": balance,
        "confirmations": network.confirmations,
    }

    def render(console: Console) -> None:
        console.print(f"[bold]{signer.address}[/] ({signer.source})")
        console.print(f"  chain {data['chainId']} via {network.name} ({data['rpcUrl']})")
        console.print(f"  balance {balance / 10**18:,.6f} ETH; waits for {network.confirmations} confirmation(s)")

    cli.emit(data, render)
