"""The register's database: opening it (SQLite by default, PostgreSQL by URL), migrating it, and
reading the state it holds at any synced block.

Example:
    >>> register = Register.open("sqlite:///.sectoken/register.sqlite")
    >>> followed = register.suite(31337, token_address)
    >>> register.balances_at(followed, block=120)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

from sqlalchemy import Connection, Engine, Table, and_, create_engine, delete, event, func, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, OperationalError, SQLAlchemyError

from sectoken.errors import ConfigError, SectokenError
from sectoken.networks import STATE_DIR
from sectoken.register.schema import (
    backfills,
    balances,
    blocks,
    events,
    freezes,
    investor_types,
    investors,
    position,
    suites,
)

__all__ = [
    "DEFAULT_DATABASE",
    "FollowedSuite",
    "Investor",
    "Register",
    "RegisterError",
    "backfill_pending",
    "default_url",
    "migrate",
    "safe_url",
]

#: The default database: a SQLite file in the state folder.
DEFAULT_DATABASE = Path(STATE_DIR) / "register.sqlite"

ZERO = "0x0000000000000000000000000000000000000000"


class RegisterError(SectokenError, RuntimeError):
    """The register's database could not be opened, read or written."""


def default_url(path: Path = DEFAULT_DATABASE) -> str:
    """The SQLAlchemy URL of the default SQLite register (``.sectoken/register.sqlite``)."""
    return f"sqlite:///{path}"


def safe_url(url: str) -> str:
    """``url`` with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparsable database URL>"


@dataclass(frozen=True)
class FollowedSuite:
    """A suite the register follows, and how far.

    Attributes:
        id: Its row id.
        chain_id: The chain.
        name: The suite's name.
        token: The security token's address (what identifies the suite on its chain).
        symbol: The token's symbol.
        decimals: The token's decimals.
        start_block: The first block followed (the suite's first deployment block).
        synced_block: The last block synced (``None``: nothing yet).
        synced_hash: Its hash.
        backfills: Events the register follows since a later version than the one that synced the suite,
            still to be read, each with the last block to read them in (``(name, to_block)`` pairs; the
            next sync reads them first). Until then the register does not answer for the state they make.
    """

    id: int
    chain_id: int
    name: str
    token: str
    symbol: str
    decimals: int
    start_block: int
    synced_block: int | None
    synced_hash: str | None
    backfills: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Investor:
    """A wallet's entry in the identity registry at some block (zero identity: not registered)."""

    identity: str
    country: int


def backfill_pending(followed: FollowedSuite) -> str:
    """What a reader is told while ``followed`` has backfills pending (:attr:`FollowedSuite.backfills`)."""
    names = ", ".join(name for name, _ in followed.backfills)
    return (f"The register of suite '{followed.name}' has not read its {names} events yet (it was synced by an "
            "earlier sectoken): run `sectoken register sync`.")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def migrate(connection: Connection) -> None:
    """Bring the database on ``connection`` to the newest schema (Alembic ``upgrade head``)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "sectoken.register:migrations")
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


class Register:
    """The register: a database of followed suites' events and the state they make.

    Use :meth:`open`. Reads take a :class:`FollowedSuite` and a block; writes happen in :meth:`writing`
    transactions (the sync's).
    """

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    @classmethod
    def open(cls, url: str | None = None, *, create: bool = True) -> Register | None:
        """Open (and migrate) the register at ``url``.

        Args:
            url: A SQLAlchemy URL (``sqlite:///file``, ``postgresql://user@host/db``); default: the SQLite
                file ``.sectoken/register.sqlite``. ``postgresql://`` uses psycopg 3.
            create: Create a missing SQLite file (else return ``None`` for it).

        Returns:
            The register, or ``None`` when ``create`` is false and the SQLite file does not exist.

        Raises:
            ConfigError: the URL is not a database URL sectoken supports.
            RegisterError: the database cannot be reached or migrated.
        """
        text = url or default_url()
        try:
            parsed = make_url(text)
        except ArgumentError:
            raise ConfigError(
                f"{safe_url(text)} is not a database URL: give sqlite:///FILE or postgresql://USER@HOST/DB."
            ) from None
        backend = parsed.get_backend_name()
        if backend == "postgresql" and parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        elif backend == "sqlite":
            database = parsed.database or ""
            if not database or database == ":memory:":
                raise ConfigError("The register needs a SQLite file (sqlite:///FILE), not an in-memory database.")
            path = Path(database)
            if not path.exists():
                if not create:
                    return None
                path.parent.mkdir(parents=True, exist_ok=True)
        else:
            raise ConfigError(
                f"Unsupported register database {safe_url(text)}: use sqlite:///FILE or postgresql://USER@HOST/DB."
            )
        try:
            engine = create_engine(parsed)
        except (ArgumentError, NoSuchModuleError, ImportError) as error:
            raise ConfigError(f"Cannot use {safe_url(text)}: {error}") from None
        if backend == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        try:
            with engine.begin() as connection:
                migrate(connection)
        except SQLAlchemyError as error:
            engine.dispose()
            raise RegisterError(f"Cannot open the register at {safe_url(text)}: {_reason(error)}") from None
        return cls(engine, text)

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One transaction: committed if the block ends normally, rolled back on any error.

        Raises:
            RegisterError: the database refused the write.
        """
        try:
            with self.engine.begin() as connection:
                yield connection
        except IntegrityError as error:
            raise RegisterError(
                f"The register at {safe_url(self.url)} refused a write ({_reason(error)}): is another sync of "
                "the same suite running? Run the sync again when it is done."
            ) from None
        except OperationalError as error:
            raise RegisterError(f"The register at {safe_url(self.url)} refused a write: {_reason(error)}") from None

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reads."""
        try:
            with self.engine.connect() as connection:
                yield connection
        except OperationalError as error:
            raise RegisterError(f"Cannot read the register at {safe_url(self.url)}: {_reason(error)}") from None

    # -- suites -----------------------------------------------------------------------------------------

    def suite(self, chain_id: int, token: str, connection: Connection | None = None) -> FollowedSuite | None:
        """The followed suite whose token is ``token`` on ``chain_id``, or ``None``."""
        if connection is None:
            with self.reading() as c:
                return self.suite(chain_id, token, c)
        query = select(suites).where(suites.c.chain_id == chain_id, suites.c.token == token)
        row = connection.execute(query).mappings().first()
        if row is None:
            return None
        pending = connection.execute(
            select(backfills.c.event, backfills.c.to_block).where(backfills.c.suite_id == row["id"])
            .order_by(backfills.c.event)
        )
        return FollowedSuite(**row, backfills=tuple((str(r.event), int(r.to_block)) for r in pending))

    def follow(
        self, connection: Connection, *, chain_id: int, name: str, token: str, symbol: str, decimals: int,
        start_block: int,
    ) -> FollowedSuite:
        """Start following a suite (nothing synced yet) and return it."""
        connection.execute(
            suites.insert().values(
                chain_id=chain_id, name=name, token=token, symbol=symbol, decimals=decimals, start_block=start_block,
            )
        )
        followed = self.suite(chain_id, token, connection)
        assert followed is not None
        return followed

    def insert_many(self, connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
        """Insert ``rows`` (all with the same keys) in one ``executemany`` of the driver: the statement is
        compiled once and each value converted by its column's type, without SQLAlchemy's per-row
        parameter processing (most of the time of a large sync otherwise)."""
        keys = list(rows[0])
        dialect = connection.dialect
        compiled = table.insert().compile(dialect=dialect, column_keys=keys)
        convert = [table.c[key].type.bind_processor(dialect) for key in keys]
        converted = [
            tuple(value if process is None else process(value) for value, process in zip(row.values(), convert, strict=True))
            for row in rows
        ]
        if compiled.positional:
            order = [keys.index(name) for name in compiled.positiontup or ()]
            params: list[Any] = [tuple(row[i] for i in order) for row in converted]
        else:
            params = [dict(zip(keys, row, strict=True)) for row in converted]
        connection.exec_driver_sql(str(compiled), params)

    def set_synced(self, connection: Connection, suite_id: int, block: int | None, block_hash: str | None) -> None:
        """Record how far a suite is synced."""
        connection.execute(
            update(suites).where(suites.c.id == suite_id).values(synced_block=block, synced_hash=block_hash)
        )

    def backfilled(self, connection: Connection, suite_id: int, names: list[str]) -> None:
        """Record that the events ``names`` of a suite were read in the blocks it had synced before."""
        connection.execute(delete(backfills).where(backfills.c.suite_id == suite_id, backfills.c.event.in_(names)))

    def stored_blocks(self, connection: Connection, suite_id: int, below: int, limit: int) -> list[tuple[int, str]]:
        """Up to ``limit`` stored block hashes at or below ``below``, newest first."""
        rows = connection.execute(
            select(blocks.c.number, blocks.c.hash)
            .where(blocks.c.suite_id == suite_id, blocks.c.number <= below)
            .order_by(blocks.c.number.desc())
            .limit(limit)
        )
        return [(int(row.number), str(row.hash)) for row in rows]

    def undo_after(self, connection: Connection, suite_id: int, block: int) -> int:
        """Delete everything a suite's register holds above ``block``; return the events deleted."""
        first = position(block + 1)
        deleted = connection.execute(
            delete(events).where(events.c.suite_id == suite_id, events.c.position >= first)
        ).rowcount
        for table in (balances, freezes, investors, investor_types):
            connection.execute(delete(table).where(table.c.suite_id == suite_id, table.c.position >= first))
        connection.execute(delete(blocks).where(blocks.c.suite_id == suite_id, blocks.c.number > block))
        connection.execute(  # the blocks above are read again: by the sync, with every event it follows
            update(backfills).where(backfills.c.suite_id == suite_id, backfills.c.to_block > block)
            .values(to_block=block)
        )
        return int(deleted or 0)

    # -- state at a block -------------------------------------------------------------------------------

    def _latest(self, table: Any, suite_id: int, block: int, *where: Any, key: str = "wallet") -> Any:
        """The last row of each ``key`` (a wallet, or an identity) in ``table`` at or before ``block``."""
        column = table.c[key]
        last = (
            select(column, func.max(table.c.position).label("position"))
            .where(table.c.suite_id == suite_id, table.c.position < position(block + 1), *where)
            .group_by(column)
            .subquery()
        )
        return (
            select(table)
            .join(last, and_(column == last.c[key], table.c.position == last.c.position))
            .where(table.c.suite_id == suite_id, *where)
        )

    def balances_at(self, suite: FollowedSuite, block: int, asset: str = "token") -> dict[str, int]:
        """Non-zero balances of ``asset`` (``"token"`` or ``"stablecoin"``) at the end of ``block``, in
        ascending address order."""
        query = self._latest(balances, suite.id, block, balances.c.asset == asset)
        with self.reading() as connection:
            rows = connection.execute(query).mappings().all()
        found = {str(row["wallet"]): int(row["balance"]) for row in rows if row["balance"]}
        return {wallet: found[wallet] for wallet in sorted(found, key=_numeric)}

    def investors_at(self, suite: FollowedSuite, block: int) -> dict[str, Investor]:
        """Each wallet the registry storage ever held, with its identity and country at ``block``."""
        with self.reading() as connection:
            rows = connection.execute(self._latest(investors, suite.id, block)).mappings().all()
        return {str(row["wallet"]): Investor(str(row["identity"]), int(row["country"])) for row in rows}

    def investor_types_at(self, suite: FollowedSuite, block: int) -> dict[str, int]:
        """The investor type at ``block`` (0 an individual, 1 an entity) of each identity whose type was ever
        set; any other identity is an individual."""
        with self.reading() as connection:
            rows = connection.execute(self._latest(investor_types, suite.id, block, key="identity")).mappings().all()
        return {str(row["identity"]): int(row["investor_type"]) for row in rows}

    def freezes_at(self, suite: FollowedSuite, block: int) -> dict[str, tuple[int, bool]]:
        """Each wallet with freeze history: its frozen amount and wallet freeze at ``block``."""
        with self.reading() as connection:
            rows = connection.execute(self._latest(freezes, suite.id, block)).mappings().all()
        return {str(row["wallet"]): (int(row["tokens"]), bool(row["wallet_frozen"])) for row in rows}

    def wallets(self, suite: FollowedSuite) -> list[str]:
        """Every wallet the register has a balance, freeze or registry row for."""
        found: set[str] = set()
        with self.reading() as connection:
            for table in (balances, freezes, investors):
                found.update(str(w) for (w,) in connection.execute(
                    select(table.c.wallet).where(table.c.suite_id == suite.id).distinct()
                ))
        return sorted(found, key=_numeric)

    def events(self, suite: FollowedSuite, names: tuple[str, ...] = (), *, until: int | None = None) -> list[dict[str, Any]]:
        """The followed events (optionally only ``names``, up to block ``until``), oldest first."""
        query = select(events).where(events.c.suite_id == suite.id).order_by(events.c.position)
        if names:
            query = query.where(events.c.name.in_(names))
        if until is not None:
            query = query.where(events.c.position < position(until + 1))
        with self.reading() as connection:
            return [dict(row) for row in connection.execute(query).mappings()]

    def counts(self, suite: FollowedSuite) -> Mapping[str, int]:
        """Rows per table for ``suite``."""
        with self.reading() as connection:
            return {
                table.name: int(connection.execute(
                    select(func.count()).select_from(table).where(table.c.suite_id == suite.id)
                ).scalar_one())
                for table in (events, balances, freezes, investors, investor_types, blocks)
            }


def _numeric(address: str) -> int:
    return int(address, 16)


def _reason(error: SQLAlchemyError) -> str:
    original = getattr(error, "orig", None)
    return " ".join(str(original or error).split())[:300]

