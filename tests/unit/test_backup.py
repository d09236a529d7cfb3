"""Backups, restores and downgrades: nothing lost by accident, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sqlmodel import Session, select

from qmi.config import ROOT
from qmi.db import write_session
from qmi.models import AuditLog, Commune, Measurement
from qmi.store.backup import BackupError, backup, current_revision, downgrade, known_revisions, restore, table_counts


def test_a_backup_then_a_restore_gives_back_every_row_of_every_table(demo_engine, tmp_path):
    before = table_counts(demo_engine)
    made = backup(demo_engine, tmp_path / "sauvegardes")
    assert made.counts == before and made.revision == known_revisions()[0]
    assert json.loads(made.manifest.read_text())["counts"] == before
    with write_session(demo_engine) as session:  # what happens after the backup is undone by the restore
        for row in session.exec(select(Measurement)).all():
            session.delete(row)
        session.get(Commune, "92071").innovation_district = "Effacé par erreur"
    safety, restored = restore(demo_engine, made.path, tmp_path / "avant")
    after = table_counts(demo_engine)
    assert {t: n for t, n in after.items() if t != "auditlog"} == {t: n for t, n in before.items() if t != "auditlog"}
    assert after["auditlog"] == before["auditlog"] + 1  # the restore itself is audited
    with Session(demo_engine) as session:
        assert session.get(Commune, "92071").innovation_district != "Effacé par erreur"
        assert session.exec(select(AuditLog).order_by(AuditLog.id.desc())).first().action == "store.restore"
    assert safety.counts["measurement"] == 0  # the store as it was just before the restore is kept too


def test_a_backup_from_a_newer_schema_is_refused_and_nothing_changes(engine, tmp_path):
    made = backup(engine, tmp_path)
    facts = json.loads(made.manifest.read_text())
    made.manifest.write_text(json.dumps({**facts, "revision": "9999_from_the_future"}))
    before = table_counts(engine)
    with pytest.raises(BackupError, match="version plus récente du schéma"):
        restore(engine, made.path, tmp_path / "avant")
    assert table_counts(engine) == before


@pytest.mark.parametrize("content", [b"", b"not a database at all", b"PK\x03\x04 a zip", b"SQLite format 3\x00" + b"\x00" * 80])
def test_a_file_that_is_not_one_of_our_backups_is_refused_with_a_message(engine, tmp_path, content):
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(content)
    before = table_counts(engine)
    with pytest.raises(BackupError):
        restore(engine, bogus, tmp_path / "avant")
    assert table_counts(engine) == before


def test_a_downgrade_without_confirmation_is_refused_and_drops_nothing(engine, tmp_path):
    before = table_counts(engine)
    with pytest.raises(BackupError, match="--yes"):
        downgrade(engine, "-1", tmp_path / "sauvegardes", confirmed=False)
    assert table_counts(engine) == before and current_revision(engine) == known_revisions()[0]
    assert not (tmp_path / "sauvegardes").exists()


@pytest.mark.sqlite_only
def test_a_confirmed_downgrade_takes_a_backup_first(engine, tmp_path):
    before = table_counts(engine)
    safety = downgrade(engine, "base", tmp_path, confirmed=True)
    assert safety.counts == before and safety.path.exists()
    assert current_revision(engine) is None


@pytest.mark.sqlite_only
def test_alembics_own_downgrade_command_refuses_without_the_confirmed_path(tmp_path):
    url = f"sqlite:///{tmp_path / 'qmi.db'}"
    env = {"QMI_DATABASE_URL": url, "PATH": "/usr/bin:/bin"}
    assert subprocess.run([sys.executable, "-m", "qmi", "init", "--no-demo"], cwd=ROOT, env=env,
                          capture_output=True, timeout=120).returncode == 0
    done = subprocess.run([sys.executable, "-m", "alembic", "downgrade", "-1"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "python -m qmi downgrade --yes" in done.stderr
    listed = subprocess.run([sys.executable, "-m", "qmi", "backup", str(tmp_path / "b")], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0 and "Sauvegarde :" in listed.stdout  # the tables are all still there


@pytest.mark.sqlite_only
def test_restore_on_the_command_line_asks_for_confirmation(tmp_path):
    env = {"QMI_DATABASE_URL": f"sqlite:///{tmp_path / 'qmi.db'}", "PATH": "/usr/bin:/bin"}

    def run(*arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "qmi", *arguments], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)

    assert run("init", "--no-demo").returncode == 0
    made = run("backup", str(tmp_path / "b"))
    path = made.stdout.split("Sauvegarde : ", 1)[1].split(" (", 1)[0]
    refused = run("restore", path)
    assert refused.returncode == 1 and "--yes" in refused.stderr
    done = run("restore", path, "--yes", "--backup-dir", str(tmp_path / "avant"))
    assert done.returncode == 0 and "Base restaurée" in done.stdout
