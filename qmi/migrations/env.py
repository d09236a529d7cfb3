"""Alembic environment: the metadata is qmi.models; the URL comes from QMI settings."""

from alembic import context
from sqlalchemy.engine import Connection

from qmi import models  # noqa: F401  (registers the tables)
from qmi.config import get_settings
from qmi.db import engine_for

target_metadata = models.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    with engine_for(get_settings().database_url).connect() as conn:
        _run(conn)
        conn.commit()
