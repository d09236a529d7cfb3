"""Every page of the app renders in English: no French interface string left in its main labels.

Main labels: titles, headers, subheaders, widget labels, buttons, tabs, expanders, metrics. The
French strings looked for are those of the catalogue (``qmi.i18n.catalog()``) whose English text
differs; data from the record (experiment names, quotes) is French on purpose and not looked at.
"""

import re

import pytest

from qmi.i18n import catalog
from tests.pages.conftest import assert_no_exception, open_page

PAGES = [
    "pages/home.py", "pages/map.py", "pages/communes.py", "pages/projects.py", "pages/themes.py",
    "pages/events.py", "pages/replicability.py", "pages/indicators.py", "pages/essaimage.py",
    "pages/entry.py", "pages/present.py", "pages/admin.py",
]
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


@pytest.mark.parametrize("page", PAGES)
def test_page_in_english_has_no_french_label(demo_store, page):
    at = open_page(page, lang="en")
    assert_no_exception(at)
    french = _french_only()
    labels = _main_labels(at)
    assert labels, "the page drew no label at all"
    left = [label for label in labels if label in french
            or any(len(fr) >= 16 and fr in label for fr in french)]
    assert not left, f"French left on {page} in English: {left}"


def test_the_check_sees_french(demo_store):
    """The same page in French is caught: the test above can fail."""
    at = open_page("pages/home.py")
    french = _french_only()
    assert any(label in french for label in _main_labels(at))
