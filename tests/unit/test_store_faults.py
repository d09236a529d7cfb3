"""Database faults become one French (or English) message naming the cause, and nothing is kept."""

from __future__ import annotations

import sqlite3

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
    (IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed")), "conflict"),
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
