"""Races: many threads calling the write services on one engine at the same moment, on SQLite and PostgreSQL.

Each test starts its threads behind a barrier, lets them all finish, then checks the invariant in
the store: the account locked after exactly ``MAX_FAILURES`` counted failures, exactly one of a
correction and a withdrawal of one value, one assessment per submission, one active value per
period, one account per name whatever its case. Every loser gets a refusal said in words (its
message key is asserted), never a traceback and never a second "success".
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from argon2 import PasswordHasher
from sqlmodel import Session, func, select

from qmi.bench.concurrency import at_once
from qmi.i18n import Refusal
from qmi.models import ACTIVE, Assessment, AuditLog, Measurement, Project, User
from qmi.services import assessments, auth, measurements, users

THREADS = 20
PASSWORD = "un mot de passe assez long"
TODAY = date(2025, 6, 1)


@pytest.fixture(autouse=True)
def light_argon2(monkeypatch):
    """Test-sized argon2 for the accounts and for the unknown/locked path (the race is what is tested)."""
    light = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(auth, "_hasher", light)
    monkeypatch.setattr(auth, "_DUMMY_HASH", light.hash("qmi-no-such-user"))


def refusal_keys(outcomes: list[object]) -> Counter:
    """How many outcomes are refusals, by message key; anything else that is an exception fails the test."""
    unexpected = [o for o in outcomes if isinstance(o, BaseException) and not isinstance(o, Refusal)]
    assert unexpected == [], f"not said in words: {unexpected!r}"
    return Counter(o.key for o in outcomes if isinstance(o, Refusal))


@pytest.fixture
def staff(engine):
    users.add_user(engine, "staff.races", PASSWORD, "staff", display_name="Équipe")
    return auth.sign_in(engine, "staff.races", PASSWORD)


@pytest.fixture
def project_id(engine) -> int:
    with Session(engine) as session:
        return session.exec(select(Project.id).order_by(Project.id)).first()


def _value(engine, staff, project_id, month: int, key: str) -> Measurement:
    return measurements.record(engine, staff, {"project_id": project_id, "indicator_code": "SOC-JOBS",
                                               "period_start": date(2024, month, 1), "value": month},
                               submission_key=key, today=TODAY)


# --- sign-in ------------------------------------------------------------------------------------

def test_parallel_wrong_passwords_lock_the_account_after_exactly_five(engine):
    users.add_user(engine, "agent.lock", PASSWORD, "agent", "92071")
    wrong = at_once([lambda: auth.sign_in(engine, "agent.lock", "pas le bon mot de passe")] * 29)
    assert refusal_keys(wrong) == {"auth.invalid": 29}
    with pytest.raises(auth.SignInError) as right:  # then the right password: the lock applies
        auth.sign_in(engine, "agent.lock", PASSWORD)
    assert right.value.key == "auth.invalid"
    with Session(engine) as session:
        user = session.exec(select(User).where(User.username == "agent.lock")).one()
        locks = session.exec(select(func.count()).select_from(AuditLog).where(AuditLog.action == "user.locked")).one()
    assert user.failed_attempts == auth.MAX_FAILURES and user.locked_until is not None
    assert locks == 1


def test_parallel_right_and_wrong_passwords_count_every_failure_once(engine):
    """Four wrong and sixteen right at once: never locked, and the counter is back to 0 or counts only
    the failures after the last success (it is read and written under the row lock)."""
    users.add_user(engine, "agent.mixed", PASSWORD, "agent", "92071")
    outcomes = at_once([lambda: auth.sign_in(engine, "agent.mixed", "pas le bon mot de passe")] * 4
                       + [lambda: auth.sign_in(engine, "agent.mixed", PASSWORD)] * 16)
    assert refusal_keys(outcomes) == {"auth.invalid": 4}
    assert sum(isinstance(o, auth.Identity) for o in outcomes) == 16
    with Session(engine) as session:
        user = session.exec(select(User).where(User.username == "agent.mixed")).one()
    assert user.locked_until is None and 0 <= user.failed_attempts <= 4


# --- correcting and withdrawing one value -------------------------------------------------------

def test_correction_and_withdrawal_at_once_exactly_one_wins(engine, staff, project_id):
    """Ten trials at once (20 threads): each value gets one correction and one withdrawal together."""
    values = [_value(engine, staff, project_id, month, f"race-{month}") for month in range(1, 11)]
    calls = []
    for row in values:
        calls.append(lambda row=row: measurements.correct(
            engine, staff, row.id, {"period_start": row.period_start, "value": 99}, submission_key=f"fix-{row.id}",
            today=TODAY))
        calls.append(lambda row=row: measurements.retract(engine, staff, row.id, "saisie en double"))
    outcomes = at_once(calls)
    assert refusal_keys(outcomes) == {"forms.error.not_active": len(values)}
    for trial, row in enumerate(values):
        corrected, retracted = outcomes[2 * trial], outcomes[2 * trial + 1]
        assert isinstance(corrected, Refusal) != isinstance(retracted, Refusal), "never both, never neither"
        with Session(engine) as session:
            stored = session.get(Measurement, row.id)
            newer = session.exec(select(Measurement).where(Measurement.supersedes_id == row.id)).all()
        if isinstance(retracted, Refusal):
            assert stored.state == "superseded" and [n.value for n in newer] == [99]
        else:
            assert stored.state == "retracted" and newer == []


def test_many_changes_of_one_value_at_once_make_exactly_one_change(engine, staff, project_id):
    row = _value(engine, staff, project_id, 1, "one")
    outcomes = at_once(
        [lambda i=i: measurements.correct(engine, staff, row.id, {"period_start": row.period_start, "value": i},
                                          submission_key=f"fix-{i}", today=TODAY) for i in range(10)]
        + [lambda: measurements.retract(engine, staff, row.id, "erreur")] * 10)
    with Session(engine) as session:
        changes = session.exec(select(AuditLog.action).where(
            AuditLog.entity_id == str(row.id), AuditLog.action.in_(["measurement.correct", "measurement.retract"]))).all()
        active = session.exec(select(func.count()).select_from(Measurement).where(Measurement.state == ACTIVE)).one()
    assert len(changes) == 1
    refused = refusal_keys(outcomes)
    if changes == ["measurement.correct"]:
        assert refused == {"forms.error.not_active": 19} and active == 1  # one correction, everything else refused
    else:
        assert refused == {"forms.error.not_active": 10} and active == 0  # withdrawn; repeating it is harmless


def test_same_correction_sent_twice_at_once_is_written_once(engine, staff, project_id):
    row = _value(engine, staff, project_id, 1, "double")
    outcomes = at_once([lambda: measurements.correct(engine, staff, row.id, {"period_start": row.period_start,
                                                                             "value": 7}, submission_key="same",
                                                     today=TODAY)] * THREADS)
    assert refusal_keys(outcomes) == {}
    assert len({o.id for o in outcomes}) == 1


# --- one active value per period ----------------------------------------------------------------

def test_values_for_one_period_at_once_keep_one_and_say_why(engine, staff, project_id):
    outcomes = at_once([lambda i=i: _value(engine, staff, project_id, 3, f"period-{i}") for i in range(THREADS)])
    refused = [o for o in outcomes if isinstance(o, Refusal)]
    assert refusal_keys(outcomes) == {"forms.error.invalid": THREADS - 1}
    # The message SQLite gives (the duplicate check), not a store conflict.
    assert {tuple(r.errors) for r in refused} == {("period_start",)}
    assert {r.errors["period_start"] for r in refused} == {
        "Une valeur existe déjà pour cet indicateur et cette période : corrigez-la plutôt que d'en saisir une seconde."}
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Measurement).where(Measurement.state == ACTIVE)).one() == 1


def test_one_submission_sent_at_once_is_written_once(engine, staff, project_id):
    outcomes = at_once([lambda: _value(engine, staff, project_id, 4, "one-key")] * THREADS)
    assert refusal_keys(outcomes) == {}
    assert len({o.id for o in outcomes}) == 1
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Measurement)).one() == 1


# --- assessments --------------------------------------------------------------------------------

def _assessment(project_id: int, comment: str = "") -> dict:
    return {"project_id": project_id, "assessed_on": date(2025, 5, 1), "assessor": "Équipe", "comment": comment,
            "deployment": 2, "commercial_traction": 1, "industrialisation": 1, "operational_ease": 3,
            "financial_stability": 0}


def _assessments(engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Assessment)).one()


def test_one_assessment_submission_sent_at_once_is_written_once(engine, staff, project_id):
    outcomes = at_once([lambda: assessments.record(engine, staff, _assessment(project_id), submission_key="a-1",
                                                   today=TODAY)] * THREADS)
    assert refusal_keys(outcomes) == {}
    assert len({o.id for o in outcomes}) == 1 and _assessments(engine) == 1


def test_same_assessment_without_key_sent_at_once_is_written_once(engine, staff, project_id):
    outcomes = at_once([lambda: assessments.record(engine, staff, _assessment(project_id), today=TODAY)] * THREADS)
    assert refusal_keys(outcomes) == {}
    assert len({o.id for o in outcomes}) == 1 and _assessments(engine) == 1


def test_different_assessments_at_once_are_all_written(engine, staff, project_id):
    outcomes = at_once([lambda i=i: assessments.record(engine, staff, _assessment(project_id, f"visite {i}"),
                                                       submission_key=f"a-{i}", today=TODAY) for i in range(THREADS)])
    assert refusal_keys(outcomes) == {}
    assert len({o.id for o in outcomes}) == THREADS and _assessments(engine) == THREADS


# --- accounts -----------------------------------------------------------------------------------

def test_one_name_in_any_case_created_at_once_makes_one_account(engine):
    names = ["Staff.Case", "staff.case", "STAFF.CASE", "sTaFf.CaSe"] * 5
    outcomes = at_once([lambda name=name: users.add_user(engine, name, PASSWORD, "staff") for name in names])
    assert refusal_keys(outcomes) == {"forms.error.user_exists": len(names) - 1}
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(User)).one() == 1
