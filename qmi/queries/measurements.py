"""Indicator measurements: the shown values (``shown.values``: in force and approved; superseded,
retracted and proposed rows are history).

:func:`latest_active` is the one way to reach "the newest active value" of an
experiment × indicator: a correlated subquery that walks the partial unique index
``uq_measurement_active_period`` (project_id, indicator_code, period_start WHERE active)
backwards, so the cost grows with the rows asked for, not with the whole table.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import ColumnElement, ScalarSelect, and_, false, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import aliased

from qmi.db import frame
from qmi.domain.rights import writes_for_every_commune
from qmi.models import Indicator, Measurement, Project, ProtocolIndicator
from qmi.queries import reads, shown

# The enclosing query may read measurement too. One alias for every call: it keeps its columns once
# adapted (a new alias adapted them again, a twentieth of an experiment's record after a write); each
# subquery is its own scope, so two of them in one query do not clash.
_NEWEST = aliased(Measurement, name="newest")


def latest_active(column: str, project_id: ColumnElement[int], indicator_code: ColumnElement[str] | str,
                  include_pending: bool = False) -> ScalarSelect:
    """Correlated scalar subquery: ``column`` of the newest shown measurement of ``project_id`` ×
    ``indicator_code`` (columns of the enclosing query, or a fixed code); NULL when there is none.
    Shown: approved and in force (``shown.values``), or also waiting with ``include_pending``.

    Put it in the select list, one per column needed: each is one backward step in the index
    for each row of the enclosing query, on SQLite and PostgreSQL alike. (Joining measurement
    on ``id = (subquery)`` instead lets PostgreSQL hash the whole table for an outer join.)
    At most one active row exists per experiment, indicator and period, so the newest period
    designates a single row.
    """
    return (
        select(getattr(_NEWEST, column))
        .where(_NEWEST.project_id == project_id, _NEWEST.indicator_code == indicator_code,
               shown.values(include_pending, _NEWEST))
        .order_by(_NEWEST.period_start.desc())
        .limit(1)
        .scalar_subquery()
    )


@reads("measurements", "protocols", "reference", project="project_id")
def series(engine: Engine, project_id: int, include_pending: bool = False) -> pd.DataFrame:
    """Every shown value of one experiment (``shown.values``), by indicator then period, with its
    protocol's baseline and target.

    Columns: indicator_code, indicator, unit, value_type, direction, period_start, value,
    is_demo, baseline, target, protocol_is_demo, review_state (``a_valider`` marks a waiting value).
    """
    statement = (
        select(
            Measurement.indicator_code, Indicator.name.label("indicator"), Indicator.unit,
            Indicator.value_type, Indicator.direction, Measurement.period_start, Measurement.value,
            Measurement.is_demo, ProtocolIndicator.baseline, ProtocolIndicator.target,
            ProtocolIndicator.is_demo.label("protocol_is_demo"), Measurement.review_state,
        )
        .join(Indicator, Indicator.code == Measurement.indicator_code)
        .outerjoin(
            ProtocolIndicator,
            and_(ProtocolIndicator.project_id == Measurement.project_id,
                 ProtocolIndicator.indicator_code == Measurement.indicator_code),
        )
        .where(Measurement.project_id == project_id, shown.values(include_pending))
        .order_by(Indicator.category, Indicator.name, Measurement.period_start)
    )
    return frame(engine, statement)


@reads("measurements", "projects", "reference", commune="commune_insee")
def latest_values(
    engine: Engine, commune_insee: str | None = None, project_ids: Sequence[int] | None = None,
    include_pending: bool = False,
) -> pd.DataFrame:
    """The newest shown value (``shown.values``) of each indicator of each experiment (of a commune, or of given ids).

    Columns: project_id, slug, project, commune_insee, indicator_code, indicator, unit,
    value_type, category, period_start, value, is_demo, review_state.
    """
    pairs = select(Measurement.project_id, Measurement.indicator_code).where(shown.values(include_pending))
    if commune_insee is not None:
        pairs = pairs.where(Measurement.project_id.in_(select(Project.id).where(Project.commune_insee == commune_insee)))
    if project_ids is not None:
        pairs = pairs.where(Measurement.project_id.in_([int(i) for i in project_ids]))
    pairs = pairs.distinct().subquery()

    def latest(column: str) -> ScalarSelect:
        return latest_active(column, pairs.c.project_id, pairs.c.indicator_code, include_pending).label(column)

    statement = (
        select(
            pairs.c.project_id, Project.slug, Project.name.label("project"), Project.commune_insee,
            pairs.c.indicator_code, Indicator.name.label("indicator"), Indicator.unit, Indicator.value_type,
            Indicator.category, latest("period_start"), latest("value"), latest("is_demo"), latest("review_state"),
        )
        .join(Project, Project.id == pairs.c.project_id)
        .join(Indicator, Indicator.code == pairs.c.indicator_code)
        .where(shown.PROJECT)
        .order_by(Project.name, Indicator.category, Indicator.name)
    )
    return frame(engine, statement)


@reads("measurements", "reference")
def project_measurements(engine: Engine, project_id: int) -> pd.DataFrame:
    """Every row of an experiment (all states), newest first, with the indicator's name and unit."""
    return frame(
        engine,
        select(
            Measurement.id, Measurement.indicator_code, Indicator.name.label("indicator"), Indicator.unit,
            Measurement.period_start, Measurement.value, Measurement.state, Measurement.supersedes_id,
            Measurement.retracted_reason, Measurement.comment, Measurement.source, Measurement.entered_by,
            Measurement.entered_at, Measurement.is_demo, Measurement.review_state, Measurement.reviewed_by,
            Measurement.reviewed_at, Measurement.review_reason, Measurement.withdrawal_reason, Measurement.withdrawal_by,
            Measurement.version,
        )
        .join(Indicator, Indicator.code == Measurement.indicator_code)
        .where(Measurement.project_id == project_id)
        .order_by(Measurement.period_start.desc(), Measurement.indicator_code, Measurement.id.desc()),
    )


@reads("projects")
def writable_projects(engine: Engine, role: str | None, commune_insee: str | None) -> pd.DataFrame:
    """The experiments a role may enter data for (agents: their commune's only), by name."""
    stmt = select(Project.id, Project.slug, Project.name, Project.commune_insee, Project.start_date,
                     Project.end_date).where(shown.PROJECT).order_by(Project.name)
    if role == "agent":
        stmt = stmt.where(Project.commune_insee == commune_insee)
    elif not writes_for_every_commune(role):
        stmt = stmt.where(false())
    return frame(engine, stmt)
