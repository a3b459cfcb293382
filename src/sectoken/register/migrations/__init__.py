"""Alembic migrations of the register's database (run by :func:`sectoken.register.store.migrate`)."""
