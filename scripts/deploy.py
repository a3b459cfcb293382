"""Deploy a suite from a configuration file: `brownie run scripts/deploy.py main examples/uk-us-bond.yaml`."""

from __future__ import annotations

from brownie import web3

from scripts._common import signer
from sectoken.config import load_config
from sectoken.deploy import deploy_suite
from sectoken.suite import Suite


def main(config: str = "examples/uk-us-bond.yaml", deployments: str = "deployments") -> Suite:
    from sectoken.deployments import Deployments

    suite = deploy_suite(
        web3, signer(), load_config(config), deployments=Deployments(deployments), overwrite=True,
        progress=lambda step: print(step.describe()),
    )
    print(f"suite {suite.name} on chain {suite.chain_id}: token {suite.token.address}")
    return suite
