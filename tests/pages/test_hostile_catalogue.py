"""Hostile input to the catalogue: Markdown and HTML typed into it (an experiment, its status, an event, a
figure, a commune's district and mayor) are drawn as typed on every page that shows them (no bold, no link,
no tag, no heading), and junk in its URL parameters opens the page on its defaults."""

from __future__ import annotations

import re

import pytest

from qmi.services import catalogue, statuses
from tests.pages.conftest import account, assert_no_exception, open_as

pytestmark = pytest.mark.usefixtures("light_hashing")
HOSTILE = "**gras** <img src=x onerror=alert(1)> [lien](javascript:alert(1)) # Titre | a | b |"
# The payload still live in a Markdown text: bold, the tag, the link (each escaped or quoted when shown as typed).
LIVE = (re.compile(r"(?<![\\`])\*\*gras"), re.compile(r"<img src=x"), re.compile(r"(?<!\\)\[lien(?<!\\)\]\("))
DRAWN_AS_MARKDOWN = {"markdown", "caption", "title", "header", "subheader", "error", "warning", "info", "success"}
SCEAUX = "92071"


def live_markdown(at) -> list[str]:
    """The Markdown texts of the run in which the payload would render (st.table's cells are Markdown too)."""
    found = []

    def walk(node) -> None:
        kind = getattr(node, "type", None)
        texts = [node.value] if kind in DRAWN_AS_MARKDOWN else []
        if kind == "table":
            texts = [str(c) for c in node.value.columns] + [str(v) for v in node.value.to_numpy().ravel()]
        found.extend(text for text in texts if isinstance(text, str) and any(p.search(text) for p in LIVE))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return found


@pytest.fixture
def hostile_catalogue(demo_store):
    """Every catalogue text field of Sceaux's new experiment, its status, a meeting, a figure, and Sceaux's
    district and mayor, holding the payload; returns (staff identity, the experiment's slug)."""
    staff = account(demo_store, "staff1", "staff")
    slug = catalogue.create_project(demo_store, staff, {
        "name": "Banc " + HOSTILE, "commune_insee": SCEAUX, "edition_id": 1, "family_code": "espace-public",
        "challenge_code": "espaces-publics", **dict.fromkeys(("organisation", "type_tags", "description", "location_note", "source"),
                                                 HOSTILE)}).key
    statuses.record_status(demo_store, staff, slug, {"level": "2", "changed_on": "2025-01-01", "source": HOSTILE,
                                                    "note": HOSTILE})
    catalogue.save_event(demo_store, staff, {"host_insee": SCEAUX, "held_on": "2025-01-05", "attendance": "12",
                                             **dict.fromkeys(("format", "source", "source_detail", "note"), HOSTILE)})
    catalogue.save_figure(demo_store, staff, {"key": "hostile", "value": "12", "unit": "<i>m</i>",
                                              **dict.fromkeys(("label", "source", "source_detail", "note"), HOSTILE)})
    catalogue.join_programme(demo_store, staff, SCEAUX, dict.fromkeys(
        ("innovation_district", "district_source", "mayor", "mayor_source"), HOSTILE))
    catalogue.open_edition(demo_store, staff, {"year_start": 2027, "source": HOSTILE})
    catalogue.update_project(demo_store, staff, slug, {"description": HOSTILE + " revu"}, None)  # its history
    return staff, slug


@pytest.mark.parametrize(("page", "params"), [
    ("pages/communes.py", {"commune": SCEAUX}),
    ("pages/projects.py", {"experimentation": None}),
    ("pages/projects.py", {}),
    ("pages/events.py", {}),
    ("pages/home.py", {}),
    ("pages/essaimage.py", {"commune": SCEAUX}),
    ("pages/catalogue.py", {"volet": "statut", "experimentation": None}),
    ("pages/catalogue.py", {"volet": "communes"}),
    ("pages/catalogue.py", {"volet": "rencontres"}),
    ("pages/catalogue.py", {"volet": "chiffres"}),
    ("pages/catalogue.py", {"volet": "editions"}),
])
def test_catalogue_texts_are_drawn_as_typed(hostile_catalogue, page, params):
    staff, slug = hostile_catalogue
    at = open_as(page, staff, **{name: value or slug for name, value in params.items()})
    assert_no_exception(at)
    assert live_markdown(at) == []


JUNK = ("nimporte", HOSTILE, "x" * 5000, "../../etc", "\x00", "experimentations\n")


@pytest.mark.parametrize("junk", JUNK)
def test_junk_url_parameters_open_the_catalogue_on_its_first_section_and_a_new_experiment(demo_store, junk):
    at = open_as("pages/catalogue.py", account(demo_store, "staff1", "staff"), volet=junk, experimentation=junk)
    assert_no_exception(at)
    assert at.radio(key="catalogue_section").value == "experimentations"
    assert at.selectbox(key="cat_project").value == ""  # a new experiment
    assert "volet" not in at.query_params and "experimentation" not in at.query_params
    assert live_markdown(at) == []


def test_an_agent_sent_to_another_communes_experiment_gets_their_own(demo_store):
    agent = account(demo_store, "agent1", "agent", SCEAUX)
    at = open_as("pages/catalogue.py", agent, volet="experimentations", experimentation="pelican")  # not Sceaux's
    assert_no_exception(at)
    assert [r.key for r in at.radio] == ["s_level"]  # no section to choose: an agent has the status section only
    chosen = at.selectbox(key="s_project").value
    assert chosen != "pelican" and at.query_params["experimentation"] == chosen  # the URL says the one shown
    assert all(option.endswith("— Sceaux") for option in at.selectbox(key="s_project").options)
