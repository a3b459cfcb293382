"""The register: a suite's holders, freezes, investors and events in a database (SQLite by default, a
file under ``.sectoken/``; PostgreSQL by URL), kept in step with the chain.

- :func:`sync` follows the suite's events into the database: incremental, idempotent and safe against
  reorganisations (see :mod:`sectoken.register.sync`).
- :func:`verify` reconciles it with the chain at the synced block (:mod:`sectoken.register.verify`).
- :func:`cap_table_at` and :class:`RegisterSource` answer from it (:mod:`sectoken.register.views`).

The schema is in :mod:`sectoken.register.schema`; Alembic migrations bring any database to it when the
register is opened.

Example:
    >>> with Register.open() as register:              # .sectoken/register.sqlite
    ...     sync(w3, suite, register, confirmations=3)
    ...     report = verify(w3, suite, register)
    ...     assert report.ok, report.differences
"""

from sectoken.register.store import (
    DEFAULT_DATABASE,
    FollowedSuite,
    Investor,
    Register,
    RegisterError,
    default_url,
)
from sectoken.register.sync import FOLLOWED, Reorg, SyncReport, sync
from sectoken.register.verify import Difference, VerifyReport, verify
from sectoken.register.views import RegisterSource, SuiteEvents, cap_table_at, read_cap_table, read_events

__all__ = [
    "DEFAULT_DATABASE",
    "FOLLOWED",
    "Difference",
    "FollowedSuite",
    "Investor",
    "Register",
    "RegisterError",
    "RegisterSource",
    "Reorg",
    "SuiteEvents",
    "SyncReport",
    "VerifyReport",
    "cap_table_at",
    "default_url",
    "read_cap_table",
    "read_events",
    "sync",
    "verify",
]
