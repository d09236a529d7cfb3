"""One commune: who it is, what it tests, how its experiments score, its Communauté meetings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import Integer, case, func, literal, select
from sqlalchemy.engine import Engine

from qmi.db import frame
from qmi.domain.scoring import DEPLOYED_LEVEL
from qmi.files import GEO_SOURCE
from qmi.models import CRITERIA, Commune, Edition, Event, Project, UrbanChallenge
from qmi.queries import reads, shown
from qmi.queries.projects import latest_assessments, status_on


@reads("reference")
def commune_options(engine: Engine) -> pd.DataFrame:
    """Every commune: the programme ones first (by edition, then name), then the rest of the Métropole."""
    outside = case((Commune.edition_id.is_(None), 1), else_=0)
    return frame(
        engine,
        select(Commune.insee_code, Commune.name, Commune.edition_id, Commune.departement)
        .order_by(outside, Commune.edition_id, Commune.name),
    )


@dataclass(frozen=True)
class CommuneProfile:
    insee_code: str
    name: str
    departement: str
    edition_id: int | None
    edition_name: str | None
    district: str | None
    district_source: str | None
    mayor: str | None
    source: str
    population: int | None
    area_km2: float | None
    population_source: str
    projects: int
    with_status: int
    deployed: int
    status_is_demo: bool
    assessed: int
    mean_index: float | None
    index_is_demo: bool

    @property
    def deployment_rate(self) -> float | None:
        """Share of the experiments with a known status that reached « Test lancé » or better."""
        return self.deployed / self.with_status if self.with_status else None


@reads("assessments", "projects", "reference", commune="insee_code")
def profile(engine: Engine, insee_code: str, on: date | None = None) -> CommuneProfile | None:
    """The commune's facts with their sources and its experiments summed up in SQL; their statuses as
    they were on the day ``on`` (default: today, the current statuses)."""
    latest = latest_assessments(Project.commune_insee == insee_code)
    status = status_on(on)
    deployed = case((status.abandoned.is_(False) & (status.level >= DEPLOYED_LEVEL), 1), else_=0)
    projects = status.join(
        select(
            func.count(Project.id).label("projects"),
            func.count(status.level).label("with_status"),
            func.coalesce(func.sum(deployed), 0).label("deployed"),
            func.coalesce(func.max(func.cast(status.is_demo, Integer)), 0).label("status_is_demo"),
            func.count(latest.c.id).label("assessed"),
            func.avg(latest.c.replicability_index).label("mean_index"),
            func.coalesce(func.max(func.cast(latest.c.is_demo, Integer)), 0).label("index_is_demo"),
        )
        .select_from(Project)
        .outerjoin(latest, latest.c.project_id == Project.id)
    ).where(Project.commune_insee == insee_code, shown.PROJECT).subquery()
    statement = (
        select(Commune, Edition.name.label("edition_name"), projects)
        .outerjoin(Edition, Edition.id == Commune.edition_id)
        .join(projects, literal(True))
        .where(Commune.insee_code == insee_code)
    )
    rows = frame(engine, statement)
    if rows.empty:
        return None
    row = rows.iloc[0]

    def value(name: str):
        return None if pd.isna(row[name]) else row[name]

    return CommuneProfile(
        insee_code=row["insee_code"], name=row["name"], departement=row["departement"],
        edition_id=None if value("edition_id") is None else int(row["edition_id"]),
        edition_name=value("edition_name"), district=value("innovation_district"),
        district_source=value("district_source"), mayor=value("mayor"), source=row["source"],
        population=None if value("population") is None else int(row["population"]),
        area_km2=value("area_km2"), population_source=GEO_SOURCE,
        projects=int(row["projects"]), with_status=int(row["with_status"]), deployed=int(row["deployed"]),
        status_is_demo=bool(row["status_is_demo"]), assessed=int(row["assessed"]),
        mean_index=None if value("mean_index") is None else float(row["mean_index"]),
        index_is_demo=bool(row["index_is_demo"]),
    )


@reads("projects", "reference", commune="insee_code")
def thematic_mix(engine: Engine, insee_code: str) -> pd.DataFrame:
    """Experiments per urban challenge (None = not classified), split by how the challenge is known."""
    sourced = case((Project.challenge_status == "proposed", 0), else_=1)
    return frame(
        engine,
        select(
            Project.challenge_code,
            UrbanChallenge.name.label("challenge"),
            func.count().label("projects"),
            func.sum(sourced).label("sourced"),
            func.sum(1 - sourced).label("proposed"),
        )
        .outerjoin(UrbanChallenge, UrbanChallenge.code == Project.challenge_code)
        .where(Project.commune_insee == insee_code, shown.PROJECT)
        .group_by(Project.challenge_code, UrbanChallenge.name, UrbanChallenge.position)
        .order_by(func.count().desc(), UrbanChallenge.position),
    )


@reads("assessments", "projects", commune="insee_code")
def mean_criteria(engine: Engine, insee_code: str) -> pd.DataFrame:
    """Mean of each criterion over the latest assessment of each experiment of the commune.

    One row (empty frame when no experiment is assessed): the five criteria, ``assessed``, ``is_demo``.
    """
    latest = latest_assessments(Project.commune_insee == insee_code)
    statement = (
        select(
            *[func.avg(latest.c[c]).label(c) for c in CRITERIA],
            func.count().label("assessed"),
            func.max(func.cast(latest.c.is_demo, Integer)).label("is_demo"),
        )
        .select_from(latest)
        .join(Project, Project.id == latest.c.project_id)
        .where(Project.commune_insee == insee_code, shown.PROJECT)
        .having(func.count() > 0)
    )
    result = frame(engine, statement)
    if not result.empty:
        result["is_demo"] = result["is_demo"].astype(bool)
    return result


@reads("events", commune="insee_code")
def commune_events(engine: Engine, insee_code: str) -> pd.DataFrame:
    """The Communauté des Expérimentateurs meetings the commune hosted (one row per dated mention)."""
    return frame(engine, select(Event).where(Event.host_insee == insee_code, shown.EVENT).order_by(Event.held_on))
