"""Thématiques: urban challenges by commune and edition, and the report's shares beside the store's."""

import pandas as pd
import streamlit as st

from qmi import ui
from qmi.domain.values import with_none
from qmi.draw import charts
from qmi.i18n.labels import challenge_name
from qmi.i18n.sources import cite, titles
from qmi.outputs import tables as export
from qmi.queries import programme, themes
from qmi.ui import exports as ui_exports
from qmi.ui import tables as ui_tables

PROPOSED = f'<span class="qmi-proposed">{ui.escape(ui.t("common.proposed_badge"))}</span>'
EDITIONS = (1, 2)
CHART_COMMUNES_MAX = 30  # bars in the challenges chart (70 px each)

st.title(ui.t("themes.title"))
st.markdown(ui.t("themes.lead"))

choices = [0, *EDITIONS]  # 0: every edition
chosen = st.radio(
    ui.t("themes.filter_edition"), choices, index=choices.index(ui.url_choice("edition", EDITIONS, default=0)),
    format_func=lambda e: ui.t("common.all") if e == 0 else ui.t("common.edition", n=e), horizontal=True,
)
edition = chosen or None
ui.url_set(edition=edition)

counts = ui.q(themes.challenge_counts, edition)
comparison = ui.q(themes.share_comparison)

# --- challenges by commune ----------------------------------------------------------------------
st.header(ui.t("themes.by_commune"))
if counts.empty:
    st.info(ui.t("themes.edition2_absent") if edition == 2 else ui.t("themes.no_projects"), icon=":material/info:")
else:
    if (edition is None and 2 not in set(counts["edition_id"])
            and not ui.q(programme.programme_communes).query("edition_id == 2").empty):
        st.caption(ui.t("themes.edition2_absent"))
    st.markdown(PROPOSED + " " + ui.escape(ui.t("themes.by_commune_help")), unsafe_allow_html=True)
    busiest = charts.busiest_communes(counts, CHART_COMMUNES_MAX)
    if busiest["commune_insee"].nunique() < counts["commune_insee"].nunique():
        st.caption(ui.t("themes.busiest", shown=CHART_COMMUNES_MAX, total=ui.num(counts["commune_insee"].nunique(), 0)))
    bars_figure = ui.figure(charts.challenge_bars, busiest, ui.lang())
    ui_exports.chart(bars_figure, ui.t("themes.by_commune"), source=cite("edition2_call"), toolbar=True)
    st.subheader(ui.t("themes.sunburst"))
    st.caption(ui.t("themes.sunburst_help"))
    sunburst_figure = ui.figure(charts.challenge_sunburst, counts, ui.lang(), communes_max=CHART_COMMUNES_MAX)
    ui_exports.chart(sunburst_figure, ui.t("themes.sunburst"), source=cite("edition2_call"), toolbar=True)
    st.caption(ui.t("themes.challenges_source", source=cite("edition2_call"),
                    projects=ui.literal(" · ".join(titles(ui.q(themes.project_sources, edition), ui.lang(), short=True)))))

# --- published vs computed shares ---------------------------------------------------------------
st.header(ui.t("themes.shares"))
if comparison.empty or not comparison["total"].iloc[0]:
    ui.empty_state()
    st.stop()

published_count = next((card.values[0][0] for card in ui.q(programme.headline_figures, ("projects_selected",))), "–")
total = int(comparison["total"].iloc[0])
proposed = int(comparison["proposed"].sum())
st.markdown(ui.t("themes.shares_lead", published=published_count, total=total))
st.markdown(PROPOSED + " " + ui.t("themes.proposed_caveat", proposed=proposed, total=total, sourced=total - proposed),
            unsafe_allow_html=True)

shown = comparison[(comparison["projects"] > 0) | comparison["published_projects"].notna()
                   | comparison["published_applications"].notna()]
shares_figure = ui.figure(charts.share_comparison, shown, ui.lang())
ui_exports.chart(shares_figure, ui.t("themes.shares"), source=cite("edition2_call", "edition1_review"), toolbar=True)


def share(value: object) -> str:
    return ui.t("themes.not_published") if value is None else ui.pct(float(value))


shares_table = pd.DataFrame({
    ui.t("themes.col_challenge"): [challenge_name(c, ui.lang(), n) if c else ui.t("common.unclassified")
                                  for c, n in zip(shown["challenge_code"], shown["challenge"])],
    ui.t("themes.col_published_projects"): [share(v) for v in with_none(shown)["published_projects"]],
    ui.t("themes.col_published_applications"): [share(v) for v in with_none(shown)["published_applications"]],
    ui.t("themes.col_computed"): [ui.pct(float(v)) for v in shown["computed"]],
    ui.t("themes.col_projects"): shown["projects"].astype(int),
    ui.t("themes.col_proposed"): shown["proposed"].astype(int),
})
ui_tables.key_table(shares_table, [ui.t(f"themes.col_{c}") for c in ("challenge", "published_projects", "computed")],
                    key="shares_table", width="stretch")
ui_exports.table_downloads(shares_table, ui.t("themes.shares") + " table", values={
    ui.t(f"themes.col_{column}"): [None if v is None else export.Share(v) for v in with_none(shown)[column]]
    for column in ("published_projects", "published_applications", "computed")})

for column in ("published_projects", "published_applications"):
    quoted = shown.dropna(subset=[f"{column}_source"]).drop_duplicates(f"{column}_detail")
    for row in quoted.itertuples():
        st.caption(ui.t("themes.sources_published", source=getattr(row, f"{column}_source"),
                        detail=getattr(row, f"{column}_detail")))
st.caption(ui.t("themes.applications_note"))
