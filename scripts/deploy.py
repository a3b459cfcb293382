"""Deploy a suite from a configuration file: `brownie run scripts/deploy.py main examples/uk-us-bond.yaml`.

It runs on a chain that outlives the run (`sectoken node start` first: brownie's development network attaches
to it), and replaces a deployment record of the same name only when its contracts are gone from the chain (the
node was reset); a record whose contracts are still there is kept, and the deploy refused.
"""

from __future__ import annotations

from brownie import web3

from scripts._common import record_on_chain, require_lasting_chain, signer
from sectoken.config import load_config
from sectoken.deploy import deploy_suite
from sectoken.deployments import Deployments
from sectoken.errors import DeploymentNotFoundError
from sectoken.suite import Suite


def main(config: str = "examples/uk-us-bond.yaml", deployments: str = "deployments") -> Suite:
    require_lasting_chain("scripts/deploy.py")
    suite_config = load_config(config)
    store = Deployments(deployments)
    try:
        existing = store.find(int(web3.eth.chain_id), suite_config.name)
    except DeploymentNotFoundError:
        existing = None
    stale = existing is not None and not record_on_chain(existing)
    if stale:
        print(f"replacing {store.path(int(web3.eth.chain_id), suite_config.name)}: its contracts are not on this chain")
    suite = deploy_suite(
        web3, signer(), suite_config, deployments=store, overwrite=stale,
        progress=lambda step: print(step.describe()),
    )
    print(f"suite {suite.name} on chain {suite.chain_id}: token {suite.token.address}")
    return suite
