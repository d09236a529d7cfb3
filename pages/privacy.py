"""Données personnelles (RGPD): what is stored about the people who enter data, why, how long, and their rights."""

import streamlit as st

from qmi import ui
from qmi.config import get_settings

st.title(ui.t("privacy.title"))
st.markdown(ui.t("privacy.intro"))
ui.sections(("privacy.what_title", "privacy.what"), ("privacy.why_title", "privacy.why"))
ui.sections(("privacy.how_long_title", "privacy.how_long"), months=get_settings().audit_retention_months)
ui.sections(("privacy.rights_title", "privacy.rights"), contact=ui.legal_fact("privacy_contact"))
