"""Stateful property test (hypothesis through brownie's `state_machine`): random mints, burns, transfers,
minter changes and rate limits, blacklists, lawful orders (seize, wipe), redemption requests and their
handling, pauses, attestations and the passage of time, against a model of the token.

Every call's outcome is predicted by the model, refusals with their exact error; after every step the
chain must equal the model, so a refused call that changed anything fails the run. Invariants:
totalSupply == minted - burned == sum of balances + escrow, and the escrow (the contract's own balance)
== the sum of the open redemption requests; minter allowances equal the model's and are never negative;
every accepted mint leaves the supply within the attested reserves and its minter within its rate
limit; a blacklisted balance stays what it was when frozen, unless an order moved it (or a rejected
redemption returned the holder's own escrow into it)."""

import brownie
import pytest
from brownie.test import strategy
from hypothesis import HealthCheck

from tests.conftest import deep
from tests.stablecoin.stablecoin_testkit import USD, err, pending_time

# The operations' view calls are not traced as transactions under `--coverage` (the unit tests cover
# those views): each would cost a traced call, hundreds of them per example.
pytestmark = [pytest.mark.no_call_coverage, pytest.mark.long]

MAX_AGE = 86400
DAY = 86400
ORDER = b"\x0d" * 32
# Rate-limit windows: whole days, so only the machine's day-long sleeps (never the seconds of wall time a
# run takes) end a window: none ends without a sleep, a day's ends after one sleep (86460 s), two days'
# after two.
WINDOWS = (0, DAY, 2 * DAY)
REQUESTED, ACKNOWLEDGED, COMPLETED, REJECTED = 1, 2, 3, 4
STEPS = ("acknowledgeRedemption", "completeRedemption", "rejectRedemption")


class StablecoinMachine:
    st_holder = strategy("uint8", max_value=3)
    st_other = strategy("uint8", max_value=3)
    st_amount = strategy("uint256", max_value=1_000 * USD)
    st_reserves = strategy("uint256", max_value=10_000 * USD)
    st_window = strategy("uint8", max_value=2)
    st_request = strategy("uint8")
    st_step = strategy("uint8", max_value=2)

    def __init__(cls, suite, lens, enforcer):
        cls.s = suite
        cls.token = suite.token
        cls.lens = lens
        cls.enforcer = enforcer
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
        self.clock = 0  # seconds slept by the machine: rate-limit windows open and end on this clock
        # minter -> [limit, window, minted in the window, window start on the clock, its end on the chain]
        self.rate = {}
        self.requests = []  # [holder, amount, status], by id - 1
        self.frozen_balance = {}  # blacklisted account -> its balance, which only an order may change

    # --- outcome checks ---

    def _expect(self, error, call, pattern=False):
        """Run `call`, refused with `error` (a regular expression if `pattern`) if it is not None."""
        if error is None:
            return call()
        with brownie.reverts(revert_pattern=error) if pattern else brownie.reverts(error):
            call()
        return None

    def _blacklist_error(self, *accounts):
        for a in accounts:
            if a.address in self.blacklisted:
                return err("StablecoinBlacklisted", a.address)
        return None

    def _escrow(self):
        return sum(amount for _, amount, status in self.requests if status in (REQUESTED, ACKNOWLEDGED))

    def _rate_limit_error(self, minter, amount):
        """The refusal `minter`'s rate limit gives a mint of `amount` (None if none), and whether it is a
        pattern: a window reopened by the refused call itself ends at a time only that call knew."""
        rate = self.rate.get(minter.address)
        if rate is None:
            return None, False
        limit, window, minted, start, ends_at = rate
        if self.clock - start >= window:  # the window has ended: the call opens a new one
            if amount > limit:
                return rf"StablecoinMinterRateLimitExceeded: {minter.address.lower()}, {limit}, {amount}, \d+", True
            return None, False
        available = max(limit - minted, 0)
        if amount > available:
            return err("StablecoinMinterRateLimitExceeded", minter.address, available, amount, ends_at), False
        return None, False

    def _count_rate(self, minter, amount, tx):
        rate = self.rate.get(minter.address)
        if rate is None:
            return
        if self.clock - rate[3] >= rate[1]:
            rate[2], rate[3], rate[4] = 0, self.clock, tx.timestamp + rate[1]
        rate[2] += amount
        assert rate[2] <= rate[0]

    # --- start of every run ---

    def initialize_minters_reserves_and_balances(self, st_amount, st_reserves):
        """Every holder a minter, reserves attested, each holder mints itself half its allowance
        (refused, as the model predicts, where the reserves fall short) and asks to redeem a part of it
        (so that the redemption rules find requests to handle)."""
        self.rule_attest(st_reserves)
        for i in range(len(self.holders)):
            self.rule_configure_minter(i, 2 * st_amount)
            self.rule_mint(i, i, st_amount // 2)
            self.rule_request_redemption(i, st_amount // 8)

    # --- minting ---

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
        self.rate.pop(who.address, None)

    def rule_configure_rate_limit(self, st_holder, st_amount, st_window):
        who, window = self.holders[st_holder], WINDOWS[st_window]
        limit = st_amount if window else 0
        self.token.configureMinterRateLimit(who, limit, window, {"from": self.s.master_minter})
        if window == 0:
            self.rate.pop(who.address, None)
        elif who.address in self.rate:
            self.rate[who.address][:2] = [limit, window]
        else:
            self.rate[who.address] = [limit, window, 0, -10 * DAY, 0]  # no window open yet
        assert tuple(self.token.minterRateLimit(who))[:2] == (limit, window)

    def rule_mint(self, st_holder, st_other, st_amount):
        minter, to = self.holders[st_holder], self.holders[st_other]
        allowance = self.minter_allowance[minter.address]
        supply_after = self.minted - self.burned + st_amount
        rate_error, pattern = self._rate_limit_error(minter, st_amount)
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
        elif rate_error is not None:
            self._expect(rate_error, lambda: self.token.mint(to, st_amount, {"from": minter}), pattern)
            return
        elif not self.fresh:
            error = err("StablecoinAttestationStale", self.as_of, MAX_AGE)
        elif supply_after > self.reserves:
            error = err("StablecoinReserveExceeded", supply_after, self.reserves)
        else:
            error = self._blacklist_error(to)
        tx = self._expect(error, lambda: self.token.mint(to, st_amount, {"from": minter}))
        if error is None:
            self._count_rate(minter, st_amount, tx)
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

    # --- transfers, blacklist, pause ---

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
        self.frozen_balance = {a: self.balances[a] for a in self.blacklisted}

    def rule_pause_window(self, st_holder, st_other, st_amount):
        """Pause, try a transfer, a mint, a burn and a redemption request (all refused, nothing changed),
        and unpause."""
        self.token.pause({"from": self.s.pauser})
        self.paused = True
        self.rule_transfer(st_holder, st_other, st_amount)
        self.rule_mint(st_holder, st_other, st_amount)
        self.rule_burn(st_holder, st_amount)
        with brownie.reverts(err("StablecoinPaused")):
            self.token.requestRedemption(1, ORDER, {"from": self.holders[st_holder]})
        self.invariant_chain_matches_model()
        self.token.unpause({"from": self.s.pauser})
        self.paused = False

    # --- lawful orders ---

    def rule_seize(self, st_holder, st_other):
        account, recipient = self.holders[st_holder], self.holders[st_other]
        if recipient.address in self.blacklisted:
            error = err("StablecoinBlacklisted", recipient.address)
        elif account.address not in self.blacklisted:
            error = err("StablecoinNotBlacklisted", account.address)
        else:
            error = None
        self._expect(error, lambda: self.token.seize(account, recipient, ORDER, {"from": self.enforcer}))
        if error is None:
            amount = self.balances[account.address]
            self.balances[account.address] = self.frozen_balance[account.address] = 0
            self.balances[recipient.address] += amount

    def rule_wipe(self, st_holder):
        account = self.holders[st_holder]
        error = None if account.address in self.blacklisted else err("StablecoinNotBlacklisted", account.address)
        self._expect(error, lambda: self.token.wipe(account, ORDER, {"from": self.enforcer}))
        if error is None:
            self.burned += self.balances[account.address]
            self.balances[account.address] = self.frozen_balance[account.address] = 0

    # --- redemptions ---

    def rule_request_redemption(self, st_holder, st_amount):
        holder = self.holders[st_holder]
        balance = self.balances[holder.address]
        st_amount %= balance + 2  # mostly within the balance, sometimes one unit over
        if holder.address in self.blacklisted:
            error = err("StablecoinBlacklisted", holder.address)
        elif st_amount == 0:
            error = err("StablecoinZeroAmount")
        elif st_amount > balance:
            error = err("ERC20InsufficientBalance", holder.address, balance, st_amount)
        else:
            error = None
        tx = self._expect(error, lambda: self.token.requestRedemption(st_amount, ORDER, {"from": holder}))
        if error is None:
            self.requests.append([holder, st_amount, REQUESTED])
            assert tx.events["RedemptionRequested"]["id"] == len(self.requests)
            self.balances[holder.address] -= st_amount

    def rule_handle_redemption(self, st_request, st_step, st_holder):
        """Acknowledge (0), complete (1: acknowledging it first, itself refused if the request is past that)
        or reject (2) a request (one made, or the next id: unknown), as one of the holders (a minter or not)."""
        if st_step == 1:
            self.rule_handle_redemption(st_request, 0, st_holder)
        rid, operator = st_request % (len(self.requests) + 1) + 1, self.holders[st_holder]
        holder, amount, status = self.requests[rid - 1] if rid <= len(self.requests) else (None, 0, 0)
        allowed = {0: (REQUESTED,), 1: (ACKNOWLEDGED,), 2: (REQUESTED, ACKNOWLEDGED)}[st_step]
        if operator.address not in self.minters:
            error = err("StablecoinNotMinter", operator.address)
        elif holder is None:
            error = err("StablecoinUnknownRedemption", rid)
        elif status not in allowed:
            error = err("StablecoinRedemptionWrongStatus", rid, status)
        elif st_step == 1 and holder.address in self.blacklisted:
            error = err("StablecoinBlacklisted", holder.address)
        else:
            error = None
        self._expect(error, lambda: getattr(self.token, STEPS[st_step])(rid, {"from": operator}))
        if error is None:
            self.requests[rid - 1][2] = (ACKNOWLEDGED, COMPLETED, REJECTED)[st_step]
            if st_step == 1:
                self.burned += amount
            elif st_step == 2:
                self.balances[holder.address] += amount
                if holder.address in self.frozen_balance:  # the escrow back into a frozen balance
                    self.frozen_balance[holder.address] += amount

    # --- reserves and time ---

    def rule_attest(self, st_reserves):
        # An hour before the chain's present, and after the previous attestation: always accepted and
        # fresh, with no extra block mined (each of brownie's chain-time calls costs a stack inspection).
        as_of = max(self.as_of + 1, pending_time() - 3600)
        self.token.attestReserves(st_reserves, as_of, b"\x01" * 32, "ipfs://r", {"from": self.s.attester})
        self.reserves, self.as_of, self.fresh = st_reserves, as_of, True

    def rule_let_attestation_go_stale(self):
        brownie.chain.sleep(MAX_AGE + 60)
        self.clock += MAX_AGE + 60
        self.fresh = False

    # --- invariants (after every step) ---

    def invariant_chain_matches_model(self):
        supply, balances, allowances = self.lens.books(self.token, [*self.holders, self.token])
        *balances, escrow = balances
        assert supply == self.minted - self.burned == sum(balances) + escrow
        assert escrow == self._escrow()
        chain = dict(zip(self.balances, balances))
        assert chain == self.balances
        assert all(chain[a] == frozen for a, frozen in self.frozen_balance.items())
        assert all(a >= 0 for a in self.minter_allowance.values())
        assert dict(zip(self.minter_allowance, allowances[:-1])) == self.minter_allowance


def test_random_operations_keep_the_books(deployed, enforcer, state_machine, TestStablecoinLens):
    lens = TestStablecoinLens.deploy({"from": deployed.owner})
    deployed.token.updateEnforcer(enforcer, {"from": deployed.owner})
    # No example database: every run explores afresh and takes the same time (about 40 s of `make test`);
    # a failure prints its falsifying sequence of steps. 20 runs of 30 steps reach every rule many times
    # over; SECTOKEN_DEEP=1 runs 300.
    settings = {
        "max_examples": deep(20, 300),
        "stateful_step_count": 30,
        "database": None,
        "suppress_health_check": [HealthCheck.data_too_large, HealthCheck.too_slow, HealthCheck.filter_too_much],
    }
    state_machine(StablecoinMachine, deployed, lens, enforcer, settings=settings)
