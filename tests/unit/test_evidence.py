"""The evidence ladder (qmi.domain.evidence): each fact alone gives its level, the highest fact met
wins whatever else holds, and the « pourquoi » says every fact met, what is not known, and what the
next level needs, in French and English."""

from __future__ import annotations

import pytest

from qmi.domain.evidence import FACTS, Facts, assess, level_label, reasons_text
from qmi.i18n import t, tn

ALONE = {
    1: Facts(account=True),
    2: Facts(before_after=1),
    3: Facts(compared_with=("Argenteuil",)),
    4: Facts(independent=True),
    5: Facts(replicated_in=("Argenteuil",)),
}


def test_nothing_known_is_level_0_pas_encore_de_preuve():
    evidence = assess(Facts())
    assert evidence.level == 0 and evidence.met == () and not evidence.is_demo
    assert evidence.label() == "Pas encore de preuve" and evidence.label("en") == "No evidence yet"
    assert evidence.reasons == (t("evidence.reason.none"), t("evidence.unknown.account"),
                                t("evidence.unknown.independent"), t("evidence.next.1"))


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_each_fact_alone_gives_its_level(level):
    evidence = assess(ALONE[level])
    assert evidence.level == level and evidence.met == (level,)
    assert evidence.label() == level_label(level) == t(f"evidence.level.{level}")


def test_the_reasons_of_each_level_name_its_fact():
    assert assess(ALONE[1]).reasons[0] == "des enseignements ou un récit décrivent ce qui s'est passé"
    assert assess(ALONE[2]).reasons[0] == "1 indicateur mesuré par rapport à sa situation de départ"
    assert assess(Facts(before_after=3)).reasons[0] == "3 indicateurs mesurés par rapport à leur situation de départ"
    assert assess(ALONE[3]).reasons[0] == ("résultat mis en regard de la même mesure dans une autre commune "
                                           "(Argenteuil)")
    assert assess(ALONE[4]).reasons[0] == "des évaluateurs indépendants l'ont noté et sont d'accord"
    assert assess(ALONE[5]).reasons[0] == "reprise dans une autre commune avec des progrès mesurés (Argenteuil)"
    assert assess(ALONE[5], "en").reasons[0] == "taken up in another municipality with measured progress (Argenteuil)"
    assert assess(Facts(before_after=1), "en").reasons[0] == tn("evidence.reason.before_after", 1, "en") == (
        "1 indicator measured against its baseline")


def test_zero_indicators_measured_is_no_before_after():
    assert assess(Facts(before_after=0)).level == 0
    assert assess(Facts(before_after=1)).level == 2


def test_a_fact_said_false_is_not_met_and_not_unknown():
    evidence = assess(Facts(account=False, independent=False))
    assert evidence.level == 0
    assert t("evidence.unknown.account") not in evidence.reasons
    assert t("evidence.unknown.independent") not in evidence.reasons


@pytest.mark.parametrize(("facts", "level", "met"), [
    (Facts(account=True, before_after=4), 2, (2, 1)),
    (Facts(account=True, before_after=2, compared_with=("Argenteuil",)), 3, (3, 2, 1)),
    (Facts(before_after=2, independent=True), 4, (4, 2)),
    (Facts(account=True, before_after=2, compared_with=("Argenteuil",), independent=True,
           replicated_in=("Argenteuil",)), 5, (5, 4, 3, 2, 1)),
    # the highest wins even where the rungs below are missing: a replication with results, no own measure
    (Facts(replicated_in=("Argenteuil",), account=True), 5, (5, 1)),
    (Facts(independent=True, account=True), 4, (4, 1)),
])
def test_the_highest_fact_met_wins_and_every_fact_met_is_a_reason(facts, level, met):
    evidence = assess(facts)
    assert evidence.level == level and evidence.met == met
    named = [r for r in evidence.reasons if not r.startswith(("pour le niveau", "enseignements", "accord"))]
    assert len(named) == len(met)  # one reason per fact met, highest first
    if level != 2:  # (level 2's reason counts the indicators)
        assert named[0] == assess(ALONE[level]).reasons[0]


def test_the_next_level_is_said_below_5_and_not_at_5():
    assert assess(ALONE[2]).reasons[-1] == "pour le niveau 3 : la même mesure dans une commune de comparaison"
    assert assess(ALONE[4]).reasons[-1] == t("evidence.next.5")
    assert not any(r.startswith("pour le niveau") for r in assess(ALONE[5]).reasons)


def test_unknown_facts_are_said_not_taken_as_met():
    evidence = assess(Facts(before_after=2))
    assert evidence.level == 2
    assert t("evidence.unknown.account") in evidence.reasons and t("evidence.unknown.independent") in evidence.reasons
    known = assess(Facts(before_after=2, account=True, independent=False))
    assert t("evidence.unknown.account") not in known.reasons and t("evidence.unknown.independent") not in known.reasons


def test_demo_facts_are_marked_and_the_level_is_demo_when_its_fact_is():
    evidence = assess(Facts(before_after=2, replicated_in=("Argenteuil",), demo=frozenset({"replication"})))
    assert evidence.is_demo and evidence.reasons[0].endswith("(donnée de démonstration)")
    assert not evidence.reasons[1].endswith("(donnée de démonstration)")
    real_top = assess(Facts(before_after=2, replicated_in=("Argenteuil",), demo=frozenset({"before_after"})))
    assert not real_top.is_demo and real_top.reasons[1].endswith("(donnée de démonstration)")
    assert assess(Facts(before_after=1, demo=frozenset({"before_after"})), "en").reasons[0].endswith("(demo data)")


def test_the_reasons_as_one_line_and_every_level_has_its_words_in_both_languages():
    evidence = assess(Facts(account=True, before_after=1))
    assert reasons_text(evidence) == " ; ".join(evidence.reasons)
    assert reasons_text(assess(Facts(account=True), "en"), "en") == "; ".join(assess(Facts(account=True), "en").reasons)
    assert set(FACTS) == {1, 2, 3, 4, 5}
    for level in range(6):
        assert level_label(level, "fr") != level_label(level, "en")


def test_the_whole_pourquoi_is_in_english_when_english_is_asked():
    """Every reason, the unknown facts and the next rung, in the asked language, with several communes."""
    nothing = assess(Facts(), "en")
    assert nothing.reasons == (
        "nothing is measured or told yet for this experiment",
        "lessons and stories: not taken into account here yet",
        "agreement of independent assessors: not taken into account here yet",
        "for level 1: an account or lessons",
    )
    compared = assess(Facts(account=True, compared_with=("Argenteuil", "Bobigny"), independent=False), "en")
    assert compared.reasons == (
        "result set beside the same measure in another municipality (Argenteuil, Bobigny)",
        "lessons or an account describe what happened",
        "for level 4: independent assessors who agree",
    )
    assert assess(Facts(independent=True, account=False), "en").reasons == (
        "independent assessors scored it and agree", "for level 5: a take-up in another municipality, evaluated with progress")


def test_several_communes_are_listed_with_a_comma_in_french():
    assert assess(Facts(replicated_in=("Argenteuil", "Bobigny"))).reasons[0] == (
        "reprise dans une autre commune avec des progrès mesurés (Argenteuil, Bobigny)")
    assert assess(Facts(compared_with=("Argenteuil", "Bobigny"))).reasons[0] == (
        "résultat mis en regard de la même mesure dans une autre commune (Argenteuil, Bobigny)")
