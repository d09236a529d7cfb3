from tests.pages.conftest import assert_no_exception, open_page


def texts(at) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info])


def test_themes_shows_challenges_and_published_shares_beside_computed_ones(demo_store):
    at = open_page("pages/themes.py")
    assert_no_exception(at)
    assert [h.value for h in at.header] == ["Défis urbains par commune", "Parts publiées et parts calculées"]
    assert len(at.get("plotly_chart")) == 3
    page = texts(at)
    assert "qmi-proposed" in page and "Classement proposé" in page  # the caveat is visible
    assert "29 expérimentations de la 1re édition" in page
    table = at.dataframe[0].value
    row = table[table["Défi urbain"] == "Économie circulaire"].iloc[0]
    assert row["Publié (projets)"] == "23\u00a0%" and row["Publié (candidatures)"] == "15\u00a0%"
    assert row["Calculé (base)"] == "17\u00a0%"  # 5 of 29, mostly a proposed classification
    mobility = table[table["Défi urbain"] == "Flux, mobilités et logistique"].iloc[0]
    assert mobility["Publié (projets)"] == "20\u00a0%"
    assert "Bilan de la 1re édition du programme" in page and "doc. 004" in page


def test_edition_filter_goes_into_the_url_and_edition_2_says_its_experiments_are_not_public(record_store):
    # (the public record: the demo set has one illustrative edition-2 experiment, its demo transfer's)
    at = open_page("pages/themes.py")
    at.radio[0].set_value(2).run()
    assert_no_exception(at)
    assert at.query_params["edition"] == "2"
    assert "ne figurent pas dans les documents publics" in texts(at)
    assert len(at.get("plotly_chart")) == 1  # only the shares comparison is left


def test_themes_opened_from_a_link_with_an_edition(record_store):
    at = open_page("pages/themes.py", edition="1", lang="en")
    assert_no_exception(at)
    assert at.radio[0].value == 1
    assert at.header[0].value == "Urban challenges by municipality"


def test_an_experiment_staff_entered_for_edition_2_is_counted_and_cited_by_its_own_source(record_store):
    from qmi.services import catalogue
    from tests.pages.conftest import account

    staff = account(record_store, "staff1", "staff")
    catalogue.create_project(record_store, staff, {
        "name": "Ombrières", "organisation": "Ombre & Cie", "commune_insee": "95018", "edition_id": 2,
        "challenge_code": "adaptation-climat", "source": "Convention QMI Argenteuil, annexe 2"})
    at = open_page("pages/themes.py", edition="2")
    assert_no_exception(at)
    page = texts(at)
    assert "ne figurent pas dans les documents publics" not in page  # edition 2 has one now
    assert "Expérimentations : Convention QMI Argenteuil, annexe 2." in page  # not the edition-1 catalogue
    everything = texts(open_page("pages/themes.py"))
    assert "ne figurent pas dans les documents publics" not in everything
