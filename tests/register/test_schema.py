"""The Alembic migrations build exactly the schema the code declares, on SQLite and PostgreSQL, and
opening a register twice migrates nothing twice."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from sectoken.register.schema import metadata
from tests.chainless import isolation  # noqa: F401 - no chain snapshot: these tests use no chain
from tests.register.helpers import opened


def test_the_migrated_database_is_the_declared_schema(database):
    with opened(database) as register, register.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []
        assert MigrationContext.configure(connection).get_current_revision() == "0003"


def test_opening_again_keeps_the_data(database):
    with opened(database) as register, register.writing() as connection:
        register.follow(connection, chain_id=1, name="s", token="0x" + "11" * 20, symbol="S", decimals=0,
                        start_block=5)
    with opened(database) as register:
        assert register.suite(1, "0x" + "11" * 20).start_block == 5
        assert {"suites", "blocks", "events", "balances", "freezes", "investors", "investor_types", "backfills",
            "alembic_version"} <= set(
            inspect(register.engine).get_table_names())
