"""Entry point: page config, the shared sidebar, and the explicit list of pages.

Pages are listed here (st.navigation): the pages/ folder is not auto-discovered.
"""

from datetime import date

import streamlit as st

from qmi import ui
from qmi.config import ROOT
from qmi.domain.rights import may_keep_catalogue, reviews_some
from qmi.queries import worklist
from qmi.ui import auth as ui_auth
from qmi.ui import review as ui_review
from qmi.ui import shell

st.set_page_config(page_title="QMI — Quartiers Métropolitains d'Innovation", page_icon=str(ROOT / "static" / "qmi-icon.png"), layout="wide")
ui.start_run()
ui.apply_style()


def page(path: str, key: str, url_path: str, icon: str, default: bool = False, shown: bool = True,
         title: str | None = None) -> st.Page:
    """``shown`` False keeps the page out of the menu (its link still opens it, and it says who it is for)."""
    return st.Page(path, title=title or ui.t(key), url_path=url_path, icon=icon, default=default,
                   visibility="visible" if shown else "hidden")


identity = ui_auth.current()


def worklist_title() -> str | None:
    """« À faire (3) » for a signed-in account with something to do (cached, dropped by every write)."""
    if identity is None:
        return None
    n = ui.q(worklist.count, date.today(), identity.user_id, identity.role,
             bool(getattr(identity, "is_validator", False)), identity.commune_insee)
    return ui.t("nav.worklist_count", n=n) if n else None


PAGES = {
    ui.t("nav.section.discover"): [
        page("pages/home.py", "nav.home", "accueil", ":material/home:", default=True),
        page("pages/map.py", "nav.map", "carte", ":material/map:"),
        page("pages/communes.py", "nav.communes", "communes", ":material/account_balance:"),
        page("pages/projects.py", "nav.projects", "experimentations", ":material/science:"),
        page("pages/themes.py", "nav.themes", "thematiques", ":material/category:"),
        page("pages/events.py", "nav.events", "evenements", ":material/event:"),
        page("pages/open_data.py", "nav.open_data", "donnees-ouvertes", ":material/data_object:"),
    ],
    ui.t("nav.section.evaluate"): [
        page("pages/replicability.py", "nav.replicability", "replicabilite", ":material/radar:"),
        page("pages/indicators.py", "nav.indicators", "indicateurs", ":material/straighten:"),
        page("pages/freshness.py", "nav.freshness", "fraicheur", ":material/update:"),
        page("pages/essaimage.py", "nav.essaimage", "essaimage", ":material/eco:"),
        page("pages/lessons.py", "nav.lessons", "enseignements", ":material/lightbulb:"),
        page("pages/evaluations.py", "nav.evaluations", "evaluations", ":material/fact_check:"),
        page("pages/sheet.py", "nav.sheet", "fiche", ":material/description:", shown=False),  # opened from a list or a record
    ],
    ui.t("nav.section.act"): [
        page("pages/worklist.py", "nav.worklist", "a-faire", ":material/checklist:", shown=identity is not None,
             title=worklist_title()),
        page("pages/entry.py", "nav.entry", "saisie", ":material/edit_note:"),
        page("pages/catalogue.py", "nav.catalogue", "catalogue", ":material/inventory_2:",
             shown=identity is not None and may_keep_catalogue(identity.role, identity.commune_insee)),
        page("pages/review.py", "nav.review", "validation", ":material/rule:",
             shown=identity is not None and reviews_some(identity.role, getattr(identity, "is_validator", False),
                                                       identity.commune_insee)),
        page("pages/present.py", "nav.present", "presentation", ":material/slideshow:"),
        page("pages/admin.py", "nav.admin", "administration", ":material/lock:"),
    ],
    ui.t("nav.section.legal"): [
        page("pages/accessibility.py", "nav.accessibility", "accessibilite", ":material/accessibility:"),
        page("pages/legal_notice.py", "nav.legal_notice", "mentions-legales", ":material/gavel:"),
        page("pages/privacy.py", "nav.privacy", "donnees-personnelles", ":material/shield_person:"),
    ],
}

shell.draw(signed_in=identity is not None)
with st.sidebar:
    choice = st.selectbox(
        ui.t("app.language"), ["fr", "en"], index=["fr", "en"].index(ui.lang()),
        format_func={"fr": "Français", "en": "English"}.get, key="lang",
    )
    ui.url_set(lang=None if choice == "fr" else choice)

ui_auth.sidebar()
ui_review.toggle()
st.navigation(PAGES, expanded=True).run()  # every page listed: the legal pages never hide behind « more »
