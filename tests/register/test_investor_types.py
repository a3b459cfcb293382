"""Investor types in the register: each identity's type follows the registry's `InvestorTypeUpdated` into the
database, the cap table shows every holding's type as the chain has it at any block, and a register synced
by an earlier sectoken (schema 0001, which did not follow the event) reads the types it missed on its next
sync, answering for the cap table only from then on."""

import pytest

from sectoken.errors import ValidationError
from sectoken.register import RegisterSource, cap_table_at, read_cap_table, sync, verify
from tests.register.conftest import ALICE, BOB, CAROL, ERIN
from tests.register.helpers import activity, chain_table, downgrade, opened, same_table


def _identity(wallet: str) -> str:
    return "0x" + wallet[2:].lower()[::-1]  # as the `onboarded` fixture registers them


def test_the_type_is_the_identitys_at_every_block(web3, onboarded, database):
    registry = onboarded.registry
    start = web3.eth.block_number
    onboarded.token.mint(ALICE, 100)
    onboarded.token.mint(BOB, 50)
    registry.set_investor_type(ALICE, "entity")
    registry.batch_set_investor_types([ALICE, BOB], ["individual", "entity"])
    registry.register(ERIN, registry.identity(BOB), "US")  # a second wallet of bob's identity: an entity too
    onboarded.token.mint(ERIN, 5)
    head = web3.eth.block_number
    with opened(database) as register:
        sync(web3, onboarded, register, page_blocks=2)
        followed = register.suite(onboarded.chain_id, onboarded.token.address)
        for block in range(start, head + 1):
            same_table(cap_table_at(register, followed, block), chain_table(onboarded, block))
        kinds = {key.lower(): value for key, value in register.investor_types_at(followed, head).items()}
        assert kinds == {_identity(ALICE): 0, _identity(BOB): 1}
        table = cap_table_at(register, followed, head)
        assert {h.wallet: h.investor_type for h in table.holdings} == {ALICE: 0, BOB: 1, ERIN: 1}
        assert {h.wallet: h.investor_type for h in cap_table_at(register, followed, start + 3).holdings} == {
            ALICE: 1, BOB: 0}
        assert "InvestorTypeUpdated" in {e["name"] for e in register.events(followed)}
        assert verify(web3, onboarded, register).ok


def test_a_register_synced_before_investor_types_reads_them_first(web3, sectoken, onboarded, database):
    activity(onboarded)  # alice's identity made an entity
    onboarded.registry.set_investor_type(CAROL, "entity")  # in the tip block, which a reorganisation replaces
    with opened(database) as register:
        synced = sync(web3, onboarded, register).synced_block
    downgrade(database, "0001")  # no investor types, no InvestorTypeUpdated event: what 0001's sync kept

    with opened(database) as register:  # migrated to the newest schema when opened
        followed = register.suite(onboarded.chain_id, onboarded.token.address)
        assert followed.backfills == (("InvestorTypeUpdated", synced),)
        assert register.counts(followed)["investor_types"] == 0
        source = RegisterSource(register, followed)
        assert source.covers(web3, synced) and not source.complete
        assert read_cap_table(web3, onboarded.record, source).source == "chain"
        for refused in (lambda: read_cap_table(web3, onboarded.record, source, only_register=True),
                        lambda: verify(web3, onboarded, register)):
            with pytest.raises(ValidationError, match="has not read its InvestorTypeUpdated events yet"):
                refused()

    web3.provider.make_request("anvil_reorg", [1, []])  # carol's type change is gone
    onboarded.registry.set_investor_type(BOB, "entity")  # after the synced block: a page like any other
    done = sectoken.ok("register", "sync", "--database", database).stdout
    # alice's type change, and the storage's binding of the suite's registry (read since schema 0003)
    assert "reorganisation" in done and "read 2 events the register follows since its upgrade" in done

    with opened(database) as register:
        followed = register.suite(onboarded.chain_id, onboarded.token.address)
        assert followed.backfills == ()
        head = web3.eth.block_number
        table = cap_table_at(register, followed, head)
        same_table(table, chain_table(onboarded, head))
        assert {h.wallet: h.investor_type for h in table.holdings} == {ALICE: 1, BOB: 1}
        kinds = {key.lower(): value for key, value in register.investor_types_at(followed, head).items()}
        assert kinds == {_identity(ALICE): 1, _identity(BOB): 1}  # carol's is not on this chain
        assert verify(web3, onboarded, register).ok
        assert sync(web3, onboarded, register).backfilled == 0
