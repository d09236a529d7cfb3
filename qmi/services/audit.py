"""The audit log: every write records who, when, what, and the row before and after.

Call :func:`record` with the SAME session as the write, so both commit or neither does.
"""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import event, func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from qmi.db import frame
from qmi.models import AuditLog


def snapshot(row: SQLModel | None, exclude: tuple[str, ...] = ("password_hash",)) -> dict[str, Any] | None:
    """A row as a plain dict for the log (never the password hash)."""
    if row is None:
        return None
    return {k: v for k, v in row.model_dump().items() if k not in exclude}


def _json(value: dict[str, Any] | None) -> str | None:
    if value is None:
        return None

    def default(obj: object) -> str:
        return obj.isoformat() if isinstance(obj, (date, datetime)) else str(obj)

    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=default)


def record(
    session: Session,
    user: object | None,
    action: str,
    entity: str,
    entity_id: object,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> AuditLog:
    """Add one audit row to ``session`` (``user`` None means the command line / the system)."""
    entry = AuditLog(
        user_id=getattr(user, "user_id", None) or getattr(user, "id", None),
        username=getattr(user, "username", None) or "système",
        action=action,
        entity=entity,
        entity_id="" if entity_id is None else str(entity_id),
        before_json=_json(before),
        after_json=_json(after),
    )
    session.add(entry)
    return entry


def record_bulk(session: Session, action: str, what: str, counts: dict[str, int]) -> AuditLog:
    """One entry for a bulk write of the system (a data load from the command line): ``counts`` of
    rows by table and change, e.g. {"project.added": 3}."""
    return record(session, None, f"store.{action}", "store", what, None, dict(sorted(counts.items())))


@contextlib.contextmanager
def tracked_changes(session: Session) -> Iterator[Counter]:
    """Count, by table, the rows each flush of ``session`` adds, changes or deletes while the block
    runs, for a bulk load's single audit entry ("project.added": 3, ...). A row only touched with
    its own values is not counted."""
    counts: Counter = Counter()

    def count(flushing: Session, _context: object, _instances: object) -> None:
        counts.update(f"{row.__tablename__}.added" for row in flushing.new)
        counts.update(f"{row.__tablename__}.changed" for row in flushing.dirty if flushing.is_modified(row))
        counts.update(f"{row.__tablename__}.deleted" for row in flushing.deleted)

    event.listen(session, "before_flush", count)
    try:
        yield counts
        session.flush()
    finally:
        event.remove(session, "before_flush", count)


def last_write(engine: Engine) -> int:
    """Id of the latest audit entry, 0 for none. Every write adds one in its own transaction, so this
    stamps the store's version, whichever server process made the write."""
    with engine.connect() as connection:
        return connection.execute(select(func.max(AuditLog.id))).scalar_one() or 0


def audit_frame(
    engine: Engine,
    username: str | None = None,
    action: str | None = None,
    entity: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = 5000,
) -> pd.DataFrame:
    """The log, newest first, optionally filtered (for the administration page and its export)."""
    stmt = select(
        AuditLog.id, AuditLog.at, AuditLog.username, AuditLog.action, AuditLog.entity, AuditLog.entity_id,
        AuditLog.before_json, AuditLog.after_json,
    )
    if username:
        stmt = stmt.where(AuditLog.username == username)
    if action:
        stmt = stmt.where(AuditLog.action == action)
    if entity:
        stmt = stmt.where(AuditLog.entity == entity)
    if since:
        stmt = stmt.where(AuditLog.at >= datetime.combine(since, time(), tzinfo=UTC))
    if until:
        stmt = stmt.where(AuditLog.at < datetime.combine(until + timedelta(days=1), time(), tzinfo=UTC))
    return frame(engine, stmt.order_by(AuditLog.id.desc()).limit(limit))


def audit_choices(engine: Engine) -> dict[str, list[str]]:
    """The distinct people, actions and entities in the log (for the filters)."""
    choices = {}
    for name, column in (("username", AuditLog.username), ("action", AuditLog.action), ("entity", AuditLog.entity)):
        choices[name] = list(frame(engine, select(column).distinct().order_by(column)).iloc[:, 0])
    return choices


# What an entry may hold about a person: who wrote (user_id, username) and, in the rows it
# copies, names and account fields. A purge keeps the entry (what happened, when, to which row)
# and drops these, so counts of writes stay and people are no longer named (RGPD, minimisation).
PERSONAL_FIELDS = frozenset({
    "username", "display_name", "entered_by", "entered_by_id", "created_by_id", "assessor", "user_id",
    "last_login_at", "failed_attempts", "locked_until",
})
ANONYMOUS = "anonymisé"


def _without_personal(text: str | None) -> str | None:
    if text is None:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if not isinstance(value, dict):
        return None
    return _json({k: v for k, v in value.items() if k not in PERSONAL_FIELDS})


def purge_personal(engine: Engine, older_than_days: int, now: datetime | None = None) -> int:
    """Strip personal fields from every entry older than ``older_than_days``; returns how many changed.

    One transaction, itself logged (by the system) with the number of entries purged.
    """
    from qmi.db import write_session

    cutoff = (now or datetime.now(UTC)) - timedelta(days=older_than_days)
    with write_session(engine) as session:
        old = session.exec(select(AuditLog).where(AuditLog.at < cutoff)).scalars().all()
        changed = 0
        for entry in old:
            cleaned = (None, ANONYMOUS, _without_personal(entry.before_json), _without_personal(entry.after_json))
            if (entry.user_id, entry.username, entry.before_json, entry.after_json) != cleaned:
                entry.user_id, entry.username, entry.before_json, entry.after_json = cleaned
                session.add(entry)
                changed += 1
        record_bulk(session, "audit_purge", f"avant {cutoff:%Y-%m-%d}", {"auditlog.anonymised": changed})
        return changed
