"""Load the public record (data/reference) and the geography (data/geo) into the store.

The store is the master once loaded: the record is its provenance. Loading again adds the rows
that are new, and writes a field of an existing row only where no person edited it
(``qmi.services.edits``); where the record now says something else than it did when a person
edited the field, the edit stays and a conflict is listed for staff. Rows are found by their
natural key, also when a person edited a field of that key (an event's date). A challenge
classification that staff validated in the app is never overwritten, and the record's statuses
are entries of each experiment's timeline (``qmi.services.statuses``), dated by their document.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

from qmi.db import write_session
from qmi.files import GEO_SOURCE, load_geojson, read_csv
from qmi.models import (
    CalendarEntry,
    Commune,
    Edition,
    Event,
    Family,
    FieldEdit,
    Indicator,
    Lesson,
    ProgrammeFigure,
    ProgrammeStep,
    Project,
    ProtocolIndicator,
    StatusChange,
    UrbanChallenge,
)
from qmi.services import audit, edits, statuses


def _blank(value: str | None) -> str | None:
    return value if value not in (None, "") else None


def _int(value: str | None) -> int | None:
    return int(value) if _blank(value) is not None else None


def _float(value: str | None) -> float | None:
    return float(value) if _blank(value) is not None else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if _blank(value) is not None else None


def _find(session: Session, model: type[SQLModel], key: dict[str, Any]) -> SQLModel | None:
    """The row with the record's ``key``, or the row whose key fields a person edited away from it."""
    statement = select(model)
    for column, value in key.items():
        statement = statement.where(getattr(model, column) == value)
    row = session.exec(statement).first()
    if row is not None or model.__tablename__ not in edits.ENTITIES:
        return row
    moved = session.exec(select(FieldEdit).where(
        FieldEdit.entity == model.__tablename__, FieldEdit.field.in_(list(key)))).all()
    for entity_key in {e.entity_key for e in moved}:
        candidate = session.get(model, entity_key if model.__tablename__ == "commune" else int(entity_key))
        fields = {e.field: e.record_value for e in moved if e.entity_key == entity_key}
        if candidate is not None and all(
            fields[c] == edits.encode(v) if c in fields else getattr(candidate, c) == v for c, v in key.items()
        ):
            return candidate
    return None


def _upsert(session: Session, model: type[SQLModel], key: dict[str, Any], values: dict[str, Any]) -> SQLModel:
    row = _find(session, model, key)
    if row is None:
        row = model(**key, **values)
    else:
        if model.__tablename__ in edits.ENTITIES:
            values = edits.note_record(session, row, key | values, edits.edits_of(session, row))
        for column, value in values.items():
            setattr(row, column, value)
    session.add(row)
    return row


def load_editions(session: Session) -> None:
    for r in read_csv("editions.csv"):
        _upsert(
            session,
            Edition,
            {"id": int(r["id"])},
            {"name": r["name"], "year_start": int(r["year_start"]), "year_end": _int(r["year_end"]), "source": r["source"]},
        )


def load_communes(session: Session) -> None:
    """Every commune of the Métropole from the geography, then the programme's facts on top."""
    programme = {r["insee_code"]: r for r in read_csv("communes.csv")}
    for feature in load_geojson()["features"]:
        p = feature["properties"]
        facts = programme.get(p["insee_code"], {})
        _upsert(
            session,
            Commune,
            {"insee_code": p["insee_code"]},
            {
                "name": p["name"],
                "departement": p["departement"],
                "population": p["population"],
                "area_km2": p["area_km2"],
                "latitude": p["latitude"],
                "longitude": p["longitude"],
                "edition_id": _int(facts.get("edition")),
                "innovation_district": _blank(facts.get("innovation_district")),
                "district_source": _blank(facts.get("district_source")),
                "mayor": _blank(facts.get("mayor")),
                "mayor_source": facts["source"] if _blank(facts.get("mayor")) else None,
                "source": facts["source"] + " ; " + GEO_SOURCE if facts else GEO_SOURCE,
            },
        )


def load_labels(session: Session) -> None:
    for r in read_csv("challenges.csv"):
        _upsert(session, UrbanChallenge, {"code": r["code"]}, {"name": r["name"], "position": int(r["position"]), "source": r["source"]})
    for r in read_csv("families.csv"):
        _upsert(session, Family, {"code": r["code"]}, {"name": r["name"], "position": int(r["position"]), "source": r["source"]})
    for r in read_csv("steps.csv"):
        _upsert(session, ProgrammeStep, {"position": int(r["position"])}, {"title": r["title"], "text": r["text"], "source": r["source"]})


def load_projects(session: Session) -> None:
    for r in read_csv("projects.csv"):
        existing = session.exec(select(Project).where(Project.slug == r["slug"])).first()
        values: dict[str, Any] = {
            "name": r["name"],
            "organisation": r["organisation"],
            "commune_insee": r["commune_insee"],
            "edition_id": int(r["edition"]),
            "family_code": _blank(r["family"]),
            "type_tags": r["type_tags"],
            "description": r["description"],
            "start_date": _date(r["start_date"]),
            "location_note": _blank(r["location_note"]),
            "source": r["source"],
            "is_demo": False,
        }
        if existing is None or existing.challenge_status != "validated":
            values |= {
                "challenge_code": _blank(r["challenge"]),
                "challenge_status": r["challenge_status"],
                "challenge_source": _blank(r["challenge_source"]),
            }
        project = _upsert(session, Project, {"slug": r["slug"]}, values)
        if _blank(r["deployment_level"]) is not None:
            session.flush()
            _record_status(session, project, int(r["deployment_level"]), r["status_source"])


def _published(source: str) -> tuple[date, str]:
    """The date of the document a source names (its publication in sources.csv), and its precision."""
    for document in read_csv("sources.csv"):
        if document["file"] and source.startswith(document["file"]) and document["published"]:
            published = document["published"]
            precision = {4: "year", 7: "month"}.get(len(published), "day")
            return date.fromisoformat({"year": f"{published}-01-01", "month": f"{published}-01"}.get(
                precision, published)), precision
    raise ValueError(f"no publication date for the status source {source!r}")


def _record_status(session: Session, project: Project, level: int, source: str) -> None:
    """The record's status, as an entry of the experiment's timeline (once: found again by its level and source)."""
    known = session.exec(select(StatusChange.id).where(
        StatusChange.project_id == project.id, StatusChange.deployment_level == level,
        StatusChange.abandoned.is_(False), StatusChange.source == source)).first()
    if known is None:
        changed_on, precision = _published(source)
        statuses.add(session, project, level=level, abandoned=False, changed_on=changed_on, source=source,
                     precision=precision)


def load_indicators(session: Session) -> None:
    for r in read_csv("indicators.csv"):
        _upsert(
            session,
            Indicator,
            {"code": r["code"]},
            {
                "name": r["name"],
                "category": r["category"],
                "unit": r["unit"],
                "value_type": r["value_type"],
                "min_value": _float(r["min_value"]),
                "max_value": _float(r["max_value"]),
                "direction": r["direction"],
                "definition": r["definition"],
                "method": r["method"],
                "sdg_target": _blank(r["sdg_target"]),
                "source": r["source"],
            },
        )


def load_protocols(session: Session) -> None:
    """Protocol targets the record gives (e.g. the 8 permanent contracts of seed 000); never demo.

    Added when missing only: once the row exists, staff edits in the app prevail.
    """
    for r in read_csv("protocols.csv"):
        project_id = session.exec(select(Project.id).where(Project.slug == r["project_slug"])).one()
        exists = session.exec(
            select(ProtocolIndicator.id).where(
                ProtocolIndicator.project_id == project_id, ProtocolIndicator.indicator_code == r["indicator_code"]
            )
        ).first()
        if exists is None:
            session.add(
                ProtocolIndicator(
                    project_id=project_id, indicator_code=r["indicator_code"], baseline=_float(r["baseline"]),
                    target=_float(r["target"]), note=f"{r['note']} ({r['source']})", is_demo=False,
                )
            )


def load_lessons(session: Session) -> None:
    """The lessons the record gives (the four success stories of seed 004), real and sourced; each found
    again by its experiment, kind and title, and written only where no person edited the field."""
    for r in read_csv("lessons.csv"):
        project_id = session.exec(select(Project.id).where(Project.slug == r["project_slug"])).one()
        _upsert(
            session,
            Lesson,
            {"project_id": project_id, "kind": r["kind"], "title": r["title"]},
            {"text": r["text"], "evidence": r["evidence"], "source": r["source"], "is_demo": False},
        )


def load_record(session: Session) -> None:
    """Figures, events and calendar."""
    for r in read_csv("figures.csv"):
        _upsert(
            session,
            ProgrammeFigure,
            {"key": r["key"], "source": r["source"]},
            {
                "label": r["label"],
                "value": float(r["value"]),
                "display": r["display"],
                "unit": r["unit"],
                "edition_id": _int(r["edition"]),
                "position": int(r["position"]),
                "source_detail": r["source_detail"],
                "note": r["note"],
            },
        )
    for r in read_csv("events.csv"):
        _upsert(
            session,
            Event,
            {"event_key": r["event_key"], "held_on": _date(r["held_on"])},
            {
                "host_insee": r["host_insee"],
                "date_precision": r["date_precision"],
                "format": r["format"],
                "attendance": _int(r["attendance"]),
                "source": r["source"],
                "source_detail": r["source_detail"],
                "note": r["note"],
            },
        )
    for r in read_csv("calendar.csv"):
        _upsert(
            session,
            CalendarEntry,
            {"starts_on": _date(r["starts_on"]), "label": r["label"]},
            {
                "edition_id": _int(r["edition"]),
                "ends_on": _date(r["ends_on"]),
                "date_precision": r["date_precision"],
                "source": r["source"],
            },
        )


def load_reference(engine: Engine) -> None:
    """Load everything from the public record, in dependency order, in one transaction."""
    with write_session(engine) as session:
        with audit.tracked_changes(session) as changes:
            load_editions(session)
            session.flush()
            load_communes(session)
            load_labels(session)
            load_indicators(session)
            session.flush()
            load_projects(session)
            session.flush()
            load_protocols(session)
            load_lessons(session)
            load_record(session)
        if changes:  # reloading an unchanged record writes nothing, so logs nothing
            audit.record_bulk(session, "reference_load", "reference", changes)
