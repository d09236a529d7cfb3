"""« À faire » (issue #18 §3): each kind, who sees what, the six-month boundary of assessments due."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session, select

from qmi.models import Assessment, AssessorScore, FieldEdit, Project, User
from qmi.queries import worklist
from qmi.services import measurements, reviews

TODAY = date(2025, 6, 1)
SCEAUX, OTHER = "92071", "93048"


def account(engine, username, role="staff", commune=None, validator=False) -> User:
    with Session(engine, expire_on_commit=False) as session:
        user = User(username=username, password_hash="-", role=role, commune_insee=commune, is_validator=validator)
        session.add(user)
        session.commit()
        return user


def project(engine, slug="kunagi") -> Project:
    with Session(engine, expire_on_commit=False) as session:
        return session.exec(select(Project).where(Project.slug == slug)).one()


def entry(project_id, period="2024-03-01", value="12"):
    return {"project_id": project_id, "indicator_code": "SOC-JOBS", "period_start": period, "value": value}


def of(engine, user, kind=None, today=TODAY):
    rows = worklist.items(engine, today, user.id, user.role, user.is_validator, user.commune_insee)
    return rows if kind is None else rows[rows["kind"] == kind]


def test_a_value_to_review_is_listed_for_the_validator_of_its_commune_but_never_for_its_author(engine):
    agent = account(engine, "agent.sceaux", "agent", SCEAUX)
    validator = account(engine, "valid.sceaux", "viewer", SCEAUX, validator=True)
    outsider = account(engine, "valid.other", "viewer", OTHER, validator=True)
    staff, other_staff = account(engine, "staff.one"), account(engine, "staff.two")
    kunagi = project(engine)
    measurements.record(engine, agent, entry(kunagi.id), today=TODAY)
    mine = measurements.record(engine, staff, entry(kunagi.id, "2024-06-01"), today=TODAY)

    seen = of(engine, validator, "review")
    assert len(seen) == 2 and set(seen["commune_insee"]) == {SCEAUX}
    assert seen.iloc[0]["path"] == "validation"
    assert seen.iloc[0]["params"] == {"commune": SCEAUX, "experimentation": kunagi.id, "indicateur": "SOC-JOBS"}
    assert of(engine, outsider, "review").empty
    assert of(engine, agent, "review").empty
    assert len(of(engine, staff, "review")) == 1  # never their own value
    assert len(of(engine, other_staff, "review")) == 2
    reviews.approve(engine, other_staff, mine.id, version=mine.version)
    assert len(of(engine, validator, "review")) == 1


def test_a_returned_value_is_on_its_authors_list_with_the_reason_until_fixed(engine):
    agent = account(engine, "agent.sceaux", "agent", SCEAUX)
    staff = account(engine, "staff.one")
    value = measurements.record(engine, agent, entry(project(engine).id), today=TODAY)
    assert of(engine, agent, "returned").empty
    reviews.send_back(engine, staff, value.id, "**x** <b>y</b>", version=value.version)
    back = of(engine, agent, "returned")
    assert len(back) == 1
    assert back.iloc[0]["detail"] == "**x** <b>y</b>" and back.iloc[0]["path"] == "saisie"
    assert of(engine, staff, "returned").empty  # returned to its author, not to the reviewer


def test_an_agent_sees_late_indicators_of_their_commune_only(demo_engine):
    agent = account(demo_engine, "agent.sceaux", "agent", SCEAUX)
    late = of(demo_engine, agent, "late", date(2026, 12, 1))
    assert not late.empty
    assert set(late["commune_insee"]) == {SCEAUX}
    assert set(late["detail"]) <= {"en_retard", "non_saisi"}
    assert set(of(demo_engine, agent, today=date(2026, 12, 1))["kind"]) <= {"late", "returned"}


def _running(engine, slug="kunagi", assessed_on=None, scores=()):
    with Session(engine, expire_on_commit=False) as session:
        p = session.exec(select(Project).where(Project.slug == slug)).one()
        p.deployment_level, p.abandoned, p.end_date, p.archived = 2, False, None, False
        session.add(p)
        assessment = None
        if assessed_on is not None:
            assessment = Assessment(project_id=p.id, assessed_on=assessed_on, assessor="A", assessor_count=len(scores) or 1)
            session.add(assessment)
            session.flush()
            for n, levels in enumerate(scores):
                session.add(AssessorScore(assessment_id=assessment.id, assessor=f"A{n}", kind="paris_co",
                                          submitted_at=datetime(2025, 1, 1, tzinfo=UTC), **levels))
        session.commit()
        return p


def _clear_assessments(engine):
    with Session(engine) as session:
        for s in session.exec(select(AssessorScore)).all():
            session.delete(s)
        session.flush()
        for a in session.exec(select(Assessment)).all():
            session.delete(a)
        session.commit()


def due_slugs(engine, staff, today):
    return set(of(engine, staff, "assessment", today)["slug"])


def test_an_assessment_is_due_one_day_past_six_months_not_at_exactly_six(engine):
    staff = account(engine, "staff.one")
    _clear_assessments(engine)
    _running(engine, assessed_on=date(2024, 12, 1))
    assert "kunagi" not in due_slugs(engine, staff, date(2025, 6, 1))  # exactly 6 months
    assert "kunagi" in due_slugs(engine, staff, date(2025, 6, 2))  # 6 months and one day


def test_an_experiment_never_assessed_is_due_but_not_once_abandoned_or_finished(engine):
    staff = account(engine, "staff.one")
    _clear_assessments(engine)
    _running(engine)
    assert "kunagi" in due_slugs(engine, staff, TODAY)
    with Session(engine) as session:
        p = session.exec(select(Project).where(Project.slug == "kunagi")).one()
        p.end_date = date(2025, 5, 31)
        session.add(p)
        session.commit()
    assert "kunagi" not in due_slugs(engine, staff, TODAY)
    validator = account(engine, "valid.other", "viewer", OTHER, validator=True)
    assert "kunagi" not in due_slugs(engine, validator, date(2030, 1, 1))


CALM = {"deployment": 1, "commercial_traction": 1, "industrialisation": 1, "operational_ease": 1,
        "financial_stability": 1}


def test_a_disagreement_is_listed_until_consolidated(engine):
    staff = account(engine, "staff.one")
    _clear_assessments(engine)
    _running(engine, assessed_on=TODAY, scores=(CALM, {**CALM, "deployment": 3}))
    split = of(engine, staff, "disagreement")
    assert list(split["slug"]) == ["kunagi"] and split.iloc[0]["detail"] == "deployment"
    assert split.iloc[0]["path"] == "experimentations"
    with Session(engine) as session:
        a = session.exec(select(Assessment)).one()
        a.consolidated_at = datetime(2025, 6, 1, tzinfo=UTC)
        for c in CALM:
            setattr(a, f"consolidated_{c}", 1)
        a.consolidated_by, a.consolidation_reason = "staff.one", "accord"
        session.add(a)
        session.commit()
    assert of(engine, staff, "disagreement").empty


def test_assessors_one_point_apart_are_no_disagreement(engine):
    staff = account(engine, "staff.one")
    _clear_assessments(engine)
    _running(engine, assessed_on=TODAY, scores=(CALM, {**CALM, "deployment": 2}))
    assert of(engine, staff, "disagreement").empty


def test_a_reference_conflict_is_for_staff_and_opens_the_catalogue(engine):
    staff = account(engine, "staff.one")
    validator = account(engine, "valid.sceaux", "viewer", SCEAUX, validator=True)
    with Session(engine) as session:
        session.add(FieldEdit(entity="project", entity_key="kunagi", field="name", record_value='"A"',
                              record_now='"B"', value='"C"', edited_by="staff.one"))
        session.commit()
    conflicts = of(engine, staff, "conflict")
    assert len(conflicts) == 1
    assert conflicts.iloc[0]["commune_insee"] == project(engine).commune_insee
    assert conflicts.iloc[0]["params"] == {"volet": "conflits"}
    assert of(engine, validator, "conflict").empty


def test_a_viewer_has_nothing_to_do(demo_engine):
    viewer = account(demo_engine, "viewer.sceaux", "viewer", SCEAUX)
    assert of(demo_engine, viewer).empty
    assert worklist.count(demo_engine, TODAY, viewer.id, viewer.role, False, SCEAUX) == 0
