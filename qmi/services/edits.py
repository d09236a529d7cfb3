"""Edits people make over the public record, kept field by field.

The store is the master once the record is loaded. A field a person changed carries a
``FieldEdit``: the record's value beside the edit, who made it, when, and its source. Loading
the record again (``qmi.store.reference``) writes only fields nobody edited; where the record now
says something else than it did when the person edited, the edit stays and the difference is a
conflict listed for staff (:func:`conflicts`), who keep the edit or take the record's value.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Date, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from qmi.db import read_session, write_session
from qmi.models import AuditLog, Commune, Edition, Event, FieldEdit, Lesson, ProgrammeFigure, Project, User
from qmi.services import audit
from qmi.services.errors import ServiceError
from qmi.services.permissions import acting_user, require_catalogue

# The entities people edit, by the name the edits and the audit log use.
ENTITIES: dict[str, type[SQLModel]] = {
    "project": Project, "commune": Commune, "edition": Edition, "event": Event, "programmefigure": ProgrammeFigure,
    "lesson": Lesson,
}
# Columns that are the app's own, never the record's: they are not tracked as edits.
UNTRACKED = frozenset({"id", "version", "archived"})


def encode(value: Any) -> str | None:
    """A field's value as the JSON edits keep (dates as ISO text); None stays None."""
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        value = value.isoformat()
    return json.dumps(value, ensure_ascii=False)


def decode(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def entity_name(row: SQLModel) -> str:
    return row.__tablename__


def row_key(row: SQLModel) -> str:
    """The key edits and the audit log name a row by: its primary key."""
    return str(row.insee_code if isinstance(row, Commune) else row.id)


def edits_of(session: Session, row: SQLModel) -> dict[str, FieldEdit]:
    return {e.field: e for e in session.scalars(
        select(FieldEdit).where(FieldEdit.entity == entity_name(row), FieldEdit.entity_key == row_key(row)))}


def stale(row: SQLModel, expected_version: int | None) -> bool:
    return expected_version is not None and int(expected_version) != int(row.version)


def last_editor(session: Session, row: SQLModel) -> tuple[str, datetime | None]:
    """Who wrote ``row`` last, and when (from the audit log)."""
    entry = session.scalars(
        select(AuditLog).where(AuditLog.entity == entity_name(row), AuditLog.entity_id == row_key(row))
        .order_by(AuditLog.id.desc()).limit(1)
    ).first()
    return (entry.username, entry.at) if entry is not None else ("?", None)


def require_current(session: Session, row: SQLModel, expected_version: int | None) -> None:
    """Refuse a form saved over a version someone else saved in between."""
    if stale(row, expected_version):
        who, when = last_editor(session, row)
        raise ServiceError("catalogue.error.stale", who=who,
                           when=f"{when:%d/%m/%Y %H:%M}" if when is not None else "?")


def apply(
    session: Session,
    user: User,
    row: SQLModel,
    changes: dict[str, Any],
    source: str,
    *,
    created: bool = False,
) -> dict[str, tuple[Any, Any]]:
    """Set ``changes`` on ``row``, keep each changed field's record value beside it, bump the row's
    version, and write one audit entry with the fields before and after. Returns {field: (old, new)}.

    ``created``: the row was just made in the app; every field given is an edit whose record value is
    none (so a record that later gives the same row never writes over it, and says so as a conflict).
    """
    diff = {f: (getattr(row, f), v) for f, v in changes.items() if created or getattr(row, f) != v}
    if not diff:
        return {}
    session.add(row)
    session.flush()  # a new row gets its key
    existing = edits_of(session, row)
    now = datetime.now(UTC)
    for field, (old, new) in diff.items():
        setattr(row, field, new)
        if field in UNTRACKED:
            continue
        edit = existing.get(field)
        if edit is None:
            edit = FieldEdit(entity=entity_name(row), entity_key=row_key(row), field=field,
                             record_value=None if created else encode(old),
                             record_source="" if created else str(getattr(row, "source", "") or ""))
        edit.value, edit.source, edit.edited_by_id, edit.edited_by, edit.edited_at = (
            encode(new), source, user.id, user.username, now)
        session.add(edit)
    if not created:
        row.version = int(row.version or 0) + 1
    session.add(row)
    session.flush()
    before = None if created else {f: old for f, (old, _new) in diff.items()}
    audit.record(session, user, "create" if created else "update", entity_name(row), row_key(row), before,
                 {f: new for f, (_old, new) in diff.items()})
    return diff


@dataclass(frozen=True)
class Conflict:
    """The record now says ``record_now``; the store keeps ``value``, entered by ``edited_by`` on ``edited_at``."""

    id: int
    entity: str
    entity_key: str
    label: str
    field: str
    record_value: Any
    record_now: Any
    value: Any
    edited_by: str
    edited_at: datetime
    source: str


def _label(session: Session, entity: str, key: str) -> str:
    model = ENTITIES.get(entity)
    row = session.get(model, key if model is Commune else int(key)) if model is not None else None
    if row is None:
        return key
    return str(getattr(row, "name", None) or getattr(row, "label", None) or getattr(row, "event_key", None)
               or getattr(row, "title", None) or key)


def conflicts(engine: Engine) -> list[Conflict]:
    """Every edited field whose record changed since the edit, oldest edit first."""
    with read_session(engine) as session:
        rows = session.scalars(
            select(FieldEdit).where(FieldEdit.record_now.is_not(None)).order_by(FieldEdit.edited_at, FieldEdit.id)
        ).all()
        return [Conflict(e.id, e.entity, e.entity_key, _label(session, e.entity, e.entity_key), e.field,
                         decode(e.record_value), decode(e.record_now), decode(e.value), e.edited_by, e.edited_at,
                         e.source)
                for e in rows if e.record_now != e.record_value]


def note_record(session: Session, row: SQLModel, record_values: dict[str, Any],
                edits: dict[str, FieldEdit]) -> dict[str, Any]:
    """For the record's loader: of ``record_values``, the ones it may write (fields nobody edited).

    On an edited field, the record's value is kept in ``record_now`` when it differs from the one
    the edit was made over (a conflict), and cleared when the record is back to it.
    """
    writable = {}
    for field, value in record_values.items():
        edit = edits.get(field)
        if edit is None:
            writable[field] = value
            continue
        now = encode(value)
        if now == edit.value and now != edit.record_value:  # the record now says what the person entered
            edit.record_value, edit.record_now = now, None
            session.add(edit)
            continue
        wanted = None if now == edit.record_value else now
        if edit.record_now != wanted:
            edit.record_now = wanted
            session.add(edit)
    return writable


def resolve(engine: Engine, actor: object, conflict_ids: Iterable[int], take_record: bool) -> int:
    """Settle conflicts: keep the edits (the record's new value becomes the one they were made over),
    or take the record's value (the edit is dropped, the field follows the record again). Staff only."""
    settled = 0
    with write_session(engine) as session:
        user = acting_user(session, actor)
        require_catalogue(user)
        for edit_id in conflict_ids:
            # Locked (PostgreSQL): of two people settling the same conflict at once, the second finds it settled.
            edit = session.scalars(select(FieldEdit).where(FieldEdit.id == int(edit_id)).with_for_update()).first()
            if edit is None or edit.record_now is None:
                continue
            model = ENTITIES[edit.entity]
            row = session.get(model, edit.entity_key if model is Commune else int(edit.entity_key))
            before = {"field": edit.field, "value": decode(edit.value), "record": decode(edit.record_now)}
            if take_record and row is not None:
                value = decode(edit.record_now)
                if isinstance(model.__table__.c[edit.field].type, Date) and value:
                    value = date.fromisoformat(value)
                setattr(row, edit.field, value)
                row.version = int(row.version or 0) + 1
                session.add(row)
                session.delete(edit)
            else:
                edit.record_value, edit.record_now = edit.record_now, None
                session.add(edit)
            session.flush()
            audit.record(session, user, "conflict.take_record" if take_record else "conflict.keep_edit",
                         edit.entity, edit.entity_key, before, {"field": before["field"]})
            settled += 1
    return settled
