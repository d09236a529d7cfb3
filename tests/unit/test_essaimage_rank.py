"""``essaimage.rank`` on candidate rows written out (no store): each component and its weight, the points
they give out of 100 (the numbers worked by hand), what is unknown, the order, and every piece of a
reason with its marks. tests/unit/test_essaimage.py ranks a store's candidates through the queries."""

from __future__ import annotations

import pandas as pd
import pytest

from qmi.domain import essaimage
from qmi.domain.essaimage import Weights

HOME = {"insee_code": "93001", "population": 20000, "density": 5000}
DECLARED = pd.DataFrame({"challenge_code": ["adaptation-climat"], "is_demo": [True]})
NOTHING_DECLARED = pd.DataFrame({"challenge_code": [], "is_demo": []})


def candidate(**changes):
    row = dict(id=1, slug="a", name="Alpha", organisation="O", commune_insee="92071", commune="Sceaux",
               challenge_code="adaptation-climat", challenge="Adaptation", challenge_status="validated",
               deployment_level=3, abandoned=False, status_is_demo=False, replicability_index=12,
               assessment_is_demo=False, deployment=3, commercial_traction=3, industrialisation=2,
               operational_ease=1, financial_stability=3, population=20000, density=5000,
               mean_progress=0.5, reached=1, measured=2, indicators_demo=False,
               replications_succeeded=1, replications_failed=1, replicated_in="Argenteuil", failed_in="Bobigny",
               replication_demo=False)
    row.update(changes)
    return row


UNKNOWN = candidate(id=2, slug="b", name="beta", commune_insee="92048", commune="Meudon",
                    challenge_code="flux-mobilites", deployment_level=None, replicability_index=None,
                    population=None, density=None, measured=0, mean_progress=None, reached=0,
                    replications_succeeded=0, replications_failed=0, status_is_demo=True)
OWN = candidate(id=3, slug="own", name="Own", commune_insee="93001", commune="Home")


def test_each_component_and_its_default_weight_give_the_points_out_of_100():
    best, unknown = essaimage.rank(pd.DataFrame([candidate(), UNKNOWN, OWN]), HOME, DECLARED)
    assert best.components == {"challenge": 1.0, "replicability": 0.8, "status": 1.0, "profile": 1.0,
                               "indicators": 0.5, "replication": 0.5}  # index 12 of 15; 1 transfer of 2 succeeded
    # weights 3, 2, 2, 1, 1, 2 (of 11)
    assert best.points == pytest.approx({"challenge": 300 / 11, "replicability": 160 / 11, "status": 200 / 11,
                                         "profile": 100 / 11, "indicators": 50 / 11, "replication": 100 / 11})
    assert best.total == pytest.approx(910 / 11) and best.unknown == ()
    assert unknown.total == 0.0 and set(unknown.components.values()) == {0.0}
    assert unknown.unknown == ("replicability", "status", "profile", "indicators", "replication")


def test_the_chosen_communes_own_experiments_are_never_candidates():
    ranked = essaimage.rank(pd.DataFrame([OWN, candidate(), OWN | {"id": 4, "slug": "own2"}]), HOME, DECLARED)
    assert [r.slug for r in ranked] == ["a"]


def test_every_reason_names_its_evidence_and_what_it_does_not_know():
    best, unknown = essaimage.rank(pd.DataFrame([candidate(), UNKNOWN]), HOME, DECLARED)
    assert [(e.component, e.text, e.is_demo) for e in best.evidence] == [
        ("status", "testée avec succès à Sceaux", False),
        ("replicability", "traction commerciale très forte, structure rentable ; à surveiller : facilité opérationnelle 1/3",
         False),
        ("challenge", "répond au défi « Adaptation » déclaré par votre commune (donnée de démonstration)", True),
        ("profile", "commune de taille et de densité comparables (Sceaux : 20\u202f000 hab., 5\u202f000 hab./km²)", False),
        ("indicators", "indicateurs mesurés : 50\xa0% du chemin vers la cible en moyenne, 1 sur 2 à la cible", False),
        ("replication", "déjà essaimée avec des résultats à Argenteuil", False),
        ("replication", "essaimage sans résultat à Bobigny", False),
    ]
    assert best.reason.startswith("Testée avec succès à Sceaux, traction commerciale") and best.reason.endswith("Bobigny.")
    # an unknown status is not demo evidence even on a demo row; nothing else is known
    assert [(e.component, e.text, e.is_demo) for e in unknown.evidence] == [
        ("status", "expérimentée à Meudon (statut inconnu)", False)]
    assert unknown.reason == "Expérimentée à Meudon (statut inconnu)." and not unknown.uses_demo


PARTIAL = candidate(deployment_level=2, population=40000, density=5000, replicability_index=7.5,
                    commercial_traction=2.5, industrialisation=2, operational_ease=2, financial_stability=1,
                    challenge_status="proposed")
ABANDONED = candidate(id=4, slug="z", name="Zeta", abandoned=True, population=200000, density=500, mean_progress=1.0,
                      reached=2, replications_succeeded=2, replications_failed=0, replication_demo=True,
                      indicators_demo=True, status_is_demo=True)


def test_equal_weights_a_partial_level_a_half_index_and_an_abandoned_experiment_listed_last():
    partial, abandoned = essaimage.rank(pd.DataFrame([ABANDONED, PARTIAL]), HOME, DECLARED, Weights(1, 1, 1, 1, 1, 1), "en")
    # level 2 of 3; index 7.5 of 15; twice the population, the same density: 1 - log(2)/log(10)/2
    assert partial.components == pytest.approx({"challenge": 1.0, "replicability": 0.5, "status": 2 / 3,
                                                "profile": 0.849485, "indicators": 0.5, "replication": 0.5})
    assert partial.total == pytest.approx(100 * (2.5 + 2 / 3 + 0.849485) / 6)
    assert partial.reason == (
        "Test under way in Sceaux, commercial traction 2.5/3, can be industrialised, with an entry threshold; to watch: "
        "financial stability 1/3, addresses the “Climate change adaptation” challenge your municipality declared "
        "(proposed classification; demo data), a municipality of similar size and density (Sceaux: 40,000 inhabitants, "
        "5,000 per km²), measured indicators: 50% of the way to target on average, 1 of 2 on target, already "
        "replicated with results in Argenteuil, replication without results in Bobigny.")
    # abandoned: status 0 and last although it scores more elsewhere; a tenfold gap is no similarity (no reason)
    assert abandoned.abandoned and abandoned.components["status"] == 0.0
    assert abandoned.components["profile"] == pytest.approx(0.0, abs=1e-9)
    assert abandoned.components["replication"] == 1.0 and abandoned.components["indicators"] == 1.0
    assert abandoned.reason == (
        "Abandoned in Sceaux (demo data), very strong commercial traction, profitable business; to watch: operational "
        "ease 1/3, addresses the “Climate change adaptation” challenge your municipality declared (demo data), "
        "measured indicators: 100% of the way to target on average, 2 of 2 on target (demo data), already replicated "
        "with results in Argenteuil (demo data).")


def test_a_single_weight_gives_that_component_all_100_points_and_no_weight_gives_none():
    only_status = essaimage.rank(pd.DataFrame([PARTIAL]), HOME, DECLARED, Weights(0, 0, 5, 0, 0, 0))[0]
    assert only_status.total == pytest.approx(100 * 2 / 3) and only_status.points["challenge"] == 0.0
    only_replication = essaimage.rank(pd.DataFrame([PARTIAL]), HOME, DECLARED, Weights(0, 0, 0, 0, 0, 1))[0]
    assert only_replication.total == pytest.approx(50.0)
    nothing = essaimage.rank(pd.DataFrame([PARTIAL, ABANDONED]), HOME, NOTHING_DECLARED, Weights(0, 0, 0, 0, 0, 0))
    assert [(r.slug, r.total) for r in nothing] == [("a", 0.0), ("z", 0.0)]
    assert nothing[0].unknown == ("challenge",) and not nothing[0].shared_challenge


def test_ties_are_broken_by_name_whatever_its_case_then_by_slug():
    rows = [candidate(id=i, slug=slug, name=name) for i, (slug, name) in
            enumerate([("c", "beta"), ("b", "Beta"), ("a", "alpha")], 1)]
    assert [r.slug for r in essaimage.rank(pd.DataFrame(rows), HOME, DECLARED)] == ["a", "b", "c"]


def test_the_shortlist_names_a_challenge_by_its_stored_french_name_unless_asked_in_english():
    ranked = essaimage.rank(pd.DataFrame([candidate(challenge="Adaptation (nom du registre)")]), HOME, DECLARED)
    assert list(essaimage.shortlist_frame("Villeneuve", ranked)["Défi urbain"]) == ["Adaptation (nom du registre)"]
    english = essaimage.shortlist_frame("Villeneuve", ranked, "en")
    assert list(english["Urban challenge"]) == ["Climate change adaptation"]
    assert essaimage.shortlist_frame("Villeneuve", []).empty


def test_a_recommendation_carries_the_candidates_own_facts():
    """What the page and the export read besides the score: identity, place, challenge and assessment."""
    best = essaimage.rank(pd.DataFrame([candidate(id=7, status_is_demo=True)]), HOME, DECLARED)[0]
    assert (best.project_id, best.slug, best.name, best.organisation, best.commune_insee, best.commune) == (
        7, "a", "Alpha", "O", "92071", "Sceaux")
    assert (best.challenge_code, best.challenge, best.challenge_status) == ("adaptation-climat", "Adaptation", "validated")
    assert best.status_is_demo is True and best.evidence[0].text == "testée avec succès à Sceaux (donnée de démonstration)"
    assert best.replicability_index == 12 and best.criteria == {
        "commercial_traction": 3, "industrialisation": 2, "operational_ease": 1, "financial_stability": 3}


def test_missing_cells_read_as_no_challenge_no_demo_and_no_transfer():
    """A left join leaves NaN where a candidate has no challenge, no status flag or no transfer."""
    row = candidate(challenge_code=float("nan"), challenge=float("nan"), status_is_demo=float("nan"),
                    replications_succeeded=float("nan"), replications_failed=float("nan"),
                    replicated_in=float("nan"), failed_in=float("nan"), replication_demo=float("nan"))
    ranked = essaimage.rank(pd.DataFrame([row]), HOME, DECLARED)[0]
    assert ranked.challenge_code is None and ranked.challenge is None and not ranked.shared_challenge
    assert ranked.status_is_demo is False and not ranked.evidence[0].is_demo
    assert ranked.components["replication"] == 0.0 and "replication" in ranked.unknown
    assert [e.component for e in ranked.evidence] == ["status", "replicability", "profile", "indicators"]


def test_a_table_without_the_transfer_columns_is_read_as_no_transfer():
    row = {k: v for k, v in candidate().items() if k not in essaimage.REPLICATION_COLUMNS}
    ranked = essaimage.rank(pd.DataFrame([row]), HOME, DECLARED)[0]
    assert ranked.components["replication"] == 0.0 and ranked.unknown == ("replication",)
    assert "replication" not in [e.component for e in ranked.evidence]


def test_a_demo_assessment_marks_the_replicability_reason():
    ranked = essaimage.rank(pd.DataFrame([candidate(assessment_is_demo=True)]), HOME, DECLARED)[0]
    assert ranked.evidence[1] == essaimage.Evidence(
        "replicability", "traction commerciale très forte, structure rentable ; à surveiller : facilité opérationnelle 1/3 "
        "(donnée de démonstration)", is_demo=True)


def test_scores_all_between_weak_and_strong_give_no_replicability_reason():
    """1.5 is neither a weak point (0 or 1) nor a strength (2 or 3): nothing to say about replicability."""
    halves = candidate(replicability_index=7.5, commercial_traction=1.5, industrialisation=1.5, operational_ease=1.5,
                       financial_stability=1.5)
    ranked = essaimage.rank(pd.DataFrame([halves]), HOME, DECLARED)[0]
    assert ranked.components["replicability"] == 0.5
    assert [e.component for e in ranked.evidence] == ["status", "challenge", "profile", "indicators", "replication",
                                                     "replication"]


def test_a_weak_half_score_is_written_the_english_way_in_english():
    ranked = essaimage.rank(pd.DataFrame([candidate(operational_ease=0.5)]), HOME, DECLARED, lang="en")[0]
    assert ranked.evidence[1].text == "very strong commercial traction, profitable business; to watch: operational ease 0.5/3"


def test_a_proposed_classification_stays_flagged_on_its_evidence():
    ranked = essaimage.rank(pd.DataFrame([candidate(challenge_status="proposed")]), HOME, DECLARED)[0]
    challenge = ranked.evidence[2]
    assert challenge.component == "challenge" and challenge.proposed is True
    assert challenge.text == ("répond au défi « Adaptation » déclaré par votre commune "
                              "(classement proposé ; donnée de démonstration)")
    assert not any(e.proposed for e in ranked.evidence if e.component != "challenge")


def test_measured_indicators_none_at_target_say_nothing_of_the_target():
    ranked = essaimage.rank(pd.DataFrame([candidate(reached=0)]), HOME, DECLARED)[0]
    assert ranked.evidence[4].text == "indicateurs mesurés : 50\xa0% du chemin vers la cible en moyenne"


def test_a_similarity_of_exactly_0_75_is_comparable_and_just_under_it_is_not():
    # the same population (closeness 1) and a density √10 times smaller (closeness 0.5): mean 0.75
    at_limit = candidate(density=1581.138830084189)
    assert essaimage.profile_similarity(20000, 5000, 20000, 1581.138830084189) == 0.75
    ranked = essaimage.rank(pd.DataFrame([at_limit]), HOME, DECLARED)[0]
    assert ranked.evidence[3].text == "commune de taille et de densité comparables (Sceaux : 20\u202f000 hab., 1\u202f581 hab./km²)"
    under = essaimage.rank(pd.DataFrame([candidate(density=1581.1)]), HOME, DECLARED)[0]
    assert "profile" not in [e.component for e in under.evidence]


def test_the_profile_reason_writes_whole_inhabitants_and_names_each_candidates_own_commune():
    rows = [candidate(population=20000.4, density=5000.4),
            candidate(id=2, slug="b", name="Beta", commune_insee="92048", commune="Meudon", population=21000, density=5100)]
    first, second = essaimage.rank(pd.DataFrame(rows), HOME, DECLARED)
    assert first.evidence[3].text == "commune de taille et de densité comparables (Sceaux : 20\u202f000 hab., 5\u202f000 hab./km²)"
    assert second.evidence[3].text == "commune de taille et de densité comparables (Meudon : 21\u202f000 hab., 5\u202f100 hab./km²)"


def test_the_order_compares_totals_to_nine_decimals_then_names():
    """Totals that differ below 1e-9 are float noise, a tie broken by name; 0.2 point apart is not a tie."""
    only_results = Weights(0, 0, 0, 0, 1, 0)
    noise = [candidate(id=1, slug="a", name="Alpha", mean_progress=0.5),
             candidate(id=2, slug="b", name="Beta", mean_progress=0.5 + 3e-12)]
    assert [r.name for r in essaimage.rank(pd.DataFrame(noise), HOME, DECLARED, only_results)] == ["Alpha", "Beta"]
    apart = [candidate(id=1, slug="a", name="Alpha", mean_progress=0.502),
             candidate(id=2, slug="b", name="Beta", mean_progress=0.504)]
    ranked = essaimage.rank(pd.DataFrame(apart), HOME, DECLARED, only_results)
    assert [(r.name, round(r.total, 1)) for r in ranked] == [("Beta", 50.4), ("Alpha", 50.2)]


def test_densities_need_a_population_and_a_positive_area():
    assert essaimage._density(1000, 2) == 500
    assert essaimage._density(1000, 1) == 1000
    assert essaimage._density(1000, 0.5) == 2000
    assert essaimage._density(1000, 0) is None
    assert essaimage._density(1000, -2) is None
    assert essaimage._density(None, 2) is None
    assert essaimage._density(1000, None) is None


def test_a_population_or_density_of_zero_or_less_is_not_compared():
    assert essaimage.profile_similarity(1, 1, 1, 1) == 1.0  # 1 is a figure like any other
    assert essaimage.profile_similarity(0, 500, 1000, 500) == 1.0  # only the density counts
    assert essaimage.profile_similarity(1000, 500, 0, 500) == 1.0
    assert essaimage.profile_similarity(-5, 0, 1000, 500) is None
    assert essaimage.profile_similarity(1000, 500, 1000, 0) == 1.0


def test_group_means_are_each_groups_series_mean_in_its_rows_order():
    """The mean a page shows is exactly ``Series.mean`` of the group's rows in their order: summing the same
    floats in another order can move the last digit (0.2945 instead of 0.29450000000000004)."""
    keys = pd.Series([i % 2 for i in range(40)])
    values = pd.Series([0.1 * (i % 7) + 0.01 * (i % 3) for i in range(40)])
    expected = [values[keys == 0].mean(), values[keys == 1].mean()]
    assert essaimage._group_means(keys, values) == expected
    assert essaimage._group_means(pd.Series([2, 1, 2]), pd.Series([0.5, 1.0, 0.0])) == [1.0, 0.25]
