"""Entry point: page config, the shared sidebar, and the explicit list of pages.

Pages are listed here (st.navigation): the pages/ folder is not auto-discovered.
"""

import streamlit as st

from qmi import ui, ui_auth

st.set_page_config(page_title="QMI — Quartiers Métropolitains d'Innovation", page_icon="🏙️", layout="wide")
ui.apply_style()


def page(path: str, key: str, url_path: str, icon: str, default: bool = False) -> st.Page:
    return st.Page(path, title=ui.t(key), url_path=url_path, icon=icon, default=default)


PAGES = {
    ui.t("nav.section.discover"): [
        page("pages/home.py", "nav.home", "accueil", "🏠", default=True),
        page("pages/map.py", "nav.map", "carte", "🗺️"),
        page("pages/communes.py", "nav.communes", "communes", "🏛️"),
        page("pages/projects.py", "nav.projects", "experimentations", "🧪"),
        page("pages/themes.py", "nav.themes", "thematiques", "🧩"),
        page("pages/events.py", "nav.events", "evenements", "📅"),
    ],
    ui.t("nav.section.evaluate"): [
        page("pages/replicability.py", "nav.replicability", "replicabilite", "🕸️"),
        page("pages/indicators.py", "nav.indicators", "indicateurs", "📏"),
        page("pages/essaimage.py", "nav.essaimage", "essaimage", "🌱"),
    ],
    ui.t("nav.section.act"): [
        page("pages/entry.py", "nav.entry", "saisie", "✍️"),
        page("pages/present.py", "nav.present", "presentation", "📽️"),
        page("pages/admin.py", "nav.admin", "administration", "🔐"),
    ],
}

with st.sidebar:
    choice = st.selectbox(
        ui.t("app.language"), ["fr", "en"], index=["fr", "en"].index(ui.lang()),
        format_func={"fr": "Français", "en": "English"}.get, key="lang",
    )
    ui.url_set(lang=None if choice == "fr" else choice)

ui_auth.sidebar()
st.navigation(PAGES).run()
