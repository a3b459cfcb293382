"""Stateful property: whatever sequence of claim, issuer, topic, clock and wallet changes (registering,
moving a wallet to another identity, deleting, changing country, setting the identity's investor type)
happens, the registry's one-call `investor()` read and the word a token reads on every transfer
(`partyWord`: a one-wallet identity's record copied into its wallet's word, a multi-wallet identity's
shared record; cached fast path or exact recomputation; bit 177 for an entity) agree with a plain model."""

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from tests.conftest import ALICE_ID, AML, BOB_ID, DAY, DE, KYC, UK, US, ZERO_ADDRESS, deep, investor, now

# The operations' view calls are not traced as transactions under `--coverage` (the unit tests cover
# those views): each would cost a traced call, hundreds of them per example.
pytestmark = pytest.mark.no_call_coverage

TOPICS = [KYC, AML]
HALF_DAY = DAY // 2


identities = st.sampled_from([ALICE_ID, BOB_ID])
topics = st.sampled_from(TOPICS)
issuer_index = st.integers(min_value=0, max_value=1)
days = st.integers(min_value=0, max_value=4)
wallet_index = st.integers(min_value=0, max_value=2)  # alice, bob, dave
countries = st.sampled_from([UK, US, DE])
investor_types = st.sampled_from([0, 1])  # individual, entity


class RegistryMachine(RuleBasedStateMachine):
    """Each example starts from the suite's deployed state (chain reverted to the snapshot)."""

    s = None
    chain = None

    def __init__(self):
        super().__init__()
        self.chain.revert()
        s = self.s
        self.issuers = [s.issuer, s.issuer2]
        self.wallets = [s.alice, s.bob, s.dave]
        # Model of the wallets: wallet -> (identity, country); identity -> wallets counted; identities that
        # have had two wallets at once (multi for good).
        self.stored = {s.alice: (ALICE_ID, UK), s.bob: (BOB_ID, US)}
        self.counts = {ALICE_ID: 1, BOB_ID: 1}
        self.multi = set()
        # Model of the investor types: identity -> 1 for an entity (0, an individual, by default).
        self.types = {}
        # Model: (identity, topic, issuer index) -> (expiry, generation); issuer index -> (topics, generation).
        self.t = now()
        self.claims = {(ALICE_ID, KYC, 0): (self.t + 360 * DAY, 1), (BOB_ID, KYC, 0): (self.t + 360 * DAY, 1)}
        self.trust = {0: ({KYC, AML}, 1), 1: ({KYC, AML}, 1)}
        self.required = {KYC}

    def _counts(self, identity, topic):
        for (ident, t, i), (expiry, gen) in self.claims.items():
            topics, current_gen = self.trust.get(i, (set(), 0))
            if ident == identity and t == topic and topic in topics and gen == current_gen and expiry > self.t:
                return True
        return False

    @rule(identity=identities, topic=topics, i=issuer_index, days=days)
    def add_claim(self, identity, topic, i, days):
        topics, gen = self.trust.get(i, (set(), 0))
        if topic not in topics:
            return
        expiry = self.t + days * DAY + HALF_DAY
        self.s.storage.addClaim(identity, topic, expiry, {"from": self.issuers[i]})
        self.claims[(identity, topic, i)] = (expiry, gen)

    @rule(identity=identities, topic=topics, i=issuer_index)
    def revoke_claim(self, identity, topic, i):
        if (identity, topic, i) in self.claims:
            self.s.storage.revokeClaim(identity, topic, {"from": self.issuers[i]})
            del self.claims[(identity, topic, i)]

    @rule(days=days)
    def sleep(self, days):
        self.chain.sleep(days * DAY)
        self.chain.mine()
        self.t += days * DAY

    @rule(i=issuer_index)
    def remove_issuer(self, i):
        if i in self.trust and self.trust[i][0]:
            self.s.storage.removeTrustedIssuer(self.issuers[i], {"from": self.s.owner})
            self.trust[i] = (set(), self.trust[i][1])

    @rule(i=issuer_index)
    def trust_issuer_again(self, i):
        if not self.trust[i][0]:
            self.s.storage.addTrustedIssuer(self.issuers[i], TOPICS, {"from": self.s.owner})
            self.trust[i] = (set(TOPICS), self.trust[i][1] + 1)

    @rule(i=issuer_index, topic=topics)
    def narrow_issuer_topics(self, i, topic):
        if self.trust[i][0]:
            self.s.storage.updateIssuerClaimTopics(self.issuers[i], [topic], {"from": self.s.owner})
            self.trust[i] = ({topic}, self.trust[i][1])

    @rule()
    def toggle_aml_required(self):
        if AML in self.required:
            self.s.registry.removeClaimTopic(AML, {"from": self.s.owner})
            self.required.discard(AML)
        else:
            self.s.registry.addClaimTopic(AML, {"from": self.s.owner})
            self.required.add(AML)

    def _join(self, identity):
        if identity not in self.multi and self.counts.get(identity, 0) == 0:
            self.counts[identity] = 1
        else:
            self.multi.add(identity)
            self.counts[identity] += 1

    def _leave(self, identity):
        self.counts[identity] -= 1

    @rule(w=wallet_index, identity=identities, country=countries)
    def register(self, w, identity, country):
        wallet = self.wallets[w]
        if wallet not in self.stored:
            self.s.registry.registerIdentity(wallet, identity, country, {"from": self.s.agent})
            self.stored[wallet] = (identity, country)
            self._join(identity)

    @rule(w=wallet_index, identity=identities)
    def move(self, w, identity):
        wallet = self.wallets[w]
        if wallet in self.stored:
            self.s.registry.updateIdentity(wallet, identity, {"from": self.s.agent})
            old, country = self.stored[wallet]
            self._leave(old)
            self.stored[wallet] = (identity, country)
            self._join(identity)

    @rule(w=wallet_index)
    def delete(self, w):
        wallet = self.wallets[w]
        if wallet in self.stored:
            self.s.registry.deleteIdentity(wallet, {"from": self.s.agent})
            self._leave(self.stored.pop(wallet)[0])

    @rule(w=wallet_index, country=countries)
    def change_country(self, w, country):
        wallet = self.wallets[w]
        if wallet in self.stored:
            self.s.registry.updateCountry(wallet, country, {"from": self.s.agent})
            self.stored[wallet] = (self.stored[wallet][0], country)

    @rule(w=wallet_index, investor_type=investor_types)
    def set_type(self, w, investor_type):
        wallet = self.wallets[w]
        if wallet in self.stored:
            self.s.registry.setInvestorType(wallet, investor_type, {"from": self.s.agent})
            self.types[self.stored[wallet][0]] = investor_type

    @rule(identity=identities)
    def refresh(self, identity):
        self.s.storage.refreshIdentity(identity, {"from": self.s.stranger})

    @invariant()
    def investor_matches_model(self):
        for wallet in self.wallets:
            if wallet not in self.stored:
                assert investor(self.s.registry, wallet) == (ZERO_ADDRESS, 0, False, 0)
                assert tuple(self.s.storage.partyWord(wallet)) == (0, 0)
                assert self.s.registry.investorType(wallet) == 0
                continue
            identity, country = self.stored[wallet]
            held = {t for t in TOPICS if self._counts(identity, t)}
            bitmap = sum(1 << t for t in held)
            verified = self.required <= held
            assert investor(self.s.registry, wallet) == (identity, country, verified, bitmap)
            assert self.s.registry.isVerified(wallet) == verified
            multi = identity in self.multi
            key = int(identity if multi else str(wallet), 16)
            entity = self.types.get(identity, 0)
            record = key | country << 160 | int(multi) << 176 | entity << 177
            assert tuple(self.s.storage.partyWord(wallet)) == (record, bitmap)
            assert self.s.registry.investorType(wallet) == entity


def test_investor_record_matches_model(identity_suite, chain):
    RegistryMachine.s = identity_suite
    RegistryMachine.chain = chain
    chain.snapshot()
    run_state_machine_as_test(
        RegistryMachine,
        settings=settings(max_examples=deep(20, 200), stateful_step_count=deep(15, 40), deadline=None,
            # the chain is the slow part; large generated programs are fine here
            suppress_health_check=[HealthCheck.data_too_large, HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
