"""Validation des valeurs: a validator approves, returns with a reason; the agent sees the reason on Saisie
and fixes the value; the public page shows it once approved. Rights are the service's: forged widget
state (the author choosing their own value) is refused in words."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from qmi import ui
from qmi.models import AuditLog, Measurement, Project
from qmi.services import measurements, users
from tests.pages.conftest import account, assert_no_exception, open_as, rendered_text

pytestmark = pytest.mark.usefixtures("light_hashing")
TODAY = date(2025, 6, 1)
HOSTILE = "**x** <b>y</b> [l](javascript:alert(1))"


def kunagi(store) -> Project:
    with Session(store) as session:
        return session.exec(select(Project).where(Project.slug == "kunagi")).one()


def value_of(store, agent, value="12", period="2024-03-01"):
    return measurements.record(store, agent, {"project_id": kunagi(store).id, "indicator_code": "SOC-JOBS",
                                              "period_start": period, "value": value}, today=TODAY)


def validator(store, username="valid.sceaux"):
    users.add_user(store, username, "un mot de passe assez long", "viewer", "92071")
    users.set_validator(store, username, True)
    from qmi.services import auth
    return auth.sign_in(store, username, "un mot de passe assez long")


def text_of(at) -> str:
    return " ".join(rendered_text(at))


def test_signed_out_and_agents_are_told_who_the_page_is_for(demo_store):
    at = open_as("pages/review.py")
    assert_no_exception(at)
    assert "réservée à l'équipe du programme" in at.info[0].value
    agent = account(demo_store, "agent.sceaux", "agent", "92071")
    at = open_as("pages/review.py", agent)
    assert "réservée à l'équipe du programme" in at.info[0].value


def test_a_validator_returns_the_agent_fixes_the_validator_approves_and_the_public_sees_it(demo_store):
    agent = account(demo_store, "agent.sceaux", "agent", "92071")
    first = value_of(demo_store, agent, value="120")
    reviewer = validator(demo_store)

    at = open_as("pages/review.py", reviewer)
    assert_no_exception(at)
    assert "Emplois d'insertion créés" in text_of(at) and "nouvelle valeur" in text_of(at)
    at.selectbox(key="review_target").select(first.id).run()
    at.button(key="review_send_back").click().run()  # without a reason
    assert "Indiquez pourquoi la valeur est renvoyée" in text_of(at)
    at.text_area(key="review_reason").input(HOSTILE).run()
    at.button(key="review_send_back").click().run()
    assert_no_exception(at)
    assert any("renvoyée à son auteur" in s.value for s in at.success)

    at = open_as("pages/entry.py", agent)
    at.selectbox(key="entry_project").select("kunagi").run()
    assert_no_exception(at)
    returned = [m.value for m in at.markdown if "renvoyée par" in m.value]
    assert returned and "&#42;&#42;x&#42;&#42;" in returned[0] and "<b>" not in returned[0]  # shown as typed

    fixed = measurements.correct(demo_store, agent, first.id, {"period_start": "2024-03-01", "value": "12"}, today=TODAY)
    ui.invalidate()  # written outside the app's engine: its caches are told, as another replica's would be in 2 s
    at = open_as("pages/review.py", reviewer)
    at.selectbox(key="review_target").select(fixed.id).run()
    at.button(key="review_approve").click().run()
    assert_no_exception(at)
    assert any("Valeur approuvée" in s.value for s in at.success)
    with Session(demo_store) as session:
        assert session.get(Measurement, fixed.id).review_state == "approuvee"
        steps = list(session.exec(select(AuditLog.action).where(AuditLog.entity == "measurement",
                                                                AuditLog.entity_id.in_([str(first.id), str(fixed.id)]))
                                  .order_by(AuditLog.id)).all())
    assert steps == ["measurement.create", "measurement.return", "measurement.correct", "measurement.approve"]

    public = open_as("pages/projects.py", None, experimentation="kunagi")
    assert_no_exception(public)
    series = [t for t in rendered_text(public) if "12" in t]
    assert series  # the approved value is drawn on the public record
    assert "Valeur renvoyée" not in text_of(public)  # a returned value's story is not public

    # Signed-in staff read every step in the record's history, the reason as typed.
    staff = account(demo_store, "staff1", "staff")
    record = open_as("pages/projects.py", staff, experimentation="kunagi")
    assert_no_exception(record)
    steps_text = text_of(record)
    for step in ("Valeur saisie", "Valeur renvoyée", "Valeur corrigée", "Valeur approuvée"):
        assert step in steps_text, step
    assert "&#42;&#42;x&#42;&#42;" in steps_text and "<b>y</b>" not in steps_text


def test_a_pending_value_is_absent_from_the_public_record_and_marked_for_staff_who_include_it(demo_store):
    agent = account(demo_store, "agent.sceaux", "agent", "92071")
    value_of(demo_store, agent, value="43", period="2024-03-01")
    public = open_as("pages/projects.py", None, experimentation="kunagi")
    assert not any(t.strip() == "43" for t in rendered_text(public))
    assert "en attente de validation" not in text_of(public)

    staff = account(demo_store, "staff1", "staff")
    at = open_as("pages/projects.py", staff, experimentation="kunagi")
    assert "en attente de validation" not in text_of(at)  # the switch is off by default
    at.toggle(key="review_include_pending").set_value(True).run()
    assert_no_exception(at)
    assert "en attente de validation" in text_of(at)


def test_forged_state_the_author_approving_their_own_value_is_refused_in_words(demo_store):
    staff = account(demo_store, "staff1", "staff")
    own = value_of(demo_store, staff)
    at = open_as("pages/review.py", staff)
    at.selectbox(key="review_target").select(own.id).run()
    assert "C'est votre saisie" in text_of(at)
    at.button(key="review_approve").click().run()
    assert_no_exception(at)
    assert any("votre propre saisie" in e.value for e in at.error)
    with Session(demo_store) as session:
        assert session.get(Measurement, own.id).review_state == "a_valider"


def test_a_validator_of_another_commune_sees_nothing_of_sceaux(demo_store):
    agent = account(demo_store, "agent.sceaux", "agent", "92071")
    value_of(demo_store, agent)
    users.add_user(demo_store, "valid.other", "un mot de passe assez long", "viewer", "93048")
    users.set_validator(demo_store, "valid.other", True)
    from qmi.services import auth
    other = auth.sign_in(demo_store, "valid.other", "un mot de passe assez long")
    at = open_as("pages/review.py", other)
    assert_no_exception(at)
    assert "Aucune valeur en attente de validation" in text_of(at)


def test_bulk_approve_of_an_import_needs_the_tick_and_approves_every_value(demo_store):
    from qmi.services import imports
    agent = account(demo_store, "agent.sceaux", "agent", "92071")
    csv = (b"experimentation,indicateur,debut_periode,valeur\n"
           b"kunagi,SOC-JOBS,2024-01-01,3\nkunagi,SOC-JOBS,2024-02-01,4\n")
    report = imports.import_measurements(demo_store, agent, csv, "releves.csv", today=TODAY)
    at = open_as("pages/review.py", validator(demo_store))
    at.button(key="review_batch_approve").click().run()
    assert any("Cochez d'abord" in e.value for e in at.error)
    at.checkbox(key="review_batch_confirm").check().run()
    at.button(key="review_batch_approve").click().run()
    assert_no_exception(at)
    assert any("2 valeurs approuvées." in s.value for s in at.success)
    with Session(demo_store) as session:
        states = set(session.exec(select(Measurement.review_state).where(Measurement.import_batch == report.batch)).all())
    assert states == {"approuvee"}


def test_an_admin_gives_the_validator_flag_on_administration_and_an_agent_is_refused_in_words(demo_store):
    admin = account(demo_store, "admin1", "admin")
    users.add_user(demo_store, "viewer.sceaux", "un mot de passe assez long", "viewer", "92071")
    users.add_user(demo_store, "agent.sceaux", "un mot de passe assez long", "agent", "92071")
    at = open_as("pages/admin.py", admin)
    at.selectbox(key="u_target").select("agent.sceaux").run()
    at.button(key="u_validator_on").click().run()
    assert any("un agent saisit les valeurs et ne les valide pas" in e.value for e in at.error)
    at.selectbox(key="u_target").select("viewer.sceaux").run()
    at.button(key="u_validator_on").click().run()
    assert_no_exception(at)
    assert any("valide désormais les valeurs" in s.value for s in at.success)
    with Session(demo_store) as session:
        assert session.exec(select(AuditLog).where(AuditLog.action == "user.set_validator")).one()
