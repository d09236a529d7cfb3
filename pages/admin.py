"""Placeholder until this page lands (replaced in this same session)."""

import streamlit as st

st.info("Page en cours de construction.")
