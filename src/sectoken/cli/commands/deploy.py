"""``sectoken deploy CONFIG.yaml``: deploy a whole suite and record it under its name; ``--resume`` finishes a
deployment that was cut short (see :mod:`sectoken.deploy`)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from sectoken.cli.context import CliContext, pass_cli
from sectoken.cli.options import SectokenCommand
from sectoken.config import load_config
from sectoken.deploy import DeploymentInterruptedError, DeployStep, deploy_suite
from sectoken.deployments import SuiteRecord
from sectoken.errors import SectokenError
from sectoken.tx import retrying


@click.command(cls=SectokenCommand, name="deploy")
@click.argument("config_file", metavar="CONFIG.yaml", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--force", is_flag=True, help="Replace the record of a suite of the same name on this chain and deploy afresh."
)
@click.option(
    "--resume",
    is_flag=True,
    help="Finish the incomplete deployment recorded under the suite's name on this chain: reuse what it "
    "records, do only what is left.",
)
@pass_cli
def command(cli: CliContext, config_file: Path, force: bool, resume: bool) -> None:
    """Deploy the suite described by CONFIG.yaml (see examples/uk-us-bond.yaml) and record it as
    deployments/<chain-id>/<name>.json; later commands find it with --suite NAME.

    The record is written as the deployment goes. If it stops part-way (an error, Ctrl-C, a node that
    died, a killed process), run the same command with --resume: the contracts deployed are reused,
    the steps done are not repeated, and nothing is sent twice."""
    if force and resume:
        raise click.UsageError("--force and --resume exclude each other.")
    config = load_config(config_file)  # a mistake in the file costs nothing: nothing is connected yet
    w3 = cli.web3()
    signer = cli.signer()
    steps: list[DeployStep] = []
    progress = cli.err_console if cli.options.json_output else cli.console

    def show(step: DeployStep) -> None:
        steps.append(step)
        progress.print(f"  {step.describe()}", highlight=False)

    chain_id = cli.chain_id()
    if resume:
        try:
            recorded = cli.deployments().find(chain_id, config.name)
        except SectokenError:
            recorded = None
        if recorded is not None and recorded.status.complete:
            _already_complete(cli, recorded, chain_id)
            return
        status = (recorded.config.get("deployment") or {}) if recorded is not None else {}
        done = list(status.get("steps") or [])
        progress.print(
            f"Resuming suite [bold]{config.name}[/] from {config_file} as {signer.address} on chain {chain_id}"
            + (f": {len(recorded.contracts)} contracts and {len(done)} configuration steps recorded"
               if recorded is not None else "")
        )
    else:
        progress.print(f"Deploying suite [bold]{config.name}[/] from {config_file} as {signer.address} "
                       f"on chain {chain_id}")
    try:
        suite = deploy_suite(
            w3, signer, config, deployments=cli.deployments(), progress=show, confirmations=cli.confirmations(),
            overwrite=force, resume=resume,
        )
    except KeyboardInterrupt:
        path = cli.deployments().path(chain_id, config.name)
        raise DeploymentInterruptedError(
            f"Interrupted. What was done so far is recorded, marked incomplete, in {path}: run "
            f"`sectoken deploy {config_file} --resume` to finish it; nothing is done twice."
            if path.is_file() else "Interrupted before anything was sent."
        ) from None
    path = cli.deployments().path(suite.chain_id, suite.name)
    deployed = {step.name: step for step in steps if step.kind == "deploy"}
    contracts: dict[str, Any] = {}
    for role, record in sorted(suite.record.contracts.items()):
        step = deployed.get(role)
        contracts[role] = {**record.to_json(), "gasUsed": step.receipt.gas_used if step is not None else 0}
        if step is None and int(record.tx_hash, 16):  # deployed by an earlier, interrupted run
            receipt = retrying(
                functools.partial(w3.eth.get_transaction_receipt, record.tx_hash), "eth_getTransactionReceipt"
            )
            # A proxy the offering factory created: its gas is the factory call's, counted with the calls.
            created = receipt.get("contractAddress") == record.address
            contracts[role]["gasUsed"] = int(receipt["gasUsed"]) if created else 0
    deploy_gas = sum(step.receipt.gas_used for step in deployed.values())
    call_gas = sum(step.receipt.gas_used for step in steps if step.kind == "call")
    data = {
        "name": suite.name,
        "chainId": suite.chain_id,
        "deployer": signer.address,
        "record": str(path),
        "contracts": contracts,
        "resumed": resume,
        "transactions": len(steps),
        "gasUsed": {"deployments": deploy_gas, "configuration": call_gas, "total": deploy_gas + call_gas},
    }

    def render(console: Console) -> None:
        table = Table(title=f"Suite {suite.name} on chain {suite.chain_id}")
        table.add_column("Role", overflow="fold")
        table.add_column("Artifact", overflow="fold")
        table.add_column("Address", no_wrap=True, min_width=42)
        table.add_column("Gas", justify="right", no_wrap=True)
        for role, item in contracts.items():
            # A shared storage, registry or factory part (deployed by another suite) is recorded with no transaction.
            gas = f"{item['gasUsed']:,}" if int(str(item["txHash"]), 16) else "shared"
            table.add_row(role, str(item["artifact"]), str(item["address"]), gas)
        console.print(table)
        console.print(
            f"{len(steps)} transactions, gas {deploy_gas:,} to deploy + {call_gas:,} to configure = "
            f"{deploy_gas + call_gas:,}"
        )
        console.print(f"[green]✓[/] recorded in {path}")
        console.print(f"  next: sectoken --suite {suite.name} compliance explain")

    cli.emit(data, render)


def _already_complete(cli: CliContext, record: SuiteRecord, chain_id: int) -> None:
    """``--resume`` of a suite deployed completely: nothing to do, which is no error (a script that resumes
    until done may run it once more)."""
    path = cli.deployments().path(chain_id, record.name)
    data = {
        "name": record.name,
        "chainId": chain_id,
        "deployer": record.deployer,
        "record": str(path),
        "contracts": {role: {**item.to_json(), "gasUsed": 0} for role, item in sorted(record.contracts.items())},
        "resumed": False,
        "complete": True,
        "transactions": 0,
        "gasUsed": {"deployments": 0, "configuration": 0, "total": 0},
    }

    def render(console: Console) -> None:
        console.print(f"[green]✓[/] suite {record.name} on chain {chain_id} is deployed completely ({path}): "
                      "nothing to resume, nothing sent")

    cli.emit(data, render)
