"""Urban challenges across communes and editions, and the report's shares beside the store's."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.engine import Engine

from qmi.db import frame
from qmi.models import Commune, ProgrammeFigure, Project, UrbanChallenge
from qmi.queries import reads, shown

PROJECT_SHARE = "project_share:"
APPLICATION_SHARE = "application_share:"


@reads("projects", "reference")
def challenge_counts(engine: Engine, edition_id: int | None = None) -> pd.DataFrame:
    """Experiments per challenge × commune × edition; ``challenge_code`` None = not classified.

    ``proposed`` counts the experiments whose challenge is only a proposed classification.
    """
    proposed = case((Project.challenge_status == "proposed", 1), else_=0)
    statement = (
        select(
            Project.edition_id,
            Project.commune_insee,
            Commune.name.label("commune"),
            Project.challenge_code,
            UrbanChallenge.name.label("challenge"),
            func.count().label("projects"),
            func.sum(proposed).label("proposed"),
        )
        .join(Commune, Commune.insee_code == Project.commune_insee)
        .outerjoin(UrbanChallenge, UrbanChallenge.code == Project.challenge_code)
        .where(shown.PROJECT)
        .group_by(Project.edition_id, Project.commune_insee, Commune.name, Project.challenge_code,
                  UrbanChallenge.name, UrbanChallenge.position)
        .order_by(Project.edition_id, Commune.name, UrbanChallenge.position)
    )
    if edition_id is not None:
        statement = statement.where(Project.edition_id == edition_id)
    return frame(engine, statement)


@reads("projects")
def project_sources(engine: Engine, edition_id: int | None = None) -> list[str]:
    """The sources of the experiments these counts are made of (each once, ordered)."""
    statement = select(Project.source).where(shown.PROJECT).distinct().order_by(Project.source)
    if edition_id is not None:
        statement = statement.where(Project.edition_id == edition_id)
    return list(frame(engine, statement)["source"])


def _published(engine: Engine, prefix: str, name: str) -> pd.DataFrame:
    rows = frame(
        engine,
        select(ProgrammeFigure.key, ProgrammeFigure.value, ProgrammeFigure.source, ProgrammeFigure.source_detail,
               ProgrammeFigure.note)
        .where(ProgrammeFigure.key.startswith(prefix, autoescape=True), shown.FIGURE),
    )
    rows["challenge_code"] = rows["key"].str.removeprefix(prefix)
    rows[name] = rows["value"] / 100
    return rows.rename(columns={"source": f"{name}_source", "source_detail": f"{name}_detail",
                                "note": f"{name}_note"}).drop(columns=["key", "value"])


@reads("projects", "reference")
def share_comparison(engine: Engine, edition_id: int = 1) -> pd.DataFrame:
    """One row per urban challenge: the shares seed 004 publishes beside the shares in the store.

    ``published_projects``: share among the selected projects; ``published_applications``: share
    among the applications (another population); ``computed``: share of the edition's experiments
    in the store, whose challenge is mostly a proposed classification (``proposed`` of ``projects``).
    Shares are fractions; None where the report gives none.
    """
    proposed = case((Project.challenge_status == "proposed", 1), else_=0)
    counts = (
        select(Project.challenge_code, func.count().label("projects"), func.sum(proposed).label("proposed"))
        .where(Project.edition_id == edition_id, shown.PROJECT)
        .group_by(Project.challenge_code)
        .subquery()
    )
    table = frame(
        engine,
        select(UrbanChallenge.code.label("challenge_code"), UrbanChallenge.name.label("challenge"),
               UrbanChallenge.source.label("challenge_source"),
               func.coalesce(counts.c.projects, 0).label("projects"),
               func.coalesce(counts.c.proposed, 0).label("proposed"))
        .outerjoin(counts, counts.c.challenge_code == UrbanChallenge.code)
        .order_by(UrbanChallenge.position),
    )
    if table.empty:
        return table
    unclassified = frame(engine, select(counts.c.projects, counts.c.proposed).where(counts.c.challenge_code.is_(None)))
    if not unclassified.empty:
        table = pd.concat([table, unclassified.assign(challenge_code=None, challenge=None, challenge_source=None)],
                          ignore_index=True)
    total = table["projects"].sum()
    table["total"] = int(total)
    table["computed"] = table["projects"] / total if total else None
    for prefix, name in ((PROJECT_SHARE, "published_projects"), (APPLICATION_SHARE, "published_applications")):
        table = table.merge(_published(engine, prefix, name), on="challenge_code", how="left")
    table = table.astype(object).where(table.notna(), None)
    return table
