"""Database faults become one French (or English) message naming the cause, and nothing is kept."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlmodel import Session, select

from qmi.db import StoreError, store_fault, write_session
from qmi.models import Edition


class _PgError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(("error", "kind"), [
    (OperationalError("UPDATE", {}, sqlite3.OperationalError("database is locked")), "busy"),
    (OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full")), "full"),
    (OperationalError("INSERT", {}, sqlite3.OperationalError("attempt to write a readonly database")), "read_only"),
    (OperationalError("SELECT", {}, sqlite3.OperationalError("unable to open database file")), "unavailable"),
    (IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed: edition.id")), "conflict"),
    (IntegrityError("INSERT", {}, _PgError("23505")), "conflict"),
    (IntegrityError("INSERT", {}, sqlite3.IntegrityError("CHECK constraint failed: deployment_range")), None),
    (IntegrityError("INSERT", {}, _PgError("23503")), None),
    (OperationalError("UPDATE", {}, _PgError("40001")), "conflict"),
    (OperationalError("UPDATE", {}, _PgError("40P01")), "conflict"),
    (OperationalError("INSERT", {}, _PgError("53100")), "full"),
    (OperationalError("INSERT", {}, _PgError("25006")), "read_only"),
    (OperationalError("SELECT", {}, _PgError("08006")), "unavailable"),
    (DataError("INSERT", {}, _PgError("22021")), None),
    (ValueError("A string literal cannot contain NUL (0x00) characters."), "bad_text"),
    (KeyError("not a store fault"), None),
])
def test_each_database_fault_is_named(error, kind):
    fault = store_fault(error)
    assert (fault.kind if fault else None) == kind


@pytest.mark.parametrize("kind", ["conflict", "busy", "full", "read_only", "unavailable", "bad_text"])
def test_each_fault_says_what_happened_and_what_to_do_in_both_languages(kind):
    french, english = StoreError(kind).message("fr"), StoreError(kind).message("en")
    assert french != english
    assert "rien n'a été enregistré" in french or "rien ne peut être enregistré" in french
    assert "nothing" in english and "Traceback" not in french


def test_a_fault_inside_a_write_rolls_everything_back_and_is_raised_as_a_store_error(engine):
    before = len(Session(engine).exec(select(Edition)).all())
    with pytest.raises(StoreError) as raised, write_session(engine) as session:
        session.add(Edition(id=99, name="Édition test", year_start=2030, source="test"))
        session.flush()
        raise OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))
    assert raised.value.kind == "full" and isinstance(raised.value.__cause__, OperationalError)
    with Session(engine) as session:
        assert len(session.exec(select(Edition)).all()) == before


def test_a_unique_violation_on_either_database_is_the_same_clean_conflict(engine):
    with pytest.raises(StoreError) as raised, write_session(engine) as session:
        session.add(Edition(id=1, name="Doublon", year_start=2030, source="test"))  # edition 1 exists in the public record
    assert raised.value.kind == "conflict"
    assert raised.value.message("fr").startswith("Quelqu'un a modifié la même donnée")


def _sqlite_path(engine) -> str:
    return engine.url.database


@pytest.mark.sqlite_only
def test_a_write_waiting_on_another_writers_lock_says_the_store_is_busy_and_writes_nothing(engine):
    from qmi.db import make_engine

    holder = sqlite3.connect(_sqlite_path(engine), timeout=0)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    impatient = make_engine(str(engine.url), busy_seconds=0.2)
    try:
        with pytest.raises(StoreError) as raised, write_session(impatient) as session:
            session.add(Edition(id=98, name="Bloquée", year_start=2030, source="test"))
    finally:
        holder.rollback()
        holder.close()
        impatient.dispose()
    assert raised.value.kind == "busy" and "Réessayez" in raised.value.message("fr")
    with Session(engine) as session:
        assert session.get(Edition, 98) is None


@pytest.mark.sqlite_only
def test_a_full_disk_says_so_and_writes_nothing(engine):
    from sqlalchemy import event

    from qmi.db import make_engine

    with sqlite3.connect(_sqlite_path(engine)) as probe:
        pages = probe.execute("PRAGMA page_count").fetchone()[0]
    full = make_engine(str(engine.url))
    event.listen(full, "connect", lambda connection, _record: connection.execute(f"PRAGMA max_page_count={pages}"))
    try:
        with pytest.raises(StoreError) as raised, write_session(full) as session:
            session.add(Edition(id=97, name="x" * 200_000, year_start=2030, source="test"))
    finally:
        full.dispose()
    assert raised.value.kind == "full" and "disque" in raised.value.message("fr")
    with Session(engine) as session:
        assert session.get(Edition, 97) is None


@pytest.fixture
def read_only_store(engine):
    """The store file and its folder made immutable (as a read-only disk would make them), even for root."""
    engine.dispose()
    folder = str(engine.url.database).rsplit("/", 1)[0]
    targets = [folder, *(str(p) for p in Path(folder).glob("qmi.db*"))]
    done = subprocess.run(["chattr", "+i", *targets], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"this file system cannot make a file immutable: {done.stderr.strip()}")
    yield engine
    subprocess.run(["chattr", "-i", *targets], capture_output=True)


@pytest.mark.sqlite_only
def test_a_read_only_store_still_answers_reads_and_refuses_writes_with_a_message(read_only_store):
    from qmi.db import make_engine
    from qmi.queries import programme
    from qmi.store.bootstrap import migrate

    engine = make_engine(str(read_only_store.url))
    try:
        assert len(programme.programme_communes(engine)) == 10
        migrate(engine)  # nothing to do: a read-only store is served as it is
        with pytest.raises(StoreError) as raised, write_session(engine) as session:
            session.add(Edition(id=96, name="Refusée", year_start=2030, source="test"))
    finally:
        engine.dispose()
    assert raised.value.kind == "read_only"
    assert "la consultation reste possible" in raised.value.message("fr")


def _catalogue_import(engine, kind: str):
    """The exported file of ``kind`` (projects or events), a staff account, and the import to run it with."""
    from qmi.outputs.tables import csv_text, open_data_tables
    from qmi.services.catalogue_imports import import_events, import_projects
    from tests.unit.store_rows import STAFF, make_user

    data = csv_text(open_data_tables(engine)[kind]).encode()
    run = import_projects if kind == "projects" else import_events
    return make_user(engine, "claire", STAFF), data, run


@pytest.mark.sqlite_only
@pytest.mark.parametrize("kind", ["projects", "events"])
def test_a_catalogue_import_on_a_locked_store_is_a_report_in_french_not_a_traceback(engine, kind):
    from qmi.db import make_engine
    from tests.unit.store_rows import counts

    staff, data, run = _catalogue_import(engine, kind)
    before = counts(engine)
    holder = sqlite3.connect(_sqlite_path(engine), timeout=0)
    holder.execute("BEGIN IMMEDIATE")
    impatient = make_engine(str(engine.url), busy_seconds=0.2)
    try:
        report = run(impatient, staff, data, f"{kind}.csv")
    finally:
        holder.rollback()
        holder.close()
        impatient.dispose()
    assert [(p.row, p.why) for p in report.problems] == [(None, StoreError("busy").message("fr"))]
    assert report.written == 0 and counts(engine) == before
