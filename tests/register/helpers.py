"""Activity on the example suite for the register to follow, and comparisons with the chain."""

from alembic import command
from alembic.config import Config

from sectoken.captable import cap_table
from sectoken.register import Register
from sectoken.signers import dev_account
from sectoken.suite import Suite
from tests.register.conftest import ALICE, BOB, CAROL, DEPLOYER


def activity(suite: Suite) -> None:
    """Mints, transfers, a burn, freezes (partial and wallet), a forced transfer, a country change, alice's
    identity made an entity, and stablecoin mints and transfers."""
    token = suite.token
    token.mint(ALICE, 1_000)
    token.mint(BOB, 500)
    token.with_signer(dev_account(1)).transfer(BOB, 120)
    token.burn(BOB, 20)
    token.freeze_partial(ALICE, 300)
    token.unfreeze_partial(ALICE, 100)
    token.forced_transfer(ALICE, BOB, 50)
    token.set_address_frozen(BOB, True)
    suite.registry.update_country(CAROL, "US")
    suite.registry.set_investor_type(ALICE, "entity")
    assert suite.stablecoin is not None
    suite.stablecoin.mint(ALICE, 5_000_000)
    suite.stablecoin.with_signer(dev_account(1)).transfer(DEPLOYER, 1_000_000)


def chain_table(suite: Suite, block: int):
    return cap_table(suite.w3, suite.token.address, suite.registry.address, block=block,
                     from_block=suite.record.contracts["token"].block_number)


def same_table(mine, theirs) -> None:
    """Two cap tables hold the same positions, identities, countries, investor types and totals."""
    assert mine.block == theirs.block
    assert mine.holdings == theirs.holdings
    assert mine.by_country == theirs.by_country
    assert mine.total_supply == theirs.total_supply


def opened(url: str) -> Register:
    register = Register.open(url)
    assert register is not None
    return register


def downgrade(url: str, revision: str) -> None:
    """Take the register's schema back to ``revision``, as an earlier sectoken left it."""
    with opened(url) as register, register.engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", "sectoken.register:migrations")
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
