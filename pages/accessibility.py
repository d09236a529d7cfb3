"""Déclaration d'accessibilité (RGAA): status, known gaps, plan, contact, remedies."""

import streamlit as st

from qmi import ui

st.title(ui.t("accessibility.title"))
st.markdown(ui.t("accessibility.intro"))
ui.sections(("accessibility.status_title", "accessibility.status"), ("accessibility.known_title", "accessibility.known"),
            ("accessibility.plan_title", "accessibility.plan"))
ui.sections(("accessibility.contact_title", "accessibility.contact"), contact=ui.legal_fact("accessibility_contact"))
ui.sections(("accessibility.remedy_title", "accessibility.remedy"))
st.caption(ui.t("accessibility.date"))
