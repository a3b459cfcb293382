"""Properties on the full stack: under random mints, burns, transfers, forced transfers and wallet
recoveries among random investors (several with two wallets), the holder counts always equal the number
of identities with a balance (overall and per country), the count of holders without the accredited claim
equals the holding identities without it and stays within its cap, no identity ever holds more than
MaxBalance, locked tokens never exceed a wallet's balance, and a refused operation changes no state."""

import os
from typing import ClassVar

import pytest
from brownie.exceptions import VirtualMachineError
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from sectoken.jurisdictions import ComplianceConfig
from tests.compliance.compliance_helpers import ACCREDITED, KYC
from tests.compliance.stack_helpers import Holder, build_stack

# The operations' view calls are not traced as transactions under `--coverage` (the unit tests cover
# those views): each would cost a traced call, hundreds of them per example.
pytestmark = [pytest.mark.no_call_coverage, pytest.mark.long]

DAY = 86400
MAX_BALANCE = 300
CAPS = {"overall": 3, 826: 2, 840: 1, "non-accredited": 2}
DEEP = bool(os.environ.get("SECTOKEN_DEEP"))


wallets = st.integers(min_value=0, max_value=6)
amounts = st.integers(min_value=1, max_value=220)
shares = st.integers(min_value=1, max_value=100)
days = st.integers(min_value=0, max_value=15)


class HolderMachine(RuleBasedStateMachine):
    """Each example starts from the deployed stack (the chain reverted to its snapshot)."""

    s = None
    chain = None
    holders: ClassVar[list] = []

    def __init__(self):
        super().__init__()
        self.chain.revert()
        self.wallets = [w for h in self.holders for w in h.wallets]
        self.owner_of = {w.address: h for h in self.holders for w in h.wallets}
        self.countries = sorted({h.country for h in self.holders})

    # ------------------------------------------------------------------ helpers

    def _holding(self, h):
        return sum(int(self.s.token.balanceOf(w)) for w in h.wallets)

    def _state(self):
        mh, mb, lu = (self.s.modules[n] for n in ("MaxHoldersModule", "MaxBalanceModule", "LockUpModule"))
        return (
            tuple(int(self.s.token.balanceOf(w)) for w in self.wallets),
            int(self.s.token.totalSupply()),
            tuple(int(x) for x in mh.holders()),
            tuple(tuple(int(x) for x in mh.countryHolders(c)) for c in self.countries),
            tuple(tuple(int(x) for x in mh.holding(h.identity)) for h in self.holders),
            tuple(int(mb.identityBalance(h.identity)) for h in self.holders),
            tuple(int(lu.lockedBalance(w)) for w in self.wallets),
            tuple(int(x) for x in self.s.token.nonAccreditedHolders()),
        )

    def _funded(self, index):
        """The index-th wallet holding tokens (cycling), or None if no wallet does."""
        funded = [w for w in self.wallets if self.s.token.balanceOf(w) > 0]
        return funded[index % len(funded)] if funded else None

    def _try(self, send):
        """Send; if refused, the refusal must be a compliance or token restriction and change nothing."""
        before = self._state()
        try:
            send()
        except VirtualMachineError as exc:
            assert exc.revert_msg.startswith("TransferRestricted: "), exc.revert_msg
            assert self._state() == before

    # ------------------------------------------------------------------ rules

    @rule(wallet=wallets, amount=amounts)
    def mint(self, wallet, amount):
        self._try(lambda: self.s.token.mint(self.wallets[wallet], amount, {"from": self.s.agent}))

    @rule(wallet=wallets, share=shares)
    def burn(self, wallet, share):
        w = self._funded(wallet)
        amount = int(self.s.token.balanceOf(w)) * share // 100 if w else 0
        if amount:
            self._try(lambda: self.s.token.burn(w, amount, {"from": self.s.agent}))

    @rule(wallet=wallets, other=wallets, share=shares)
    def transfer(self, wallet, other, share):
        a, b = self._funded(wallet), self.wallets[other]
        amount = int(self.s.token.balanceOf(a)) * share // 100 if a else 0
        if amount and a != b:
            self._try(lambda: self.s.token.transfer(b, amount, {"from": a}))

    @rule(wallet=wallets, other=wallets, share=shares)
    def forced_transfer(self, wallet, other, share):
        a, b = self._funded(wallet), self.wallets[other]
        amount = int(self.s.token.balanceOf(a)) * share // 100 if a else 0
        if amount and a != b:
            self._try(lambda: self.s.token.forcedTransfer(a, b, amount, {"from": self.s.agent}))

    @rule(wallet=wallets)
    def recover(self, wallet):
        lost = self._funded(wallet)
        h = self.owner_of[lost.address] if lost else None
        if h and len(h.wallets) > 1:
            new = next(w for w in h.wallets if w != lost)
            self._try(lambda: self.s.token.recoveryAddress(lost, new, h.identity, {"from": self.s.agent}))

    @rule(days=days)
    def wait(self, days):
        self.chain.sleep(days * DAY)
        self.chain.mine()

    # ------------------------------------------------------------------ invariants

    @invariant()
    def books_agree(self):
        """Holder counts match the identities with a balance (overall, per country, per identity), no
        identity exceeds MaxBalance, and no wallet has more locked than it holds."""
        mh, mb, lu = (self.s.modules[n] for n in ("MaxHoldersModule", "MaxBalanceModule", "LockUpModule"))
        balance = {w.address: int(self.s.token.balanceOf(w)) for w in self.wallets}
        holding = {h.identity: sum(balance[w.address] for w in h.wallets) for h in self.holders}
        assert int(mh.holders()[1]) == sum(1 for v in holding.values() if v > 0)
        for c in self.countries:
            count = sum(1 for h in self.holders if h.country == c and holding[h.identity] > 0)
            assert int(mh.countryHolders(c)[1]) == count
        for h in self.holders:
            total = holding[h.identity]
            assert tuple(int(x) for x in mh.holding(h.identity)) == ((total, h.country) if total else (0, 0))
            assert total <= MAX_BALANCE
            assert int(mb.identityBalance(h.identity)) == total
        for w in self.wallets:
            assert int(lu.lockedBalance(w)) <= balance[w.address]
        non_accredited = sum(1 for h in self.holders if holding[h.identity] > 0 and ACCREDITED not in h.topics)
        cap, count, _ = (int(x) for x in self.s.token.nonAccreditedHolders())
        assert count == non_accredited <= cap


def test_holder_counts_balances_and_refusals(containers, accounts, chain):
    config = ComplianceConfig(
        packs=("properties",),
        required_topics=(KYC,),
        lockup_by_country={840: 10 * DAY},
        max_balance=MAX_BALANCE,
        holder_cap=CAPS["overall"],
        country_holder_caps={826: CAPS[826], 840: CAPS[840]},
        non_accredited_cap=CAPS["non-accredited"],
        accredited_topic=ACCREDITED,
    )
    spec = [(826, (3, 4), ()), (826, (5,), ()), (840, (6, 7), (ACCREDITED,)), (840, (8,), ()), (250, (9,), ())]
    holders = [Holder(f"I{i}", "0x" + f"{0xB0 + i:040x}", country, (KYC, *extra), tuple(accounts[j] for j in idx))
               for i, (country, idx, extra) in enumerate(spec)]
    stack = build_stack(containers, config, accounts[0], accounts[1], accounts[2], holders)
    # start at the caps: three holders overall (two of them without the accredited claim, the cap), the one
    # US holder allowed (accredited), and a US lot locked
    for wallet in (accounts[3], accounts[6], accounts[9]):
        stack.token.mint(wallet, 100, {"from": stack.agent})
    HolderMachine.s, HolderMachine.chain, HolderMachine.holders = stack, chain, holders
    chain.snapshot()
    run_state_machine_as_test(
        HolderMachine,
        settings=settings(max_examples=60 if DEEP else 10, stateful_step_count=40 if DEEP else 30, deadline=None,
            # the chain is the slow part; large generated programs are fine here
            suppress_health_check=[HealthCheck.data_too_large, HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
