"""Per-commune figures for the map, aggregated in SQL (every commune of the Métropole, zeros included)."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Integer, and_, case, cast, func, or_, select
from sqlalchemy.engine import Engine

from qmi.db import frame
from qmi.domain.scoring import DEPLOYED_LEVEL
from qmi.models import Commune, Project
from qmi.queries import reads, shown
from qmi.queries.projects import latest_assessments, status_on


@reads("assessments", "projects", "reference")
def commune_stats(engine: Engine, on: date | None = None) -> pd.DataFrame:
    """One row per commune of the store, with what its experiments add up to; their statuses as they
    were on the day ``on`` (default: today, the current statuses).

    Columns: insee_code, name, edition_id (None outside the programme), latitude, longitude,
    projects (count), projects_demo (how many are illustrative), assessed (experiments with an
    assessment), mean_index (mean of each experiment's latest replicability index, None when none is
    assessed), assessment_demo (a latest assessment counted is illustrative), known_status
    (experiments whose status is known), deployed (among them: level ≥ 2 and not abandoned),
    deployment_rate (deployed / known_status, None when no status is known), status_demo (a status
    counted is illustrative).
    """
    latest = latest_assessments()
    status = status_on(on)
    known = or_(status.level.is_not(None), status.abandoned.is_(True))
    deployed = and_(status.level >= DEPLOYED_LEVEL, status.abandoned.is_(False))

    def count_if(condition) -> object:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    per_commune = status.join(
        select(
            Project.commune_insee.label("insee_code"),
            func.count(Project.id).label("projects"),
            count_if(Project.is_demo.is_(True)).label("projects_demo"),
            func.count(latest.c.project_id).label("assessed"),
            func.avg(latest.c.replicability_index).label("mean_index"),
            count_if(latest.c.is_demo.is_(True)).label("assessments_demo"),
            count_if(known).label("known_status"),
            count_if(deployed).label("deployed"),
            count_if(and_(known, or_(status.is_demo.is_(True), Project.is_demo.is_(True)))).label(
                "statuses_demo"
            ),
        )
        .outerjoin(latest, latest.c.project_id == Project.id)
    ).where(shown.PROJECT).group_by(Project.commune_insee).subquery()

    def zero(column) -> object:
        return cast(func.coalesce(column, 0), Integer)

    statement = (
        select(
            Commune.insee_code, Commune.name, Commune.edition_id, Commune.latitude, Commune.longitude,
            zero(per_commune.c.projects).label("projects"),
            zero(per_commune.c.projects_demo).label("projects_demo"),
            zero(per_commune.c.assessed).label("assessed"),
            per_commune.c.mean_index,
            (zero(per_commune.c.assessments_demo) > 0).label("assessment_demo"),
            zero(per_commune.c.known_status).label("known_status"),
            zero(per_commune.c.deployed).label("deployed"),
            (zero(per_commune.c.statuses_demo) > 0).label("status_demo"),
        )
        .outerjoin(per_commune, per_commune.c.insee_code == Commune.insee_code)
        .order_by(Commune.insee_code)
    )
    table = frame(engine, statement)
    table["edition_id"] = table["edition_id"].astype("Int64")
    table["mean_index"] = table["mean_index"].astype("float64")
    known_status = table["known_status"].where(table["known_status"] > 0)
    table["deployment_rate"] = (table["deployed"] / known_status).astype("float64")
    for column in ("assessment_demo", "status_demo"):
        table[column] = table[column].astype(bool)
    return table
