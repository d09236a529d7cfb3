"""The audit log: every write records who, when, what, and the row before and after.

Call :func:`record` with the SAME session as the write, so both commit or neither does.

A transaction that adds an audit entry also moves, before it commits, the version of every scope
of the store its rows touched (``qmi.domain.scopes``: the kind of each row written, and its
commune through its experiment), read back by :func:`versions` for the cached reads' keys.
"""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import event, func, inspect, literal, select, union_all
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, SQLModel

from qmi.db import frame
from qmi.domain import scopes
from qmi.models import Assessment, AuditLog, Project, StoreScope, Transfer


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
    rows by table and change, e.g. {"project.added": 3}. It makes every cached read old (scope ``ALL``)."""
    session.info[_EVERYTHING] = True
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


# --- the scopes a transaction touched -------------------------------------------------------

_TOUCHED = "qmi_scopes_touched"  # session.info: (kind, what the commune is read from, its key)
_AUDITED = "qmi_audited"  # session.info: the transaction added an audit entry
_EVERYTHING = "qmi_scopes_everything"  # session.info: a bulk write, every scope old
# Each row's way to its commune: its own column, or the experiment (or assessment, transfer) it belongs to.
_COMMUNE_REFS = (("commune_insee", "commune"), ("insee_code", "commune"), ("project_id", "project"),
                 ("from_project_id", "project"), ("to_project_id", "project"), ("assessment_id", "assessment"),
                 ("transfer_id", "transfer"))


def _refs(row: object) -> Iterator[tuple[str, object]]:
    """What ``row`` names its commune by, old values of a changed column included (an experiment moved)."""
    state = inspect(row)
    for column, ref in _COMMUNE_REFS:
        if column not in state.attrs or (column == "insee_code" and row.__tablename__ != "commune"):
            continue
        history = state.attrs[column].history
        for value in (*history.added, *history.unchanged, *history.deleted):
            if value is not None:
                yield ref, value


@event.listens_for(OrmSession, "after_flush")
def _collect_touched(session: OrmSession, _context: object) -> None:
    touched = session.info.setdefault(_TOUCHED, set())
    for row in (*session.new, *session.deleted, *(r for r in session.dirty if session.is_modified(r))):
        table = getattr(row, "__tablename__", None)
        if table == AuditLog.__tablename__:
            session.info[_AUDITED] = True
            continue
        if table in scopes.UNSCOPED_TABLES or session.info.get(_EVERYTHING):
            continue
        kind = scopes.TABLE_KIND.get(table)
        if kind is None:
            session.info[_EVERYTHING] = True
            continue
        refs = list(_refs(row)) if kind in scopes.COMMUNE_BOUND else []
        touched.update((kind, ref, key) for ref, key in refs or [(None, None)])


def _communes(session: OrmSession, ref: str, keys: set) -> dict[object, set[str]]:
    """The communes of these experiments (assessments, transfers), as they are in the transaction."""
    if ref == "commune":
        return {key: {key} for key in keys}
    if ref == "project":
        rows = session.execute(select(Project.id, Project.commune_insee).where(Project.id.in_(keys)))
    elif ref == "assessment":
        rows = session.execute(select(Assessment.id, Project.commune_insee).join(Project, Project.id == Assessment.project_id)
                               .where(Assessment.id.in_(keys)))
    else:
        rows = session.execute(union_all(*(
            select(Transfer.id, Project.commune_insee).join(Project, Project.id == side).where(Transfer.id.in_(keys))
            for side in (Transfer.from_project_id, Transfer.to_project_id))))
    found: dict[object, set[str]] = {}
    for key, commune in rows:
        found.setdefault(key, set()).add(commune)
    return found


def _touched_scopes(session: OrmSession) -> set[str]:
    if session.info.get(_EVERYTHING):
        return {scopes.ALL}
    by_kind: dict[str, set[str | None]] = {}
    wanted: dict[str, set] = {}
    for kind, ref, key in session.info.get(_TOUCHED, ()):
        by_kind.setdefault(kind, set())
        if ref is not None:
            wanted.setdefault(ref, set()).add(key)
    resolved = {ref: _communes(session, ref, keys) for ref, keys in wanted.items()}
    names = set()
    for kind, ref, key in session.info.get(_TOUCHED, ()):
        if ref is None:
            by_kind[kind].add(None)
        elif (communes := resolved[ref].get(key)) is None:
            names.add(scopes.ALL)  # a row whose experiment went in the same transaction: make everything old
        else:
            by_kind[kind].update(communes)
    for kind, communes in by_kind.items():
        names |= scopes.touched(kind, communes)
    return names


def _forget(session: OrmSession) -> None:
    for name in (_TOUCHED, _AUDITED, _EVERYTHING):
        session.info.pop(name, None)


@event.listens_for(OrmSession, "before_commit")
def _move_versions(session: OrmSession) -> None:
    """Move the version of every scope the transaction touched, in it, if it wrote an audit entry."""
    session.flush()
    try:
        if not session.info.get(_AUDITED):
            return
        names = sorted(_touched_scopes(session))  # always in the same order: two writers never deadlock
        if not names:
            return
        dialect = session.get_bind().dialect.name
        insert = (postgresql if dialect == "postgresql" else sqlite).insert
        table = StoreScope.__table__
        statement = insert(table).values([{"scope": name, "version": 1} for name in names])
        session.execute(statement.on_conflict_do_update(index_elements=[table.c.scope],
                                                        set_={"version": table.c.version + 1}))
    finally:
        _forget(session)


@event.listens_for(OrmSession, "after_rollback")
def _rolled_back(session: OrmSession) -> None:
    _forget(session)


def versions(engine: Engine) -> dict[str, int]:
    """Every scope's version, and under ``""`` the store's own (:func:`last_write`), in one query."""
    scoped = select(StoreScope.scope, StoreScope.version)
    latest = select(literal(""), func.coalesce(func.max(AuditLog.id), 0))
    try:
        with engine.connect() as connection:
            return dict(connection.execute(union_all(scoped, latest)).all())
    except (OperationalError, ProgrammingError):  # a read-only store older than the scopes: the store's version only
        return {"": last_write(engine)}


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
