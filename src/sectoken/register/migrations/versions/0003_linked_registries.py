"""Investor types set through any registry sharing the storage: the storage's ``IdentityRegistryBound`` and
``IdentityRegistryUnbound`` events, and the ``InvestorTypeUpdated`` of every registry while it is bound to
the suite's storage (events of source ``linkedRegistry``), not only the suite's own registry's.

No table changes: which registries are bound at a block follows from the binding events kept in
``events``. A suite synced to some block before this revision read neither: it gets the
``InvestorTypeUpdated`` backfill up to its synced block (unless it has it already, from 0002), and its next
sync reads the bindings and every bound registry's type changes there first, keeping the ones it holds
(see :data:`sectoken.register.sync.BACKFILLED`).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Schedule the backfill of every suite synced so far that has none pending."""
    op.execute(
        "INSERT INTO backfills (suite_id, event, to_block) "
        "SELECT id, 'InvestorTypeUpdated', synced_block FROM suites WHERE synced_block IS NOT NULL "
        "AND id NOT IN (SELECT suite_id FROM backfills WHERE event = 'InvestorTypeUpdated')"
    )


def downgrade() -> None:
    """Forget what only this revision reads: the binding events, and the other registries' type changes
    with the investor types they made (the suite's own registry's stay, as 0002 keeps them)."""
    op.execute(
        "DELETE FROM investor_types WHERE EXISTS (SELECT 1 FROM events WHERE events.suite_id = "
        "investor_types.suite_id AND events.position = investor_types.position AND events.source = 'linkedRegistry')"
    )
    op.execute(
        "DELETE FROM events WHERE source = 'linkedRegistry' "
        "OR name IN ('IdentityRegistryBound', 'IdentityRegistryUnbound')"
    )
