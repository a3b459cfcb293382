"""Cross-contract invariants. Random sequences of every user and agent operation on the security token,
the identity registry, the stablecoin and DvP settlement (which moves both), with time passing, and after
each step:

- the security token's total supply equals the sum of the balances, and the supply module agrees;
- frozen tokens never exceed a balance (unless an agent set more with ERC-7943's `setFrozenTokens`), and a
  holder's own transfer or sale never takes frozen tokens;
- no wallet that is unverified, frozen or in a refused country gains security tokens, by any path;
- holder counts (overall, per country, per identity) and identity balances are exact, whatever agents do
  to wallets' identities, countries and registrations (the registry refuses those changes for a wallet
  that holds tokens, with `IdentityRegistryWalletHoldsTokens`);
- locked tokens never exceed a wallet's balance;
- the stablecoin's supply equals the sum of its balances and what was minted minus what was burned, a
  mint never takes it above the attested reserves or happens on a stale attestation, and the minters'
  allowances are exactly what the master minter set minus what they minted (never negative); the mint's
  outcome (or the first reason to refuse it) is the one the rules predict;
- a settlement moves exactly the agreed amounts both ways, only for a pending, approved-if-required
  trade at its current terms; the settlement contract holds nothing between transactions;
- a refused call changes no state at all, and is refused with one of the system's own errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import pytest
from brownie import web3
from brownie.exceptions import VirtualMachineError
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule, run_state_machine_as_test

from tests.conftest import DAY, DE, KYC, UK, US, deep
from tests.properties.system import (
    FR,
    INVESTORS,
    BatchReader,
    ChainMachine,
    System,
    deploy_system,
    error_names,
)

# The operations' view calls are not traced as transactions under `--coverage` (the unit tests cover
# those views): each would cost a traced call, hundreds of them per example.
pytestmark = [pytest.mark.no_call_coverage, pytest.mark.long]

COUNTRIES = (UK, US, DE, FR)
REFUSED = {DE}
PENDING, SETTLED, CANCELLED, EXPIRED, REJECTED = 1, 2, 3, 4, 5
HOUR = 3600

wallet = st.integers(min_value=0, max_value=6)
share = st.integers(min_value=1, max_value=100)
amount = st.integers(min_value=1, max_value=400)
usd_amount = st.integers(min_value=1, max_value=1_500)
minter = st.integers(min_value=0, max_value=1)
identity = st.integers(min_value=0, max_value=len(INVESTORS) - 1)
trade_index = st.integers(min_value=0, max_value=7)
flag = st.booleans()
recipient = st.sampled_from(["eligible", "eligible", "ineligible", "any"])
rarely = st.sampled_from([True, False, False, False])  # for switches that stop most operations while on


class SystemMachine(ChainMachine):
    sys: System = None
    reader: BatchReader = None
    known_errors: ClassVar[set[str]] = set()

    def __init__(self) -> None:
        super().__init__()
        s = self.sys
        self.tracked = [*s.accounts, s.dvp]
        self.identities = sorted(set(s.identity.values()))
        self.identity = dict(s.identity)  # wallet -> identity, as the agents' changes leave it
        self.state = self._read()
        # Models.
        self.holding_country = {}  # identity -> country it is counted under while it holds
        for w in s.wallets:
            ident = self.identity[w.address]
            if self.state[("sec", w.address)] and ident not in self.holding_country:
                self.holding_country[ident] = self.state[("country", w.address)]
        self.usd_supply = self.state["usd_supply"]
        self.allowance = {m.address: self.state[("allowance", m.address)] for m in s.minters}
        self.is_minter = {m.address: True for m in s.minters}
        self.overfrozen: set[str] = set()
        self.trades: list[dict[str, Any]] = []
        self.approval_required = False
        self._check_invariants(self.state)

    # ------------------------------------------------------------------ reading

    def _calls(self):
        s, token, usd, registry = self.sys, self.sys.token, self.sys.usd, self.sys.registry
        mh, mb, lu, sl = (
            s.module(n) for n in ("MaxHoldersModule", "MaxBalanceModule", "LockUpModule", "SupplyLimitModule")
        )
        yield "sec_supply", token, "totalSupply", ()
        yield "sec_paused", token, "paused", ()
        yield "usd_supply", usd, "totalSupply", ()
        yield "usd_paused", usd, "paused", ()
        yield "attestation", usd, "reserveAttestation", ()
        yield "max_age", usd, "maxAttestationAge", ()
        yield ("view", "mintable"), usd, "mintableUnderReserves", ()
        c = s.stack.compliance.address  # the shared modules' views take the compliance first
        yield "holders", mh, "holders", (c,)
        yield "module_supply", sl, "supply", (c,)
        yield "trade_count", s.dvp, "tradeCount", ()
        yield "approval_required", s.dvp, "approvalRequired", (token.address,)
        for a in self.tracked:
            yield ("sec", a.address), token, "balanceOf", (a.address,)
            yield ("usd", a.address), usd, "balanceOf", (a.address,)
            yield ("blacklisted", a.address), usd, "isBlacklisted", (a.address,)
        for w in s.wallets:
            a = w.address
            yield ("frozen", a), token, "getFrozenTokens", (a,)
            yield ("wallet_frozen", a), token, "isFrozen", (a,)
            yield ("identity", a), registry, "identity", (a,)
            yield ("country", a), registry, "investorCountry", (a,)
            yield ("view", "verified", a), registry, "isVerified", (a,)
            yield ("view", "locked", a), lu, "lockedBalance", (c, a)
            yield ("lots", a), lu, "lots", (c, a)
        for m in s.minters:
            yield ("allowance", m.address), usd, "minterAllowance", (m.address,)
            yield ("is_minter", m.address), usd, "isMinter", (m.address,)
        for c in COUNTRIES:
            yield ("country_holders", c), mh, "countryHolders", (s.stack.compliance.address, c)
        for ident in self.identities:
            yield ("holding", ident), mh, "holding", (s.stack.compliance.address, ident)
            yield ("identity_balance", ident), mb, "identityBalance", (s.stack.compliance.address, ident)
            yield ("kyc", ident), s.storage, "claimExpiry", (ident, KYC, s.issuer.address)
        for i in range(1, getattr(self, "trade_total", 0) + 1):
            yield ("trade", i), s.dvp, "trade", (i,)

    def _read(self) -> dict[Any, Any]:
        self.trade_total = len(getattr(self, "trades", []))
        return self.reader.read(self._calls())

    @staticmethod
    def _stored(state: dict[Any, Any]) -> dict[Any, Any]:
        """The state without views that depend on the clock (a refused transaction still mines a block)."""
        return {k: v for k, v in state.items() if not (isinstance(k, tuple) and k[0] in ("view", "kyc"))}

    def _now(self) -> int:
        return int(web3.eth.get_block("latest")["timestamp"])

    # ------------------------------------------------------------------ one step

    def _step(
        self,
        send: Callable[[], Any],
        sec: dict[str, int] | None = None,
        usd: dict[str, int] | None = None,
        holder_sends: tuple[str, ...] = (),
        expect_error: str | None | bool = False,
    ) -> Any:
        """Send one operation and check it. `sec`/`usd`: the balance changes it must make if it succeeds
        (None: it moves none of that token). `holder_sends`: wallets whose own transfer it is (frozen
        tokens must stay). `expect_error`: False to accept either outcome, None if it must succeed, or the
        name of the error it must fail with. Returns the transaction, or None if refused."""
        before = self.state
        try:
            tx = send()
        except VirtualMachineError as exc:
            after = self._read()
            name = (exc.revert_msg or "").split(":")[0]
            assert name in self.known_errors, (
                f"refused without one of the system's errors: {exc.revert_msg!r}"
            )
            assert expect_error in (False, name), (
                f"expected {expect_error!r}, refused with {exc.revert_msg!r}"
            )
            assert self._stored(after) == self._stored(before), "a refused call changed state"
            self.state = after
            self._check_invariants(after)
            return None
        assert expect_error in (False, None), f"expected refusal {expect_error!r}, but it succeeded"
        after = self._read()
        self._check_moves(before, after, "sec", sec or {})
        self._check_moves(before, after, "usd", usd or {})
        self._check_no_bad_gains(before, after)
        for a in holder_sends:
            assert after[("sec", a)] >= min(before[("frozen", a)], before[("sec", a)]), "frozen tokens left"
        self._update_holding_model(before, after)
        self.state = after
        return tx

    def _check_moves(self, before, after, token, moves):
        for a in self.tracked:
            key = (token, a.address)
            assert after[key] - before[key] == moves.get(a.address, 0), (
                f"{token} balance of {a} moved wrongly"
            )
        supply = f"{token}_supply"
        if token == "sec":
            assert after[supply] - before[supply] == sum(moves.values())

    def _check_no_bad_gains(self, before, after):
        for w in self.sys.wallets:
            a = w.address
            bad = (
                not before[("view", "verified", a)]
                or before[("wallet_frozen", a)]
                or before[("country", a)] in REFUSED
            )
            if bad:
                assert after[("sec", a)] <= before[("sec", a)], (
                    f"{a} gained security tokens while not eligible"
                )

    def _update_holding_model(self, before, after):
        totals = {}
        for w in self.sys.wallets:
            ident = self.identity[w.address]
            totals.setdefault(ident, [0, 0])
            totals[ident][0] += before[("sec", w.address)]
            totals[ident][1] += after[("sec", w.address)]
        for ident, (was, now) in totals.items():
            if was == 0 and now > 0:
                gained = [
                    w.address
                    for w in self.sys.wallets
                    if self.identity[w.address] == ident
                    and after[("sec", w.address)] > before[("sec", w.address)]
                ]
                self.holding_country[ident] = before[("country", gained[0])]
            elif now == 0:
                self.holding_country.pop(ident, None)

    # ------------------------------------------------------------------ invariants

    def _check_invariants(self, st_: dict[Any, Any]) -> None:
        s = self.sys
        # Security token: supply is the sum of balances, only investors hold, supply module agrees.
        assert st_["sec_supply"] == sum(st_[("sec", a.address)] for a in self.tracked)
        for a in (*s.accounts[:3], s.dvp):
            assert st_[("sec", a.address)] == 0
        assert st_["module_supply"] == st_["sec_supply"] <= 3_000
        for w in s.wallets:
            a = w.address
            if st_[("frozen", a)] <= st_[("sec", a)]:
                self.overfrozen.discard(a)
            assert st_[("frozen", a)] <= st_[("sec", a)] or a in self.overfrozen, "frozen above balance"
            assert st_[("view", "locked", a)] <= st_[("sec", a)], "locked above balance"
        # Holder counts, per country and per identity, and identity balances.
        totals = {i: 0 for i in self.identities}
        for w in s.wallets:
            totals[self.identity[w.address]] += st_[("sec", w.address)]
        assert st_["holders"][1] == sum(1 for t in totals.values() if t > 0)
        for c in COUNTRIES:
            assert st_[("country_holders", c)][1] == sum(
                1 for i, t in totals.items() if t > 0 and self.holding_country[i] == c
            )
        for i, t in totals.items():
            assert st_[("holding", i)] == ((t, self.holding_country[i]) if t else (0, 0))
            assert st_[("identity_balance", i)] == t
        # Stablecoin: supply is the sum of balances and minted minus burned; allowances as configured minus
        # minted; nothing left in the settlement contract.
        assert st_["usd_supply"] == sum(st_[("usd", a.address)] for a in self.tracked) == self.usd_supply
        assert st_[("usd", s.dvp.address)] == 0
        for m in s.minters:
            assert st_[("allowance", m.address)] == self.allowance[m.address] >= 0
            assert st_[("is_minter", m.address)] == self.is_minter[m.address]
        # Settlement: every trade's stored status and approval as the model says.
        assert st_["trade_count"] == len(self.trades)
        assert st_["approval_required"] == self.approval_required
        for i, t in enumerate(self.trades, 1):
            terms, _, status, approved = st_[("trade", i)]
            assert (terms, status, approved) == (t["terms"], t["status"], t["approved"])

    # ------------------------------------------------------------------ helpers

    def _w(self, i):
        return self.sys.wallets[i]

    def _account(self, address):
        return next(a for a in self.sys.accounts if a.address == address)

    def _proposer(self, t):
        return self._account(t["terms"][1] if t["by_buyer"] else t["terms"][0])

    def _counterparty(self, t):
        return self._account(t["terms"][0] if t["by_buyer"] else t["terms"][1])

    def _bal(self, w, token="sec"):
        return self.state[(token, w.address)]

    def _part(self, w, share_):
        return self._bal(w) * share_ // 100

    def _recipient(self, i, target):
        """The i-th wallet (cycling) among those that may receive security tokens now (verified, not frozen,
        not in a refused country) for "eligible", among the others for "ineligible", or any wallet."""
        st_ = self.state

        def eligible(w):
            a = w.address
            return (
                st_[("view", "verified", a)]
                and not st_[("wallet_frozen", a)]
                and st_[("country", a)] not in REFUSED
            )

        pool = [w for w in self.sys.wallets if target == "any" or eligible(w) == (target == "eligible")]
        return pool[i % len(pool)] if pool else self._w(i)

    def _funded(self, i):
        """The i-th wallet holding security tokens (cycling), or the i-th wallet if none does."""
        funded = [w for w in self.sys.wallets if self._bal(w)]
        return funded[i % len(funded)] if funded else self._w(i)

    def _done(self):
        self._check_invariants(self.state)

    # ------------------------------------------------------------------ security token

    @rule(a=wallet, b=wallet, share_=share, to=recipient)
    def holder_transfer(self, a, b, share_, to):
        src, dst = self._funded(a), self._recipient(b, to)
        n = self._part(src, share_)
        if n and src != dst:
            self._step(
                lambda: self.sys.token.transfer(dst, n, {"from": src}),
                sec={src.address: -n, dst.address: n},
                holder_sends=(src.address,),
            )
        self._done()

    @rule(mint=flag, a=wallet, n=amount, share_=share, to=recipient)
    def agent_supply(self, mint, a, n, share_, to):
        token, agent = self.sys.token, self.sys.agent
        if mint:
            dst = self._recipient(a, to)
            self._step(lambda: token.mint(dst, n, {"from": agent}), sec={dst.address: n})
        else:
            src = self._funded(a)
            n = self._part(src, share_)
            if n:
                self._step(lambda: token.burn(src, n, {"from": agent}), sec={src.address: -n})
        self._done()

    @rule(recovery=flag, a=wallet, b=wallet, share_=share, to=recipient)
    def agent_move(self, recovery, a, b, share_, to):
        token, agent = self.sys.token, self.sys.agent
        if recovery:
            first, second = self.sys.wallets[0], self.sys.wallets[1]  # the two wallets of one identity
            lost, new = (first, second) if self._bal(first) else (second, first)
            n, ident = self._bal(lost), self.identity[lost.address]
            if (
                self._step(
                    lambda: token.recoveryAddress(lost, new, ident, {"from": agent}),
                    sec={lost.address: -n, new.address: n},
                )
                and lost.address in self.overfrozen
            ):
                self.overfrozen.add(new.address)  # recovery carries the frozen amount over
        else:
            src, dst = self._funded(a), self._recipient(b, to)
            n = self._part(src, share_)
            if n and src != dst:
                self._step(
                    lambda: token.forcedTransfer(src, dst, n, {"from": agent}),
                    sec={src.address: -n, dst.address: n},
                )
        self._done()

    @rule(
        kind=st.sampled_from(["wallet", "partial", "unfreeze", "absolute"]),
        a=wallet,
        on=flag,
        share_=share,
        n=st.integers(min_value=0, max_value=800),
    )
    def agent_freeze(self, kind, a, on, share_, n):
        token, agent = self.sys.token, self.sys.agent
        w = self._w(a) if kind == "wallet" else self._funded(a)
        if kind == "wallet":
            self._step(lambda: token.setAddressFrozen(w, on, {"from": agent}))
        elif kind == "partial":
            part = max(1, self._part(w, share_))
            self._step(lambda: token.freezePartialTokens(w, part, {"from": agent}))
        elif kind == "unfreeze":
            part = max(1, self.state[("frozen", w.address)] * share_ // 100)
            self._step(lambda: token.unfreezePartialTokens(w, part, {"from": agent}))
        elif self._step(lambda: token.setFrozenTokens(w, n, {"from": agent})) and n > self._bal(w):
            self.overfrozen.add(w.address)  # ERC-7943 lets an agent freeze more than the balance
        self._done()

    @rule(on=rarely)
    def agent_pause(self, on):
        token = self.sys.token
        self._step(lambda: (token.pause if on else token.unpause)({"from": self.sys.agent}))
        self._done()

    # ------------------------------------------------------------------ identity registry

    @rule(
        kind=st.sampled_from(["revoke", "claim", "country", "identity", "delete", "register"]),
        i=identity,
        a=wallet,
        days=st.integers(min_value=0, max_value=9),
        country=st.sampled_from(COUNTRIES),
    )
    def registry_change(self, kind, i, a, days, country):
        s, ident, w = self.sys, self.identities[i], self._w(a)
        # A wallet holding tokens keeps its identity, country and registration (the compliance's books are
        # kept per identity and per country); one without tokens may change either way.
        holds = "IdentityRegistryWalletHoldsTokens" if self._bal(w) else False
        if kind == "revoke":
            self._step(lambda: s.storage.revokeClaim(ident, KYC, {"from": s.issuer}))
        elif kind == "claim":
            expiry = self._now() + days * DAY + 12 * HOUR  # half a day off the day-long steps of the clock
            self._step(lambda: s.storage.addClaim(ident, KYC, expiry, {"from": s.issuer}))
        elif kind == "country":
            self._step(lambda: s.registry.updateCountry(w, country, {"from": s.agent}), expect_error=holds)
        elif kind == "identity":
            if self._step(lambda: s.registry.updateIdentity(w, ident, {"from": s.agent}), expect_error=holds):
                self.identity[w.address] = ident
        elif kind == "delete":
            self._step(lambda: s.registry.deleteIdentity(w, {"from": s.agent}), expect_error=holds)
        else:
            self._step(lambda: s.registry.registerIdentity(w, self.identity[w.address], s.home[w.address],
                                                           {"from": s.agent}))
        self._done()

    # ------------------------------------------------------------------ stablecoin

    def _mint_refusal(self, m, to, n):
        """The first reason `m`'s mint of `n` to `to` is refused, None if it succeeds, False if the clock
        is too close to the attestation's expiry to say."""
        st_ = self.state
        reserves, as_of, _ = st_["attestation"]
        age_limit = as_of + st_["max_age"]
        if st_["usd_paused"]:
            return "StablecoinPaused"
        if not self.is_minter[m.address]:
            return "StablecoinNotMinter"
        if st_[("blacklisted", m.address)]:
            return "StablecoinBlacklisted"
        if n > self.allowance[m.address]:
            return "StablecoinMinterAllowanceExceeded"
        now = self._now()
        if abs(now - age_limit) < 120:
            return False
        if as_of == 0 or now >= age_limit:
            return "StablecoinAttestationStale"
        if st_["usd_supply"] + n > reserves:
            return "StablecoinReserveExceeded"
        if st_[("blacklisted", to.address)]:
            return "StablecoinBlacklisted"
        return None

    @rule(mint=flag, i=minter, b=wallet, n=usd_amount)
    def usd_supply_change(self, mint, i, b, n):
        m, to, usd = self.sys.minters[i], self._w(b), self.sys.usd
        if mint:
            expected = self._mint_refusal(m, to, n)
            if self._step(lambda: usd.mint(to, n, {"from": m}), usd={to.address: n}, expect_error=expected):
                reserves, _, _ = self.state["attestation"]
                assert self.state["usd_supply"] <= reserves, "minted above the attested reserves"
                self.usd_supply += n
                self.allowance[m.address] -= n
        elif self._step(lambda: usd.burn(n, {"from": m}), usd={m.address: -n}):
            self.usd_supply -= n
        self._done()

    @rule(
        kind=st.sampled_from(
            [
                "attest",
                "attest",
                "configure",
                "remove",
                "blacklist",
                "unblacklist",
                "unblacklist",
                "pause",
                "unpause",
                "unpause",
                "unpause",
            ]
        ),
        i=minter,
        a=st.integers(min_value=0, max_value=8),
        n=st.integers(min_value=0, max_value=30_000),
    )
    def usd_admin(self, kind, i, a, n):
        s, usd, owner = self.sys, self.sys.usd, {"from": self.sys.owner}
        m = s.minters[i]
        who = (s.wallets + s.minters)[a]
        if kind == "attest":
            as_of = self._now()
            self._step(lambda: usd.attestReserves(n, as_of, b"\x02" * 32, "report", owner))
        elif kind == "configure":
            if self._step(lambda: usd.configureMinter(m, n // 5, owner)):
                self.allowance[m.address], self.is_minter[m.address] = n // 5, True
        elif kind == "remove":
            if self._step(lambda: usd.removeMinter(m, owner)):
                self.allowance[m.address], self.is_minter[m.address] = 0, False
        elif kind in ("blacklist", "unblacklist"):
            self._step(
                lambda: getattr(usd, "blacklist" if kind == "blacklist" else "unBlacklist")(who, owner)
            )
        else:
            self._step(lambda: getattr(usd, kind)(owner))
        self._done()

    @rule(a=st.integers(min_value=0, max_value=8), b=wallet, n=usd_amount)
    def usd_transfer(self, a, b, n):
        src, dst = (self.sys.wallets + self.sys.minters)[a], self._w(b)
        if src != dst:
            self._step(
                lambda: self.sys.usd.transfer(dst, n, {"from": src}), usd={src.address: -n, dst.address: n}
            )
        self._done()

    # ------------------------------------------------------------------ settlement

    @rule(
        a=wallet,
        b=wallet,
        share_=share,
        price=st.integers(min_value=1, max_value=600),
        by_buyer=flag,
        hours=st.integers(min_value=1, max_value=60),
        to=recipient,
        then=st.sampled_from(["accept", "accept", "authorize", "amend", "approve", "cancel", "reject", None]),
        stale_terms=flag,
    )
    def trade(self, a, b, share_, price, by_buyer, hours, to, then, stale_terms):
        """Propose a trade, then (usually) act on it at once."""
        seller, buyer = self._funded(a), self._recipient(b, to)
        if seller == buyer:
            return
        terms = (
            seller.address,
            buyer.address,
            self.sys.token.address,
            max(1, self._part(seller, share_)),
            self.sys.usd.address,
            price,
            self._now() + hours * HOUR + 1_800,
        )
        proposer = buyer if by_buyer else seller
        tx = self._step(lambda: self.sys.dvp.propose(terms, {"from": proposer}), expect_error=None)
        assert tx.events["TradeProposed"]["tradeId"] == len(self.trades) + 1
        self.trades.append(
            {"terms": terms, "by_buyer": by_buyer, "status": PENDING, "approved": False, "old_hash": None}
        )
        self.state = self._read()
        self._done()
        if then is not None:
            self.act(i=0, action=then, price=price // 2 + 1, stale_terms=stale_terms)

    @precondition(lambda self: self.trades)
    @rule(
        i=trade_index,
        action=st.sampled_from(
            ["accept", "authorize", "amend", "approve", "cancel", "reject", "reject_by_agent", "expire"]
        ),
        price=st.integers(min_value=1, max_value=600),
        stale_terms=flag,
    )
    def act(self, i, action, price, stale_terms):
        """Act on an existing trade (the latest ones most often)."""
        t = self.trades[-1 - i % len(self.trades)]
        n = self.trades.index(t) + 1
        dvp, agent = self.sys.dvp, self.sys.agent
        if action in ("accept", "authorize"):
            self._accept(t, n, action == "authorize", stale_terms)
        elif action == "amend":
            terms = (*t["terms"][:5], price, t["terms"][6])
            old_hash = dvp.hashTerms(t["terms"])
            if self._step(lambda: dvp.amend(n, terms, {"from": self._proposer(t)})):
                assert t["status"] == PENDING
                t.update(terms=terms, approved=False, old_hash=old_hash)
        elif action == "approve":  # the issuer's agent approves, then the counterparty accepts
            h = dvp.hashTerms(t["terms"])
            if self._step(lambda: dvp.approve(n, h, {"from": agent})):
                assert t["status"] == PENDING
                t["approved"] = True
                self._done()
                self._accept(t, n, False, stale_terms)
        elif action == "cancel":
            if self._step(lambda: dvp.cancel(n, {"from": self._proposer(t)})):
                assert t["status"] == PENDING
                t["status"] = CANCELLED
        elif action in ("reject", "reject_by_agent"):
            who = agent if action == "reject_by_agent" else self._counterparty(t)
            if self._step(lambda: dvp.reject(n, {"from": who})):
                assert t["status"] == PENDING
                t["status"] = REJECTED
        elif self._step(lambda: dvp.expire(n, {"from": self.sys.owner})):
            assert t["status"] == PENDING and self._now() > t["terms"][6]
            t["status"] = EXPIRED
        self._done()

    def _accept(self, t, n, with_authorization, stale_terms):
        seller, buyer, _, sec_amount, _, price, expiry = t["terms"]
        dvp = self.sys.dvp
        stale = stale_terms and t["old_hash"] is not None
        terms_hash = t["old_hash"] if stale else dvp.hashTerms(t["terms"])
        if with_authorization:
            nonce = dvp.authorizationNonce(n, terms_hash)
            valid_before = self._now() + DAY
            sig = self.sys.sign.authorization(
                "ReceiveWithAuthorization",
                self._account(buyer),
                dvp.address,
                price,
                0,
                valid_before,
                bytes(nonce),
            )
            send = lambda: dvp.acceptWithAuthorization(
                n, terms_hash, 0, valid_before, *sig.vrs, {"from": self._account(seller)}
            )
        else:
            send = lambda: dvp.accept(n, terms_hash, {"from": self._counterparty(t)})
        # Acceptance at superseded terms fails on the terms hash (once the trade is known to be pending, the
        # caller entitled and the trade unexpired).
        mismatch = (
            stale
            and t["status"] == PENDING
            and self._now() + 60 < expiry
            and not (with_authorization and t["by_buyer"])
        )
        tx = self._step(
            send,
            sec={seller: -sec_amount, buyer: sec_amount},
            usd={buyer: -price, seller: price},
            holder_sends=(seller,),
            expect_error="DvPTermsMismatch" if mismatch else False,
        )
        if tx:
            assert t["status"] == PENDING and not stale
            assert tx.timestamp <= expiry
            assert t["approved"] or not self.approval_required
            assert not (with_authorization and t["by_buyer"])
            t["status"] = SETTLED

    @rule(on=rarely)
    def require_approval(self, on):
        token = self.sys.token
        if self._step(
            lambda: self.sys.dvp.setApprovalRequired(token, on, {"from": self.sys.agent}), expect_error=None
        ):
            self.approval_required = on
        self._done()

    # ------------------------------------------------------------------ time

    @rule(hours=st.sampled_from([1, 5, 13, 29, 75]))
    def wait(self, hours):
        self.chain.sleep(hours * HOUR + 420)
        self.chain.mine()
        self.state = self._read()
        self._done()


def test_system_invariants_hold_under_random_operations(containers, accounts, DvPSettlement, chain):
    s = deploy_system(containers, accounts, DvPSettlement)
    SystemMachine.sys, SystemMachine.chain = s, chain
    SystemMachine.reader = BatchReader(web3)
    SystemMachine.known_errors = error_names(
        s.token, s.registry, s.storage, s.stack.compliance, s.usd, s.dvp, *s.stack.modules.values()
    )
    chain.snapshot()
    run_state_machine_as_test(
        SystemMachine,
        settings=settings(
            max_examples=deep(20, 300),
            stateful_step_count=deep(30, 60),
            deadline=None,
            # Thirty steps of a dozen rules overrun Hypothesis's example buffer now and then; an overrun example
            # is dropped and another drawn, as in the other state machines.
            suppress_health_check=[HealthCheck.data_too_large, HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
