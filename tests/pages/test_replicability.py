import json

from qmi.bench.synthetic import Tier, generate
from tests.pages.conftest import assert_no_exception, open_page, page_tables


def page_text(at) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
                    + [h.value for h in at.header] + [s.value for s in at.subheader])


def test_default_view_profiles_the_best_ranked_and_explains_the_index(demo_store):
    at = open_page("pages/replicability.py")
    assert_no_exception(at)
    text = page_text(at)
    assert at.warning  # every score is illustrative today
    assert len(at.multiselect[0].value) == 1
    assert "Profil de réplicabilité" in text and "15 / 15" in text and "qmi-demo" in text
    assert "Classement par indice" in text and "Moyenne par commune" in text and "Moyenne par famille de solutions" in text
    assert "mais pas de formule" in text and "Bilan de la 1re édition" in text  # the source, named by its title
    scales = page_tables(at)[-1]
    assert list(scales.columns) == ["Critère", "0", "1", "2", "3"] and "Structure rentable" in set(scales["3"])
    assert len(at.get("plotly_chart")) == 4  # profile, ranking, two averages
    communes = page_tables(at)[1]
    # and Argenteuil, where the demo set's transfer of Pelican has its illustrative assessment
    assert set(communes.iloc[:, 0]) == {"Aulnay-sous-Bois", "Meudon", "Noisy-le-Grand", "Sceaux", "Argenteuil"}


def test_choosing_experiments_overlays_them_and_goes_to_the_url(demo_store):
    at = open_page("pages/replicability.py", experimentation="pelican")
    assert_no_exception(at)
    assert at.multiselect[0].value == ["pelican"] and "Pelican — Indice de réplicabilité" in page_text(at)
    at.multiselect[0].set_value(["pelican", "vytal", "kunagi"]).run()
    assert_no_exception(at)
    assert at.query_params["experimentation"] == ["pelican", "vytal", "kunagi"]  # repeated parameters
    assert "Comparaison des profils" in page_text(at)
    compared = page_tables(at)[0]
    assert list(compared.columns) == ["Critère", "Pelican", "Vytal", "Kunagi"]
    assert list(compared.iloc[-2:, 0]) == ["Indice de réplicabilité", "Calcul de l'indice"]


def test_public_record_alone_has_nothing_to_rank_but_still_explains(record_store):
    at = open_page("pages/replicability.py", experimentation="pelican")
    assert_no_exception(at)
    text = page_text(at)
    assert "Pelican n'a pas encore été évaluée" in text
    assert "Aucune évaluation de réplicabilité n'est enregistrée" in text
    assert "Comment lire l'indice ?" in text and not at.warning and not at.get("plotly_chart")


def test_replicability_in_english(demo_store):
    at = open_page("pages/replicability.py", lang="en", experimentation="pelican")
    assert_no_exception(at)
    text = page_text(at)
    assert "How to read the index" in text and "but no formula" in text
    assert "Experiment deployed" in set(page_tables(at)[0].iloc[:, 0])


def ranking_of(engine, monkeypatch, tier: Tier):
    """The page over a generated store where every experiment is assessed, and its bars in chart ``n``."""
    generate(engine, tier)
    monkeypatch.setenv("QMI_DATABASE_URL", str(engine.url))
    at = open_page("pages/replicability.py")
    assert_no_exception(at)
    return at, lambda n: sum(len(trace["y"]) for trace in json.loads(at.get("plotly_chart")[n].proto.spec)["data"])


def test_a_long_ranking_charts_the_top_thirty_and_tables_them_all(empty_engine, monkeypatch):
    at, bars = ranking_of(empty_engine, monkeypatch, Tier("tiny", communes=12, projects=36, measurements=400))
    assert "Le graphique montre les 30 premières sur 36" in page_text(at)
    assert bars(1) == 30  # the ranking
    assert not at.dataframe  # the ranking's table is built once its expander is opened
    at.session_state["ranking_table_open"] = True
    at.run()
    assert_no_exception(at)
    assert len(at.dataframe[0].value) == 36


def test_averages_of_many_communes_chart_the_top_thirty_and_list_them_all_in_a_data_grid(empty_engine, monkeypatch):
    at, bars = ranking_of(empty_engine, monkeypatch, Tier("wide", communes=110, projects=220, measurements=300))
    assert "Le graphique montre les 30 premières sur 110" in page_text(at)
    assert bars(2) == 30  # the averages by commune
    # 110 rows: a data grid, not an HTML table of 110 rows
    assert [len(grid.value) for grid in at.dataframe] == [110]  # the ranking's table waits for its expander
    families = page_tables(at)[1]  # a handful of families: still an HTML table, the first after the profile's
    assert len(families) < 30 and "Indice moyen" in families.columns
