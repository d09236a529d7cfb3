"""The exact words a person reads when a measurement or an assessment is refused, and what the form says
before they type: every field, every kind of refusal, in French and in English. Pure (no store)."""

from __future__ import annotations

from datetime import date

import pytest

from qmi.models import Indicator, Project
from qmi.services.validation import allowed_values, check_assessment, check_measurement, number_message

TODAY = date(2025, 6, 1)
JOBS = Indicator(code="SOC-JOBS", name="Emplois", category="social", unit="emplois", value_type="count",
                 min_value=0, max_value=1000, source="-")
SHARE = Indicator(code="ENV-SHARE", name="Part", category="env", unit="%", value_type="percent", source="-")
PROJECT = Project(id=7, slug="p", name="P", organisation="O", commune_insee="92048", edition_id=1, source="-",
                  start_date=date(2024, 1, 1), end_date=date(2025, 3, 31))


def measurement(**changes):
    raw = {"project_id": 7, "indicator_code": "SOC-JOBS", "period_start": "01/03/2024", "value": "12"}
    raw.update(changes)
    return raw


def errors_of(raw, project=PROJECT, indicator=JOBS, lang="fr"):
    data, errors = check_measurement(raw, project, indicator, TODAY, lang)
    assert (data is None) == bool(errors)
    return errors


def test_a_good_measurement_passes_with_its_french_formats():
    data, errors = check_measurement(measurement(value="1 000", period_end="31/03/2024"), PROJECT, JOBS, TODAY)
    assert errors == {}
    assert data.value == 1000 and data.period_start == date(2024, 3, 1) and data.period_end == date(2024, 3, 31)


@pytest.mark.parametrize(("changes", "field", "fr", "en"), [
    ({"value": ""}, "value", "Ce champ est obligatoire.", "This field is required."),
    ({"value": "douze"}, "value", "« douze » n'est pas un nombre (exemple : 12,5).", "“douze” is not a number (e.g. 12.5)."),
    ({"value": "1,234.5"}, "value",
     "« 1,234.5 » est ambigu : écrivez les milliers avec des espaces et les décimales après une virgule (exemple : 1 234,5 ou 1234,5).",
     "“1,234.5” is ambiguous: group thousands with spaces, or not at all, and use one decimal separator (e.g. 1 234.5 or 1234.5)."),
    ({"value": "1e16"}, "value", "« 1e16 » est hors des limites : 1\u202f000\u202f000\u202f000\u202f000\u202f000 au plus, en valeur absolue.",
     "“1e16” is out of range: 1,000,000,000,000,000 at most, in absolute value."),
    ({"value": "12,5"}, "value", "Un nombre entier est attendu (c'est un comptage).", "A whole number is expected (this is a count)."),
    ({"value": "1001"}, "value", "La valeur doit être au plus 1\u202f000 emplois.", "The value must be at most 1,000 emplois."),
    ({"value": "-1"}, "value", "La valeur doit être au moins 0 emplois.", "The value must be at least 0 emplois."),
    ({"period_start": ""}, "period_start", "Ce champ est obligatoire.", "This field is required."),
    ({"period_start": "hier"}, "period_start", "« hier » n'est pas une date (exemple : 01/03/2024).",
     "“hier” is not a date (e.g. 2024-03-01)."),
    ({"period_start": "02/06/2025"}, "period_start", "La période ne peut pas être dans le futur.", "The period cannot be in the future."),
    ({"period_start": "2023-12-31"}, "period_start", "La période commence avant le début de l'expérimentation (1er janvier 2024).",
     "The period starts before the experiment began (1 January 2024)."),
    ({"period_start": "2025-04-01"}, "period_start", "La période commence après la fin de l'expérimentation (31 mars 2025).",
     "The period starts after the experiment ended (31 March 2025)."),
    ({"period_end": "29/02/2024"}, "period_end", "La fin de période précède son début.", "The period ends before it starts."),
    ({"period_end": "2025-06-02"}, "period_end", "La période ne peut pas être dans le futur.", "The period cannot be in the future."),
    ({"period_end": "2014-12-31"}, "period_end", "La date doit être comprise entre le 1er janvier 2015 et le 1er juin 2025.",
     "The date must lie between 1 January 2015 and 1 June 2025."),
    ({"period_end": "la veille"}, "period_end", "« la veille » n'est pas une date (exemple : 01/03/2024).",
     "“la veille” is not a date (e.g. 2024-03-01)."),
    ({"comment": "x" * 2001}, "comment", "Texte trop long (2000 caractères au plus).", "Text too long (2000 characters at most)."),
    ({"source": "x" * 501}, "source", "Texte trop long (500 caractères au plus).", "Text too long (500 characters at most)."),
    ({"source": "a\tb"}, "source",
     "Ce texte contient un caractère invisible non admis (U+0009), souvent venu d'un copier-coller : retirez-le.",
     "This text holds an invisible character that is not allowed (U+0009), often from a copy-paste: remove it."),
])
def test_each_refused_field_reads_its_own_message_in_each_language(changes, field, fr, en):
    assert errors_of(measurement(**changes)) == {field: fr}
    assert errors_of(measurement(**changes), lang="en") == {field: en}


def test_the_limits_are_accepted_exactly_and_refused_one_past():
    assert errors_of(measurement(value="1000")) == {}
    assert errors_of(measurement(value="0")) == {}
    assert errors_of(measurement(comment="x" * 2000, source="y" * 500)) == {}
    assert errors_of(measurement(comment="deux\tlignes\nsuivies")) == {}  # a comment may hold tabs and lines
    assert errors_of(measurement(comment="a\x07b")) == {"comment": "Ce texte contient un caractère invisible non admis (U+0007), souvent venu d'un copier-coller : retirez-le."}
    assert errors_of(measurement(period_start="01/01/2024")) == {}  # the experiment's first day
    assert errors_of(measurement(period_start="31/03/2025")) == {}  # its last day
    assert errors_of(measurement(period_start="2023-12-31", period_end="2024-01-31"))["period_start"].startswith("La période commence avant")
    no_dates = PROJECT.model_copy(update={"start_date": None, "end_date": None})
    assert errors_of(measurement(period_start="2015-01-01"), project=no_dates) == {}
    assert errors_of(measurement(period_start="2014-12-31"), project=no_dates) == {
        "period_start": "La date doit être comprise entre le 1er janvier 2015 et le 1er juin 2025."}
    assert errors_of(measurement(period_start="01/06/2025"), project=no_dates) == {}  # today
    assert errors_of(measurement(value=str(10**15))) == {"value": "La valeur doit être au plus 1\u202f000 emplois."}
    assert "hors des limites" in errors_of(measurement(value=str(10**15 + 1)))["value"]
    assert "hors des limites" in errors_of(measurement(value=10**15 + 1))["value"]  # an int cell of a workbook


def test_percent_and_unknown_rows_have_their_own_messages():
    assert errors_of(measurement(value="100,5"), indicator=SHARE) == {"value": "Un pourcentage doit être compris entre 0 et 100."}
    assert errors_of(measurement(value="100"), indicator=SHARE) == {}
    assert errors_of(measurement(project_id="999"), project=None) == {"project_id": "Expérimentation inconnue : « 999 »."}
    assert errors_of(measurement(project_id=""), project=None) == {"project_id": "Ce champ est obligatoire."}
    assert errors_of(measurement(indicator_code="NOPE"), indicator=None) == {"indicator_code": "Indicateur inconnu : « NOPE »."}
    assert errors_of(measurement(indicator_code=" "), indicator=None) == {"indicator_code": "Ce champ est obligatoire."}
    assert errors_of(measurement(project_id="abc"), project=None) == {"project_id": "Expérimentation inconnue : « abc »."}


def test_every_problem_of_a_form_is_said_at_once():
    errors = errors_of(measurement(value="douze", period_start="hier", comment="x" * 2001))
    assert errors == {"value": "« douze » n'est pas un nombre (exemple : 12,5).",
                      "period_start": "« hier » n'est pas une date (exemple : 01/03/2024).",
                      "comment": "Texte trop long (2000 caractères au plus)."}
    # a value refused by pydantic is still held against its indicator, and the period against the experiment
    errors = errors_of(measurement(value="1001", period_start="2025-07-01", comment="x" * 2001))
    assert errors["value"] == "La valeur doit être au plus 1\u202f000 emplois."
    assert errors["period_start"] == "La période ne peut pas être dans le futur."


def assessment(**changes):
    raw = {"project_id": 7, "assessed_on": "15/03/2024", "assessor": "Paris&Co", "deployment": 2,
           "commercial_traction": 1, "industrialisation": 0, "operational_ease": 3, "financial_stability": 2}
    raw.update(changes)
    return raw


@pytest.mark.parametrize(("changes", "field", "fr", "en"), [
    ({"deployment": 4}, "deployment", "Choisissez un niveau de 0 à 3.", "Choose a level from 0 to 3."),
    ({"financial_stability": -1}, "financial_stability", "Choisissez un niveau de 0 à 3.", "Choose a level from 0 to 3."),
    ({"operational_ease": "beaucoup"}, "operational_ease", "Choisissez un niveau de 0 à 3.", "Choose a level from 0 to 3."),
    ({"deployment": ""}, "deployment", "Ce champ est obligatoire.", "This field is required."),
    ({"assessor": " "}, "assessor", "Ce champ est obligatoire.", "This field is required."),
    ({"assessor": "x" * 201}, "assessor", "Texte trop long (200 caractères au plus).", "Text too long (200 characters at most)."),
    ({"assessed_on": "demain"}, "assessed_on", "« demain » n'est pas une date (exemple : 01/03/2024).",
     "“demain” is not a date (e.g. 2024-03-01)."),
    ({"assessed_on": 45000}, "assessed_on", "« 45000 » n'est pas une date (exemple : 01/03/2024).",
     "“45000” is not a date (e.g. 2024-03-01)."),
    ({"assessed_on": "2025-06-02"}, "assessed_on", "La période ne peut pas être dans le futur.", "The period cannot be in the future."),
    ({"assessed_on": "2022-12-31"}, "assessed_on", "La date doit être comprise entre le 1er janvier 2023 et le 1er juin 2025.",
     "The date must lie between 1 January 2023 and 1 June 2025."),
    ({"project_id": "x"}, "project_id", "Expérimentation inconnue : « x ».", "Unknown experiment: “x”."),
    ({"comment": "x" * 2001}, "comment", "Texte trop long (2000 caractères au plus).", "Text too long (2000 characters at most)."),
])
def test_each_refused_assessment_field_reads_its_own_message(changes, field, fr, en):
    assert check_assessment(assessment(**changes), TODAY) == (None, {field: fr})
    assert check_assessment(assessment(**changes), TODAY, "en") == (None, {field: en})


def test_an_assessment_at_its_limits_passes():
    data, errors = check_assessment(assessment(assessed_on="01/01/2023", assessor="x" * 200, deployment=3,
                                               industrialisation=0, comment="x" * 2000), TODAY)
    assert errors == {} and data.assessed_on == date(2023, 1, 1) and data.deployment == 3
    assert check_assessment(assessment(assessed_on="01/06/2025"), TODAY)[1] == {}  # today


@pytest.mark.parametrize(("kind", "low", "high", "fr", "en"), [
    ("count", 0, 1000, "nombre entier, de 0 à 1\u202f000", "whole number, from 0 to 1,000"),
    ("count", None, None, "nombre entier, tout nombre", "whole number, any number"),
    ("number", 2.5, None, "au moins 2,5", "at least 2.5"),
    ("number", 2.25, 3, "de 2,25 à 3", "from 2.25 to 3"),
    ("number", None, 10, "au plus 10", "at most 10"),
    ("number", float("nan"), float("nan"), "tout nombre", "any number"),
    ("number", None, None, "tout nombre", "any number"),
    ("percent", None, None, "de 0 à 100", "from 0 to 100"),
    ("percent", -5, 150, "de 0 à 100", "from 0 to 100"),
    ("percent", 10, 50, "de 10 à 50", "from 10 to 50"),
    ("scale_1_5", None, None, "de 1 à 5", "from 1 to 5"),
    ("scale_1_5", 0, 9, "de 1 à 5", "from 1 to 5"),
    ("scale_1_5", 2, 4, "de 2 à 4", "from 2 to 4"),
    ("boolean", 0, 1, "0 (non) ou 1 (oui)", "0 (no) or 1 (yes)"),
])
def test_the_form_says_what_it_accepts_before_anyone_types(kind, low, high, fr, en):
    assert allowed_values(kind, low, high) == fr
    assert allowed_values(kind, low, high, "en") == en


def test_a_refused_number_is_quoted_back_with_its_reason():
    assert number_message("not_number", "abc") == "« abc » n'est pas un nombre (exemple : 12,5)."
    assert number_message("ambiguous_number", "1.234.567", "en").startswith("“1.234.567” is ambiguous")
    assert number_message("number_range", "9e99", "en") == "“9e99” is out of range: 1,000,000,000,000,000 at most, in absolute value."
