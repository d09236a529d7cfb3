"""The Catalogue page: staff keep the portfolio, an agent records their commune's statuses, nobody else writes."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, func, select

from qmi.models import Project, StatusChange
from qmi.services import catalogue
from tests.pages.conftest import account, assert_no_exception, open_as

pytestmark = pytest.mark.usefixtures("light_hashing")
ARGENTEUIL = "95018"  # an edition-2 commune
SCEAUX = "92071"


def staff(store):
    return account(store, "staff1", "staff")


def errors(at) -> list[str]:
    return [e.value for e in at.error]


def project_count(store) -> int:
    with Session(store) as session:
        return session.exec(select(func.count()).select_from(Project)).one()


def fill_new_project(at, name: str, start: date, end: date) -> None:
    at.text_input(key="p_name").input(name)
    at.text_input(key="p_organisation").input("Ville d'Argenteuil")
    at.selectbox(key="p_edition_id").select(2).run()
    at.selectbox(key="p_commune_insee").select(ARGENTEUIL)
    at.date_input(key="p_start_date").set_value(start)
    at.date_input(key="p_end_date").set_value(end)


def test_staff_create_an_edition_2_experiment_for_argenteuil_and_find_it_on_its_record(demo_store):
    identity = staff(demo_store)
    at = open_as("pages/catalogue.py", identity)
    assert_no_exception(at)
    fill_new_project(at, "Jardins **partagés** <b>Val</b>", date(2026, 3, 1), date(2026, 9, 30))
    at.run()
    assert "Argenteuil" in at.selectbox(key="p_commune_insee").options  # only edition 2's communes are offered
    assert "Meudon" not in at.selectbox(key="p_commune_insee").options
    at.button(key="p_save").click().run()
    assert_no_exception(at)
    assert any("Expérimentation créée" in s.value for s in at.success), errors(at)
    with Session(demo_store) as session:
        project = session.exec(select(Project).where(Project.commune_insee == ARGENTEUIL, ~Project.is_demo)).one()
    assert (project.edition_id, project.is_demo, project.start_date) == (2, False, date(2026, 3, 1))
    assert project.source.startswith("Saisie par Paris&Co (staff1)")
    assert at.selectbox(key="cat_project").value == project.slug  # the editor stays on it, its slug shown
    assert any(project.slug in m.value for m in at.markdown)

    record = open_as("pages/projects.py", identity, experimentation=project.slug)
    assert_no_exception(record)
    title = record.title[0].value
    assert "**" not in title.replace("&#42;", "") and "<b>" not in title  # drawn as typed, never as markup
    assert "Jardins" in title
    history = [e for e in record.expander if "Historique des modifications" in e.label]
    assert history and "1 modification" in history[0].label
    created = " ".join(history[0].table[0].value.astype(str).to_numpy().ravel())
    assert "Commune : Argenteuil" in created and "Édition 2" in created  # names, not the codes the store keeps
    assert "Commune : 95018" not in created
    assert any(c.value == "Expérimentation du 1er mars 2026 au 30 septembre 2026" for c in record.caption)


def test_a_field_error_shows_its_french_message_beside_the_field_and_writes_nothing(demo_store):
    before = project_count(demo_store)
    at = open_as("pages/catalogue.py", staff(demo_store))
    fill_new_project(at, "Ombrières", date(2026, 9, 1), date(2026, 3, 1))
    at.button(key="p_save").click().run()
    assert_no_exception(at)
    assert any("fin" in e.lower() and "début" in e.lower() for e in errors(at)), errors(at)
    assert project_count(demo_store) == before
    at.date_input(key="p_end_date").set_value(date(2026, 12, 1)).run()
    assert not errors(at)  # fixing the field clears its message


def test_a_save_over_a_version_changed_in_between_is_refused_with_reload(demo_store):
    identity = staff(demo_store)
    at = open_as("pages/catalogue.py", identity, experimentation="pelican")
    assert at.text_input(key="p_name").value == "Pelican"
    other = account(demo_store, "staff2", "staff")
    catalogue.update_project(demo_store, other, "pelican", {"organisation": "Pelican SAS"}, None)
    at.text_input(key="p_name").input("Pelican cargo")
    at.button(key="p_save").click().run()
    assert_no_exception(at)
    assert any("modifiée entre-temps par staff2" in e and "rechargez" in e for e in errors(at)), errors(at)
    with Session(demo_store) as session:
        assert session.exec(select(Project).where(Project.slug == "pelican")).one().name == "Pelican"
    at.button(key="p_reload").click().run()
    assert at.text_input(key="p_organisation").value == "Pelican SAS"


def test_an_agent_records_a_status_of_their_commune_only_and_sees_no_editor(demo_store):
    identity = account(demo_store, "agent.sceaux", "agent", SCEAUX)
    at = open_as("pages/catalogue.py", identity)
    assert_no_exception(at)
    assert not at.get("radio") or all(r.key != "catalogue_section" for r in at.radio)
    assert not [w for w in at.text_input if w.key == "p_name"]
    with Session(demo_store) as session:
        sceaux = session.exec(select(Project).where(Project.commune_insee == SCEAUX).order_by(Project.name)).all()
    offered = at.selectbox(key="s_project")
    assert len(offered.options) == len(sceaux) and all(" — Sceaux" in o for o in offered.options)
    at.radio(key="s_level").set_value("1")
    at.date_input(key="s_changed_on").set_value(date(2024, 2, 10))
    at.text_input(key="s_source").input("Comité de suivi du 10/02/2024")
    at.button(key="s_save").click().run()
    at.button(key="s_save").click().run()  # a double click writes once
    assert_no_exception(at)
    assert any("Terrain validé" in s.value and "février 2024" in s.value for s in at.success), errors(at)
    with Session(demo_store) as session:
        entries = session.exec(select(StatusChange).where(StatusChange.entered_by == "agent.sceaux")).all()
    assert len(entries) == 1


@pytest.mark.parametrize("role", [None, "viewer"])
def test_viewers_and_visitors_get_no_catalogue(demo_store, role):
    identity = account(demo_store, "viewer1", "viewer") if role else None
    at = open_as("pages/catalogue.py", identity)
    assert_no_exception(at)
    assert at.info and not at.get("selectbox")[1:]  # the language box only
    nav = at.get("navigation")[0].proto if at.get("navigation") else None
    assert nav is None or "Catalogue" not in str([p.page_name for p in nav.app_pages if p.is_visible])


def test_the_record_shows_its_steps_and_its_history_after_an_edit(demo_store):
    identity = staff(demo_store)
    at = open_as("pages/catalogue.py", identity, volet="statut", experimentation="pelican")
    at.radio(key="s_level").set_value("2")
    at.date_input(key="s_changed_on").set_value(date(2025, 6, 15))
    at.selectbox(key="s_date_precision").select("day")
    at.button(key="s_save").click().run()
    assert at.success, errors(at)
    catalogue.update_project(demo_store, identity, "pelican", {"location_note": "Parc de la Garenne"}, None)
    record = open_as("pages/projects.py", identity, experimentation="pelican")
    assert_no_exception(record)
    steps = [m.value for m in record.markdown if "qmi-badge" in m.value and " — " in m.value]
    assert len(steps) >= 2  # the record's 2025 status, then this one
    assert "2 · Test lancé" in steps[-1] and "15 juin 2025" in steps[-1] and "statut actuel" in steps[-1]
    assert "statut actuel" not in steps[-2]
    history = [e for e in record.expander if "Historique des modifications" in e.label][0]
    assert "2 modifications" in history.label
    changes = " ".join(history.table[0].value.astype(str).to_numpy().ravel())
    assert "Lieu" in changes and "Parc de la Garenne" in changes and "Changement de statut" in changes


def test_the_import_section_asks_for_a_file_before_importing(demo_store):
    before = project_count(demo_store)
    at = open_as("pages/catalogue.py", staff(demo_store), volet="import")
    assert_no_exception(at)
    assert at.radio(key="im_kind").options == ["Expérimentations (projects.csv)", "Rencontres (events.csv)"]
    at.button(key="im_run").click().run()
    assert_no_exception(at)
    assert errors(at) == ["Ce champ est obligatoire."] and project_count(demo_store) == before


def test_an_archived_experiment_s_record_is_shown_to_staff_with_the_way_back_and_hidden_from_the_public(demo_store):
    identity = staff(demo_store)
    catalogue.set_project_archived(demo_store, identity, "pelican", True)
    record = open_as("pages/projects.py", identity, experimentation="pelican")
    assert_no_exception(record)
    assert record.title[0].value == "Pelican"
    assert any("Archivée" in w.value and "aucune page publique" in w.value for w in record.warning)
    restore = [link.proto for link in record.get("page_link") if "catalogue" in link.proto.page]
    assert [(link.label, link.query_string) for link in restore] == [("La désarchiver dans le catalogue",
                                                                      "experimentation=pelican")]
    assert not [m for m in record.markdown if "QR code" in m.value]  # no code to print for a hidden page

    public = open_as("pages/projects.py", None, experimentation="pelican")
    assert_no_exception(public)
    assert [w.value for w in public.warning] == [
        "Aucune expérimentation ne porte l'identifiant « pelican ». Choisissez-en une dans le catalogue."]
    assert all(t.value != "Pelican" for t in public.title)


def test_the_date_fields_segments_read_in_french_on_a_french_page(monkeypatch):
    """Streamlit 1.67 draws a date field as three segments « dd / mm / yyyy » named « day, <label> »…:
    the shell replaces each on a French page (the editor's dates, the status date, the meeting date)."""
    import re

    from qmi.ui import shell

    monkeypatch.setattr(shell.ui, "lang", lambda: "fr")

    def shown(text: str) -> str:  # what shell.js does with an attribute or text node
        for pattern, replacement, _ in shell.config(signed_in=True)["replacements"]:
            if match := re.search(pattern, text):
                return text.replace(match[0], replacement.replace("{value}", (match.groups() or [""])[0] or ""))
        return text

    assert [shown(t) for t in ("dd", "mm", "yyyy", "day, Date de début", "year, Date de fin", "Empty")] == [
        "jj", "mm", "aaaa", "jour, Date de début", "année, Date de fin", "Vide"]
    assert shown("Add") == "Add" and shown("odd") == "odd"  # only whole texts: nothing else is touched


def test_the_figures_table_writes_each_unit_once_and_opening_an_edition_reads_as_french(demo_store):
    identity = staff(demo_store)
    at = open_as("pages/catalogue.py", identity, volet="chiffres")
    assert_no_exception(at)
    values = list(at.table[0].value["Valeur"])
    assert "70 %" in values and "11 mois" in values and "6/10" in values and "163 candidatures" in values
    assert not [v for v in values if "% %" in v or "mois mois" in v]
    editions = open_as("pages/catalogue.py", identity, volet="editions")
    assert editions.button(key="eo_save").label == "Ouvrir l'édition 3"
    assert editions.text_input(key="eo_source").placeholder == "Vide : « Saisie par Paris&Co »"  # short: not cut
