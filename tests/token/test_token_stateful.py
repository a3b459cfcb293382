"""Stateful property: under random transfers, freezes, partial freezes, pauses and claim revocations,
`detectTransferRestriction` predicts exactly whether a transfer goes through (and with which code it is
refused), no unverified wallet ever receives tokens, and balances always add up to the total supply."""

import brownie
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from tests.conftest import KYC, NO_EXPIRY, deep, transfer_refusal

# The operations' view calls are not traced as transactions under `--coverage` (the unit tests cover
# those views): each would cost a traced call, hundreds of them per example.
pytestmark = pytest.mark.no_call_coverage

holders = st.integers(min_value=0, max_value=3)  # alice, bob, carol, dave (dave is never verified)
amounts = st.integers(min_value=0, max_value=700)


class TokenMachine(RuleBasedStateMachine):
    s = None
    chain = None

    def __init__(self):
        super().__init__()
        self.chain.revert()
        s = self.s
        self.wallets = [s.alice, s.bob, s.carol, s.dave]

    @rule(i=holders, j=holders, amount=amounts)
    def transfer(self, i, j, amount):
        s, sender, recipient = self.s, self.wallets[i], self.wallets[j]
        code = s.token.detectTransferRestriction(sender, recipient, amount)
        before = s.token.balanceOf(sender) + s.token.balanceOf(recipient)
        if code == 0:
            s.token.transfer(recipient, amount, {"from": sender})
        else:
            with brownie.reverts(transfer_refusal(s.token, code, sender, amount)):
                s.token.transfer(recipient, amount, {"from": sender})
        assert s.token.balanceOf(sender) + s.token.balanceOf(recipient) == before

    @rule(i=holders, frozen=st.booleans())
    def freeze_wallet(self, i, frozen):
        self.s.token.setAddressFrozen(self.wallets[i], frozen, {"from": self.s.agent})

    @rule(i=holders, amount=amounts)
    def set_frozen_tokens(self, i, amount):
        self.s.token.setFrozenTokens(self.wallets[i], amount, {"from": self.s.agent})

    @rule()
    def toggle_pause(self):
        if self.s.token.paused():
            self.s.token.unpause({"from": self.s.agent})
        else:
            self.s.token.pause({"from": self.s.agent})

    @rule(i=st.integers(min_value=0, max_value=2), has_claim=st.booleans())
    def set_kyc(self, i, has_claim):
        s = self.s
        identity = s.registry.identity(self.wallets[i])
        if has_claim:
            s.storage.addClaim(identity, KYC, NO_EXPIRY, {"from": s.issuer})
        elif s.storage.claimExpiry(identity, KYC, s.issuer) != 0:
            s.storage.revokeClaim(identity, KYC, {"from": s.issuer})

    @invariant()
    def supply_adds_up_and_dave_holds_nothing(self):
        s = self.s
        assert sum(s.token.balanceOf(w) for w in self.wallets) == s.token.totalSupply() == 1500
        assert s.token.balanceOf(s.dave) == 0


def test_detect_predicts_every_transfer(suite, chain):
    TokenMachine.s = suite
    TokenMachine.chain = chain
    chain.snapshot()
    run_state_machine_as_test(
        TokenMachine,
        settings=settings(max_examples=deep(10, 120), stateful_step_count=deep(12, 40), deadline=None,
            # the chain is the slow part; large generated programs are fine here
            suppress_health_check=[HealthCheck.data_too_large, HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
