"""Freshness of the protocol indicators, per indicator, per experiment and per commune (issue #18 §2).

The last period of an indicator is its newest value in force and approved, as ``indicator_latest``
(``qmi.models.IndicatorLatest``) holds it: the database keeps that table by ``qmi.queries.shown.values``'
rule, so a value waiting for review does not make an indicator up to date yet. :func:`_statement` is the one
place that reads it; everything here and in the export follows it.

The rule itself is :func:`qmi.domain.freshness.freshness`; ``today`` is a parameter, so a page passes
``date.today()`` and a test a fixed day.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date

import pandas as pd
from sqlalchemy import and_, select
from sqlalchemy.engine import Engine

from qmi.db import frame
from qmi.domain.freshness import A_JOUR, EN_RETARD, NON_SAISI, STATES, freshness
from qmi.models import Commune, Indicator, IndicatorLatest, Project, ProtocolIndicator
from qmi.queries import communes_named, reads, shown

COLUMNS = ("project_id", "slug", "project", "commune_insee", "commune", "indicator_code", "indicator", "category",
           "periodicity", "availability_lag_days", "periodicity_is_default", "protocol_is_demo", "project_is_demo",
           "last_period", "last_is_demo", "start_date", "end_date", "abandoned", "archived")


def _statement(commune_insee: str | tuple[str, ...] | None, project_id: int | None, shown_only: bool):
    """The protocol indicators :func:`indicators` reads, with :data:`COLUMNS` (one statement for every reader)."""
    statement = (
        select(
            ProtocolIndicator.project_id, Project.slug, Project.name.label("project"), Project.commune_insee,
            Commune.name.label("commune"), ProtocolIndicator.indicator_code, Indicator.name.label("indicator"),
            Indicator.category, ProtocolIndicator.periodicity, ProtocolIndicator.availability_lag_days,
            ProtocolIndicator.periodicity_is_default, ProtocolIndicator.is_demo.label("protocol_is_demo"),
            Project.is_demo.label("project_is_demo"),
            IndicatorLatest.period_start.label("last_period"), IndicatorLatest.is_demo.label("last_is_demo"),
            Project.start_date, Project.end_date, Project.abandoned, Project.archived,
        )
        .join(Project, Project.id == ProtocolIndicator.project_id)
        .outerjoin(IndicatorLatest, and_(IndicatorLatest.project_id == ProtocolIndicator.project_id,
                                         IndicatorLatest.indicator_code == ProtocolIndicator.indicator_code))
        .join(Commune, Commune.insee_code == Project.commune_insee)
        .join(Indicator, Indicator.code == ProtocolIndicator.indicator_code)
        .order_by(Commune.name, Project.name, Indicator.category, Indicator.name)
    )
    if shown_only:
        statement = statement.where(shown.PROJECT)
    if commune_insee is not None:
        statement = statement.where(Project.commune_insee.in_(communes_named(commune_insee)))
    if project_id is not None:
        statement = statement.where(ProtocolIndicator.project_id == int(project_id))
    return statement


# The rule is pure and most protocol indicators share their inputs (a periodicity, a month, a lag): a
# programme's 4 000 rows make a few hundred distinct calls.
@functools.lru_cache(maxsize=8192)
def _computed(last_period: object, periodicity: str, lag_days: object, today: date, start_date: object,
              end_date: object, abandoned: object):
    """:func:`qmi.domain.freshness.freshness` of one row as the store gives it (days as dates or texts)."""
    return freshness(_day(last_period), periodicity, int(lag_days), today, start_date=_day(start_date),
                     end_date=_day(end_date), abandoned=bool(abandoned))


@reads("measurements", "projects", "protocols", "reference", commune="commune_insee")
def indicators(engine: Engine, today: date, commune_insee: str | tuple[str, ...] | None = None,
               project_id: int | None = None, shown_only: bool = True) -> pd.DataFrame:
    """Every protocol indicator (of a commune or communes, or of one experiment) with its freshness on ``today``.

    Columns: those of :data:`COLUMNS`, then next_period, due_on, state, late_days and is_demo (the protocol,
    the experiment or the last value is demo). Sorted by commune, experiment, then indicator. ``shown_only``
    False keeps archived experiments (the open data keeps them).
    """
    rows = frame(engine, _statement(commune_insee, project_id, shown_only))
    computed = [_computed(r.last_period, r.periodicity, r.availability_lag_days, today, r.start_date, r.end_date,
                          r.abandoned) for r in rows.itertuples()]
    rows["next_period"] = [f.next_period for f in computed]
    rows["due_on"] = [f.due_on for f in computed]
    rows["state"] = [f.state for f in computed]
    rows["late_days"] = pd.array([f.late_days for f in computed], dtype="Int64")
    for column in ("last_period", "start_date", "end_date"):
        rows[column] = [_day(v) for v in rows[column]]
    rows["is_demo"] = (rows["protocol_is_demo"].astype(bool) | rows["project_is_demo"].astype(bool)
                       | rows["last_is_demo"].fillna(False).astype(bool))
    rows["periodicity_is_default"] = rows["periodicity_is_default"].astype(bool)
    return rows


def export_table(engine: Engine, today: date) -> pd.DataFrame:
    """``freshness.csv``: project_slug, indicator_code, periodicity, last_period, next_due (the last day the
    awaited value is on time), state; then next_period (the start of the awaited period), availability_lag_days,
    late_days, periodicity_is_default, is_demo, archived, computed_on. Archived experiments are kept."""
    rows = indicators(engine, today, shown_only=False).sort_values(["slug", "indicator_code"])
    return pd.DataFrame({
        "project_slug": rows["slug"], "indicator_code": rows["indicator_code"], "periodicity": rows["periodicity"],
        "last_period": rows["last_period"], "next_due": rows["due_on"], "state": rows["state"],
        "next_period": rows["next_period"], "availability_lag_days": rows["availability_lag_days"].astype("Int64"),
        "late_days": rows["late_days"], "periodicity_is_default": rows["periodicity_is_default"],
        "is_demo": rows["is_demo"], "archived": rows["archived"].astype(bool), "computed_on": today,
    }, columns=EXPORT_COLUMNS).reset_index(drop=True)


EXPORT_COLUMNS = ("project_slug", "indicator_code", "periodicity", "last_period", "next_due", "state", "next_period",
                  "availability_lag_days", "late_days", "periodicity_is_default", "is_demo", "archived", "computed_on")


def _day(value: object) -> date | None:
    if value is None or (not isinstance(value, date) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value if isinstance(value, date) else None


EXPERIMENT_COLUMNS = ("project_id", "slug", "project", "commune_insee", "commune", *STATES, "indicators", "late", "due",
                      "share_up_to_date", "is_demo")
COUNT_COLUMNS = (*STATES, "indicators", "late", "due")


@reads("measurements", "projects", "protocols", "reference", commune="commune_insee")
def by_experiment(engine: Engine, today: date, commune_insee: str | tuple[str, ...] | None = None) -> pd.DataFrame:
    """One row per experiment that has a protocol (of a commune or communes, or of all): its counts per
    state, late (en retard + non saisi), due, share_up_to_date (None when nothing is due), is_demo. Sorted
    by commune then experiment.

    :func:`indicators`' rows, counted straight from the statement's tuples: their frame is not needed
    here, and building it was four fifths of a group's 50 ms (Fraîcheur reads every group again while
    agents write everywhere)."""
    with engine.connect() as connection:
        result = connection.execute(_statement(commune_insee, None, True))
        at = {name: i for i, name in enumerate(result.keys())}
        rows = result.all()
    if not rows:
        return pd.DataFrame(columns=list(EXPERIMENT_COLUMNS))
    keys = [at[key] for key in EXPERIMENT_KEYS]
    fields = [at[c] for c in ("last_period", "periodicity", "availability_lag_days")]
    dates = [at[c] for c in ("start_date", "end_date", "abandoned")]
    demo = [at[c] for c in ("protocol_is_demo", "project_is_demo", "last_is_demo")]
    counted = ((*(r[i] for i in keys), _computed(*(r[i] for i in fields), today, *(r[i] for i in dates)).state,
                any(bool(r[i]) for i in demo)) for r in rows)
    return _per_experiment(counted).sort_values(["commune", "project"]).reset_index(drop=True)


EXPERIMENT_KEYS = ("project_id", "slug", "project", "commune_insee", "commune")


def _per_experiment(rows: Iterable[tuple]) -> pd.DataFrame:
    """:func:`by_experiment`'s counts from rows of (*:data:`EXPERIMENT_KEYS`, state, is_demo), in project_id
    order, counted in one pass: pandas' pivot and merge took 25 ms for a group of 16 communes (five
    times the query)."""
    experiments: dict[int, tuple] = {}
    counts: dict[int, dict[str, int]] = {}
    demo: dict[int, bool] = {}
    for *keys, state, is_demo in rows:
        project_id = keys[0]
        if project_id not in experiments:
            experiments[project_id], counts[project_id], demo[project_id] = tuple(keys), dict.fromkeys(STATES, 0), False
        counts[project_id][state] += 1
        demo[project_id] = demo[project_id] or bool(is_demo)
    order = sorted(experiments)
    columns: dict[str, object] = {key: [experiments[p][i] for p in order] for i, key in enumerate(EXPERIMENT_KEYS)}
    columns |= {state: [counts[p][state] for p in order] for state in STATES}
    columns["indicators"] = [sum(counts[p].values()) for p in order]
    columns["late"] = [counts[p][EN_RETARD] + counts[p][NON_SAISI] for p in order]
    columns["due"] = [counts[p][A_JOUR] + late for p, late in zip(order, columns["late"], strict=True)]
    # share_up_to_date of qmi.domain.freshness, by counts: à jour over what is due
    columns["share_up_to_date"] = pd.Series([counts[p][A_JOUR] / due if due else None for p, due in zip(order, columns["due"], strict=True)],
                                            dtype=object)
    columns["is_demo"] = [demo[p] for p in order]
    return pd.DataFrame(columns)


@reads("measurements", "projects", "protocols", "reference")
def experiments_from(*parts: pd.DataFrame) -> pd.DataFrame:
    """:func:`by_experiment` of the whole programme from its parts, each :func:`by_experiment` of a group of
    communes (``qmi.ui.shared_from``): a value in one commune reads its group's experiments again, not the others'."""
    counted = [p for p in parts if not p.empty]
    if not counted:
        return pd.DataFrame(columns=list(EXPERIMENT_COLUMNS))
    return pd.concat(counted, ignore_index=True).sort_values(["commune", "project"], kind="stable").reset_index(drop=True)


@reads("reference")
def programme_communes(engine: Engine) -> pd.DataFrame:
    """The communes of the programme (those with an edition): commune_insee, commune."""
    return frame(engine, select(Commune.insee_code.label("commune_insee"), Commune.name.label("commune"))
                 .where(Commune.edition_id.is_not(None)))


@reads("measurements", "projects", "protocols", "reference")
def communes_from(communes: pd.DataFrame, *parts: pd.DataFrame) -> pd.DataFrame:
    """:func:`by_commune` from its parts: :func:`programme_communes`, then :func:`by_experiment` of each
    group of communes. A commune's counts are its experiments' (an indicator belongs to one experiment)."""
    experiments = experiments_from(*parts)
    if experiments.empty:
        summary = pd.DataFrame(columns=["commune_insee", "commune", *COUNT_COLUMNS, "is_demo", "experiments"])
    else:
        grouped = experiments.groupby(["commune_insee", "commune"])
        summary = grouped[list(COUNT_COLUMNS)].sum()
        summary["is_demo"] = grouped["is_demo"].any()
        summary["experiments"] = grouped["project_id"].nunique()
        summary = summary.reset_index()
    result = communes.merge(summary, on=["commune_insee", "commune"], how="outer")
    for column in (*COUNT_COLUMNS, "experiments"):
        result[column] = result[column].fillna(0).astype(int)
    result["is_demo"] = result["is_demo"].astype("boolean").fillna(False).astype(bool)
    # share_up_to_date of qmi.domain.freshness, by counts: à jour over what is due
    result["share_up_to_date"] = pd.Series([a / d if d else None for a, d in zip(result[A_JOUR], result["due"])],
                                           index=result.index, dtype=object)
    result["never_entered_only"] = (result["due"] > 0) & (result[NON_SAISI] == result["due"])
    return result.sort_values("commune").reset_index(drop=True)


@reads("measurements", "projects", "protocols", "reference")
def by_commune(engine: Engine, today: date) -> pd.DataFrame:
    """One row per commune of the programme (those with an edition, and any with a followed experiment):
    experiments (with a protocol), counts per state, late, due, share_up_to_date (None when nothing is due),
    never_entered_only (something is due and nothing of it was ever entered), is_demo. Sorted by name."""
    return communes_from(programme_communes(engine), by_experiment(engine, today))
