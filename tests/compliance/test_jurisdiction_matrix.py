"""The jurisdiction matrix on the full stack (identity registry, SecurityToken, ModularCompliance with the
rules configured from each shipped pack, with its parameters): which mints and transfers pass, and the exact
code and message of each refusal. Investors cross three countries (GB, US, FR), both investor types
(individual, entity) and claim sets:

    A GB individual: kyc, professional, non-us-person     B GB individual: kyc
    G GB individual: kyc, hnw                             P GB entity: kyc, professional
    Q GB entity: kyc, hnw                                 C US individual: kyc, accredited
    D US individual: kyc                                  T US individual: kyc, sophisticated
    R US entity: kyc, accredited                          E FR individual: kyc, professional, non-us-person
    H FR individual: kyc                                  S FR entity: kyc, professional, non-us-person
"""

import brownie
import pytest

from sectoken.jurisdictions import compose, load_pack
from sectoken.reasons import message
from tests.compliance.compliance_helpers import (
    ACCREDITED,
    HNW,
    KYC,
    NON_US,
    PROFESSIONAL,
    SOPHISTICATED,
    plain,
)
from tests.compliance.stack_helpers import Holder, build_stack

pytestmark = pytest.mark.long  # scheduled first (see tests/conftest.py)

DAY = 86400
YEAR = 365 * DAY
GB, US, FR = 826, 840, 250

SPEC = (
    ("A", GB, (KYC, PROFESSIONAL, NON_US), False), ("B", GB, (KYC,), False), ("G", GB, (KYC, HNW), False),
    ("P", GB, (KYC, PROFESSIONAL), True), ("Q", GB, (KYC, HNW), True), ("C", US, (KYC, ACCREDITED), False),
    ("D", US, (KYC,), False), ("T", US, (KYC, SOPHISTICATED), False), ("R", US, (KYC, ACCREDITED), True),
    ("E", FR, (KYC, PROFESSIONAL, NON_US), False), ("H", FR, (KYC,), False),
    ("S", FR, (KYC, PROFESSIONAL, NON_US), True),
)
NAMES = "".join(name for name, *_ in SPEC)

#: (pack, its parameters) -> the code of a mint of 100 to each investor, in NAMES order.
MINTS = {
    #                                                  A   B   G   P   Q   C   D   T   R   E   H   S
    ("uk-professional", ()): (0, 22, 0, 0, 29, 16, 16, 16, 16, 16, 16, 16),
    ("us-reg-d", ()): (16, 16, 16, 16, 16, 0, 22, 22, 0, 16, 16, 16),
    ("us-reg-d", (("offering", "506b"),)): (16, 16, 16, 16, 16, 0, 22, 0, 0, 16, 16, 16),
    ("us-reg-d", (("issuer", "reporting"), ("offering", "506b"))): (16, 16, 16, 16, 16, 0, 22, 0, 0, 16, 16, 16),
    ("us-reg-s", ()): (0, 24, 24, 24, 24, 24, 24, 24, 24, 0, 24, 0),
    ("uk-us-bridge", ()): (0, 22, 0, 0, 29, 0, 22, 22, 0, 16, 16, 16),
}

#: (pack, parameters) -> (seconds to wait, [(sender, recipient, code)] right after issuance, [...] after the
#: wait). Transfers of 10; senders were issued 100 where their mint passes.
TRANSFERS = {
    ("uk-professional", ()): (0, [("A", "G", 0), ("G", "P", 0), ("A", "Q", 29), ("A", "B", 22), ("A", "C", 16),
                                  ("P", "A", 0)], []),
    # C -> A: the country rule (16) is reported before the lock-up (21)
    ("us-reg-d", ()): (YEAR, [("C", "R", 21), ("C", "A", 16)],
                       [("C", "R", 0), ("R", "C", 0), ("C", "D", 22), ("C", "T", 22), ("C", "A", 16)]),
    # a reporting issuer's US lots are held 6 months (Rule 144), a 506(b) offering admits the sophisticated
    ("us-reg-d", (("issuer", "reporting"), ("offering", "506b"))): (
        YEAR // 2, [("T", "C", 21)], [("T", "C", 0), ("C", "T", 0), ("C", "D", 22)]),
    # during the 40-day period: no US person, and the 40-day lock-up; after it, both are over
    ("us-reg-s", ()): (40 * DAY, [("A", "E", 21), ("E", "C", 24)],
                       [("A", "E", 0), ("E", "C", 0), ("S", "B", 0), ("A", "H", 0)]),
    ("uk-us-bridge", ()): (YEAR, [("C", "A", 21), ("A", "C", 0), ("A", "Q", 29), ("A", "P", 0), ("A", "D", 22),
                                  ("A", "E", 16), ("P", "R", 0)],
                           [("C", "A", 0), ("C", "R", 0), ("R", "G", 0), ("C", "T", 22)]),
}


@pytest.fixture
def holders(accounts):
    out = {}
    for i, (name, country, topics, entity) in enumerate(SPEC):
        wallet = accounts[3 + i] if 3 + i < len(accounts) else accounts.add()
        out[name] = Holder(name, "0x" + f"{0xA0 + i:040x}", country, topics, (wallet,), entity)
    funder = accounts[0]
    for h in out.values():
        if h.wallet.balance() == 0:
            funder.transfer(h.wallet, "1 ether")
    return out


def _stack(pack, parameters, accounts, holders, extra=()):
    config = compose([load_pack(pack), *extra], parameters={pack: dict(parameters)}, decimals=0)
    containers = {"IdentityRegistryStorage": brownie.IdentityRegistryStorage}
    return build_stack(containers, config, accounts[0], accounts[1], accounts[2], list(holders.values()))


def _expect(token, code, fn, *args):
    """Call `fn(*args)`: it must pass when `code` is 0, else revert with `TransferRestricted(code)`, whose
    message (ERC-1404) is the table's."""
    if code == 0:
        return fn(*args)
    assert token.messageForTransferRestriction(code) == message(code)
    with brownie.reverts(f"TransferRestricted: {code}"):
        fn(*args)
    return None


def _cases(table):
    return [pytest.param(pack, parameters, id="-".join([pack, *(v for _, v in parameters)]))
            for pack, parameters in sorted(table)]


@pytest.mark.parametrize("pack, parameters", _cases(MINTS))
def test_mints_under_each_pack(pack, parameters, accounts, holders):
    s = _stack(pack, parameters, accounts, holders)
    for (name, h), code in zip(holders.items(), MINTS[(pack, parameters)], strict=True):
        _expect(s.token, code, s.token.mint, h.wallet, 100, {"from": s.agent})
        assert s.token.balanceOf(h.wallet) == (100 if code == 0 else 0), name


@pytest.mark.parametrize("pack, parameters", _cases(TRANSFERS))
def test_transfers_under_each_pack(pack, parameters, accounts, holders, chain):
    s = _stack(pack, parameters, accounts, holders)
    for h, code in zip(holders.values(), MINTS[(pack, parameters)], strict=True):
        if code == 0:
            s.token.mint(h.wallet, 100, {"from": s.agent})
    wait, now, later = TRANSFERS[(pack, parameters)]
    for phase, moves in (("at issuance", now), ("later", later)):
        if phase == "later":
            chain.sleep(wait + 1)
            chain.mine()
        for sender, recipient, code in moves:
            a, b = holders[sender].wallet, holders[recipient].wallet
            assert s.token.detectTransferRestriction(a, b, 10) == code, (phase, sender, recipient)
            before = (s.token.balanceOf(a), s.token.balanceOf(b))
            _expect(s.token, code, s.token.transfer, b, 10, {"from": a})
            moved = 10 if code == 0 else 0
            assert (s.token.balanceOf(a), s.token.balanceOf(b)) == (before[0] - moved, before[1] + moved)


def test_forced_transfers_skip_the_lock_up_but_not_the_other_rules(accounts, holders):
    s = _stack("uk-us-bridge", (), accounts, holders)
    A, B, C, E, Q = (holders[n].wallet for n in "ABCEQ")
    s.token.mint(A, 100, {"from": s.agent})
    s.token.mint(C, 100, {"from": s.agent})
    s.token.forcedTransfer(C, A, 40, {"from": s.agent})
    assert s.modules["LockUpModule"].lockedBalance(C) == 60
    _expect(s.token, 16, s.token.forcedTransfer, A, E, 10, {"from": s.agent})
    _expect(s.token, 22, s.token.forcedTransfer, A, B, 10, {"from": s.agent})
    _expect(s.token, 29, s.token.forcedTransfer, A, Q, 10, {"from": s.agent})


def test_the_second_editions_caps_and_minimums_over_the_bridge(accounts, holders, chain, tmp_path):
    """The bridge with an issuer's own pack: one non-accredited holder at most (25), a minimum holding of
    50 (26), whole holdings only (27) and a GB minimum transfer of 20 (28)."""
    own = tmp_path / "issuer-terms.yaml"
    own.write_text(
        "pack: issuer-terms\nsummary: The issuer's own terms.\nrules:\n"
        "  - non-accredited-holders: {max: 1}\n    basis: A test cap.\n"
        "  - minimum-holding: {amount: 50}\n    basis: A test minimum.\n"
        "  - minimum-transfer: {country: GB, amount: 20}\n    basis: A test minimum.\n"
    )
    s = _stack("uk-us-bridge", (), accounts, holders, extra=(load_pack(own),))
    A, G, P, C, R = (holders[n].wallet for n in "AGPCR")
    s.token.mint(A, 100, {"from": s.agent})  # A has no accredited claim: the one non-accredited holder
    _expect(s.token, 25, s.token.mint, G, 100, {"from": s.agent})
    _expect(s.token, 26, s.token.mint, C, 49, {"from": s.agent})
    s.token.mint(C, 100, {"from": s.agent})  # accredited: not counted
    assert plain(s.modules["NonAccreditedHoldersModule"].nonAccreditedHolders()) == (1, 1, ACCREDITED)
    _expect(s.token, 28, s.token.transfer, P, 19, {"from": A})
    _expect(s.token, 26, s.token.transfer, P, 20, {"from": A})  # P would hold 20
    _expect(s.token, 26, s.token.transfer, P, 60, {"from": A})  # A would keep 40
    # A sells out to the entity P: the non-accredited seat passes from A to P in the same transfer
    s.token.transfer(P, 100, {"from": A})
    assert plain(s.modules["NonAccreditedHoldersModule"].nonAccreditedHolders()) == (1, 1, ACCREDITED)
    s.modules["MinimumHoldingModule"].setFullTransfer(True, {"from": s.owner})
    chain.sleep(YEAR + 1)
    chain.mine()
    _expect(s.token, 27, s.token.transfer, R, 50, {"from": C})
    s.token.transfer(R, 100, {"from": C})
    assert s.token.balanceOf(R) == 100
