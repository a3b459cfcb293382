"""What the brownie scripts share: brownie's connection and a signer for it, through the library."""

from __future__ import annotations

import os

from brownie import web3

from sectoken.signers import LocalSigner, resolve_signer


def signer() -> LocalSigner:
    """The account the scripts send from: dev account 0 on a dev chain (or ``SECTOKEN_ACCOUNT_INDEX``);
    elsewhere ``SECTOKEN_PRIVATE_KEY`` or a keystore named by ``SECTOKEN_KEYSTORE``."""
    index = int(os.environ.get("SECTOKEN_ACCOUNT_INDEX", "0"))
    keystore = os.environ.get("SECTOKEN_KEYSTORE")
    return resolve_signer(int(web3.eth.chain_id), keystore=keystore, account_index=index, env=os.environ)
