"""Streamlit blocks about evaluation protocols, shared by the Indicateurs and Expérimentations pages."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from qmi import ui
from qmi.domain.progress import bar_share, decimals, display_name, shown_decimals
from qmi.domain.values import or_none
from qmi.draw import charts
from qmi.palette import STATUS_COLORS
from qmi.queries import indicators as queries
from qmi.ui import review as ui_review

# Progress statuses drawn with the deployment-status colours of the one palette.
STATUS_COLOR = {
    "reached": STATUS_COLORS[3], "on_track": STATUS_COLORS[2], "started": STATUS_COLORS[1],
    "not_started": STATUS_COLORS[0], "backwards": STATUS_COLORS["abandoned"],
    "no_value": STATUS_COLORS[None], "no_target": STATUS_COLORS[None],
}


def in_language(frame: pd.DataFrame, code: str = "indicator_code", name: str = "indicator") -> pd.DataFrame:
    """A copy of ``frame`` whose indicator names (column ``name``, by the ``code`` column) and units read in
    the page's language."""
    names = [display_name(c, n, ui.lang()) for c, n in zip(frame[code], frame[name])]
    return frame.assign(**{name: names, "unit": frame["unit"].map(ui.record)})


def _value(value: object, value_type: str) -> str:
    """A figure as an official reads it: whole numbers for counts and for values of 100 and more."""
    if value is None or pd.isna(value):
        return "–"
    return ui.num(float(value), shown_decimals(value, value_type))


def status_badge(status: str) -> str:
    return ui.colored_badge(ui.t(f"indicators.status.{status}"), STATUS_COLOR[status])


def progress_block(project_id: int, heading: bool = True) -> pd.DataFrame:
    """« Progression vers la cible »: one card per protocol indicator. Returns the protocol frame."""
    protocol = ui.q(queries.project_protocol, int(project_id), ui_review.include_pending())
    if heading:
        st.subheader(ui.t("indicators.progress_title"))
    if protocol.empty:
        ui.empty_state(ui.t("indicators.no_protocol"))
        return protocol
    st.caption(ui.t("indicators.progress_caption"))
    rows = list(protocol.itertuples())
    for column, row in ui.grid(rows, 2, gap="medium"):
        with column, st.container(border=True):
            demo = bool(row.is_demo) or bool(row.latest_is_demo is True or row.latest_is_demo == 1)
            name = display_name(row.indicator_code, row.indicator, ui.lang())
            unit = ui.literal(ui.record(row.unit))
            st.markdown(f"**{ui.literal(name)}** ({unit}) {status_badge(row.status)}"
                        + (" " + ui.demo_badge() if demo else "")
                        + (" " + ui_review.mark() if row.latest_review == "a_valider" else ""), unsafe_allow_html=True)
            share = None if row.progress is None or pd.isna(row.progress) else float(row.progress)
            st.progress(bar_share(share), text=ui.pct(share) if share is not None else "–")
            line = ui.t("indicators.progress_line", baseline=_value(row.baseline, row.value_type),
                        latest=_value(row.latest_value, row.value_type),
                        target=_value(row.target, row.value_type), unit=unit)
            if not pd.isna(row.latest_period):
                line += f" ({ui.t('indicators.period').lower()} {ui.day(row.latest_period, 'month')})"
            st.markdown(line)
            if row.note and not row.is_demo:
                st.caption(ui.literal(ui.source_label(row.note)))  # the note names its source document
            st.page_link("pages/indicators.py", label=ui.t("indicators.open"), icon=":material/straighten:",
                         query_params={"indicateur": row.indicator_code})
    return protocol


@dataclass(frozen=True)
class SeriesPanel:
    """What an experiment's record draws for one indicator: its title, its chart and the notes under it."""

    code: str
    name: str
    unit: str
    waiting: int  # values waiting for review among those drawn
    figure: go.Figure
    demo: bool  # the chart draws a demo value
    baseline_target: str | None  # « Valeur de départ : … ; cible : … », when the protocol gives both
    protocol_is_demo: bool


def series_panels(series: pd.DataFrame, color: str) -> list[SeriesPanel]:
    """One panel per indicator of ``qmi.queries.measurements.series``, in its order: built through
    ``ui.derived``, once per state of the experiment's values and language, not on every run. Each
    panel is kept by what its indicator's rows hold (``ui.by_content``): after a value, only the
    panel of its indicator is drawn again, and the others keep their chart and its data table."""
    return [ui.by_content(series_panel, rows.reset_index(drop=True), color)
            for _, rows in series.groupby("indicator_code", sort=False)]  # in order of first row, rows in order


def series_panel(rows: pd.DataFrame, color: str) -> SeriesPanel:
    """The panel of one indicator, from its rows of ``qmi.queries.measurements.series``."""
    first = SimpleNamespace(**{column: or_none(rows[column].iat[0]) for column in rows.columns})
    code = first.indicator_code
    places = decimals(first.value_type)
    target = None if first.target is None else float(first.target)
    figure = charts.time_series(
        [charts.Point(ui.day(r.period_start, "month"), r.value, ui.num(r.value, places), bool(r.is_demo))
         for r in rows.itertuples()],
        color, ui.t("projects.indicator_demo"),
        target=target, target_label=ui.t("projects.target", value=ui.num(target, places)) if target is not None else "",
        lang=ui.lang())
    note = (ui.t("projects.baseline_target", baseline=ui.num(first.baseline, places), target=ui.num(target, places))
            if first.baseline is not None and target is not None else None)
    return SeriesPanel(
        code=code, name=display_name(code, first.indicator, ui.lang()), unit=ui.record(first.unit),
        waiting=int((rows["review_state"] == "a_valider").sum()) if "review_state" in rows else 0,
        figure=figure, demo=bool(rows["is_demo"].any()), baseline_target=note,
        protocol_is_demo=bool(first.protocol_is_demo))
