"""Helpers of the store-of-record tests: accounts, and the whole store as rows to compare."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from qmi.db import write_session
from qmi.models import AuditLog, User

STAFF, AGENT, ADMIN = "staff", "agent", "admin"


def make_user(engine: Engine, username: str, role: str, commune: str | None = None, active: bool = True,
              validator: bool = False) -> User:
    """An account (no password: the services are called with the row, as the command line does)."""
    with write_session(engine) as session:
        user = User(username=username, password_hash="x", role=role, commune_insee=commune, is_active=active,
                    is_validator=validator)
        session.add(user)
        session.flush()
        session.expunge(user)
    return user


def dump(engine: Engine, keep_audit_below: int | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, by table, in key order. With ``keep_audit_below``, the audit log's
    ``store.*`` entries (the loads' own bulk entries) from that id on are left out."""
    tables: dict[str, list[dict[str, Any]]] = {}
    with Session(engine) as session:
        for table in SQLModel.metadata.sorted_tables:
            statement = select(table).order_by(*table.primary_key.columns)
            rows = [dict(r._mapping) for r in session.execute(statement)]
            if table.name == AuditLog.__tablename__ and keep_audit_below is not None:
                rows = [r for r in rows if r["id"] < keep_audit_below or not r["action"].startswith("store.")]
            tables[table.name] = rows
    return tables


def differences(before: dict[str, list[dict[str, Any]]], after: dict[str, list[dict[str, Any]]]) -> list[str]:
    """What differs between two dumps, one line per table, row and field (rows matched by position)."""
    found = []
    for table, rows in after.items():
        old = before.get(table, [])
        if len(old) != len(rows):
            found.append(f"{table}: {len(old)} rows → {len(rows)}")
            continue
        for was, now in zip(old, rows):
            found += [f"{table} {was.get('id', was.get('insee_code'))}.{field}: {was[field]!r} → {now[field]!r}"
                      for field in now if was.get(field) != now[field]]
    return found


def counts(engine: Engine) -> dict[str, int]:
    """How many rows each table holds (the audit log included)."""
    with Session(engine) as session:
        return {table.name: session.execute(select(func.count()).select_from(table)).scalar_one()
                for table in SQLModel.metadata.sorted_tables}


def next_audit_id(engine: Engine) -> int:
    with Session(engine) as session:
        return (session.execute(select(func.max(AuditLog.id))).scalar_one() or 0) + 1


def audit_since(engine: Engine, first_id: int) -> list[AuditLog]:
    with Session(engine) as session:
        return list(session.scalars(select(AuditLog).where(AuditLog.id >= first_id).order_by(AuditLog.id)))


def audit_rows(engine: Engine, action: str) -> list[AuditLog]:
    """The log's entries of ``action``, oldest first."""
    with Session(engine) as session:
        return list(session.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))
