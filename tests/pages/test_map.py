import json
from datetime import date

from tests.pages.conftest import assert_no_exception, open_page


def map_script(at) -> str:
    """The Leaflet script st_folium sends to the browser (legend, labels and shapes are in it)."""
    (component,) = at.get("component_instance")
    return json.loads(component.proto.json_args)["script"]


def js(text: str) -> str:
    """``text`` as it appears inside a JavaScript string of the script (non-ASCII as \\uXXXX)."""
    return json.dumps(text)[1:-1]


def test_map_page_draws_the_communes_with_a_legend(demo_store):
    at = open_page("pages/map.py")
    assert_no_exception(at)
    assert at.title[0].value == "Carte des communes QMI"
    script = map_script(at)
    assert js("Communes QMI par édition") in script and "Noisy-le-Grand" in script
    links = [link.proto.label for link in at.get("page_link")]
    assert len(links) == 10 and "Sceaux — édition 1" in links


def test_changing_the_colouring_changes_the_legend_and_the_link(demo_store):
    at = open_page("pages/map.py")
    # edition colouring: the record's communes, and the demo transfer's experiment in Argenteuil, marked
    assert [w.value for w in at.warning] == [] or all("illustratives" in w.value for w in at.warning)
    at.radio[0].set_value("replicability").run()
    assert_no_exception(at)
    script = map_script(at)
    assert js("Indice de réplicabilité moyen (sur 15)") in script
    assert "Communes QMI par" not in script
    assert at.query_params["couleur"] == "replicability"
    assert at.warning  # demo scores are marked


def test_colouring_from_the_link_in_english(demo_store):
    at = open_page("pages/map.py", couleur="deployment", lang="en")
    assert_no_exception(at)
    assert at.radio[0].value == "deployment"
    assert "Share of experiments deployed" in map_script(at)


def test_the_deployment_rate_is_read_at_the_day_of_the_link_and_today_without_one(demo_store):
    at = open_page("pages/map.py", couleur="deployment", au="2024-06-01")
    assert_no_exception(at)
    assert at.date_input[0].value == date(2024, 6, 1)
    assert any("Taux de déploiement au 1er juin 2024" in c.value for c in at.caption)
    at.date_input[0].set_value(date(2023, 1, 1)).run()
    assert at.query_params["au"] == "2023-01-01"
    assert js("Pas de donnée") in map_script(at)  # no status was known yet
    for broken in ("2024-02-30", "hier", "2099-01-01"):
        at = open_page("pages/map.py", au=broken)
        assert_no_exception(at)
        assert at.date_input[0].value == date.today() and "au" not in at.query_params


def test_map_page_without_demo_data(record_store):
    at = open_page("pages/map.py", couleur="replicability")
    assert_no_exception(at)
    script = map_script(at)
    assert js("Pas de donnée") in script  # no assessment in the public record: every programme commune says so
    assert not at.warning


def test_many_programme_communes_get_a_searchable_list_instead_of_a_link_each(demo_store):
    from sqlmodel import select

    from qmi.db import write_session
    from qmi.models import Commune

    with write_session(demo_store) as session:
        for commune in session.exec(select(Commune).where(Commune.edition_id.is_(None)).limit(30)).all():
            commune.edition_id = 2
    at = open_page("pages/map.py")
    assert_no_exception(at)
    assert not at.get("page_link")  # not 40 links in a row
    picker = at.selectbox[0]
    assert picker.label == "Ouvrir le portefeuille d'une commune" and len(picker.options) == 40
    picker.select("92071").run()
    assert [link.proto.label for link in at.get("page_link")] == ["Sceaux — édition 1"]
