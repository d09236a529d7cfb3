"""One dashboard aggregate computed two ways, for the benchmark's naive-versus-optimised ratio.

Per programme commune: its experiments, its active measurements, the latest period measured and the
mean replicability index of its experiments' latest assessments.

- ``summary_sql`` aggregates in the database over indexed columns (how ``qmi.queries`` work);
- ``summary_pandas`` is the naive way: read every row of every table, then group in pandas.

Both return the same frame; the benchmark times them on the same store in the same run, so the
ratio does not depend on how busy the machine is.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from qmi.db import frame
from qmi.models import ACTIVE, CRITERIA, Assessment, Commune, Measurement, Project
from qmi.queries.projects import latest_assessments

COLUMNS = ["insee_code", "name", "projects", "measurements", "latest_period", "mean_index"]


def summary_sql(engine: Engine) -> pd.DataFrame:
    measured = (
        select(Project.commune_insee, func.count().label("measurements"),
               func.max(Measurement.period_start).label("latest_period"))
        .join(Project, Project.id == Measurement.project_id)
        .where(Measurement.state == ACTIVE)
        .group_by(Project.commune_insee).subquery()
    )
    counted = select(Project.commune_insee, func.count().label("projects")).group_by(Project.commune_insee).subquery()
    latest = latest_assessments()
    indexed = (
        select(Project.commune_insee, func.avg(latest.c.replicability_index).label("mean_index"))
        .join(latest, latest.c.project_id == Project.id)
        .group_by(Project.commune_insee).subquery()
    )
    statement = (
        select(Commune.insee_code, Commune.name, func.coalesce(counted.c.projects, 0).label("projects"),
               func.coalesce(measured.c.measurements, 0).label("measurements"), measured.c.latest_period,
               indexed.c.mean_index)
        .outerjoin(counted, counted.c.commune_insee == Commune.insee_code)
        .outerjoin(measured, measured.c.commune_insee == Commune.insee_code)
        .outerjoin(indexed, indexed.c.commune_insee == Commune.insee_code)
        .where(Commune.edition_id.is_not(None))
        .order_by(Commune.insee_code)
    )
    return _normalised(frame(engine, statement))


def summary_pandas(engine: Engine) -> pd.DataFrame:
    communes = frame(engine, select(Commune))
    projects = frame(engine, select(Project))
    measurements = frame(engine, select(Measurement))
    assessments = frame(engine, select(Assessment))

    communes = communes[communes["edition_id"].notna()][["insee_code", "name"]]
    counted = projects.groupby("commune_insee").size().rename("projects")
    active = measurements[measurements["state"] == ACTIVE].merge(
        projects[["id", "commune_insee"]], left_on="project_id", right_on="id")
    measured = active.groupby("commune_insee").agg(measurements=("value", "size"), latest_period=("period_start", "max"))
    latest = (assessments.sort_values(["project_id", "assessed_on", "id"], ascending=[True, False, False])
              .drop_duplicates("project_id"))
    latest = latest.assign(index=latest[list(CRITERIA)].sum(axis=1)).merge(
        projects[["id", "commune_insee"]], left_on="project_id", right_on="id")
    indexed = latest.groupby("commune_insee")["index"].mean().rename("mean_index")
    result = (communes.set_index("insee_code").join(counted).join(measured).join(indexed)
              .reset_index().rename(columns={"index": "insee_code"}))
    result["projects"] = result["projects"].fillna(0)
    result["measurements"] = result["measurements"].fillna(0)
    return _normalised(result.sort_values("insee_code"))


def _normalised(table: pd.DataFrame) -> pd.DataFrame:
    table = table[COLUMNS].reset_index(drop=True)
    table[["insee_code", "name"]] = table[["insee_code", "name"]].astype(object)
    table["projects"] = table["projects"].astype(int)
    table["measurements"] = table["measurements"].astype(int)
    table["latest_period"] = pd.to_datetime(table["latest_period"]).dt.date
    table["mean_index"] = table["mean_index"].astype(float).round(6)
    return table
