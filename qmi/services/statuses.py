"""An experiment's status as a timeline: each change of its deployment level (0–3) or its
abandonment is a dated entry with its source and author; the current status is the latest entry (a demo
entry only where no entry is real).

``Project.deployment_level``, ``abandoned``, ``status_source`` and ``status_is_demo`` hold the
latest entry (:func:`refresh`, in the same transaction as every entry written), so the pages that
show the current status read one row. Who may record a change: staff and admins for every
experiment, an agent for the experiments of their own commune.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from qmi.db import write_session
from qmi.domain.text import bad_character
from qmi.i18n import t
from qmi.models import DATE_PRECISIONS, Project, StatusChange, User
from qmi.services import audit
from qmi.services.catalogue import entered_source
from qmi.services.errors import ServiceError, ValidationFailed
from qmi.services.permissions import acting_user, require_write_project
from qmi.services.validation import parse_date, shown

MAX_SOURCE, MAX_NOTE = 300, 1000
EARLIEST = date(2015, 1, 1)


def latest(session: Session, project_id: int) -> StatusChange | None:
    """The entry that is the current status: the latest real one; an illustrative (demo) one only
    where none is real, so a person's entry dated before the demo's date is still what shows."""
    return session.scalars(
        select(StatusChange).where(StatusChange.project_id == project_id)
        .order_by(StatusChange.is_demo.asc(), StatusChange.changed_on.desc(), StatusChange.id.desc()).limit(1)
    ).first()


def refresh(session: Session, project: Project) -> None:
    """Set the experiment's current status from its latest entry (none: no status)."""
    entry = latest(session, project.id)
    current = ((entry.deployment_level, entry.abandoned, entry.source or None, entry.is_demo)
               if entry is not None else (None, False, None, False))
    if (project.deployment_level, project.abandoned, project.status_source, project.status_is_demo) != current:
        project.deployment_level, project.abandoned, project.status_source, project.status_is_demo = current
        session.add(project)


def add(session: Session, project: Project, *, level: int | None, abandoned: bool, changed_on: date, source: str,
        precision: str = "day", note: str = "", user: User | None = None, is_demo: bool = False) -> StatusChange:
    """Append an entry and bring the current status up to date (no right checked: the store's loaders)."""
    entry = StatusChange(
        project_id=project.id, changed_on=changed_on, date_precision=precision, deployment_level=level,
        abandoned=abandoned, source=source, note=note, entered_by_id=getattr(user, "id", None),
        entered_by=getattr(user, "username", "") or "", is_demo=is_demo,
    )
    session.add(entry)
    session.flush()
    refresh(session, project)
    return entry


def record_status(engine: Engine, actor: object, slug: str, data: dict[str, Any], lang: str = "fr") -> StatusChange:
    """A person records a change of status: ``level`` "0"–"3" or "abandoned", ``changed_on``, and a
    ``source`` or a ``note`` (the source defaults to « Saisie par <organisation> »)."""
    errors: dict[str, str] = {}
    raw_level = str(data.get("level") if data.get("level") is not None else "").strip()
    abandoned = raw_level == "abandoned"
    level = int(raw_level) if raw_level in ("0", "1", "2", "3") else None
    if level is None and not abandoned:
        errors["level"] = t("valid.score", lang)
    try:
        changed_on = parse_date(data.get("changed_on"))
    except ValueError:
        changed_on = None
        errors["changed_on"] = t("valid.not_date", lang, value=shown(data.get("changed_on")))
    today = datetime.now(UTC).date()
    if changed_on is None:
        errors.setdefault("changed_on", t("valid.required", lang))
    elif changed_on > today:
        errors["changed_on"] = t("catalogue.error.status_future", lang)
    elif changed_on < EARLIEST:
        errors["changed_on"] = t("catalogue.error.year_range", lang, min=EARLIEST.year, max=today.year)
    precision = str(data.get("date_precision") or "day")
    if precision not in DATE_PRECISIONS:
        errors["date_precision"] = t("catalogue.error.precision", lang)
    texts = {}
    for field, limit in (("source", MAX_SOURCE), ("note", MAX_NOTE)):
        value = str(data.get(field) or "").strip()
        if len(value) > limit:
            errors[field] = t("valid.too_long", lang, max=limit)
        elif (char := bad_character(value, field == "note")) is not None:
            errors[field] = t("valid.control_character", lang, char=char)
        texts[field] = value
    if errors:
        raise ValidationFailed(errors)
    with write_session(engine) as session:
        user = acting_user(session, actor)
        project = session.scalars(select(Project).where(Project.slug == slug).with_for_update()).first()
        if project is None:
            raise ServiceError("valid.unknown_project", value=shown(slug))
        require_write_project(user, project)
        before = _current(project)
        entry = add(session, project, level=level, abandoned=abandoned, changed_on=changed_on,
                    source=texts["source"] or entered_source(session, user, today), precision=precision,
                    note=texts["note"], user=user)
        audit.record(session, user, "create", "statuschange", entry.id, before,
                     audit.snapshot(entry) | {"project": project.slug})
        return entry


def _current(project: Project) -> dict[str, Any]:
    return {"project": project.slug, "deployment_level": project.deployment_level, "abandoned": project.abandoned,
            "status_source": project.status_source}
