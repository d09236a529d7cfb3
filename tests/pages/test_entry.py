"""The Saisie page: sign in, enter, correct, withdraw, assess, import — through the widgets."""

from __future__ import annotations

import html

import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from qmi.config import ROOT
from qmi.models import Assessment, Measurement, Project
from qmi.services import users
from tests.pages.conftest import account, assert_no_exception, open_as

PASSWORD = "un mot de passe assez long"
SAVE = "m_save"
CORRECT = "c_save"
RETRACT = "r_save"
IMPORT = "i_run"
HOSTILE = "<img src=x onerror=alert(1)>"


pytestmark = pytest.mark.usefixtures("light_hashing")






def pick(at, code: str, library: bool = True) -> None:
    """Choose an indicator as a person does: from the whole library (``library``) or the protocol's."""
    if library:
        at.toggle(key="m_protocol_only").set_value(False).run()
    at.selectbox(key="m_indicator").select(code).run()


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
    pick(at, "SOC-JOBS")
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
    pick(at, "USR-SATISF", library=False)
    at.date_input(key="m_period").set_value("2024-03-01")
    at.text_input(key="m_value").input("7,5")
    at.button(key=SAVE).click().run()
    assert_no_exception(at)
    assert [e.value for e in at.error] == ["La note doit être comprise entre 1 et 5."]  # beside the field, once
    assert measurements(demo_store) == []


def test_double_submit_writes_once(demo_store):
    at = open_as("pages/entry.py", account(demo_store, "staff1", "staff"), experimentation="kunagi")
    pick(at, "SOC-JOBS")
    at.date_input(key="m_period").set_value("2024-03-01")
    at.text_input(key="m_value").input("5")
    at.button(key=SAVE).click().run()
    at.text_input(key="m_value").input("5")  # the same submission sent again (double click)
    at.button(key=SAVE).click().run()
    at.run()  # and a plain rerun
    assert_no_exception(at)
    assert len(measurements(demo_store)) == 1
    assert not at.error


def enter(at, code: str, value: str, period: str = "2024-03-01") -> None:
    pick(at, code)
    at.date_input(key="m_period").set_value(period)
    at.text_input(key="m_value").input(value)
    at.button(key=SAVE).click().run()


def test_correction_and_withdrawal_keep_a_visible_history(demo_store):
    at = open_as("pages/entry.py", account(demo_store, "staff1", "staff"), experimentation="kunagi")
    enter(at, "SOC-JOBS", "5")
    first = measurements(demo_store)[0]
    at.selectbox(key="c_target").set_value(first.id).run()
    at.text_input(key=f"c_value_{first.id}").input("6").run()
    at.button(key=CORRECT).click().run()
    assert_no_exception(at)
    # Its first version was still waiting for review: so is the correction, and the agent is told.
    assert [s.value for s in at.success] == ["Correction enregistrée : elle attend sa validation par une seconde personne ; "
                                             "l'ancienne valeur reste dans l'historique."]
    second = measurements(demo_store)[1]
    history = at.table[0].value
    assert list(history["Valeur"]) == ["~~5 emplois~~", "6 emplois"]
    assert history["État"][0].startswith("remplacée par 6 emplois (") and history["État"][1] == "**en vigueur**"
    at.text_input(key=f"r_reason_{second.id}").input("mauvaise période").run()
    at.button(key=RETRACT).click().run()
    assert_no_exception(at)
    assert [m.state for m in measurements(demo_store)] == ["superseded", "retracted"]
    assert measurements(demo_store)[1].retracted_reason == "mauvaise période"
    assert at.table[0].value["État"][1] == "retirée : mauvaise période"


def test_after_a_correction_the_form_stays_on_the_corrected_value(demo_store):
    """Mube follows a maintenance time and a cooling: correcting the first keeps the page on it."""
    at = open_as("pages/entry.py", account(demo_store, "agent.sceaux", "agent", "92071"), experimentation="mube")
    with Session(demo_store) as session:
        mube = session.exec(select(Project).where(Project.slug == "mube")).one()
        old = session.exec(select(Measurement).where(Measurement.project_id == mube.id, Measurement.state == "active",
                                                     Measurement.indicator_code == "EFF-MAINTENANCE")
                           .order_by(Measurement.period_start)).first()
    at.selectbox(key="c_target").set_value(old.id).run()
    at.text_input(key=f"c_value_{old.id}").input("3,5").run()
    at.button(key=CORRECT).click().run()
    assert_no_exception(at)
    with Session(demo_store) as session:
        new = session.exec(select(Measurement).where(Measurement.supersedes_id == old.id)).one()
    target = at.selectbox(key="c_target")
    assert target.value == new.id and target.label == "Mesure à corriger ou retirer"
    assert at.text_input(key=f"c_value_{new.id}").value == "3,5"
    assert at.selectbox(key="c_target").format_func(new.id).startswith("Temps d'entretien par mois — ")
    at.text_input(key=f"r_reason_{new.id}").input("relevé en double").run()
    at.button(key=RETRACT).click().run()  # withdrawn: the page stays on it and shows its withdrawal
    assert at.selectbox(key="c_target").value == new.id
    assert CORRECT not in [b.key for b in at.button]  # a withdrawn value is not corrected: its history is shown
    assert [s.value for s in at.success] == ["Mesure retirée (elle reste visible dans l'historique)."]
    assert list(at.table[0].value["État"])[-1] == "retirée : relevé en double"


def enter_then_correct(at, store) -> None:
    """Enter 5 for SOC-JOBS, then correct it to 6 as a person does."""
    enter(at, "SOC-JOBS", "5")
    target = measurements(store)[0].id
    at.selectbox(key="c_target").set_value(target).run()
    at.text_input(key=f"c_value_{target}").input("6").run()
    at.button(key=CORRECT).click().run()


def test_one_message_at_a_time_and_it_clears_when_the_field_is_fixed(demo_store):
    at = open_as("pages/entry.py", account(demo_store, "staff1", "staff"), experimentation="kunagi")
    enter_then_correct(at, demo_store)
    assert len(at.success) == 1
    corrected = measurements(demo_store)[1].id
    at.button(key=RETRACT).click().run()  # no reason given
    assert_no_exception(at)
    assert [e.value for e in at.error] == ["Ce champ est obligatoire."] and not at.success  # the stale green one gone
    at.text_input(key=f"r_reason_{corrected}").input("erreur de saisie").run()  # fixed, not yet sent
    assert not at.error and not at.success
    enter(at, "SOC-JOBS", "douze", "2024-04-01")
    assert [e.value for e in at.error] == ["« douze » n'est pas un nombre (exemple : 12,5)."]
    at.text_input(key="m_value").input("12").run()
    assert not at.error
    at.button(key=SAVE).click().run()
    assert [s.value.split(" :")[0] for s in at.success] == ["Mesure enregistrée"]
    at.text_input(key="m_source").input("relevé").run()  # the next edit: the success has done its job
    assert not at.success


def test_the_indicator_picker_offers_the_protocol_and_can_show_the_library(demo_store):
    at = open_as("pages/entry.py", account(demo_store, "agent.sceaux", "agent", "92071"), experimentation="kunagi")
    protocol = ["Habitants associés à la conception (personnes) — ★ protocole", "Usagers touchés (personnes) — ★ protocole",
                "Satisfaction des usagers (note sur 5) — ★ protocole",
                "Usagers ayant répondu à l'enquête (répondants) — ★ protocole"]
    toggle = at.toggle(key="m_protocol_only")
    assert toggle.value is True and toggle.label == "Seulement les indicateurs du protocole"
    assert at.selectbox(key="m_indicator").options == protocol
    at.toggle(key="m_protocol_only").set_value(False).run()
    options = at.selectbox(key="m_indicator").options
    assert len(options) == 89 and options[:4] == protocol


def test_the_measurement_table_shows_current_values_and_the_history_on_demand(demo_store):
    at = open_as("pages/entry.py", account(demo_store, "staff1", "staff"), experimentation="kunagi")
    enter_then_correct(at, demo_store)
    table = at.table[-1].value
    assert list(table.columns) == ["Indicateur", "Période", "Valeur", "État"]
    mine = table[table["Indicateur"] == "Emplois d'insertion créés"]
    assert list(mine["Valeur"]) == ["6 emplois"]  # the corrected version is not listed as a second value
    at.toggle(key="c_show_history").set_value(True).run()
    table = at.table[-1].value
    mine = table[table["Indicateur"] == "Emplois d'insertion créés"]
    assert sorted(mine["Valeur"]) == ["6 emplois", "~~5 emplois~~"]


def test_agents_do_not_get_the_assessment_form_staff_do_with_the_seed_labels(demo_store):
    agent = open_as("pages/entry.py", account(demo_store, "agent.sceaux", "agent", "92071"))
    assert [t.label for t in agent.tabs] == ["Nouvelle mesure", "Corriger ou retirer", "Importer"]
    at = open_as("pages/entry.py", account(demo_store, "staff1", "staff"), experimentation="kunagi")
    assert at.tabs[-1].label == "Évaluation de réplicabilité"
    with Session(demo_store) as session:
        kunagi = session.exec(select(Project.id).where(Project.slug == "kunagi")).one()
    deployment = at.radio(key=f"a{kunagi}_0_deployment")  # the « Nouvelle évaluation » form
    assert deployment.label == "Expérimentation déployée" and "1 · Terrain validé" in deployment.options
    at.radio(key=f"a{kunagi}_0_deployment").set_value(2)
    at.radio(key=f"a{kunagi}_0_commercial_traction").set_value(1)
    for code in ("industrialisation", "operational_ease", "financial_stability"):  # none is preselected
        at.radio(key=f"a{kunagi}_0_{code}").set_value(0)
    at.button(key="FormSubmitter:assess_form_0-Soumettre mes notes").click().run()
    assert_no_exception(at)
    assert any("indice de l'évaluation 3 sur 15 (un seul évaluateur)" in s.value for s in at.success)
    with Session(demo_store) as session:
        saved = session.exec(select(Assessment).where(Assessment.is_demo.is_(False))).one()
    assert (saved.deployment, saved.commercial_traction, saved.assessor) == (2, 1, "staff1")


def test_import_reports_each_problem_and_writes_nothing_then_imports_a_good_file(demo_store):
    at = open_as("pages/entry.py", account(demo_store, "staff1", "staff"))
    bad = "experimentation;indicateur;debut_periode;valeur\r\nkunagi;SOC-JOBS;01/03/2024;douze\r\n".encode("cp1252")
    at.file_uploader(key="i_file").upload("mesures.csv", bad, "text/csv")
    at.button(key="i_run").click().run()
    assert_no_exception(at)
    assert "Rien n'a été enregistré" in at.error[0].value
    report = at.table[-1].value.map(html.unescape)  # st.table reads Markdown: the cells are escaped
    assert report.iloc[0].tolist() == ["2", "valeur", "douze", "« douze » n'est pas un nombre (exemple : 12,5)."]
    assert measurements(demo_store) == []
    good = "experimentation;indicateur;debut_periode;valeur\r\nkunagi;SOC-JOBS;01/03/2024;12\r\n".encode("cp1252")
    at.file_uploader(key="i_file").clear().upload("mesures.csv", good, "text/csv")
    at.button(key="i_run").click().run()
    assert [s.value for s in at.success] == ["1 mesure importée."]
    assert len(measurements(demo_store)) == 1
    assert [b.label for b in at.download_button] == ["Télécharger (CSV)", "Télécharger (Excel)"] * 2 + [
        "Modèle CSV", "Modèle Excel"]  # history and measurements tables (guarded), then the templates


FRENCH_CSV = ("Expérimentation;Indicateur;Début de période;Valeur (personnes);Commentaire\r\n"
              "Kunagi;Usagers touchés;sept-25;120;enquête\r\nkunagi;soc-users;10/2025;130;\r\n"
              "kunagi;Satisfaction des usagers;;;\r\n")  # the template's row left unfilled


def test_an_agent_imports_french_headers_and_names_and_reads_real_plurals(demo_store):
    at = open_as("pages/entry.py", account(demo_store, "agent.sceaux", "agent", "92071"), experimentation="kunagi")
    lead = next(m.value for m in at.markdown if "Début de période" in m.value)
    assert "`kunagi`" in lead and "`SOC-CONSULTED`" in lead and "pelican" not in lead  # the agent's own experiment
    at.file_uploader(key="i_file").upload("mesures.csv", FRENCH_CSV.encode("utf-8"), "text/csv")
    at.button(key=IMPORT).click().run()
    assert_no_exception(at)
    assert [s.value for s in at.success] == [
        "2 mesures importées. 1 ligne du modèle laissée sans période ni valeur a été ignorée."]
    assert [(m.indicator_code, m.period_start.isoformat(), m.value) for m in measurements(demo_store)] == [
        ("SOC-USERS", "2025-09-01", 120), ("SOC-USERS", "2025-10-01", 130)]


def test_the_import_report_speaks_english_with_english_plurals(demo_store):
    at = open_as("pages/entry.py", account(demo_store, "staff1", "staff"), experimentation="kunagi", lang="en")
    bad = "Experiment;Indicator;Period start;Value\r\nkunagi;Satisfaction;2024-03-01;4\r\nkunagi;SOC-JOBS;2024-03-01;x\r\n"
    at.file_uploader(key="i_file").upload("m.csv", bad.encode(), "text/csv")
    at.button(key=IMPORT).click().run()
    assert at.error[0].value.startswith("Import refused: 2 problems.")
    report = at.table[-1].value.map(html.unescape)
    assert list(report.columns) == ["Row", "Column", "Value", "Problem"]
    assert report.iloc[0]["Problem"].startswith("“Satisfaction” may mean several indicators: “")


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
