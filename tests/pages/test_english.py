"""Every page of the app renders in English: no French string of the interface or of the record left.

Every page of app.py's navigation (read from its ``page("pages/x.py", …)`` calls, as the benchmark
reads them, and checked against the pages the app registers), signed out and signed in as each role.

Everything the run drew is read (``rendered_text``: markdown, captions, alerts, widget labels and
options, tables, charts' titles, axes and hovers). It must hold no French string of the catalogue
(``qmi.i18n.catalog()``: the fixed parts, long enough to be distinctive, of every French text whose
English differs) and no French label of the record (families, challenges, criteria and their levels,
indicator names, and every record text ``qmi.i18n.record`` translates). Text the record quotes
(experiment descriptions and tags, quotations from the documents, names) is French on purpose: it
is taken out before looking. No source is shown as a file name either.
"""

import csv
import html
import re
from functools import cache
from pathlib import Path

import pytest

from qmi.bench.runner import app_pages
from qmi.config import REFERENCE_DIR, ROOT
from qmi.i18n import catalog
from qmi.i18n.indicators import NAMES_EN
from qmi.i18n.labels import STRINGS as LABELS
from qmi.i18n.record import ENGLISH
from tests.pages.conftest import FILE_NAME, account, assert_no_exception, open_as, open_page, rendered_text

PAGES = [spec.path for spec in app_pages()]
ROLES = {  # who opens the page: signed out, or signed in with each role (an agent has a commune)
    "signed_out": None,
    "admin": ("admin1", "admin", None),
    "staff": ("staff1", "staff", None),
    "agent": ("agent.sceaux", "agent", "92071"),
    "viewer": ("viewer1", "viewer", None),
}
DISTINCTIVE = 12  # shorter French strings ("Source", "Commune") are words English shares
WORD = 5  # the record's words from this length are looked for whole: « note sur 5 », « livraisons »
QUOTED = {  # record text shown as the documents wrote it, in French on purpose
    "projects.csv": ("name", "organisation", "description", "type_tags", "location_note"),
    "events.csv": ("source_detail",),
    "figures.csv": ("source_detail",),
    "communes.csv": ("name", "innovation_district", "mayor"),
    "lessons.csv": ("evidence",),  # the passage of the document each success story rests on
}


def _plain(text: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = re.sub(r"[*_`#]|:material/[a-z_]+:", "", text)
    return " ".join(text.split())


def _rows(name: str) -> list[dict[str, str]]:
    with open(REFERENCE_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def _english_texts() -> str:
    """Every English text the app has: a French fragment found in one of them is a shared proper noun."""
    return "\n".join([_plain(e.get("en", "")) for e in catalog().values()] + [*ENGLISH.values(), *NAMES_EN.values()])


@cache
def french_strings() -> frozenset[str]:
    """The French the English pages must not show: the catalogue's and the record's labels."""
    found: set[str] = set()
    for entry in catalog().values():
        if entry.get("en") and _plain(entry["en"]) != _plain(entry["fr"]):
            found.update(_plain(part) for part in re.split(r"\{[^}]*\}", entry["fr"]))
    found.update(french for french, english in ENGLISH.items() if english != french)
    found.update(row["name"] for row in _rows("families.csv") + _rows("challenges.csv") + _rows("indicators.csv"))
    found.update(text for row in _rows("criteria.csv") for text in (row["name"], row["label"]))
    found.update(entry["fr"] for key, entry in LABELS.items() if entry["fr"] != entry["en"])
    english = _english_texts()
    return frozenset(text for text in found if len(text) >= DISTINCTIVE and text not in english)


@cache
def _quoted() -> tuple[str, ...]:
    texts = {_plain(row[column]) for name, columns in QUOTED.items() for row in _rows(name) for column in columns}
    return tuple(sorted((t for t in texts if t), key=len, reverse=True))


@cache
def french_words() -> re.Pattern:
    """The record's short French words (units, « 11 mois »), looked for as whole words: « note sur 5 », « livraisons »."""
    words = {french for french, english in ENGLISH.items()
             if english != french and WORD <= len(french) < DISTINCTIVE and not re.search(rf"\b{re.escape(french)}\b", _english_texts())}
    return re.compile("|".join(rf"(?<!\w){re.escape(word)}(?!\w)" for word in sorted(words, key=len, reverse=True)))


def french_left(texts: list[str]) -> list[str]:
    left = []
    for text in texts:
        plain = _plain(text)
        for quote in _quoted():
            plain = plain.replace(quote, " ")
        left += [french for french in french_strings() if french in plain] + french_words().findall(plain)
    return sorted(set(left))


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
def test_page_in_english_has_no_french_and_no_file_name(demo_store, page, role):
    identity = account(demo_store, *ROLES[role][:2], ROLES[role][2]) if ROLES[role] else None
    at = open_as(page, identity, lang="en")
    assert_no_exception(at)
    if identity is not None:  # the page was drawn for that person, still signed in
        assert at.session_state["qmi_identity"] == identity
    texts = rendered_text(at)
    assert texts, "the page drew nothing"
    assert not french_left(texts), f"French left on {page} in English, {role}: {french_left(texts)}"
    assert not [text for text in texts if FILE_NAME.search(_plain(text))], f"a file name on {page}"


def test_the_check_sees_french(demo_store):
    """The same page in French is caught, the catalogue's strings and the record's labels: the test above can fail."""
    at = open_page("pages/home.py")
    left = french_left(rendered_text(at))
    assert "Les deux éditions" in left  # a heading of the catalogue
    assert "Candidatures reçues à l'appel à projets" in left  # a figure's label from the record
    assert "11 mois" in left  # a short record text, as a whole word
    assert "Énergie" not in french_strings() and "Économie circulaire" in french_strings()  # too short / distinctive


def test_choosing_another_language_redraws_the_whole_page_in_it_and_back(demo_store):
    """The language is read once per run (``qmi.ui.start_run``): the run after a choice in the menu is
    wholly in the new language, the menu's label and the page's content alike, in the same session."""
    from qmi.i18n import t

    page = open_as("pages/accessibility.py", None)
    assert_no_exception(page)
    french, english = (t("accessibility.title", lang) for lang in ("fr", "en"))
    assert french != english

    def drawn() -> str:
        return " ".join(rendered_text(page))

    assert french in drawn() and page.selectbox(key="lang").label == t("app.language", "fr")
    page.selectbox(key="lang").set_value("en").run()
    assert_no_exception(page)
    assert english in drawn() and french not in drawn() and page.selectbox(key="lang").label == t("app.language", "en")
    page.selectbox(key="lang").set_value("fr").run()
    assert french in drawn() and english not in drawn()
