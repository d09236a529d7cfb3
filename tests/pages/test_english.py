"""Every page of the app renders in English: no French interface string left in its main labels.

Every page of app.py's navigation (read from its ``page("pages/x.py", …)`` calls, as the benchmark
reads them, and checked against the pages the app registers), signed out and signed in as each role.

Main labels: titles, headers, subheaders, widget labels, buttons, tabs, expanders, metrics. The
French strings looked for are those of the catalogue (``qmi.i18n.catalog()``) whose English text
differs; data from the record (experiment names, quotes) is French on purpose and not looked at.
"""

import re
from pathlib import Path

import pytest

from qmi.bench.runner import app_pages
from qmi.config import ROOT
from qmi.i18n import catalog
from tests.pages.conftest import account, assert_no_exception, open_as, open_page

PAGES = [spec.path for spec in app_pages()]
ROLES = {  # who opens the page: signed out, or signed in with each role (an agent has a commune)
    "signed_out": None,
    "admin": ("admin1", "admin", None),
    "staff": ("staff1", "staff", None),
    "agent": ("agent.sceaux", "agent", "92071"),
    "viewer": ("viewer1", "viewer", None),
}
WIDGETS = ("button", "selectbox", "multiselect", "radio", "text_input", "number_input", "text_area", "toggle",
           "checkbox", "slider", "select_slider", "date_input", "tabs", "expander", "metric")


def _plain(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"[*_`#]|:material/[a-z_]+:", "", text)
    return " ".join(text.split())


def _french_only() -> set[str]:
    """French strings that have a different English version (fixed text, no placeholders)."""
    return {
        _plain(entry["fr"]) for entry in catalog().values()
        if entry.get("en") and entry["en"] != entry["fr"] and "{" not in entry["fr"] and len(entry["fr"]) >= 4
    }


def _main_labels(at) -> list[str]:
    labels = [e.value for kind in ("title", "header", "subheader") for e in getattr(at, kind)]
    for kind in WIDGETS:
        for element in at.get(kind):
            label = getattr(element, "label", None)
            if isinstance(label, str):
                labels.append(label)
    labels += [m.value for m in at.markdown if "qmi-slide-title" in m.value]
    return [_plain(label) for label in labels if label]


def test_the_checked_pages_are_the_apps_navigation(demo_store):
    """The page list read from app.py is the one its st.navigation registers: no page goes unchecked."""
    at = open_page("pages/home.py")
    assert_no_exception(at)
    # AppTest keeps the pages the last run's st.navigation registered (no public accessor in 1.67).
    registered = [Path(info["script_path"]).resolve() for info in at._registered_pages.values()]
    assert registered == [(ROOT / page).resolve() for page in PAGES]
    assert len(PAGES) >= 12


@pytest.mark.usefixtures("light_hashing")
@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("page", PAGES)
def test_page_in_english_has_no_french_label(demo_store, page, role):
    identity = account(demo_store, *ROLES[role][:2], ROLES[role][2]) if ROLES[role] else None
    at = open_as(page, identity, lang="en")
    assert_no_exception(at)
    if identity is not None:  # the page was drawn for that person, still signed in
        assert at.session_state["qmi_identity"] == identity
    french = _french_only()
    labels = _main_labels(at)
    assert labels, "the page drew no label at all"
    left = [label for label in labels if label in french
            or any(len(fr) >= 16 and fr in label for fr in french)]
    assert not left, f"French left on {page} in English, {role}: {left}"


def test_the_check_sees_french(demo_store):
    """The same page in French is caught: the test above can fail."""
    at = open_page("pages/home.py")
    french = _french_only()
    assert any(label in french for label in _main_labels(at))
