"""Every ERC-1404 restriction code: the refused transfer reverts with `TransferRestricted(code)` (code 4
with the standard errors wallets decode: OpenZeppelin's `ERC20InsufficientBalance`, ERC-7943's
`ERC7943InsufficientUnfrozenBalance`), `detectTransferRestriction` predicts the code, and nothing moves."""

import brownie
import pytest

from tests.conftest import DAVE_ID, KYC, UK, revert_msg

MESSAGES = {
    0: "No restriction: the transfer is allowed.",
    1: "The token is paused: no transfers are allowed until an agent unpauses it.",
    2: "The sender's wallet is frozen.",
    3: "The recipient's wallet is frozen.",
    4: "The sender does not hold enough tokens that are not frozen.",
    5: "The sender is not a verified investor (not registered, or a required claim is missing or expired).",
    6: "The recipient is not a verified investor (not registered, or a required claim is missing or expired).",
    16: "The recipient's country is not on the list of allowed countries.",
    17: "The recipient's country is restricted for this security.",
    18: "The transfer would take the recipient investor above the maximum holding allowed.",
    19: "The transfer would take the number of holders above the cap (overall or for the recipient's country).",
    20: "The issuance would take the total supply above its limit.",
    21: "The tokens are still in their lock-up period.",
    22: "The recipient lacks a claim required of investors in their jurisdiction (e.g. accredited or professional).",
    23: "The transfer exceeds the investor's limit for the current period.",
}


@pytest.fixture
def s(suite):
    return suite


def assert_refused(s, code, sender, recipient, amount, error=None):
    """detect == code; transfer and transferFrom both revert with `TransferRestricted(code)` (or `error`,
    the revert message expected instead); no balance moved."""
    before = (s.token.balanceOf(sender), s.token.balanceOf(recipient))
    assert s.token.detectTransferRestriction(sender, recipient, amount) == code
    assert not s.token.canTransfer(sender, recipient, amount)
    error = error or revert_msg("TransferRestricted", code)
    with brownie.reverts(error):
        s.token.transfer(recipient, amount, {"from": sender})
    s.token.approve(s.stranger, amount, {"from": sender})
    with brownie.reverts(error):
        s.token.transferFrom(sender, recipient, amount, {"from": s.stranger})
    assert (s.token.balanceOf(sender), s.token.balanceOf(recipient)) == before


def test_compliant_transfer_has_code_zero_and_moves_tokens(s):
    assert s.token.detectTransferRestriction(s.alice, s.bob, 100) == 0
    assert s.token.canTransfer(s.alice, s.bob, 100)
    tx = s.token.transfer(s.bob, 100, {"from": s.alice})
    assert tx.events["Transfer"]["from"] == s.alice
    assert tx.events["Transfer"]["to"] == s.bob
    assert tx.events["Transfer"]["value"] == 100
    assert s.token.balanceOf(s.alice) == 900
    assert s.token.balanceOf(s.bob) == 600


def test_code_1_token_paused(s):
    s.token.pause({"from": s.agent})
    assert_refused(s, 1, s.alice, s.bob, 10)


def test_code_2_sender_frozen(s):
    s.token.setAddressFrozen(s.alice, True, {"from": s.agent})
    assert_refused(s, 2, s.alice, s.bob, 10)


def test_code_3_recipient_frozen(s):
    s.token.setAddressFrozen(s.bob, True, {"from": s.agent})
    assert_refused(s, 3, s.alice, s.bob, 10)


def test_code_4_insufficient_unfrozen_balance_reverts_with_erc7943s_error(s):
    s.token.freezePartialTokens(s.alice, 950, {"from": s.agent})
    assert_refused(s, 4, s.alice, s.bob, 51, revert_msg("ERC7943InsufficientUnfrozenBalance", s.alice, 51, 50))
    assert s.token.detectTransferRestriction(s.alice, s.bob, 50) == 0


def test_code_4_also_covers_amount_above_balance_reverting_with_the_erc20_error(s):
    assert_refused(s, 4, s.alice, s.bob, 1001, revert_msg("ERC20InsufficientBalance", s.alice, 1000, 1001))
    s.token.freezePartialTokens(s.alice, 10, {"from": s.agent})
    assert_refused(s, 4, s.alice, s.bob, 1001, revert_msg("ERC20InsufficientBalance", s.alice, 1000, 1001))


def test_code_5_sender_not_verified(s):
    s.storage.revokeClaim(s.registry.identity(s.alice), KYC, {"from": s.issuer})
    assert_refused(s, 5, s.alice, s.bob, 10)


def test_code_6_recipient_not_verified(s):
    assert_refused(s, 6, s.alice, s.dave, 10)
    s.registry.registerIdentity(s.dave, DAVE_ID, UK, {"from": s.agent})  # registered, but no KYC claim
    assert_refused(s, 6, s.alice, s.dave, 10)


def test_token_codes_are_reported_in_order(s):
    s.token.pause({"from": s.agent})
    s.token.setAddressFrozen(s.alice, True, {"from": s.agent})
    s.token.setAddressFrozen(s.bob, True, {"from": s.agent})
    assert s.token.detectTransferRestriction(s.alice, s.bob, 10) == 1
    s.token.unpause({"from": s.agent})
    assert s.token.detectTransferRestriction(s.alice, s.bob, 10) == 2
    s.token.setAddressFrozen(s.alice, False, {"from": s.agent})
    assert s.token.detectTransferRestriction(s.alice, s.bob, 10) == 3


@pytest.mark.parametrize("code", [16, 17, 18, 19, 20, 21, 22, 23])
def test_compliance_codes_propagate_and_move_nothing(s, code):
    s.compliance.setRefusal(code, True, {"from": s.owner})
    assert_refused(s, code, s.alice, s.bob, 10)


def test_token_checks_come_before_compliance(s):
    s.compliance.setRefusal(16, True, {"from": s.owner})
    s.token.setAddressFrozen(s.bob, True, {"from": s.agent})
    assert_refused(s, 3, s.alice, s.bob, 10)


def test_mint_requires_a_verified_unfrozen_recipient(s):
    supply = s.token.totalSupply()
    with brownie.reverts(revert_msg("TransferRestricted", 6)):
        s.token.mint(s.dave, 10, {"from": s.agent})
    s.token.setAddressFrozen(s.carol, True, {"from": s.agent})
    with brownie.reverts(revert_msg("TransferRestricted", 3)):
        s.token.mint(s.carol, 10, {"from": s.agent})
    assert s.token.totalSupply() == supply


def test_mint_and_burn_are_refused_by_compliance(s):
    s.compliance.setRefusal(20, True, {"from": s.owner})
    with brownie.reverts(revert_msg("TransferRestricted", 20)):
        s.token.mint(s.carol, 10, {"from": s.agent})
    with brownie.reverts(revert_msg("TransferRestricted", 20)):
        s.token.burn(s.alice, 10, {"from": s.agent})
    assert s.token.balanceOf(s.alice) == 1000


def test_mint_is_not_stopped_by_pause(s):
    s.token.pause({"from": s.agent})
    s.token.mint(s.carol, 10, {"from": s.agent})
    assert s.token.balanceOf(s.carol) == 10


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_code_has_its_plain_message(s, code):
    assert s.token.messageForTransferRestriction(code) == MESSAGES[code]


def test_unknown_code_has_a_message_too(s):
    assert s.token.messageForTransferRestriction(99) == "Unknown restriction code."
