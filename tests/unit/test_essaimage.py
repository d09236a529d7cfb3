"""Essaimage ranking on a small hand-built store, then on the demo and public-record stores."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from sqlmodel import select

from qmi.db import write_session
from qmi.domain.essaimage import COMPONENTS, Evidence, Recommendation, Weights, profile_similarity, shortlist_frame
from qmi.models import (
    Assessment,
    Commune,
    CommuneChallenge,
    Edition,
    Indicator,
    Project,
    ProtocolIndicator,
    UrbanChallenge,
)
from qmi.queries.essaimage import recommend
from tests.values import approved

HOME = "99001"  # the chosen commune
TWIN = "99002"  # same population and density as HOME
SMALL = "99003"  # ten times fewer inhabitants, ten times less dense

DEMO_MARK = "(donnée de démonstration)"


def _assessment(project_id: int, level: int, is_demo: bool = False, **scores: int) -> Assessment:
    values = dict(deployment=level, commercial_traction=level, industrialisation=level, operational_ease=level,
                  financial_stability=level) | scores
    return Assessment(project_id=project_id, assessed_on=date(2024, 12, 16), assessor="test", is_demo=is_demo, **values)


@pytest.fixture
def small_store(empty_engine):
    """Three communes, two declared challenges (one of them demo), six experiments."""
    with write_session(empty_engine) as s:
        s.add_all([Edition(id=1, name="Édition 1", year_start=2023, source="t"),
                   Edition(id=2, name="Édition 2", year_start=2024, source="t")])
        s.flush()
        s.add_all([
            UrbanChallenge(code="flux-mobilites", name="Flux, mobilités et logistique", position=3, source="003"),
            UrbanChallenge(code="adaptation-climat", name="Adaptation au changement climatique", position=2,
                           source="003"),
            UrbanChallenge(code="economie-circulaire", name="Économie circulaire", position=7, source="003"),
        ])
        s.add_all([
            Commune(insee_code=HOME, name="Villeneuve", departement="99", population=50000, area_km2=10,
                    edition_id=2, source="t"),
            Commune(insee_code=TWIN, name="Bourg-Jumeau", departement="99", population=50000, area_km2=10,
                    edition_id=1, source="t"),
            Commune(insee_code=SMALL, name="Petiteville", departement="99", population=5000, area_km2=10,
                    edition_id=1, source="t"),
        ])
        s.add(Indicator(code="SOC-USERS", name="Usagers touchés", category="social", unit="personnes",
                        value_type="count", source="t"))
        s.flush()
        s.add_all([
            CommuneChallenge(commune_insee=HOME, challenge_code="flux-mobilites", source="délibération"),
            CommuneChallenge(commune_insee=HOME, challenge_code="adaptation-climat", source="demo", is_demo=True),
        ])

        def project(slug: str, commune: str, challenge: str, level: int, abandoned: bool = False,
                    challenge_status: str = "source", status_is_demo: bool = False) -> Project:
            row = Project(slug=slug, name=slug.capitalize(), organisation=f"{slug} SAS", commune_insee=commune,
                          edition_id=1, challenge_code=challenge, challenge_status=challenge_status,
                          deployment_level=level, abandoned=abandoned, status_is_demo=status_is_demo, source="t")
            s.add(row)
            s.flush()
            return row

        own = project("own", HOME, "flux-mobilites", 3)
        alpha = project("alpha", TWIN, "flux-mobilites", 3)
        twin = project("zeta-abandoned", TWIN, "flux-mobilites", 3, abandoned=True)
        gamma = project("gamma", TWIN, "flux-mobilites", 1, challenge_status="proposed", status_is_demo=True)
        beta = project("beta", SMALL, "economie-circulaire", 3)
        delta = project("delta", SMALL, "adaptation-climat", 2)
        s.add_all([
            _assessment(own.id, 3), _assessment(alpha.id, 3), _assessment(twin.id, 3),
            _assessment(gamma.id, 1, is_demo=True), _assessment(beta.id, 3),
            _assessment(delta.id, 2, commercial_traction=0),
        ])
        # beta reached its target; delta is halfway
        s.add_all([
            ProtocolIndicator(project_id=beta.id, indicator_code="SOC-USERS", baseline=0, target=100),
            ProtocolIndicator(project_id=delta.id, indicator_code="SOC-USERS", baseline=0, target=100),
            approved(project_id=beta.id, indicator_code="SOC-USERS", period_start=date(2024, 1, 1), value=40),
            approved(project_id=beta.id, indicator_code="SOC-USERS", period_start=date(2024, 6, 1), value=120),
            approved(project_id=delta.id, indicator_code="SOC-USERS", period_start=date(2024, 6, 1), value=50),
        ])
    return empty_engine


def slugs(recommendations) -> list[str]:
    return [r.slug for r in recommendations]


def plain(text: str) -> str:
    """French formats use no-break spaces (50 000, 50 %); compare with plain ones."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


def test_default_weights_rank_the_shared_challenge_and_the_success_first(small_store):
    ranked = recommend(small_store, HOME)
    # alpha: shared challenge, 15/15, test réussi, same profile -> (3+2+2+1)/11 = 72.7 (no replication yet)
    # delta 65.6 (shared challenge, 8/15, test lancé, halfway to target), gamma 59.3 (shared challenge, weak),
    # beta 55.6 (strong, target reached, but no shared challenge and a tenfold smaller commune)
    assert slugs(ranked) == ["alpha", "delta", "gamma", "beta", "zeta-abandoned"]
    assert ranked[0].total == pytest.approx(100 * 8 / 11)
    assert ranked[0].components == {"challenge": 1.0, "replicability": 1.0, "status": 1.0, "profile": 1.0,
                                    "indicators": 0.0, "replication": 0.0}
    assert ranked[0].unknown == ("indicators", "replication")  # no evidence: counted as 0, and said so
    assert sum(ranked[0].points.values()) == pytest.approx(ranked[0].total)


def test_moving_the_weights_changes_the_order(small_store):
    results_first = Weights(challenge=0, replicability=0, status=0, profile=0, indicators=5)
    assert slugs(recommend(small_store, HOME, results_first))[:2] == ["beta", "delta"]
    no_challenge = Weights(challenge=0, replicability=5, status=2, profile=0, indicators=0)
    assert slugs(recommend(small_store, HOME, no_challenge))[:3] == ["alpha", "beta", "delta"]
    default = slugs(recommend(small_store, HOME))
    assert default.index("gamma") < default.index("beta")
    assert slugs(recommend(small_store, HOME, no_challenge)).index("gamma") > slugs(
        recommend(small_store, HOME, no_challenge)).index("beta")


def test_a_change_in_the_store_shows_in_the_next_ranking(small_store):
    before = recommend(small_store, HOME)
    assert slugs(before)[0] == "alpha"
    with write_session(small_store) as s:
        s.exec(select(Project).where(Project.slug == "alpha")).one().abandoned = True
    after = recommend(small_store, HOME)
    assert slugs(after)[0] == "delta"
    assert slugs(after)[-2:] == ["alpha", "zeta-abandoned"]
    assert after[-2].reason.startswith("Abandonnée à Bourg-Jumeau")


def test_all_weights_at_zero_give_alphabetical_order_with_abandoned_last(small_store):
    zero = Weights(0, 0, 0, 0, 0)
    assert slugs(recommend(small_store, HOME, zero)) == ["alpha", "beta", "delta", "gamma", "zeta-abandoned"]


def test_a_commune_never_gets_its_own_experiments(small_store):
    assert "own" not in slugs(recommend(small_store, HOME))
    for_twin = recommend(small_store, TWIN)
    assert {r.commune_insee for r in for_twin} == {HOME, SMALL}
    assert "own" in slugs(for_twin)


def test_an_abandoned_experiment_ranks_below_the_successful_one_with_the_same_profile(small_store):
    for weights in (Weights(), Weights(status=0), Weights(challenge=5, replicability=5, status=0, profile=5)):
        ranked = slugs(recommend(small_store, HOME, weights))
        assert ranked.index("zeta-abandoned") > ranked.index("alpha")
    abandoned = next(r for r in recommend(small_store, HOME) if r.slug == "zeta-abandoned")
    assert abandoned.components["status"] == 0
    assert abandoned.reason.startswith("Abandonnée à Bourg-Jumeau")


def test_the_reason_names_the_evidence_in_plain_french(small_store):
    alpha = recommend(small_store, HOME)[0]
    assert plain(alpha.reason).startswith(
        "Testée avec succès à Bourg-Jumeau, traction commerciale très forte, industrialisable, "
        "répond au défi « Flux, mobilités et logistique » déclaré par votre commune, "
        "commune de taille et de densité comparables (Bourg-Jumeau : 50 000 hab., 5 000 hab./km²)"
    )
    assert "démonstration" not in alpha.reason and "proposé" not in alpha.reason
    delta = next(r for r in recommend(small_store, HOME) if r.slug == "delta")
    assert "à surveiller : traction commerciale 0/3" in delta.reason
    assert "indicateurs mesurés : 50 % du chemin vers la cible en moyenne" in plain(delta.reason)


def test_reasons_mark_demo_evidence_and_proposed_classifications(small_store):
    ranked = {r.slug: r for r in recommend(small_store, HOME)}
    gamma = ranked["gamma"]  # demo status, demo assessment, proposed challenge
    assert gamma.reason.startswith(f"Terrain validé à Bourg-Jumeau {DEMO_MARK}")
    assert "« Flux, mobilités et logistique » déclaré par votre commune (classement proposé)" in gamma.reason
    assert gamma.uses_demo
    delta = ranked["delta"]  # the commune's declared « adaptation » is demo data
    assert f"« Adaptation au changement climatique » déclaré par votre commune {DEMO_MARK}" in delta.reason
    assert not ranked["alpha"].uses_demo


def test_reasons_in_english(small_store):
    alpha = recommend(small_store, HOME, lang="en")[0]
    assert alpha.reason.startswith("Successfully tested in Bourg-Jumeau, very strong commercial traction")
    assert "the “Flows, mobility and logistics” challenge your municipality declared" in alpha.reason
    gamma = next(r for r in recommend(small_store, HOME, lang="en") if r.slug == "gamma")
    assert "(demo data)" in gamma.reason and "(proposed classification)" in gamma.reason


def test_a_commune_that_declared_nothing_still_gets_a_ranking(small_store):
    ranked = recommend(small_store, SMALL)
    assert all(r.components["challenge"] == 0 for r in ranked)
    assert slugs(ranked)[0] == "alpha"  # same replicability and status as « own », ties broken by name


def test_profile_similarity_is_one_for_equals_and_zero_for_a_tenfold_gap():
    assert profile_similarity(50000, 5000, 50000, 5000) == 1
    assert profile_similarity(50000, 5000, 5000, 500) == pytest.approx(0)
    assert profile_similarity(50000, None, 50000, 500) == 1  # only what is known counts
    assert profile_similarity(None, None, 1, 1) is None


def test_weights_round_trip_through_the_url():
    weights = Weights(challenge=5, replicability=0, status=1, profile=2, indicators=4)
    assert Weights.from_param(weights.to_param()) == weights
    assert Weights.from_param("9,9") == Weights()
    assert Weights.from_param("3,2,x,1,1") == Weights()
    assert Weights.from_param("9,0,0,0,0") == replace(Weights(0, 0, 0, 0, 0), challenge=5)


def test_shortlist_export_keeps_the_order_the_reason_and_the_demo_flag(small_store):
    table = shortlist_frame("Villeneuve", recommend(small_store, HOME))
    assert list(table["Expérimentation"])[:2] == ["Alpha", "Delta"]
    assert list(table["Rang"]) == [1, 2, 3, 4, 5]
    assert list(table["Utilise des données de démonstration"])[:2] == ["non", "oui"]
    assert table.loc[0, "Pourquoi"].startswith("Testée avec succès")


def test_the_export_follows_the_ranking_it_is_given(small_store):
    default = shortlist_frame("Villeneuve", recommend(small_store, HOME))
    results_first = shortlist_frame("Villeneuve", recommend(small_store, HOME, Weights(0, 0, 0, 0, 5)))
    assert list(default["Expérimentation"])[:2] == ["Alpha", "Delta"]
    assert list(results_first["Expérimentation"])[:2] == ["Beta", "Delta"]
    assert list(shortlist_frame("Petiteville", recommend(small_store, HOME))["Commune destinataire"]) == ["Petiteville"] * 5


def test_candidates_sum_up_each_experiments_indicators(small_store):
    """Per experiment: indicators measured, reached, and the mean progress clipped to 0–1 (the naive mean)."""
    from qmi.domain.essaimage import _group_means
    from qmi.queries.essaimage import candidates

    table = candidates(small_store, HOME).set_index("slug")
    assert (table.loc["beta", "measured"], table.loc["beta", "reached"], table.loc["beta", "mean_progress"]) == (1, 1, 1.0)
    assert (table.loc["delta", "measured"], table.loc["delta", "reached"], table.loc["delta", "mean_progress"]) == (1, 0, 0.5)
    assert table.loc["alpha", "measured"] == 0 and not table.loc["alpha", "indicators_demo"]
    keys, values = pd.Series([7, 3, 7, 3, 7]), pd.Series([0.1, 0.2, 0.7, 1.0, 0.3])
    assert _group_means(keys, values) == [pd.Series([0.2, 1.0]).mean(), pd.Series([0.1, 0.7, 0.3]).mean()]


def test_unknown_commune_is_refused(small_store):
    with pytest.raises(ValueError):
        recommend(small_store, "00000")


def test_demo_store_every_edition_two_commune_gets_other_communes_solutions_with_marked_reasons(demo_engine):
    with write_session(demo_engine) as s:
        edition_two = [c.insee_code for c in s.exec(select(Commune).where(Commune.edition_id == 2)).all()]
    assert len(edition_two) == 6
    for code in edition_two:
        ranked = recommend(demo_engine, code)
        assert ranked and all(r.commune_insee != code for r in ranked)
        shared = [r for r in ranked if r.shared_challenge]
        assert shared and all(DEMO_MARK in r.reason for r in shared)  # the demo set declared those challenges
    meudon = recommend(demo_engine, "92048")
    assert all(r.commune_insee != "92048" for r in meudon)


def test_public_record_alone_ranks_on_status_and_profile(engine):
    ranked = recommend(engine, "95018")
    assert len(ranked) == 29
    assert all(r.replicability_index is None and not r.shared_challenge for r in ranked)
    assert all({"challenge", "replicability", "indicators"} <= set(r.unknown) for r in ranked)
    assert not any(r.uses_demo for r in ranked)
    # the record gives « Test réussi » for some experiments: they come first
    assert ranked[0].deployment_level == 3
    assert "démonstration" not in " ".join(r.reason for r in ranked)


def test_the_map_outlines_where_the_solutions_were_tested_and_the_chosen_commune(demo_engine):
    from qmi.draw.maps import map_html, shortlist_map
    from qmi.queries.essaimage import communes
    from qmi.queries.geo import commune_stats

    table = communes(demo_engine)
    clichy = table[table["insee_code"] == "92024"].iloc[0].to_dict()  # Clichy, outside the programme
    ranked = recommend(demo_engine, "92024")[:5]
    page = map_html(shortlist_map(commune_stats(demo_engine), ranked, clichy))
    assert "Solutions de la liste test" in page  # the legend names the highlighted communes (JSON-escaped)
    assert '"dashArray": "10 7"' in page  # the chosen commune's dashed outline
    assert '"Clichy", "qmi-label"]' in page  # named although outside the programme


def _recommendation(name: str, total: float, challenge_code: str | None, challenge: str | None,
                    demo: bool = False) -> Recommendation:
    return Recommendation(
        project_id=1, slug=name.lower(), name=name, organisation=f"{name} SAS", commune_insee=TWIN,
        commune="Bourg-Jumeau", challenge_code=challenge_code, challenge=challenge, challenge_status="declared",
        deployment_level=2, abandoned=False, status_is_demo=False, replicability_index=11, criteria={},
        shared_challenge=True, components=dict.fromkeys(COMPONENTS, 0.5),
        points={"challenge": 12.345, "replicability": 20.0, "status": 7.06, "profile": 0.0, "indicators": 4.44,
                "replication": 3.04},
        total=total, unknown=(), evidence=(Evidence("status", "lancé", is_demo=demo),), reason=f"parce que {name}")


def test_the_shortlist_table_has_every_column_with_one_decimal_and_the_challenge_in_the_language():
    rows = [_recommendation("Alpha", 43.8849, "flux-mobilites", "Flux, mobilités et logistique"),
            _recommendation("Beta", 12.05, None, None, demo=True)]
    table = shortlist_frame("Villeneuve", rows)
    assert list(table.columns) == [
        "Rang", "Commune destinataire", "Expérimentation", "Porteur", "Testée à", "Défi urbain", "Score /100",
        "Défi partagé", "Réplicabilité", "Déploiement", "Profil similaire", "Résultats mesurés", "Essaimage réussi",
        "Indice de réplicabilité /15", "Pourquoi", "Utilise des données de démonstration"]
    assert table.iloc[0].tolist() == [1, "Villeneuve", "Alpha", "Alpha SAS", "Bourg-Jumeau",
                                      "Flux, mobilités et logistique", 43.9, 12.3, 20.0, 7.1, 0.0, 4.4, 3.0, 11,
                                      "parce que Alpha", "non"]
    assert table.loc[1, "Défi urbain"] == "Non classé" and table.loc[1, "Utilise des données de démonstration"] == "oui"
    english = shortlist_frame("Villeneuve", rows, "en")
    assert list(english.columns[:3]) == ["Rank", "Recipient municipality", "Experiment"]
    assert english.loc[0, "Urban challenge"] == "Flows, mobility and logistics"
    assert english.loc[0, "Uses demo data"] == "no" and english.loc[1, "Uses demo data"] == "yes"
    assert shortlist_frame("Villeneuve", []).empty


@pytest.mark.parametrize(("raw", "expected"), [
    (None, Weights()), ("", Weights()),
    ("1,2,3,4,5", Weights(1, 2, 3, 4, 5)),
    (" 1, 2 ,3,4,5 ", Weights(1, 2, 3, 4, 5)),  # spaces around the numbers are fine
    ("5,5,5,5,6", Weights(5, 5, 5, 5, 5)),  # each capped at 5
    ("999,0,0,0,0", Weights(5, 0, 0, 0, 0)),
    ("1000,0,0,0,0", Weights()),  # four digits: malformed
    ("1,2,3,4,5,4", Weights(1, 2, 3, 4, 5, 4)),  # six: the replication weight too
    ("1,2,3,4,5,6", Weights(1, 2, 3, 4, 5, 5)),
    ("1,2,3,4", Weights()), ("1,2,3,4,5,6,7", Weights()), ("1,2,-3,4,5", Weights()), ("1,²,3,4,5", Weights()),
    ("0,0,0,0,0" + " " * 31, Weights(0, 0, 0, 0, 0)),  # 40 characters: read
    ("0,0,0,0,0" + " " * 32, Weights()),  # 41 characters: too long
])
def test_weights_from_the_url_at_their_limits(raw, expected):
    assert Weights.from_param(raw) == expected


def test_the_shortlist_export_in_english_has_english_headings_and_answers(small_store):
    table = shortlist_frame("Villeneuve", recommend(small_store, HOME, lang="en"), "en")
    assert list(table.columns) == [
        "Rank", "Recipient municipality", "Experiment", "Organisation", "Tested in", "Urban challenge", "Score /100",
        "Shared challenge", "Replicability", "Deployment", "Similar profile", "Measured results",
        "Successful replication", "Replicability index /15", "Why", "Uses demo data"]
    assert set(table["Uses demo data"]) == {"yes", "no"}
    assert shortlist_frame("Villeneuve", []).empty
