"""What an experiment's record draws of its assessments, and scores as the tables show them."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from qmi import ui
from qmi.domain.scoring import basis_label, basis_of, criteria, row_basis_label, score_level, score_text, whole
from qmi.draw import charts
from qmi.i18n.formatting import per_row


def as_scores(column: pd.Series) -> pd.Series:
    """Scores as a table shows them: 2 for a whole score, 1.5 for a mean (never 2.0, never cut to 1)."""
    return pd.Series([whole(v) for v in column], index=column.index, dtype=object)


def history_basis(row) -> str:
    """Which scores an assessment's index uses: « consolidé », « moyenne de 2 évaluateurs »…"""
    count = int(row.assessor_count)
    return basis_label(basis_of(row.consolidated_at is not None and not pd.isna(row.consolidated_at), count), count,
                       ui.lang())


class AssessmentView(NamedTuple):
    """What the record draws of an experiment's assessments, built once per state of them and language
    (``ui.derived``): formatting their dates and levels was a tenth of a record's run."""

    scores: list[float]  # the latest assessment's, one per criterion
    levels: pd.DataFrame  # the latest assessment's level on each criterion
    history: pd.DataFrame  # every assessment, as its table shows it
    points: list[charts.Point]  # the index over time


def assessment_view(history: pd.DataFrame) -> AssessmentView:
    lang = ui.lang()
    latest = history.iloc[-1]
    scores = [float(latest[c.code]) for c in criteria(lang)]  # a mean of assessors may be 1.5
    levels = pd.DataFrame({
        ui.t("projects.col.criterion"): [c.name for c in criteria(lang)],
        ui.t("projects.col.score"): [f"{score_text(s, lang)} / 3" for s in scores],
        ui.t("projects.col.level"): [score_level(c.code, s, lang).split(" · ", 1)[1] for c, s in zip(criteria(lang), scores)],
    })
    rows = list(history.itertuples())
    table = pd.DataFrame({
        ui.t("projects.col.date"): [ui.day(d) for d in history["assessed_on"]],
        **{c.name: as_scores(history[c.code]) for c in criteria(lang)},
        ui.t("projects.col.index"): as_scores(history["replicability_index"]),
        ui.t("scoring.col.basis"): [history_basis(r) for r in rows],
        ui.t("projects.col.assessor"): history["assessor"].map(ui.record),
        ui.t("projects.col.comment"): history["comment"].map(ui.record),
        ui.t("projects.col.demo"): history["is_demo"],
    })
    points = [charts.Point(ui.day(r.assessed_on), r.replicability_index, score_text(r.replicability_index, lang), bool(r.is_demo))
              for r in rows]
    return AssessmentView(scores, levels, table, points)


def ranking_table(ranked: pd.DataFrame) -> pd.DataFrame:
    """Réplicabilité's table of every assessed experiment (``qmi.queries.projects.ranking``), built once per
    state of the assessments and language (``ui.derived``), not on each run: 1 000 rows at the metropolis tier."""
    lang = ui.lang()
    return pd.DataFrame({
        ui.t("replicability.col.rank"): range(1, len(ranked) + 1),
        ui.t("projects.col.name"): ranked["name"],
        ui.t("projects.col.commune"): ranked["commune"],
        ui.t("projects.col.index"): as_scores(ranked["replicability_index"]),
        **{c.name: as_scores(ranked[c.code]) for c in criteria(lang)},
        ui.t("scoring.col.basis"): [row_basis_label(r, lang) for r in ranked.to_dict("records")],
        ui.t("projects.col.date"): per_row(ui.day, ranked["assessed_on"]),
        ui.t("projects.col.demo"): ranked["assessment_is_demo"].astype(bool),
    })
