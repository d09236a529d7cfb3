"""The pure rules of ``qmi.domain``, each alone and at its limits (the numbers are the rules' own, written out).

Who may write what, the replicability index and the deployment scale, progress to target and its
status, what a missing value is, and what a typed text may hold. No store: these are the functions the
services and the pages call, so a bug here shows everywhere.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from qmi.domain import essaimage, rights, scoring, text, values
from qmi.domain import progress as p
from qmi.models import Assessment

SCEAUX, MEUDON = "92071", "92048"
ROLES = ("admin", "staff", "agent", "viewer", None, "unknown")


# --- who may write what -------------------------------------------------------------------------------

@pytest.mark.parametrize(("role", "own", "target", "expected"), [
    ("admin", None, SCEAUX, True),
    ("staff", None, SCEAUX, True),
    ("staff", MEUDON, SCEAUX, True),  # staff write for every commune, attached to one or not
    ("agent", SCEAUX, SCEAUX, True),
    ("agent", MEUDON, SCEAUX, False),  # another commune
    ("agent", None, SCEAUX, False),  # an agent not attached to a commune writes nothing
    ("agent", None, None, False),  # … even for a row with no commune
    ("viewer", SCEAUX, SCEAUX, False),  # a viewer attached to a commune still only reads
    (None, SCEAUX, SCEAUX, False),
    ("unknown", SCEAUX, SCEAUX, False),
])
def test_who_may_write_for_a_commune(role, own, target, expected):
    assert rights.may_write_for_commune(role, own, target) is expected


@pytest.mark.parametrize("role", ROLES)
def test_a_disabled_account_writes_for_no_commune(role):
    assert rights.may_write_for_commune(role, SCEAUX, SCEAUX, is_active=False) is False
    assert rights.may_write_data(role, SCEAUX, is_active=False) is False
    assert rights.may_assess(role, is_active=False) is False
    assert rights.may_administer(role, is_active=False) is False


@pytest.mark.parametrize(("role", "own", "expected"), [
    ("admin", None, True), ("staff", None, True), ("agent", SCEAUX, True), ("agent", None, False),
    ("viewer", SCEAUX, False), (None, None, False), ("unknown", SCEAUX, False),
])
def test_who_may_write_some_data(role, own, expected):
    assert rights.may_write_data(role, own) is expected


@pytest.mark.parametrize(("role", "assess", "administer", "every_commune"), [
    ("admin", True, True, True), ("staff", True, False, True), ("agent", False, False, False),
    ("viewer", False, False, False), (None, False, False, False), ("unknown", False, False, False),
])
def test_who_assesses_and_who_administers(role, assess, administer, every_commune):
    assert rights.may_assess(role) is assess
    assert rights.may_administer(role) is administer
    assert rights.writes_for_every_commune(role) is every_commune


# --- the replicability index and the deployment scale ---------------------------------------------------

SCORES = {"deployment": 3, "commercial_traction": 2, "industrialisation": 1, "operational_ease": 0, "financial_stability": 2}


def test_the_index_is_the_sum_of_the_five_criteria_from_0_to_15():
    assert scoring.INDEX_MAX == 15
    assert scoring.replicability_index(SCORES) == 8
    assert scoring.replicability_index(dict.fromkeys(SCORES, 3)) == 15
    assert scoring.replicability_index(dict.fromkeys(SCORES, 0)) == 0
    assert scoring.replicability_index({code: str(score) for code, score in SCORES.items()}) == 8  # a form's texts


def test_the_index_of_a_stored_assessment_counts_every_criterion_once():
    assessment = Assessment(project_id=1, assessed_on=None, **SCORES)
    assert scoring.replicability_index(assessment) == 8
    for code in SCORES:  # each criterion weighs one point per level
        assert scoring.replicability_index(Assessment(project_id=1, **{**SCORES, code: SCORES[code] + 1})) == 9


def test_the_sql_index_adds_the_same_five_columns():
    compiled = str(scoring.index_sql())
    assert [name for name in SCORES if f"assessment.{name}" in compiled] == list(SCORES)
    assert compiled.count("+") == 4


@pytest.mark.parametrize(("level", "abandoned", "deployed"), [
    (None, False, False), (0, False, False), (1, False, False), (2, False, True), (3, False, True),
    (3, True, False), (2, True, False),
])
def test_deployed_means_test_launched_or_better_and_not_abandoned(level, abandoned, deployed):
    assert scoring.is_deployed(level, abandoned) is deployed


def test_the_deployment_label_reads_the_scale_of_the_record():
    scale = scoring.criterion("deployment").labels
    assert [scoring.deployment_label(level) for level in range(4)] == list(scale)
    assert scoring.deployment_label(None) == "Statut inconnu"
    assert scoring.deployment_label(3, abandoned=True) == "Abandonnée"
    assert scoring.deployment_label(None, abandoned=True, lang="en") == "Abandoned"
    assert scoring.deployment_label(None, lang="en") == "Status unknown"
    assert scoring.deployment_label(2, lang="en") == scoring.level_label("deployment", 2, "en") != scale[2]


def test_the_criteria_are_the_five_of_the_record_in_its_order_with_four_levels_each():
    criteria = scoring.criteria()
    assert [c.code for c in criteria] == list(SCORES)
    assert all(len(c.labels) == 4 and all(c.labels) for c in criteria)
    assert all(c.source for c in criteria)
    english = scoring.criteria("en")
    assert [c.name for c in english] != [c.name for c in criteria]
    assert [c.code for c in english] == list(SCORES)
    assert scoring.level_label("industrialisation", 0) == criteria[2].labels[0]
    assert scoring.level_label("industrialisation", 3) == criteria[2].labels[3] != criteria[2].labels[2]


# --- progress to target ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("baseline", "target", "latest", "share"), [
    (0, 10, 5, 0.5),
    (0, 10, 10, 1.0),  # exactly at the target
    (0, 10, 12, 1.2),  # not clipped above
    (0, 10, -3, -0.3),  # not clipped below
    (40, 30, 35, 0.5),  # lower is better: both differences negative
    (40, 30, 30, 1.0),
    (10, 20, 10, 0.0),
])
def test_progress_is_the_share_of_the_planned_change(baseline, target, latest, share):
    assert p.progress(baseline, target, latest) == pytest.approx(share)


@pytest.mark.parametrize(("baseline", "target", "latest"), [
    (None, 10, 5), (0, None, 5), (0, 10, None), (math.nan, 10, 5), (0, 10, math.nan), (5, 5, 5), (5, 5, 7),
])
def test_progress_is_unknown_without_a_baseline_a_target_a_value_or_a_planned_change(baseline, target, latest):
    assert p.progress(baseline, target, latest) is None


@pytest.mark.parametrize(("share", "bar"), [(None, 0.0), (math.nan, 0.0), (-0.3, 0.0), (0.0, 0.0), (0.4, 0.4),
                                            (1.0, 1.0), (1.2, 1.0)])
def test_the_bar_clips_the_share_to_0_1_for_drawing_only(share, bar):
    assert p.bar_share(share) == bar


@pytest.mark.parametrize(("baseline", "target", "latest", "state"), [
    (None, 10, 5, "no_target"), (0, None, 5, "no_target"), (5, 5, 5, "no_target"),
    (0, 10, None, "no_value"),
    (0, 10, 10, "reached"), (0, 10, 11, "reached"), (0, 10, 9.99, "on_track"),
    (0, 10, 5, "on_track"),  # exactly half the way
    (0, 10, 4.99, "started"), (0, 10, 0.01, "started"),
    (0, 10, 0, "not_started"),
    (0, 10, -0.01, "backwards"),
    (40, 30, 30, "reached"), (40, 30, 35, "on_track"), (40, 30, 41, "backwards"),
])
def test_the_status_at_each_threshold(baseline, target, latest, state):
    assert p.status(baseline, target, latest) == state


@pytest.mark.parametrize(("direction", "baseline", "target", "ok"), [
    ("higher", 10, 11, True), ("higher", 10, 10, False), ("higher", 10, 9, False),
    ("lower", 10, 9, True), ("lower", 10, 10, False), ("lower", 10, 11, False),
    ("neutral", 10, 9, True), ("neutral", 10, 11, True),
    ("higher", None, 9, True), ("lower", 10, None, True),
])
def test_a_target_must_improve_on_the_baseline_in_the_indicators_direction(direction, baseline, target, ok):
    assert p.target_matches_direction(direction, baseline, target) is ok


@pytest.mark.parametrize(("value_type", "places"), [("count", 0), ("boolean", 0), ("rate", 1), ("score", 1), (None, 1)])
def test_whole_numbers_for_counts_and_yes_no_one_decimal_otherwise(value_type, places):
    assert p.decimals(value_type) == places


@pytest.mark.parametrize(("value", "value_type", "places"), [
    (99.9, "rate", 1), (100, "rate", 0), (-100, "rate", 0), (-99.9, "rate", 1), ("250.5", "score", 0),
    (99, "count", 0), (12.5, None, 1),
])
def test_an_official_reads_figures_of_100_and_more_without_decimals(value, value_type, places):
    assert p.shown_decimals(value, value_type) == places


def test_categories_read_in_each_language_and_unknown_ones_as_stored():
    assert p.category_label("mobilité") == "mobilité"
    assert p.category_label("mobilité", "en") == "mobility"
    assert p.category_label("retours usagers", "en") != "retours usagers"
    assert p.category_label("catégorie inconnue", "en") == "catégorie inconnue"


# --- missing values -------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [None, math.nan, float("nan"), pd.NA, pd.NaT])
def test_what_counts_as_missing(value):
    assert values.is_missing(value)
    assert values.or_none(value) is None
    assert values.as_int(value) is None
    assert values.as_float(value) is None


@pytest.mark.parametrize("value", [0, 0.0, "", False, "nan", math.inf])
def test_what_is_a_value_even_if_it_looks_empty(value):
    assert not values.is_missing(value)
    assert values.or_none(value) is value


def test_numbers_read_from_a_frame():
    assert values.as_int(2.0) == 2 and isinstance(values.as_int(2.0), int)
    assert values.as_float(3) == 3.0 and isinstance(values.as_float(3), float)
    frame = pd.DataFrame({"a": [1.5, None], "b": ["x", None]})
    assert values.records(frame) == [{"a": 1.5, "b": "x"}, {"a": None, "b": None}]
    assert values.with_none(frame).iloc[1].tolist() == [None, None]


# --- what a typed text may hold -------------------------------------------------------------------------

@pytest.mark.parametrize(("character", "code"), [
    ("\x00", "U+0000"), ("\x08", "U+0008"), ("\x0b", "U+000B"), ("\x0c", "U+000C"), ("\x0e", "U+000E"),
    ("\x1f", "U+001F"), ("\x7f", "U+007F"), ("\x9f", "U+009F"), ("\ud800", "U+D800"), ("\udfff", "U+DFFF"),
    ("\ufffe", "U+FFFE"), ("\uffff", "U+FFFF"),
])
def test_control_characters_are_refused_in_every_text(character, code):
    assert text.bad_character(f"ab{character}cd") == code
    assert text.bad_character(f"ab{character}cd", multiline=True) == code


@pytest.mark.parametrize(("character", "code"), [("\t", "U+0009"), ("\n", "U+000A"), ("\r", "U+000D"),
                                                 ("\u2028", "U+2028"), ("\u2029", "U+2029")])
def test_line_breaks_and_tabs_only_in_multi_line_texts(character, code):
    assert text.bad_character(f"a{character}b") == code
    assert text.bad_character(f"a{character}b", multiline=True) is None


@pytest.mark.parametrize("clean", ["", "Sceaux", "Évaluation « test » – 12,5 µg/m³ · ok", "\xa0\u202f", "\xa0", "\ud7ff\ue000"])
def test_printable_texts_pass(clean):
    assert text.bad_character(clean) is None


def test_the_first_bad_character_is_named():
    assert text.bad_character("a\x01b\x02") == "U+0001"


def test_printable_strips_what_a_single_line_may_not_hold_then_cuts():
    assert text.printable("  ab\x00c\nd\te  ", 100) == "abcde"
    assert text.printable("abcdef", 3) == "abc"
    assert text.printable(None, 10) == ""
    assert text.printable(12.5, 10) == "12.5"


def test_labels_default_to_french():
    french = scoring.criterion("deployment").labels
    assert scoring.level_label("deployment", 2) == french[2]
    assert p.display_name("satisfaction", "Satisfaction des usagers") == "Satisfaction des usagers"
    assert p.display_name("unknown-code", "Nom seul", "en") == "Nom seul"  # no translation: the library's name
    assert not scoring.is_deployed(3, abandoned=True) and scoring.is_deployed(3)


@pytest.mark.parametrize(("role", "own", "active", "expected"), [
    ("admin", None, True, True), ("staff", None, True, True),  # the whole catalogue
    ("agent", SCEAUX, True, True),  # their commune's status changes
    ("agent", None, True, False), ("viewer", SCEAUX, True, False), (None, None, True, False),
    ("unknown", SCEAUX, True, False), ("staff", None, False, False), ("agent", SCEAUX, False, False),
])
def test_who_has_something_to_do_in_the_catalogue(role, own, active, expected):
    assert rights.may_keep_catalogue(role, own, active) is expected


@pytest.mark.parametrize(("typed", "formula"), [
    ("\tsans signe", True), ("\rsans signe", True), ("\nsans signe", True),  # a control start, whatever follows
    ("＝SOMME(A1)", True),  # fullwidth « = », folded as a spreadsheet does
    ("\u2a75 A1", True),  # « ⩵ » folds to « == »: its first character is « = »
    ("\u200b=1", True), ("\u00a0+1", True),  # an invisible or non-breaking space first
    ("a=1", False), ("", False), ("\u200b", False), ("1-2", False),
])
def test_what_a_spreadsheet_would_run_as_a_formula(typed, formula):
    assert text.runs_as_formula(typed) is formula


@pytest.mark.parametrize(("typed", "formula"), [
    ("|cmd", True), ("%0A", True), ("+1", True), ("-1", True), ("@A1", True), ("=1", True),
    ("   =1", True), ("\u2028=1", True), ("\ufeff-1", True), ("'=1", False), ("1=1", False), ("a|b", False),
])
def test_each_formula_start_alone(typed, formula):
    assert text.runs_as_formula(typed) is formula


@pytest.mark.parametrize(("read", "typed"), [
    ("'=1+1", "=1+1"), ("'@SUM(A1)", "@SUM(A1)"), ("'\t=x", "\t=x"), ("'\u00a0+1", "\u00a0+1"),
    ("'abc", "'abc"),  # an apostrophe before an ordinary text was typed: it stays
    ("'", "'"), ("''=1", "''=1"), ("=1", "=1"), ("", ""), ("a'=1", "a'=1"),
])
def test_an_imported_text_loses_only_the_guard_an_export_put_before_a_formula(read, typed):
    assert text.unguarded(read) == typed


def test_an_indicator_and_its_category_are_named_in_french_unless_asked_otherwise():
    from qmi.i18n.indicators import NAMES_EN

    code = next(iter(NAMES_EN))
    assert p.display_name(code, "Nom français") == p.display_name(code, "Nom français", "fr") == "Nom français"
    assert p.display_name(code, "Nom français", "en") == NAMES_EN[code]
    assert p.category_label("environnement") == p.category_label("environnement", "fr") == "environnement"
    assert p.category_label("environnement", "en") == "environment"


# --- essaimage: the replicability part of a reason, and names in each language -------------------------

def test_the_reason_names_the_two_best_scores_of_2_or_more_and_every_score_of_1_or_less():
    scores = {"commercial_traction": 2, "industrialisation": 3, "operational_ease": 2, "financial_stability": 1}
    evidence = essaimage._replicability_evidence(scores, True, "fr")
    # 3 before 2; of the two 2s, the criterion first in the record's order; 1 is a point to watch.
    assert (evidence.component, evidence.text, evidence.is_demo) == (
        "replicability", "industrialisable, traction commerciale forte ; à surveiller : stabilité financière 1/3", True)
    english = essaimage._replicability_evidence(
        {"commercial_traction": 2, "industrialisation": 3, "operational_ease": 0, "financial_stability": 1}, False, "en")
    assert (english.text, english.is_demo) == (
        "can be industrialised, strong commercial traction; to watch: operational ease 0/3, financial stability 1/3",
        False)


def test_a_profile_with_no_score_above_1_or_below_2_gives_no_replicability_reason():
    assert essaimage._replicability_evidence({}, False, "fr") is None


def test_challenge_and_component_names_follow_the_language():
    assert essaimage.challenge_name(None, None, "en") == "Unclassified"
    assert essaimage.challenge_name(None, None, "fr") == "Non classé"
    assert essaimage.component_name("challenge", "en") == "Shared challenge"
    assert essaimage.component_name("challenge", "fr") == "Défi partagé"
    assert essaimage.challenge_name("espaces-publics", "Nom de la base", "fr") == "Nom de la base"
    assert essaimage.challenge_name("espaces-publics", "Nom de la base", "en") != "Nom de la base"
