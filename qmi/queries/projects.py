"""Experiments with their latest replicability assessment, aggregated in SQL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import Integer, and_, case, cast, func, or_, select
from sqlalchemy.engine import Engine

from qmi.db import frame
from qmi.domain.scoring import index_sql
from qmi.domain.values import with_none
from qmi.models import CRITERIA, Assessment, Commune, Family, Project, StatusChange, UrbanChallenge
from qmi.queries import reads, shown

ABANDONED = "abandonnee"  # the URL value of the « abandoned » status filter
STATUSES: tuple[str, ...] = ("0", "1", "2", "3", ABANDONED)


def latest_assessments(*conditions):
    """Subquery: the newest assessment of each project that has scores (ties broken by id).

    Its five criteria are the scores the index uses, by the one rule of
    ``qmi.domain.scoring.index_scores`` (consolidated, else the mean of the submitted assessors;
    ``assessor_count`` and ``consolidated_at`` say which): the services keep them so. An assessment
    no assessor has submitted yet has none and is left out.

    ``conditions`` on ``Project`` restrict it to those projects before ranking (through the
    assessment's project_id index), so that one commune or one experiment does not rank the
    assessments of every experiment of the store.
    """
    ranked = select(
        Assessment,
        index_sql().label("replicability_index"),
        func.row_number()
        .over(partition_by=Assessment.project_id, order_by=(Assessment.assessed_on.desc(), Assessment.id.desc()))
        .label("rank"),
    ).where(Assessment.deployment.is_not(None))
    if conditions:
        ranked = ranked.where(Assessment.project_id.in_(select(Project.id).where(*conditions)))
    ranked = ranked.subquery()
    return select(ranked).where(ranked.c.rank == 1).subquery()


def _basis_columns(latest) -> list:
    """What the latest index is computed from: ``assessment_id``, ``assessor_count`` (submitted
    assessors) and ``consolidated`` (staff consolidated it); ``scoring.basis_of`` names it."""
    return [latest.c.id.label("assessment_id"), latest.c.assessor_count,
            latest.c.consolidated_at.is_not(None).label("consolidated")]


@dataclass(frozen=True)
class StatusOn:
    """An experiment's status on a day, as columns of a query over ``Project``: its level, whether it
    was abandoned and whether that status is illustrative; ``join`` adds what the columns need."""

    level: object
    abandoned: object
    is_demo: object
    join: Callable[[object], object]


def status_on(day: date | None = None) -> StatusOn:
    """The status each experiment had on ``day``: its latest timeline entry on or before it (none:
    no status yet). Today or later (a change is never dated in the future) is the current status the
    experiment's row holds, read without the timeline."""
    if day is None or day >= date.today():
        return StatusOn(Project.deployment_level, Project.abandoned, Project.status_is_demo, lambda statement: statement)
    ranked = (
        select(StatusChange.project_id, StatusChange.deployment_level, StatusChange.abandoned, StatusChange.is_demo,
               func.row_number().over(partition_by=StatusChange.project_id,
                                      order_by=(StatusChange.is_demo.asc(), StatusChange.changed_on.desc(),
                                                StatusChange.id.desc())).label("rank"))
        .where(StatusChange.changed_on <= day)
        .subquery()
    )
    entries = select(ranked).where(ranked.c.rank == 1).subquery()
    return StatusOn(entries.c.deployment_level, func.coalesce(entries.c.abandoned, False),
                    func.coalesce(entries.c.is_demo, False),
                    lambda statement: statement.outerjoin(entries, entries.c.project_id == Project.id))


# What a catalogue card or row shows of an experiment is short; these long texts and dates are
# read on its record (project()) only, not cached 10 000 times over for the catalogue.
RECORD_ONLY_COLUMNS = ("challenge_source", "type_tags", "description", "status_source", "start_date", "end_date",
                       "location_note", "source")


def _project_statement(latest, record: bool = True, archived: bool = False):
    """``record`` False leaves out :data:`RECORD_ONLY_COLUMNS`; ``archived`` True keeps the archived
    experiments too, with an ``archived`` column (never for a public page)."""
    columns = [
        Project.id, Project.slug, Project.name, Project.organisation, Project.commune_insee,
        Commune.name.label("commune"), Project.edition_id, Project.family_code,
        Family.name.label("family"), Project.challenge_code, UrbanChallenge.name.label("challenge"),
        Project.challenge_status, Project.challenge_source, Project.type_tags, Project.description,
        Project.deployment_level, Project.abandoned, Project.status_source, Project.status_is_demo,
        Project.start_date, Project.end_date, Project.location_note, Project.source, Project.is_demo,
        latest.c.assessed_on, latest.c.replicability_index, latest.c.is_demo.label("assessment_is_demo"),
        *[latest.c[c] for c in CRITERIA], *_basis_columns(latest),
    ]
    if not record:
        columns = [c for c in columns if c.key not in RECORD_ONLY_COLUMNS]
    if archived:
        columns.append(Project.archived)
    statement = (
        select(*columns)
        .join(Commune, Commune.insee_code == Project.commune_insee)
        .outerjoin(Family, Family.code == Project.family_code)
        .outerjoin(UrbanChallenge, UrbanChallenge.code == Project.challenge_code)
        .outerjoin(latest, latest.c.project_id == Project.id)
        .order_by(Commune.name, Project.name)
    )
    return statement if archived else statement.where(shown.PROJECT)


@reads("assessments", "projects", "reference", commune="commune_insee")
def projects(engine: Engine, commune_insee: str | None = None, edition_id: int | None = None) -> pd.DataFrame:
    """One row per experiment with names of its commune, family and challenge, and its latest scores."""
    conditions = []
    if commune_insee is not None:
        conditions.append(Project.commune_insee == commune_insee)
    if edition_id is not None:
        conditions.append(Project.edition_id == edition_id)
    return frame(engine, _project_statement(latest_assessments(*conditions)).where(*conditions))


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@reads("assessments", "projects", "reference", commune="commune_insee")
def catalogue(
    engine: Engine,
    commune_insee: str | None = None,
    edition_id: int | None = None,
    family_code: str | None = None,
    challenge_code: str | None = None,
    status: str | None = None,
    search: str | None = None,
) -> pd.DataFrame:
    """The experiments matching every given filter, as ``projects()`` rows without
    :data:`RECORD_ONLY_COLUMNS` (the description and sources are on each experiment's record).

    ``status`` is a deployment level "0"–"3" (not abandoned) or ``"abandonnee"``.
    ``search`` matches name, organisation or description, case-insensitively
    (``ILIKE`` on PostgreSQL; ``%`` and ``_`` are taken literally).
    """
    conditions = []
    if commune_insee:
        conditions.append(Project.commune_insee == commune_insee)
    if edition_id is not None:
        conditions.append(Project.edition_id == int(edition_id))
    if family_code:
        conditions.append(Project.family_code == family_code)
    if challenge_code:
        conditions.append(Project.challenge_code == challenge_code)
    if status == ABANDONED:
        conditions.append(Project.abandoned.is_(True))
    elif status in STATUSES:
        conditions.append(and_(Project.deployment_level == int(status), Project.abandoned.is_(False)))
    if search and search.strip():
        pattern = _like_pattern(search.strip())
        conditions.append(or_(*(column.ilike(pattern, escape="\\")
                                for column in (Project.name, Project.organisation, Project.description))))
    return frame(engine, _project_statement(latest_assessments(*conditions), record=False).where(*conditions))


@reads("assessments", "projects", "reference")
def project(engine: Engine, slug: str, archived: bool = False) -> pd.Series | None:
    """One experiment (a ``projects()`` row) by its slug, or None; a missing field is None, never NaN.

    An archived experiment is None unless ``archived`` (staff open its record to restore it); then
    the row says whether it is archived."""
    rows = frame(engine, _project_statement(latest_assessments(Project.slug == slug), archived=archived)
                 .where(Project.slug == slug))
    return None if rows.empty else with_none(rows).iloc[0]


@dataclass(frozen=True)
class CatalogueOptions:
    """What the catalogue filters can offer: only values some experiment has."""

    communes: pd.DataFrame  # insee_code, name, edition_id
    editions: list[int]
    families: pd.DataFrame  # code, name
    challenges: pd.DataFrame  # code, name
    total: int


@reads("projects", "reference")
def catalogue_options(engine: Engine) -> CatalogueOptions:
    def used(column):
        return select(column).where(shown.PROJECT).distinct()

    communes = frame(engine, select(Commune.insee_code, Commune.name, Commune.edition_id)
                     .where(Commune.insee_code.in_(used(Project.commune_insee))).order_by(Commune.name))
    editions = frame(engine, used(Project.edition_id).order_by(Project.edition_id))
    families = frame(engine, select(Family.code, Family.name)
                     .where(Family.code.in_(used(Project.family_code))).order_by(Family.position))
    challenges = frame(engine, select(UrbanChallenge.code, UrbanChallenge.name)
                       .where(UrbanChallenge.code.in_(used(Project.challenge_code)))
                       .order_by(UrbanChallenge.position))
    total = frame(engine, select(func.count().label("n")).select_from(Project).where(shown.PROJECT))["n"].iloc[0]
    return CatalogueOptions(communes, [int(e) for e in editions["edition_id"]], families, challenges, int(total))


@reads("assessments", project="project_id")
def assessments(engine: Engine, project_id: int) -> pd.DataFrame:
    """Every assessment of one experiment that has scores, oldest first, with its index (by the one
    rule: ``assessor_count`` and ``consolidated_at`` say which scores it uses)."""
    return frame(
        engine,
        select(Assessment, index_sql().label("replicability_index"))
        .where(Assessment.project_id == project_id, Assessment.deployment.is_not(None))
        .order_by(Assessment.assessed_on, Assessment.id),
    )


@reads("assessments", "projects", "reference")
def ranking(engine: Engine) -> pd.DataFrame:
    """Assessed experiments, highest latest index first (ties by name), with their five scores."""
    latest = latest_assessments()
    return frame(
        engine,
        select(
            Project.id, Project.slug, Project.name, Project.organisation, Project.edition_id,
            Commune.name.label("commune"), Family.name.label("family"),
            latest.c.assessed_on, latest.c.replicability_index, latest.c.is_demo.label("assessment_is_demo"),
            *[latest.c[c] for c in CRITERIA], *_basis_columns(latest),
        )
        .join(latest, latest.c.project_id == Project.id)
        .join(Commune, Commune.insee_code == Project.commune_insee)
        .outerjoin(Family, Family.code == Project.family_code)
        .where(shown.PROJECT)
        .order_by(latest.c.replicability_index.desc(), Project.name),
    )


def _averages(engine: Engine, key, name, order, join) -> pd.DataFrame:
    latest = latest_assessments()
    statement = (
        select(
            key.label("code"), name.label("name"),
            func.avg(latest.c.replicability_index).label("mean_index"),
            func.count().label("assessed"),
            func.max(cast(latest.c.is_demo, Integer)).label("any_demo"),
        )
        .select_from(Project)
        .join(latest, latest.c.project_id == Project.id)
        .where(shown.PROJECT)
    )
    statement = join(statement).group_by(key, name, order).order_by(func.avg(latest.c.replicability_index).desc(), order)
    table = frame(engine, statement)
    table["any_demo"] = table["any_demo"].astype(bool)
    return table


@reads("assessments", "projects", "reference")
def average_index_by_commune(engine: Engine) -> pd.DataFrame:
    """Mean latest index per commune (code, name, mean_index, assessed, any_demo), best first."""
    return _averages(engine, Project.commune_insee, Commune.name, Commune.name,
                     lambda s: s.join(Commune, Commune.insee_code == Project.commune_insee))


@reads("assessments", "projects", "reference")
def average_index_by_family(engine: Engine) -> pd.DataFrame:
    """Mean latest index per family; experiments without a family form one row with code None."""
    position = case((Family.position.is_(None), 999), else_=Family.position)
    return _averages(engine, Project.family_code, Family.name, position,
                     lambda s: s.outerjoin(Family, Family.code == Project.family_code))


@reads("projects")
def project_communes(engine: Engine) -> dict[int, str]:
    """Each experiment's commune (INSEE code), by id: what keeps the cached reads of one experiment's
    record to its commune's writes (``qmi.ui``)."""
    with engine.connect() as connection:
        return {int(i): c for i, c in connection.execute(select(Project.id, Project.commune_insee)).all()}
