"""AppTest of the Indicateurs page: library, one indicator across experiments, protocols and their editor."""

import html

from sqlmodel import Session, select

from qmi.models import Project, ProtocolIndicator
from qmi.services import auth, users
from qmi.ui.auth import IDENTITY
from tests.pages.conftest import assert_no_exception, assert_no_file_name, open_page

PASSWORD = "a long enough password"


def library_codes(at) -> list[str]:
    return list(at.dataframe[0].value["Code"])


def test_the_library_lists_every_indicator_and_says_it_is_the_projects_proposal(demo_store):
    at = open_page("pages/indicators.py")
    assert_no_exception(at)
    assert at.title[0].value == "Indicateurs d'évaluation"
    assert "proposition du projet" in " ".join(i.value for i in at.info)
    codes = library_codes(at)
    assert len(codes) >= 60 and "ENV-COOL" in codes
    assert at.warning  # usage counts come from illustrative protocols


def test_search_and_category_filter_the_list_and_go_into_the_url(demo_store):
    at = open_page("pages/indicators.py")
    at.text_input(key="indicators_q").input("pluie").run()
    assert_no_exception(at)
    codes = library_codes(at)
    assert "ENV-RAINWATER" in codes and "SOC-JOBS" not in codes
    assert at.query_params["q"] == "pluie"
    at.text_input(key="indicators_q").input("").run()
    at.selectbox(key="indicators_category").set_value("retours-usagers").run()
    codes = library_codes(at)
    assert codes and all(code.startswith("USR-") for code in codes)
    assert at.query_params["categorie"] == "retours-usagers"


def test_a_shared_link_opens_the_filtered_library(demo_store):
    at = open_page("pages/indicators.py", q="energie", categorie="environnement")
    assert_no_exception(at)
    codes = library_codes(at)
    assert "ENV-ENERGY" in codes and "MOB-CHARGE-ENERGY" not in codes  # accents ignored, other category out


def test_one_indicator_shows_its_definition_and_the_comparison_across_experiments(demo_store):
    at = open_page("pages/indicators.py", indicateur="ENV-COOL")
    assert_no_exception(at)
    assert at.title[0].value == "Rafraîchissement mesuré sous l'installation"
    assert "Comparaison entre expérimentations" in [h.value for h in at.header]
    assert at.get("plotly_chart")
    compared = at.dataframe[0].value
    assert {"Source Urbaine", "Mube"} <= set(compared["Expérimentation"])
    assert compared["Illustratif"].all()
    assert at.warning  # demo notice


def test_unknown_indicator_is_said_plainly(demo_store):
    at = open_page("pages/indicators.py", indicateur="NOPE")
    assert_no_exception(at)
    assert "NOPE" in at.warning[0].value


def test_the_page_in_english(demo_store):
    at = open_page("pages/indicators.py", lang="en", indicateur="SOC-JOBS")
    assert_no_exception(at)
    assert at.title[0].value == "Integration jobs created"
    assert "Comparison across experiments" in [h.value for h in at.header]


def test_without_demo_data_the_page_still_works_and_shows_no_demo_marker(record_store):
    at = open_page("pages/indicators.py")
    assert_no_exception(at)
    assert not at.warning
    assert len(library_codes(at)) >= 60
    detail = open_page("pages/indicators.py", indicateur="ENV-COOL")
    assert_no_exception(detail)
    assert "Aucune expérimentation" in " ".join(i.value for i in detail.info)
    protocols = open_page("pages/indicators.py", vue="protocoles", experimentation="pelican")
    assert_no_exception(protocols)
    assert "Aucun protocole" in " ".join(i.value for i in protocols.info)


def test_protocols_show_progress_and_ask_visitors_to_sign_in(demo_store):
    at = open_page("pages/indicators.py", vue="protocoles", experimentation="atelier-baskets-pinces-a-linge")
    assert_no_exception(at)
    assert "Progression vers la cible" in [s.value for s in at.subheader]
    markdown = " ".join(m.value for m in at.markdown)
    assert "cible 8 emplois" in markdown  # the 8 CDI announced (seed 000)
    assert "(Ville de Sceaux, doc. 000)" in html.unescape(" ".join(c.value for c in at.caption))  # its source's title
    assert_no_file_name(at)
    assert at.get("progress")
    assert "Connectez-vous" in " ".join(i.value for i in at.info)
    assert not at.main.get("form")  # no entry form on the page (the sidebar has the sign-in form)


def test_staff_set_a_baseline_and_target_in_the_form_and_a_wrong_direction_is_refused(demo_store):
    users.add_user(demo_store, "staff.one", PASSWORD, "staff")
    at = open_page("pages/indicators.py", vue="protocoles", experimentation="pelican")
    at.session_state[IDENTITY] = auth.sign_in(demo_store, "staff.one", PASSWORD)
    at.run()
    at.selectbox(key="protocol_indicator_pelican").set_value("ENV-NOISE").run()
    at.text_input(key="protocol_baseline_pelican_ENV-NOISE").input("72")
    at.text_input(key="protocol_target_pelican_ENV-NOISE").input("65")
    next(b for b in at.button if b.label == "Enregistrer").click().run()
    assert_no_exception(at)
    with Session(demo_store) as session:
        pid = session.exec(select(Project.id).where(Project.slug == "pelican")).one()
        row = session.exec(select(ProtocolIndicator).where(ProtocolIndicator.project_id == pid,
                                                            ProtocolIndicator.indicator_code == "ENV-NOISE")).one()
    assert (row.baseline, row.target, row.is_demo) == (72, 65, False)
    assert "Protocole enregistré" in " ".join(s.value for s in at.success)
    at.text_input(key="protocol_target_pelican_ENV-NOISE").input("80")  # noise: lower is better
    next(b for b in at.button if b.label == "Enregistrer").click().run()
    assert "inférieure à la valeur de référence" in " ".join(e.value for e in at.error)


def test_each_experiment_record_shows_its_progress_towards_target(demo_store):
    at = open_page("pages/projects.py", experimentation="atelier-baskets-pinces-a-linge")
    assert_no_exception(at)
    assert "Progression vers la cible" in [h.value for h in at.header]
    assert "cible 8 emplois" in " ".join(m.value for m in at.markdown)
    assert at.get("progress")


def test_an_experiment_without_protocol_says_so(record_store):
    at = open_page("pages/projects.py", experimentation="pelican")
    assert_no_exception(at)
    assert "Aucun protocole d'évaluation" in " ".join(i.value for i in at.info)
