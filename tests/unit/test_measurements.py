"""Entering, validating, correcting and withdrawing measurements."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, func, select

from qmi.models import Indicator, Measurement, Project, ProtocolIndicator, User
from qmi.queries import indicators as indicator_queries
from qmi.queries import measurements as measurement_queries
from qmi.services import measurements
from qmi.services.errors import ServiceError, ValidationFailed
from qmi.services.validation import allowed_values, check_measurement

TODAY = date(2025, 6, 1)


def make_user(engine, role="staff", commune=None, username=None) -> User:
    with Session(engine, expire_on_commit=False) as session:
        user = User(username=username or role, password_hash="-", role=role, commune_insee=commune)
        session.add(user)
        session.commit()
        return user


def kunagi(engine) -> Project:
    with Session(engine) as session:
        return session.exec(select(Project).where(Project.slug == "kunagi")).one()


def rows(engine) -> list[Measurement]:
    with Session(engine) as session:
        return list(session.exec(select(Measurement).order_by(Measurement.id)).all())


def entry(project_id, code="SOC-JOBS", period="2024-03-01", value="12", **extra):
    return {"project_id": project_id, "indicator_code": code, "period_start": period, "value": value, **extra}


def test_record_writes_one_active_value_with_its_author(engine):
    agent = make_user(engine, "agent", "92071", "agent.sceaux")
    row = measurements.record(engine, agent, entry(kunagi(engine).id, value="1 000", comment="relevé", source="compteur"),
                              today=TODAY)
    assert (row.value, row.state, row.entered_by, row.period_start) == (1000.0, "active", "agent.sceaux", date(2024, 3, 1))
    assert [(r.comment, r.source) for r in rows(engine)] == [("relevé", "compteur")]


def test_same_submission_twice_writes_once(engine):
    staff = make_user(engine)
    first = measurements.record(engine, staff, entry(kunagi(engine).id), submission_key="form-1", today=TODAY)
    again = measurements.record(engine, staff, entry(kunagi(engine).id), submission_key="form-1", today=TODAY)
    assert again.id == first.id and len(rows(engine)) == 1


def test_a_second_value_for_the_same_period_is_refused(engine):
    staff = make_user(engine)
    measurements.record(engine, staff, entry(kunagi(engine).id), today=TODAY)
    with pytest.raises(ValidationFailed) as refused:
        measurements.record(engine, staff, entry(kunagi(engine).id, value="13"), today=TODAY)
    assert "corrigez-la" in refused.value.errors["period_start"]
    assert len(rows(engine)) == 1


@pytest.mark.parametrize(
    ("code", "value", "period", "field", "message"),
    [
        ("SOC-JOBS", "2,5", "2024-03-01", "value", "Un nombre entier est attendu (c'est un comptage)."),
        ("SOC-JOBS", "abc", "2024-03-01", "value", "« abc » n'est pas un nombre (exemple : 12,5)."),
        ("SOC-JOBS", "1001", "2024-03-01", "value", "La valeur doit être au plus 1\u202f000 emplois."),
        ("SOC-JOBS", "-1", "2024-03-01", "value", "La valeur doit être au moins 0 emplois."),
        ("USR-SATISF", "6", "2024-03-01", "value", "La note doit être comprise entre 1 et 5."),
        ("SOC-JOBS", "3", "2025-07-01", "period_start", "La période ne peut pas être dans le futur."),
        ("SOC-JOBS", "3", "2023-01-01", "period_start", "La période commence avant le début de l'expérimentation (14 juin 2023)."),
        ("SOC-JOBS", "3", "32/01/2024", "period_start", "« 32/01/2024 » n'est pas une date (exemple : 01/03/2024)."),
        ("NOPE", "3", "2024-03-01", "indicator_code", "Indicateur inconnu : « NOPE »."),
        ("SOC-JOBS", "", "2024-03-01", "value", "Ce champ est obligatoire."),
    ],
)
def test_invalid_values_are_refused_with_a_french_message_and_nothing_written(engine, code, value, period, field, message):
    staff = make_user(engine)
    with pytest.raises(ValidationFailed) as refused:
        measurements.record(engine, staff, entry(kunagi(engine).id, code, period, value), today=TODAY)
    assert refused.value.errors[field] == message
    assert rows(engine) == []


def test_checks_follow_the_indicator_type():
    project = Project(slug="p", name="P", organisation="o", commune_insee="92071", edition_id=1, source="s",
                      start_date=date(2024, 1, 1), end_date=date(2024, 12, 31))
    percent = Indicator(code="P", name="p", category="c", unit="%", value_type="percent", source="s")
    boolean = Indicator(code="B", name="b", category="c", unit="oui/non", value_type="boolean", source="s")
    def check(indicator, value, period="2024-05-01"):
        return check_measurement({"project_id": 1, "indicator_code": indicator.code, "period_start": period,
                                  "value": value}, project, indicator, TODAY)[1]

    assert check(percent, "99,5") == {} and "entre 0 et 100" in check(percent, "101")["value"]
    assert check(boolean, "1") == {} and check(boolean, "0,5")["value"] == "La valeur doit être 0 (non) ou 1 (oui)."
    assert "après la fin" in check(percent, "5", "2025-01-01")["period_start"]
    assert check(percent, "nan")["value"].startswith("« nan » n'est pas un nombre")
    assert allowed_values("count", 0, 1000, "fr") == "nombre entier, de 0 à 1\u202f000"
    assert allowed_values("scale_1_5", 1, 5, "en") == "from 1 to 5"


def test_correction_is_a_new_version_and_the_old_one_stays(engine):
    staff = make_user(engine)
    old = measurements.record(engine, staff, entry(kunagi(engine).id, value="12"), today=TODAY)
    new = measurements.correct(engine, staff, old.id, {"period_start": "2024-03-01", "value": "15", "comment": "recompté"},
                               submission_key="fix-1", today=TODAY)
    assert new.supersedes_id == old.id and new.value == 15 and new.indicator_code == "SOC-JOBS"
    again = measurements.correct(engine, staff, old.id, {"period_start": "2024-03-01", "value": "15"},
                                 submission_key="fix-1", today=TODAY)
    assert again.id == new.id
    assert [(m.value, m.state) for m in measurements.history(engine, old.id)] == [(12, "superseded"), (15, "active")]
    assert [m.id for m in measurements.history(engine, new.id)] == [old.id, new.id]
    with pytest.raises(ServiceError) as stale:
        measurements.correct(engine, staff, old.id, {"period_start": "2024-03-01", "value": "16"}, today=TODAY)
    assert stale.value.key == "forms.error.not_active"
    with pytest.raises(ValidationFailed):
        measurements.correct(engine, staff, new.id, {"period_start": "2024-03-01", "value": "2000"}, today=TODAY)
    assert len(rows(engine)) == 2


def test_withdrawal_needs_a_reason_and_keeps_the_value_in_history(engine):
    staff = make_user(engine)
    row = measurements.record(engine, staff, entry(kunagi(engine).id), today=TODAY)
    with pytest.raises(ValidationFailed) as no_reason:
        measurements.retract(engine, staff, row.id, "  ")
    assert no_reason.value.errors == {"reason": "Ce champ est obligatoire."}
    withdrawn = measurements.retract(engine, staff, row.id, "saisie sur la mauvaise commune")
    assert (withdrawn.state, withdrawn.retracted_reason) == ("retracted", "saisie sur la mauvaise commune")
    assert measurements.retract(engine, staff, row.id, "double clic").retracted_reason == "saisie sur la mauvaise commune"
    table = measurement_queries.project_measurements(engine, kunagi(engine).id)
    assert list(table["state"]) == ["retracted"]
    # The period is free again: a new value can be entered.
    assert measurements.record(engine, staff, entry(kunagi(engine).id, value="9"), today=TODAY).state == "active"


def test_form_offers_protocol_indicators_first_and_agents_only_their_commune(demo_engine):
    with Session(demo_engine) as session:
        protocol = session.exec(select(ProtocolIndicator)).first()
        followed = set(session.exec(select(ProtocolIndicator.indicator_code)
                                    .where(ProtocolIndicator.project_id == protocol.project_id)).all())
        library = session.exec(select(func.count()).select_from(Indicator)).one()
    choices = indicator_queries.indicator_choices(demo_engine, protocol.project_id)
    assert len(choices) == library
    assert set(choices["code"][: len(followed)]) == followed and choices["in_protocol"][: len(followed)].all()
    assert not choices["in_protocol"][len(followed):].any()
    agent_projects = measurement_queries.writable_projects(demo_engine, "agent", "92071")
    assert len(agent_projects) > 0 and set(agent_projects["commune_insee"]) == {"92071"}
    assert measurement_queries.writable_projects(demo_engine, "viewer", None).empty
    assert len(measurement_queries.writable_projects(demo_engine, "staff", None)) > len(agent_projects)
