"""Each rule of ``qmi.services.validation`` alone, at its limits (the numbers written out): the ids and
codes that may be looked up, a value against its indicator's type and bounds, a period against its
dates, the assessors' scores and staff's consolidation, and a field left out of the form rather than
left empty. Pure (no store); tests/unit/test_validation_messages.py has the words of every refusal."""

from __future__ import annotations

from datetime import date

import pytest

from qmi.models import Indicator, Project
from qmi.services.validation import (
    allowed_values,
    check_assessment,
    check_consolidation,
    check_measurement,
    check_score,
    code_key,
    parse_number,
    period_problems,
    project_key,
    shown,
    text_problem,
    value_problem,
)

TODAY = date(2025, 6, 1)
PROJECT = Project(id=7, slug="p", name="P", organisation="O", commune_insee="92048", edition_id=1, source="-",
                  start_date=date(2024, 1, 1), end_date=date(2025, 3, 31))
REQUIRED, REQUIRED_EN = "Ce champ est obligatoire.", "This field is required."
SCORE = "Choisissez un niveau de 0 à 3."
KIND, KIND_EN = "Choisissez une qualité d'évaluateur de la liste.", "Choose an assessor role from the list."
REASON, REASON_EN = "Écrivez le motif de la consolidation.", "Write the reason for the consolidation."


def indicator(value_type="number", low=None, high=None, unit="t"):
    return Indicator(code="X-1", name="X", category="env", unit=unit, value_type=value_type, min_value=low,
                     max_value=high, source="-")


# --- what may be looked up ----------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "expected"), [
    (1, 1), (0, None), (-3, None), (2147483647, 2147483647), (2147483648, None),
    ("1", 1), (" 7 ", 7), ("0", None), ("2147483647", 2147483647), ("2147483648", None),
    ("12345678901", None), ("abc", None), ("7a", None), ("-7", None), ("", None), (None, None),
    (True, None), (False, None),
])
def test_an_experiment_id_is_a_whole_number_from_1_to_2147483647(raw, expected):
    assert project_key(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("SOC-JOBS", "SOC-JOBS"), ("  SOC-JOBS ", "SOC-JOBS"), ("A" * 80, "A" * 80), ("A" * 81, None),
    ("", None), ("   ", None), (None, None), ("a\x00b", None), ("a\tb", None),
])
def test_a_code_is_1_to_80_characters_on_one_line(raw, expected):
    assert code_key(raw) == expected


def test_a_refused_value_is_quoted_back_on_one_line_and_cut_at_60_characters():
    assert shown("x" * 60) == "x" * 60
    assert shown("x" * 61) == "x" * 60 + "…"
    assert shown("y" * 10, limit=9) == "y" * 9 + "…"
    assert shown("x" * 60 + " y") == "x" * 60 + "…"  # cut just before a space: still marked as cut
    assert shown("x" * 59 + " y") == "x" * 59 + "…"  # no space before the « … »
    assert shown("  " + "x" * 60 + "  ") == "x" * 60  # the ends' spaces are not counted
    assert shown("a\tb\nc") == "abc"
    assert shown(None) == ""


# --- a value against its indicator ---------------------------------------------------------------------

@pytest.mark.parametrize(("value_type", "accepted", "refused", "fr", "en"), [
    ("count", (0, 3.0, 1000), (3.5, 0.1), "Un nombre entier est attendu (c'est un comptage).",
     "A whole number is expected (this is a count)."),
    ("boolean", (0, 1), (2, 0.5, -1), "La valeur doit être 0 (non) ou 1 (oui).", "The value must be 0 (no) or 1 (yes)."),
    ("scale_1_5", (1, 3, 5), (0.99, 5.01, 0), "La note doit être comprise entre 1 et 5.",
     "The score must be between 1 and 5."),
    ("percent", (0, 50, 100), (-0.01, 100.01), "Un pourcentage doit être compris entre 0 et 100.",
     "A percentage must be between 0 and 100."),
])
def test_a_value_fits_its_type_exactly_at_the_limits(value_type, accepted, refused, fr, en):
    for value in accepted:
        assert value_problem(value, indicator(value_type)) is None, value
    for value in refused:
        assert value_problem(value, indicator(value_type)) == fr, value
        assert value_problem(value, indicator(value_type), "en") == en, value


def test_a_value_fits_its_indicators_bounds_both_sides():
    bounded = indicator(low=2.5, high=10, unit="kg")
    assert value_problem(2.5, bounded) is None and value_problem(10, bounded) is None
    assert value_problem(2.49, bounded) == "La valeur doit être au moins 2,5 kg."
    assert value_problem(2.49, bounded, "en") == "The value must be at least 2.5 kg."
    assert value_problem(10.01, bounded) == "La valeur doit être au plus 10 kg."
    assert value_problem(10.01, bounded, "en") == "The value must be at most 10 kg."
    assert value_problem(-1e12, indicator()) is None  # no bounds: any number


def test_a_bound_is_written_with_at_most_two_decimals():
    assert allowed_values("number", 0.333, None) == "au moins 0,33"
    assert allowed_values("number", None, 1234.5, "en") == "at most 1,234.5"


# --- a period against its dates ------------------------------------------------------------------------

def test_a_period_may_end_on_its_first_day_on_the_first_of_2015_or_today():
    first = date(2015, 1, 1)
    assert period_problems(first, first, None, TODAY) == {}
    assert period_problems(date(2024, 3, 1), date(2024, 3, 1), PROJECT, TODAY) == {}
    assert period_problems(date(2025, 3, 1), TODAY, PROJECT, TODAY) == {}


def test_a_period_refused_one_day_past_each_limit():
    assert period_problems(date(2024, 3, 2), date(2024, 3, 1), PROJECT, TODAY) == {
        "period_end": "La fin de période précède son début."}
    assert period_problems(date(2025, 3, 1), date(2025, 6, 2), PROJECT, TODAY, "en") == {
        "period_end": "The period cannot be in the future."}
    assert period_problems(date(2014, 12, 31), date(2014, 12, 31), None, TODAY, "en") == {
        "period_start": "The date must lie between 1 January 2015 and 1 June 2025.",
        "period_end": "The date must lie between 1 January 2015 and 1 June 2025."}
    assert period_problems(date(2025, 6, 2), None, None, TODAY) == {
        "period_start": "La période ne peut pas être dans le futur."}


# --- a measurement form --------------------------------------------------------------------------------

JOBS = indicator("count", 0, 1000, "emplois")


def measurement(**changes):
    raw = {"project_id": 7, "indicator_code": "SOC-JOBS", "period_start": "01/03/2024", "value": "12"}
    raw.update(changes)
    return {key: value for key, value in raw.items() if value is not ...}


@pytest.mark.parametrize(("value", "quoted"), [("1e999", "1e999"), (float("inf"), "inf"), (float("nan"), "nan"),
                                               (float("-inf"), "-inf")])
def test_an_infinite_or_undefined_number_is_not_a_number(value, quoted):
    assert check_measurement(measurement(value=value), PROJECT, JOBS, TODAY) == (
        None, {"value": f"« {quoted} » n'est pas un nombre (exemple : 12,5)."})


def test_a_number_is_at_most_1e15_whatever_the_cell_holds():
    assert parse_number(10**15) == 1e15 and parse_number(-(10**15)) == -1e15 and parse_number(1e15) == 1e15
    range_fr = "« {} » est hors des limites : 1\u202f000\u202f000\u202f000\u202f000\u202f000 au plus, en valeur absolue."
    for cell, quoted in ((10**15 + 1, "1000000000000001"), (1e16, "1e+16"), (-1e16, "-1e+16")):
        assert check_measurement(measurement(value=cell), PROJECT, JOBS, TODAY)[1] == {"value": range_fr.format(quoted)}
    assert check_measurement(measurement(value=None), PROJECT, JOBS, TODAY)[1] == {"value": REQUIRED}


def test_a_typed_text_is_refused_one_past_its_limit_or_for_a_control_character():
    assert text_problem("x" * 100, 100) is None and text_problem(None, 1) is None and text_problem("", 0) is None
    assert text_problem("x" * 101, 100) == "Texte trop long (100 caractères au plus)."
    assert text_problem("x" * 101, 100, "en") == "Text too long (100 characters at most)."
    assert text_problem("a\tb", 100) == (
        "Ce texte contient un caractère invisible non admis (U+0009), souvent venu d'un copier-coller : retirez-le.")
    assert text_problem("a\tb", 100, "en").startswith("This text holds an invisible character that is not allowed (U+0009)")
    assert text_problem("a\tb\nc", 100, multiline=True) is None  # a reason or a comment may hold tabs and lines
    assert text_problem("a\x00b", 100, multiline=True) == (
        "Ce texte contient un caractère invisible non admis (U+0000), souvent venu d'un copier-coller : retirez-le.")


def test_a_field_left_out_of_the_form_is_required_like_an_empty_one():
    for field in ("value", "period_start", "project_id", "indicator_code"):
        assert check_measurement(measurement(**{field: ...}), PROJECT, JOBS, TODAY) == (None, {field: REQUIRED})
        assert check_measurement(measurement(**{field: ...}), PROJECT, JOBS, TODAY, "en") == (None, {field: REQUIRED_EN})


def test_an_unknown_experiment_or_indicator_is_named_in_english_too():
    assert check_measurement(measurement(project_id="999"), None, JOBS, TODAY, "en") == (
        None, {"project_id": "Unknown experiment: “999”."})
    assert check_measurement(measurement(indicator_code="NOPE"), PROJECT, None, TODAY, "en") == (
        None, {"indicator_code": "Unknown indicator: “NOPE”."})
    assert check_measurement(measurement(indicator_code=" "), PROJECT, None, TODAY, "en") == (
        None, {"indicator_code": REQUIRED_EN})
    assert check_measurement(measurement(project_id=0), None, JOBS, TODAY) == (
        None, {"project_id": "Expérimentation inconnue : « 0 »."})


def test_with_a_refused_value_the_period_is_still_held_against_its_dates():
    data, errors = check_measurement(measurement(value="douze", period_end="29/02/2024"), PROJECT, JOBS, TODAY)
    assert data is None and errors == {"value": "« douze » n'est pas un nombre (exemple : 12,5).",
                                       "period_end": "La fin de période précède son début."}


def test_a_comment_and_a_source_left_out_are_stored_empty():
    data, errors = check_measurement(measurement(comment=None, source=None), PROJECT, JOBS, TODAY)
    assert errors == {} and (data.comment, data.source, data.period_end) == ("", "", None)


def test_assessment_fields_left_out_are_required_and_an_id_out_of_range_is_unknown():
    raw = {"project_id": 7, "assessed_on": "15/03/2024", "assessor": "Paris&Co", "deployment": 2,
           "commercial_traction": 1, "industrialisation": 0, "operational_ease": 3, "financial_stability": 2}
    for field in ("deployment", "assessor", "assessed_on", "project_id"):
        assert check_assessment({k: v for k, v in raw.items() if k != field}, TODAY) == (None, {field: REQUIRED})
    assert check_assessment(raw | {"project_id": 2147483648}, TODAY, "en") == (
        None, {"project_id": "Unknown experiment: “2147483648”."})
    assert check_assessment(raw | {"deployment": 1.5}, TODAY) == (None, {"deployment": SCORE})
    data, errors = check_assessment(raw | {"assessor": 2024}, TODAY)  # a number in a spreadsheet cell
    assert errors == {} and data.assessor == "2024"


# --- one assessor's scores, and staff's consolidation --------------------------------------------------

LEVELS = {"deployment": 3, "commercial_traction": 0, "industrialisation": 1, "operational_ease": 2,
          "financial_stability": 2}


def test_an_assessors_scores_pass_with_their_kind_and_comment():
    data, errors = check_score(LEVELS | {"kind": "independent", "comment": "x" * 2000})
    assert errors == {} and (data.kind, data.deployment, data.commercial_traction) == ("independent", 3, 0)
    assert check_score(LEVELS | {"kind": "paris_co"})[1] == {} and check_score(LEVELS | {"kind": "commune"})[1] == {}


@pytest.mark.parametrize(("changes", "field", "fr", "en"), [
    ({"kind": "jury"}, "kind", KIND, KIND_EN),
    ({"kind": 5}, "kind", KIND, KIND_EN),
    ({"kind": " "}, "kind", REQUIRED, REQUIRED_EN),
    ({"kind": ...}, "kind", REQUIRED, REQUIRED_EN),
    ({"deployment": 4}, "deployment", SCORE, "Choose a level from 0 to 3."),
    ({"financial_stability": -1}, "financial_stability", SCORE, "Choose a level from 0 to 3."),
    ({"operational_ease": ...}, "operational_ease", REQUIRED, REQUIRED_EN),
    ({"comment": "x" * 2001}, "comment", "Texte trop long (2000 caractères au plus).", "Text too long (2000 characters at most)."),
])
def test_each_refused_score_field_reads_its_own_message(changes, field, fr, en):
    raw = {key: value for key, value in (LEVELS | {"kind": "independent"} | changes).items() if value is not ...}
    assert check_score(raw) == (None, {field: fr})
    assert check_score(raw, "en") == (None, {field: en})


def test_a_consolidation_needs_its_reason_of_at_most_2000_characters():
    data, errors = check_consolidation(LEVELS | {"reason": "x" * 2000})
    assert errors == {} and data.reason == "x" * 2000 and data.deployment == 3
    assert check_consolidation(LEVELS | {"reason": "deux\tlignes\nici"})[1] == {}


@pytest.mark.parametrize(("changes", "field", "fr", "en"), [
    ({"reason": " "}, "reason", REASON, REASON_EN),
    ({"reason": None}, "reason", REASON, REASON_EN),
    ({"reason": ...}, "reason", REQUIRED, REQUIRED_EN),
    ({"reason": "x" * 2001}, "reason", "Texte trop long (2000 caractères au plus).", "Text too long (2000 characters at most)."),
    ({"reason": "a\x07b"}, "reason",
     "Ce texte contient un caractère invisible non admis (U+0007), souvent venu d'un copier-coller : retirez-le.",
     "This text holds an invisible character that is not allowed (U+0007), often from a copy-paste: remove it."),
    ({"industrialisation": "trois"}, "industrialisation", SCORE, "Choose a level from 0 to 3."),
    ({"industrialisation": ""}, "industrialisation", REQUIRED, REQUIRED_EN),
])
def test_each_refused_consolidation_field_reads_its_own_message(changes, field, fr, en):
    raw = {key: value for key, value in (LEVELS | {"reason": "Accord"} | changes).items() if value is not ...}
    assert check_consolidation(raw) == (None, {field: fr})
    assert check_consolidation(raw, "en") == (None, {field: en})
