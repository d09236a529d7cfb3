"""The audit log's retention (RGPD): old entries keep what happened and when, not who."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from qmi.config import ROOT
from qmi.db import write_session
from qmi.models import AuditLog
from qmi.services import audit

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


class Agent:
    user_id, username = None, "agent.sceaux"


def entry(engine, days_ago: int, after: dict) -> int:
    with write_session(engine) as session:
        row = audit.record(session, Agent(), "measurement.create", "measurement", 7, None, after)
        row.at = NOW - timedelta(days=days_ago)
        session.add(row)
        session.flush()
        return row.id


def test_entries_older_than_the_retention_lose_their_personal_fields_only(engine):
    old = entry(engine, 361, {"value": 3.2, "entered_by": "Agent de Sceaux", "entered_by_id": 4, "source": "relevé"})
    kept = entry(engine, 359, {"value": 1.0, "entered_by": "Agent de Sceaux"})
    assert audit.purge_personal(engine, 360, now=NOW) == 1
    with Session(engine) as session:
        purged, recent = session.get(AuditLog, old), session.get(AuditLog, kept)
        assert (purged.user_id, purged.username) == (None, "anonymisé")
        assert json.loads(purged.after_json) == {"value": 3.2, "source": "relevé"}  # what happened stays
        assert (purged.action, purged.entity, purged.entity_id) == ("measurement.create", "measurement", "7")
        assert recent.username == "agent.sceaux" and "entered_by" in json.loads(recent.after_json)
        last = session.exec(select(AuditLog).order_by(AuditLog.id.desc())).first()
        assert last.action == "store.audit_purge" and json.loads(last.after_json) == {"auditlog.anonymised": 1}


def test_without_a_moment_the_retention_counts_from_now_in_utc(engine, monkeypatch):
    """Whatever the server's time zone: here 14 hours ahead of UTC, which must not move the cutoff."""
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    time.tzset()
    try:
        now = datetime.now(UTC)
        with write_session(engine) as session:
            row = audit.record(session, Agent(), "measurement.create", "measurement", 7, None, {"value": 1.0})
            row.at = now - timedelta(days=30) + timedelta(hours=2)  # 2 hours inside the 30 days
            session.add(row)
            session.flush()
            young = row.id
        assert audit.purge_personal(engine, 30) == 0
        with Session(engine) as session:
            assert session.get(AuditLog, young).username == "agent.sceaux"
    finally:
        monkeypatch.undo()  # the server's own TZ back before the process re-reads it
        time.tzset()


def test_a_second_purge_changes_nothing_more(engine):
    entry(engine, 400, {"username": "x", "display_name": "Claire"})
    assert audit.purge_personal(engine, 365, now=NOW) == 1
    assert audit.purge_personal(engine, 365, now=NOW) == 0


@pytest.mark.sqlite_only
@pytest.mark.parametrize(("age", "ok"), [("12m", True), ("90d", True), ("1y", True), ("12", False), ("-3m", False),
                                         ("0m", False), ("douze", False)])
def test_the_command_reads_an_age_and_refuses_nonsense(tmp_path, age, ok):
    env = {"QMI_DATABASE_URL": f"sqlite:///{tmp_path / 'qmi.db'}", "PATH": "/usr/bin:/bin"}
    assert subprocess.run([sys.executable, "-m", "qmi", "init", "--no-demo"], cwd=ROOT, env=env,
                          capture_output=True, timeout=120).returncode == 0
    done = subprocess.run([sys.executable, "-m", "qmi", "audit", "purge", "--older-than", age], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert (done.returncode == 0) is ok, done.stderr
    assert ("sans données personnelles" in done.stdout) if ok else ("--older-than" in done.stderr)


def test_the_purge_counts_every_entry_it_cleans_and_keeps_one_exactly_at_the_limit(engine):
    at_limit = entry(engine, 360, {"entered_by": "Agent"})  # exactly 360 days old: not older than the retention
    first = entry(engine, 361, {"entered_by": "Agent"})
    second = entry(engine, 500, {"entered_by": "Agent"})
    with write_session(engine) as session:
        row = session.get(AuditLog, second)
        row.before_json = json.dumps({"value": 1, "display_name": "Claire"})
        session.add(row)
    assert audit.purge_personal(engine, 360, now=NOW) == 2
    with Session(engine) as session:
        assert session.get(AuditLog, at_limit).username == "agent.sceaux"
        assert session.get(AuditLog, first).username == "anonymisé"
        assert json.loads(session.get(AuditLog, second).before_json) == {"value": 1}  # before as well as after
        last = session.exec(select(AuditLog).order_by(AuditLog.id.desc())).first()
        assert (last.entity, last.entity_id, last.username) == ("store", "avant 2025-12-06", "système")
