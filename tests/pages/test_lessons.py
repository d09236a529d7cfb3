"""The Enseignements page (filters and search kept in the URL, empty and no-result states, demo marked,
typed text shown as typed) and the record's field journal and lessons with their forms."""

from __future__ import annotations

import html

import pytest
from sqlmodel import Session, select

from qmi.models import FieldEvidence, Lesson
from qmi.services import lessons
from tests.pages.conftest import account, assert_no_exception, open_as, open_page, rendered_text

pytestmark = pytest.mark.usefixtures("light_hashing")
HOSTILE = "**x** <b>y</b> [l](javascript:alert(1))"


def drawn(at) -> str:
    return html.unescape(" ".join(rendered_text(at)))


def test_every_lesson_with_its_experiment_commune_evidence_and_source(demo_store):
    at = open_page("pages/lessons.py")
    assert_no_exception(at)
    text = drawn(at)
    assert "8 enseignements" in text
    assert "**Belle histoire** — **Pelican à Meudon**" in text and "Meudon · Mobilités" in text
    assert "Ce qui l'étaye" in text and "Bilan de la 1re édition" in text
    assert "Retour d'usagers du 17 septembre 2024" in text  # the field entry a demo lesson rests on
    assert at.warning and "illustratives" in at.warning[0].value  # demo lessons are marked
    links = [link for link in at.get("page_link") if "Fiche de l'expérimentation" in link.proto.label]
    assert len(links) == 8 and "Pelican" in links[1].proto.label


def test_filters_and_search_are_in_the_url_and_narrow_the_list(demo_store):
    at = open_page("pages/lessons.py", famille="mobilites", type="pitfall")
    assert_no_exception(at)
    assert at.selectbox(key="lessons_family").value == "mobilites" and at.selectbox(key="lessons_kind").value == "pitfall"
    assert "1 enseignement" in drawn(at) and "Prévoir la recharge des batteries" in drawn(at)
    at.selectbox(key="lessons_kind").select("").run()
    assert "3 enseignements" in drawn(at) and "type" not in at.query_params
    at.text_input(key="lessons_q").input("RECHARGE").run()
    assert at.query_params["q"] == "RECHARGE" and "1 enseignement" in drawn(at)
    at = open_page("pages/lessons.py", commune="92071", q="capteurs")
    assert "1 enseignement" in drawn(at) and "Source Urbaine à Sceaux" in drawn(at)
    at = open_page("pages/lessons.py", defi="flux-mobilites")
    assert "3 enseignements" in drawn(at)


def test_a_search_in_english_finds_the_lessons_by_their_english_text(demo_store):
    at = open_page("pages/lessons.py", q="battery charging", lang="en")  # stored as « Prévoir la recharge des batteries… »
    assert_no_exception(at)
    assert "1 lesson" in drawn(at) and "Plan battery charging near where staff work" in drawn(at)
    assert "0 enseignement" in drawn(open_page("pages/lessons.py", q="battery charging"))  # in French, French text only


def test_no_result_is_said_plainly_and_the_filters_clear(demo_store):
    at = open_page("pages/lessons.py", q="zzzz introuvable")
    assert_no_exception(at)
    assert "Aucun enseignement ne correspond à ces filtres" in at.info[0].value
    at.button(key="lessons_clear").click().run()
    assert "8 enseignements" in drawn(at) and "q" not in at.query_params


def test_an_empty_store_says_so(empty_engine, monkeypatch):
    monkeypatch.setenv("QMI_DATABASE_URL", str(empty_engine.url))
    at = open_page("pages/lessons.py")
    assert_no_exception(at)
    assert "Aucun enseignement n'est encore enregistré" in at.info[0].value


def test_typed_markdown_and_html_show_as_typed(demo_store):
    staff = account(demo_store, "staff1", "staff")
    entry = lessons.add_evidence(demo_store, staff, "pelican", {"observed_on": "2024-07-01", "kind": "observation",
                                                               "met_roles": HOSTILE, "summary": HOSTILE,
                                                               "links": "https://example.org/a?b=(c)", "source": HOSTILE})
    lessons.add_lesson(demo_store, staff, "pelican", {"kind": "story", "title": HOSTILE, "text": HOSTILE,
                                                      "evidence": HOSTILE, "evidence_id": entry.id, "source": HOSTILE})
    for at in (open_page("pages/lessons.py", q="javascript"), open_page("pages/projects.py", experimentation="pelican")):
        assert_no_exception(at)
        shown = [m.value for m in at.markdown if "javascript" in html.unescape(m.value)]
        assert shown and all("<b>" not in m and "**x**" not in m for m in shown)  # markup and emphasis as entities
        assert any(HOSTILE in html.unescape(m) for m in shown)
        assert "<b>y</b>" in drawn(at).replace("&#", "")  # read back, the text is what was typed


def test_the_record_shows_its_journal_newest_first_and_its_lessons(demo_store):
    at = open_page("pages/projects.py", experimentation="pelican")
    assert_no_exception(at)
    text = drawn(at)
    assert "Journal de terrain" in text and "Enseignements" in text
    assert text.index("17 septembre 2024 · Retour d'usagers") < text.index("9 juillet 2024 · Visite de terrain")
    assert "**Rencontrés (fonctions)** : 5 agents des espaces verts" in text
    assert not [b for b in at.button if b.key == "fe_save"]  # signed out: no form


def test_staff_record_a_visit_and_a_lesson_from_the_record(demo_store):
    staff = account(demo_store, "staff1", "staff")
    at = open_as("pages/projects.py", staff, experimentation="pelican")
    assert "N'écrivez aucun nom (RGPD)" in drawn(at)  # said plainly on the form
    at.text_input(key="fe_met_roles").input("responsable des espaces verts, 3 agents")
    at.text_area(key="fe_summary").input("Tournée suivie avec les agents.")
    at.text_area(key="fe_links").input("javascript:alert(1)")
    at.button(key="fe_save").click().run()
    assert any("n'est pas une adresse web" in e.value for e in at.error)
    at.text_area(key="fe_links").input("https://example.org/visite")
    at.button(key="fe_save").click().run()
    assert_no_exception(at)
    assert any("Observation enregistrée" in s.value for s in at.success)
    with Session(demo_store) as session:
        entry = session.exec(select(FieldEvidence).where(FieldEvidence.summary == "Tournée suivie avec les agents.")).one()
    assert (entry.is_demo, entry.entered_by, entry.links) == (False, "staff1", "https://example.org/visite")
    at.selectbox(key="fl_kind").select("condition")
    at.text_area(key="fl_text").input("Suivre une tournée avec les agents avant de choisir le site.")
    at.selectbox(key="fl_evidence_id").select(entry.id)
    at.button(key="fl_save").click().run()
    assert_no_exception(at)
    assert any("Enseignement enregistré" in s.value for s in at.success)
    with Session(demo_store) as session:
        lesson = session.exec(select(Lesson).where(Lesson.kind == "condition", Lesson.evidence_id == entry.id)).one()
    assert not lesson.is_demo
    assert "Condition de réussite" in drawn(at)


def test_an_agent_of_another_commune_gets_no_form_and_theirs_does(demo_store):
    sceaux = account(demo_store, "agent.sceaux", "agent", "92071")
    at = open_as("pages/projects.py", sceaux, experimentation="pelican")
    assert_no_exception(at)
    assert not [b for b in at.button if b.key in ("fe_save", "fl_save")]
    at = open_as("pages/projects.py", sceaux, experimentation="source-urbaine")
    assert [b for b in at.button if b.key == "fe_save"]


def test_staff_edit_and_archive_an_entry(demo_store):
    staff = account(demo_store, "staff1", "staff")
    at = open_as("pages/projects.py", staff, experimentation="pelican")
    chosen = at.selectbox(key="fee__pick").value
    at.text_area(key="fee_summary").input("Résumé relu.")
    at.button(key="fee_save").click().run()
    assert_no_exception(at)
    assert any("Modifications enregistrées" in s.value for s in at.success)
    with Session(demo_store) as session:
        assert session.get(FieldEvidence, chosen).summary == "Résumé relu."
    at.button(key="fee_archive").click().run()
    assert any("Archivé" in s.value for s in at.success)
    with Session(demo_store) as session:
        assert session.get(FieldEvidence, chosen).archived
    assert "Résumé relu." not in drawn(at)


def test_thirty_cards_a_page_and_the_page_in_the_url(demo_store):
    staff = account(demo_store, "staff1", "staff")
    for n in range(23):  # 8 + 23 = 31: thirty on the first page, the 31st on the second
        lessons.add_lesson(demo_store, staff, "pelican", {"kind": "worked", "text": f"Leçon {n:02d}"})
    at = open_page("pages/lessons.py")
    assert_no_exception(at)
    cards = [link for link in at.get("page_link") if "Fiche de l'expérimentation" in link.proto.label]
    assert "31 enseignements" in drawn(at) and "Page 1 sur 2" in drawn(at) and len(cards) == 30
    at.button(key="lessons_page_next").click().run()
    assert at.query_params["page"] == "2" and "Page 2 sur 2" in drawn(at)
    assert len([link for link in at.get("page_link") if "Fiche de l'expérimentation" in link.proto.label]) == 1
    at.selectbox(key="lessons_kind").select("pitfall").run()  # a filter changed: back to the first page
    assert "page" not in at.query_params and "2 enseignements" in drawn(at)
    assert not [b for b in at.button if b.key == "lessons_page_next"]  # one page: no page buttons
