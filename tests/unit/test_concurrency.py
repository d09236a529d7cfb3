"""Two sessions writing at the same moment on a SQLite file both succeed (WAL + busy timeout + BEGIN IMMEDIATE)."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from qmi.db import make_engine
from qmi.models import Measurement, Project, User
from qmi.services import measurements

WRITES_PER_SESSION = 12


@pytest.mark.sqlite_only
def test_two_sessions_writing_at_once_both_succeed(engine):
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    with Session(engine, expire_on_commit=False) as session:
        projects = session.exec(select(Project).order_by(Project.id).limit(2)).all()
        people = [User(username=f"staff{i}", password_hash="-", role="staff") for i in range(2)]
        session.add_all(people)
        session.commit()
    barrier = threading.Barrier(2)
    failures: list[BaseException] = []

    def writer(person: User, project: Project) -> None:
        own_engine = make_engine(str(engine.url))  # a separate connection pool, as another server process has
        try:
            barrier.wait()
            for month in range(1, WRITES_PER_SESSION + 1):
                measurements.record(own_engine, person, {
                    "project_id": project.id, "indicator_code": "SOC-JOBS", "period_start": date(2024, month, 1),
                    "value": month}, submission_key=f"{person.username}-{month}", today=date(2025, 6, 1))
        except BaseException as error:
            failures.append(error)
        finally:
            own_engine.dispose()

    threads = [threading.Thread(target=writer, args=(people[i], projects[i])) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with Session(engine) as session:
        written = session.exec(select(Measurement.entered_by)).all()
    assert sorted(written) == ["staff0"] * WRITES_PER_SESSION + ["staff1"] * WRITES_PER_SESSION
