"""An experiment's field journal (visits, observations, stakeholder interviews, users' feedback) and
its lessons learned (what worked, pitfalls, conditions for success, success stories).

Who may write: staff and admins for every experiment, an agent for the experiments of their own
commune, a viewer never (``qmi.domain.rights``, enforced here). Every write validates with one
message per field, refuses a form saved over a newer version (« modifié entre-temps »), and writes
the row and its audit entry in one transaction. Nothing is deleted: an entry is archived.

Who was met is written as roles (« responsable des espaces verts, 3 agents »), never names (RGPD);
links are web addresses (http or https) only. A lesson's fields are kept beside the public record
(``qmi.services.edits``), so a story the record gives and a person edited is never written over.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from qmi.db import write_session
from qmi.domain.rights import may_write_data
from qmi.domain.text import bad_character
from qmi.i18n import t
from qmi.models import DATE_PRECISIONS, EVIDENCE_KINDS, LESSON_KINDS, FieldEvidence, Lesson, Project, User
from qmi.services import audit, edits
from qmi.services.catalogue import entered_source
from qmi.services.errors import PermissionDenied, ServiceError, ValidationFailed
from qmi.services.permissions import acting_user, require_write_project
from qmi.services.validation import parse_date, shown

# Longest texts a field takes (characters).
LIMITS = {"met_roles": 300, "summary": 3000, "links": 1000, "source": 300, "title": 150, "text": 3000,
          "evidence": 1000}
MULTILINE = frozenset({"summary", "links", "text", "evidence"})
MAX_LINKS = 5
EARLIEST = date(2015, 1, 1)
EVIDENCE_FIELDS = ("observed_on", "date_precision", "kind", "met_roles", "summary", "links", "source")
LESSON_FIELDS = ("kind", "title", "text", "evidence", "evidence_id", "source")
_SPACE = re.compile(r"\s")


def _texts(data: dict[str, Any], fields: dict[str, bool], errors: dict[str, str], lang: str) -> dict[str, str]:
    """The text ``fields`` (name: required) of ``data``, trimmed, each checked for its length and characters."""
    values = {}
    for field, required in fields.items():
        raw = data.get(field)
        value = "" if raw is None else str(raw).strip()
        if required and not value:
            errors[field] = t("valid.required", lang)
        elif len(value) > LIMITS[field]:
            errors[field] = t("valid.too_long", lang, max=LIMITS[field])
        elif (char := bad_character(value, field in MULTILINE)) is not None:
            errors[field] = t("valid.control_character", lang, char=char)
        values[field] = value
    return values


def links_of(text: str) -> list[str]:
    """The addresses a ``links`` field holds, one a line (blank lines left out)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def web_address(link: str) -> bool:
    """Is ``link`` an http or https address with a host, and nothing a page could run (javascript:, data:…)?"""
    if _SPACE.search(link) or any(c in link for c in "<>\"'`"):
        return False
    try:
        parts = urlsplit(link)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and "." in (parts.hostname or "")


def _evidence_values(data: dict[str, Any], lang: str) -> dict[str, Any]:
    errors: dict[str, str] = {}
    kind = str(data.get("kind") or "")
    if kind not in EVIDENCE_KINDS:
        errors["kind"] = t("lessons.error.evidence_kind", lang)
    try:
        observed_on = parse_date(data.get("observed_on"))
    except ValueError:
        observed_on = None
        errors["observed_on"] = t("valid.not_date", lang, value=shown(data.get("observed_on")))
    today = datetime.now(UTC).date()
    if observed_on is None:
        errors.setdefault("observed_on", t("valid.required", lang))
    elif observed_on > today:
        errors["observed_on"] = t("lessons.error.future", lang)
    elif observed_on < EARLIEST:
        errors["observed_on"] = t("catalogue.error.year_range", lang, min=EARLIEST.year, max=today.year)
    precision = str(data.get("date_precision") or "day")
    if precision not in DATE_PRECISIONS:
        errors["date_precision"] = t("catalogue.error.precision", lang)
    texts = _texts(data, {"met_roles": False, "summary": True, "links": False, "source": False}, errors, lang)
    if "links" not in errors:
        links = links_of(texts["links"])
        bad = next((link for link in links if not web_address(link)), None)
        if bad is not None:
            errors["links"] = t("lessons.error.link", lang, value=shown(bad, 60))
        elif len(links) > MAX_LINKS:
            errors["links"] = t("lessons.error.too_many_links", lang, max=MAX_LINKS)
        texts["links"] = "\n".join(links)
    if errors:
        raise ValidationFailed(errors)
    return {"observed_on": observed_on, "date_precision": precision, "kind": kind} | texts


def _project(session: Session, slug: str) -> Project:
    project = session.scalars(select(Project).where(Project.slug == slug).with_for_update()).first()
    if project is None:
        raise ServiceError("valid.unknown_project", value=shown(slug))
    return project


def _writer(session: Session, actor: object, project: Project) -> User:
    """The account, if it may write the journal and the lessons of ``project``; refused otherwise."""
    user = acting_user(session, actor)
    if not may_write_data(user.role, user.commune_insee, user.is_active):
        raise PermissionDenied("lessons.error.read_only")
    require_write_project(user, project)
    return user


def _locked(session: Session, model, row_id: object, missing: str):
    try:
        key = int(row_id)
    except (TypeError, ValueError):
        raise ServiceError(missing) from None
    row = session.scalars(select(model).where(model.id == key).with_for_update()).first()
    if row is None:
        raise ServiceError(missing)
    return row


def _snapshot(row, project: Project) -> dict[str, Any]:
    return audit.snapshot(row) | {"project": project.slug}


# --- the field journal -----------------------------------------------------------------------------

def add_evidence(engine: Engine, actor: object, slug: str, data: dict[str, Any], lang: str = "fr",
                 submission_key: str | None = None) -> FieldEvidence:
    """Record a visit, an observation, an interview or users' feedback on the experiment ``slug``.
    The source defaults to « Saisie par <organisation> (<compte>), le <date> »."""
    values = _evidence_values(data, lang)
    with write_session(engine) as session:
        project = _project(session, slug)
        user = _writer(session, actor, project)
        if submission_key is not None:
            done = session.scalars(select(FieldEvidence).where(FieldEvidence.submission_key == submission_key)).first()
            if done is not None:  # the same form sent twice: written once
                session.expunge(done)
                return done
        values["source"] = values["source"] or entered_source(session, user)
        entry = FieldEvidence(project_id=project.id, entered_by_id=user.id, entered_by=user.username, is_demo=False,
                              submission_key=submission_key, **values)
        session.add(entry)
        session.flush()
        audit.record(session, user, "create", "fieldevidence", entry.id, None, _snapshot(entry, project))
        session.refresh(entry)
        session.expunge(entry)
        return entry


def edit_evidence(engine: Engine, actor: object, entry_id: int, data: dict[str, Any], version: int | None,
                  lang: str = "fr") -> tuple[str, ...]:
    """Change an entry's fields (those ``data`` gives); returns the fields changed."""
    with write_session(engine) as session:
        entry = _locked(session, FieldEvidence, entry_id, "lessons.error.unknown_evidence")
        project = session.get(Project, entry.project_id)
        user = _writer(session, actor, project)
        edits.require_current(session, entry, version)
        values = _evidence_values({f: getattr(entry, f) for f in EVIDENCE_FIELDS} | data, lang)
        values["source"] = values["source"] or entry.source
        return _change(session, user, entry, project, values)


def _change(session: Session, user: User, row, project: Project, values: dict[str, Any]) -> tuple[str, ...]:
    """Write the fields that differ, bump the version and audit them, before and after."""
    diff = {f: (getattr(row, f), v) for f, v in values.items() if getattr(row, f) != v}
    if not diff:
        return ()
    for field, (_old, new) in diff.items():
        setattr(row, field, new)
    row.version = int(row.version or 0) + 1
    session.add(row)
    session.flush()
    audit.record(session, user, "update", row.__tablename__, row.id,
                 {f: old for f, (old, _new) in diff.items()} | {"project": project.slug},
                 {f: new for f, (_old, new) in diff.items()} | {"project": project.slug})
    return tuple(diff)


def set_evidence_archived(engine: Engine, actor: object, entry_id: int, archived: bool,
                          version: int | None = None) -> bool:
    """Hide an entry from the record (kept in the store and the exports, with ``archived``), or bring it back."""
    with write_session(engine) as session:
        entry = _locked(session, FieldEvidence, entry_id, "lessons.error.unknown_evidence")
        project = session.get(Project, entry.project_id)
        user = _writer(session, actor, project)
        edits.require_current(session, entry, version)
        return bool(_change(session, user, entry, project, {"archived": bool(archived)}))


# --- lessons learned -------------------------------------------------------------------------------

def _lesson_values(session: Session, project: Project, data: dict[str, Any], lang: str) -> dict[str, Any]:
    errors: dict[str, str] = {}
    kind = str(data.get("kind") or "")
    if kind not in LESSON_KINDS:
        errors["kind"] = t("lessons.error.lesson_kind", lang)
    texts = _texts(data, {"title": False, "text": True, "evidence": False, "source": False}, errors, lang)
    if kind == "story" and not texts["title"] and "title" not in errors:
        errors["title"] = t("lessons.error.story_title", lang)
    raw = data.get("evidence_id")
    evidence_id = None
    if raw not in (None, ""):
        try:
            evidence_id = int(raw)
        except (TypeError, ValueError):
            evidence_id = -1
        entry = session.get(FieldEvidence, evidence_id)
        if entry is None or entry.project_id != project.id or entry.archived:
            errors["evidence_id"] = t("lessons.error.unknown_evidence", lang)
    if errors:
        raise ValidationFailed(errors)
    return {"kind": kind, **texts, "evidence_id": evidence_id}


def add_lesson(engine: Engine, actor: object, slug: str, data: dict[str, Any], lang: str = "fr") -> Lesson:
    """Record a lesson of the experiment ``slug``: its kind, text, title (a story needs one), what supports
    it (``evidence`` in words and/or ``evidence_id``, an entry of its field journal) and its source."""
    with write_session(engine) as session:
        project = _project(session, slug)
        user = _writer(session, actor, project)
        values = _lesson_values(session, project, data, lang)
        if values["kind"] == "story" and session.scalars(select(Lesson.id).where(
                Lesson.project_id == project.id, Lesson.kind == "story", Lesson.title == values["title"])).first():
            raise ValidationFailed({"title": t("lessons.error.duplicate_story", lang)})
        values["source"] = values["source"] or entered_source(session, user)
        lesson = Lesson(project_id=project.id, entered_by_id=user.id, entered_by=user.username, is_demo=False,
                        **values)
        edits.apply(session, user, lesson, values, values["source"], created=True)
        session.refresh(lesson)
        session.expunge(lesson)
        return lesson


def edit_lesson(engine: Engine, actor: object, lesson_id: int, data: dict[str, Any], version: int | None,
                lang: str = "fr") -> tuple[str, ...]:
    """Change a lesson's fields (those ``data`` gives); each changed field is kept beside the record."""
    with write_session(engine) as session:
        lesson = _locked(session, Lesson, lesson_id, "lessons.error.unknown_lesson")
        project = session.get(Project, lesson.project_id)
        user = _writer(session, actor, project)
        edits.require_current(session, lesson, version)
        values = _lesson_values(session, project, {f: getattr(lesson, f) for f in LESSON_FIELDS} | data, lang)
        values["source"] = values["source"] or lesson.source
        if values["kind"] == "story" and session.scalars(select(Lesson.id).where(
                Lesson.project_id == project.id, Lesson.kind == "story", Lesson.title == values["title"],
                Lesson.id != lesson.id)).first():
            raise ValidationFailed({"title": t("lessons.error.duplicate_story", lang)})
        return tuple(edits.apply(session, user, lesson, values, values["source"]))


def set_lesson_archived(engine: Engine, actor: object, lesson_id: int, archived: bool,
                        version: int | None = None) -> bool:
    """Hide a lesson from the record, the Enseignements page and the presentation (kept in the exports)."""
    with write_session(engine) as session:
        lesson = _locked(session, Lesson, lesson_id, "lessons.error.unknown_lesson")
        project = session.get(Project, lesson.project_id)
        user = _writer(session, actor, project)
        edits.require_current(session, lesson, version)
        return bool(edits.apply(session, user, lesson, {"archived": bool(archived)}, ""))
