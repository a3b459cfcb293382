"""`register sync`: every holding, freeze and investor of the suite follows the chain into the database,
incrementally and idempotently, and the cap table it answers is the chain's at any block."""

import json

from sectoken.register import cap_table_at, sync, verify
from sectoken.register.schema import balances
from sectoken.signers import dev_account
from tests.register.conftest import ALICE, BOB, CAROL
from tests.register.helpers import activity, chain_table, opened, same_table


def test_sync_records_holdings_freezes_and_investors_and_a_second_sync_changes_nothing(web3, onboarded, database):
    activity(onboarded)
    with opened(database) as register:
        report = sync(web3, onboarded, register)
        head = web3.eth.block_number
        assert report.synced_block == head and report.reorg is None and report.events > 20
        followed = register.suite(onboarded.chain_id, onboarded.token.address)
        assert register.balances_at(followed, head) == {ALICE: 830, BOB: 650}
        assert register.freezes_at(followed, head)[ALICE] == (200, False)
        assert register.freezes_at(followed, head)[BOB] == (0, True)
        assert register.investors_at(followed, head)[CAROL].country == 840
        assert register.balances_at(followed, head, "stablecoin")[ALICE] == 4_000_000
        names = {e["name"] for e in register.events(followed)}
        assert {"Transfer", "Frozen", "TokensFrozen", "TokensUnfrozen", "AddressFrozen", "ForcedTransfer",
                "IdentityStored", "CountryModified", "ClaimAdded", "IdentityRegistered", "Mint",
                "ReservesAttested"} <= names
        counts = register.counts(followed)

        again = sync(web3, onboarded, register)
        assert (again.from_block, again.events, again.synced_block) == (None, 0, head)
        assert register.counts(followed) == counts
        assert verify(web3, onboarded, register).ok


def test_sync_resumes_from_the_last_synced_block(web3, onboarded, database):
    onboarded.token.mint(ALICE, 1_000)
    with opened(database) as register:
        first = sync(web3, onboarded, register)
        onboarded.token.with_signer(dev_account(1)).transfer(BOB, 10)
        onboarded.token.with_signer(dev_account(1)).transfer(BOB, 15)
        second = sync(web3, onboarded, register)
        assert second.from_block == first.synced_block + 1
        assert second.events == 2 and second.synced_block == web3.eth.block_number
        followed = register.suite(onboarded.chain_id, onboarded.token.address)
        assert register.balances_at(followed, second.synced_block) == {ALICE: 975, BOB: 25}
        assert register.balances_at(followed, first.synced_block) == {ALICE: 1_000}


def test_blocks_without_the_confirmations_wait_for_a_later_sync(web3, onboarded, tmp_path):
    onboarded.token.mint(ALICE, 1_000)
    onboarded.token.mint(BOB, 7)
    with opened(f"sqlite:///{tmp_path / 'r.sqlite'}") as register:
        report = sync(web3, onboarded, register, confirmations=2)
        assert report.synced_block == web3.eth.block_number - 1
        followed = register.suite(onboarded.chain_id, onboarded.token.address)
        assert register.balances_at(followed, report.synced_block) == {ALICE: 1_000}  # bob's mint is not final


def test_cap_table_from_the_register_is_the_chains_at_every_block(web3, onboarded, database):
    start = web3.eth.block_number
    activity(onboarded)
    new_identity = "0x" + "ca" * 20
    onboarded.registry.update_identity(CAROL, new_identity)
    for topic in ("kyc", "accredited"):
        onboarded.storage.add_claim(new_identity, topic)
    onboarded.token.mint(CAROL, 30)
    with opened(database) as register:
        sync(web3, onboarded, register, page_blocks=3)  # pages smaller than the activity
        followed = register.suite(onboarded.chain_id, onboarded.token.address)
        for block in range(start, web3.eth.block_number + 1):
            same_table(cap_table_at(register, followed, block), chain_table(onboarded, block))
        table = cap_table_at(register, followed, web3.eth.block_number)
        assert table.source == "register" and json.loads(table.to_json())["source"] == "register"
        carol = next(h for h in table.holdings if h.wallet == CAROL)
        assert (carol.identity.lower(), carol.country, carol.balance) == (new_identity, 840, 30)


def test_uint256_amounts_are_kept_exactly(web3, onboarded, database):
    huge = 2**255 + 12345
    onboarded.token.mint(ALICE, 1)
    with opened(database) as register:
        sync(web3, onboarded, register)
        followed = register.suite(onboarded.chain_id, onboarded.token.address)
        with register.writing() as connection:
            connection.execute(balances.insert(), [{"suite_id": followed.id, "asset": "test", "wallet": BOB,
                                                    "position": 1, "balance": huge}])
        assert register.balances_at(followed, web3.eth.block_number, "test") == {BOB: huge}
        assert register.balances_at(followed, web3.eth.block_number) == {ALICE: 1}


class _Stop(Exception):
    pass


def test_a_sync_cut_short_keeps_its_committed_pages_and_the_next_one_resumes(web3, onboarded, tmp_path):
    activity(onboarded)
    head = web3.eth.block_number

    def stop_after_the_first_page(done: int, total: int) -> None:
        raise _Stop

    with opened(f"sqlite:///{tmp_path / 'r.sqlite'}") as register:
        try:
            sync(web3, onboarded, register, page_blocks=4, progress=stop_after_the_first_page)
        except _Stop:
            pass
        followed = register.suite(onboarded.chain_id, onboarded.token.address)
        assert followed.synced_block == followed.start_block + 3
        resumed = sync(web3, onboarded, register, page_blocks=4)
        assert (resumed.from_block, resumed.synced_block) == (followed.start_block + 4, head)
        assert verify(web3, onboarded, register).ok
        assert register.balances_at(followed, head) == {ALICE: 830, BOB: 650}
