"""Essaimage: reading what the ranking needs from the store (cacheable); the rules are in ``qmi.domain.essaimage``."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import and_, select
from sqlalchemy.engine import Engine

from qmi.db import frame
from qmi.domain.essaimage import (
    CANDIDATE_COLUMNS,
    REPLICATION_COLUMNS,
    Recommendation,
    Weights,
    _density,
    _group_means,
    rank,
)
from qmi.domain.progress import progress
from qmi.models import Commune, CommuneChallenge, IndicatorLatest, Project, ProtocolIndicator, UrbanChallenge
from qmi.queries import communes_named, reads
from qmi.queries.projects import catalogue
from qmi.queries.transfers import replication_summary


@reads("reference")
def communes(engine: Engine) -> pd.DataFrame:
    """Every commune of the Métropole with its density; edition 2 first, then edition 1, then the others."""
    table = frame(
        engine,
        select(Commune.insee_code, Commune.name, Commune.departement, Commune.population, Commune.area_km2,
               Commune.edition_id, Commune.innovation_district, Commune.district_source,
               Commune.latitude, Commune.longitude),
    )
    table["density"] = [_density(p, a) for p, a in zip(table["population"], table["area_km2"])]
    order = table["edition_id"].map({2: 0, 1: 1}).fillna(2)
    return (
        table.assign(_order=order, _name=table["name"].str.casefold())
        .sort_values(["_order", "_name"])
        .drop(columns=["_order", "_name"])
        .reset_index(drop=True)
    )


@reads("reference", commune="commune_insee")
def declared_challenges(engine: Engine, commune_insee: str) -> pd.DataFrame:
    """The urban challenges a commune declared, in the order of seed 003."""
    return frame(
        engine,
        select(CommuneChallenge.challenge_code, UrbanChallenge.name, CommuneChallenge.source,
               CommuneChallenge.is_demo)
        .join(UrbanChallenge, UrbanChallenge.code == CommuneChallenge.challenge_code)
        .where(CommuneChallenge.commune_insee == commune_insee)
        .order_by(UrbanChallenge.position),
    )


@reads("reference")
def challenge_catalogue(engine: Engine) -> pd.DataFrame:
    """The eight urban challenges of seed 003."""
    return frame(engine, select(UrbanChallenge).order_by(UrbanChallenge.position))


def indicator_results(engine: Engine, commune_insee: str | tuple[str, ...] | None = None) -> pd.DataFrame:
    """Each protocol indicator (of the experiments of a commune or communes, or of all) with a baseline and
    a target, and its latest shown measurement (``indicator_latest``: one join, where three subqueries per
    row went through the values)."""
    statement = (
        select(
            ProtocolIndicator.project_id, ProtocolIndicator.indicator_code, ProtocolIndicator.baseline,
            ProtocolIndicator.target, ProtocolIndicator.is_demo.label("protocol_is_demo"),
            IndicatorLatest.value.label("latest"), IndicatorLatest.is_demo.label("measurement_is_demo"),
        )
        .join(IndicatorLatest, and_(IndicatorLatest.project_id == ProtocolIndicator.project_id,
                                    IndicatorLatest.indicator_code == ProtocolIndicator.indicator_code))
        .where(ProtocolIndicator.baseline.is_not(None), ProtocolIndicator.target.is_not(None))
        .order_by(ProtocolIndicator.project_id, ProtocolIndicator.indicator_code)
    )
    if commune_insee is not None:
        statement = statement.where(ProtocolIndicator.project_id.in_(
            select(Project.id).where(Project.commune_insee.in_(communes_named(commune_insee)))))
    return frame(engine, statement)


@reads("assessments", "projects", "reference")
def experiments(engine: Engine) -> pd.DataFrame:
    """Every experiment with what the ranking reads of it that no measurement changes: the catalogue's
    columns, its commune's population and density."""
    table = catalogue(engine)[list(CANDIDATE_COLUMNS)]
    profile = communes(engine)[["insee_code", "population", "density"]].rename(columns={"insee_code": "commune_insee"})
    return table.merge(profile, on="commune_insee", how="left")


@reads("measurements", "projects", "protocols", "reference", "transfers")
def replications(engine: Engine) -> pd.DataFrame:
    """The concluded transfers of each experiment (``qmi.queries.transfers.replication_summary``: an
    outcome is read from the target's results, so a measurement may change it)."""
    return replication_summary(engine)


@reads("measurements", "projects", "protocols", commune="commune_insee")
def results_by_experiment(engine: Engine, commune_insee: str | tuple[str, ...] | None = None) -> pd.DataFrame:
    """Each experiment's indicator results (of a commune or communes, or of all): ``measured`` (indicators
    with a baseline, a target and a measurement), ``reached`` (at or past the target), ``mean_progress``
    (0–1) and ``indicators_demo``; only experiments with at least one. What a new measurement changes
    of the ranking, with :func:`replications`."""
    results = indicator_results(engine, commune_insee)
    shares = [progress(b, tg, v) for b, tg, v in zip(results["baseline"], results["target"], results["latest"])]
    kept = np.array([share is not None for share in shares], dtype=bool)
    if not kept.any():
        return _no_results()
    # Counted in one pass of numpy over the rows sorted by experiment: pandas' named aggregation was
    # 16 of a group part's 38 ms, and Essaimage reads the part of every group a value touched again.
    ids = results["project_id"].to_numpy()[kept]
    share = np.array([s for s in shares if s is not None], dtype=float)
    demo = (results["protocol_is_demo"].astype(bool) | results["measurement_is_demo"].astype(bool)).to_numpy()[kept]
    order = ids.argsort(kind="stable")
    ids, share, demo = ids[order], share[order], demo[order]
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    return pd.DataFrame({
        "id": ids[starts].astype("int64"),
        "measured": np.diff(np.r_[starts, len(ids)]).astype("int64"),
        "reached": np.add.reduceat((share >= 1).astype("int64"), starts),
        "indicators_demo": np.logical_or.reduceat(demo, starts),
        "mean_progress": _group_means(pd.Series(ids), pd.Series(share.clip(0, 1))),
    })


def with_results(table: pd.DataFrame, summary: pd.DataFrame, moves: pd.DataFrame, commune_insee: str) -> pd.DataFrame:
    """The experiments of other communes than ``commune_insee`` (:func:`experiments`), each with its
    indicator results (:func:`results_by_experiment`; none: zeros) and its transfers (:func:`replications`)."""
    table = table[table["commune_insee"] != commune_insee].merge(summary, on="id", how="left")
    table["measured"] = table["measured"].fillna(0).astype(int)
    table["reached"] = table["reached"].fillna(0).astype(int)
    table["indicators_demo"] = table["indicators_demo"].astype("boolean").fillna(False).astype(bool)
    table = table.merge(moves, on="id", how="left")
    for column, default in REPLICATION_COLUMNS.items():
        table[column] = table[column].astype(object).where(table[column].notna(), default).astype(type(default))
    columns = [*CANDIDATE_COLUMNS, "population", "density", "measured", "reached", "indicators_demo", "mean_progress",
               *REPLICATION_COLUMNS]
    return table[[c for c in columns if c in table.columns]].reset_index(drop=True)


def candidates(engine: Engine, commune_insee: str) -> pd.DataFrame:
    """Every experiment of another commune, with its commune's population and density and its indicator results.

    Indicator results are summarised per experiment: ``measured`` (indicators with a
    baseline, a target and a measurement), ``reached`` (at or past the target),
    ``mean_progress`` (0–1) and ``indicators_demo``; its concluded transfers to other communes are
    summarised as ``qmi.queries.transfers.replication_summary`` does (none: zeros).
    """
    return with_results(experiments(engine), results_by_experiment(engine), replications(engine), commune_insee)


@reads("assessments", "measurements", "projects", "protocols", "reference", "transfers")
def rank_from(table: pd.DataFrame, moves: pd.DataFrame, commune_table: pd.DataFrame, declared: pd.DataFrame,
              *summaries: pd.DataFrame, commune_insee: str, weights: Weights = Weights(),
              lang: str = "fr") -> list[Recommendation]:
    """:func:`recommend` from its parts read apart (:func:`experiments`, :func:`replications`,
    :func:`communes`, :func:`declared_challenges`, then :func:`results_by_experiment` of each group of
    communes), so that a page caches each by what it reads (``qmi.ui.shared_from``): a new measurement
    reads again the results of its commune's group, not the catalogue nor the other groups'."""
    match = commune_table[commune_table["insee_code"] == commune_insee]
    if match.empty:
        raise ValueError(f"unknown commune {commune_insee!r}")
    counted = [s for s in summaries if not s.empty]
    summary = pd.concat(counted, ignore_index=True) if counted else _no_results()
    return rank(with_results(table, summary, moves, commune_insee), match.iloc[0].to_dict(), declared, weights, lang)


def _no_results() -> pd.DataFrame:
    """:func:`results_by_experiment` with no experiment."""
    return pd.DataFrame(columns=["id", "measured", "reached", "indicators_demo", "mean_progress"])


@reads("assessments", "measurements", "projects", "protocols", "reference", "transfers")
def recommend(engine: Engine, commune_insee: str, weights: Weights = Weights(), lang: str = "fr") -> list[Recommendation]:
    """The experiments of other communes ranked by fit for ``commune_insee``, best first."""
    return rank_from(experiments(engine), replications(engine), communes(engine), declared_challenges(engine, commune_insee),
                     results_by_experiment(engine), commune_insee=commune_insee, weights=weights, lang=lang)
