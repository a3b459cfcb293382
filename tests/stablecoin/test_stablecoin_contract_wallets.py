"""ERC-1271: a smart-contract wallet holder uses permit and EIP-3009 with signatures its wallet accepts."""

import brownie
import pytest
from brownie import TestStablecoinWallet

from tests.stablecoin.stablecoin_testkit import USD, block_time, err, new_nonce


@pytest.fixture(scope="module")
def wallet(suite):
    wallet = TestStablecoinWallet.deploy(suite.alice, {"from": suite.alice})
    suite.token.mint(wallet, 50 * USD, {"from": suite.minter})
    return wallet


@pytest.mark.parametrize("form", ["vrs", "bytes"])
def test_wallet_signed_transfer_goes_through(suite, wallet, form):
    args = [wallet, suite.bob, 20 * USD, 0, block_time() + 3600, new_nonce()]
    sig = suite.sign.authorization("TransferWithAuthorization", *args, key=suite.alice)
    signature = sig.vrs if form == "vrs" else [sig.packed]
    suite.token.transferWithAuthorization(*args, *signature, {"from": suite.carol})
    assert suite.token.balanceOf(suite.bob) == 20 * USD
    assert suite.token.balanceOf(wallet) == 30 * USD


def test_wallet_signed_permit_goes_through(suite, wallet):
    deadline = block_time() + 3600
    sig = suite.sign.permit(wallet, suite.bob, 9 * USD, deadline, key=suite.alice)
    suite.token.permit(wallet, suite.bob, 9 * USD, deadline, *sig.vrs, {"from": suite.carol})
    assert suite.token.allowance(wallet, suite.bob) == 9 * USD


@pytest.mark.parametrize("form", ["vrs", "bytes"])
def test_signature_the_wallet_rejects_is_refused(suite, wallet, form):
    args = [wallet, suite.bob, 20 * USD, 0, block_time() + 3600, new_nonce()]
    sig = suite.sign.authorization("TransferWithAuthorization", *args, key=suite.bob)
    signature = sig.vrs if form == "vrs" else [sig.packed]
    with brownie.reverts(err("StablecoinInvalidSignature", wallet.address)):
        suite.token.transferWithAuthorization(*args, *signature, {"from": suite.carol})
