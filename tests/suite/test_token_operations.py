"""The security token's typed client on the deployed example: agent and holder operations, refusals
raised as TransferRestrictedError with their ERC-1404 code before anything is sent."""

import pytest

from sectoken.errors import RevertError, SignerError, TransferRestrictedError, ValidationError
from sectoken.reasons import Restriction, message

from .conftest import identity_of, nonce


def refused(web3, signer, action, code):
    """Run `action`, expect a TransferRestrictedError with `code`, and check nothing was sent."""
    before = nonce(web3, signer)
    with pytest.raises(TransferRestrictedError) as raised:
        action()
    assert raised.value.code == code and raised.value.reason == Restriction(code)
    assert raised.value.message == message(code) and raised.value.tx_hash is None
    assert nonce(web3, signer) == before
    return raised.value


def test_mint_and_transfer_between_eligible_investors(suite, cast):
    token = suite.token
    receipt = token.mint(cast.alice.address, 1_000)
    assert receipt.status == 1 and receipt.sender == cast.deployer.address
    (event,) = token.events(receipt, "Transfer")
    assert event["args"]["value"] == 1_000 and event["args"]["to"] == cast.alice.address
    token.with_signer(cast.alice).transfer(cast.bob.address, 400)
    assert (token.balance_of(cast.alice.address), token.balance_of(cast.bob.address)) == (600, 400)
    assert token.total_supply() == 1_000


def test_check_transfer_gives_the_code_and_the_tokens_own_sentence(suite, cast):
    suite.token.mint(cast.alice.address, 10)
    ok = suite.token.check_transfer(cast.alice.address, cast.bob.address, 5)
    assert ok.allowed and ok.code == 0 and ok.message == message(0)
    ineligible = suite.token.check_transfer(cast.alice.address, cast.carol.address, 5)
    assert (ineligible.code, ineligible.reason) == (22, Restriction.INVESTOR_NOT_ELIGIBLE)
    assert ineligible.message == suite.token.message_for(22) == message(22)
    assert not suite.token.can_transfer(cast.alice.address, cast.erin.address, 5)


@pytest.mark.parametrize(
    ("who", "code"),
    [("erin", Restriction.RECIPIENT_NOT_VERIFIED), ("carol", Restriction.INVESTOR_NOT_ELIGIBLE),
     ("dave", Restriction.COUNTRY_NOT_ALLOWED)],
)
def test_a_refused_mint_raises_its_code_and_sends_nothing(web3, suite, cast, who, code):
    refused(web3, cast.deployer, lambda: suite.token.mint(getattr(cast, who).address, 1), code)
    assert suite.token.total_supply() == 0


def test_caps_from_the_configuration_refuse_with_their_codes(web3, suite, cast):
    token = suite.token
    refused(web3, cast.deployer, lambda: token.mint(cast.alice.address, 250_001), Restriction.MAX_BALANCE_EXCEEDED)
    token.mint(cast.alice.address, 250_000)
    token.mint(cast.bob.address, 250_000)
    alice = token.with_signer(cast.alice)
    refused(web3, cast.alice, lambda: alice.transfer(cast.bob.address, 1), Restriction.MAX_BALANCE_EXCEEDED)
    # 50,000 per day may leave alice's identity: one more is refused.
    suite.token.burn(cast.bob.address, 250_000)
    alice.transfer(cast.bob.address, 50_000)
    refused(web3, cast.alice, lambda: alice.transfer(cast.bob.address, 1), Restriction.TRANSFER_LIMIT_EXCEEDED)


def test_tokens_issued_to_us_investors_are_locked(web3, suite, cast):
    token = suite.token
    token.mint(cast.bob.address, 100)
    bob = token.with_signer(cast.bob)
    refused(web3, cast.bob, lambda: bob.transfer(cast.alice.address, 1), Restriction.TOKENS_LOCKED)
    assert suite.module("LockUp").locked_balance(cast.bob.address) == 100
    # Received by transfer, US tokens are free.
    token.mint(cast.alice.address, 10)
    token.with_signer(cast.alice).transfer(cast.bob.address, 10)
    bob.transfer(cast.alice.address, 10)


def test_freezes_stop_the_wallet_or_part_of_it(web3, suite, cast):
    token = suite.token
    token.mint(cast.alice.address, 100)
    alice = token.with_signer(cast.alice)
    token.freeze(cast.alice.address)
    assert token.is_frozen(cast.alice.address)
    refused(web3, cast.alice, lambda: alice.transfer(cast.bob.address, 1), Restriction.SENDER_FROZEN)
    token.unfreeze(cast.alice.address)
    token.freeze_partial(cast.alice.address, 70)
    assert token.frozen_tokens(cast.alice.address) == 70 and token.unfrozen_balance(cast.alice.address) == 30
    refused(web3, cast.alice, lambda: alice.transfer(cast.bob.address, 31), Restriction.INSUFFICIENT_UNFROZEN_BALANCE)
    alice.transfer(cast.bob.address, 30)
    token.unfreeze_partial(cast.alice.address, 20)
    assert token.frozen_tokens(cast.alice.address) == 50
    with pytest.raises(RevertError) as raised:
        token.unfreeze_partial(cast.alice.address, 51)
    assert raised.value.name == "TokenUnfreezeExceedsFrozen"
    assert raised.value.arguments == {"account": cast.alice.address, "frozen": 50, "amount": 51}


def test_forced_transfer_overrides_the_holders_freeze_and_lock(suite, cast):
    token = suite.token
    token.mint(cast.bob.address, 100)
    token.freeze(cast.bob.address)
    receipt = token.forced_transfer(cast.bob.address, cast.alice.address, 60)
    assert token.events(receipt, "ForcedTransfer")[0]["args"]["amount"] == 60
    assert (token.balance_of(cast.bob.address), token.balance_of(cast.alice.address)) == (40, 60)


def test_forced_transfer_never_lands_with_an_unverified_wallet(web3, suite, cast):
    suite.token.mint(cast.alice.address, 5)
    refused(
        web3, cast.deployer, lambda: suite.token.forced_transfer(cast.alice.address, cast.erin.address, 5),
        Restriction.RECIPIENT_NOT_VERIFIED,
    )


def test_recovery_moves_a_lost_wallet_to_a_new_wallet_of_the_same_investor(suite, cast):
    token, registry = suite.token, suite.registry
    token.mint(cast.alice.address, 80)
    token.freeze_partial(cast.alice.address, 30)
    identity = identity_of(cast.alice)
    registry.register(cast.spare.address, identity, "GB")
    receipt = token.recover(cast.alice.address, cast.spare.address, identity)
    assert token.events(receipt, "RecoverySuccess")[0]["args"]["_newWallet"] == cast.spare.address
    assert (token.balance_of(cast.alice.address), token.balance_of(cast.spare.address)) == (0, 80)
    assert token.frozen_tokens(cast.spare.address) == 30
    with pytest.raises(RevertError, match="TokenRecoveryNothingToRecover"):
        token.recover(cast.alice.address, cast.spare.address, identity)


def test_pause_stops_holder_transfers_only(web3, suite, cast):
    token = suite.token
    token.mint(cast.alice.address, 10)
    token.pause()
    assert token.paused()
    alice = token.with_signer(cast.alice)
    refused(web3, cast.alice, lambda: alice.transfer(cast.bob.address, 1), Restriction.PAUSED)
    token.mint(cast.alice.address, 1)  # minting is an agent operation pause does not stop
    with pytest.raises(RevertError, match="TokenEnforcedPause"):
        token.pause()
    token.unpause()
    alice.transfer(cast.bob.address, 1)


def test_batch_operations(suite, cast):
    token = suite.token
    wallets = [cast.alice.address, cast.bob.address]
    token.batch_mint(wallets, [10, 20])
    token.batch_freeze_partial(wallets, [1, 2])
    assert [token.frozen_tokens(w) for w in wallets] == [1, 2]
    token.batch_unfreeze_partial(wallets, [1, 2])
    token.batch_set_address_frozen(wallets, [True, False])
    assert [token.is_frozen(w) for w in wallets] == [True, False]
    token.batch_set_address_frozen(wallets, [False, False])
    token.with_signer(cast.alice).batch_transfer([cast.bob.address, cast.bob.address], [1, 2])
    token.batch_forced_transfer([cast.bob.address], [cast.alice.address], [3])
    token.batch_burn(wallets, [10, 20])
    assert token.total_supply() == 0
    with pytest.raises(ValidationError, match="differ in length"):
        token.batch_mint(wallets, [1])


def test_agent_powers_and_bad_input(web3, suite, cast):
    token = suite.token
    assert token.has_role("supply", cast.deployer.address) and not token.is_agent(cast.alice.address)
    with pytest.raises(RevertError, match="AccessControlUnauthorizedAccount"):
        token.with_signer(cast.alice).mint(cast.alice.address, 1)
    token.grant_role("freeze", cast.alice.address)
    token.with_signer(cast.alice).freeze(cast.bob.address)
    with pytest.raises(ValidationError, match="Unknown token power"):
        token.grant_role("minting", cast.alice.address)
    with pytest.raises(ValidationError, match="wrong checksum"):
        token.mint("0x70997970C51812DC3A010C7D01B50E0D17DC79c8", 1)
    with pytest.raises(ValidationError, match="must not be negative"):
        token.mint(cast.alice.address, -1)
    with pytest.raises(SignerError, match="read-only"):
        type(token)(web3, token.address).mint(cast.alice.address, 1)
