"""Permissions are enforced by the services, whatever the interface shows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, func, select

from qmi.models import Assessment, Measurement, Project, User
from qmi.services import assessments, auth, measurements, permissions, users
from qmi.services.errors import PermissionDenied
from qmi.services.permissions import _actor_id, acting_user, can_assess, can_write_project

PASSWORD = "a long enough password"


pytestmark = pytest.mark.usefixtures("light_hashing")

TODAY = date(2025, 6, 1)


def project(engine, slug):
    with Session(engine) as session:
        return session.exec(select(Project).where(Project.slug == slug)).one()


def count(engine, model):
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def sign(engine, username, role, commune=None):
    users.add_user(engine, username, PASSWORD, role, commune)
    return auth.sign_in(engine, username, PASSWORD)


def value(project_id, code="SOC-JOBS", period="2024-03-01", amount="3"):
    return {"project_id": project_id, "indicator_code": code, "period_start": period, "value": amount}


def test_each_role_may_write_what_the_rules_say(engine):
    own, other = project(engine, "kunagi"), project(engine, "soy-pv")  # Sceaux (92071), Bagnolet (93005)
    agent = User(username="a", password_hash="-", role="agent", commune_insee="92071")
    assert can_write_project(agent, own) and not can_write_project(agent, other)
    for role in ("admin", "staff"):
        user = User(username=role, password_hash="-", role=role)
        assert can_write_project(user, other) and can_assess(user)
    viewer = User(username="v", password_hash="-", role="viewer")
    assert not can_write_project(viewer, own) and not can_assess(agent) and not can_assess(viewer)
    assert not can_write_project(User(username="x", password_hash="-", role="admin", is_active=False), own)


def test_agent_cannot_write_for_another_communes_experiment_through_the_service(engine):
    agent = sign(engine, "agent.sceaux", "agent", "92071")
    other = project(engine, "soy-pv")
    with pytest.raises(PermissionDenied) as refused:
        measurements.record(engine, agent, value(other.id), today=TODAY)
    assert "votre commune" in refused.value.message("fr") and "Soy PV" in refused.value.message("fr")
    assert count(engine, Measurement) == 0
    own = measurements.record(engine, agent, value(project(engine, "kunagi").id), today=TODAY)
    assert own.entered_by == "agent.sceaux"


def test_agent_cannot_correct_or_withdraw_another_communes_value(engine):
    staff = sign(engine, "staff1", "staff")
    row = measurements.record(engine, staff, value(project(engine, "soy-pv").id), today=TODAY)
    agent = sign(engine, "agent.sceaux", "agent", "92071")
    with pytest.raises(PermissionDenied):
        measurements.correct(engine, agent, row.id, {"period_start": "2024-03-01", "value": "4"}, today=TODAY)
    with pytest.raises(PermissionDenied):
        measurements.retract(engine, agent, row.id, "erreur")
    assert [m.state for m in measurements.history(engine, row.id)] == ["active"]


def test_only_staff_record_assessments_and_viewers_write_nothing(engine):
    kunagi = project(engine, "kunagi")
    scores = {"project_id": kunagi.id, "assessed_on": "2025-01-10", "assessor": "X", "deployment": 2,
              "commercial_traction": 1, "industrialisation": 1, "operational_ease": 2, "financial_stability": 1}
    agent = sign(engine, "agent.sceaux", "agent", "92071")
    viewer = sign(engine, "viewer1", "viewer")
    for person in (agent, viewer):
        with pytest.raises(PermissionDenied) as refused:
            assessments.record(engine, person, scores, today=TODAY)
        assert refused.value.key == "assessors.error.not_assessor"
    with pytest.raises(PermissionDenied) as refused:
        measurements.record(engine, viewer, value(kunagi.id), today=TODAY)
    assert refused.value.key == "forms.error.read_only"
    assert count(engine, Assessment) == count(engine, Measurement) == 0


def test_expired_session_disabled_account_and_demoted_role_are_refused(engine):
    kunagi = project(engine, "kunagi").id
    staff = sign(engine, "staff1", "staff")
    expired = auth.Identity(staff.user_id, "staff1", "", "staff", None, datetime.now(UTC) - timedelta(seconds=1))
    with pytest.raises(PermissionDenied) as late:
        measurements.record(engine, expired, value(kunagi), today=TODAY)
    assert late.value.key == "forms.error.session_expired"
    users.set_active(engine, "staff1", False)
    with pytest.raises(PermissionDenied) as disabled:
        measurements.record(engine, staff, value(kunagi), today=TODAY)
    assert disabled.value.key == "forms.error.account_disabled"
    other = sign(engine, "staff2", "staff")
    with Session(engine) as session:
        user = session.get(User, other.user_id)
        user.role = "viewer"
        session.add(user)
        session.commit()
    with pytest.raises(PermissionDenied) as demoted:  # the identity still says staff; the store says viewer
        measurements.record(engine, other, value(kunagi), today=TODAY)
    assert demoted.value.key == "forms.error.read_only"


def test_only_admins_manage_accounts(engine):
    staff = sign(engine, "staff1", "staff")
    with pytest.raises(PermissionDenied) as refused:
        users.add_user(engine, "new.one", PASSWORD, "viewer", actor=staff)
    assert refused.value.key == "forms.error.admin_only"
    admin = sign(engine, "admin1", "admin")
    assert users.add_user(engine, "new.one", PASSWORD, "viewer", actor=admin).role == "viewer"


class _Accounts:
    """A stand-in for the store's session: ``acting_user`` only reads an account by its id."""

    def __init__(self, *accounts):
        self.accounts = {account.id: account for account in accounts}
        self.asked = []

    def get(self, model, key):
        self.asked.append((model, key))
        return self.accounts.get(key)


def _account(**fields):
    values = {"id": 7, "username": "staff1", "password_hash": "-", "role": "staff", "is_active": True,
              "session_version": 3} | fields
    return User(**values)


def _identity(user_id=7, minutes=30, version=3):
    return auth.Identity(user_id, "staff1", "", "staff", None, datetime.now(UTC) + timedelta(minutes=minutes),
                         session_version=version)


def _refusal(session, actor):
    with pytest.raises(PermissionDenied) as refused:
        acting_user(session, actor)
    return refused.value.key, refused.value.message("fr")


def test_acting_user_refuses_no_one_signed_in():
    assert _refusal(_Accounts(_account()), None) == (
        "forms.error.signed_out", "Connectez-vous pour enregistrer des données.")


def test_acting_user_refuses_a_session_past_its_end_and_accepts_one_still_open():
    session = _Accounts(_account())
    assert acting_user(session, _identity(minutes=1)).username == "staff1"
    assert _refusal(session, _identity(minutes=-1)) == (
        "forms.error.session_expired", "Votre session a expiré : reconnectez-vous.")


def test_acting_user_refuses_an_unknown_or_disabled_account():
    assert _refusal(_Accounts(_account()), _identity(user_id=8)) == (
        "forms.error.account_disabled", "Ce compte est désactivé.")
    assert _refusal(_Accounts(_account(is_active=False)), _identity()) == (
        "forms.error.account_disabled", "Ce compte est désactivé.")


def test_acting_user_reads_the_account_of_the_session_or_of_the_row():
    session = _Accounts(_account())
    assert acting_user(session, _identity()).id == 7
    assert acting_user(session, _account()).id == 7
    assert session.asked == [(User, 7), (User, 7)]


def test_acting_user_closes_a_session_older_than_the_account():
    refused = _refusal(_Accounts(_account(session_version=4)), _identity(version=3))
    assert refused[0] == "forms.error.session_revoked"
    assert refused[1].startswith("Votre session a été fermée : le mot de passe, le rôle ou l'état de ce compte a changé")


def test_acting_user_takes_a_stored_row_as_the_account_itself_whatever_its_version():
    """The command line and tests pass the User row: it has no session to close."""
    stored = _account(session_version=4)
    assert acting_user(_Accounts(stored), _account(session_version=2)) is stored


def test_acting_user_accepts_an_actor_without_session_version_or_end():
    class Actor:
        user_id = 7
        role = "staff"
        commune_insee = None

    assert acting_user(_Accounts(_account()), Actor()).id == 7


def test_actor_id_is_the_sessions_user_id_or_the_rows_id():
    assert _actor_id(_identity(user_id=9)) == 9
    assert _actor_id(_account(id=5)) == 5
    assert _actor_id(object()) is None


def test_a_session_ends_exactly_at_its_end(monkeypatch):
    """At ``expires_at`` itself the session is over; a microsecond before, it is still open."""
    end = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return end if tz is UTC else None

    monkeypatch.setattr(permissions, "datetime", Clock)
    session = _Accounts(_account())
    at_end = auth.Identity(7, "staff1", "", "staff", None, end, session_version=3)
    assert _refusal(session, at_end)[0] == "forms.error.session_expired"
    just_before = auth.Identity(7, "staff1", "", "staff", None, end + timedelta(microseconds=1), session_version=3)
    assert acting_user(session, just_before).id == 7


def test_a_disabled_admin_administers_nothing():
    assert permissions.is_admin(_account(role="admin"))
    disabled = _account(role="admin", is_active=False)
    assert not permissions.is_admin(disabled)
    with pytest.raises(PermissionDenied) as refused:
        permissions.require_admin(disabled)
    assert refused.value.message("fr") == "Réservé aux administrateurs."


def test_a_disabled_account_writes_and_assesses_nothing_whatever_its_role():
    assert permissions.can_assess(_account(role="staff"))
    assert not permissions.can_assess(_account(role="staff", is_active=False))
    for role, commune in (("staff", None), ("agent", "92071")):
        disabled = _account(role=role, commune_insee=commune, is_active=False)
        with pytest.raises(PermissionDenied) as refused:
            permissions.require_write_any(disabled)
        assert refused.value.key == "forms.error.read_only"
    permissions.require_write_any(_account(role="agent", commune_insee="92071"))


def test_an_agent_account_without_a_commune_is_told_it_writes_nothing():
    """The store refuses such an account (ck_user_agent_has_commune); the rule refuses it all the same."""
    with pytest.raises(PermissionDenied) as refused:
        permissions.require_write_any(_account(role="agent", commune_insee=None))
    assert refused.value.message("fr") == (
        "Votre compte est en lecture seule : il ne permet ni de saisir ni d'importer des données.")
    permissions.require_write_any(_account(role="agent", commune_insee="92071"))
