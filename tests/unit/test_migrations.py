"""Migrations never lose a row: a store filled at the previous head, upgraded, holds every row it held.

The old store is made at revision 0001 on the same database as the test (SQLite file or a new
PostgreSQL database) and filled with every row of the demo store (the columns 0001 has), plus
accounts and assessments; then every table is counted, the store upgraded to head, and counted again.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from alembic import command
from sqlalchemy import MetaData, func, insert, select, text
from sqlalchemy.engine import Engine

from qmi.db import make_engine
from qmi.models import metadata
from qmi.store.bootstrap import alembic_config

PREVIOUS_HEAD = "0001"
CREATED = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.fixture
def old_store(request, db_backend, tmp_path) -> Iterator[Engine]:
    """An empty store at the previous head, on the test's database."""
    if db_backend == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
        name = None
    else:
        server = request.getfixturevalue("postgres_server")
        name = server.create_database()
        engine = make_engine(server.url(name))
    _alembic(engine, "upgrade", PREVIOUS_HEAD)
    yield engine
    engine.dispose()
    if name is not None:
        server.drop_database(name)


def _alembic(engine: Engine, action: str, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)


def _fill_from(source: Engine, target: Engine) -> None:
    """Every row of ``source`` into ``target`` (the columns the target's schema has), parents first."""
    old = MetaData()
    old.reflect(target)
    with source.connect() as reading, target.begin() as writing:
        for table in metadata.sorted_tables:
            columns = [c.name for c in old.tables[table.name].columns]
            rows = [dict(r._mapping) for r in reading.execute(
                select(*(table.c[c] for c in columns)).order_by(*table.primary_key.columns))]
            if rows:
                writing.execute(insert(old.tables[table.name]), rows)
        users = old.tables["user"]
        writing.execute(insert(users), [
            {"id": 9001, "username": "Staff1", "display_name": "", "password_hash": "-", "role": "staff",
             "is_active": True, "failed_attempts": 0, "created_at": CREATED},
            {"id": 9002, "username": "agent.old", "display_name": "", "password_hash": "-", "role": "viewer",
             "is_active": True, "failed_attempts": 2, "created_at": CREATED},
        ])
        if writing.dialect.name == "postgresql":  # rows came with their ids: move the sequences past them
            for table in old.tables.values():
                if "id" in table.c and table.c.id.autoincrement is not False:
                    writing.execute(text(f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                                         f"(SELECT coalesce(max(id), 0) + 1 FROM \"{table.name}\"), false) "
                                         f"WHERE pg_get_serial_sequence('\"{table.name}\"', 'id') IS NOT NULL"))


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {t.name: connection.execute(select(func.count()).select_from(t)).scalar_one()
                for t in metadata.sorted_tables}


def test_upgrading_a_filled_store_keeps_every_row(demo_engine, old_store):
    _fill_from(demo_engine, old_store)
    before = _counts(old_store)
    assert before["measurement"] > 0 and before["assessment"] > 0 and before["user"] >= 2
    _alembic(old_store, "upgrade", "head")
    assert _counts(old_store) == before
    with old_store.connect() as connection:
        kept = connection.execute(text('SELECT username, session_version, failed_attempts FROM "user" '
                                       "WHERE id IN (9001, 9002) ORDER BY id")).all()
        keys = connection.execute(text("SELECT count(*) FROM assessment WHERE submission_key IS NULL")).scalar_one()
    assert [tuple(r) for r in kept] == [("Staff1", 0, 0), ("agent.old", 0, 2)]
    assert keys == before["assessment"]


def test_names_differing_only_by_case_are_kept_the_later_renamed(demo_engine, old_store):
    _fill_from(demo_engine, old_store)
    with old_store.begin() as connection:
        connection.execute(text("INSERT INTO \"user\" (id, username, display_name, password_hash, role, is_active, "
                                "failed_attempts, created_at) VALUES (9003, 'staff1', '', '-', 'staff', true, 0, "
                                "CURRENT_TIMESTAMP)"))
    before = _counts(old_store)
    _alembic(old_store, "upgrade", "head")
    after = _counts(old_store)
    assert after == before | {"auditlog": before["auditlog"] + 1}  # every row kept; the renaming is logged
    with old_store.connect() as connection:
        names = connection.execute(text('SELECT id, username FROM "user" WHERE id IN (9001, 9003) ORDER BY id')).all()
        logged = connection.execute(text("SELECT entity_id, action FROM auditlog WHERE action = 'user.rename'")).all()
    assert [tuple(r) for r in names] == [(9001, "Staff1"), (9003, "staff1.9003")]
    assert [tuple(r) for r in logged] == [("9003", "user.rename")]
