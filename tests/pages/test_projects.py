import html

from streamlit.testing.v1 import AppTest

from qmi.config import ROOT
from tests.pages.conftest import assert_no_exception, open_page, page_tables


def page_text(at) -> str:
    """What the page's texts read as (the character references of typed texts drawn as typed, decoded)."""
    return html.unescape(" ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
                    + [w.value for w in at.warning] + [t.value for t in at.title] + [h.value for h in at.header]
                    + [s.value for s in at.subheader]))


def card_links(at) -> set[str]:
    return {link.proto.query_string for link in at.get("page_link")}


def test_catalogue_lists_every_experiment_with_markers(demo_store):
    at = open_page("pages/projects.py")
    assert_no_exception(at)
    text = page_text(at)
    assert "30 expérimentations sur 30" in text
    assert "Pelican" in text and "Atelier de réemploi de baskets" in text
    assert "qmi-proposed" in text and "Classement proposé" in text and "qmi-demo" in text
    assert at.warning  # demo notice: statuses and indices are illustrative
    assert "experimentation=pelican" in card_links(at)
    assert not at.dataframe  # the table is drawn only when asked for
    at.radio(key="projects_view").set_value("tableau").run()
    assert at.query_params["vue"] == "tableau"
    table = at.dataframe[0].value
    assert len(table) == 30 and "/experimentations?experimentation=pelican" in set(table["Fiche"])
    assert not card_links(at)


def record_links(at) -> list[str]:
    return [q for q in (link.proto.query_string for link in at.get("page_link")) if q.startswith("experimentation=")]


def test_cards_come_24_per_page_with_the_page_in_the_url_and_every_row_in_the_table(demo_store):
    at = open_page("pages/projects.py")
    assert_no_exception(at)
    assert len(record_links(at)) == 24 and "Page 1 sur 2" in page_text(at)
    assert at.button(key="projects_page_previous").disabled and "page" not in at.query_params
    first = set(record_links(at))
    at.button(key="projects_page_next").click().run()
    assert_no_exception(at)
    assert at.query_params["page"] == "2" and "Page 2 sur 2" in page_text(at)
    assert len(record_links(at)) == 6 and not first & set(record_links(at))  # the 30 cards, none twice
    assert at.button(key="projects_page_next").disabled
    at.button(key="projects_page_previous").click().run()
    assert set(record_links(at)) == first and "page" not in at.query_params
    at.radio(key="projects_view").set_value("tableau").run()
    assert len(at.dataframe[0].value) == 30  # the table keeps the full list


def open_card_page(number: str) -> AppTest:
    """The catalogue opened from a link carrying ``page=`` (a name open_page keeps for the page file)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["page"] = number
    at.switch_page("pages/projects.py")
    return at.run()


def test_a_shared_page_number_is_opened_and_a_filter_goes_back_to_page_one(demo_store):
    at = open_card_page("2")
    assert_no_exception(at)
    assert "Page 2 sur 2" in page_text(at) and len(record_links(at)) == 6
    at.selectbox(key="projects_edition").set_value(1).run()
    assert_no_exception(at)
    assert "page" not in at.query_params and at.query_params["edition"] == "1"
    assert "Page 2 sur" not in page_text(at)


def test_a_page_number_out_of_range_shows_the_first_page(demo_store):
    at = open_card_page("99")
    assert_no_exception(at)
    assert "Page 1 sur 2" in page_text(at) and len(record_links(at)) == 24 and "page" not in at.query_params


def test_choosing_a_commune_filters_the_catalogue_and_goes_to_the_url(demo_store):
    at = open_page("pages/projects.py")
    at.selectbox(key="projects_commune").set_value("92071").run()
    assert_no_exception(at)
    assert at.query_params["commune"] == "92071"
    text = page_text(at)
    assert "6 expérimentations sur 30" in text and "Kunagi" in text and "Pelican" not in text


def test_filters_are_read_from_a_shared_link_and_can_be_cleared(demo_store):
    at = open_page("pages/projects.py", commune="92048", famille="mobilites")
    assert_no_exception(at)
    assert "3 expérimentations sur 30" in page_text(at)
    assert {"experimentation=pelican", "experimentation=umotion", "experimentation=up-and-charge"} <= card_links(at)
    at.button(key="projects_clear").click().run()
    assert_no_exception(at)
    assert "30 expérimentations sur 30" in page_text(at)
    assert "commune" not in at.query_params and "famille" not in at.query_params


def test_free_text_search_and_no_match_message(record_store):
    at = open_page("pages/projects.py")
    at.text_input(key="projects_q").set_value("cimetière").run()
    assert_no_exception(at)
    assert "1 expérimentation sur 29" in page_text(at) and at.query_params["q"] == "cimetière"
    at.text_input(key="projects_q").set_value("zzz-introuvable").run()
    assert "Aucune expérimentation ne correspond" in page_text(at)


def test_status_filter_from_the_record(record_store):
    at = open_page("pages/projects.py", statut="3")
    assert_no_exception(at)
    text = page_text(at)
    assert "3 expérimentations sur 29" in text and "Wintics Cityvision" in text
    assert not at.warning  # these statuses come from seed 004, nothing illustrative is drawn


def test_record_of_pelican_shows_sources_radar_history_and_indicators(demo_store):
    at = open_page("pages/projects.py", experimentation="pelican")
    assert_no_exception(at)
    text = page_text(at)
    assert at.title[0].value == "Pelican" and "Pelican Cycle" in text
    assert "3 · Test réussi" in text
    assert "Source du statut : Bilan de la 1re édition" in text and "doc. 004) (« testé et approuvé" in text
    assert "Défi cité par la source : Communiqué de la Métropole, 23 octobre 2023 (doc. 003)" in text and "Classement proposé" not in text
    assert "Cimetière de Trivaux" in text
    levels = page_tables(at)[0]
    assert list(levels.iloc[:, 0])[0] == "Expérimentation déployée" and "Test réussi" in set(levels.iloc[:, 2])
    assert "qmi-demo" in text and at.warning  # the assessment is illustrative
    assert len(at.get("plotly_chart")) >= 4  # radar, index history, two or more indicators
    assert {"commune=92048", "indicateur=MOB-CARGO-KM"} <= card_links(at)


def test_record_marks_a_proposed_challenge_and_a_location_note(record_store):
    at = open_page("pages/projects.py", experimentation="atelier-baskets-pinces-a-linge")
    assert_no_exception(at)
    text = page_text(at)
    assert "Classement proposé" in text and "ce classement est une proposition" in text
    assert "Commune d'expérimentation non précisée par les sources" in text
    assert "Hors catalogue par famille" in text
    assert "n'a pas encore été évaluée" in text and "Aucune mesure" in text
    assert not at.get("plotly_chart") and not at.warning


def test_unknown_experiment_says_so_without_drawing_url_markup(record_store):
    at = open_page("pages/projects.py", experimentation="nexiste-pas](http://example.org)")
    assert_no_exception(at)
    assert "« nexiste-pashttpexampleorg »" in at.warning[0].value


def test_catalogue_in_english(demo_store):
    at = open_page("pages/projects.py", lang="en", commune="93051")
    assert_no_exception(at)
    text = page_text(at)
    assert at.title[0].value == "Experiments" and "9 experiments out of 30" in text
    assert "Proposed classification" in text and "Index: <b>" in text


def test_a_shared_link_opens_the_table_view(demo_store):
    at = open_page("pages/projects.py", vue="tableau", edition="1")
    assert_no_exception(at)
    assert at.radio(key="projects_view").value == "tableau"
    assert len(at.dataframe[0].value) == 29
