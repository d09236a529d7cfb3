"""Permissions are enforced by the services, whatever the interface shows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, func, select

from qmi.models import Assessment, Measurement, Project, User
from qmi.services import assessments, auth, measurements, users
from qmi.services.errors import PermissionDenied
from qmi.services.permissions import can_assess, can_write_project

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
