"""Migrations never lose a row: a store filled at the previous head, upgraded, holds every row it held.

The old store is made at the previous head on the same database as the test (SQLite file or a new
PostgreSQL database) and filled with every row of the demo store (the tables and columns that
revision has), plus accounts; then every table is counted, the store upgraded to head, and counted
again. Each revision's own data step is checked from the revision before it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from alembic import command
from sqlalchemy import MetaData, func, insert, select, text
from sqlalchemy.engine import Engine

from qmi.db import make_engine
from qmi.models import CRITERIA, metadata
from qmi.store.bootstrap import alembic_config

PREVIOUS_HEAD = "0002"
CREATED = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.fixture
def old_store(request, db_backend) -> Iterator[Engine]:
    """An empty store at the previous head, on the test's database."""
    yield from _store_at(request, PREVIOUS_HEAD)


@pytest.fixture
def store_0001(request, db_backend) -> Iterator[Engine]:
    yield from _store_at(request, "0001")


def _store_at(request, revision: str) -> Iterator[Engine]:
    db_backend, tmp_path = request.getfixturevalue("db_backend"), request.getfixturevalue("tmp_path")
    if db_backend == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
        name = None
    else:
        server = request.getfixturevalue("postgres_server")
        name = server.create_database()
        engine = make_engine(server.url(name))
    _alembic(engine, "upgrade", revision)
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
            if table.name not in old.tables:
                continue
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
    """Rows per table of the store (the tables its revision has)."""
    present = MetaData()
    present.reflect(engine)
    with engine.connect() as connection:
        return {t.name: connection.execute(select(func.count()).select_from(t)).scalar_one()
                for t in metadata.sorted_tables if t.name in present.tables}


def _shown_pairs(engine: Engine) -> int:
    """Experiment × indicator pairs with a value in force and approved (0010 sums each up in a row)."""
    with engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM (SELECT DISTINCT project_id, indicator_code FROM measurement "
                                       "WHERE state = 'active' AND review_state = 'approuvee') pairs")).scalar_one()


STATUSES = ("SELECT id, deployment_level, abandoned, status_source, status_is_demo FROM project "
            "WHERE deployment_level IS NOT NULL OR abandoned ORDER BY id")


def test_upgrading_a_filled_store_keeps_every_row(demo_engine, old_store):
    _fill_from(demo_engine, old_store)
    before = _counts(old_store)
    assert before["measurement"] > 0 and before["assessment"] > 0 and before["user"] >= 2
    with old_store.connect() as connection:
        statuses = [tuple(r) for r in connection.execute(text(STATUSES))]
    assert len(statuses) == before["project"] == 30  # every experiment of the demo store has a status
    with old_store.connect() as connection:  # 0008_review approves every value: each pair in force is shown
        shown_pairs = connection.execute(text("SELECT count(*) FROM (SELECT DISTINCT project_id, indicator_code "
                                              "FROM measurement WHERE state = 'active') pairs")).scalar_one()
    _alembic(old_store, "upgrade", "head")
    # Every row kept; each status now also the first entry of its experiment's timeline.
    # 0004_assessor_scores: each assessment also one submitted assessor score. 0009_scopes: no scope moved yet.
    # 0010_indicator_latest: one summary per experiment × indicator with a shown value.
    assert _counts(old_store) == before | {"statuschange": len(statuses), "fieldedit": 0, "fieldevidence": 0, "lesson": 0,
                                           "assessorscore": before["assessment"], "transfer": 0, "transferstep": 0,
                                           "store_scope": 0, "indicator_latest": shown_pairs}
    assert shown_pairs > 50
    with old_store.connect() as connection:
        kept = connection.execute(text('SELECT username, session_version, failed_attempts FROM "user" '
                                       "WHERE id IN (9001, 9002) ORDER BY id")).all()
        still = [tuple(r) for r in connection.execute(text(STATUSES))]
        entries = [tuple(r) for r in connection.execute(text(
            "SELECT project_id, deployment_level, abandoned, source, is_demo, changed_on, date_precision "
            "FROM statuschange ORDER BY project_id"))]
        fresh = connection.execute(text("SELECT count(*) FROM project WHERE NOT archived AND version = 1")).scalar_one()
    assert [tuple(r) for r in kept] == [("Staff1", 0, 0), ("agent.old", 0, 2)]
    assert still == statuses and fresh == before["project"]
    assert [e[:5] for e in entries] == [(p, lvl, ab, src, demo) for p, lvl, ab, src, demo in statuses]
    dates = {bool(e[4]): (str(e[5]), e[6]) for e in entries}
    assert dates == {True: ("2024-03-01", "day"), False: ("2025-01-01", "year")}


@pytest.fixture
def store_0003(request, db_backend) -> Iterator[Engine]:
    yield from _store_at(request, "0003")


ASSESSMENTS = ("SELECT id, project_id, assessed_on, deployment, commercial_traction, industrialisation, "
               "operational_ease, financial_stability, assessor, comment, is_demo, created_by_id FROM assessment ORDER BY id")


def test_each_assessment_becomes_one_submitted_assessor_score_and_its_index_is_unchanged(demo_engine, store_0003):
    _fill_from(demo_engine, store_0003)
    with store_0003.begin() as connection:
        connection.execute(text("UPDATE assessment SET created_by_id = 9001 WHERE id = 1"))
        # The demo store's means of two assessors (0.5) are whole scores in a store of 0003's time.
        connection.execute(text("UPDATE assessment SET " + ", ".join(
            f"{c} = CAST(ROUND({c}) AS INTEGER)" for c in CRITERIA)))
        old = [tuple(r) for r in connection.execute(text(ASSESSMENTS))]
    before = _counts(store_0003)
    assert before["assessment"] == len(old) > 0
    _alembic(store_0003, "upgrade", "head")
    assert _counts(store_0003) == before | {"assessorscore": len(old), "fieldevidence": 0, "lesson": 0, "transfer": 0,
                                            "transferstep": 0, "store_scope": 0,
                                            "indicator_latest": _shown_pairs(store_0003)}
    with store_0003.connect() as connection:
        kept = [tuple(r) for r in connection.execute(text(ASSESSMENTS))]
        scores = [tuple(r) for r in connection.execute(text(
            "SELECT assessment_id, deployment, commercial_traction, industrialisation, operational_ease, "
            "financial_stability, assessor, kind, comment, is_demo, user_id, submitted_at IS NOT NULL "
            "FROM assessorscore ORDER BY assessment_id"))]
        counts = connection.execute(text("SELECT DISTINCT assessor_count FROM assessment")).scalars().all()
        consolidated = connection.execute(text(
            "SELECT count(*) FROM assessment WHERE consolidated_at IS NOT NULL")).scalar_one()
        flagged = connection.execute(text('SELECT count(*) FROM "user" WHERE is_assessor')).scalar_one()
    assert kept == old  # the same scores (as reals, equal), names, comments, demo flags
    assert [(*r[:-1], bool(r[-1])) for r in scores] == [
        (a[0], *a[3:8], a[8], "paris_co", a[9], a[10], a[11], True) for a in old]
    assert counts == [1] and consolidated == 0 and flagged == 0


def test_names_differing_only_by_case_are_kept_the_later_renamed(demo_engine, store_0001):
    old_store = store_0001
    _fill_from(demo_engine, old_store)
    with old_store.begin() as connection:
        connection.execute(text("INSERT INTO \"user\" (id, username, display_name, password_hash, role, is_active, "
                                "failed_attempts, created_at) VALUES (9003, 'staff1', '', '-', 'staff', true, 0, "
                                "CURRENT_TIMESTAMP)"))
    before = _counts(old_store)
    _alembic(old_store, "upgrade", "0002")
    after = _counts(old_store)
    assert after == before | {"auditlog": before["auditlog"] + 1}  # every row kept; the renaming is logged
    with old_store.connect() as connection:
        names = connection.execute(text('SELECT id, username FROM "user" WHERE id IN (9001, 9003) ORDER BY id')).all()
        logged = connection.execute(text("SELECT entity_id, action FROM auditlog WHERE action = 'user.rename'")).all()
    assert [tuple(r) for r in names] == [(9001, "Staff1"), (9003, "staff1.9003")]
    assert [tuple(r) for r in logged] == [("9003", "user.rename")]


def test_the_migrations_build_the_schema_the_models_define(old_store):
    """A column, table or constraint added to the models without its revision is reported here."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    _alembic(old_store, "upgrade", "head")
    with old_store.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    # Reflection cannot read the expression index on lower(username) back; 0002 creates it.
    differences = [d for d in differences if not (d[0] == "add_index" and d[1].name == "uq_user_username_lower")]
    assert differences == []


@pytest.fixture
def store_0006(request, db_backend) -> Iterator[Engine]:
    yield from _store_at(request, "0006_transfers")


def test_0007_gives_every_protocol_indicator_a_quarterly_periodicity_marked_default_unless_demo(demo_engine, store_0006):
    _fill_from(demo_engine, store_0006)
    with store_0006.begin() as connection:
        connection.execute(text("UPDATE protocolindicator SET is_demo = false WHERE id = 1"))
    before = _counts(store_0006)
    _alembic(store_0006, "upgrade", "head")
    # 0009_scopes: no scope moved yet; 0010_indicator_latest: one summary per pair with a shown value.
    assert _counts(store_0006) == before | {"store_scope": 0, "indicator_latest": _shown_pairs(store_0006)}
    with store_0006.connect() as connection:
        rows = connection.execute(text("SELECT id, is_demo, periodicity, availability_lag_days, periodicity_is_default "
                                       "FROM protocolindicator ORDER BY id")).all()
    assert len(rows) == before["protocolindicator"] > 1
    with demo_engine.connect() as connection:  # as a new demo store writes them
        fresh = dict(connection.execute(text("SELECT id, periodicity FROM protocolindicator WHERE is_demo")).all())
    assert {r[3] for r in rows} == {30}
    assert {r[0]: r[2] for r in rows if r[1]} == {i: p for i, p in fresh.items() if i != 1} and set(fresh.values()) == {"quarterly", "yearly"}
    assert all(bool(r[4]) is not bool(r[1]) for r in rows)  # a default on real rows, the demo set's own on demo rows
    assert (bool(rows[0][1]), rows[0][2], bool(rows[0][4])) == (False, "quarterly", True)


def test_every_existing_value_is_migrated_as_approved_by_migration_demo_flag_kept(demo_engine, store_0006):
    _fill_from(demo_engine, store_0006)
    with store_0006.begin() as connection:  # a corrected value: the new version names the old one
        old = connection.execute(text("SELECT id FROM measurement WHERE state = 'active' ORDER BY id")).scalar()
        connection.execute(text("UPDATE measurement SET state = 'superseded' WHERE id = :id"), {"id": old})
        connection.execute(text(
            "INSERT INTO measurement (project_id, indicator_code, period_start, value, comment, source, state, "
            "supersedes_id, entered_by, entered_at, is_demo) SELECT project_id, indicator_code, period_start, "
            "value + 1, '', '', 'active', id, 'agent', entered_at, false FROM measurement WHERE id = :id"), {"id": old})
    with store_0006.connect() as connection:
        before = [tuple(r) for r in connection.execute(text(
            "SELECT id, value, state, is_demo, supersedes_id FROM measurement ORDER BY id"))]
    assert len(before) > 0 and any(r[3] for r in before) and any(r[4] is not None for r in before)
    _alembic(store_0006, "upgrade", "head")
    with store_0006.connect() as connection:
        after = [tuple(r) for r in connection.execute(text(
            "SELECT id, value, state, is_demo, supersedes_id FROM measurement ORDER BY id"))]
        reviews = set(connection.execute(text(
            "SELECT review_state, reviewed_by, reviewed_at IS NOT NULL, version FROM measurement")).all())
        validators = connection.execute(text('SELECT count(*) FROM "user" WHERE is_validator')).scalar_one()
    assert after == before
    assert reviews == {("approuvee", "migration", True, 1)}
    assert validators == 0


@pytest.fixture
def store_0009(request, db_backend) -> Iterator[Engine]:
    yield from _store_at(request, "0009_scopes")


def test_0010_sums_up_the_shown_values_of_each_experiment_and_indicator(demo_engine, store_0009):
    """Waiting, returned, superseded and withdrawn values are not counted; the newest shown one is kept
    with its value and demo flag; the triggers then follow the writes after the upgrade."""
    from tests.unit.test_indicator_latest import recounted, summary

    _fill_from(demo_engine, store_0009)
    with store_0009.begin() as connection:
        pairs = connection.execute(text("SELECT id, project_id, indicator_code FROM measurement WHERE state = 'active' "
                                        "ORDER BY id LIMIT 3")).all()
        connection.execute(text("UPDATE measurement SET review_state = 'a_valider', reviewed_at = NULL, reviewed_by = NULL "
                                "WHERE id = :id"), {"id": pairs[0][0]})
        connection.execute(text("UPDATE measurement SET review_state = 'renvoyee', review_reason = 'Source ?' "
                                "WHERE id = :id"), {"id": pairs[1][0]})
        connection.execute(text("UPDATE measurement SET state = 'retracted', retracted_reason = 'Erreur' "
                                "WHERE id = :id"), {"id": pairs[2][0]})
    _alembic(store_0009, "upgrade", "head")
    rows = summary(store_0009)
    assert rows == recounted(store_0009) and len(rows) == _shown_pairs(store_0009) > 50
    assert not {r[3] for r in rows} & {p[0] for p in pairs}  # none of the three is anyone's newest shown value
    with store_0009.begin() as connection:
        connection.execute(text("DELETE FROM measurement WHERE id NOT IN (SELECT supersedes_id FROM measurement "
                                "WHERE supersedes_id IS NOT NULL) AND project_id = :p"), {"p": pairs[0][1]})
    assert summary(store_0009) == recounted(store_0009)
