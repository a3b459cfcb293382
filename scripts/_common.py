"""What the brownie scripts share: brownie's connection and a signer for it, through the library."""

from __future__ import annotations

import os

from brownie import network, web3

from sectoken.signers import LocalSigner, resolve_signer


def signer() -> LocalSigner:
    """The account the scripts send from: ``SECTOKEN_PRIVATE_KEY`` or a keystore named by
    ``SECTOKEN_KEYSTORE``; else, on a development chain, a development account: account 0 on the chain brownie
    launched itself, ``SECTOKEN_ACCOUNT_INDEX`` if set, or account 0 on another development chain only with
    ``SECTOKEN_ALLOW_DEV_ACCOUNTS=1`` (their keys are public)."""
    raw_index = os.environ.get("SECTOKEN_ACCOUNT_INDEX")
    keystore = os.environ.get("SECTOKEN_KEYSTORE")
    launched = network.rpc.is_active() and network.rpc.is_child()
    return resolve_signer(
        int(web3.eth.chain_id),
        keystore=keystore,
        account_index=int(raw_index) if raw_index else None,
        env=os.environ,
        embedded=launched,
    )
