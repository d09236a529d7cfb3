"""The values waiting for review (« Validation des valeurs »), what a reviewer may act on, and an author's
returned values. The rules (who reviews what) are ``qmi.domain.rights.may_review``; the service checks them
again on every write."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import and_, false, func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import aliased

from qmi.db import frame
from qmi.domain.rights import writes_for_every_commune
from qmi.models import ACTIVE, PENDING, PROPOSED, RETURNED, Commune, Indicator, Measurement, Project
from qmi.queries import reads, shown

PAGE_SIZE = 25

# A value waits for review: a new or corrected value « à valider », or a withdrawal request of an approved one.
WAITING = or_(and_(Measurement.state.in_((ACTIVE, PROPOSED)), Measurement.review_state == PENDING),
              and_(Measurement.state == ACTIVE, Measurement.withdrawal_reason.is_not(None)))


def _scope(statement, role: str | None, is_validator: bool, commune_insee: str | None):
    """Only the communes this reviewer reviews (every one for staff; their own for a validator; none else)."""
    if writes_for_every_commune(role):
        return statement
    if role != "agent" and is_validator and commune_insee:
        return statement.where(Project.commune_insee == commune_insee)
    return statement.where(false())


@reads("measurements", "projects", "reference")
def pending(engine: Engine, role: str | None, is_validator: bool = False, commune_insee: str | None = None,
            commune: str | None = None, project_id: int | None = None, indicator_code: str | None = None,
            page: int = 1, page_size: int = PAGE_SIZE) -> tuple[pd.DataFrame, int]:
    """One page of the values waiting for this reviewer, oldest first, and how many wait in all.

    Columns: id, version, project_id, slug, project, commune_insee, commune, indicator_code, indicator,
    unit, period_start, value, state, withdrawal_reason, withdrawal_by, withdrawal_by_id, entered_by,
    entered_by_id, entered_at, import_batch, is_demo, old_value (the approved value a correction replaces),
    comment, source.
    """
    older = aliased(Measurement, name="older")
    statement = (
        select(
            Measurement.id, Measurement.version, Measurement.project_id, Project.slug, Project.name.label("project"),
            Project.commune_insee, Commune.name.label("commune"), Measurement.indicator_code,
            Indicator.name.label("indicator"), Indicator.unit, Measurement.period_start, Measurement.value,
            Measurement.state, Measurement.withdrawal_reason, Measurement.withdrawal_by, Measurement.withdrawal_by_id,
            Measurement.entered_by, Measurement.entered_by_id, Measurement.entered_at, Measurement.import_batch,
            Measurement.is_demo, older.value.label("old_value"), Measurement.comment, Measurement.source,
        )
        .join(Project, Project.id == Measurement.project_id)
        .join(Commune, Commune.insee_code == Project.commune_insee)
        .join(Indicator, Indicator.code == Measurement.indicator_code)
        .outerjoin(older, and_(older.id == Measurement.supersedes_id, Measurement.state == PROPOSED))
        .where(WAITING, shown.PROJECT)
    )
    statement = _scope(statement, role, is_validator, commune_insee)
    if commune:
        statement = statement.where(Project.commune_insee == commune)
    if project_id is not None:
        statement = statement.where(Measurement.project_id == int(project_id))
    if indicator_code:
        statement = statement.where(Measurement.indicator_code == indicator_code)
    total = int(frame(engine, select(func.count()).select_from(statement.subquery())).iloc[0, 0])
    page = max(1, int(page))
    rows = frame(engine, statement.order_by(Measurement.entered_at, Measurement.id)
                 .limit(page_size).offset((page - 1) * page_size))
    return rows, total


@reads("measurements", "projects")
def batches(engine: Engine, role: str | None, is_validator: bool = False, commune_insee: str | None = None) -> pd.DataFrame:
    """The imports with values still waiting for this reviewer: import_batch, entered_by, entered_by_id, at, waiting."""
    statement = (
        select(Measurement.import_batch, func.min(Measurement.entered_by).label("entered_by"),
               func.min(Measurement.entered_by_id).label("entered_by_id"),
               func.min(Measurement.entered_at).label("at"), func.count().label("waiting"))
        .join(Project, Project.id == Measurement.project_id)
        .where(Measurement.import_batch.is_not(None), Measurement.state.in_((ACTIVE, PROPOSED)),
               Measurement.review_state == PENDING, shown.PROJECT)
        .group_by(Measurement.import_batch)
    )
    statement = _scope(statement, role, is_validator, commune_insee)
    return frame(engine, statement.order_by(func.min(Measurement.entered_at)))


@reads("measurements", "projects", "reference")
def filter_choices(engine: Engine, role: str | None, is_validator: bool = False,
                   commune_insee: str | None = None) -> pd.DataFrame:
    """The communes, experiments and indicators that have waiting values for this reviewer (for the filters)."""
    statement = (
        select(Project.commune_insee, Commune.name.label("commune"), Project.id.label("project_id"),
               Project.name.label("project"), Indicator.code.label("indicator_code"), Indicator.name.label("indicator"))
        .select_from(Measurement)
        .join(Project, Project.id == Measurement.project_id)
        .join(Commune, Commune.insee_code == Project.commune_insee)
        .join(Indicator, Indicator.code == Measurement.indicator_code)
        .where(WAITING, shown.PROJECT).distinct()
    )
    return frame(engine, _scope(statement, role, is_validator, commune_insee))


@reads("measurements", "projects", "reference")
def returned(engine: Engine, user_id: int | None) -> pd.DataFrame:
    """The values returned to their author ``user_id`` and not fixed yet (still the newest version).

    Columns: id, project_id, project, indicator_code, indicator, unit, period_start, value, reviewed_by,
    reviewed_at, review_reason.
    """
    if user_id is None:
        return frame(engine, select(Measurement.id).where(false()))
    return frame(
        engine,
        select(Measurement.id, Measurement.project_id, Project.name.label("project"), Measurement.indicator_code,
               Indicator.name.label("indicator"), Indicator.unit, Measurement.period_start, Measurement.value,
               Measurement.reviewed_by, Measurement.reviewed_at, Measurement.review_reason)
        .join(Project, Project.id == Measurement.project_id)
        .join(Indicator, Indicator.code == Measurement.indicator_code)
        .where(Measurement.entered_by_id == int(user_id), Measurement.review_state == RETURNED,
               Measurement.state.in_((ACTIVE, PROPOSED)))
        .order_by(Measurement.reviewed_at.desc()),
    )
