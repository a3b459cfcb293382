"""A reorganisation below the synced tip is undone: the register walks back to the newest block it kept
that the chain still has, deletes what came after and reads the new history."""

from sectoken.register import Reorg, cap_table_at, sync, verify
from sectoken.signers import dev_account
from tests.register.conftest import ALICE, BOB
from tests.register.helpers import opened


def test_a_replaced_tip_block_is_undone(web3, onboarded, database):
    onboarded.token.mint(ALICE, 1_000)
    mint_block = web3.eth.block_number
    onboarded.token.with_signer(dev_account(1)).transfer(BOB, 100)
    tip = web3.eth.block_number
    with opened(database) as register:
        sync(web3, onboarded, register)
        followed = register.suite(onboarded.chain_id, onboarded.token.address)
        assert register.balances_at(followed, tip) == {ALICE: 900, BOB: 100}

        web3.provider.make_request("anvil_reorg", [1, []])  # the tip block replaced by an empty one
        assert web3.eth.block_number == tip and onboarded.token.balance_of(BOB) == 0

        report = sync(web3, onboarded, register)
        assert report.reorg == Reorg(synced_block=tip, common_block=mint_block, events_undone=1)
        assert (report.from_block, report.synced_block, report.events) == (mint_block + 1, tip, 0)
        assert register.balances_at(followed, tip) == {ALICE: 1_000}
        assert verify(web3, onboarded, register).ok


def test_a_longer_competing_history_replaces_the_synced_one(web3, onboarded, database):
    onboarded.token.mint(ALICE, 1_000)
    fork = web3.eth.block_number
    snapshot = web3.provider.make_request("evm_snapshot", [])["result"]
    alice = onboarded.token.with_signer(dev_account(1))
    alice.transfer(BOB, 100)
    alice.transfer(BOB, 50)
    with opened(database) as register:
        first = sync(web3, onboarded, register)
        followed = register.suite(onboarded.chain_id, onboarded.token.address)
        assert register.balances_at(followed, first.synced_block) == {ALICE: 850, BOB: 150}

        web3.provider.make_request("evm_revert", [snapshot])
        alice.transfer(BOB, 30)
        web3.provider.make_request("anvil_mine", [3])
        assert web3.eth.block_number > first.synced_block

        report = sync(web3, onboarded, register)
        assert report.reorg is not None and report.reorg.common_block == fork
        assert report.reorg.events_undone == 2 and report.events == 1
        head = web3.eth.block_number
        assert register.balances_at(followed, head) == {ALICE: 970, BOB: 30}
        assert register.balances_at(followed, fork) == {ALICE: 1_000}
        assert verify(web3, onboarded, register).ok
        assert sync(web3, onboarded, register).reorg is None


def test_an_investor_type_set_in_a_replaced_block_is_undone(web3, onboarded, database):
    onboarded.token.mint(ALICE, 1_000)
    onboarded.registry.set_investor_type(ALICE, "entity")
    tip = web3.eth.block_number
    with opened(database) as register:
        sync(web3, onboarded, register)
        followed = register.suite(onboarded.chain_id, onboarded.token.address)
        assert list(register.investor_types_at(followed, tip).values()) == [1]

        web3.provider.make_request("anvil_reorg", [1, []])
        report = sync(web3, onboarded, register)
        assert report.reorg == Reorg(synced_block=tip, common_block=tip - 1, events_undone=1)
        assert register.investor_types_at(followed, tip) == {}
        assert [h.investor_type for h in cap_table_at(register, followed, tip).holdings] == [0]
        assert verify(web3, onboarded, register).ok
