"""The indicator library and the evaluation protocols (read side).

- :func:`library`: every indicator with how many experiments follow it (SQL counts);
  :func:`search` filters that frame (accent- and case-insensitive).
- :func:`project_protocol`: the protocol of one experiment with the latest value and the
  progress from baseline to target (see :mod:`qmi.domain.progress` for the definition).
- :func:`comparison`: one indicator across every experiment that follows or measures it.
  All values of one indicator share its unit (the unit belongs to the indicator), so the
  comparison is always in one unit.
- :func:`indicator_choices`: the indicators offered by the measurement form, the
  experiment's protocol first.
"""

from __future__ import annotations

import unicodedata

import pandas as pd
from sqlalchemy import and_, case, exists, func, literal, or_, select, union
from sqlalchemy.engine import Engine

from qmi.db import frame
from qmi.domain.progress import CATEGORIES, display_name, progress, rate, status
from qmi.models import Commune, Indicator, IndicatorLatest, Measurement, Project, ProtocolIndicator
from qmi.queries import communes_named, reads, shown
from qmi.queries.measurements import latest_active

LIBRARY_COLUMNS = (
    "code", "name", "category", "unit", "value_type", "min_value", "max_value", "direction",
    "definition", "method", "sdg_target", "source",
)


def _category_order():
    """SQL expression ordering categories as ``qmi.domain.progress.CATEGORIES`` (unknown ones last)."""
    return case({name: i for i, name in enumerate(CATEGORIES)}, value=Indicator.category, else_=len(CATEGORIES))


def _latest(project_id, indicator_code, include_pending: bool = False):
    """The newest shown value of each row's experiment × indicator: latest_value, latest_period, latest_is_demo,
    latest_review (``a_valider`` for a waiting value, with ``include_pending``)."""
    return (
        latest_active("value", project_id, indicator_code, include_pending).label("latest_value"),
        latest_active("period_start", project_id, indicator_code, include_pending).label("latest_period"),
        latest_active("is_demo", project_id, indicator_code, include_pending).label("latest_is_demo"),
        latest_active("review_state", project_id, indicator_code, include_pending).label("latest_review"),
    )


@reads("projects", "protocols", "reference")
def library_usage(engine: Engine) -> pd.DataFrame:
    """Every indicator of the library, by category then name: the library columns, ``experiments``
    (experiments whose protocol follows it) and ``demo_experiments`` (of which illustrative protocols)."""
    usage = (
        select(
            ProtocolIndicator.indicator_code,
            func.count().label("experiments"),
            func.sum(case((ProtocolIndicator.is_demo, 1), else_=0)).label("demo_experiments"),
        )
        .join(Project, Project.id == ProtocolIndicator.project_id)
        .where(shown.PROJECT)
        .group_by(ProtocolIndicator.indicator_code)
        .subquery()
    )
    statement = (
        select(
            *[getattr(Indicator, c) for c in LIBRARY_COLUMNS],
            func.coalesce(usage.c.experiments, 0).label("experiments"),
            func.coalesce(usage.c.demo_experiments, 0).label("demo_experiments"),
        )
        .outerjoin(usage, usage.c.indicator_code == Indicator.code)
        .order_by(_category_order(), Indicator.name)
    )
    return frame(engine, statement)


@reads("measurements", "projects", commune="commune_insee")
def measured_in(engine: Engine, commune_insee: str | tuple[str, ...] | None = None) -> pd.DataFrame:
    """Per indicator, the experiments (of the commune or communes, or of all) with at least one shown
    value: indicator_code, measured. An experiment is in one commune, so the communes' counts add up.
    Read from ``indicator_latest`` (one row per experiment × indicator with a shown value, kept by the
    database): 3 ms at 200 000 values, where going through the values took 200 ms."""
    statement = (select(IndicatorLatest.indicator_code, func.count().label("measured"))
                 .join(Project, Project.id == IndicatorLatest.project_id).where(shown.PROJECT))
    if commune_insee is not None:
        statement = statement.where(Project.commune_insee.in_(communes_named(commune_insee)))
    return frame(engine, statement.group_by(IndicatorLatest.indicator_code))


COMMUNES_PER_PART = 16  # one query per part: 130 communes read in 9 queries, a value reads 16 again


@reads("projects")
def experiment_communes(engine: Engine, per_part: int | None = None) -> tuple[tuple[str, ...], ...]:
    """The communes some experiment is in, in groups of ``per_part`` (default :data:`COMMUNES_PER_PART`):
    the parts :func:`library_from` adds up."""
    per_part = per_part or COMMUNES_PER_PART
    with engine.connect() as connection:
        codes = list(connection.execute(select(Project.commune_insee).distinct().order_by(Project.commune_insee))
                     .scalars())
    return tuple(tuple(codes[i:i + per_part]) for i in range(0, len(codes), per_part))


@reads("measurements", "projects", "protocols", "reference")
def library_from(usage: pd.DataFrame, *measured: pd.DataFrame) -> pd.DataFrame:
    """:func:`library` from its parts read apart (:func:`library_usage`, :func:`measured_in` of each group
    of communes or of all), so that a page caches each by what it reads (``qmi.ui.shared_from``): a
    value in one commune counts the experiments of its group again, not the others'."""
    counted = [m for m in measured if not m.empty]
    totals = (pd.concat(counted).groupby("indicator_code")["measured"].sum() if counted
              else pd.Series(dtype="int64"))
    result = usage.copy()
    result["measured"] = result["code"].map(totals).fillna(0).astype("int64")
    return result


@reads("measurements", "projects", "protocols", "reference")
def library(engine: Engine) -> pd.DataFrame:
    """Every indicator of the library, by category then name.

    Columns: the library columns, ``experiments`` (experiments whose protocol follows it),
    ``demo_experiments`` (of which illustrative protocols) and ``measured`` (experiments with
    at least one active value).
    """
    return library_from(library_usage(engine), measured_in(engine))


def _fold(text: object) -> str:
    decomposed = unicodedata.normalize("NFKD", "" if text is None else str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def search(indicators: pd.DataFrame, text: str | None = None, category: str | None = None,
           lang: str = "fr") -> pd.DataFrame:
    """Rows of ``library()`` whose code, name (French, and English when ``lang`` is "en"), unit or
    definition contain every word of ``text`` (ignoring case and accents), in ``category`` when given;
    sorted by category then by name as read in ``lang`` (accents ignored, so « Émissions » sits under E)."""
    rows = indicators
    if category:
        rows = rows[rows["category"] == category]
    words = _fold(text).split()
    if words:
        haystack = (rows["code"].map(_fold) + " " + rows["name"].map(_fold) + " " + rows["unit"].map(_fold)
                    + " " + rows["definition"].map(_fold))
        if lang != "fr":
            haystack = haystack + " " + rows["code"].map(lambda c: _fold(display_name(c, "", lang)))
        keep = haystack.map(lambda h: all(w in h for w in words))
        rows = rows[keep]
    order = list(CATEGORIES)
    rank = rows["category"].map(lambda c: order.index(c) if c in order else len(order))
    names = [_fold(display_name(c, n, lang)) for c, n in zip(rows["code"], rows["name"])]
    rows = rows.assign(_rank=rank.to_numpy(), _name=names).sort_values(["_rank", "_name"])
    return rows.drop(columns=["_rank", "_name"]).reset_index(drop=True)


def categories(engine: Engine) -> list[str]:
    """The categories present in the library, in the library's order."""
    with engine.connect() as connection:
        present = set(connection.execute(select(Indicator.category).distinct()).scalars())
    return [c for c in CATEGORIES if c in present] + sorted(present - CATEGORIES.keys())


@reads("reference")
def indicator(engine: Engine, code: str) -> dict | None:
    """One indicator as a dict (library columns), or None."""
    with engine.connect() as connection:
        row = connection.execute(select(*[getattr(Indicator, c) for c in LIBRARY_COLUMNS])
                                 .where(Indicator.code == code)).mappings().first()
    return dict(row) if row else None


def _with_progress(rows: pd.DataFrame) -> pd.DataFrame:
    rows = rows.copy()

    def value(x: object) -> float | None:
        return None if pd.isna(x) else float(x)

    rows["progress"] = [
        progress(value(b), value(t), value(v)) for b, t, v in zip(rows["baseline"], rows["target"], rows["latest_value"])
    ]
    rows["status"] = [
        status(value(b), value(t), value(v)) for b, t, v in zip(rows["baseline"], rows["target"], rows["latest_value"])
    ]
    return rows


@reads("measurements", "protocols", "reference", project="project_id")  # one experiment's rows: its commune's
def project_protocol(engine: Engine, project_id: int, include_pending: bool = False) -> pd.DataFrame:
    """The indicators one experiment follows, with baseline, target, latest value and progress.

    Columns: indicator_code, indicator, category, unit, value_type, direction, baseline, target,
    note, is_demo (the protocol row), latest_value, latest_period, latest_is_demo, progress
    (unclipped share of the way from baseline to target, None when undefined), status (a key of
    ``qmi.domain.progress.STATUSES``). Ordered by category then indicator name.
    """
    statement = (
        select(
            ProtocolIndicator.indicator_code, Indicator.name.label("indicator"), Indicator.category, Indicator.unit,
            Indicator.value_type, Indicator.direction, ProtocolIndicator.baseline, ProtocolIndicator.target,
            ProtocolIndicator.note, ProtocolIndicator.is_demo,
            *_latest(ProtocolIndicator.project_id, ProtocolIndicator.indicator_code, include_pending),
        )
        .join(Indicator, Indicator.code == ProtocolIndicator.indicator_code)
        .where(ProtocolIndicator.project_id == project_id)
        .order_by(_category_order(), Indicator.name)
    )
    return _with_progress(frame(engine, statement))


PROGRESS_COLUMNS = (
    "project_slug", "commune_insee", "indicator_code", "unit", "valeur_initiale", "valeur_actuelle", "valeur_cible",
    "taux_avancement", "date_valeur_actuelle", "direction", "is_demo",
)


def progress_table(engine: Engine) -> pd.DataFrame:
    """Every protocol indicator of every experiment the pages show, in the Baromètre's shape (the open
    data's ``indicateurs_avancement.csv``): baseline (``valeur_initiale``), latest active value
    (``valeur_actuelle``) and its period, target (``valeur_cible``), and ``taux_avancement`` (the rule of
    :func:`qmi.domain.progress.rate`). ``is_demo`` when the protocol row or the latest value is
    illustrative. Columns :data:`PROGRESS_COLUMNS`, by experiment then indicator."""
    statement = (
        select(
            Project.slug.label("project_slug"), Project.commune_insee, ProtocolIndicator.indicator_code, Indicator.unit,
            ProtocolIndicator.baseline.label("valeur_initiale"), ProtocolIndicator.target.label("valeur_cible"),
            Indicator.direction, ProtocolIndicator.is_demo.label("protocol_is_demo"),
            *_latest(ProtocolIndicator.project_id, ProtocolIndicator.indicator_code),
        )
        .join(Project, Project.id == ProtocolIndicator.project_id)
        .join(Indicator, Indicator.code == ProtocolIndicator.indicator_code)
        .where(shown.PROJECT)
        .order_by(Project.slug, ProtocolIndicator.indicator_code)
    )
    rows = frame(engine, statement)

    def value(x: object) -> float | None:
        return None if pd.isna(x) else float(x)

    rows["valeur_actuelle"] = rows.pop("latest_value")
    rows["date_valeur_actuelle"] = rows.pop("latest_period")
    rows["taux_avancement"] = pd.Series(
        [rate(value(b), value(t), value(v)) for b, t, v in
         zip(rows["valeur_initiale"], rows["valeur_cible"], rows["valeur_actuelle"])],
        index=rows.index, dtype=object)
    latest_demo = rows.pop("latest_is_demo")
    rows["is_demo"] = [bool(p) or (not pd.isna(d) and bool(d)) for p, d in zip(rows.pop("protocol_is_demo"), latest_demo)]
    return rows[list(PROGRESS_COLUMNS)]


@reads("measurements", "projects", "protocols", "reference")
def comparison(engine: Engine, code: str) -> pd.DataFrame:
    """One indicator across every experiment that follows it in its protocol or has a value for it.

    Columns: project_id, slug, project, commune_insee, commune, edition_id, unit, baseline,
    target, protocol_is_demo, latest_value, latest_period, latest_is_demo, progress, status.
    Experiments with a value come first, highest value first (lowest when lower is better).
    """
    following = union(
        select(ProtocolIndicator.project_id).where(ProtocolIndicator.indicator_code == code),
        select(Measurement.project_id).where(Measurement.indicator_code == code, shown.values()),
    ).subquery()
    statement = (
        select(
            Project.id.label("project_id"), Project.slug, Project.name.label("project"), Project.commune_insee,
            Commune.name.label("commune"), Project.edition_id, Indicator.unit, Indicator.direction,
            ProtocolIndicator.baseline, ProtocolIndicator.target, ProtocolIndicator.is_demo.label("protocol_is_demo"),
            *_latest(Project.id, code),
        )
        .join(following, following.c.project_id == Project.id)
        .join(Commune, Commune.insee_code == Project.commune_insee)
        .join(Indicator, Indicator.code == literal(code))
        .outerjoin(ProtocolIndicator, and_(ProtocolIndicator.project_id == Project.id,
                                           ProtocolIndicator.indicator_code == code))
        .where(shown.PROJECT)
        .order_by(Project.name)
    )
    rows = _with_progress(frame(engine, statement))
    if rows.empty:
        return rows
    descending = rows["direction"].iloc[0] != "lower"
    rows = rows.assign(_has=rows["latest_value"].notna())
    rows = rows.sort_values(["_has", "latest_value"], ascending=[False, not descending], na_position="last")
    return rows.drop(columns="_has").reset_index(drop=True)


@reads("protocols", "reference")
def indicator_choices(engine: Engine, project_id: int | None = None) -> pd.DataFrame:
    """Indicators for the measurement form: the experiment's protocol first, then the rest of the library.

    Used by the entry page (``pages/entry.py``) and the protocol editor: pass the chosen
    experiment's id; the frame keeps that order, so ``for row in frame.itertuples()`` gives the options as they
    should be offered. Columns: code, name, category, unit, value_type, min_value, max_value,
    direction, in_protocol (bool), baseline, target, then periodicity, availability_lag_days and
    periodicity_is_default (None off the protocol). With ``project_id`` None every row has
    ``in_protocol`` False (library order: category, name).
    """
    protocol = (
        select(ProtocolIndicator.indicator_code, ProtocolIndicator.baseline, ProtocolIndicator.target,
               ProtocolIndicator.periodicity, ProtocolIndicator.availability_lag_days,
               ProtocolIndicator.periodicity_is_default)
        .where(ProtocolIndicator.project_id == (project_id if project_id is not None else -1))
        .subquery()
    )
    in_protocol = protocol.c.indicator_code.is_not(None)
    statement = (
        select(
            Indicator.code, Indicator.name, Indicator.category, Indicator.unit, Indicator.value_type,
            Indicator.min_value, Indicator.max_value, Indicator.direction,
            in_protocol.label("in_protocol"), protocol.c.baseline, protocol.c.target, protocol.c.periodicity,
            protocol.c.availability_lag_days, protocol.c.periodicity_is_default,
        )
        .outerjoin(protocol, protocol.c.indicator_code == Indicator.code)
        .order_by(case((in_protocol, 0), else_=1), _category_order(), Indicator.name)
    )
    rows = frame(engine, statement)
    rows["in_protocol"] = rows["in_protocol"].astype(bool)
    return rows


@reads("projects", "protocols", "reference")
def protocol_projects(engine: Engine) -> pd.DataFrame:
    """Every experiment with its number of protocol indicators (for the protocol editor's picker).

    Columns: id, slug, name, commune_insee, commune, edition_id, indicators.
    """
    counts = (
        select(ProtocolIndicator.project_id, func.count().label("indicators"))
        .group_by(ProtocolIndicator.project_id)
        .subquery()
    )
    statement = (
        select(Project.id, Project.slug, Project.name, Project.commune_insee, Commune.name.label("commune"),
               Project.edition_id, func.coalesce(counts.c.indicators, 0).label("indicators"))
        .join(Commune, Commune.insee_code == Project.commune_insee)
        .outerjoin(counts, counts.c.project_id == Project.id)
        .where(shown.PROJECT)
        .order_by(Project.name)
    )
    return frame(engine, statement)


@reads("measurements", "protocols")
def has_demo(engine: Engine) -> bool:
    """Whether any protocol or measurement shown by these views is illustrative."""
    with engine.connect() as connection:
        return bool(connection.execute(
            select(or_(exists().where(ProtocolIndicator.is_demo), exists().where(Measurement.is_demo)))
        ).scalar_one())
