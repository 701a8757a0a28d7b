"""Alembic environment: runs on the connection handed over by :func:`assistant.store.db.migrate`.

The same revision files serve SQLite and PostgreSQL; SQLite gets Alembic's batch mode for ALTERs.
"""

from alembic import context

from assistant.store.db import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
