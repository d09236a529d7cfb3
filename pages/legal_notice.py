"""Mentions légales: publisher, publication director and host (configured per deployment), content and data."""

import streamlit as st

from qmi import ui

st.title(ui.t("notice.title"))
for label, fact in (("notice.publisher", "publisher"), ("notice.director", "publication_director"), ("notice.host", "host")):
    st.subheader(ui.t(label))
    st.markdown(ui.legal_fact(fact))
st.markdown(ui.t("notice.content"))
st.caption(ui.t("notice.geo"))
