"""Streamlit blocks about evaluation protocols, shared by the Indicateurs and Expérimentations pages."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from qmi import ui
from qmi.domain.progress import bar_share, display_name, shown_decimals
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
