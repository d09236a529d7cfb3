"""What the catalogue editor reads (every row, archived ones included, with its version for the
« modifié entre-temps » check), and an experiment's status timeline and change history."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.engine import Engine

from qmi.db import frame, read_session
from qmi.domain.values import with_none
from qmi.models import (
    AuditLog,
    Commune,
    Edition,
    Event,
    Family,
    Measurement,
    ProgrammeFigure,
    Project,
    StatusChange,
    UrbanChallenge,
)
from qmi.queries import reads

PROJECT_FORM_COLUMNS = ("name", "organisation", "commune_insee", "edition_id", "family_code", "challenge_code",
                        "type_tags", "description", "start_date", "end_date", "location_note", "source")


@reads("projects", "reference", commune="commune_insee")
def project_choices(engine: Engine, commune_insee: str | None = None) -> pd.DataFrame:
    """Experiments by name (one commune's, when given): id, slug, name, commune, archived."""
    stmt = (select(Project.id, Project.slug, Project.name, Project.commune_insee, Commune.name.label("commune"),
                   Project.archived)
            .join(Commune, Commune.insee_code == Project.commune_insee).order_by(Project.name, Project.slug))
    if commune_insee is not None:
        stmt = stmt.where(Project.commune_insee == commune_insee)
    return frame(engine, stmt)


def project_form(engine: Engine, slug: str) -> pd.Series | None:
    """The fields the editor shows of one experiment, with its id, slug, version and archived flag."""
    rows = frame(engine, select(Project.id, Project.slug, Project.version, Project.archived,
                                *[getattr(Project, c) for c in PROJECT_FORM_COLUMNS]).where(Project.slug == slug))
    return None if rows.empty else with_none(rows).iloc[0]


@reads("projects", "reference")
def editions(engine: Engine) -> pd.DataFrame:
    """Every edition with its years, source, version and number of experiments."""
    count = select(func.count()).where(Project.edition_id == Edition.id).scalar_subquery()
    return frame(engine, select(Edition.id, Edition.name, Edition.year_start, Edition.year_end, Edition.source,
                                Edition.version, count.label("projects")).order_by(Edition.id))


@reads("reference")
def communes(engine: Engine) -> pd.DataFrame:
    """Every commune of the Métropole by name, with its edition, district and mayor (and their sources)."""
    return frame(engine, select(Commune.insee_code, Commune.name, Commune.edition_id, Commune.innovation_district,
                                Commune.district_source, Commune.mayor, Commune.mayor_source, Commune.version)
                 .order_by(Commune.name))


@reads("reference")
def codes(engine: Engine) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every family and every urban challenge (code, name), in their order."""
    return (frame(engine, select(Family.code, Family.name).order_by(Family.position)),
            frame(engine, select(UrbanChallenge.code, UrbanChallenge.name).order_by(UrbanChallenge.position)))


def events(engine: Engine) -> pd.DataFrame:
    """Every Communauté meeting, newest first, with its host's name, archived ones included."""
    return with_none(frame(engine, select(Event, Commune.name.label("host")).join(Commune, Commune.insee_code == Event.host_insee)
                           .order_by(Event.held_on.desc(), Event.id)))


def figures(engine: Engine) -> pd.DataFrame:
    """Every programme figure (one row per source), in the home page's order, archived ones included."""
    return with_none(frame(engine, select(ProgrammeFigure).order_by(ProgrammeFigure.position, ProgrammeFigure.key,
                                                                    ProgrammeFigure.id)))


@dataclass(frozen=True)
class Step:
    """One entry of an experiment's status timeline; ``current`` is the latest."""

    changed_on: date
    precision: str
    level: int | None
    abandoned: bool
    source: str
    note: str
    entered_by: str
    is_demo: bool
    current: bool


@reads("projects")
def timeline(engine: Engine, project_id: int) -> list[Step]:
    """The experiment's status changes, oldest first; ``current`` marks the one the experiment shows
    (the latest real entry; an illustrative one only where none is real, as ``statuses.latest``)."""
    with read_session(engine) as session:
        rows = session.scalars(select(StatusChange).where(StatusChange.project_id == project_id)
                               .order_by(StatusChange.changed_on, StatusChange.id)).all()
        real = [r for r in rows if not r.is_demo]
        current = (real or rows)[-1] if rows else None  # a real entry before an illustrative one, as statuses.latest
        return [Step(r.changed_on, r.date_precision, r.deployment_level, bool(r.abandoned), r.source, r.note,
                     r.entered_by, bool(r.is_demo), r is current) for r in rows]


@dataclass(frozen=True)
class Change:
    """One write of the history: who, when, what, and each field's value before and after."""

    at: datetime
    username: str
    action: str
    entity: str
    fields: tuple[tuple[str, object, object], ...]  # (field, before, after)


# What a status change's entry shows: the level it moved from and to, its date and its source.
STATUS_FIELDS = ("deployment_level", "abandoned", "changed_on", "source", "note")


# What a value's entry shows (issue #18): its indicator, period and value, and where its review stands.
MEASUREMENT_FIELDS = ("indicator_code", "period_start", "value", "state", "review_state", "review_reason",
                      "withdrawal_reason", "retracted_reason")


def _fields(entity: str, before: str | None, after: str | None) -> tuple[tuple[str, object, object], ...]:
    old, new = json.loads(before or "null") or {}, json.loads(after or "null") or {}
    if entity == "statuschange":
        return tuple((f, old.get(f), new.get(f)) for f in STATUS_FIELDS if new.get(f) not in (None, "", old.get(f)))
    if entity == "measurement":
        shown = [f for f in MEASUREMENT_FIELDS[:3]] + [f for f in MEASUREMENT_FIELDS[3:]
                                                      if new.get(f) not in (None, "", old.get(f))]
        return tuple((f, old.get(f), new.get(f)) for f in shown)
    return tuple((f, old.get(f), new.get(f)) for f in dict.fromkeys([*new, *old]))


def history(engine: Engine, entity: str, key: str, values: bool = False) -> list[Change]:
    """The audit entries of one row, newest first; an experiment's include its status changes, and with
    ``values`` (signed-in staff: values waiting or returned are not public) every step of its values'
    review: entered, returned with its reason, corrected, approved, withdrawn."""
    wanted = (AuditLog.entity == entity) & (AuditLog.entity_id == str(key))
    if entity == "project":
        status_ids = select(cast(StatusChange.id, String)).where(StatusChange.project_id == int(key))
        wanted = or_(wanted, (AuditLog.entity == "statuschange") & AuditLog.entity_id.in_(status_ids))
        if values:
            value_ids = select(cast(Measurement.id, String)).where(Measurement.project_id == int(key))
            wanted = or_(wanted, (AuditLog.entity == "measurement") & AuditLog.entity_id.in_(value_ids))
    with read_session(engine) as session:
        rows = session.scalars(select(AuditLog).where(wanted).order_by(AuditLog.id.desc())).all()
        return [Change(r.at, r.username, r.action, r.entity, _fields(r.entity, r.before_json, r.after_json)) for r in rows]
