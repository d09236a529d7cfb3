"""Données ouvertes (API): what the read-only API at /api/v1 gives, its addresses, how to read it, examples."""

import streamlit as st

from qmi import ui
from qmi.config import get_settings
from qmi.outputs import api, links
from qmi.queries import published
from qmi.ui import exports as ui_exports

base = ui_exports.public_base()
root = f"{base}{api.PREFIX}"
st.title(ui.t("api.page.title"))
st.markdown(ui.t("api.page.intro", base=ui.escape(base)))
if not get_settings().api_enabled:
    st.info(ui.t("api.page.off"), icon=":material/block:")
    st.stop()

st.subheader(ui.t("api.page.addresses"))
lines = []
for endpoint in api.ENDPOINTS:
    what = ui.t(endpoint.key)
    if endpoint.params:
        what += f". {ui.t('api.page.params', names=', '.join(endpoint.params))}"
    lines.append(f"- **{ui.escape(api.PREFIX + endpoint.path)}** — {ui.escape(what)}")
st.markdown("\n".join(lines))

st.subheader(ui.t("api.page.rules_title"))
st.markdown(ui.t("api.page.rules"))

st.subheader(ui.t("api.page.examples"))
examples = [(ui.t("api.page.example_experiments"), links.page_url("api/v1/experiments", base, per_page=20))]
first, _ = ui.q(published.experiments, 0, 1)
if first:
    examples.append((ui.t("api.page.example_measurements", name=first[0]["name"]),
                     links.page_url("api/v1/measurements", base, experiment=first[0]["slug"])))
examples.append((ui.t("api.page.example_export"), f"{root}/export/projects.csv"))
# The labels are ours or a name escaped as typed; the addresses are built from identifiers.
st.markdown("\n".join(f"- [{ui.literal(label)}]({url})" for label, url in examples))
st.markdown(ui.t("api.page.openapi", url=f"{root}/openapi.json"))
