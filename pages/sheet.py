"""Fiche d'évaluation: the published result of one experiment (?experimentation=<slug>), with its PDF."""

import re

import streamlit as st

from qmi import ui
from qmi.domain import params
from qmi.queries import sheets as queries
from qmi.ui import sheets as ui_sheets

slug = params.identifier(st.query_params.get("experimentation"))
if not slug:
    st.title(ui.t("nav.sheet"))
    st.info(ui.t("sheets.choose"), icon=":material/info:")
    st.page_link("pages/evaluations.py", label=ui.t("sheets.all_link"), icon=":material/arrow_forward:", query_params={})
else:
    sheet = ui.q(queries.sheet, slug)
    if sheet is None:
        st.title(ui.t("nav.sheet"))
        raw = st.query_params.get("experimentation") or ""
        st.warning(ui.t("sheets.unknown", slug=re.sub(r"[^A-Za-z0-9_-]", "", raw)[:80]))  # no markdown from the URL
        st.page_link("pages/evaluations.py", label=ui.t("sheets.all_link"), icon=":material/arrow_forward:",
                     query_params={})
    else:
        ui_sheets.draw(sheet)
