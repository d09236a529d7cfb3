"""Alembic environment: the metadata is qmi.models; the URL comes from QMI settings."""

from alembic import context
from sqlalchemy.engine import Connection

from qmi import models  # noqa: F401  (registers the tables)
from qmi.config import get_settings
from qmi.db import engine_for

target_metadata = models.metadata
DOWNGRADE_CONFIRMED = "qmi_downgrade_confirmed"  # set by qmi.store.backup.downgrade, after its backup


def _refuse_unconfirmed_downgrade() -> None:
    """`alembic downgrade` drops tables and their rows: only through `python -m qmi downgrade --yes`."""
    options = context.config.cmd_opts
    command = getattr(options, "cmd", None)
    if command and command[0].__name__ == "downgrade" and not context.config.attributes.get(DOWNGRADE_CONFIRMED):
        raise SystemExit("Refusé : revenir en arrière supprime des tables et leurs données. Utilisez "
                         "`python -m qmi downgrade --yes`, qui fait d'abord une sauvegarde.")


_refuse_unconfirmed_downgrade()


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
