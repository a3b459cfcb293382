"""Agent operations: freezes, partial freezes, forced transfer, recovery, pause, and every batch variant."""

import brownie
import pytest

from tests.conftest import ALICE_ID, BOB_ID, KYC, UK, revert_msg


@pytest.fixture
def s(suite):
    return suite


def event_names(tx):
    return [e.name for e in tx.events]


# ------------------------------------------------------------------ freezes

def test_wallet_freeze_and_unfreeze_emit_events(s):
    tx = s.token.setAddressFrozen(s.alice, True, {"from": s.agent})
    assert tx.events["AddressFrozen"]["_userAddress"] == s.alice
    assert tx.events["AddressFrozen"]["_isFrozen"] is True
    assert tx.events["AddressFrozen"]["_owner"] == s.agent
    assert s.token.isFrozen(s.alice)
    assert not s.token.canSend(s.alice) and not s.token.canReceive(s.alice)
    s.token.setAddressFrozen(s.alice, False, {"from": s.agent})
    assert not s.token.isFrozen(s.alice)
    assert s.token.canSend(s.alice) and s.token.canReceive(s.alice)


def test_partial_freeze_and_unfreeze(s):
    tx = s.token.freezePartialTokens(s.alice, 300, {"from": s.agent})
    assert tx.events["TokensFrozen"]["_userAddress"] == s.alice
    assert tx.events["TokensFrozen"]["_amount"] == 300
    assert tx.events["Frozen"]["account"] == s.alice
    assert tx.events["Frozen"]["amount"] == 300
    assert s.token.getFrozenTokens(s.alice) == 300
    tx = s.token.unfreezePartialTokens(s.alice, 100, {"from": s.agent})
    assert tx.events["TokensUnfrozen"]["_amount"] == 100
    assert tx.events["Frozen"]["amount"] == 200
    assert s.token.getFrozenTokens(s.alice) == 200


def test_partial_freeze_beyond_balance_and_unfreeze_beyond_frozen_revert(s):
    s.token.freezePartialTokens(s.alice, 900, {"from": s.agent})
    with brownie.reverts(revert_msg("TokenFreezeExceedsBalance", s.alice, 1000, 1001)):
        s.token.freezePartialTokens(s.alice, 101, {"from": s.agent})
    with brownie.reverts(revert_msg("TokenUnfreezeExceedsFrozen", s.alice, 900, 901)):
        s.token.unfreezePartialTokens(s.alice, 901, {"from": s.agent})


def test_erc7943_set_frozen_tokens_is_absolute_and_may_exceed_balance(s):
    tx = s.token.setFrozenTokens(s.alice, 5000, {"from": s.agent})
    assert tx.events["Frozen"]["amount"] == 5000
    assert tx.events["TokensFrozen"]["_amount"] == 5000
    assert s.token.getFrozenTokens(s.alice) == 5000
    assert s.token.detectTransferRestriction(s.alice, s.bob, 1) == 4
    tx = s.token.setFrozenTokens(s.alice, 400, {"from": s.agent})
    assert tx.events["TokensUnfrozen"]["_amount"] == 4600
    assert tx.events["Frozen"]["amount"] == 400
    assert s.token.detectTransferRestriction(s.alice, s.bob, 600) == 0


MAX = 2**256 - 1


def test_erc7943_set_frozen_tokens_takes_any_amount_up_to_the_maximum(s):
    """ERC-7943's customary "freeze everything" (type(uint256).max) is accepted and read back exactly, as is
    every amount up to it."""
    tx = s.token.setFrozenTokens(s.alice, MAX, {"from": s.agent})
    assert tx.events["Frozen"]["amount"] == MAX and tx.events["TokensFrozen"]["_amount"] == MAX
    assert s.token.getFrozenTokens(s.alice) == MAX
    assert s.token.detectTransferRestriction(s.alice, s.bob, 1) == 4
    with brownie.reverts(revert_msg("ERC7943InsufficientUnfrozenBalance", s.alice, 1, 0)):
        s.token.transfer(s.bob, 1, {"from": s.alice})
    # Partial freezes on top of "all" are refused with the error, not an arithmetic panic.
    with brownie.reverts(revert_msg("TokenFreezeExceedsBalance", s.alice, 1000, MAX)):
        s.token.freezePartialTokens(s.alice, 1, {"from": s.agent})
    s.token.unfreezePartialTokens(s.alice, 5, {"from": s.agent})
    assert s.token.getFrozenTokens(s.alice) == MAX - 5
    s.token.setFrozenTokens(s.alice, 2**248 - 1, {"from": s.agent})
    assert s.token.getFrozenTokens(s.alice) == 2**248 - 1
    # A forced transfer takes tokens past the freeze and leaves frozen what stays.
    s.token.forcedTransfer(s.alice, s.bob, 400, {"from": s.agent})
    assert s.token.getFrozenTokens(s.alice) == 600
    tx = s.token.setFrozenTokens(s.alice, 0, {"from": s.agent})
    assert tx.events["TokensUnfrozen"]["_amount"] == 600 and tx.events["Frozen"]["amount"] == 0


def test_recovery_carries_a_freeze_of_everything_over(s):
    s.registry.registerIdentity(s.dave, s.registry.identity(s.alice), 826, {"from": s.agent})
    s.token.setFrozenTokens(s.dave, 7, {"from": s.agent})
    s.token.setFrozenTokens(s.alice, MAX, {"from": s.agent})
    s.token.recoveryAddress(s.alice, s.dave, s.registry.identity(s.alice), {"from": s.agent})
    assert s.token.balanceOf(s.dave) == 1000
    assert s.token.getFrozenTokens(s.dave) == MAX


# ------------------------------------------------------------------ pause

def test_pause_and_unpause(s):
    tx = s.token.pause({"from": s.agent})
    assert tx.events["Paused"]["_userAddress"] == s.agent
    assert s.token.paused()
    with brownie.reverts(revert_msg("TokenEnforcedPause")):
        s.token.pause({"from": s.agent})
    tx = s.token.unpause({"from": s.agent})
    assert tx.events["Unpaused"]["_userAddress"] == s.agent
    assert not s.token.paused()
    with brownie.reverts(revert_msg("TokenExpectedPause")):
        s.token.unpause({"from": s.agent})


# ------------------------------------------------------------------ forced transfer

def test_forced_transfer_moves_tokens_and_emits_erc7943_event(s):
    # The return value, as a client simulating the call reads it (the proxy's traces do not carry it).
    assert s.token.forcedTransfer.call(s.alice, s.bob, 100, {"from": s.agent}) is True
    tx = s.token.forcedTransfer(s.alice, s.bob, 100, {"from": s.agent})
    assert tx.events["ForcedTransfer"]["from"] == s.alice
    assert tx.events["ForcedTransfer"]["to"] == s.bob
    assert tx.events["ForcedTransfer"]["amount"] == 100
    assert tx.events["TransferApplied"]["kind"] == 3  # Forced
    assert s.token.balanceOf(s.bob) == 600


def test_forced_transfer_overrides_pause_frozen_sender_and_unverified_sender(s):
    s.token.pause({"from": s.agent})
    s.token.setAddressFrozen(s.alice, True, {"from": s.agent})
    s.storage.revokeClaim(ALICE_ID, KYC, {"from": s.issuer})
    s.token.forcedTransfer(s.alice, s.bob, 100, {"from": s.agent})
    assert s.token.balanceOf(s.alice) == 900


def test_forced_transfer_unfreezes_taken_tokens_before_the_transfer_event(s):
    s.token.freezePartialTokens(s.alice, 800, {"from": s.agent})
    tx = s.token.forcedTransfer(s.alice, s.bob, 500, {"from": s.agent})
    # 200 were free; 300 frozen ones were taken, so 500 stay frozen (the whole remaining balance).
    assert tx.events["TokensUnfrozen"]["_amount"] == 300
    assert tx.events["Frozen"]["amount"] == 500
    names = event_names(tx)
    assert names.index("Frozen") < names.index("Transfer")
    assert s.token.getFrozenTokens(s.alice) == 500


def test_forced_transfer_never_lands_with_an_unverified_or_frozen_wallet(s):
    with brownie.reverts(revert_msg("TransferRestricted", 6)):
        s.token.forcedTransfer(s.alice, s.dave, 10, {"from": s.agent})
    s.token.setAddressFrozen(s.bob, True, {"from": s.agent})
    with brownie.reverts(revert_msg("TransferRestricted", 3)):
        s.token.forcedTransfer(s.alice, s.bob, 10, {"from": s.agent})


def test_forced_transfer_still_meets_compliance_rules_that_apply_to_it(s):
    s.compliance.setRefusal(17, False, {"from": s.owner})  # a rule forced transfers override
    s.token.forcedTransfer(s.alice, s.bob, 10, {"from": s.agent})
    s.compliance.setRefusal(17, True, {"from": s.owner})  # a rule they must still meet
    with brownie.reverts(revert_msg("TransferRestricted", 17)):
        s.token.forcedTransfer(s.alice, s.bob, 10, {"from": s.agent})


def test_forced_transfer_above_balance_reverts(s):
    with brownie.reverts(revert_msg("ERC20InsufficientBalance", s.bob, 500, 501)):
        s.token.forcedTransfer(s.bob, s.alice, 501, {"from": s.agent})


# ------------------------------------------------------------------ burn

def test_burn_takes_frozen_tokens_after_unfreezing_them(s):
    s.token.freezePartialTokens(s.alice, 1000, {"from": s.agent})
    s.token.setAddressFrozen(s.alice, True, {"from": s.agent})
    tx = s.token.burn(s.alice, 400, {"from": s.agent})
    assert tx.events["TokensUnfrozen"]["_amount"] == 400
    assert tx.events["Transfer"]["to"] == "0x" + "00" * 20
    assert s.token.getFrozenTokens(s.alice) == 600
    assert s.token.totalSupply() == 1100


# ------------------------------------------------------------------ recovery

def test_recovery_moves_balance_and_frozen_state_to_the_new_wallet(s, accounts):
    new_wallet = accounts[8]
    s.registry.registerIdentity(new_wallet, ALICE_ID, UK, {"from": s.agent})
    s.token.freezePartialTokens(s.alice, 250, {"from": s.agent})
    s.token.setAddressFrozen(s.alice, True, {"from": s.agent})
    assert s.token.recoveryAddress.call(s.alice, new_wallet, ALICE_ID, {"from": s.agent}) is True
    tx = s.token.recoveryAddress(s.alice, new_wallet, ALICE_ID, {"from": s.agent})
    assert tx.events["RecoverySuccess"]["_lostWallet"] == s.alice
    assert tx.events["RecoverySuccess"]["_newWallet"] == new_wallet
    assert tx.events["RecoverySuccess"]["_investorOnchainID"] == ALICE_ID
    assert tx.events["AddressFrozen"]["_userAddress"] == new_wallet
    assert tx.events["TransferApplied"]["kind"] == 3  # Forced
    assert s.token.balanceOf(s.alice) == 0
    assert s.token.balanceOf(new_wallet) == 1000
    assert s.token.getFrozenTokens(new_wallet) == 250
    assert s.token.getFrozenTokens(s.alice) == 0
    assert s.token.isFrozen(new_wallet)


def test_recovery_requires_both_wallets_to_belong_to_the_identity(s, accounts):
    new_wallet = accounts[8]
    with brownie.reverts(revert_msg("TokenRecoveryIdentityMismatch", new_wallet, ALICE_ID)):
        s.token.recoveryAddress(s.alice, new_wallet, ALICE_ID, {"from": s.agent})
    s.registry.registerIdentity(new_wallet, BOB_ID, UK, {"from": s.agent})
    with brownie.reverts(revert_msg("TokenRecoveryIdentityMismatch", s.alice, BOB_ID)):
        s.token.recoveryAddress(s.alice, new_wallet, BOB_ID, {"from": s.agent})


def test_recovery_of_an_empty_wallet_reverts(s):
    with brownie.reverts(revert_msg("TokenRecoveryNothingToRecover", s.carol)):
        s.token.recoveryAddress(s.carol, s.alice, ALICE_ID, {"from": s.agent})


# ------------------------------------------------------------------ batches

def test_batch_transfer(s):
    tx = s.token.batchTransfer([s.bob, s.carol], [10, 20], {"from": s.alice})
    assert len(tx.events["Transfer"]) == 2
    assert s.token.balanceOf(s.carol) == 20
    assert s.token.balanceOf(s.alice) == 970


def test_batch_transfer_is_all_or_nothing(s):
    with brownie.reverts(revert_msg("TransferRestricted", 6)):
        s.token.batchTransfer([s.bob, s.dave], [10, 20], {"from": s.alice})
    assert s.token.balanceOf(s.bob) == 500


def test_batch_mint_and_burn(s):
    tx = s.token.batchMint([s.carol, s.bob], [7, 3], {"from": s.agent})
    assert len(tx.events["Transfer"]) == 2
    assert s.token.balanceOf(s.carol) == 7
    s.token.batchBurn([s.carol, s.bob], [7, 3], {"from": s.agent})
    assert s.token.balanceOf(s.carol) == 0
    assert s.token.balanceOf(s.bob) == 500


def test_batch_forced_transfer(s):
    tx = s.token.batchForcedTransfer([s.alice, s.bob], [s.carol, s.carol], [100, 50], {"from": s.agent})
    assert len(tx.events["ForcedTransfer"]) == 2
    assert s.token.balanceOf(s.carol) == 150


def test_batch_freezes(s):
    s.token.batchSetAddressFrozen([s.alice, s.bob], [True, True], {"from": s.agent})
    assert s.token.isFrozen(s.alice) and s.token.isFrozen(s.bob)
    tx = s.token.batchFreezePartialTokens([s.alice, s.bob], [10, 20], {"from": s.agent})
    assert [e["_amount"] for e in tx.events["TokensFrozen"]] == [10, 20]
    s.token.batchUnfreezePartialTokens([s.alice, s.bob], [10, 5], {"from": s.agent})
    assert s.token.getFrozenTokens(s.alice) == 0
    assert s.token.getFrozenTokens(s.bob) == 15


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.token.batchTransfer([s.bob, s.carol], [1], {"from": s.alice}),
        lambda s: s.token.batchMint([s.bob], [1, 2], {"from": s.agent}),
        lambda s: s.token.batchBurn([s.bob, s.alice], [1], {"from": s.agent}),
        lambda s: s.token.batchForcedTransfer([s.alice], [s.bob, s.carol], [1, 1], {"from": s.agent}),
        lambda s: s.token.batchForcedTransfer([s.alice, s.bob], [s.carol, s.carol], [1], {"from": s.agent}),
        lambda s: s.token.batchSetAddressFrozen([s.bob], [True, False], {"from": s.agent}),
        lambda s: s.token.batchFreezePartialTokens([s.bob, s.alice], [1], {"from": s.agent}),
        lambda s: s.token.batchUnfreezePartialTokens([s.bob], [1, 1], {"from": s.agent}),
    ],
    ids=["transfer", "mint", "burn", "forced-to", "forced-amounts", "freeze", "partial", "unfreeze"],
)
def test_batch_with_mismatched_lengths_reverts(s, call):
    with brownie.reverts(revert_msg("TokenLengthMismatch")):
        call(s)
