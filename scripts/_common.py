"""What the brownie scripts share: brownie's connection and a signer for it, through the library, and the
checks that keep a deployment on a chain that outlives the `brownie run`."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from brownie import network, web3

from sectoken.chain import BackgroundNode, background_status
from sectoken.deployments import SuiteRecord
from sectoken.errors import ChainError
from sectoken.networks import STATE_DIR
from sectoken.signers import LocalSigner, resolve_signer

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def _launched() -> bool:
    """Whether this `brownie run` launched its chain itself (a throwaway one that ends with the run)."""
    return bool(network.rpc.is_active() and network.rpc.is_child())


def _same_node(url: str, other: str) -> bool:
    a, b = urlsplit(url), urlsplit(other)
    return a.port == b.port and (a.hostname == b.hostname or {a.hostname, b.hostname} <= _LOOPBACK)


def recorded_node() -> BackgroundNode | None:
    """The node `sectoken node start` recorded in this folder (``.sectoken/node.json``) if brownie is
    connected to it."""
    node = background_status(Path(STATE_DIR))
    endpoint = str(getattr(web3.provider, "endpoint_uri", "") or "")
    return node if node is not None and _same_node(node.url, endpoint) else None


def require_lasting_chain(script: str) -> None:
    """Refuse to work on a chain this `brownie run` launched: what is deployed there vanishes with the run, and
    the next script (or `sectoken`) would find a record of contracts that no longer exist.

    Raises:
        ChainError: the chain is brownie's throwaway one; the message says how to start the lasting node.
    """
    if not _launched():
        return
    endpoint = str(getattr(web3.provider, "endpoint_uri", "") or "the development network's port")
    node = background_status(Path(STATE_DIR))
    elsewhere = (
        f" The node recorded in {STATE_DIR}/node.json listens on {node.url}: restart it on 8545 "
        "(`sectoken node stop`, then `sectoken node start`), or add a brownie network for its port." if node else ""
    )
    raise ChainError(
        f"brownie started a throwaway chain for this run (nothing listened on {endpoint}): what {script} does there "
        "would vanish when the run ends. Start the lasting local node first with `sectoken node start` (it listens "
        f"on 8545, where brownie's development network attaches, and keeps its state), then run it again.{elsewhere}"
    )


def record_on_chain(record: SuiteRecord) -> bool:
    """Whether the connected chain holds code at any contract ``record`` lists (its chain still exists)."""
    return any(web3.eth.get_code(item.address) for item in record.contracts.values())


def signer() -> LocalSigner:
    """The account the scripts send from: ``SECTOKEN_PRIVATE_KEY`` or a keystore named by
    ``SECTOKEN_KEYSTORE``; else, on a development chain, a development account: account 0 on the chain brownie
    launched itself or on the node `sectoken node start` runs (recorded in this folder),
    ``SECTOKEN_ACCOUNT_INDEX`` if set, or account 0 on another development chain only with
    ``SECTOKEN_ALLOW_DEV_ACCOUNTS=1`` (their keys are public)."""
    raw_index = os.environ.get("SECTOKEN_ACCOUNT_INDEX")
    keystore = os.environ.get("SECTOKEN_KEYSTORE")
    return resolve_signer(
        int(web3.eth.chain_id),
        keystore=keystore,
        account_index=int(raw_index) if raw_index else None,
        env=os.environ,
        embedded=_launched() or recorded_node() is not None,
    )
