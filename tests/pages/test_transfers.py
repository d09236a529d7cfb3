"""Transfers on the experiments' records and on Essaimage: linked both ways, the level of evidence with its
« pourquoi », B's before/after beside A's (said plainly when B has measured nothing), the staff forms, text
shown as typed, and English."""

from __future__ import annotations

import html
from datetime import date

import pytest
from sqlmodel import Session, select

from qmi.db import write_session
from qmi.models import Project, ProtocolIndicator, Transfer
from qmi.services import transfers
from tests.pages.conftest import account, assert_no_exception, open_as, open_page, rendered_text

pytestmark = pytest.mark.usefixtures("light_hashing")
RECORD = "pages/projects.py"
HOSTILE = "**x** <b>y</b> [l](javascript:alert(1))"
# URL paths of page links (« indicateurs », « enseignements »: the word is the path) and a quoted source.
RECORD_PAGE_FRENCH = {"Flux, mobilités et logistique", "indicateurs", "enseignements", "enseignement"}


def text(at) -> str:
    """What the run drew, as read (character references resolved)."""
    return html.unescape(" ".join(rendered_text(at)))


def markdown(at) -> str:
    return " ".join(m.value for m in at.markdown)


def test_both_records_show_the_demo_transfer_with_its_level_and_before_after(demo_store):
    origin = open_page(RECORD, experimentation="pelican")
    assert_no_exception(origin)
    shown = text(origin)
    assert "Essaimé vers Argenteuil" in shown and "Résultats obtenus" in shown
    assert "Niveau 5 · reproduit ailleurs" in shown and "Pourquoi ce niveau ?" in shown
    assert "reprise dans une autre commune avec des progrès mesurés (Argenteuil) (donnée de démonstration)" in shown
    assert "Avant / après, ici et là-bas" in shown and "Chemin parcouru vers la cible, des deux côtés" in shown
    assert "qmi-demo" in markdown(origin) and origin.warning  # demo everywhere it is drawn
    assert not [e for e in origin.expander if e.label == "Enregistrer un essaimage de cette expérimentation"]

    target = open_page(RECORD, experimentation="pelican-argenteuil")
    assert_no_exception(target)
    shown = text(target)
    assert "Essaimage de Pelican (Meudon)" in shown and "Voir l'expérimentation d'origine : Pelican" in shown
    assert "Niveau 3 · comparé ailleurs" in shown and "qmi-demo" in markdown(target)
    assert target.title[0].value == "Pelican à Argenteuil"


def test_a_record_without_transfer_says_so_and_its_level_is_its_own(demo_store):
    at = open_page(RECORD, experimentation="soy-pv")
    assert_no_exception(at)
    assert "Aucun essaimage enregistré pour cette expérimentation." in text(at)
    assert "Niveau 2 · mesuré avant/après" in text(at)


def test_b_without_measurement_is_said_plainly(record_store):
    staff = account(record_store, "staff1", "staff")
    transfer = transfers.create_transfer(record_store, staff, {"from_slug": "pelican", "to_slug": "tracemob",
                                                                "started_on": "2025-01-15"})
    with write_session(record_store) as session:
        ids = {p.slug: p.id for p in session.exec(select(Project).where(Project.slug.in_(["pelican", "tracemob"])))}
        session.add(ProtocolIndicator(project_id=ids["pelican"], indicator_code="SOC-USERS", baseline=0, target=100))
        session.add(ProtocolIndicator(project_id=ids["tracemob"], indicator_code="SOC-USERS", baseline=10, target=90))
    at = open_page(RECORD, experimentation="pelican")
    assert_no_exception(at)
    assert "Noisy-le-Grand n'a pas encore de mesure : sa situation de départ est relevée, ses résultats viendront." in (
        text(at))
    assert "pas encore mesuré" in text(at) and "Essaimé vers Noisy-le-Grand" in text(at)
    assert transfer.stage == "contact"


def test_staff_record_a_transfer_creating_its_target_and_every_text_shows_as_typed(demo_store):
    staff = account(demo_store, "staff1", "staff")
    at = open_as(RECORD, staff, experimentation="umotion")
    assert_no_exception(at)
    at.radio(key="tr_mode").set_value("new").run()
    at.text_input(key="tr_name").input(HOSTILE)
    at.selectbox(key="tr_commune").select("92071")
    at.text_area(key="tr_adaptations").input(HOSTILE)
    at.text_area(key="tr_note").input(HOSTILE)
    at.date_input(key="tr_started_on").set_value(date(2025, 2, 1))
    at.button(key="tr_save").click().run()
    assert_no_exception(at)
    assert any("Essaimage enregistré." in s.value for s in at.success), [e.value for e in at.error]
    with Session(demo_store) as session:
        transfer = session.exec(select(Transfer).where(Transfer.adaptations == HOSTILE)).one()
        target = session.get(Project, transfer.to_project_id)
    assert (target.name, target.commune_insee, target.edition_id, target.is_demo) == (HOSTILE, "92071", 1, False)
    shown = markdown(at)
    assert "Essaimé vers Sceaux" in shown
    assert "<b>y</b>" not in shown and "](javascript:" not in shown  # escaped: drawn literally
    assert "&#42;&#42;x&#42;&#42; &#60;b&#62;y&#60;/b&#62; &#91;l&#93;&#40;javascript:alert&#40;1&#41;&#41;" in shown
    record = open_as(RECORD, staff, experimentation=target.slug)
    assert_no_exception(record)
    assert "Essaimage de Umotion (Meudon)" in text(record)
    # the same pair again: refused under its field, nothing written
    at.radio(key="tr_mode").set_value("existing").run()
    at.selectbox(key="tr_target").select(target.slug)
    at.text_area(key="tr_note").input("encore")
    at.button(key="tr_save").click().run()
    assert "Cet essaimage est déjà enregistré : faites-le avancer plutôt que de le recréer." in [e.value for e in at.error]


def test_a_transfer_saved_without_choosing_its_target_is_refused_and_nothing_is_written(demo_store):
    staff = account(demo_store, "staff1", "staff")
    at = open_as(RECORD, staff, experimentation="umotion")
    assert at.selectbox(key="tr_target").value is None  # nothing chosen for the careless
    at.button(key="tr_save").click().run()
    assert_no_exception(at)
    assert "Ce champ est obligatoire." in [e.value for e in at.error]
    at.radio(key="tr_mode").set_value("new").run()
    assert at.selectbox(key="tr_commune").value is None
    at.button(key="tr_save").click().run()
    assert_no_exception(at)
    assert at.error and not at.success
    with Session(demo_store) as session:
        assert len(session.exec(select(Transfer)).all()) == 1  # the demo's only


def test_staff_move_a_transfer_on_and_the_record_shows_the_stage(demo_store):
    staff = account(demo_store, "staff1", "staff")
    with Session(demo_store) as session:
        transfer_id = session.exec(select(Transfer.id)).one()
        # the demo transfer is evaluated: its form offers the last stage, which it already has
    at = open_as(RECORD, staff, experimentation="pelican")
    form = f"trs{transfer_id}"
    assert at.selectbox(key=f"{form}_stage").value == "evaluated"
    at.button(key=f"{form}_save").click().run()
    assert_no_exception(at)
    assert any("déjà à cette étape" in e.value for e in at.error)
    at.selectbox(key=f"{form}_stage").set_value("deployed")
    at.date_input(key=f"{form}_changed_on").set_value(date(2025, 11, 1))
    at.button(key=f"{form}_save").click().run()
    assert_no_exception(at)
    assert any("Étape enregistrée." in s.value for s in at.success)
    assert "Étape : Déployé (depuis le 1er novembre 2025)" in text(at)


def test_viewers_and_agents_see_no_form(demo_store):
    for identity in (account(demo_store, "viewer1", "viewer"), account(demo_store, "agent.meudon", "agent", "92048")):
        at = open_as(RECORD, identity, experimentation="pelican")
        assert_no_exception(at)
        assert "tr_save" not in [b.key for b in at.button]
        assert not [b for b in at.button if (b.key or "").startswith("trs")]


def test_essaimage_lists_the_transfers_done_and_ranks_with_the_replication(demo_store):
    at = open_page("pages/essaimage.py", commune="93051")
    assert_no_exception(at)
    shown = text(at)
    assert "Essaimages réalisés" in shown and "Résultats obtenus" in shown
    assert "Essaimage réussi" in shown  # the sixth component's slider and breakdown
    assert "déjà essaimée avec des résultats à Argenteuil (donnée de démonstration)" in shown


def test_the_transfers_in_english(demo_store):
    from tests.pages.test_english import french_left

    for slug in ("pelican", "pelican-argenteuil"):  # as staff: the forms too
        record = open_as(RECORD, account(demo_store, f"staff-{slug}", "staff"), experimentation=slug, lang="en")
        assert_no_exception(record)
        # Left aside: two texts of the record page itself, not of its transfers (a source quoting the record,
        # « thématique « Flux, mobilités et logistique » », and the URL paths of the indicators and lessons pages).
        assert set(french_left(rendered_text(record))) <= RECORD_PAGE_FRENCH, french_left(rendered_text(record))
    at = open_page(RECORD, experimentation="pelican", lang="en")
    assert_no_exception(at)
    shown = text(at)
    assert "Replicated in Argenteuil" in shown and "Level 5 · replicated elsewhere" in shown
    assert "Before / after, here and there" in shown and "Illustrative adaptations" in shown
    essaimage = open_page("pages/essaimage.py", commune="93051", lang="en")
    assert "Replications so far" in text(essaimage) and "already replicated with results in Argenteuil" in text(essaimage)
