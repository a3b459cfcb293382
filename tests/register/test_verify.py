"""`register verify` compares every balance, frozen amount, identity, country and investor type, the
holder count and the supplies with the chain at the synced block, and names each difference."""

from sqlalchemy import update

from sectoken.register import Difference, sync, verify
from sectoken.register.schema import balances, freezes, investor_types
from tests.register.conftest import ALICE, BOB
from tests.register.helpers import activity, opened


def test_a_synced_register_matches_the_chain(web3, onboarded, database):
    activity(onboarded)
    with opened(database) as register:
        sync(web3, onboarded, register)
        report = verify(web3, onboarded, register)
    assert report.ok and report.differences == ()
    assert (report.block, report.holders, report.total_supply) == (web3.eth.block_number, 2, 1_480)
    assert report.wallets >= 4  # alice, bob, carol, the deployer (stablecoin) and the zero-free rest


def test_changes_after_the_synced_block_are_not_differences(web3, onboarded, tmp_path):
    onboarded.token.mint(ALICE, 10)
    with opened(f"sqlite:///{tmp_path / 'r.sqlite'}") as register:
        sync(web3, onboarded, register)
        onboarded.token.mint(BOB, 5)
        assert verify(web3, onboarded, register).ok


def test_every_disagreement_is_reported(web3, onboarded, database):
    activity(onboarded)
    with opened(database) as register:
        sync(web3, onboarded, register)
        followed = register.suite(onboarded.chain_id, onboarded.token.address)
        with register.writing() as connection:  # the register's copy goes wrong
            connection.execute(update(balances).where(balances.c.wallet == BOB, balances.c.asset == "token")
                               .values(balance=0))
            connection.execute(update(freezes).where(freezes.c.wallet == ALICE).values(tokens=7))
            connection.execute(update(investor_types).values(investor_type=0))  # alice's identity, an entity
        report = verify(web3, onboarded, register)
    assert not report.ok
    assert set(report.differences) == {
        Difference("balance", BOB, "0", "650"),
        Difference("frozen", ALICE, "7", "200"),
        Difference("investorType", ALICE, "0", "1"),
        Difference("totalSupply", None, "830", "1480"),
        Difference("holders", None, "1", "2"),
    }
    assert followed is not None
