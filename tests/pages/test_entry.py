"""The Saisie page: sign in, enter, correct, withdraw, assess, import — through the widgets."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from qmi.config import ROOT
from qmi.models import Assessment, Measurement, Project
from qmi.services import users
from tests.pages.conftest import account, assert_no_exception, open_as

PASSWORD = "un mot de passe assez long"
SAVE = "FormSubmitter:measure_form-Enregistrer la mesure"
HOSTILE = "<img src=x onerror=alert(1)>"


pytestmark = pytest.mark.usefixtures("light_hashing")






def measurements(store) -> list[Measurement]:
    with Session(store) as session:
        return list(session.exec(select(Measurement).where(Measurement.is_demo.is_(False)).order_by(Measurement.id)).all())


def test_signed_out_visitors_are_invited_to_sign_in(demo_store):
    at = open_as("pages/entry.py")
    assert_no_exception(at)
    assert "Connectez-vous" in at.info[0].value and not at.get("tabs")


def test_agent_signs_in_and_enters_a_measurement_for_their_commune(demo_store):
    users.add_user(demo_store, "agent.sceaux", PASSWORD, "agent", "92071", "Agent de Sceaux")
    at = open_as("pages/entry.py")
    at.text_input(key="auth_username").input("agent.sceaux")
    at.text_input(key="auth_password").input(PASSWORD)
    at.button(key="FormSubmitter:auth_form-Se connecter").click().run()
    assert_no_exception(at)
    assert any("Agent de Sceaux" in m.value for m in at.markdown)
    with Session(demo_store) as session:
        sceaux = {p.name for p in session.exec(select(Project).where(Project.commune_insee == "92071")).all()}
    assert set(at.selectbox(key="entry_project").options) == sceaux
    at.selectbox(key="entry_project").select("kunagi").run()
    at.selectbox(key="m_indicator").select("SOC-JOBS").run()
    assert any("nombre entier, de 0 à 1\u202f000" in m.value for m in at.markdown)
    at.date_input(key="m_period").set_value("2024-03-01")
    at.text_input(key="m_value").input("12")
    at.text_input(key="m_source").input(HOSTILE)
    at.button(key=SAVE).click().run()
    assert_no_exception(at)
    assert "Mesure enregistrée" in at.success[0].value
    assert [(m.value, m.source, m.entered_by) for m in measurements(demo_store)] == [(12, HOSTILE, "Agent de Sceaux")]
    assert at.query_params["experimentation"] == "kunagi"


def test_invalid_value_shows_a_french_error_beside_the_field_and_writes_nothing(demo_store):
    at = open_as("pages/entry.py", account(demo_store, "staff1", "staff"), experimentation="kunagi")
    at.selectbox(key="m_indicator").select("USR-SATISF").run()
    at.date_input(key="m_period").set_value("2024-03-01")
    at.text_input(key="m_value").input("7,5")
    at.button(key=SAVE).click().run()
    assert_no_exception(at)
    errors = [e.value for e in at.error]
    assert "La note doit être comprise entre 1 et 5." in errors and "Certains champs sont à corriger." in errors
    assert measurements(demo_store) == []


def test_double_submit_writes_once(demo_store):
    at = open_as("pages/entry.py", account(demo_store, "staff1", "staff"), experimentation="kunagi")
    at.selectbox(key="m_indicator").select("SOC-JOBS").run()
    at.date_input(key="m_period").set_value("2024-03-01")
    at.text_input(key="m_value").input("5")
    at.button(key=SAVE).click().run()
    at.text_input(key="m_value").input("5")  # the same submission sent again (double click)
    at.button(key=SAVE).click().run()
    at.run()  # and a plain rerun
    assert_no_exception(at)
    assert len(measurements(demo_store)) == 1
    assert not at.error


def test_correction_and_withdrawal_keep_a_visible_history(demo_store):
    at = open_as("pages/entry.py", account(demo_store, "staff1", "staff"), experimentation="kunagi")
    at.selectbox(key="m_indicator").select("SOC-JOBS").run()
    at.date_input(key="m_period").set_value("2024-03-01")
    at.text_input(key="m_value").input("5")
    at.button(key=SAVE).click().run()
    first = measurements(demo_store)[0]
    at.selectbox(key="c_target").set_value(first.id).run()
    at.text_input(key=f"c_value_{first.id}").input("6")
    at.button(key="FormSubmitter:correct_form-Enregistrer la correction").click().run()
    assert_no_exception(at)
    assert any("Correction enregistrée" in s.value for s in at.success)
    second = measurements(demo_store)[1]
    at.selectbox(key="c_target").set_value(second.id).run()
    history = at.dataframe[0].value
    assert list(history["Valeur"]) == ["5", "6"] and list(history["État"]) == ["remplacée", "en vigueur"]
    at.text_input(key=f"r_reason_{second.id}").input("mauvaise période")
    at.button(key="FormSubmitter:retract_form-Retirer cette mesure").click().run()
    assert_no_exception(at)
    assert [m.state for m in measurements(demo_store)] == ["superseded", "retracted"]
    assert measurements(demo_store)[1].retracted_reason == "mauvaise période"


def test_agents_do_not_get_the_assessment_form_staff_do_with_the_seed_labels(demo_store):
    agent = open_as("pages/entry.py", account(demo_store, "agent.sceaux", "agent", "92071"))
    assert [t.label for t in agent.tabs] == ["Nouvelle mesure", "Corriger ou retirer", "Import d'un fichier"]
    at = open_as("pages/entry.py", account(demo_store, "staff1", "staff"), experimentation="kunagi")
    assert at.tabs[-1].label == "Évaluation de réplicabilité"
    deployment = at.radio(key="a_deployment")
    assert deployment.label == "Expérimentation déployée" and "1 · Terrain validé" in deployment.options
    at.radio(key="a_deployment").set_value(2)
    at.radio(key="a_commercial_traction").set_value(1)
    at.button(key="FormSubmitter:assess_form-Enregistrer l'évaluation").click().run()
    assert_no_exception(at)
    assert any("indice 3 sur 15" in s.value for s in at.success)
    with Session(demo_store) as session:
        saved = session.exec(select(Assessment).where(Assessment.is_demo.is_(False))).one()
    assert (saved.deployment, saved.commercial_traction, saved.assessor) == (2, 1, "staff1")


def test_import_reports_each_problem_and_writes_nothing_then_imports_a_good_file(demo_store):
    at = open_as("pages/entry.py", account(demo_store, "staff1", "staff"))
    bad = "experimentation;indicateur;debut_periode;valeur\r\nkunagi;SOC-JOBS;01/03/2024;douze\r\n".encode("cp1252")
    at.file_uploader(key="i_file").upload("mesures.csv", bad, "text/csv")
    at.button(key="FormSubmitter:import_form-Vérifier et importer").click().run()
    assert_no_exception(at)
    assert "Rien n'a été enregistré" in at.error[0].value
    report = at.dataframe[-1].value
    assert report.iloc[0].tolist() == [2, "valeur", "douze", "« douze » n'est pas un nombre (exemple : 12,5)."]
    assert measurements(demo_store) == []
    good = "experimentation;indicateur;debut_periode;valeur\r\nkunagi;SOC-JOBS;01/03/2024;12\r\n".encode("cp1252")
    at.file_uploader(key="i_file").clear().upload("mesures.csv", good, "text/csv")
    at.button(key="FormSubmitter:import_form-Vérifier et importer").click().run()
    assert "1 mesure(s) importée(s)." in at.success[0].value
    assert len(measurements(demo_store)) == 1
    assert [b.label for b in at.download_button] == ["Télécharger (CSV)", "Télécharger (Excel)"] * 2 + [
        "Modèle CSV", "Modèle Excel (avec la liste des codes)"]  # history and measurements tables (guarded), then the templates


def test_viewer_accounts_are_read_only_and_the_page_speaks_english(record_store):
    at = open_as("pages/entry.py", account(record_store, "viewer1", "viewer"), lang="en")
    assert_no_exception(at)
    assert at.title[0].value == "Data entry" and "read-only" in at.info[0].value


def test_sign_in_can_be_required_for_everything(demo_store, monkeypatch):
    monkeypatch.setenv("QMI_REQUIRE_LOGIN", "1")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert_no_exception(at)
    assert "réservé aux comptes du programme" in at.info[0].value
    assert not at.header  # the home page's content is not drawn
    users.add_user(demo_store, "viewer1", PASSWORD, "viewer")
    at.text_input(key="auth_username").input("viewer1")
    at.text_input(key="auth_password").input(PASSWORD)
    at.button(key="FormSubmitter:auth_form-Se connecter").click().run()
    assert at.header and at.header[0].value == "Le programme en chiffres"


def test_wrong_password_is_refused_in_the_sidebar(demo_store):
    users.add_user(demo_store, "staff1", PASSWORD, "staff")
    at = open_as("pages/entry.py")
    at.text_input(key="auth_username").input("staff1")
    at.text_input(key="auth_password").input("pas le bon")
    at.button(key="FormSubmitter:auth_form-Se connecter").click().run()
    assert "Identifiant ou mot de passe incorrect." in [e.value for e in at.error]
    assert "Connectez-vous" in at.info[0].value
