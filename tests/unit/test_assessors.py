"""Several assessors per replicability assessment (issue #17 §4): the index rule and what it says,
the spread and its flag, the blind rule read through the query, who may score and consolidate
(refusals by message key, nothing written), the audit rows, and the ranking and averages using the
same rule as the record."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import Session, select

from qmi.db import write_session
from qmi.domain import scoring
from qmi.i18n import Refusal, t
from qmi.models import CRITERIA, Assessment, AssessorScore, Project, User
from qmi.outputs.tables import open_data_tables
from qmi.queries import assessors as assessor_queries
from qmi.queries import projects as project_queries
from qmi.services import assessments
from qmi.services.errors import ValidationFailed
from tests.unit.store_rows import ADMIN, AGENT, STAFF, audit_since, counts, make_user, next_audit_id

TODAY = date(2026, 12, 1)
SCEAUX, MEUDON = "92071", "92048"
HOSTILE = "**gras** <b>balise</b> [lien](javascript:alert(1))"


def scores(*values: int) -> dict[str, int]:
    return dict(zip(CRITERIA, values))


def assessor(engine, username: str, role: str = "viewer", commune: str | None = None) -> User:
    """An account given the assessor flag."""
    user = make_user(engine, username, role, commune)
    with write_session(engine) as session:
        row = session.get(User, user.id)
        row.is_assessor = True
        session.add(row)
    user.is_assessor = True
    return user


def project_id(engine, slug: str) -> int:
    with Session(engine) as session:
        return session.exec(select(Project.id).where(Project.slug == slug)).one()


def open_assessment(engine, staff: User, slug: str = "kunagi", values=(2, 1, 1, 2, 1)) -> Assessment:
    return assessments.record(engine, staff, {"project_id": project_id(engine, slug), "assessed_on": "2025-01-10",
                                              "assessor": "Claire", **scores(*values)}, today=TODAY)


def viewer(user: User | None) -> assessor_queries.Viewer:
    return assessor_queries.viewer_of(None if user is None else type("Identity", (), {
        "user_id": user.id, "role": user.role, "is_assessor": user.is_assessor})())


def refused(engine, call) -> Refusal:
    before = counts(engine)
    with pytest.raises(Refusal) as refusal:
        call()
    assert counts(engine) == before
    return refusal.value


@pytest.fixture
def staff(engine):
    return make_user(engine, "claire", STAFF)


# --- the index rule (qmi.domain.scoring, pure) ---------------------------------------------------

def test_the_index_uses_the_consolidated_scores_else_the_mean_of_the_submitted_else_nothing_and_says_which():
    one, other = scores(3, 1, 2, 2, 0), scores(2, 3, 2, 1, 0)
    single = scoring.index_scores(None, [one])
    assert (single.scores, single.index, single.basis) == (one, 8, "single")
    mean = scoring.index_scores(None, [one, other])
    assert mean.scores == {"deployment": 2.5, "commercial_traction": 2, "industrialisation": 2,
                           "operational_ease": 1.5, "financial_stability": 0}
    assert (mean.index, mean.basis, mean.count) == (8, "mean", 2)
    kept = scoring.index_scores(scores(3, 2, 2, 2, 0), [one, other])
    assert (kept.index, kept.basis, kept.count) == (9, "consolidated", 2)
    assert scoring.index_scores(None, []).basis == "none" and scoring.index_scores(None, []).index is None
    assert [scoring.basis_label(r.basis, r.count) for r in (kept, mean, single)] == [
        "consolidé", "moyenne de 2 évaluateurs", "un seul évaluateur"]
    assert scoring.basis_label("mean", 3, "en") == "mean of 3 assessors"


def test_a_mean_is_written_with_its_half_never_cut_to_the_level_below():
    assert scoring.index_scores(None, [scores(1, 0, 0, 0, 0), scores(2, 0, 0, 0, 0)]).index == 1.5
    assert scoring.score_text(1.5) == "1,5" and scoring.score_text(1.5, "en") == "1.5"
    assert scoring.score_text(2.0) == "2"
    assert scoring.score_level("deployment", 1.5).startswith("1,5 · entre « ")
    assert scoring.score_level("deployment", 2) == f"2 · {scoring.level_label('deployment', 2)}"


def test_assessors_one_point_apart_are_not_flagged_two_points_apart_are():
    first = scores(1, 1, 1, 1, 1)
    one_apart = scores(2, 1, 1, 1, 1)
    two_apart = scores(1, 3, 1, 1, 1)
    assert scoring.spread([first, one_apart])["deployment"] == 1
    assert scoring.disagreements([first, one_apart]) == ()
    assert scoring.spread([first, two_apart])["commercial_traction"] == 2
    assert scoring.disagreements([first, two_apart]) == ("commercial_traction",)
    assert scoring.spread([first]) == dict.fromkeys(CRITERIA, 0)


# --- the blind rule, read through the query -----------------------------------------------------

def test_an_assessor_reads_the_others_scores_only_once_they_submitted_their_own(engine, staff):
    assessment = open_assessment(engine, staff)
    expert = assessor(engine, "expert")
    later = assessor(engine, "expert2")
    before = assessor_queries.assessment_scores(engine, assessment.id, viewer(expert))
    assert before.rows == () and before.hidden  # nothing of Claire's scores before scoring

    assessments.score(engine, expert, assessment.id, {"kind": "independent", **scores(3, 3, 3, 3, 3)}, submit=False)
    drafting = assessor_queries.assessment_scores(engine, assessment.id, viewer(expert))
    assert [r.assessor for r in drafting.rows] == ["expert"] and drafting.hidden  # their draft only
    public = assessor_queries.assessment_scores(engine, assessment.id, viewer(None))
    team = assessor_queries.assessment_scores(engine, assessment.id, viewer(staff))
    assert [r.assessor for r in team.rows] == ["Claire"]  # staff consolidate: every submitted score, never a draft
    assert public.rows == () and public.hidden  # signed out, nobody reads a score before consolidation
    assert public.index.basis == "single"  # a draft does not count

    assessments.score(engine, expert, assessment.id, {"kind": "independent", **scores(3, 3, 3, 3, 3)}, submit=True)
    done = assessor_queries.assessment_scores(engine, assessment.id, viewer(expert))
    assert [r.assessor for r in done.rows] == ["Claire", "expert"] and not done.hidden
    assert assessor_queries.assessment_scores(engine, assessment.id, viewer(later)).rows == ()  # still blind
    assert assessor_queries.assessment_scores(engine, assessment.id, viewer(None)).rows == ()  # signed out too
    assert open_data_tables(engine)["assessor_scores"].empty  # nor in the open data
    assessments.consolidate(engine, staff, assessment.id, {**scores(3, 2, 2, 2, 2), "reason": "visite"})
    assert len(assessor_queries.assessment_scores(engine, assessment.id, viewer(later)).rows) == 2
    published = assessor_queries.assessment_scores(engine, assessment.id, viewer(None))
    assert [r.assessor for r in published.rows] == ["Claire", "expert"] and not published.hidden
    assert sorted(open_data_tables(engine)["assessor_scores"]["assessor"]) == ["Claire", "expert"]


# --- rights, refusals by key, nothing written -----------------------------------------------------

def test_who_may_score_and_as_whom(engine, staff):
    assessment = open_assessment(engine, staff)  # kunagi, in Sceaux
    raw = {"kind": "commune", **scores(1, 1, 1, 1, 1)}
    plain_agent = make_user(engine, "agent.sceaux", AGENT, SCEAUX)
    plain_viewer = make_user(engine, "viewer1", "viewer")
    for person in (plain_agent, plain_viewer):
        assert refused(engine, lambda p=person: assessments.score(engine, p, assessment.id, raw, True)).key == \
            "assessors.error.not_assessor"
        assert refused(engine, lambda p=person: open_assessment(engine, p)).key == "assessors.error.not_assessor"
    other_commune = assessor(engine, "agent.meudon", AGENT, MEUDON)
    assert refused(engine, lambda: assessments.score(engine, other_commune, assessment.id, raw, True)).key == \
        "assessors.error.commune_kind"
    own_commune = assessor(engine, "agent.sceaux2", AGENT, SCEAUX)
    assert refused(engine, lambda: assessments.score(engine, own_commune, assessment.id,
                                                     {**raw, "kind": "paris_co"}, True)).key == "assessors.error.commune_kind"
    outsider = assessor(engine, "expert")
    assert refused(engine, lambda: assessments.score(engine, outsider, assessment.id, raw, True)).key == \
        "assessors.error.commune_kind"  # « la commune » is never an outsider
    assert assessments.score(engine, own_commune, assessment.id, raw, True).kind == "commune"
    assert refused(engine, lambda: assessments.score(engine, own_commune, assessment.id, raw, True)).key == \
        "assessors.error.already_submitted"
    assert refused(engine, lambda: assessments.score(engine, outsider, 2**40, raw, True)).key == \
        "assessors.error.unknown_assessment"


def test_only_staff_consolidate_with_a_written_reason(engine, staff):
    assessment = open_assessment(engine, staff)
    expert = assessor(engine, "expert")
    agent = assessor(engine, "agent.sceaux", AGENT, SCEAUX)
    raw = {**scores(2, 2, 2, 2, 2), "reason": "Visite du 3 mars"}
    for person in (expert, agent):
        assert refused(engine, lambda p=person: assessments.consolidate(engine, p, assessment.id, raw)).key == \
            "assessors.error.staff_only"
    for reason in ("", "   ", None):
        error = refused(engine, lambda r=reason: assessments.consolidate(engine, staff, assessment.id, {**raw, "reason": r}))
        assert isinstance(error, ValidationFailed) and error.errors == {"reason": t("valid.reason_required")}
    stale = assessment.version - 1
    assert refused(engine, lambda: assessments.consolidate(engine, staff, assessment.id, raw,
                                                           expected_version=stale)).key == "assessors.error.changed"
    admin = make_user(engine, "root", ADMIN)
    assert assessments.consolidate(engine, admin, assessment.id, raw).consolidated_by == "root"


def test_scores_are_whole_numbers_from_0_to_3(engine, staff):
    assessment = open_assessment(engine, staff)
    expert = assessor(engine, "expert")
    for low_or_high in (-1, 4):
        error = refused(engine, lambda v=low_or_high: assessments.score(
            engine, expert, assessment.id, {"kind": "independent", **scores(v, 1, 1, 1, 1)}, False))
        assert isinstance(error, ValidationFailed) and set(error.errors) == {"deployment"}
    assert refused(engine, lambda: assessments.score(engine, expert, assessment.id,
                                                     {"kind": "jury", **scores(1, 1, 1, 1, 1)}, False)).errors == \
        {"kind": t("valid.assessor_kind")}
    for edge in (0, 3):
        row = assessments.score(engine, expert, assessment.id, {"kind": "independent", **scores(edge, 1, 1, 1, 1)}, False)
        assert row.deployment == edge and row.submitted_at is None


def test_nothing_to_consolidate_before_a_submitted_score(engine, staff):
    with write_session(engine) as session:
        empty = Assessment(project_id=project_id(engine, "kunagi"), assessed_on=date(2025, 1, 10), assessor="—",
                           assessor_count=0)
        session.add(empty)
        session.flush()
        empty_id = empty.id
    assert refused(engine, lambda: assessments.consolidate(engine, staff, empty_id, {**scores(1, 1, 1, 1, 1),
                                                                                     "reason": "x"})).key == \
        "assessors.error.nothing_submitted"


# --- audit rows and double submissions ------------------------------------------------------------

def test_every_assessor_write_is_audited_and_a_double_submission_writes_once(engine, staff):
    first = next_audit_id(engine)
    assessment = open_assessment(engine, staff)
    expert = assessor(engine, "expert")
    draft = {"kind": "independent", "comment": HOSTILE, **scores(3, 3, 1, 1, 1)}
    assessments.score(engine, expert, assessment.id, draft, submit=False, submission_key="k-draft")
    again = assessments.score(engine, expert, assessment.id, draft, submit=False, submission_key="k-draft")
    assessments.score(engine, expert, assessment.id, draft, submit=True, submission_key="k-submit")
    assert assessments.score(engine, expert, assessment.id, draft, submit=True, submission_key="k-submit").id == again.id
    assessments.consolidate(engine, staff, assessment.id, {**scores(3, 2, 1, 1, 1), "reason": HOSTILE})
    entries = audit_since(engine, first)
    assert [(e.username, e.action, e.entity) for e in entries] == [
        ("claire", "assessment.create", "assessment"), ("expert", "assessor_score.draft", "assessorscore"),
        ("expert", "assessor_score.submit", "assessorscore"), ("claire", "assessment.consolidate", "assessment"),
    ]
    created = json.loads(entries[0].after_json)
    assert created["assessor_score"]["submitted_at"] is not None and created["assessor_count"] == 1
    assert json.loads(entries[1].after_json)["comment"] == HOSTILE  # kept as typed
    assert json.loads(entries[2].before_json)["submitted_at"] is None
    consolidated = json.loads(entries[3].after_json)
    assert json.loads(entries[3].before_json)["consolidated_at"] is None
    assert (consolidated["consolidation_reason"], consolidated["consolidated_commercial_traction"]) == (HOSTILE, 2)
    with Session(engine) as session:
        assert len(session.exec(select(AssessorScore).where(AssessorScore.assessment_id == assessment.id)).all()) == 2


# --- the same rule for the ranking, the averages, the record and the export ------------------------

def test_ranking_averages_record_and_export_use_the_rule_and_say_which(engine, staff):
    assessment = open_assessment(engine, staff, values=(2, 1, 1, 2, 1))  # kunagi: 7
    expert = assessor(engine, "expert")
    assessments.score(engine, expert, assessment.id, {"kind": "independent", **scores(2, 3, 2, 2, 1)}, submit=True)

    def kunagi_rank():
        ranking = project_queries.ranking(engine).set_index("slug")
        return ranking.loc["kunagi"]

    row = kunagi_rank()
    assert (row["replicability_index"], row["commercial_traction"], row["industrialisation"]) == (8.5, 2, 1.5)
    assert (row["assessor_count"], bool(row["consolidated"])) == (2, False)
    assert scoring.row_basis_label(row.to_dict()) == "moyenne de 2 évaluateurs"
    by_commune = project_queries.average_index_by_commune(engine).set_index("code")
    assert by_commune.loc[SCEAUX, "mean_index"] == 8.5  # kunagi is Sceaux's one assessed experiment
    record = assessor_queries.assessment_scores(engine, assessment.id, viewer(staff))
    assert record.index.index == 8.5 and record.disagreements == ("commercial_traction",)
    assert assessor_queries.assessment_scores(engine, assessment.id).index.index == 8.5  # the public's index too
    assert project_queries.project(engine, "kunagi")["replicability_index"] == 8.5

    assessments.consolidate(engine, staff, assessment.id, {**scores(2, 2, 2, 2, 1), "reason": "visite"})
    row = kunagi_rank()
    assert (row["replicability_index"], bool(row["consolidated"])) == (9, True)
    assert scoring.row_basis_label(row.to_dict(), "en") == "consolidated"
    exported = open_data_tables(engine)
    line = exported["assessments"].set_index("project_id").loc[project_id(engine, "kunagi")]
    assert (line["index"], line["score_basis"], line["assessor_count"]) == (9, "consolidated", 2)
    assert list(exported["assessments"].columns[:9]) == [
        "project_id", "assessed_on", *CRITERIA, "index", "is_demo"]
    assert list(exported["assessor_scores"].columns[:10]) == [
        "project_slug", "assessed_on", "assessor", *CRITERIA, "submitted_at", "is_demo"]
    assert sorted(exported["assessor_scores"]["assessor"]) == ["Claire", "expert"]


def test_drafts_are_not_exported_and_do_not_move_the_index(engine, staff):
    assessment = open_assessment(engine, staff, values=(2, 1, 1, 2, 1))
    expert = assessor(engine, "expert")
    assessments.score(engine, expert, assessment.id, {"kind": "independent", **scores(0, 0, 0, 0, 0)}, submit=False)
    assert project_queries.ranking(engine).set_index("slug").loc["kunagi", "replicability_index"] == 7
    assessments.consolidate(engine, staff, assessment.id, {**scores(2, 1, 1, 2, 1), "reason": "visite"})
    assert list(open_data_tables(engine)["assessor_scores"]["assessor"]) == ["Claire"]


def test_the_demo_shows_two_assessors_two_points_apart_on_pelican(demo_engine):
    history = project_queries.assessments(demo_engine, project_id(demo_engine, "pelican"))
    latest = assessor_queries.assessment_scores(demo_engine, int(history.iloc[-1]["id"]))  # signed out
    assert len(latest.submitted) == 2 and all(r.is_demo for r in latest.rows)
    assert latest.disagreements == ("commercial_traction",) and latest.spread["commercial_traction"] == 2
    assert latest.index.basis == "consolidated" and latest.index.index == 12  # consolidated at the two's mean
    assert "démonstration" in latest.consolidation_reason
    history = project_queries.assessments(demo_engine, project_id(demo_engine, "modulatio"))
    waiting = assessor_queries.assessment_scores(demo_engine, int(history.iloc[-1]["id"]))
    assert waiting.rows == () and waiting.hidden and waiting.index.basis == "mean"  # left for staff to consolidate


def test_an_admin_gives_and_takes_the_assessor_flag_audited_and_sessions_closed(engine, staff):
    from qmi.services import users

    make_user(engine, "expert", "viewer")
    first = next_audit_id(engine)
    assert refused(engine, lambda: users.set_assessor(engine, "expert", True, actor=staff)).key == "forms.error.admin_only"
    admin = make_user(engine, "root", ADMIN)
    given = users.set_assessor(engine, "expert", True, actor=admin)
    assert given.is_assessor and given.session_version == 1
    assert users.set_assessor(engine, "expert", True, actor=admin).session_version == 1  # no change, no entry
    users.set_assessor(engine, "expert", False, actor=admin)
    entries = audit_since(engine, first)
    assert [(e.username, e.action) for e in entries] == [("root", "user.set_assessor")] * 2
    assert json.loads(entries[0].after_json)["is_assessor"] is True


# --- record and score, field by field (mutation testing, issue #21) ------------------------------

def test_a_new_assessment_is_refused_in_english_with_one_message_per_field(engine, staff):
    raw = {"project_id": 999_999, "assessed_on": "2025-01-10", "assessor": "Claire", "kind": "jury",
           **scores(1, 1, 1, 1, 1)}
    error = refused(engine, lambda: assessments.record(engine, staff, raw, today=TODAY, lang="en"))
    assert error.errors == {"kind": "Choose an assessor role from the list.",
                            "project_id": "Unknown experiment: “999999”."}
    error = refused(engine, lambda: assessments.record(engine, staff, raw, today=TODAY))
    assert error.errors == {"kind": "Choisissez une qualité d'évaluateur de la liste.",
                            "project_id": "Expérimentation inconnue : « 999999 »."}
    missing = {**raw, "project_id": project_id(engine, "kunagi"), "kind": "paris_co", "assessor": ""}
    error = refused(engine, lambda: assessments.record(engine, staff, missing, today=TODAY, lang="en"))
    assert error.errors == {"assessor": t("valid.required", "en")} and t("valid.required", "en") != t("valid.required")


def test_an_agent_assessor_records_as_the_commune_only_for_their_own(engine):
    agent = assessor(engine, "agent.sceaux", AGENT, SCEAUX)
    raw = {"project_id": project_id(engine, "kunagi"), "assessed_on": "2025-01-10", "assessor": "Agent",
           **scores(1, 1, 1, 1, 1)}
    assert refused(engine, lambda: assessments.record(engine, agent, raw, today=TODAY)).key == \
        "assessors.error.commune_kind"  # left out, the kind is « paris_co », not an agent's
    row = assessments.record(engine, agent, {**raw, "kind": "commune"}, today=TODAY)
    with Session(engine) as session:
        assert session.exec(select(AssessorScore.kind).where(AssessorScore.assessment_id == row.id)).one() == "commune"


def test_a_new_assessment_keeps_its_author_key_and_first_score_audited(engine, staff):
    first = next_audit_id(engine)
    raw = {"project_id": project_id(engine, "kunagi"), "assessed_on": "2025-01-10", "assessor": "Claire",
           "comment": "visite", **scores(2, 1, 1, 2, 1)}
    row = assessments.record(engine, staff, raw, submission_key="form-1", today=TODAY)
    other = assessments.record(engine, staff, {**raw, **scores(3, 1, 1, 2, 1)}, submission_key="form-2", today=TODAY)
    assert other.id != row.id  # another key and other scores: a second assessment
    assert assessments.record(engine, staff, {**raw, **scores(0, 0, 0, 0, 0)}, submission_key="form-1",
                              today=TODAY).id == row.id  # the same key: the first row, whatever it holds
    with Session(engine) as session:
        stored = session.get(Assessment, row.id)
        assert (stored.created_by_id, stored.submission_key, stored.assessor_count) == (staff.id, "form-1", 1)
        first_score = session.exec(select(AssessorScore).where(AssessorScore.assessment_id == row.id)).one()
        assert (first_score.user_id, first_score.assessor, first_score.kind, first_score.comment) == \
            (staff.id, "Claire", "paris_co", "visite")
        assert first_score.created_at == first_score.updated_at == first_score.submitted_at
    entries = audit_since(engine, first)
    assert [(e.action, e.entity_id) for e in entries] == [("assessment.create", str(row.id)), ("assessment.create", str(other.id))]


def test_the_same_scores_without_a_key_are_one_assessment_per_person(engine, staff):
    raw = {"project_id": project_id(engine, "kunagi"), "assessed_on": "2025-01-10", "assessor": "Claire",
           **scores(2, 1, 1, 2, 1)}
    row = assessments.record(engine, staff, raw, today=TODAY)
    assert assessments.record(engine, staff, raw, today=TODAY).id == row.id  # a double click
    changed = [{**raw, **scores(2, 1, 1, 2, 2)}, {**raw, "comment": "autre"}, {**raw, "assessed_on": "2025-01-11"}]
    ids = {assessments.record(engine, staff, other, today=TODAY).id for other in changed}
    colleague = make_user(engine, "marc", STAFF)
    ids.add(assessments.record(engine, colleague, raw, today=TODAY).id)  # another person, the same scores
    assert len(ids) == 4 and row.id not in ids
    assert counts(engine)["assessment"] == 5


def test_a_score_is_per_assessment_and_its_submission_moves_the_version_once(engine, staff):
    first_assessment = open_assessment(engine, staff)
    second_assessment = open_assessment(engine, staff, values=(0, 0, 0, 0, 1))
    expert = assessor(engine, "expert")
    first = next_audit_id(engine)
    assessments.score(engine, expert, first_assessment.id, {"kind": "independent", **scores(3, 3, 3, 3, 3)}, submit=True)
    draft = assessments.score(engine, expert, second_assessment.id, {"kind": "independent", **scores(1, 1, 1, 1, 1)},
                              submit=False)
    with Session(engine) as session:
        assert session.get(Assessment, first_assessment.id).version == first_assessment.version + 1
        kept = session.get(Assessment, second_assessment.id)
        assert (kept.version, kept.assessor_count) == (second_assessment.version, 1)  # a draft counts for nothing
        stored = session.get(AssessorScore, draft.id)
        assert (stored.assessment_id, stored.kind, stored.is_demo, stored.deployment) == \
            (second_assessment.id, "independent", False, 1)
        assert stored.created_at is not None and stored.submitted_at is None
    assert [(e.action, e.entity_id) for e in audit_since(engine, first)][1] == ("assessor_score.draft", str(draft.id))
    assert refused(engine, lambda: assessments.score(engine, expert, first_assessment.id,
                                                     {"kind": "jury", **scores(1, 1, 1, 1, 1)}, True, lang="en")).errors == \
        {"kind": "Choose an assessor role from the list."}


def test_a_boolean_is_no_assessment_id(engine, staff):
    open_assessment(engine, staff)
    expert = assessor(engine, "expert")
    raw = {"kind": "independent", **scores(1, 1, 1, 1, 1)}
    assert refused(engine, lambda: assessments.score(engine, expert, True, raw, True)).key == \
        "assessors.error.unknown_assessment"
    assert refused(engine, lambda: assessments.consolidate(engine, staff, True, {**raw, "reason": "x"})).key == \
        "assessors.error.unknown_assessment"


def test_a_consolidation_keeps_who_and_moves_the_version_once_audited(engine, staff):
    assessment = open_assessment(engine, staff)
    first = next_audit_id(engine)
    refusal = refused(engine, lambda: assessments.consolidate(engine, staff, assessment.id,
                                                              {**scores(2, 2, 2, 2, 2), "reason": ""}, lang="en"))
    assert refusal.errors == {"reason": t("valid.reason_required", "en")} != {"reason": t("valid.reason_required")}
    done = assessments.consolidate(engine, staff, assessment.id, {**scores(2, 2, 2, 2, 2), "reason": "visite"},
                                   expected_version=assessment.version)
    with Session(engine) as session:
        stored = session.get(Assessment, assessment.id)
        assert (stored.consolidated_by_id, stored.version) == (staff.id, assessment.version + 1)
    assert [(e.action, e.entity_id) for e in audit_since(engine, first)] == [("assessment.consolidate", str(done.id))]
def test_score_texts_labels_and_bases_read_in_french_unless_told():
    """The pure wording of the index: French by default, English when asked, two decimals at most."""
    assert scoring.criterion("deployment").name == "Expérimentation déployée"
    assert scoring.level_label("deployment", 3) == "Test réussi"
    assert scoring.deployment_label(3) == "Test réussi"
    assert scoring.deployment_label(None) == "Statut inconnu"
    assert scoring.deployment_label(1, True) == "Abandonnée"
    assert scoring.score_text(None) == "–"
    assert scoring.score_text(1.5) == "1,5" and scoring.score_text(1.5, "en") == "1.5"
    assert scoring.score_text(1.25) == "1,25" and scoring.score_text(1.2549) == "1,25"
    assert scoring.score_level("deployment", 2) == "2 · Test lancé"
    assert scoring.score_level("deployment", 2.004) == "2 · Test lancé"  # rounded to two places first
    assert scoring.score_level("deployment", 2.996) == "3 · Test réussi"
    assert scoring.score_level("deployment", 0.5) == "0,5 · entre « Pas du tout » et « Terrain validé »"
    assert scoring.score_level("deployment", 2.5, "en") == "2.5 · between “Test under way” and “Test succeeded”"


def test_the_basis_of_an_index_is_named_from_its_consolidation_and_its_number_of_assessors():
    assert [scoring.basis_of(False, n) for n in (0, 1, 2)] == ["none", "single", "mean"]
    assert scoring.basis_of(True, 0) == "consolidated"
    assert scoring.basis_label("none", 0) == "aucune note soumise"
    assert scoring.basis_label("none", 0, "en") == "no score submitted"
    assert scoring.basis_label("single", 1) == "un seul évaluateur"
    assert scoring.basis_label("single", 1, "en") == "one assessor"
    assert scoring.basis_label("mean", 2, "en") == "mean of 2 assessors"
    assert scoring.basis_label("consolidated", 3, "en") == "consolidated"
    assert scoring.row_basis_label({"assessor_count": None}) == "aucune note soumise"
    assert scoring.row_basis_label({"assessor_count": float("nan")}) == "aucune note soumise"
    assert scoring.row_basis_label({"assessor_count": 1}, "en") == "one assessor"
    assert scoring.row_basis_label({"assessor_count": 2}) == "moyenne de 2 évaluateurs"
    assert scoring.row_basis_label({"assessor_count": 2, "consolidated": True}, "en") == "consolidated"


def test_no_submitted_score_means_no_index_no_spread_and_a_mean_keeps_two_places():
    nothing = scoring.index_scores(None, [])
    assert (nothing.scores, nothing.basis, nothing.count, nothing.index) == (None, "none", 0, None)
    assert scoring.spread([]) == {c: 0 for c in CRITERIA}
    ones, twos = {c: 1 for c in CRITERIA}, {c: 2 for c in CRITERIA}
    thirds = scoring.index_scores(None, [ones, ones, twos])
    assert thirds.scores["deployment"] == 1.33 and thirds.basis == "mean" and thirds.count == 3
    assert scoring.whole(None) is None and scoring.whole(float("nan")) is None
    assert scoring.whole(2.0) == 2 and type(scoring.whole(2.0)) is int and scoring.whole(1.5) == 1.5


def test_a_submission_written_at_the_same_moment_by_another_session_is_given_back(engine, staff, monkeypatch):
    raw = {"project_id": project_id(engine, "kunagi"), "assessed_on": "2025-01-10", "assessor": "Claire",
           **scores(2, 1, 1, 2, 1)}
    row = assessments.record(engine, staff, raw, submission_key="form-1", today=TODAY)
    real, blind = assessments._by_key, [2]

    def by_key(session, key):  # the other session's row not visible yet to this one's two checks
        if blind[0]:
            blind[0] -= 1
            return None
        return real(session, key)

    monkeypatch.setattr(assessments, "_by_key", by_key)
    again = assessments.record(engine, staff, {**raw, **scores(3, 3, 3, 3, 3)}, submission_key="form-1", today=TODAY)
    assert again.id == row.id
    with Session(engine) as session:
        assert len(session.exec(select(Assessment)).all()) == 1


def test_a_submission_sent_again_gives_back_its_row_even_if_the_form_is_now_refused(engine, staff):
    raw = {"project_id": project_id(engine, "kunagi"), "assessed_on": "2025-01-10", "assessor": "Claire",
           **scores(2, 1, 1, 2, 1)}
    row = assessments.record(engine, staff, raw, submission_key="form-1", today=TODAY)
    again = assessments.record(engine, staff, {**raw, **scores(9, 9, 9, 9, 9)}, submission_key="form-1", today=TODAY)
    assert again.id == row.id


def test_an_assessment_dated_after_the_day_given_is_refused_and_the_day_itself_accepted(engine, staff):
    raw = {"project_id": project_id(engine, "kunagi"), "assessor": "Claire", **scores(2, 1, 1, 2, 1)}
    with pytest.raises(ValidationFailed) as refused:
        assessments.record(engine, staff, {**raw, "assessed_on": "2026-12-02"}, today=TODAY)
    assert set(refused.value.errors) == {"assessed_on"}
    assert assessments.record(engine, staff, {**raw, "assessed_on": "2026-12-01"}, today=TODAY).assessed_on \
        == date(2026, 12, 1)
