"""The rule packs are plain data and Python: no chain."""

from tests.chainless import isolation  # noqa: F401  (no chain snapshot around these tests)
