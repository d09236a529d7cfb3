"""Experiments with their latest replicability assessment, aggregated in SQL."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from qmi.models import CRITERIA, Assessment, Commune, Family, Project, UrbanChallenge
from qmi.queries.programme import frame
from qmi.scoring import index_sql


def latest_assessments():  # noqa: ANN201
    """Subquery: the newest assessment of each project (ties broken by id)."""
    ranked = select(
        Assessment,
        index_sql().label("replicability_index"),
        func.row_number()
        .over(partition_by=Assessment.project_id, order_by=(Assessment.assessed_on.desc(), Assessment.id.desc()))
        .label("rank"),
    ).subquery()
    return select(ranked).where(ranked.c.rank == 1).subquery()


def projects(engine: Engine, commune_insee: str | None = None, edition_id: int | None = None) -> pd.DataFrame:
    """One row per experiment with names of its commune, family and challenge, and its latest scores."""
    latest = latest_assessments()
    statement = (
        select(
            Project.id, Project.slug, Project.name, Project.organisation, Project.commune_insee,
            Commune.name.label("commune"), Project.edition_id, Project.family_code,
            Family.name.label("family"), Project.challenge_code, UrbanChallenge.name.label("challenge"),
            Project.challenge_status, Project.challenge_source, Project.type_tags, Project.description,
            Project.deployment_level, Project.abandoned, Project.status_source, Project.status_is_demo,
            Project.start_date, Project.end_date, Project.location_note, Project.source, Project.is_demo,
            latest.c.assessed_on, latest.c.replicability_index, latest.c.is_demo.label("assessment_is_demo"),
            *[latest.c[c] for c in CRITERIA],
        )
        .join(Commune, Commune.insee_code == Project.commune_insee)
        .outerjoin(Family, Family.code == Project.family_code)
        .outerjoin(UrbanChallenge, UrbanChallenge.code == Project.challenge_code)
        .outerjoin(latest, latest.c.project_id == Project.id)
        .order_by(Commune.name, Project.name)
    )
    if commune_insee is not None:
        statement = statement.where(Project.commune_insee == commune_insee)
    if edition_id is not None:
        statement = statement.where(Project.edition_id == edition_id)
    return frame(engine, statement)


def assessments(engine: Engine, project_id: int) -> pd.DataFrame:
    """Every assessment of one experiment, oldest first, with its index."""
    return frame(
        engine,
        select(Assessment, index_sql().label("replicability_index"))
        .where(Assessment.project_id == project_id)
        .order_by(Assessment.assessed_on, Assessment.id),
    )
