"""Transfers read from the store: who took up whose solution, at which stage, and the results on both sides.

The rule deciding a transfer's outcome is ``qmi.domain.transfers.outcome``.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import aliased

from qmi.db import frame
from qmi.domain.progress import progress
from qmi.domain.transfers import FAILED, SUCCEEDED, outcome
from qmi.models import Commune, Indicator, Project, ProtocolIndicator, Transfer, TransferStep
from qmi.queries import reads
from qmi.queries.measurements import latest_active

PROGRESS_BOUND = 1.0  # one indicator counts at most the whole way, forwards or backwards, in a mean

_FROM, _TO = aliased(Project, name="origin"), aliased(Project, name="target")
_FROM_COMMUNE, _TO_COMMUNE = aliased(Commune, name="origin_commune"), aliased(Commune, name="target_commune")


@reads("projects", "reference", "transfers")
def transfers(engine: Engine, project_id: int | None = None, archived: bool = False) -> pd.DataFrame:
    """Every transfer (of one experiment, from it or to it, when ``project_id``), oldest first.

    Columns: id, from_project_id, from_slug, from_name, from_commune_insee, from_commune, from_is_demo,
    to_project_id, to_slug, to_name, to_commune_insee, to_commune, to_edition, to_abandoned, to_is_demo, stage,
    started_on, stage_on, adaptations, note, source, entered_by, is_demo, version. A transfer touching an
    archived experiment is left out unless ``archived``.
    """
    statement = (
        select(
            Transfer.id, Transfer.from_project_id, _FROM.slug.label("from_slug"), _FROM.name.label("from_name"),
            _FROM.commune_insee.label("from_commune_insee"), _FROM_COMMUNE.name.label("from_commune"),
            _FROM.is_demo.label("from_is_demo"),
            Transfer.to_project_id, _TO.slug.label("to_slug"), _TO.name.label("to_name"),
            _TO.commune_insee.label("to_commune_insee"), _TO_COMMUNE.name.label("to_commune"),
            _TO.edition_id.label("to_edition"), _TO.abandoned.label("to_abandoned"), _TO.is_demo.label("to_is_demo"),
            Transfer.stage, Transfer.started_on, Transfer.stage_on, Transfer.adaptations, Transfer.note,
            Transfer.source, Transfer.entered_by, Transfer.is_demo, Transfer.version,
        )
        .join(_FROM, _FROM.id == Transfer.from_project_id)
        .join(_TO, _TO.id == Transfer.to_project_id)
        .join(_FROM_COMMUNE, _FROM_COMMUNE.insee_code == _FROM.commune_insee)
        .join(_TO_COMMUNE, _TO_COMMUNE.insee_code == _TO.commune_insee)
        .order_by(Transfer.started_on, Transfer.id)
    )
    if project_id is not None:
        statement = statement.where(or_(Transfer.from_project_id == int(project_id),
                                        Transfer.to_project_id == int(project_id)))
    if not archived:
        statement = statement.where(_FROM.archived.is_(False), _TO.archived.is_(False))
    return frame(engine, statement)


def steps(engine: Engine, transfer_id: int) -> pd.DataFrame:
    """The stages a transfer reached, in order: stage, reached_on, note, entered_by, is_demo."""
    return frame(engine, select(TransferStep.stage, TransferStep.reached_on, TransferStep.note, TransferStep.entered_by,
                                TransferStep.is_demo)
                 .where(TransferStep.transfer_id == int(transfer_id))
                 .order_by(TransferStep.reached_on, TransferStep.id))


def protocol_results(engine: Engine, project_ids: Sequence[int] | None = None) -> pd.DataFrame:
    """Each protocol indicator (of the given experiments) with its baseline, target and latest active value.

    Columns: project_id, indicator_code, indicator, unit, value_type, direction, baseline, target, latest,
    latest_period, protocol_is_demo, measurement_is_demo, progress (None without a baseline, target or value).
    """
    def latest(column: str):
        return latest_active(column, ProtocolIndicator.project_id, ProtocolIndicator.indicator_code)

    statement = (
        select(
            ProtocolIndicator.project_id, ProtocolIndicator.indicator_code, Indicator.name.label("indicator"),
            Indicator.unit, Indicator.value_type, Indicator.direction, ProtocolIndicator.baseline,
            ProtocolIndicator.target, latest("value").label("latest"), latest("period_start").label("latest_period"),
            ProtocolIndicator.is_demo.label("protocol_is_demo"), latest("is_demo").label("measurement_is_demo"),
        )
        .join(Indicator, Indicator.code == ProtocolIndicator.indicator_code)
        .order_by(ProtocolIndicator.project_id, Indicator.name)
    )
    if project_ids is not None:
        statement = statement.where(ProtocolIndicator.project_id.in_([int(i) for i in project_ids]))
    table = frame(engine, statement)
    table["progress"] = pd.Series([progress(b, tg, v) for b, tg, v in
                                   zip(table["baseline"], table["target"], table["latest"])], dtype=object)
    table["measurement_is_demo"] = table["measurement_is_demo"].astype("boolean").fillna(False).astype(bool)
    return table


def _none(value: object) -> object:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


SIDES = ("baseline", "latest", "target", "progress", "latest_period")


def before_after(engine: Engine, transfer_id: int) -> pd.DataFrame:
    """The indicators both experiments of a transfer follow: A's before/after beside B's.

    One row per shared indicator: indicator_code, indicator, unit, value_type, direction, then for A
    (``a_``) and B (``b_``) the baseline, latest value, target, progress and latest period, and
    ``a_demo`` / ``b_demo`` (a value shown rests on demo data). ``b_latest`` is None where B has no
    measurement yet. Empty when the transfer is unknown or the protocols share no indicator.
    """
    pair = frame(engine, select(Transfer.from_project_id, Transfer.to_project_id).where(Transfer.id == int(transfer_id)))
    columns = ["indicator_code", "indicator", "unit", "value_type", "direction",
               *(f"{side}_{c}" for side in ("a", "b") for c in SIDES), "a_demo", "b_demo"]
    if pair.empty:
        return pd.DataFrame(columns=columns)
    a_id, b_id = int(pair.iloc[0, 0]), int(pair.iloc[0, 1])
    results = protocol_results(engine, [a_id, b_id])
    a, b = results[results["project_id"] == a_id], results[results["project_id"] == b_id]
    shared = a.merge(b, on=["indicator_code", "indicator", "unit", "value_type", "direction"], suffixes=("_a", "_b"))
    rows = []
    for r in shared.to_dict("records"):
        row = {c: r[c] for c in ("indicator_code", "indicator", "unit", "value_type", "direction")}
        for side in ("a", "b"):
            row |= {f"{side}_{c}": _none(r[f"{c}_{side}"]) for c in SIDES}
            measured = _none(r[f"latest_{side}"]) is not None
            row[f"{side}_demo"] = bool(r[f"protocol_is_demo_{side}"]) or (measured and bool(r[f"measurement_is_demo_{side}"]))
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


def _mean_progress(values: list[float]) -> float | None:
    bounded = [max(-PROGRESS_BOUND, min(PROGRESS_BOUND, float(v))) for v in values]
    return sum(bounded) / len(bounded) if bounded else None


@reads("measurements", "projects", "protocols", "reference", "transfers")
def outcomes(engine: Engine, archived: bool = False, project_id: int | None = None) -> pd.DataFrame:
    """Every transfer (of one experiment, from it or to it, when ``project_id``; ``transfers()`` columns)
    with B's results: ``measured`` (B's indicators with a progress), ``mean_progress`` (each indicator's
    progress bounded to ±1, averaged), ``results_demo`` (B's results rest on demo data) and ``outcome``
    (``qmi.domain.transfers``)."""
    table = transfers(engine, project_id, archived=archived)
    results = protocol_results(engine, sorted(set(table["to_project_id"].astype(int)))) if len(table) else None
    measured, means, demo, decided = [], [], [], []
    if results is not None:
        progressed = results[results["progress"].notna()]
        by_target = {int(p): group for p, group in progressed.groupby("project_id", sort=False)}
        nothing = progressed.iloc[0:0]
        # The columns it needs, not itertuples: that copies every one of the table's 24 columns first.
        for target, stage, abandoned in zip(table["to_project_id"], table["stage"], table["to_abandoned"]):
            own = by_target.get(int(target), nothing)
            values = list(own["progress"])
            mean = _mean_progress(values)
            measured.append(len(values))
            means.append(mean)
            demo.append(bool((own["protocol_is_demo"] | own["measurement_is_demo"]).any()))
            decided.append(outcome(stage, bool(abandoned), len(values), mean))
    table["measured"] = pd.Series(measured, dtype="int64")
    table["mean_progress"] = pd.Series(means, dtype=object)
    table["results_demo"] = pd.Series(demo, dtype=bool)
    table["outcome"] = pd.Series(decided, dtype=object)
    return table


def replication_summary(engine: Engine) -> pd.DataFrame:
    """Per origin experiment (``id``), its concluded transfers: replications_succeeded, replications_failed,
    replicated_in (the communes where it succeeded), failed_in, replication_demo (a concluded one rests on
    demo data). Only experiments with a concluded transfer have a row."""
    table = outcomes(engine)
    columns = ["id", "replications_succeeded", "replications_failed", "replicated_in", "failed_in", "replication_demo"]
    concluded = table[table["outcome"].isin((SUCCEEDED, FAILED))] if len(table) else table
    rows = []
    for origin, group in concluded.groupby("from_project_id", sort=True) if len(concluded) else ():
        won, lost = group[group["outcome"] == SUCCEEDED], group[group["outcome"] == FAILED]
        rows.append({
            "id": int(origin), "replications_succeeded": len(won), "replications_failed": len(lost),
            "replicated_in": ", ".join(won["to_commune"]), "failed_in": ", ".join(lost["to_commune"]),
            "replication_demo": bool((group["is_demo"].astype(bool) | group["results_demo"].astype(bool)).any()),
        })
    return pd.DataFrame(rows, columns=columns)


def export_table(engine: Engine) -> pd.DataFrame:
    """``transfers.csv``: from_slug, to_slug, stage, started_on, note, then stage_on, adaptations, source,
    from_commune_insee, to_commune_insee, outcome, measured, mean_progress, is_demo (archived ones included)."""
    table = outcomes(engine, archived=True)
    columns = ["from_slug", "to_slug", "stage", "started_on", "note", "stage_on", "adaptations", "source",
               "from_commune_insee", "to_commune_insee", "outcome", "measured", "mean_progress", "is_demo"]
    if table.empty:
        return pd.DataFrame(columns=columns)
    return table[columns].reset_index(drop=True)


def project_reach(engine: Engine) -> dict[int, tuple[str, ...]]:
    """Each experiment's commune, then the communes of the experiments it has a transfer with (archived
    ones too), by id: what keeps an experiment's evidence, which compares it with them, to their writes."""
    with engine.connect() as connection:
        communes = {int(i): c for i, c in connection.execute(select(Project.id, Project.commune_insee)).all()}
        pairs = connection.execute(select(Transfer.from_project_id, Transfer.to_project_id)).all()
    reach = {project_id: [commune] for project_id, commune in communes.items()}
    for a, b in pairs:
        for own, other in ((int(a), int(b)), (int(b), int(a))):
            if own in reach and other in communes:
                reach[own].append(communes[other])
    return {project_id: tuple(dict.fromkeys(found)) for project_id, found in reach.items()}

