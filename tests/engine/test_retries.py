"""Retries are configured once, on the provider (web3's own retry, sectoken.chain.RETRY): a request the
node cannot answer is tried RETRY.retries times in all, not the provider's tries times the engine's."""

from __future__ import annotations

import pytest
from web3 import Web3

from sectoken.chain import RETRY, connect, provider
from sectoken.errors import ChainError
from sectoken.signers import dev_account
from sectoken.tx import send

from ..lying_rpc import LyingRpc

SECRET = "retry-secret-0123"


def test_a_dead_provider_is_asked_as_many_times_as_the_provider_retries(web3, quick_retries):
    with LyingRpc(web3.provider.endpoint_uri, path=f"/v3/{SECRET}", die_after_sends=0) as rpc:
        w3 = Web3(provider(rpc.url))
        with pytest.raises(ChainError, match="did not answer eth_chainId") as info:
            send(w3, dev_account(0), {"to": dev_account(1).address}, value=1)
    assert rpc.seen == [] and set(rpc.answered_503) == {"eth_chainId"}
    assert len(rpc.answered_503) == RETRY.retries  # one retry layer, not one stacked on another: bounded
    assert SECRET not in str(info.value)


def test_connect_returns_a_connection_with_the_shipped_retry(web3):
    w3 = connect(web3.provider.endpoint_uri)
    assert w3.provider.exception_retry_configuration is RETRY
