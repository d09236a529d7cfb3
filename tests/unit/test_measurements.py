"""Entering, validating, correcting and withdrawing measurements."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, func, select

from qmi.i18n import t
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


# --- record, correct and retract, field by field (mutation testing, issue #21) -------------------

def named_user(engine, username, display_name, role="staff", validator=False) -> User:
    with Session(engine, expire_on_commit=False) as session:
        user = User(username=username, display_name=display_name, password_hash="-", role=role,
                    is_validator=validator)
        session.add(user)
        session.commit()
        return user


def audit_of(engine, action):
    from tests.unit.store_rows import audit_rows
    return audit_rows(engine, action)


def test_a_value_is_stored_as_entered_with_its_author_name_and_key_and_audited(engine):
    import json

    staff = named_user(engine, "c.martin", "Claire Martin")
    row = measurements.record(engine, staff, entry(kunagi(engine).id, period="2024-03-01", value="12",
                                                   period_end="2024-03-31", comment="relevé", source="compteur"),
                              submission_key="form-1", today=TODAY)
    (stored,) = rows(engine)
    assert (stored.project_id, stored.indicator_code, stored.period_start, stored.period_end, stored.value) == \
        (kunagi(engine).id, "SOC-JOBS", date(2024, 3, 1), date(2024, 3, 31), 12.0)
    assert (stored.comment, stored.source, stored.entered_by_id, stored.entered_by, stored.submission_key) == \
        ("relevé", "compteur", staff.id, "Claire Martin", "form-1")
    assert stored.import_batch is None
    (created,) = audit_of(engine, "measurement.create")
    assert created.entity_id == str(row.id) and json.loads(created.after_json)["value"] == 12.0
    again = measurements.record(engine, staff, entry(kunagi(engine).id, period="2024-04-01"), submission_key="form-1",
                                today=TODAY)
    assert again.id == row.id and len(rows(engine)) == 1  # the same key, even with another period: written once


def test_a_duplicate_is_the_same_experiment_indicator_and_period_only(engine):
    staff = make_user(engine)
    project = kunagi(engine).id
    measurements.record(engine, staff, entry(project, code="SOC-JOBS", period="2024-03-01"), today=TODAY)
    with pytest.raises(ValidationFailed) as refused:
        measurements.record(engine, staff, entry(project, code="SOC-JOBS", period="2024-03-01"), today=TODAY, lang="en")
    assert set(refused.value.errors) == {"period_start"}
    assert refused.value.errors["period_start"].startswith("A value already exists")
    measurements.record(engine, staff, entry(project, code="SOC-JOBS", period="2024-04-01"), today=TODAY)
    other_code = next(c for c in allowed_codes(engine, project) if c != "SOC-JOBS")
    measurements.record(engine, staff, entry(project, code=other_code, period="2024-03-01", value="1"), today=TODAY)
    other_project = other_project_id(engine, project)
    measurements.record(engine, staff, entry(other_project, code="SOC-JOBS", period="2024-03-01"), today=TODAY)
    assert len(rows(engine)) == 4


def allowed_codes(engine, project_id) -> list[str]:
    with Session(engine) as session:
        return [c for c in session.exec(select(Indicator.code).order_by(Indicator.code)).all()
                if c.startswith("SOC-")]


def other_project_id(engine, project_id) -> int:
    with Session(engine) as session:
        return session.exec(select(Project.id).where(Project.id != project_id).order_by(Project.id)).first()


def test_a_correction_onto_another_values_period_is_refused_in_both_languages(engine):
    staff = make_user(engine)
    project = kunagi(engine).id
    march = measurements.record(engine, staff, entry(project, period="2024-03-01"), today=TODAY)
    measurements.record(engine, staff, entry(project, period="2024-04-01"), today=TODAY)
    for lang, start in (("fr", "Une valeur existe déjà"), ("en", "A value already exists")):
        with pytest.raises(ValidationFailed) as refused:
            measurements.correct(engine, staff, march.id, {"period_start": "2024-04-01", "value": "3"}, today=TODAY,
                                 lang=lang)
        assert list(refused.value.errors) == ["period_start"] and refused.value.errors["period_start"].startswith(start)
    new = measurements.correct(engine, staff, march.id, {"period_start": "2024-03-01", "value": "3"}, today=TODAY)
    with Session(engine) as session:
        old = session.get(Measurement, march.id)
        assert (old.state, old.version, new.supersedes_id) == ("superseded", march.version + 1, march.id)


def test_a_withdrawal_in_english_a_reason_on_several_lines_and_its_audit(engine):
    import json

    staff = make_user(engine)
    row = measurements.record(engine, staff, entry(kunagi(engine).id), today=TODAY)
    with pytest.raises(ValidationFailed) as refused:
        measurements.retract(engine, staff, row.id, "  ", lang="en")
    assert refused.value.errors == {"reason": "This field is required."}
    done = measurements.retract(engine, staff, row.id, "erreur de saisie\nvaleur du mois d'avant")
    assert (done.state, done.retracted_reason, done.version) == (
        "retracted", "erreur de saisie\nvaleur du mois d'avant", row.version + 1)
    (entry_row,) = audit_of(engine, "measurement.retract")
    assert json.loads(entry_row.before_json)["state"] == "active"
    assert json.loads(entry_row.after_json)["state"] == "retracted"


def test_a_superseded_value_is_neither_withdrawn_nor_corrected(engine):
    staff = make_user(engine)
    row = measurements.record(engine, staff, entry(kunagi(engine).id), today=TODAY)
    measurements.correct(engine, staff, row.id, {"period_start": "2024-03-01", "value": "3"}, today=TODAY)
    for act in (lambda: measurements.retract(engine, staff, row.id, "doublon"),
                lambda: measurements.correct(engine, staff, row.id, {"period_start": "2024-03-01", "value": "4"},
                                             today=TODAY)):
        with pytest.raises(ServiceError) as refused:
            act()
        assert refused.value.key == "forms.error.not_active"


def _approved_value(engine):
    """A value entered by an agent and approved by a validator of its commune: (author, validator, row)."""
    from qmi.services import reviews

    author = make_user(engine)
    validator = named_user(engine, "v.durand", "Véra Durand", validator=True)
    row = measurements.record(engine, author, entry(kunagi(engine).id), today=TODAY)
    reviews.approve(engine, validator, row.id)
    return author, validator, row


def test_withdrawing_an_approved_value_is_a_request_signed_with_the_name(engine):
    author, validator, row = _approved_value(engine)
    asked = measurements.retract(engine, validator, row.id, "doublon")
    assert (asked.state, asked.withdrawal_reason, asked.withdrawal_by, asked.withdrawal_by_id) == (
        "active", "doublon", "Véra Durand", validator.id)
    with pytest.raises(ServiceError) as refused:
        measurements.correct(engine, author, row.id, {"period_start": "2024-03-01", "value": "4"}, today=TODAY)
    assert refused.value.key == "review.error.withdrawal_waiting"


def test_withdrawing_an_approved_value_with_a_correction_waiting_is_refused(engine):
    author, _, row = _approved_value(engine)
    measurements.correct(engine, author, row.id, {"period_start": "2024-03-01", "value": "4"}, today=TODAY)
    with pytest.raises(ServiceError) as refused:
        measurements.retract(engine, author, row.id, "doublon")
    assert refused.value.key == "review.error.correction_waiting"


def test_a_unique_key_taken_at_the_same_moment_is_answered_as_sqlite_answers_it(engine):
    """On PostgreSQL two writers can both pass their checks; the unique index then refuses the second.
    ``_after_conflict`` answers that refusal: the same submission gives back the row already written,
    the same experiment, indicator and period the duplicate message; anything else leaves the store's message."""
    from qmi.db import StoreError
    from qmi.services.validation import MeasurementInput

    staff = make_user(engine)
    project_id = kunagi(engine).id
    written = measurements.record(engine, staff, entry(project_id), submission_key="form-1", today=TODAY)
    same_period = MeasurementInput(project_id=project_id, indicator_code="SOC-JOBS", period_start=date(2024, 3, 1),
                                   value=13)
    next_month = MeasurementInput(project_id=project_id, indicator_code="SOC-JOBS", period_start=date(2024, 4, 1),
                                  value=13)
    conflict = StoreError("conflict")

    assert measurements._after_conflict(engine, conflict, "form-1", same_period, "fr").id == written.id
    assert measurements._after_conflict(engine, conflict, "form-1", None, "fr").id == written.id
    for lang, message in (("fr", "Une valeur existe déjà pour cet indicateur et cette période : corrigez-la plutôt "
                                 "que d'en saisir une seconde."),
                          ("en", "A value already exists for this indicator and period: correct it rather than "
                                 "entering a second one.")):
        with pytest.raises(ValidationFailed) as refused:
            measurements._after_conflict(engine, conflict, "form-2", same_period, lang)
        assert refused.value.errors == {"period_start": message}
        assert refused.value.__cause__ is conflict
        with pytest.raises(ValidationFailed):
            measurements._after_conflict(engine, conflict, None, same_period, lang)
    assert measurements._after_conflict(engine, conflict, "form-2", next_month, "fr") is None
    assert measurements._after_conflict(engine, conflict, "form-2", None, "fr") is None
    assert measurements._after_conflict(engine, StoreError("busy"), "form-1", same_period, "fr") is None
    assert len(rows(engine)) == 1


def test_a_proposed_correction_of_an_approved_value_onto_another_values_period_is_refused(engine):
    author, _, march = _approved_value(engine)
    measurements.record(engine, author, entry(kunagi(engine).id, period="2024-04-01"), today=TODAY)
    with pytest.raises(ValidationFailed) as refused:
        measurements.correct(engine, author, march.id, {"period_start": "2024-04-01", "value": "3"}, today=TODAY)
    assert refused.value.errors["period_start"].startswith("Une valeur existe déjà")
    assert len(rows(engine)) == 2
    kept = measurements.correct(engine, author, march.id, {"period_start": "2024-03-01", "value": "3"}, today=TODAY)
    assert (kept.state, kept.supersedes_id) == ("proposed", march.id)


# --- the same value written at the same moment by a parallel session (PostgreSQL's race) ---------------

def blinded(monkeypatch, name: str, calls: int) -> None:
    """The first ``calls`` look-ups of ``measurements.<name>`` see nothing: another session's row is not
    visible yet to this one's checks, and only the store's unique index stands in the way."""
    real, left = getattr(measurements, name), [calls]

    def look(*args, **kwargs):
        if left[0] > 0:
            left[0] -= 1
            return None
        return real(*args, **kwargs)

    monkeypatch.setattr(measurements, name, look)


def test_a_submission_written_meanwhile_by_a_parallel_session_is_given_back_and_not_written_twice(engine, monkeypatch):
    staff = make_user(engine)
    first = measurements.record(engine, staff, entry(kunagi(engine).id), submission_key="form-1", today=TODAY)
    blinded(monkeypatch, "_by_key", 1)
    blinded(monkeypatch, "active_duplicate", 1)
    again = measurements.record(engine, staff, entry(kunagi(engine).id), submission_key="form-1", today=TODAY)
    assert again.id == first.id and len(rows(engine)) == 1


def test_a_submission_committed_before_the_period_check_is_given_back(engine, monkeypatch):
    staff = make_user(engine)
    first = measurements.record(engine, staff, entry(kunagi(engine).id), submission_key="form-1", today=TODAY)
    blinded(monkeypatch, "_by_key", 1)
    again = measurements.record(engine, staff, entry(kunagi(engine).id), submission_key="form-1", today=TODAY)
    assert again.id == first.id and len(rows(engine)) == 1


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_another_value_for_a_period_taken_at_the_same_moment_is_refused_in_the_readers_language(engine, monkeypatch,
                                                                                                lang):
    staff = make_user(engine)
    measurements.record(engine, staff, entry(kunagi(engine).id), submission_key="form-1", today=TODAY)
    blinded(monkeypatch, "active_duplicate", 1)
    with pytest.raises(ValidationFailed) as refused:
        measurements.record(engine, staff, entry(kunagi(engine).id, value="13"), submission_key="form-2", today=TODAY,
                            lang=lang)
    assert refused.value.errors == {"period_start": t("valid.duplicate", lang)}
    assert [r.value for r in rows(engine)] == [12.0]


def test_a_second_value_for_a_period_with_its_own_submission_key_is_refused_in_english(engine):
    staff = make_user(engine)
    measurements.record(engine, staff, entry(kunagi(engine).id), submission_key="form-1", today=TODAY)
    with pytest.raises(ValidationFailed) as refused:
        measurements.record(engine, staff, entry(kunagi(engine).id, value="13"), submission_key="form-2", today=TODAY,
                            lang="en")
    assert refused.value.errors == {"period_start": t("valid.duplicate", "en")}


def test_a_submission_sent_again_gives_back_its_row_even_if_the_form_changed_since(engine):
    staff = make_user(engine)
    first = measurements.record(engine, staff, entry(kunagi(engine).id), submission_key="form-1", today=TODAY)
    again = measurements.record(engine, staff, entry(kunagi(engine).id, value="pas un nombre"), submission_key="form-1",
                                today=TODAY)
    assert again.id == first.id and len(rows(engine)) == 1


def test_a_value_and_its_correction_are_refused_in_english(engine):
    staff = make_user(engine)
    with pytest.raises(ValidationFailed) as refused:
        measurements.record(engine, staff, entry(kunagi(engine).id, value="abc"), today=TODAY, lang="en")
    assert refused.value.errors["value"] == "“abc” is not a number (e.g. 12.5)."
    row = measurements.record(engine, staff, entry(kunagi(engine).id), today=TODAY)
    with pytest.raises(ValidationFailed) as refused:
        measurements.correct(engine, staff, row.id, {"period_start": "2024-03-01", "value": "abc"}, today=TODAY,
                             lang="en")
    assert refused.value.errors["value"] == "“abc” is not a number (e.g. 12.5)."


def test_a_period_after_the_day_given_is_refused_as_future_and_the_day_itself_accepted(engine):
    staff = make_user(engine)
    with pytest.raises(ValidationFailed) as refused:
        measurements.record(engine, staff, entry(kunagi(engine).id, period="2025-06-02"), today=TODAY)
    assert refused.value.errors["period_start"] == "La période ne peut pas être dans le futur."
    row = measurements.record(engine, staff, entry(kunagi(engine).id), today=TODAY)
    with pytest.raises(ValidationFailed) as refused:
        measurements.correct(engine, staff, row.id, {"period_start": "2025-06-02", "value": "13"}, today=TODAY)
    assert refused.value.errors["period_start"] == "La période ne peut pas être dans le futur."
    assert measurements.record(engine, staff, entry(kunagi(engine).id, period="2025-06-01"), today=TODAY).id
