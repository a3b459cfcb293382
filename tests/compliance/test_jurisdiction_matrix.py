"""The jurisdiction matrix on the full stack (identity registry, SecurityToken, ModularCompliance with
modules configured from each shipped pack): which mints and transfers pass, and the exact code of each
refusal. Investors: UK professional (A), UK retail (B), US accredited (C, F), US retail (D), a French
professional non-US person (E) and a UK certified high-net-worth investor (G)."""

import brownie
import pytest

from sectoken.jurisdictions import compose, load_pack
from tests.compliance.compliance_helpers import ACCREDITED, HNW, KYC, NON_US, PROFESSIONAL, plain
from tests.compliance.stack_helpers import Holder, build_stack

pytestmark = pytest.mark.long  # scheduled first (see tests/conftest.py)

DAY = 86400
YEAR = 365 * DAY

MINTS = {
    #                  A   B   C   D   E   F   G
    "uk-professional": (0, 22, 16, 16, 16, 16, 0),
    "us-reg-d": (16, 16, 0, 22, 16, 0, 16),
    "us-reg-s": (0, 6, 6, 6, 0, 6, 6),
    "uk-us-bridge": (0, 22, 0, 22, 16, 0, 0),
}

# (sender, recipient, code) for transfers of 10 right after issuance, then after `wait` seconds
TRANSFERS = {
    "uk-professional": (0, [("A", "G", 0), ("G", "A", 0), ("A", "B", 22), ("A", "C", 16), ("A", "E", 16)], []),
    # C -> A: the country rule (16) is reported before the lock-up (21)
    "us-reg-d": (YEAR, [("C", "F", 21), ("C", "A", 16)], [("C", "F", 0), ("F", "C", 0), ("C", "D", 22),
                                                          ("C", "A", 16)]),
    "us-reg-s": (40 * DAY, [("A", "E", 21), ("E", "A", 21)], [("A", "E", 0), ("E", "A", 0), ("A", "C", 6),
                                                              ("A", "B", 6)]),
    "uk-us-bridge": (YEAR, [("C", "A", 21), ("C", "F", 21), ("A", "C", 0), ("C", "F", 0), ("G", "A", 0),
                            ("A", "B", 22), ("A", "D", 22), ("A", "E", 16)],
                     [("C", "A", 0), ("C", "F", 0), ("C", "D", 22), ("F", "E", 16)]),
}


@pytest.fixture
def holders(accounts):
    spec = [("A", 826, (KYC, PROFESSIONAL, NON_US)), ("B", 826, (KYC,)), ("C", 840, (KYC, ACCREDITED)),
            ("D", 840, (KYC,)), ("E", 250, (KYC, NON_US, PROFESSIONAL)), ("F", 840, (KYC, ACCREDITED)),
            ("G", 826, (KYC, HNW))]
    return {name: Holder(name, "0x" + f"{0xA0 + i:040x}", country, topics, (accounts[3 + i],))
            for i, (name, country, topics) in enumerate(spec)}


def _stack(containers, config, accounts, holders):
    return build_stack(containers, config, accounts[0], accounts[1], accounts[2], list(holders.values()))


def _expect(code, fn, *args):
    """Call `fn(*args)`: it must pass when `code` is 0, else revert with `TransferRestricted(code)`."""
    if code == 0:
        return fn(*args)
    with brownie.reverts(f"TransferRestricted: {code}"):
        fn(*args)


@pytest.mark.parametrize("pack", sorted(MINTS))
def test_mints_under_each_pack(pack, containers, accounts, holders):
    s = _stack(containers, compose([load_pack(pack)]), accounts, holders)
    for (name, h), code in zip(holders.items(), MINTS[pack]):
        _expect(code, s.token.mint, h.wallet, 100, {"from": s.agent})
        assert s.token.balanceOf(h.wallet) == (100 if code == 0 else 0), name


@pytest.mark.parametrize("pack", sorted(TRANSFERS))
def test_transfers_under_each_pack(pack, containers, accounts, holders, chain):
    s = _stack(containers, compose([load_pack(pack)]), accounts, holders)
    for h, code in zip(holders.values(), MINTS[pack]):
        if code == 0:
            s.token.mint(h.wallet, 100, {"from": s.agent})
    wait, now, later = TRANSFERS[pack]
    for phase, moves in (("at issuance", now), ("later", later)):
        if phase == "later":
            chain.sleep(wait + 1)
            chain.mine()
        for sender, recipient, code in moves:
            a, b = holders[sender].wallet, holders[recipient].wallet
            assert s.token.detectTransferRestriction(a, b, 10) == code, (phase, sender, recipient)
            before = (s.token.balanceOf(a), s.token.balanceOf(b))
            _expect(code, s.token.transfer, b, 10, {"from": a})
            moved = 10 if code == 0 else 0
            assert (s.token.balanceOf(a), s.token.balanceOf(b)) == (before[0] - moved, before[1] + moved)


def test_forced_transfers_skip_the_lock_up_but_not_the_other_rules(containers, accounts, holders):
    s = _stack(containers, compose([load_pack("uk-us-bridge")]), accounts, holders)
    A, B, C, E = (holders[n].wallet for n in "ABCE")
    s.token.mint(A, 100, {"from": s.agent})
    s.token.mint(C, 100, {"from": s.agent})
    s.token.forcedTransfer(C, A, 40, {"from": s.agent})
    assert s.modules["LockUpModule"].lockedBalance(C) == 60
    _expect(16, s.token.forcedTransfer, A, E, 10, {"from": s.agent})
    _expect(22, s.token.forcedTransfer, A, B, 10, {"from": s.agent})


def test_composed_packs_apply_the_stricter_holder_cap(containers, accounts, holders, chain, tmp_path):
    small = tmp_path / "small-us-cap.yaml"
    small.write_text("pack: small-us-cap\nsummary: One US holder.\nrules:\n"
                     "  - holder-cap: {country: US, max: 1}\n    basis: A test cap.\n")
    s = _stack(containers, compose([load_pack("uk-us-bridge"), load_pack(small)]), accounts, holders)
    C, F = holders["C"].wallet, holders["F"].wallet
    s.token.mint(C, 100, {"from": s.agent})
    _expect(19, s.token.mint, F, 100, {"from": s.agent})
    chain.sleep(YEAR + 1)
    chain.mine()
    assert s.token.detectTransferRestriction(C, F, 10) == 19
    # selling out entirely makes room in the same transfer
    s.token.transfer(F, 100, {"from": C})
    assert plain(s.modules["MaxHoldersModule"].countryHolders(840)) == (1, 1)
