"""The audit log: every write, in the same transaction, with before and after."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from qmi.db import write_session
from qmi.models import AuditLog, Commune, Measurement, Project, User
from qmi.services import assessments, audit, measurements
from qmi.services.errors import ValidationFailed
from qmi.store.bootstrap import init_store
from qmi.store.demo import load_demo, remove_demo
from qmi.store.reference import load_reference

TODAY = date(2025, 6, 1)


def staff(engine) -> User:
    with Session(engine, expire_on_commit=False) as session:
        user = User(username="marie", password_hash="-", role="staff")
        session.add(user)
        session.commit()
        return user


def log(engine) -> list[AuditLog]:
    """The log after the store was filled (loading the public record is itself one entry)."""
    with Session(engine) as session:
        return list(session.exec(select(AuditLog).where(AuditLog.entity != "store").order_by(AuditLog.id)).all())


def test_every_write_is_logged_with_who_what_before_and_after(engine):
    user = staff(engine)
    with Session(engine) as session:
        project_id = session.exec(select(Project.id).where(Project.slug == "kunagi")).one()
    first = measurements.record(engine, user, {"project_id": project_id, "indicator_code": "SOC-JOBS",
                                              "period_start": "2024-03-01", "value": "12"}, today=TODAY)
    fixed = measurements.correct(engine, user, first.id, {"period_start": "2024-03-01", "value": "14"}, today=TODAY)
    measurements.retract(engine, user, fixed.id, "doublon")
    assessments.record(engine, user, {"project_id": project_id, "assessed_on": "2025-01-10", "assessor": "Marie",
                                      "deployment": 2, "commercial_traction": 1, "industrialisation": 1,
                                      "operational_ease": 2, "financial_stability": 1}, today=TODAY)
    entries = log(engine)
    assert audit.last_write(engine) == entries[-1].id  # the store's version moved with every write
    assert [(e.username, e.user_id, e.action) for e in entries] == [
        ("marie", user.id, "measurement.create"), ("marie", user.id, "measurement.correct"),
        ("marie", user.id, "measurement.retract"), ("marie", user.id, "assessment.create"),
    ]
    correction = entries[1]
    assert json.loads(correction.before_json)["value"] == 12 and json.loads(correction.before_json)["state"] == "active"
    assert json.loads(correction.after_json)["value"] == 14 and json.loads(correction.after_json)["supersedes_id"] == first.id
    assert json.loads(entries[2].after_json)["retracted_reason"] == "doublon"
    assert entries[0].before_json is None


def test_audit_row_and_write_commit_together_or_not_at_all(engine):
    user = staff(engine)
    version = audit.last_write(engine)
    with pytest.raises(RuntimeError), write_session(engine) as session:
        audit.record(session, user, "measurement.create", "measurement", 1, None, {"value": 1})
        raise RuntimeError("the write failed after the audit row was added")
    assert log(engine) == [] and audit.last_write(engine) == version  # a failed write leaves the version alone
    refused_before = len(log(engine))
    with pytest.raises(ValidationFailed) as refused:  # refused by validation: nothing written, nothing logged
        measurements.record(engine, user, {"project_id": 999999, "indicator_code": "SOC-JOBS",
                                          "period_start": "2024-03-01", "value": "1"}, today=TODAY)
    assert set(refused.value.errors) == {"project_id"}
    assert len(log(engine)) == refused_before
    with Session(engine) as session:
        assert session.exec(select(Measurement)).all() == []


def test_log_can_be_filtered_for_the_administration_page(engine):
    user = staff(engine)
    with write_session(engine) as session:
        audit.record(session, user, "measurement.create", "measurement", 1, None, {"value": 1})
        audit.record(session, None, "user.create", "user", 2, None, {"username": "x"})
    everything = audit.audit_frame(engine)
    assert list(everything["action"]) == ["user.create", "measurement.create", "store.reference_load"]  # newest first
    assert list(audit.audit_frame(engine, username="marie")["action"]) == ["measurement.create"]
    assert list(audit.audit_frame(engine, entity="user")["username"]) == ["système"]
    assert audit.audit_frame(engine, since=date(2100, 1, 1)).empty
    assert len(audit.audit_frame(engine, until=date(2100, 1, 1))) == 3
    assert audit.audit_choices(engine) == {"username": ["marie", "système"],
                                           "action": ["measurement.create", "store.reference_load", "user.create"],
                                           "entity": ["measurement", "store", "user"]}


def test_loading_and_removing_the_demo_set_are_audited_writes_that_move_the_version(empty_engine):
    def store_entries() -> list[tuple[str, str, dict]]:
        with Session(empty_engine) as session:
            rows = session.exec(select(AuditLog).where(AuditLog.entity == "store").order_by(AuditLog.id)).all()
            return [(r.action, r.username, json.loads(r.after_json)) for r in rows]

    def demo_measurements() -> int:
        with Session(empty_engine) as session:
            return len(session.exec(select(Measurement.id).where(Measurement.is_demo)).all())

    init_store(empty_engine, demo=True)
    (reference, who, loaded), (demo, _, demo_loaded) = store_entries()
    assert (reference, who, demo) == ("store.reference_load", "système", "store.demo_load")
    with Session(empty_engine) as session:
        assert loaded["commune.added"] == len(session.exec(select(Commune.insee_code)).all()) >= 10
        assert loaded["project.added"] == len(session.exec(select(Project.id).where(~Project.is_demo)).all()) >= 29
    assert demo_loaded["measurement.added"] == demo_measurements() > 0

    version = audit.last_write(empty_engine)
    load_reference(empty_engine)  # `make run` reloads the unchanged record on every start: nothing logged
    assert load_demo(empty_engine) is False
    assert audit.last_write(empty_engine) == version

    count = demo_measurements()
    remove_demo(empty_engine)
    action, _, removed = store_entries()[-1]
    assert action == "store.demo_remove" and removed["measurement.deleted"] == count and demo_measurements() == 0
    assert audit.last_write(empty_engine) > version  # other replicas see the removal at their next version read


def test_the_log_s_day_filters_take_whole_days_and_its_columns_are_what_the_page_shows(engine):
    from datetime import UTC, datetime

    user = staff(engine)
    stamps = {"before": datetime(2025, 3, 9, 23, 59, 59, tzinfo=UTC), "first": datetime(2025, 3, 10, 0, 0, tzinfo=UTC),
              "last": datetime(2025, 3, 12, 23, 59, 59, tzinfo=UTC), "after": datetime(2025, 3, 13, 0, 0, tzinfo=UTC)}
    with write_session(engine) as session:
        for name, at in stamps.items():
            row = audit.record(session, user, f"test.{name}", "measurement", name, {"old": name}, {"new": name})
            row.at = at
            session.add(row)
    rows = audit.audit_frame(engine, since=date(2025, 3, 10), until=date(2025, 3, 12))
    assert list(rows["action"]) == ["test.last", "test.first"]  # from the first second of since to the last of until
    assert list(rows.columns) == ["id", "at", "username", "action", "entity", "entity_id", "before_json", "after_json"]
    first = rows.iloc[-1]
    assert (first["username"], first["entity"], first["entity_id"]) == ("marie", "measurement", "first")
    assert json.loads(first["before_json"]) == {"old": "first"} and json.loads(first["after_json"]) == {"new": "first"}
    assert list(audit.audit_frame(engine, action="test.after")["entity_id"]) == ["after"]
    assert list(audit.audit_frame(engine, since=date(2025, 3, 13), until=date(2025, 3, 13))["action"]) == ["test.after"]
    assert list(audit.audit_frame(engine, until=date(2025, 3, 9))["action"]) == ["test.before"]


def test_the_log_lists_at_most_5000_entries_newest_first(engine):
    with write_session(engine) as session:
        for number in range(5001):
            audit.record(session, None, "test.bulk", "measurement", number, None, None)
    rows = audit.audit_frame(engine, action="test.bulk")
    assert len(rows) == 5000
    assert rows["entity_id"].iloc[0] == "5000" and rows["entity_id"].iloc[-1] == "1"  # the oldest one is left out
    assert len(audit.audit_frame(engine, action="test.bulk", limit=10)) == 10


def test_an_empty_log_is_version_zero(empty_engine):
    from sqlmodel import delete

    with Session(empty_engine) as session:
        session.exec(delete(AuditLog))
        session.commit()
    assert audit.last_write(empty_engine) == 0
    assert audit.versions(empty_engine)[""] == 0  # the same 0 in the versions read with the scopes'


def test_a_store_older_than_the_scopes_gives_only_its_own_version(tmp_path):
    """A read-only store made before ``store_scope`` existed: its version is its latest audit entry."""
    from sqlalchemy import create_engine, insert

    old = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    AuditLog.__table__.create(old)
    with old.begin() as connection:
        for number in (1, 2, 3):
            connection.execute(insert(AuditLog.__table__).values(id=number, at=datetime(2024, 1, number, tzinfo=UTC), username="",
                                                                  action="test.old", entity="test", entity_id=""))
    assert audit.versions(old) == {"": 3}
    old.dispose()


def test_an_entry_keeps_accents_sorted_keys_iso_times_and_the_signed_in_author(engine):
    from qmi.services.auth import Identity

    author = staff(engine)
    identity = Identity(user_id=author.id, username="marie", display_name="", role="staff", commune_insee=None,
                        expires_at=datetime(2030, 1, 1, tzinfo=UTC))
    with write_session(engine) as session:
        audit.record(session, identity, "note.create", "note", None, None,
                     {"zèbre": "Été", "at": datetime(2024, 3, 1, 9, 30), "day": date(2024, 3, 1), "n": 2,
                      "rate": Decimal("1.50")})
    [entry] = [e for e in log(engine) if e.action == "note.create"]
    assert (entry.user_id, entry.username, entry.entity_id, entry.before_json) == (author.id, "marie", "", None)
    assert entry.after_json == '{"at": "2024-03-01T09:30:00", "day": "2024-03-01", "n": 2, "rate": "1.50", "zèbre": "Été"}'
