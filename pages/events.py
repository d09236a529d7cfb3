"""Événements: the Communauté des Expérimentateurs meetings on a timeline, with the sources' disagreements."""

import pandas as pd
import streamlit as st

from qmi import ui
from qmi.draw import charts
from qmi.queries import events
from qmi.ui import exports as ui_exports
from qmi.ui import tables as ui_tables

st.title(ui.t("events.title"))
st.markdown(ui.t("events.lead"))

meetings = ui.q(events.meetings)
if meetings.empty:
    st.info(ui.t("events.none"), icon=":material/info:")
    st.stop()

# --- timeline -----------------------------------------------------------------------------------
st.header(ui.t("events.timeline"))
timeline_figure = ui.figure(charts.event_timeline, meetings, ui.lang())
ui_exports.chart(timeline_figure, ui.t("events.timeline"), source=", ".join(sorted(set(meetings["source"]))), toolbar=True)
st.caption(ui.t("events.timeline_help"))

for _key, rows in meetings[meetings["dates"] > 1].groupby("event_key", sort=False):
    dates = " / ".join(f"{ui.day(r.held_on, r.date_precision)} ({r.source_detail})" for r in rows.itertuples())
    st.warning(ui.t("events.date_disputed", host=rows["host_name"].iloc[0], dates=dates), icon=":material/warning:")

# --- totals -------------------------------------------------------------------------------------
st.header(ui.t("events.totals"))
totals = ui.q(events.attendance_totals)
sources = ", ".join(sorted(set(meetings["source"])))
columns = st.columns(2)
with columns[0], st.container(border=True):
    st.markdown(f'<div class="qmi-figure">{ui.escape(ui.num(totals.listed, 0))}</div>'
                f'<div class="qmi-figure-label">{ui.escape(ui.t("events.total_listed", n=totals.meetings))}</div>',
                unsafe_allow_html=True)
    st.caption(ui.md("events.total_listed_source", sources=sources))
for display, _value, source, detail in totals.published:
    with columns[1], st.container(border=True):
        st.markdown(f'<div class="qmi-figure">{ui.escape(ui.record(display))}</div>'
                    f'<div class="qmi-figure-label">{ui.escape(ui.t("events.total_published"))}</div>',
                    unsafe_allow_html=True)
        ui.source_note(source, detail=detail)
gaps = {int(value) - totals.listed for _, value, _, _ in totals.published} - {0}
for gap in sorted(gaps):
    key = "events.totals_differ" if gap > 0 else "events.totals_exceed"
    st.info(ui.t(key, gap=ui.num(abs(gap), 0)), icon=":material/info:")

# --- table, filtered by host --------------------------------------------------------------------
st.header(ui.t("events.table"))
hosts = dict(zip(meetings["host_insee"], meetings["host_name"]))
choices = ["", *hosts]
host = st.selectbox(ui.t("events.filter_host"), choices, index=choices.index(ui.url_choice("commune", list(hosts), default="")),
                    format_func=lambda code: hosts.get(code, ui.t("common.all")))
ui.url_set(commune=host or None)
listed = meetings[meetings["host_insee"] == host] if host else meetings
events_table = pd.DataFrame({
    ui.t("events.col_host"): listed["host_name"],
    ui.t("events.col_date"): [ui.day(d, p) for d, p in zip(listed["held_on"], listed["date_precision"])],
    ui.t("events.col_format"): listed["format"].map(ui.record),
    ui.t("events.col_attendance"): listed["attendance"],
    ui.t("events.col_note"): listed["note"].map(ui.record),
    ui.t("events.col_source"): listed["source"].map(ui.source_label),
    ui.t("events.col_quote"): listed["source_detail"],
})
ui_tables.key_table(events_table, [ui.t(f"events.col_{c}") for c in ("host", "date", "format", "attendance")],
                    key="events_table", width="stretch")
ui_exports.table_downloads(events_table, ui.t("events.table"), values={ui.t("events.col_date"): listed["held_on"]})
if host:
    st.page_link("pages/communes.py", label=ui.md("events.host_link", name=hosts[host]), icon=":material/account_balance:",
                 query_params={"commune": host})
