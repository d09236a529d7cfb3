"""Indicator measurements: active values only (superseded and retracted rows are history)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import and_, func, select
from sqlalchemy.engine import Engine

from qmi.models import Indicator, Measurement, Project, ProtocolIndicator
from qmi.queries.programme import frame


def series(engine: Engine, project_id: int) -> pd.DataFrame:
    """Every active value of one experiment, by indicator then period, with its protocol's baseline and target.

    Columns: indicator_code, indicator, unit, value_type, direction, period_start, value,
    is_demo, baseline, target, protocol_is_demo.
    """
    statement = (
        select(
            Measurement.indicator_code, Indicator.name.label("indicator"), Indicator.unit,
            Indicator.value_type, Indicator.direction, Measurement.period_start, Measurement.value,
            Measurement.is_demo, ProtocolIndicator.baseline, ProtocolIndicator.target,
            ProtocolIndicator.is_demo.label("protocol_is_demo"),
        )
        .join(Indicator, Indicator.code == Measurement.indicator_code)
        .outerjoin(
            ProtocolIndicator,
            and_(ProtocolIndicator.project_id == Measurement.project_id,
                 ProtocolIndicator.indicator_code == Measurement.indicator_code),
        )
        .where(Measurement.project_id == project_id, Measurement.state == "active")
        .order_by(Indicator.category, Indicator.name, Measurement.period_start)
    )
    return frame(engine, statement)


def latest_values(
    engine: Engine, commune_insee: str | None = None, project_ids: Sequence[int] | None = None
) -> pd.DataFrame:
    """The newest active value of each indicator of each experiment (of a commune, or of given ids).

    Columns: project_id, slug, project, commune_insee, indicator_code, indicator, unit,
    value_type, category, period_start, value, is_demo.
    """
    scope = select(Measurement).where(Measurement.state == "active")
    if commune_insee is not None:
        scope = scope.where(Measurement.project_id.in_(select(Project.id).where(Project.commune_insee == commune_insee)))
    if project_ids is not None:
        scope = scope.where(Measurement.project_id.in_([int(i) for i in project_ids]))
    ranked = scope.add_columns(
        func.row_number()
        .over(partition_by=(Measurement.project_id, Measurement.indicator_code),
              order_by=(Measurement.period_start.desc(), Measurement.id.desc()))
        .label("rank")
    ).subquery()
    statement = (
        select(
            ranked.c.project_id, Project.slug, Project.name.label("project"), Project.commune_insee,
            ranked.c.indicator_code, Indicator.name.label("indicator"), Indicator.unit, Indicator.value_type,
            Indicator.category, ranked.c.period_start, ranked.c.value, ranked.c.is_demo,
        )
        .join(Project, Project.id == ranked.c.project_id)
        .join(Indicator, Indicator.code == ranked.c.indicator_code)
        .where(ranked.c.rank == 1)
        .order_by(Project.name, Indicator.category, Indicator.name)
    )
    return frame(engine, statement)
