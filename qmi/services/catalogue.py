"""The programme's portfolio, maintained in the app: experiments, editions, communes of the
programme, Communauté events and programme figures.

Every write here: the right (staff and admins; deleting a typo: admins), validation with one clear
message per field (``ValidationFailed``), a version check against a form saved over a newer
version, and one transaction with the change, its kept-beside-the-record edits
(``qmi.services.edits``) and its audit entry. A fact entered carries its source, or « Saisie par
<organisation> »; it is never demo.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from qmi.config import get_settings
from qmi.db import write_session
from qmi.domain.text import bad_character
from qmi.files import read_csv
from qmi.i18n import t
from qmi.models import (
    DATE_PRECISIONS,
    Assessment,
    Commune,
    Edition,
    Event,
    Family,
    FieldEdit,
    Measurement,
    ProgrammeFigure,
    Project,
    ProtocolIndicator,
    StatusChange,
    UrbanChallenge,
    User,
)
from qmi.services import audit, edits
from qmi.services.errors import ServiceError, ValidationFailed
from qmi.services.permissions import acting_user, require_admin, require_catalogue
from qmi.services.validation import parse_date, parse_number, shown

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*", re.ASCII)
# Longest texts a field takes (characters).
LIMITS = {
    "name": 120, "organisation": 120, "type_tags": 200, "description": 3000, "location_note": 200, "source": 300,
    "slug": 80, "innovation_district": 120, "district_source": 300, "mayor": 120, "mayor_source": 300,
    "format": 120, "source_detail": 500, "note": 1000, "label": 200, "display": 40, "unit": 40, "key": 60,
}
MULTILINE = frozenset({"description", "note", "source_detail"})
MAX_ATTENDANCE = 100_000
EARLIEST_YEAR, LATEST_YEAR = 2015, 2100


def entered_source(session: Session, user: User, when: date | None = None) -> str:
    """The source of a fact a person enters without naming one: « Saisie par <organisation> (<name>), le <date> »."""
    if user.role == "agent" and user.commune_insee:
        commune = session.get(Commune, user.commune_insee)
        organisation = f"la ville de {commune.name}" if commune is not None else user.commune_insee
    else:
        organisation = get_settings().operator
    return f"Saisie par {organisation} ({user.username}), le {(when or datetime.now(UTC).date()):%d/%m/%Y}"


class _Form:
    """Reads a form's fields into clean values, collecting one message per bad field."""

    def __init__(self, data: dict[str, Any], lang: str) -> None:
        self.data, self.lang, self.errors = data, lang, {}

    def fail(self, field: str, key: str, **values: object) -> None:
        self.errors.setdefault(field, t(key, self.lang, **values))

    def text(self, field: str, required: bool = False) -> str | None:
        raw = self.data.get(field)
        value = "" if raw is None else str(raw).strip()
        if required and not value:
            self.fail(field, "valid.required")
        elif len(value) > LIMITS[field]:
            self.fail(field, "valid.too_long", max=LIMITS[field])
        elif (char := bad_character(value, field in MULTILINE)) is not None:
            self.fail(field, "valid.control_character", char=char)
        return value or None

    def day(self, field: str, required: bool = False) -> date | None:
        try:
            value = parse_date(self.data.get(field))
        except ValueError:
            self.fail(field, "valid.not_date", value=shown(self.data.get(field)))
            return None
        if value is None and required:
            self.fail(field, "valid.required")
        elif value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            self.fail(field, "catalogue.error.year_range", min=EARLIEST_YEAR, max=LATEST_YEAR)
        return value

    def whole(self, field: str, required: bool = False, low: int = 0, high: int = MAX_ATTENDANCE) -> int | None:
        raw = self.data.get(field)
        if raw is None or str(raw).strip() == "":
            if required:
                self.fail(field, "valid.required")
            return None
        try:
            value = parse_number(raw)
        except ValueError:
            self.fail(field, "valid.not_number", value=shown(raw))
            return None
        if value != int(value):
            self.fail(field, "valid.not_integer")
            return None
        if not low <= value <= high:
            self.fail(field, "catalogue.error.range", min=low, max=high)
            return None
        return int(value)

    def number(self, field: str) -> float | None:
        raw = self.data.get(field)
        if raw is None or str(raw).strip() == "":
            self.fail(field, "valid.required")
            return None
        try:
            return parse_number(raw)
        except ValueError:
            self.fail(field, "valid.not_number", value=shown(raw))
            return None

    def done(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)


def slug_for(name: str) -> str:
    """A URL-safe slug of ``name``: « Quartier d'Été » → ``quartier-d-ete``."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[: LIMITS["slug"]].strip("-") or "experimentation"


def _free_slug(session: Session, base: str) -> str:
    taken = set(session.scalars(select(Project.slug).where(Project.slug.like(f"{base}%"))))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


# --- experiments ---------------------------------------------------------------------------------

PROJECT_FIELDS = ("name", "organisation", "commune_insee", "edition_id", "family_code", "challenge_code", "type_tags",
                  "description", "start_date", "end_date", "location_note", "source")


def _project_values(session: Session, data: dict[str, Any], lang: str) -> dict[str, Any]:
    """The experiment's fields from a form or an imported row, checked against the store."""
    form = _Form(data, lang)
    values: dict[str, Any] = {f: form.text(f, required=f in ("name", "organisation"))
                              for f in ("name", "organisation", "type_tags", "description", "location_note", "source")}
    values["type_tags"] = values["type_tags"] or ""
    values["description"] = values["description"] or ""
    edition_id = form.whole("edition_id", required=True, low=1, high=99)
    if edition_id is not None and session.get(Edition, edition_id) is None:
        form.fail("edition_id", "catalogue.error.unknown_edition", value=edition_id)
    insee = str(data.get("commune_insee") or "").strip()
    commune = session.get(Commune, insee) if insee else None
    if not insee:
        form.fail("commune_insee", "valid.required")
    elif commune is None:
        form.fail("commune_insee", "valid.unknown_commune", value=shown(insee, 20))
    elif edition_id is not None and "edition_id" not in form.errors and commune.edition_id != edition_id:
        form.fail("commune_insee", "catalogue.error.not_in_edition", commune=commune.name, edition=edition_id)
    for field, model in (("family_code", Family), ("challenge_code", UrbanChallenge)):
        code = str(data.get(field) or "").strip() or None
        if code is not None and session.get(model, code) is None:
            form.fail(field, "catalogue.error.unknown_code", value=shown(code, 40))
        values[field] = code
    values["start_date"], values["end_date"] = form.day("start_date"), form.day("end_date")
    if values["start_date"] and values["end_date"] and values["end_date"] < values["start_date"]:
        form.fail("end_date", "valid.period_order")
    form.done()
    values["commune_insee"], values["edition_id"] = insee, edition_id
    return values


def _lock(session: Session, model, *where):
    """The row, locked for this transaction on PostgreSQL (SQLite's BEGIN IMMEDIATE already serialises)."""
    return session.scalars(select(model).where(*where).with_for_update()).first()


def _require_staff(session: Session, actor: object) -> User:
    user = acting_user(session, actor)
    require_catalogue(user)
    return user


@dataclass(frozen=True)
class Saved:
    """What a catalogue write did: the row's key (a slug, an id) and the fields it changed."""

    key: str
    changed: tuple[str, ...]


def create_project(engine: Engine, actor: object, data: dict[str, Any], lang: str = "fr") -> Saved:
    with write_session(engine) as session:
        user = _require_staff(session, actor)
        return _create_project(session, user, data, lang)


def _create_project(session: Session, user: User, data: dict[str, Any], lang: str) -> Saved:
    values = _project_values(session, data, lang)
    given = str(data.get("slug") or "").strip()
    if given:
        if len(given) > LIMITS["slug"] or not SLUG.fullmatch(given):
            raise ValidationFailed({"slug": t("catalogue.error.slug", lang)})
        if session.scalars(select(Project.id).where(Project.slug == given)).first() is not None:
            raise ValidationFailed({"slug": t("catalogue.error.duplicate_slug", lang, slug=given)})
        slug = given
    else:
        slug = _free_slug(session, slug_for(values["name"]))
    values["source"] = values["source"] or entered_source(session, user)
    values |= {"challenge_status": "validated" if values["challenge_code"] else "proposed",
               "challenge_source": values["source"] if values["challenge_code"] else None}
    project = Project(slug=slug, is_demo=False, **{k: v for k, v in values.items()})
    edits.apply(session, user, project, values, values["source"], created=True)
    return Saved(slug, tuple(values))


def update_project(engine: Engine, actor: object, slug: str, data: dict[str, Any], version: int | None,
                   lang: str = "fr") -> Saved:
    """Change an experiment's fields; its slug never changes (links and QR codes use it)."""
    with write_session(engine) as session:
        user = _require_staff(session, actor)
        return _update_project(session, user, slug, data, version, lang)


def _update_project(session: Session, user: User, slug: str, data: dict[str, Any], version: int | None,
                    lang: str) -> Saved:
    project = _lock(session, Project, Project.slug == slug)
    if project is None:
        raise ServiceError("valid.unknown_project", value=shown(slug))
    edits.require_current(session, project, version)
    values = _project_values(session, {f: getattr(project, f) for f in PROJECT_FIELDS} | data, lang)
    if not values["source"]:
        values["source"] = project.source
    if values["challenge_code"] != project.challenge_code:
        values |= {"challenge_status": "validated" if values["challenge_code"] else "proposed",
                   "challenge_source": values["source"] if values["challenge_code"] else None}
    changed = edits.apply(session, user, project, values, values["source"])
    return Saved(slug, tuple(changed))


def _archive(session: Session, user: User, row, archived: bool, version: int | None) -> bool:
    edits.require_current(session, row, version)
    if bool(row.archived) == archived:
        return False
    edits.apply(session, user, row, {"archived": archived}, "")
    return True


def set_project_archived(engine: Engine, actor: object, slug: str, archived: bool, version: int | None = None) -> bool:
    """Hide an experiment from the public pages (kept in the exports, with ``archived``), or bring it back."""
    with write_session(engine) as session:
        user = _require_staff(session, actor)
        project = _lock(session, Project, Project.slug == slug)
        if project is None:
            raise ServiceError("valid.unknown_project", value=shown(slug))
        return _archive(session, user, project, archived, version)


@cache
def record_slugs() -> frozenset[str]:
    """The slugs of the public record's experiments (the shipped file: read once per process)."""
    return frozenset(r["slug"] for r in read_csv("projects.csv"))


def delete_project(engine: Engine, actor: object, slug: str) -> None:
    """Delete an experiment entered by mistake (admins only): never one with data, nor one of the record."""
    with write_session(engine) as session:
        user = acting_user(session, actor)
        require_admin(user)
        project = _lock(session, Project, Project.slug == slug)
        if project is None:
            raise ServiceError("valid.unknown_project", value=shown(slug))
        if slug in record_slugs():
            raise ServiceError("catalogue.error.delete_record")
        for model in (Measurement, Assessment, ProtocolIndicator):
            if session.scalars(select(func.count()).select_from(model).where(model.project_id == project.id)).one():
                raise ServiceError("catalogue.error.delete_has_data")
        before = audit.snapshot(project)
        statuses = session.scalars(select(StatusChange).where(StatusChange.project_id == project.id)).all()
        before["statuses"] = [audit.snapshot(s) for s in statuses]
        for row in [*statuses, *session.scalars(select(FieldEdit).where(
                FieldEdit.entity == "project", FieldEdit.entity_key == str(project.id)))]:
            session.delete(row)
        session.flush()  # the entries go first: no relationship tells the flush to order them before their project
        session.delete(project)
        session.flush()
        audit.record(session, user, "delete", "project", project.id, before, None)


# --- editions and communes -----------------------------------------------------------------------

def _edition_years(data: dict[str, Any], lang: str) -> tuple[int, int | None, str | None]:
    """An edition's start and end years (in order) and the source given with them, checked."""
    form = _Form(data, lang)
    start = form.whole("year_start", required=True, low=EARLIEST_YEAR, high=LATEST_YEAR)
    end = form.whole("year_end", low=EARLIEST_YEAR, high=LATEST_YEAR)
    source = form.text("source")
    if start is not None and end is not None and end < start:
        form.fail("year_end", "catalogue.error.years_order")
    form.done()
    return start, end, source


def open_edition(engine: Engine, actor: object, data: dict[str, Any], lang: str = "fr") -> Saved:
    """Open the next edition (its number follows the last one), with its years and source."""
    with write_session(engine) as session:
        user = _require_staff(session, actor)
        start, end, source = _edition_years(data, lang)
        number = (session.scalars(select(func.max(Edition.id))).one() or 0) + 1
        values = {"name": f"Édition {number}", "year_start": start, "year_end": end,
                  "source": source or entered_source(session, user)}
        edition = Edition(id=number, **values)
        edits.apply(session, user, edition, values, values["source"], created=True)
        return Saved(str(number), tuple(values))


def update_edition(engine: Engine, actor: object, edition_id: int, data: dict[str, Any], version: int | None,
                   lang: str = "fr") -> Saved:
    with write_session(engine) as session:
        user = _require_staff(session, actor)
        edition = _lock(session, Edition, Edition.id == int(edition_id))
        if edition is None:
            raise ServiceError("catalogue.error.unknown_edition", value=edition_id)
        edits.require_current(session, edition, version)
        start, end, source = _edition_years({"year_start": edition.year_start, "year_end": edition.year_end} | data,
                                            lang)
        values = {"year_start": start, "year_end": end}
        changed = edits.apply(session, user, edition, values, source or entered_source(session, user))
        return Saved(str(edition.id), tuple(changed))


def join_programme(engine: Engine, actor: object, insee: str, data: dict[str, Any], version: int | None = None,
                   lang: str = "fr") -> Saved:
    """Bring a commune into the programme for an edition, or change its district and mayor; each
    with its source (« Saisie par … » when none is given)."""
    with write_session(engine) as session:
        user = _require_staff(session, actor)
        commune = _lock(session, Commune, Commune.insee_code == str(insee or "").strip())
        if commune is None:
            raise ServiceError("essaimage.error.unknown_commune", commune=shown(insee, 20))
        edits.require_current(session, commune, version)
        fields = ("edition_id", "innovation_district", "district_source", "mayor", "mayor_source")
        form = _Form({f: getattr(commune, f) for f in fields} | data, lang)  # a field not given keeps its value
        edition_id = form.whole("edition_id", required=True, low=1, high=99)
        if edition_id is not None and session.get(Edition, edition_id) is None:
            form.fail("edition_id", "catalogue.error.unknown_edition", value=edition_id)
        values = {f: form.text(f) for f in fields[1:]}
        if (commune.edition_id is not None and edition_id is not None and edition_id != commune.edition_id
                and session.scalars(select(Project.id).where(Project.commune_insee == commune.insee_code)).first()):
            form.fail("edition_id", "catalogue.error.commune_has_projects", commune=commune.name)
        form.done()
        default = entered_source(session, user)
        for field, source_field in (("innovation_district", "district_source"), ("mayor", "mayor_source")):
            changed_value = values[field] != getattr(commune, field)
            if values[field] and (not values[source_field] or (changed_value and not data.get(source_field))):
                # a new value takes the source given with it, else « Saisie par … », never the old value's
                values[source_field] = default
            if not values[field]:
                values[source_field] = None
        values["edition_id"] = edition_id
        changed = edits.apply(session, user, commune, values, default)
        return Saved(commune.insee_code, tuple(changed))


# --- events and figures --------------------------------------------------------------------------

EVENT_FIELDS = ("host_insee", "held_on", "date_precision", "format", "attendance", "source", "source_detail", "note")


def _event_values(session: Session, data: dict[str, Any], lang: str) -> dict[str, Any]:
    form = _Form(data, lang)
    values: dict[str, Any] = {"held_on": form.day("held_on", required=True), "format": form.text("format", required=True),
                              "attendance": form.whole("attendance"), "source": form.text("source")}
    values["source_detail"] = form.text("source_detail") or ""
    values["note"] = form.text("note") or ""
    precision = str(data.get("date_precision") or "day").strip()
    if precision not in DATE_PRECISIONS:
        form.fail("date_precision", "catalogue.error.precision")
    values["date_precision"] = precision
    host = str(data.get("host_insee") or "").strip()
    commune = session.get(Commune, host) if host else None
    if commune is None:
        form.fail("host_insee", "valid.unknown_commune" if host else "valid.required", value=shown(host, 20))
    elif commune.edition_id is None:
        form.fail("host_insee", "catalogue.error.not_in_programme", commune=commune.name)
    values["host_insee"] = host
    form.done()
    return values


def save_event(engine: Engine, actor: object, data: dict[str, Any], event_id: int | None = None,
               version: int | None = None, lang: str = "fr") -> Saved:
    """Record a Communauté meeting (host, date, format, attendance, source), or change one."""
    with write_session(engine) as session:
        user = _require_staff(session, actor)
        return _save_event(session, user, data, event_id, version, lang)


def _save_event(session: Session, user: User, data: dict[str, Any], event_id: int | None, version: int | None,
                lang: str) -> Saved:
    if event_id is None:
        values = _event_values(session, data, lang)
        values["source"] = values["source"] or entered_source(session, user)
        host = session.get(Commune, values["host_insee"])
        key = str(data.get("event_key") or "").strip() or slug_for(f"{host.name}-{values['held_on']:%Y-%m}")
        if len(key) > LIMITS["slug"] or not SLUG.fullmatch(key):
            raise ValidationFailed({"event_key": t("catalogue.error.event_key", lang, max=LIMITS["slug"])})
        _refuse_duplicate_event(session, key, values["held_on"], None, lang)
        event = Event(event_key=key, **values)
        edits.apply(session, user, event, values, values["source"], created=True)
        return Saved(str(event.id), tuple(values))
    event = _lock(session, Event, Event.id == int(event_id))
    if event is None:
        raise ServiceError("catalogue.error.unknown_event")
    edits.require_current(session, event, version)
    values = _event_values(session, {f: getattr(event, f) for f in EVENT_FIELDS} | data, lang)
    values["source"] = values["source"] or event.source
    _refuse_duplicate_event(session, event.event_key, values["held_on"], event.id, lang)
    changed = edits.apply(session, user, event, values, values["source"])
    return Saved(str(event.id), tuple(changed))


def _refuse_duplicate_event(session: Session, key: str, held_on: date, event_id: int | None, lang: str) -> None:
    """Two meetings of one key (a commune's) are never on the same date."""
    if session.scalars(select(Event.id).where(Event.event_key == key, Event.held_on == held_on,
                                              Event.id != (event_id or 0))).first() is not None:
        raise ValidationFailed({"held_on": t("catalogue.error.duplicate_event", lang)})


def set_event_archived(engine: Engine, actor: object, event_id: int, archived: bool, version: int | None = None) -> bool:
    with write_session(engine) as session:
        user = _require_staff(session, actor)
        event = _lock(session, Event, Event.id == int(event_id))
        if event is None:
            raise ServiceError("catalogue.error.unknown_event")
        return _archive(session, user, event, archived, version)


def save_figure(engine: Engine, actor: object, data: dict[str, Any], lang: str = "fr") -> Saved:
    """A programme figure's value from one source. A value from another source is a new row beside
    the others (documents that disagree are shown side by side); the same source changes its row."""
    with write_session(engine) as session:
        user = _require_staff(session, actor)
        form = _Form(data, lang)
        key = form.text("key", required=True)
        value = form.number("value")
        source = form.text("source")
        detail, note = form.text("source_detail") or "", form.text("note") or ""
        label, display, unit = form.text("label"), form.text("display"), form.text("unit")
        form.done()
        source = source or entered_source(session, user)
        siblings = session.scalars(select(ProgrammeFigure).where(ProgrammeFigure.key == key)
                                   .order_by(ProgrammeFigure.id)).all()
        if not siblings and not label:
            raise ValidationFailed({"label": t("valid.required", lang)})
        model = siblings[0] if siblings else None
        shown_value = display or _display(value)
        row = next((s for s in siblings if s.source == source), None)
        if row is not None:
            edits.require_current(session, row, data.get("version"))
            changes = {"value": value, "display": shown_value, "source_detail": detail, "note": note}
            changed = edits.apply(session, user, row, changes, source)
            return Saved(str(row.id), tuple(changed))
        values = {"key": key, "label": label or model.label, "value": value, "display": shown_value,
                  "unit": unit if unit is not None else (model.unit if model else ""),
                  "edition_id": model.edition_id if model else _optional_int(data.get("edition_id")),
                  "position": model.position if model else _next_position(session),
                  "source": source, "source_detail": detail, "note": note}
        row = ProgrammeFigure(**values)
        edits.apply(session, user, row, values, source, created=True)
        return Saved(str(row.id), tuple(values))


def set_figure_archived(engine: Engine, actor: object, figure_id: int, archived: bool,
                        version: int | None = None) -> bool:
    with write_session(engine) as session:
        user = _require_staff(session, actor)
        row = _lock(session, ProgrammeFigure, ProgrammeFigure.id == int(figure_id))
        if row is None:
            raise ServiceError("catalogue.error.unknown_figure")
        return _archive(session, user, row, archived, version)


def _display(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value).replace(".", ",")


def _optional_int(raw: Any) -> int | None:
    try:
        return int(raw) if raw not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _next_position(session: Session) -> int:
    return (session.scalars(select(func.max(ProgrammeFigure.position))).one() or 0) + 1


def write_project_row(session: Session, user: User, data: dict[str, Any], lang: str = "fr") -> Saved:
    """Create the experiment of an imported row, or update the one with its slug."""
    slug = str(data.get("slug") or "").strip()
    if slug and session.scalars(select(Project.id).where(Project.slug == slug)).first() is not None:
        return _update_project(session, user, slug, data, None, lang)
    return _create_project(session, user, data, lang)



def write_event_row(session: Session, user: User, data: dict[str, Any], lang: str = "fr") -> Saved:
    """Create the event of an imported row, or update the one with its key and date (kept by the record's load)."""
    key = str(data.get("event_key") or "").strip()
    try:
        held_on = parse_date(data.get("held_on"))
    except ValueError:
        held_on = None  # not a date: the row's validation says so, with the field
    existing = session.scalars(select(Event.id).where(Event.event_key == key, Event.held_on == held_on)).first() \
        if key and held_on else None
    return _save_event(session, user, data, existing, None, lang)
