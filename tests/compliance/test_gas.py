"""The transfer path the gas figures rest on (the figures themselves are measured by `make bench`): the rules
are compiled into the token, so a holder's transfer makes one call (to the registry's storage) and calls no rule
module and no compliance, whatever rules are on; only third-party modules cost a call to the compliance."""

import pytest

from sectoken.jurisdictions import ComplianceConfig, EligibilityRule
from tests.compliance.compliance_helpers import ACCREDITED, HNW, KYC, PROFESSIONAL, SOPHISTICATED, mask
from tests.compliance.stack_helpers import Holder, build_stack

DAY = 86400
ELIGIBILITY = {826: EligibilityRule(mask([PROFESSIONAL, HNW, SOPHISTICATED]), mask([KYC])),
               840: EligibilityRule(0, mask([KYC, ACCREDITED]))}
CONFIGS = {
    "none": ComplianceConfig(packs=("none",), required_topics=(KYC,)),
    "1": ComplianceConfig(packs=("1",), required_topics=(KYC,), countries_restricted=(408,)),
    "3": ComplianceConfig(packs=("3",), required_topics=(KYC,), countries_allowed=(826, 840), eligibility=ELIGIBILITY,
                          lockup_by_country={840: 365 * DAY}),
    "all": ComplianceConfig(packs=("all",), required_topics=(KYC,), countries_allowed=(826, 840),
                            countries_restricted=(408,), eligibility=ELIGIBILITY, lockup_by_country={840: 365 * DAY},
                            transfer_limits={DAY: 10**9}, max_balance=10**9, holder_cap=2000,
                            country_holder_caps={840: 2000}, supply_limit=10**12),
}
RULES_ON = {"none": 0, "1": 0b10, "3": 0b1100001, "all": 0xFF}


@pytest.fixture
def holders(accounts):
    return [Holder("uk", "0x" + "c1" * 20, 826, (KYC, PROFESSIONAL), (accounts[3],)),
            Holder("us", "0x" + "c2" * 20, 840, (KYC, ACCREDITED), (accounts[4],))]


def _called(web3, tx):
    """The contracts `tx` called into, in order (the node's call trace; delegate calls, i.e. the token's
    proxy running its implementation and admin companion, are not calls into another contract)."""
    trace = web3.provider.make_request("debug_traceTransaction", [tx.txid, {"tracer": "callTracer"}])["result"]
    called = []

    def walk(frame):
        for sub in frame.get("calls", []):
            if sub["type"] != "DELEGATECALL":
                called.append(web3.to_checksum_address(sub["to"]))
            walk(sub)

    walk(trace)
    return called


@pytest.mark.parametrize("name", list(CONFIGS))
def test_a_steady_state_transfer_reads_the_registry_storage_once_and_calls_no_module(containers, accounts, holders, web3,
                                                                             name):
    """`SecurityToken.transfer` between two existing UK and US holders (the US holder's lock-up is on the
    tokens it was issued, not on what it receives)."""
    uk, us = holders
    s = build_stack(containers, CONFIGS[name], accounts[0], accounts[1], accounts[2], holders)
    assert len(s.compliance.getModules()) == {"none": 0, "1": 1, "3": 3, "all": 8}[name]
    assert tuple(s.token.rules()) == (RULES_ON[name], False)
    s.token.mint(uk.wallet, 1000, {"from": s.agent})
    s.token.mint(us.wallet, 1000, {"from": s.agent})
    s.token.transfer(us.wallet, 10, {"from": uk.wallet})
    tx = s.token.transfer(us.wallet, 10, {"from": uk.wallet})
    assert s.token.balanceOf(us.wallet) == 1020
    assert _called(web3, tx) == [s.storage.address]


def test_third_party_modules_cost_one_call_to_the_compliance(containers, accounts, holders, web3,
                                                            TestRecordingModule):
    uk, us = holders
    s = build_stack(containers, CONFIGS["all"], accounts[0], accounts[1], accounts[2], holders)
    recorder = TestRecordingModule.deploy(s.compliance, 23, {"from": s.owner})
    s.compliance.addModule(recorder, {"from": s.owner})
    s.token.mint(uk.wallet, 1000, {"from": s.agent})
    tx = s.token.transfer(us.wallet, 10, {"from": uk.wallet})
    # The parties' records, then (for the modules' context only) their identities, then the compliance once.
    assert _called(web3, tx) == [s.storage.address, s.storage.address, s.compliance.address, recorder.address]
    assert recorder.seen() == 2
