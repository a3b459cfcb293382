"""Stateful property test (hypothesis through brownie's `state_machine`): random mints, burns, transfers,
minter changes, blacklists, pauses, attestations and the passage of time, against a model of the token.

Every call's outcome is predicted by the model, refusals with their exact error; after every step the
chain must equal the model, so a refused call that changed anything fails the run. Invariants:
totalSupply == minted - burned == sum of balances; minter allowances equal the model's and are never
negative; every accepted mint leaves the supply within the attested reserves."""

import brownie
import pytest
from brownie.test import strategy
from hypothesis import HealthCheck

from tests.stablecoin.stablecoin_testkit import USD, err, pending_time

# The operations' view calls are not traced as transactions under `--coverage` (the unit tests cover
# those views): each would cost a traced call, hundreds of them per example.
pytestmark = [pytest.mark.no_call_coverage, pytest.mark.long]

MAX_AGE = 86400


class StablecoinMachine:
    st_holder = strategy("uint8", max_value=3)
    st_other = strategy("uint8", max_value=3)
    st_amount = strategy("uint256", max_value=1_000 * USD)
    st_reserves = strategy("uint256", max_value=10_000 * USD)

    def __init__(cls, suite, lens):
        cls.s = suite
        cls.token = suite.token
        cls.lens = lens
        cls.holders = [suite.alice, suite.bob, suite.carol, suite.minter]

    def setup(self):
        self.balances = {h.address: 0 for h in self.holders}
        self.minted = self.burned = 0
        self.minter_allowance = {h.address: 0 for h in self.holders}
        self.minters = set()
        self.blacklisted = set()
        self.paused = False
        self.reserves = 0
        self.as_of = 0
        self.fresh = False  # an attestation exists and has not been aged past the maximum

    # --- outcome checks ---

    def _expect(self, error, call):
        """Run `call`, refused with `error` if it is not None."""
        if error is None:
            return call()
        with brownie.reverts(error):
            call()
        return None

    def _blacklist_error(self, *accounts):
        for a in accounts:
            if a.address in self.blacklisted:
                return err("StablecoinBlacklisted", a.address)
        return None

    # --- start of every run ---

    def initialize_minters_reserves_and_balances(self, st_amount, st_reserves):
        """Every holder a minter, reserves attested, and each holder mints itself half its allowance
        (refused, as the model predicts, where the reserves fall short)."""
        self.rule_attest(st_reserves)
        for i in range(len(self.holders)):
            self.rule_configure_minter(i, 2 * st_amount)
            self.rule_mint(i, i, st_amount // 2)

    # --- rules ---

    def rule_configure_minter(self, st_holder, st_amount):
        who = self.holders[st_holder]
        error = err("StablecoinPaused") if self.paused else None
        self._expect(
            error, lambda: self.token.configureMinter(who, st_amount, {"from": self.s.master_minter})
        )
        if error is None:
            self.minters.add(who.address)
            self.minter_allowance[who.address] = st_amount

    def rule_remove_minter(self, st_holder):
        who = self.holders[st_holder]
        self.token.removeMinter(who, {"from": self.s.master_minter})
        self.minters.discard(who.address)
        self.minter_allowance[who.address] = 0

    def rule_mint(self, st_holder, st_other, st_amount):
        minter, to = self.holders[st_holder], self.holders[st_other]
        allowance = self.minter_allowance[minter.address]
        supply_after = self.minted - self.burned + st_amount
        if self.paused:
            error = err("StablecoinPaused")
        elif minter.address not in self.minters:
            error = err("StablecoinNotMinter", minter.address)
        elif minter.address in self.blacklisted:
            error = err("StablecoinBlacklisted", minter.address)
        elif st_amount == 0:
            error = err("StablecoinZeroAmount")
        elif st_amount > allowance:
            error = err("StablecoinMinterAllowanceExceeded", minter.address, allowance, st_amount)
        elif not self.fresh:
            error = err("StablecoinAttestationStale", self.as_of, MAX_AGE)
        elif supply_after > self.reserves:
            error = err("StablecoinReserveExceeded", supply_after, self.reserves)
        else:
            error = self._blacklist_error(to)
        self._expect(error, lambda: self.token.mint(to, st_amount, {"from": minter}))
        if error is None:
            self.minted += st_amount
            self.balances[to.address] += st_amount
            self.minter_allowance[minter.address] -= st_amount
            assert self.token.totalSupply() <= self.reserves

    def rule_burn(self, st_holder, st_amount):
        minter = self.holders[st_holder]
        balance = self.balances[minter.address]
        st_amount %= balance + 2  # mostly within the balance, sometimes one unit over
        if self.paused:
            error = err("StablecoinPaused")
        elif minter.address not in self.minters:
            error = err("StablecoinNotMinter", minter.address)
        elif st_amount == 0:
            error = err("StablecoinZeroAmount")
        elif minter.address in self.blacklisted:
            error = err("StablecoinBlacklisted", minter.address)
        elif st_amount > balance:
            error = err("ERC20InsufficientBalance", minter.address, balance, st_amount)
        else:
            error = None
        self._expect(error, lambda: self.token.burn(st_amount, {"from": minter}))
        if error is None:
            self.burned += st_amount
            self.balances[minter.address] -= st_amount

    def rule_transfer(self, st_holder, st_other, st_amount):
        sender, to = self.holders[st_holder], self.holders[st_other]
        balance = self.balances[sender.address]
        st_amount %= balance + 2  # mostly within the balance, sometimes one unit over
        error = err("StablecoinPaused") if self.paused else self._blacklist_error(sender, to)
        if error is None and st_amount > balance:
            error = err("ERC20InsufficientBalance", sender.address, balance, st_amount)
        self._expect(error, lambda: self.token.transfer(to, st_amount, {"from": sender}))
        if error is None:
            self.balances[sender.address] -= st_amount
            self.balances[to.address] += st_amount

    def rule_toggle_blacklist(self, st_holder):
        who = self.holders[st_holder]
        if who.address in self.blacklisted:
            self.token.unBlacklist(who, {"from": self.s.blacklister})
            self.blacklisted.discard(who.address)
        else:
            self.token.blacklist(who, {"from": self.s.blacklister})
            self.blacklisted.add(who.address)

    def rule_pause_window(self, st_holder, st_other, st_amount):
        """Pause, try a transfer, a mint and a burn (all refused, nothing changed), and unpause."""
        self.token.pause({"from": self.s.pauser})
        self.paused = True
        self.rule_transfer(st_holder, st_other, st_amount)
        self.rule_mint(st_holder, st_other, st_amount)
        self.rule_burn(st_holder, st_amount)
        self.invariant_chain_matches_model()
        self.token.unpause({"from": self.s.pauser})
        self.paused = False

    def rule_attest(self, st_reserves):
        # An hour before the chain's present, and after the previous attestation: always accepted and
        # fresh, with no extra block mined (each of brownie's chain-time calls costs a stack inspection).
        as_of = max(self.as_of + 1, pending_time() - 3600)
        self.token.attestReserves(st_reserves, as_of, b"\x01" * 32, "ipfs://r", {"from": self.s.attester})
        self.reserves, self.as_of, self.fresh = st_reserves, as_of, True

    def rule_let_attestation_go_stale(self):
        brownie.chain.sleep(MAX_AGE + 60)
        self.fresh = False

    # --- invariants (after every step) ---

    def invariant_chain_matches_model(self):
        supply, balances, allowances = self.lens.books(self.token, self.holders)
        assert supply == self.minted - self.burned == sum(balances)
        assert dict(zip(self.balances, balances)) == self.balances
        assert all(a >= 0 for a in self.minter_allowance.values())
        assert dict(zip(self.minter_allowance, allowances)) == self.minter_allowance


def test_random_operations_keep_the_books(deployed, state_machine, TestStablecoinLens):
    lens = TestStablecoinLens.deploy({"from": deployed.owner})
    # No example database: every run explores afresh and takes the same time (about a minute); a
    # failure prints its falsifying sequence of steps.
    settings = {
        "max_examples": 15,
        "stateful_step_count": 20,
        "database": None,
        "suppress_health_check": [HealthCheck.data_too_large, HealthCheck.too_slow, HealthCheck.filter_too_much],
    }
    state_machine(StablecoinMachine, deployed, lens, settings=settings)
