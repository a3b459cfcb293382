"""The stablecoin client on the deployed example: minting within allowance and reserves, attestations,
blacklist, pause, role rotation, and EIP-2612 / EIP-3009 signatures made with sectoken's signers."""

import pytest

from sectoken.errors import RevertError

from .conftest import USD, nonce


def reverted(web3, signer, action, name):
    before = nonce(web3, signer)
    with pytest.raises(RevertError) as raised:
        action()
    assert raised.value.name == name and raised.value.tx_hash is None, raised.value
    assert nonce(web3, signer) == before
    return raised.value


def test_the_deployer_mints_within_its_allowance(web3, suite, cast):
    coin = suite.stablecoin
    receipt = coin.mint(cast.alice.address, 2_500 * USD)
    assert coin.events(receipt, "Mint")[0]["args"]["amount"] == 2_500 * USD
    assert coin.balance_of(cast.alice.address) == 2_500 * USD
    assert coin.minter_allowance(cast.deployer.address) == (10_000_000 - 2_500) * USD
    error = reverted(
        web3, cast.deployer, lambda: coin.mint(cast.alice.address, 10_000_000 * USD), "StablecoinMinterAllowanceExceeded"
    )
    assert error.arguments["allowance"] == (10_000_000 - 2_500) * USD


def test_minting_stops_above_the_attested_reserves_and_when_the_attestation_is_stale(web3, chain, suite, cast):
    coin = suite.stablecoin
    coin.configure_minter(cast.deployer.address, 100_000_000 * USD)
    reverted(web3, cast.deployer, lambda: coin.mint(cast.bob.address, 25_000_001 * USD), "StablecoinReserveExceeded")
    chain.sleep(2)
    chain.mine()
    coin.attest_reserves(30_000_000 * USD, report_hash=b"\x11" * 32, report_uri="ipfs://report-2")
    assert coin.reserve_attestation().amount == 30_000_000 * USD
    coin.mint(cast.bob.address, 25_000_001 * USD)
    chain.sleep(31 * 86400)
    chain.mine()
    assert coin.mintable_under_reserves() == 0
    reverted(web3, cast.deployer, lambda: coin.mint(cast.bob.address, 1), "StablecoinAttestationStale")
    coin.set_max_attestation_age(365 * 86400)
    coin.mint(cast.bob.address, 1)


def test_a_minter_burns_its_own_balance(suite, cast):
    coin = suite.stablecoin
    coin.mint(cast.deployer.address, 10 * USD)
    coin.burn(4 * USD)
    assert coin.balance_of(cast.deployer.address) == 6 * USD and coin.total_supply() == 6 * USD


def test_blacklist_and_pause(web3, suite, cast):
    coin = suite.stablecoin
    coin.mint(cast.alice.address, 10 * USD)
    coin.blacklist(cast.alice.address)
    assert coin.is_blacklisted(cast.alice.address)
    alice = coin.with_signer(cast.alice)
    reverted(web3, cast.alice, lambda: alice.transfer(cast.bob.address, USD), "StablecoinBlacklisted")
    coin.unblacklist(cast.alice.address)
    alice.transfer(cast.bob.address, USD)
    coin.pause()
    reverted(web3, cast.alice, lambda: alice.transfer(cast.bob.address, USD), "StablecoinPaused")
    coin.unpause()
    reverted(web3, cast.alice, lambda: alice.blacklist(cast.bob.address), "StablecoinNotBlacklister")


def test_roles_are_rotated_by_the_owner(suite, cast):
    coin = suite.stablecoin
    coin.update_role("blacklister", cast.carol.address)
    assert coin.role("blacklister") == cast.carol.address
    coin.with_signer(cast.carol).blacklist(cast.erin.address)
    coin.remove_minter(cast.deployer.address)
    assert not coin.is_minter(cast.deployer.address)


def test_a_permit_signed_by_the_holder_is_submitted_by_anyone(web3, suite, cast):
    coin = suite.stablecoin
    deadline = web3.eth.get_block("latest")["timestamp"] + 3600
    permit = coin.sign_permit(cast.alice, cast.bob.address, 7 * USD, deadline)
    assert len(permit.signature) == 65
    coin.with_signer(cast.carol).permit(permit)
    assert coin.allowance(cast.alice.address, cast.bob.address) == 7 * USD
    assert coin.nonces(cast.alice.address) == 1


def test_transfer_receive_and_cancel_authorizations(web3, suite, cast):
    coin = suite.stablecoin
    coin.mint(cast.alice.address, 10 * USD)
    until = web3.eth.get_block("latest")["timestamp"] + 3600
    transfer = coin.sign_authorization(cast.alice, cast.bob.address, 2 * USD, valid_before=until)
    coin.with_signer(cast.carol).submit_authorization(transfer)
    assert coin.balance_of(cast.bob.address) == 2 * USD
    assert coin.authorization_state(cast.alice.address, transfer.nonce)
    receive = coin.sign_authorization(cast.alice, cast.bob.address, 3 * USD, valid_before=until, receive=True)
    reverted(web3, cast.carol, lambda: coin.with_signer(cast.carol).submit_authorization(receive),
             "StablecoinCallerNotPayee")
    coin.with_signer(cast.bob).submit_authorization(receive)
    assert coin.balance_of(cast.bob.address) == 5 * USD
    unused = coin.sign_authorization(cast.alice, cast.bob.address, USD, valid_before=until)
    coin.with_signer(cast.erin).submit_authorization(coin.sign_cancel(cast.alice, unused.nonce))
    reverted(web3, cast.carol, lambda: coin.with_signer(cast.carol).submit_authorization(unused),
             "StablecoinAuthorizationUsed")
