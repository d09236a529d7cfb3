"""Toutes les évaluations: every experiment's evaluation sheet, filtered, each with its link; the page's
own QR code (what the printed report points at).

URL parameters: commune, edition, famille, defi, statut, evaluee (oui | non), q.
"""

import pandas as pd
import streamlit as st

from qmi import ui
from qmi.domain import params
from qmi.i18n.formatting import per_row
from qmi.i18n.labels import family_name
from qmi.i18n.sources import cite
from qmi.outputs import links
from qmi.queries import projects as project_queries
from qmi.queries import sheets as queries
from qmi.ui import exports as ui_exports
from qmi.ui import sheets as ui_sheets
from qmi.ui import tables as ui_tables
from qmi.ui.filters import UrlFilters, status_choice

LANG = ui.lang()
FILTER_KEYS = {"commune": "evaluations_commune", "edition": "evaluations_edition", "famille": "evaluations_family",
               "defi": "evaluations_challenge", "statut": "evaluations_status", "evaluee": "evaluations_assessed",
               "q": "evaluations_q"}
filters = UrlFilters(FILTER_KEYS)




title, code = st.columns([5, 1], vertical_alignment="center")
title.title(ui.t("evaluations.title"))
with code:
    ui_sheets.evaluations_qr()
options = ui.q(project_queries.catalogue_options)
if options.total == 0:
    ui.empty_state(ui.t("evaluations.empty"))
    st.stop()
st.markdown(ui.t("evaluations.lead"))

first, second = st.columns(4), st.columns(3)
chosen = filters.catalogue(options, [*first, second[0]])
commune, edition, family, challenge, status = (chosen[p] for p in ("commune", "edition", "famille", "defi", "statut"))
with second[1]:
    choices = [queries.ASSESSED, queries.NOT_ASSESSED]
    assessed = filters.select("evaluee", ui.t("evaluations.filter.assessed"), choices,
                          {c: ui.t(f"evaluations.assessed.{c}") for c in choices}, ui.t("projects.filter.all"))
with second[2]:
    if FILTER_KEYS["q"] not in st.session_state:
        st.session_state[FILTER_KEYS["q"]] = params.search(st.query_params.get("q"))
    search = st.text_input(ui.t("projects.filter.search"), key=FILTER_KEYS["q"], max_chars=100,
                           placeholder=ui.t("projects.filter.search_placeholder")).strip()
    ui.url_set(q=search or None)

rows = ui.q(queries.sheet_list, commune_insee=commune, edition_id=edition, family_code=family, challenge_code=challenge,
            status=status, assessed=assessed, search=search or None)
count_column, clear_column = st.columns([2, 1], vertical_alignment="center")
with count_column:
    count = (ui.t("evaluations.count_one", total=options.total) if len(rows) == 1
             else ui.t("evaluations.count", shown=len(rows), total=options.total))
    st.markdown(f'<div class="qmi-figure-label" style="font-size:1.4rem"><b>{ui.escape(count)}</b></div>',
                unsafe_allow_html=True)
with clear_column:
    st.button(ui.t("projects.filter.clear"), on_click=filters.clear, icon=":material/close:", key="evaluations_clear",
              disabled=not any([commune, edition, family, challenge, status, assessed, search]))
if rows.empty:
    st.info(ui.t("evaluations.no_match"), icon=":material/search:")
    st.stop()
demo = bool(rows["status_is_demo"].any() or rows["assessment_is_demo"].fillna(False).astype(bool).any())
ui.demo_notice(demo)

table = pd.DataFrame({
    ui.t("projects.col.name"): rows["name"],
    ui.t("projects.col.commune"): rows["commune"],
    ui.t("projects.col.family"): per_row(lambda c, n: None if c is None else family_name(c, LANG, n),
                                         rows["family_code"], rows["family"]),
    ui.t("projects.col.status"): per_row(lambda level, abandoned: status_choice(project_queries.ABANDONED, LANG) if abandoned
                                         else (None if pd.isna(level) else status_choice(str(int(level)), LANG)),
                                         rows["deployment_level"], rows["abandoned"]),
    ui.t("projects.col.index"): rows["replicability_index"],
    ui.t("projects.col.index_demo"): rows["assessment_is_demo"].fillna(False).astype(bool),
    ui.t("evaluations.col.sheet"): links.page_urls(links.SHEET, "experimentation", rows["slug"], lang=LANG),
})
# The name pinned, then the sheet's link and the index with its demo mark: what a phone shows first.
ui_tables.key_table(table, [ui.t("projects.col.name"), ui.t("evaluations.col.sheet"), ui.t("projects.col.index"),
                            ui.t("projects.col.index_demo"), ui.t("projects.col.commune")],
                    key="evaluations_table", column_config={
    ui.t("evaluations.col.sheet"): st.column_config.LinkColumn(display_text=ui.t("evaluations.open")),
    ui.t("projects.col.index"): st.column_config.NumberColumn(format="localized"),  # « 8,5 » in a French browser
    ui.t("projects.col.index_demo"): st.column_config.CheckboxColumn(),
})
ui_exports.table_downloads(table, ui.t("nav.evaluations"), source=cite("edition1_review"), demo=demo)
