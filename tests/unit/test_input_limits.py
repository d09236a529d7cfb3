"""Values checked before they are stored (issue #14): numbers, dates, texts, ids and URL parameters.
Each refusal is the message a user reads, on SQLite and PostgreSQL alike (NUL used to crash PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from pydantic_core import PydanticCustomError
from sqlmodel import Session, select

from qmi.domain import params
from qmi.domain.essaimage import Weights
from qmi.models import Project, User
from qmi.services import assessments, auth, communes, measurements, protocols, users
from qmi.services.errors import ServiceError, ValidationFailed
from qmi.services.validation import check_assessment, parse_number
from tests.unit.test_imports import make_user

TODAY = date(2025, 6, 1)
AMBIGUOUS = "est ambigu : écrivez les milliers avec des espaces et les décimales après une virgule (exemple : 1 234,5 ou 1234,5)."


def kunagi(engine) -> int:
    with Session(engine) as session:
        return session.exec(select(Project).where(Project.slug == "kunagi")).one().id


def entry(project_id, value="12", **extra):
    return {"project_id": project_id, "indicator_code": "SOC-JOBS", "period_start": "2024-03-01", "value": value, **extra}


def refused(engine, raw) -> dict[str, str]:
    with Session(engine) as session:
        user = session.exec(select(User).where(User.username == "staff")).first()
    with pytest.raises(ValidationFailed) as error:
        measurements.record(engine, user or make_user(engine), raw, today=TODAY)
    return error.value.errors


# --- numbers ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "value"), [
    ("1 234,5", 1234.5), ("1\u202f234,5", 1234.5), ("1\u00a0234,5", 1234.5), ("12,5", 12.5), ("1234.5", 1234.5),
    ("1.234,5", 1234.5), ("12.345.678,9", 12345678.9), ("1 234 567,89", 1234567.89), ("1 234.5", 1234.5),
    ("-3,5", -3.5), ("\u22123,5", -3.5), ("+2", 2.0), ("0,5", 0.5), (",5", 0.5), ("1e3", 1000.0), ("1,5E3", 1500.0),
    ("1'234,5", 1234.5), (" 12 ", 12.0), (12, 12.0), (12.5, 12.5), (True, 1.0), ("1,234", 1.234),
])
def test_numbers_as_french_spreadsheets_write_them_are_read(raw, value):
    assert parse_number(raw) == value


@pytest.mark.parametrize("raw", ["1,234.5", "1.234.567", "12 5", "1,234,567", "1.23,5", "1 23,5", "1 2345,6", "1.2345,6", "1,2,3"])
def test_ambiguous_numbers_are_refused_with_an_example(engine, raw):
    assert refused(engine, entry(kunagi(engine), raw)) == {"value": f"« {raw} » {AMBIGUOUS}"}


@pytest.mark.parametrize("raw", ["douze", "nan", "NaN", "inf", "-Infinity", "²", "١٢", "1_000", "0x10", "1e9999",
                                 "9" * 41, "12 %", "--1", "1e", "."])
def test_what_is_no_number_is_refused_as_such(engine, raw):
    assert refused(engine, entry(kunagi(engine), raw))["value"].endswith("n'est pas un nombre (exemple : 12,5).")


@pytest.mark.parametrize("raw", [10**400, 1e300, -1e16, "1e20"])
def test_numbers_beyond_any_indicator_are_refused_without_overflow(raw):
    with pytest.raises(PydanticCustomError) as error:
        parse_number(raw)
    assert error.value.type == "number_range"


def test_a_huge_integer_value_gives_the_range_message(engine):
    message = refused(engine, entry(kunagi(engine), 10**400))["value"]
    assert "est hors des limites : 1" in message and "au plus, en valeur absolue" in message


# --- dates -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("period", ["0001-01-01", "2014-12-31", "01/01/1900"])
def test_periods_before_2015_are_refused_with_the_range(engine, period):
    errors = refused(engine, entry(kunagi(engine), period_start=period))
    assert errors == {"period_start": "La date doit être comprise entre le 1er janvier 2015 et le 1er juin 2025."}


def test_an_impossible_or_gigantic_date_is_not_a_date(engine):
    assert refused(engine, entry(kunagi(engine), period_start="2024-02-30"))["period_start"].startswith("« 2024-02-30 » n'est pas une date")
    message = refused(engine, entry(kunagi(engine), period_start="1" * 1_000_000))["period_start"]
    assert len(message) < 120


@pytest.mark.parametrize(("day", "message"), [
    ("0001-01-01", "La date doit être comprise entre le 1er janvier 2023 et le 1er juin 2025."),
    ("2022-12-31", "La date doit être comprise entre le 1er janvier 2023 et le 1er juin 2025."),
    ("2025-06-02", "La période ne peut pas être dans le futur."),
])
def test_assessments_lie_within_the_programme(day, message):
    raw = {"project_id": 1, "assessed_on": day, "assessor": "A", **dict.fromkeys(
        ("deployment", "commercial_traction", "industrialisation", "operational_ease", "financial_stability"), 1)}
    assert check_assessment(raw, TODAY) == (None, {"assessed_on": message})


# --- texts -----------------------------------------------------------------------------------------

CONTROL = "Ce texte contient un caractère invisible non admis ({}), souvent venu d'un copier-coller : retirez-le."


@pytest.mark.parametrize(("field", "text", "char"), [
    ("comment", "a\x00b", "U+0000"), ("comment", "\x1b[31m", "U+001B"), ("comment", "a\x7fb", "U+007F"),
    ("comment", "a\x85b", "U+0085"), ("comment", "a\ud800b", "U+D800"), ("comment", "a\uffffb", "U+FFFF"),
    ("source", "a\x00", "U+0000"), ("source", "a\nb", "U+000A"), ("source", "a\tb", "U+0009"), ("source", "a\u2028b", "U+2028"),
])
def test_control_characters_are_refused_on_both_databases(engine, field, text, char):
    assert refused(engine, entry(kunagi(engine), **{field: text})) == {field: CONTROL.format(char)}


def test_a_comment_may_span_lines(engine):
    row = measurements.record(engine, make_user(engine), entry(kunagi(engine), comment="ligne 1\nligne 2\ttab"), today=TODAY)
    assert row.comment == "ligne 1\nligne 2\ttab"


def test_a_nul_in_the_indicator_code_is_an_unknown_indicator(engine):
    assert refused(engine, {**entry(kunagi(engine)), "indicator_code": "SOC\x00"})["indicator_code"] == "Indicateur inconnu : « SOC »."


@pytest.mark.parametrize("project_id", [2**31, 2**63, 10**30, -1, 0, "99999999999999999999"])
def test_a_huge_project_id_is_an_unknown_experiment_not_an_overflow(engine, project_id):
    assert refused(engine, entry(project_id))["project_id"].startswith("Expérimentation inconnue")


def test_a_withdrawal_reason_is_checked_and_a_huge_id_is_not_found(engine):
    user = make_user(engine)
    row = measurements.record(engine, user, entry(kunagi(engine)), today=TODAY)
    with pytest.raises(ValidationFailed) as error:
        measurements.retract(engine, user, row.id, "motif\x00")
    assert error.value.errors == {"reason": CONTROL.format("U+0000")}
    with pytest.raises(ValidationFailed) as error:
        measurements.retract(engine, user, row.id, "x" * 501)
    assert error.value.errors == {"reason": "Texte trop long (500 caractères au plus)."}
    with pytest.raises(ServiceError) as error:
        measurements.retract(engine, user, 2**70, "motif")
    assert error.value.message() == "Cette mesure n'existe pas."


def test_assessments_refuse_a_nul_assessor_and_a_huge_project(engine):
    raw = {"project_id": kunagi(engine), "assessed_on": "2025-01-10", "assessor": "A\x00", "comment": "", **dict.fromkeys(
        ("deployment", "commercial_traction", "industrialisation", "operational_ease", "financial_stability"), 1)}
    with pytest.raises(ValidationFailed) as error:
        assessments.record(engine, make_user(engine), raw, today=TODAY)
    assert error.value.errors == {"assessor": CONTROL.format("U+0000")}
    with pytest.raises(ValidationFailed) as error:
        assessments.record(engine, make_user(engine, "admin"), {**raw, "assessor": "A", "project_id": 2**40}, today=TODAY)
    assert error.value.errors["project_id"].startswith("Expérimentation inconnue")


def test_protocols_refuse_huge_ids_nul_codes_and_notes(engine):
    user = make_user(engine)
    with pytest.raises(ServiceError) as error:
        protocols.save(engine, user, 2**70, "SOC-JOBS")
    assert error.value.key == "indicators.error.unknown_project"
    with pytest.raises(ServiceError) as error:
        protocols.save(engine, user, kunagi(engine), "SOC\x00JOBS")
    assert error.value.key == "indicators.error.unknown_indicator"
    with pytest.raises(ValidationFailed) as error:
        protocols.save(engine, user, kunagi(engine), "SOC-JOBS", note="a\x00")
    assert error.value.errors == {"note": CONTROL.format("U+0000")}
    with pytest.raises(ValidationFailed) as error:
        protocols.save(engine, user, kunagi(engine), "SOC-JOBS", baseline="1,234.5")
    assert error.value.errors == {"baseline": f"« 1,234.5 » {AMBIGUOUS}"}
    assert protocols.may_edit(engine, user, 2**70) is False


def test_a_display_name_of_one_megabyte_or_with_a_nul_is_refused(engine):
    for name, message in (("x" * 1_000_000, "Texte trop long (100 caractères au plus)."), ("A\x00", CONTROL.format("U+0000"))):
        with pytest.raises(ValidationFailed) as error:
            users.add_user(engine, "someone", "a long password", "staff", display_name=name)
        assert error.value.errors == {"display_name": message}


def test_account_commands_refuse_nul_usernames_and_communes_without_a_database_error(engine):
    with pytest.raises(ValidationFailed) as error:
        users.add_user(engine, "agent1", "a long password", "agent", "9207\x00")
    assert error.value.errors == {"commune_insee": "Commune inconnue : « 9207 »."}
    for command in (lambda: users.set_active(engine, "bad\x00name", False), lambda: users.set_password(engine, "x\x00y", "a long password")):
        with pytest.raises(ServiceError) as error:
            command()
        assert error.value.message().startswith("Compte inconnu")


@pytest.mark.parametrize("username", ["agent\x00", "\x00", "a" * 1_000_000, "agent\ud800"])
def test_a_crafted_sign_in_username_gets_the_normal_refusal(engine, monkeypatch, username):
    monkeypatch.setattr(auth, "_hasher", auth.PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    with pytest.raises(auth.SignInError) as error:
        auth.sign_in(engine, username, "whatever")
    assert error.value.message() == "Identifiant ou mot de passe incorrect."


def test_a_commune_district_with_a_control_character_or_a_nul_code_is_refused(engine):
    user = make_user(engine)
    with pytest.raises(ServiceError) as error:
        communes.update_commune(engine, user, "92071", [], "Quartier\x00")
    assert error.value.message().startswith("Ce texte contient un caractère invisible non admis (U+0000)")
    with pytest.raises(ServiceError) as error:
        communes.update_commune(engine, user, "9207\x00", [], "Quartier")
    assert error.value.key == "essaimage.error.unknown_commune"


# --- URL parameters --------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["²,1,1,1,1", "٣,1,1,1,1", "1111,1,1,1,1", "3,2,2,1", "3,2,2,1,1,1,1", "-1,2,2,1,1",
                                 "3.0,2,2,1,1", "9" * 100_000, "3,2,2,1,\x00", ""])
def test_malformed_weights_give_the_defaults(raw):
    assert Weights.from_param(raw) == Weights()


def test_weights_keep_their_cap_and_spaces():
    assert Weights.from_param(" 9, 0,0,0,0") == replace(Weights(0, 0, 0, 0, 0), challenge=5)


@pytest.mark.parametrize(("raw", "expected"), [
    (None, None), ("", None), ("  ", None), ("SOC-JOBS", "SOC-JOBS"), ("kunagi", "kunagi"), ("soc\x00", "soc"),
    ("a" * 10_000, "a" * 80), ("<script>", "<script>"), ("\x00", "?"), ("92071\n", "92071"),
])
def test_identifiers_from_the_url_are_cleaned_and_cut(raw, expected):
    assert params.identifier(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [(None, ""), ("vélo", "vélo"), ("a\x00b", "ab"), ("x" * 10_000, "x" * 100),
                                               ("a\nb", "ab")])
def test_search_text_from_the_url_is_one_short_line(raw, expected):
    assert params.search(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("2024-06-01", date(2024, 6, 1)), (" 2024-06-01 ", date(2024, 6, 1)), (None, None), ("", None),
    ("2024-02-30", None), ("01/06/2024", None), ("2014-12-31", None), ("2030-01-01", None), ("2024-6-1", None),
    ("२०२४-०६-०१", None), ("2024-06-01" * 1000, None),
])
def test_a_day_from_the_url_is_iso_and_within_its_range(raw, expected):
    assert params.day(raw, date(2015, 1, 1), date(2026, 12, 2)) == expected


def test_a_number_of_40_characters_is_read_and_one_of_41_is_refused_quoting_it(engine):
    assert parse_number("0" * 39 + "7") == 7.0
    raw = "0" * 40 + "7"
    assert refused(engine, entry(kunagi(engine), raw)) == {"value": f"« {raw} » n'est pas un nombre (exemple : 12,5)."}
