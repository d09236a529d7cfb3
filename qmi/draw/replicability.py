"""The Réplicabilité page's bar charts, built from the query's rows so that the page can cache them
per input (``ui.figure``): labelling every bar costs more than the query at the metropolis tier."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from qmi import palette
from qmi.domain.scoring import INDEX_MAX
from qmi.draw.charts import Bar, bars
from qmi.i18n import t, tn
from qmi.i18n.formatting import number
from qmi.i18n.labels import edition_name


def index_text(value: float, lang: str, decimals: int = 2) -> str:
    """« 9 / 15 », « 7,5 / 15 »: an index (or a mean of indexes) as the pages write it; a whole
    index has no decimals, a mean of assessors keeps its own (never truncated)."""
    return t("projects.index_value", lang, value=number(value, lang, decimals))


def ranking(top: pd.DataFrame, lang: str = "fr") -> go.Figure:
    """One bar per assessed experiment of :func:`qmi.queries.projects.ranking`, coloured by edition."""
    index_texts = {v: index_text(v, lang) for v in top["replicability_index"].drop_duplicates()}
    editions = {e: edition_name(e, lang) for e in top["edition_id"].drop_duplicates()}
    items = [
        Bar(r.name, r.replicability_index, index_texts[r.replicability_index],
            palette.EDITION_COLORS.get(int(r.edition_id), palette.TEXT), editions[r.edition_id],
            bool(r.assessment_is_demo), r.commune)
        for r in top.itertuples()
    ]
    return bars(items, t("replicability.axis", lang), max_value=INDEX_MAX, demo_label=t("common.demo_badge", lang),
                lang=lang)


def averages(table: pd.DataFrame, lang: str = "fr") -> go.Figure:
    """Mean index per group (rows with ``label``, ``mean_index``, ``assessed``, ``any_demo``)."""
    items = [
        Bar(r.label, r.mean_index, index_text(r.mean_index, lang, 1), palette.SEQUENTIAL[3], "", bool(r.any_demo),
            tn("replicability.assessed_count", r.assessed, lang))
        for r in table.itertuples()
    ]
    return bars(items, t("replicability.axis_mean", lang), max_value=INDEX_MAX,
                demo_label=t("common.demo_badge", lang), lang=lang)
