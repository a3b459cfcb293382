"""Alembic's environment for the register: migrations run on the connection the caller hands over in
``config.attributes["connection"]`` (see :func:`sectoken.register.store.migrate`); nothing is read from an
``alembic.ini``."""

from __future__ import annotations

from alembic import context

from sectoken.register.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
