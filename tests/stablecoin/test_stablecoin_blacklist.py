"""Blacklist: a blacklisted account can neither send, receive, spend an allowance, mint, burn nor ask for
a redemption, on every path; lifting the blacklist restores it. Approvals by or to it go through, as in
Circle's FiatToken v2.2 (whose tests assert "grants allowance normally when the owner or the spender is
blacklisted"), and move nothing."""

import brownie
import pytest

from tests.stablecoin.stablecoin_testkit import ALICE_BALANCE, MAX_UINT256, USD, err, prepared_paths

pytestmark = pytest.mark.long  # scheduled first (see tests/conftest.py)

# (path, the party blacklisted) for each side of each path
SIDES = [
    ("transfer", "alice"),
    ("transfer", "bob"),
    ("transferFrom", "alice"),
    ("transferFrom", "carol"),
    ("transferFrom", "bob"),
    ("mint", "minter"),
    ("mint", "bob"),
    ("burn", "minter"),
    ("transferWithAuthorization", "alice"),
    ("transferWithAuthorization", "bob"),
    ("receiveWithAuthorization", "alice"),
    ("receiveWithAuthorization", "bob"),
    ("requestRedemption", "alice"),
    ("completeRedemption", "alice"),
]
# Approval paths, alice approving bob: each runs with either party blacklisted (FiatToken v2.2).
APPROVALS = [(path, party) for path in ("approve", "increaseAllowance", "decreaseAllowance", "permit")
             for party in ("alice", "bob")]


def snapshot(s):
    t = s.token
    parties = [s.alice, s.bob, s.carol, s.minter]
    return (
        [t.balanceOf(a) for a in parties],
        [t.allowance(s.alice, a) for a in parties],
        t.totalSupply(),
        t.nonces(s.alice),
        t.minterAllowance(s.minter),
        t.balanceOf(t),
    )


@pytest.mark.parametrize("path,party", SIDES, ids=[f"{p}-{who}" for p, who in SIDES])
def test_blacklisted_party_is_refused_and_restored_when_lifted(suite, path, party):
    run = prepared_paths(suite)[path]
    account = getattr(suite, party)
    suite.token.blacklist(account, {"from": suite.blacklister})
    before = snapshot(suite)
    with brownie.reverts(err("StablecoinBlacklisted", account.address)):
        run()
    assert snapshot(suite) == before
    suite.token.unBlacklist(account, {"from": suite.blacklister})
    run()
    assert snapshot(suite) != before


@pytest.mark.parametrize("path,party", APPROVALS, ids=[f"{p}-{who}" for p, who in APPROVALS])
def test_approval_with_a_blacklisted_party_goes_through_as_in_fiat_token_v2_2(suite, path, party):
    run = prepared_paths(suite)[path]
    suite.token.blacklist(getattr(suite, party), {"from": suite.blacklister})
    expected = {"approve": 5 * USD, "increaseAllowance": 11 * USD, "decreaseAllowance": 9 * USD, "permit": 7 * USD}
    tx = run()
    assert tx.events["Approval"] == {"owner": suite.alice, "spender": suite.bob, "value": expected[path]}
    assert suite.token.allowance(suite.alice, suite.bob) == expected[path]
    # The allowance moves nothing while either party is blacklisted.
    blocked = suite.bob if party == "bob" else suite.alice
    with brownie.reverts(err("StablecoinBlacklisted", blocked.address)):
        suite.token.transferFrom(suite.alice, suite.carol, USD, {"from": suite.bob})


def test_blacklist_and_unblacklist_emit_and_flag(suite):
    token = suite.token
    tx = token.blacklist(suite.bob, {"from": suite.blacklister})
    assert tx.events["Blacklisted"] == {"account": suite.bob}
    assert token.isBlacklisted(suite.bob) is True
    tx = token.unBlacklist(suite.bob, {"from": suite.blacklister})
    assert tx.events["UnBlacklisted"] == {"account": suite.bob}
    assert token.isBlacklisted(suite.bob) is False


def test_blacklisted_spender_cannot_use_an_unlimited_allowance(suite):
    token = suite.token
    token.approve(suite.bob, MAX_UINT256, {"from": suite.alice})
    token.blacklist(suite.bob, {"from": suite.blacklister})
    with brownie.reverts(err("StablecoinBlacklisted", suite.bob.address)):
        token.transferFrom(suite.alice, suite.carol, USD, {"from": suite.bob})


def test_blacklisted_account_keeps_its_balance(suite):
    token = suite.token
    token.blacklist(suite.alice, {"from": suite.blacklister})
    assert token.balanceOf(suite.alice) == ALICE_BALANCE
    assert token.totalSupply() == ALICE_BALANCE


def test_relayer_need_not_be_clear_for_a_clean_authorization(suite):
    """The relayer only carries alice's signed transfer; it sends and receives nothing."""
    paths = prepared_paths(suite)
    suite.token.blacklist(suite.carol, {"from": suite.blacklister})
    paths["transferWithAuthorization"]()
    assert suite.token.balanceOf(suite.bob) == USD
