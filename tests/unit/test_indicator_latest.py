"""The summary of the shown values per experiment × indicator (``indicator_latest``, kept by the
database's triggers) says what the values say after every kind of write, on SQLite and PostgreSQL,
and the pages' counts read from it match a count over every value."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import and_, delete, func, insert, text
from sqlmodel import Session, select

from qmi.bench.concurrency import at_once
from qmi.models import IndicatorLatest, Measurement, Project
from qmi.queries import indicators as indicator_queries
from qmi.queries import shown
from qmi.services import imports, measurements, reviews
from tests.unit.store_rows import make_user

TODAY = date(2025, 6, 1)
SCEAUX = "92071"
NOW = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)

SUMMARY = ("project_id", "indicator_code", "shown_values", "measurement_id", "period_start", "value", "is_demo")


def summary(engine) -> set[tuple]:
    with engine.connect() as connection:
        return {tuple(r) for r in connection.execute(select(*(getattr(IndicatorLatest, c) for c in SUMMARY)))}


def recounted(engine) -> set[tuple]:
    """The summary counted again from every value by the rule the Python readers use (``shown.values``):
    the triggers write the rule in SQL, so a change of the rule without a new revision of them fails here."""
    counted = (select(Measurement.project_id, Measurement.indicator_code, func.count().label("n"),
                      func.max(Measurement.period_start).label("newest"))
               .where(shown.values()).group_by(Measurement.project_id, Measurement.indicator_code).subquery())
    statement = (select(Measurement.project_id, Measurement.indicator_code, counted.c.n, Measurement.id,
                        Measurement.period_start, Measurement.value, Measurement.is_demo)
                 .join(counted, and_(counted.c.project_id == Measurement.project_id,
                                     counted.c.indicator_code == Measurement.indicator_code,
                                     counted.c.newest == Measurement.period_start))
                 .where(shown.values()))
    with engine.connect() as connection:
        return {tuple(r) for r in connection.execute(statement)}


def pair(engine, project_id: int, code: str = "SOC-JOBS") -> tuple | None:
    """(shown values, newest period, its value) of one experiment × indicator in the summary."""
    with engine.connect() as connection:
        row = connection.execute(text("SELECT shown_values, period_start, value FROM indicator_latest "
                                      "WHERE project_id = :p AND indicator_code = :c"), {"p": project_id, "c": code}).first()
    return None if row is None else (row[0], str(row[1])[:10], row[2])


def kunagi(engine) -> int:
    with Session(engine) as session:
        return session.exec(select(Project.id).where(Project.slug == "kunagi")).one()


def entry(project_id, period, value):
    return {"project_id": project_id, "indicator_code": "SOC-JOBS", "period_start": period, "value": value}


def measured(engine, code: str = "SOC-JOBS") -> int:
    counts = indicator_queries.measured_in(engine)
    return int(counts.loc[counts["indicator_code"] == code, "measured"].sum())


def test_the_summary_follows_every_kind_of_write(engine):
    agent = make_user(engine, "agent.sceaux", "agent", SCEAUX)
    validator = make_user(engine, "valid.sceaux", "viewer", SCEAUX, validator=True)
    project = kunagi(engine)
    assert summary(engine) == recounted(engine)
    assert pair(engine, project) is None
    before = measured(engine)

    first = measurements.record(engine, agent, entry(project, "2024-03-01", "12"), today=TODAY)
    assert pair(engine, project) is None  # waiting for its review: not shown, not counted
    assert summary(engine) == recounted(engine)  # by shown.values' rule, which leaves it out too
    reviews.approve(engine, validator, first.id, version=first.version)
    assert pair(engine, project) == (1, "2024-03-01", 12.0)
    assert measured(engine) == before + 1  # Indicateurs: one more experiment measured

    second = measurements.record(engine, agent, entry(project, "2024-06-01", "15"), today=TODAY)
    reviews.approve(engine, validator, second.id, version=second.version)
    assert pair(engine, project) == (2, "2024-06-01", 15.0)

    proposal = measurements.correct(engine, agent, second.id, {"period_start": "2024-06-01", "value": "16"}, today=TODAY)
    assert pair(engine, project) == (2, "2024-06-01", 15.0)  # the approved value stays in force meanwhile
    reviews.approve(engine, validator, proposal.id, version=proposal.version)
    assert pair(engine, project) == (2, "2024-06-01", 16.0)

    asked = measurements.retract(engine, agent, proposal.id, "Compteur en panne")
    assert pair(engine, project) == (2, "2024-06-01", 16.0)  # a request, until approved
    reviews.approve(engine, validator, asked.id, version=asked.version)
    assert pair(engine, project) == (1, "2024-03-01", 12.0)  # withdrawn: the older value is the newest again

    returned = measurements.record(engine, agent, entry(project, "2024-09-01", "18"), today=TODAY)
    reviews.send_back(engine, validator, returned.id, "Source manquante", version=returned.version)
    assert pair(engine, project) == (1, "2024-03-01", 12.0)
    assert summary(engine) == recounted(engine)

    with engine.begin() as connection:  # as `demo remove` and the bench's clean-up delete values
        connection.execute(delete(Measurement).where(Measurement.project_id == project,
                                                     Measurement.indicator_code == "SOC-JOBS"))
    assert pair(engine, project) is None and measured(engine) == before
    assert summary(engine) == recounted(engine)


def test_an_imported_file_counts_once_its_batch_is_approved(engine):
    staff, validator = make_user(engine, "staff.import", "staff"), make_user(engine, "valid.import", "staff", validator=True)
    project = kunagi(engine)
    data = b"experimentation,indicateur,debut_periode,valeur\nkunagi,SOC-JOBS,2024-01-01,3\nkunagi,SOC-JOBS,2024-02-01,4\n"
    report = imports.import_measurements(engine, staff, data, "valeurs.csv", today=TODAY)
    assert report.written == 2 and pair(engine, project) is None
    reviews.approve_batch(engine, validator, report.batch)
    assert pair(engine, project) == (2, "2024-02-01", 4.0)
    assert summary(engine) == recounted(engine)


def test_the_demo_store_is_summed_up_and_its_demo_flags_kept(demo_engine):
    rows = summary(demo_engine)
    assert rows == recounted(demo_engine) and len(rows) > 50
    assert {row[6] for row in rows} == {True}  # every value of the demo set is demo, and shown as such


def test_twenty_writers_of_one_experiment_and_indicator_lose_no_count(engine):
    """Each writer in its own transaction adds an approved value of its own period to the same pair; on
    PostgreSQL they run at once, each trigger waiting for the others' lock on the pair."""
    project = kunagi(engine)
    template = {"project_id": project, "indicator_code": "SOC-JOBS", "comment": "", "source": "",
                "state": "active", "entered_by": "bench", "review_state": "approuvee", "reviewed_by": "bench",
                "is_demo": False}

    def write(month: int):
        def call():
            with engine.begin() as connection:
                period = date(2023, month, 1) if month <= 12 else date(2022, month - 12, 1)
                connection.execute(insert(Measurement).values(**template, period_start=period, value=float(month),
                                                              entered_at=NOW, reviewed_at=NOW))
        return call

    outcomes = at_once([write(month) for month in range(1, 21)])
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert pair(engine, project) == (20, "2023-12-01", 12.0)
    assert summary(engine) == recounted(engine)


@pytest.mark.parametrize("kind", ["update", "delete"])
def test_a_value_moved_or_deleted_by_hand_in_the_database_is_counted_again(demo_engine, kind):
    """The triggers keep the summary whatever writes: an administrator's SQL too."""
    engine = demo_engine
    with engine.connect() as connection:
        project, code = connection.execute(text("SELECT project_id, indicator_code FROM indicator_latest "
                                                "ORDER BY shown_values DESC, project_id LIMIT 1")).one()
    with engine.begin() as connection:
        if kind == "update":
            connection.execute(text("UPDATE measurement SET period_start = '2030-01-01', period_end = NULL WHERE id = "
                                    "(SELECT min(id) FROM measurement WHERE project_id = :p AND indicator_code = :c "
                                    "AND state = 'active' AND review_state = 'approuvee')"), {"p": project, "c": code})
        else:
            connection.execute(text("DELETE FROM measurement WHERE id = (SELECT max(id) FROM measurement "
                                    "WHERE project_id = :p AND indicator_code = :c AND id NOT IN "
                                    "(SELECT supersedes_id FROM measurement WHERE supersedes_id IS NOT NULL))"),
                               {"p": project, "c": code})
    assert summary(engine) == recounted(engine)
