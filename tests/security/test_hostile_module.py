"""A compliance module that calls back into the token or the compliance from inside `onTransfer` (in the
middle of a balance change) gains nothing: a re-entering transfer is an ordinary transfer with every
check, even inside a forced transfer or a recovery; state hooks and agent or owner functions refuse it;
and a re-entering spend of the sender's tokens cannot spend them twice."""

import brownie
import pytest
from eth_utils import keccak

from tests.conftest import ALICE_ID, KYC, revert_msg
from tests.security.conftest import MODULE_ID, error_data, restricted

PAUSED, SENDER_FROZEN, SENDER_NOT_VERIFIED = 1, 2, 5


def balances(h):
    return tuple(int(h.token.balanceOf(w)) for w in (h.alice, h.bob, h.carol, h.dave, h.module))


def supply_matches_balances(h):
    return int(h.token.totalSupply()) == sum(balances(h))


def all_frozen(h):
    """Revert data of the module's transfer of 10 with its 100 tokens all frozen (ERC-1404 code 4)."""
    types = ("address", "uint256", "uint256")
    return error_data("ERC7943InsufficientUnfrozenBalance(address,uint256,uint256)", types, (h.module.address, 10, 0))


# What the agent does to the module's wallet first, and the code (or revert data) its re-entering transfer
# must then get.
CONDITIONS = {
    "paused": (lambda h: h.token.pause({"from": h.agent}), PAUSED),
    "wallet_frozen": (lambda h: h.token.setAddressFrozen(h.module, True, {"from": h.agent}), SENDER_FROZEN),
    "tokens_frozen": (lambda h: h.token.freezePartialTokens(h.module, 100, {"from": h.agent}), all_frozen),
    "unverified": (lambda h: h.storage.revokeClaim(MODULE_ID, KYC, {"from": h.issuer}), SENDER_NOT_VERIFIED),
}


def forced_transfer(h):
    return h.token.forcedTransfer(h.alice, h.carol, 5, {"from": h.agent})


def recovery(h):
    h.registry.registerIdentity(h.dave, ALICE_ID, 826, {"from": h.agent})
    return h.token.recoveryAddress(h.alice, h.dave, ALICE_ID, {"from": h.agent})


@pytest.mark.parametrize("operation", [forced_transfer, recovery], ids=["forced_transfer", "recovery"])
@pytest.mark.parametrize("condition", CONDITIONS)
def test_transfer_reentering_a_forced_move_is_ordinary_and_refused(hostile, condition, operation):
    h = hostile
    restrict, code = CONDITIONS[condition]
    restrict(h)
    h.module.arm(h.token, h.token.transfer.encode_input(h.bob, 10), False, {"from": h.stranger})

    operation(h)

    assert h.module.lastReentrySucceeded() is False
    assert bytes(h.module.lastReentryResult()) == (code(h) if callable(code) else restricted(code))
    assert h.token.balanceOf(h.module) == 100 and h.token.balanceOf(h.bob) == 0
    assert supply_matches_balances(h)


def test_transfer_reentering_a_forced_move_with_every_check_passing_is_just_a_transfer(hostile):
    h = hostile
    h.module.arm(h.token, h.token.transfer.encode_input(h.bob, 10), False, {"from": h.stranger})
    seen = h.module.transfersSeen()
    tx = forced_transfer(h)
    assert h.module.lastReentrySucceeded() is True
    assert [e.name for e in tx.events if e.name in ("Transfer", "ForcedTransfer")] == [
        "Transfer", "Transfer", "ForcedTransfer"
    ]
    assert (h.token.balanceOf(h.module), h.token.balanceOf(h.bob), h.token.balanceOf(h.carol)) == (90, 10, 5)
    assert h.module.transfersSeen() == seen + 2  # the forced transfer and the re-entering one
    assert supply_matches_balances(h)


def test_refused_reentry_that_bubbles_reverts_the_whole_forced_transfer(hostile):
    h = hostile
    h.token.pause({"from": h.agent})
    h.module.arm(h.token, h.token.transfer.encode_input(h.bob, 10), True, {"from": h.stranger})
    before, seen = balances(h), h.module.transfersSeen()
    with brownie.reverts(revert_msg("TransferRestricted", PAUSED)):
        forced_transfer(h)
    assert balances(h) == before
    assert h.module.transfersSeen() == seen


def test_reentering_spend_of_the_senders_tokens_cannot_spend_them_twice(hostile):
    """Third-party modules run after the token has written the change: a module spending the sender's
    tokens again from inside the hook finds them gone."""
    h = hostile
    h.token.approve(h.module, 1000, {"from": h.alice})
    h.module.arm(h.token, h.token.transferFrom.encode_input(h.alice, h.module, 1000), False, {"from": h.stranger})
    module_before = h.token.balanceOf(h.module)
    carol_before = h.token.balanceOf(h.carol)
    h.token.transfer(h.carol, 1000, {"from": h.alice})
    assert h.module.lastReentrySucceeded() is False
    assert h.token.balanceOf(h.alice) == 0
    assert h.token.balanceOf(h.carol) == carol_before + 1000
    assert h.token.balanceOf(h.module) == module_before
    assert h.token.allowance(h.alice, h.module) == 1000
    assert supply_matches_balances(h)


def _privileged_calls(h):
    """Calls only the token, the compliance owner or an agent may make, each with its refusal."""
    role = keccak(text="SUPPLY_ROLE")
    transfer_role = keccak(text="TRANSFER_ROLE")
    ctx = (0, h.alice.address, h.module.address, 1000, 1000, (h.alice.address, 826, True, 2), (h.module.address, 826, True, 2))
    unauthorized = ("OwnableUnauthorizedAccount(address)", ("address",), (h.module.address,))
    return {
        "compliance.applyTransfer": (h.compliance, h.compliance.applyTransfer.encode_input(ctx),
                                     ("ComplianceOnlyToken(address)", ("address",), (h.module.address,))),
        "compliance.created": (h.compliance, h.compliance.created.encode_input(h.module, 10**6),
                               ("ComplianceOnlyToken(address)", ("address",), (h.module.address,))),
        "compliance.removeModule": (h.compliance, h.compliance.removeModule.encode_input(h.module), unauthorized),
        "compliance.unbindToken": (h.compliance, h.compliance.unbindToken.encode_input(h.token), unauthorized),
        "token.mint": (h.token, h.token.mint.encode_input(h.module, 10**6),
                       ("AccessControlUnauthorizedAccount(address,bytes32)", ("address", "bytes32"),
                        (h.module.address, role))),
        "token.forcedTransfer": (h.token, h.token.forcedTransfer.encode_input(h.alice, h.module, 500),
                                 ("AccessControlUnauthorizedAccount(address,bytes32)", ("address", "bytes32"),
                                  (h.module.address, transfer_role))),
        "token.setCompliance": (h.token, h.token.setCompliance.encode_input(h.module), unauthorized),
    }


@pytest.mark.parametrize("call", [
    "compliance.applyTransfer", "compliance.created", "compliance.removeModule", "compliance.unbindToken",
    "token.mint", "token.forcedTransfer", "token.setCompliance",
])
def test_module_cannot_reach_hooks_or_powers_from_inside_a_transfer(hostile, call):
    h = hostile
    target, data, error = _privileged_calls(h)[call]
    h.module.arm(target, data, False, {"from": h.stranger})

    h.token.transfer(h.carol, 10, {"from": h.alice})

    assert h.module.lastReentrySucceeded() is False
    assert bytes(h.module.lastReentryResult()) == error_data(*error)
    assert balances(h) == (990, 0, 10, 0, 100)
    assert list(h.compliance.getModules()) == [h.module]
    assert h.compliance.getTokenBound() == h.token
    assert h.token.compliance() == h.compliance
