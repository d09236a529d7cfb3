"""Four-eyes review of the values (issue #18 §1): who reviews, what the public sees, every step in the history."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

import pytest
from sqlmodel import Session, select

from qmi.bench.concurrency import at_once
from qmi.i18n import Refusal
from qmi.models import AuditLog, Measurement, Project, User
from qmi.queries import measurements as measurement_queries
from qmi.queries import reviews as review_queries
from qmi.services import imports, measurements, reviews, users
from qmi.services.errors import PermissionDenied, ServiceError, ValidationFailed
from tests.unit.store_rows import audit_since, next_audit_id

TODAY = date(2025, 6, 1)
SCEAUX, OTHER = "92071", "93048"


def account(engine, username, role="staff", commune=None, validator=False) -> User:
    with Session(engine, expire_on_commit=False) as session:
        user = User(username=username, password_hash="-", role=role, commune_insee=commune, is_validator=validator)
        session.add(user)
        session.commit()
        return user


def kunagi(engine) -> Project:
    with Session(engine) as session:
        return session.exec(select(Project).where(Project.slug == "kunagi")).one()


def entry(project_id, period="2024-03-01", value="12"):
    return {"project_id": project_id, "indicator_code": "SOC-JOBS", "period_start": period, "value": value}


def row(engine, measurement_id) -> Measurement:
    with Session(engine) as session:
        return session.get(Measurement, measurement_id)


def actions(engine, *ids) -> list[str]:
    with Session(engine) as session:
        return list(session.exec(select(AuditLog.action).where(AuditLog.entity == "measurement",
                                                               AuditLog.entity_id.in_([str(i) for i in ids]))
                                 .order_by(AuditLog.id)).all())


def shown_values(engine, include_pending=False) -> list[float]:
    series = measurement_queries.series(engine, kunagi(engine).id, include_pending)
    return list(series[series["indicator_code"] == "SOC-JOBS"]["value"])


@pytest.fixture
def people(engine):
    return {
        "agent": account(engine, "agent.sceaux", "agent", SCEAUX),
        "staff": account(engine, "staff.review"),
        "validator": account(engine, "valid.sceaux", "viewer", SCEAUX, validator=True),
        "outsider": account(engine, "valid.other", "viewer", OTHER, validator=True),
        "viewer": account(engine, "viewer.sceaux", "viewer", SCEAUX),
        "agent_flagged": account(engine, "agent.flag", "agent", SCEAUX, validator=True),
    }


def test_a_new_value_waits_and_the_public_sees_it_once_approved(engine, people):
    value = measurements.record(engine, people["agent"], entry(kunagi(engine).id), today=TODAY)
    assert value.review_state == "a_valider"
    assert shown_values(engine) == [] and shown_values(engine, include_pending=True) == [12.0]
    latest = measurement_queries.latest_values(engine, commune_insee=SCEAUX)
    assert 12.0 not in list(latest[latest["slug"] == "kunagi"]["value"])

    approved = reviews.approve(engine, people["validator"], value.id, version=value.version)
    assert (approved.review_state, approved.reviewed_by) == ("approuvee", "valid.sceaux")
    assert approved.reviewed_at is not None
    assert shown_values(engine) == [12.0]
    assert actions(engine, value.id) == ["measurement.create", "measurement.approve"]


@pytest.mark.parametrize("who, key", [
    ("agent", "review.error.not_reviewer"), ("agent_flagged", "review.error.not_reviewer"),
    ("viewer", "review.error.not_reviewer"), ("outsider", "review.error.other_commune"),
])
def test_who_may_not_review_is_refused_by_key_and_nothing_changes(engine, people, who, key):
    value = measurements.record(engine, people["staff"], entry(kunagi(engine).id), today=TODAY)
    with pytest.raises(PermissionDenied) as refused:
        reviews.approve(engine, people[who], value.id)
    assert refused.value.key == key
    with pytest.raises(PermissionDenied) as refused:
        reviews.send_back(engine, people[who], value.id, "non")
    assert refused.value.key == key
    assert row(engine, value.id).review_state == "a_valider"
    assert actions(engine, value.id) == ["measurement.create"]


def test_nobody_reviews_their_own_value_not_even_staff(engine, people):
    value = measurements.record(engine, people["staff"], entry(kunagi(engine).id), today=TODAY)
    for act in (lambda: reviews.approve(engine, people["staff"], value.id),
                lambda: reviews.send_back(engine, people["staff"], value.id, "à revoir")):
        with pytest.raises(PermissionDenied) as refused:
            act()
        assert refused.value.key == "review.error.own_value"
    assert row(engine, value.id).review_state == "a_valider"


def test_returning_needs_a_reason(engine, people):
    value = measurements.record(engine, people["agent"], entry(kunagi(engine).id), today=TODAY)
    for reason in ("", "   "):
        with pytest.raises(ValidationFailed) as refused:
            reviews.send_back(engine, people["validator"], value.id, reason)
        assert set(refused.value.errors) == {"reason"}
    assert row(engine, value.id).review_state == "a_valider"


def test_returned_then_fixed_then_approved_keeps_every_step(engine, people):
    value = measurements.record(engine, people["agent"], entry(kunagi(engine).id, value="120"), today=TODAY)
    returned = reviews.send_back(engine, people["validator"], value.id, "Unité : des emplois, pas des heures.")
    assert (returned.review_state, returned.review_reason) == ("renvoyee", "Unité : des emplois, pas des heures.")
    assert list(review_queries.returned(engine, people["agent"].id)["id"]) == [value.id]
    assert shown_values(engine, include_pending=True) == []  # returned: neither public nor « en attente »
    assert shown_values(engine) == []

    fixed = measurements.correct(engine, people["agent"], value.id, entry(kunagi(engine).id, value="12"), today=TODAY)
    assert (fixed.state, fixed.review_state, fixed.supersedes_id) == ("active", "a_valider", value.id)
    assert review_queries.returned(engine, people["agent"].id).empty
    reviews.approve(engine, people["validator"], fixed.id)

    chain = measurements.history(engine, fixed.id)
    assert [(m.value, m.state, m.review_state) for m in chain] == [
        (120.0, "superseded", "renvoyee"), (12.0, "active", "approuvee")]
    assert chain[0].review_reason == "Unité : des emplois, pas des heures."
    assert actions(engine, value.id, fixed.id) == [
        "measurement.create", "measurement.return", "measurement.correct", "measurement.approve"]
    assert shown_values(engine) == [12.0]


def test_a_correction_of_an_approved_value_waits_and_the_approved_one_stays_shown(engine, people):
    value = measurements.record(engine, people["agent"], entry(kunagi(engine).id, value="10"), today=TODAY)
    reviews.approve(engine, people["staff"], value.id)
    proposal = measurements.correct(engine, people["agent"], value.id, entry(kunagi(engine).id, value="11"), today=TODAY)
    assert (proposal.state, proposal.review_state) == ("proposed", "a_valider")
    assert row(engine, value.id).state == "active" and shown_values(engine) == [10.0]
    with pytest.raises(ServiceError) as refused:  # a second correction while the first one waits
        measurements.correct(engine, people["agent"], value.id, entry(kunagi(engine).id, value="13"), today=TODAY)
    assert refused.value.key == "review.error.correction_waiting"

    reviews.approve(engine, people["validator"], proposal.id)
    assert row(engine, value.id).state == "superseded"
    assert (row(engine, proposal.id).state, row(engine, proposal.id).review_state) == ("active", "approuvee")
    assert shown_values(engine) == [11.0]
    assert "measurement.supersede" in actions(engine, value.id)


def test_a_returned_correction_is_fixed_as_a_new_proposal(engine, people):
    value = measurements.record(engine, people["agent"], entry(kunagi(engine).id, value="10"), today=TODAY)
    reviews.approve(engine, people["staff"], value.id)
    proposal = measurements.correct(engine, people["agent"], value.id, entry(kunagi(engine).id, value="99"), today=TODAY)
    reviews.send_back(engine, people["staff"], proposal.id, "99 ? Vérifiez le relevé.")
    again = measurements.correct(engine, people["agent"], proposal.id, entry(kunagi(engine).id, value="11"), today=TODAY)
    assert (again.state, again.supersedes_id, row(engine, proposal.id).state) == ("proposed", proposal.id, "superseded")
    assert shown_values(engine) == [10.0]
    reviews.approve(engine, people["staff"], again.id)
    assert [(m.value, m.state) for m in measurements.history(engine, value.id)] == [
        (10.0, "superseded"), (99.0, "superseded"), (11.0, "active")]


def test_a_withdrawal_of_an_approved_value_is_a_request_until_approved(engine, people):
    value = measurements.record(engine, people["agent"], entry(kunagi(engine).id), today=TODAY)
    reviews.approve(engine, people["staff"], value.id)
    asked = measurements.retract(engine, people["agent"], value.id, "Compteur en panne")
    assert (asked.state, asked.withdrawal_reason) == ("active", "Compteur en panne")
    assert shown_values(engine) == [12.0]
    with pytest.raises(PermissionDenied) as refused:  # the one who asked does not approve it
        reviews.approve(engine, people["agent"], value.id)
    assert refused.value.key == "review.error.not_reviewer"

    refused_once = reviews.send_back(engine, people["validator"], value.id, "Le relevé est bon.")
    assert refused_once.withdrawal_reason is None and shown_values(engine) == [12.0]
    measurements.retract(engine, people["agent"], value.id, "Compteur en panne, confirmé")
    done = reviews.approve(engine, people["validator"], value.id)
    assert (done.state, done.retracted_reason) == ("retracted", "Compteur en panne, confirmé")
    assert shown_values(engine) == []
    assert actions(engine, value.id)[1:] == ["measurement.approve", "measurement.request_withdrawal",
                                             "measurement.return_withdrawal", "measurement.request_withdrawal",
                                             "measurement.approve_withdrawal"]


def test_staff_requesting_a_withdrawal_cannot_approve_it_themselves(engine, people):
    value = measurements.record(engine, people["agent"], entry(kunagi(engine).id), today=TODAY)
    reviews.approve(engine, people["validator"], value.id)
    measurements.retract(engine, people["staff"], value.id, "Doublon")
    with pytest.raises(PermissionDenied) as refused:
        reviews.approve(engine, people["staff"], value.id)
    assert refused.value.key == "review.error.own_value"


def test_a_second_review_of_the_same_value_or_an_old_screen_is_refused(engine, people):
    value = measurements.record(engine, people["agent"], entry(kunagi(engine).id), today=TODAY)
    with pytest.raises(ServiceError) as refused:
        reviews.approve(engine, people["staff"], value.id, version=value.version + 1)
    assert refused.value.key == "review.error.already_reviewed"
    reviews.approve(engine, people["staff"], value.id, version=value.version)
    with pytest.raises(ServiceError) as refused:
        reviews.approve(engine, people["validator"], value.id, version=value.version)
    assert refused.value.key == "review.error.already_reviewed_by"
    assert actions(engine, value.id).count("measurement.approve") == 1


CSV = (b"experimentation,indicateur,debut_periode,valeur\n"
       b"kunagi,SOC-JOBS,2024-01-01,3\nkunagi,SOC-JOBS,2024-02-01,4\nkunagi,SOC-JOBS,2024-03-01,5\n")


def test_bulk_approve_of_an_import_writes_one_audit_entry_per_value(engine, people):
    report = imports.import_measurements(engine, people["agent"], CSV, "releves.csv", today=TODAY)
    assert report.ok and report.written == 3 and report.batch
    with pytest.raises(PermissionDenied) as refused:
        reviews.approve_batch(engine, people["outsider"], report.batch)
    assert refused.value.key == "review.error.other_commune"
    listed = review_queries.batches(engine, "viewer", True, SCEAUX)
    assert list(listed["waiting"]) == [3]

    result = reviews.approve_batch(engine, people["validator"], report.batch)
    assert (result.approved, result.left) == (3, 0)
    with Session(engine) as session:
        ids = list(session.exec(select(Measurement.id).where(Measurement.import_batch == report.batch)).all())
        approvals = session.exec(select(AuditLog).where(AuditLog.action == "measurement.approve")).all()
    assert sorted(int(a.entity_id) for a in approvals) == sorted(ids)
    assert shown_values(engine) == [3.0, 4.0, 5.0]
    with pytest.raises(ServiceError) as refused:
        reviews.approve_batch(engine, people["validator"], report.batch)
    assert refused.value.key == "review.error.batch_done"


def test_the_importer_cannot_approve_their_own_import(engine, people):
    report = imports.import_measurements(engine, people["staff"], CSV, "releves.csv", today=TODAY)
    with pytest.raises(PermissionDenied) as refused:
        reviews.approve_batch(engine, people["staff"], report.batch)
    assert refused.value.key == "review.error.own_value"
    assert shown_values(engine) == []  # all or nothing


def test_the_pending_list_is_scoped_to_the_reviewers_communes_and_paged(engine, people):
    project = kunagi(engine)
    for month in range(1, 5 + 1):
        measurements.record(engine, people["agent"], entry(project.id, period=f"2024-{month:02d}-01"), today=TODAY)
    first, total = review_queries.pending(engine, "viewer", True, SCEAUX, page_size=4)
    assert total == 5 and len(first) == 4
    second, _ = review_queries.pending(engine, "viewer", True, SCEAUX, page=2, page_size=4)
    assert len(second) == 1
    assert review_queries.pending(engine, "viewer", True, OTHER)[1] == 0
    assert review_queries.pending(engine, "agent", True, SCEAUX)[1] == 0
    assert review_queries.pending(engine, "staff", indicator_code="SOC-JOBS")[1] == 5
    assert review_queries.pending(engine, "staff", indicator_code="SOC-USERS")[1] == 0


def test_set_validator_is_an_admins_and_never_for_an_agent(engine):
    admin = account(engine, "admin.review", "admin")
    account(engine, "agent.v", "agent", SCEAUX)
    account(engine, "viewer.nocommune", "viewer")
    account(engine, "viewer.v", "viewer", SCEAUX)
    with pytest.raises(ServiceError) as refused:
        users.set_validator(engine, "agent.v", True, admin)
    assert refused.value.key == "review.error.validator_not_agent"
    with pytest.raises(ServiceError) as refused:
        users.set_validator(engine, "viewer.nocommune", True, admin)
    assert refused.value.key == "review.error.validator_commune"
    flagged = users.set_validator(engine, "viewer.v", True, admin)
    assert flagged.is_validator and flagged.session_version == 1
    with Session(engine) as session:
        entry_ = session.exec(select(AuditLog).where(AuditLog.action == "user.set_validator")).one()
    assert json.loads(entry_.after_json)["is_validator"] is True


THREADS = 20


def test_twenty_reviewers_approving_one_value_at_once_give_one_approval(engine, people):
    value = measurements.record(engine, people["agent"], entry(kunagi(engine).id), today=TODAY)
    reviewers = [account(engine, f"staff.{n}") for n in range(THREADS)]
    outcomes = at_once([lambda r=r: reviews.approve(engine, r, value.id, version=value.version) for r in reviewers])
    unexpected = [o for o in outcomes if isinstance(o, BaseException) and not isinstance(o, Refusal)]
    assert unexpected == []
    keys = Counter(o.key for o in outcomes if isinstance(o, Refusal))
    assert sum(1 for o in outcomes if isinstance(o, Measurement)) == 1
    assert sum(keys.values()) == THREADS - 1 and set(keys) <= {"review.error.already_reviewed",
                                                                 "review.error.already_reviewed_by"}
    assert actions(engine, value.id).count("measurement.approve") == 1


def test_open_data_measurements_gain_the_review_columns_after_the_others_and_only_approved_rows(engine, people, tmp_path):
    from qmi.outputs import tables as export

    waiting = measurements.record(engine, people["agent"], entry(kunagi(engine).id, value="7"), today=TODAY)
    approved = measurements.record(engine, people["agent"], entry(kunagi(engine).id, period="2024-04-01", value="8"),
                                   today=TODAY)
    reviews.approve(engine, people["validator"], approved.id)
    export.export_open_data(engine, tmp_path)
    text_ = (tmp_path / "measurements.csv").read_text("utf-8")
    header = text_.splitlines()[0].split(",")
    assert header == ["id", "project_id", "indicator_code", "period_start", "value", "entered_by", "entered_at",
                      "is_demo", "state", "supersedes_id", "source", "review_state", "reviewed_by", "reviewed_at"]
    import csv
    import io
    exported = {int(r["id"]): r for r in csv.DictReader(io.StringIO(text_))}
    assert waiting.id not in exported
    assert (exported[approved.id]["review_state"], exported[approved.id]["reviewed_by"]) == ("approuvee", "valid.sceaux")
    assert exported[approved.id]["reviewed_at"] != ""


def test_every_public_reader_leaves_a_waiting_value_out_until_it_is_approved(demo_engine):
    """The record's progress, the comparison of an indicator, the sheet (its PDF) and the commune page read
    ``shown.values``: a newer value waiting for review changes none of them; approved, it shows in each."""
    from qmi.queries import indicators as indicator_queries
    from qmi.queries import sheets

    agent = account(demo_engine, "agent.sceaux", "agent", SCEAUX)
    staff = account(demo_engine, "staff.review")
    project = kunagi(demo_engine)
    with Session(demo_engine) as session:
        code = session.exec(select(Measurement.indicator_code).where(Measurement.project_id == project.id)
                            .order_by(Measurement.indicator_code)).first()

    def readings():
        protocol = indicator_queries.project_protocol(demo_engine, project.id)
        compared = indicator_queries.comparison(demo_engine, code)
        sheet = sheets.sheet(demo_engine, "kunagi")
        latest = measurement_queries.latest_values(demo_engine, commune_insee=SCEAUX)
        return (list(protocol[protocol["indicator_code"] == code]["latest_period"]),
                list(compared[compared["slug"] == "kunagi"]["latest_period"]),
                [line.latest_period for line in sheet.indicators if line.code == code],
                list(latest[(latest["slug"] == "kunagi") & (latest["indicator_code"] == code)]["period_start"]))

    before = readings()
    value = measurements.record(demo_engine, agent, {"project_id": project.id, "indicator_code": code,
                                                     "period_start": "2025-05-01", "value": "1"}, today=TODAY)
    assert readings() == before
    reviews.approve(demo_engine, staff, value.id)
    after = readings()
    assert all(str(found[0])[:10] == "2025-05-01" for found in after), after


def test_a_return_is_audited_with_the_value_before_and_after_and_its_reason(engine, people):
    value = measurements.record(engine, people["agent"], entry(kunagi(engine).id), today=TODAY)
    first = next_audit_id(engine)
    reason = "Unité fausse :\tvoir la ligne 2\net la 3"  # a reason may hold tabs and lines
    returned = reviews.send_back(engine, people["validator"], value.id, f"  {reason}  ", version=value.version)
    assert (returned.review_reason, returned.version) == (reason, value.version + 1)
    [entry_] = audit_since(engine, first)
    assert (entry_.action, entry_.entity, entry_.entity_id) == ("measurement.return", "measurement", str(value.id))
    assert (entry_.user_id, entry_.username) == (people["validator"].id, "valid.sceaux")
    before, after = json.loads(entry_.before_json), json.loads(entry_.after_json)
    assert (before["review_state"], before["version"]) == ("a_valider", value.version)
    assert (after["review_state"], after["version"], after["reason"]) == ("renvoyee", value.version + 1, reason)


def test_a_return_reason_is_refused_past_500_characters_blank_or_with_a_control_character(engine, people):
    value = measurements.record(engine, people["agent"], entry(kunagi(engine).id), today=TODAY)
    for reason, lang, message in (
        ("x" * 501, "fr", "Texte trop long (500 caractères au plus)."),
        ("x" * 501, "en", "Text too long (500 characters at most)."),
        ("a\x00b", "fr", "Ce texte contient un caractère invisible non admis (U+0000), souvent venu d'un copier-coller : "
                         "retirez-le."),
        (" ", "en", "Say why the value is returned: its author will fix it from this reason."),
        (None, "fr", "Indiquez pourquoi la valeur est renvoyée : son auteur·rice la corrigera d'après ce motif."),
    ):
        with pytest.raises(ValidationFailed) as refused:
            reviews.send_back(engine, people["validator"], value.id, reason, lang=lang)
        assert refused.value.errors == {"reason": message}
    assert row(engine, value.id).review_state == "a_valider" and actions(engine, value.id) == ["measurement.create"]
    with pytest.raises(ServiceError) as refused:  # an old screen
        reviews.send_back(engine, people["validator"], value.id, "x", version=value.version + 1)
    assert refused.value.key == "review.error.already_reviewed"
    assert reviews.send_back(engine, people["validator"], value.id, "x" * 500).review_reason == "x" * 500


def test_an_unknown_or_empty_batch_is_refused_by_its_key(engine, people):
    for batch in ("nope", "", "   ", None):
        with pytest.raises(ServiceError) as refused:
            reviews.approve_batch(engine, people["validator"], batch)
        assert refused.value.key == "review.error.batch_unknown"


def test_approving_a_correction_audits_the_supersede_and_the_approval_each_with_before_and_after(engine, people):
    value = measurements.record(engine, people["agent"], entry(kunagi(engine).id, value="10"), today=TODAY)
    approved = reviews.approve(engine, people["staff"], value.id)
    assert approved.version == value.version + 1
    proposal = measurements.correct(engine, people["agent"], value.id, entry(kunagi(engine).id, value="11"), today=TODAY)
    first = next_audit_id(engine)
    done = reviews.approve(engine, people["validator"], proposal.id, version=proposal.version)
    assert done.version == proposal.version + 1 and row(engine, value.id).version == approved.version + 1
    supersede, approval = audit_since(engine, first)
    assert (supersede.action, supersede.entity_id, supersede.user_id) == (
        "measurement.supersede", str(value.id), people["validator"].id)
    assert (json.loads(supersede.before_json)["state"], json.loads(supersede.after_json)["state"]) == ("active", "superseded")
    assert (approval.action, approval.entity_id, approval.user_id) == (
        "measurement.approve", str(proposal.id), people["validator"].id)
    before, after = json.loads(approval.before_json), json.loads(approval.after_json)
    assert (before["state"], before["review_state"]) == ("proposed", "a_valider")
    assert (after["state"], after["review_state"], after["reviewed_by"]) == ("active", "approuvee", "valid.sceaux")


@pytest.mark.parametrize("measurement_id", [999_999, 0, "abc", None])
def test_reviewing_an_unknown_value_is_refused_by_key(engine, people, measurement_id):
    for review in (lambda: reviews.approve(engine, people["staff"], measurement_id),
                   lambda: reviews.send_back(engine, people["staff"], measurement_id, "motif")):
        with pytest.raises(ServiceError) as refused:
            review()
        assert refused.value.key == "forms.error.not_found"


def test_another_communes_value_is_refused_naming_its_experiment(engine, people):
    value = measurements.record(engine, people["agent"], entry(kunagi(engine).id), today=TODAY)
    with pytest.raises(PermissionDenied) as refused:
        reviews.approve(engine, people["outsider"], value.id)
    assert refused.value.key == "review.error.other_commune" and refused.value.values == {"project": kunagi(engine).name}


def project_id(engine, slug) -> int:
    with Session(engine) as session:
        return session.exec(select(Project.id).where(Project.slug == slug)).one()


def test_a_correction_onto_a_period_taken_meanwhile_is_refused_at_approval_and_nothing_changes(engine, people):
    """The corrected period was free when proposed; a value entered since for it makes the approval a duplicate."""
    value = measurements.record(engine, people["agent"], entry(kunagi(engine).id, "2024-03-01", "10"), today=TODAY)
    reviews.approve(engine, people["staff"], value.id)
    proposal = measurements.correct(engine, people["agent"], value.id, entry(kunagi(engine).id, "2024-04-01", "11"),
                                    today=TODAY)
    measurements.record(engine, people["agent"], entry(kunagi(engine).id, "2024-04-01", "20"), today=TODAY)
    first = next_audit_id(engine)
    for lang, message in (("fr", "Une valeur existe déjà pour cet indicateur et cette période : corrigez-la plutôt "
                                 "que d'en saisir une seconde."),
                          ("en", "A value already exists for this indicator and period: correct it rather than "
                                 "entering a second one.")):
        with pytest.raises(ValidationFailed) as refused:
            reviews.approve(engine, people["validator"], proposal.id, lang=lang)
        assert refused.value.errors == {"period_start": message}
    assert (row(engine, proposal.id).state, row(engine, proposal.id).review_state) == ("proposed", "a_valider")
    assert row(engine, value.id).state == "active" and audit_since(engine, first) == []


def test_a_correction_is_approved_beside_other_experiments_indicators_and_periods(engine, people):
    """Only an active value of the same experiment, indicator and period makes the approval a duplicate."""
    value = measurements.record(engine, people["agent"], entry(kunagi(engine).id, "2024-03-01", "10"), today=TODAY)
    reviews.approve(engine, people["staff"], value.id)
    proposal = measurements.correct(engine, people["agent"], value.id, entry(kunagi(engine).id, "2024-03-01", "11"),
                                    today=TODAY)
    neighbours = [entry(project_id(engine, "soy-pv"), "2024-03-01", "5"),
                  entry(kunagi(engine).id, "2024-03-01", "4") | {"indicator_code": "SOC-USERS"},
                  entry(kunagi(engine).id, "2024-05-01", "3")]
    for neighbour in neighbours:
        measurements.record(engine, people["staff"], neighbour, today=TODAY)
    done = reviews.approve(engine, people["validator"], proposal.id)
    assert (done.state, done.review_state, row(engine, value.id).state) == ("active", "approuvee", "superseded")


def test_a_value_reviewed_meanwhile_names_its_reviewer(engine, people):
    value = measurements.record(engine, people["agent"], entry(kunagi(engine).id), today=TODAY)
    reviews.approve(engine, people["staff"], value.id)
    with pytest.raises(ServiceError) as refused:
        reviews.approve(engine, people["validator"], value.id)
    assert (refused.value.key, refused.value.values) == ("review.error.already_reviewed_by", {"who": "staff.review"})


def test_a_validator_without_a_commune_reviews_nothing(engine, people):
    loose = account(engine, "valid.nowhere", "viewer", None, validator=True)
    value = measurements.record(engine, people["agent"], entry(kunagi(engine).id), today=TODAY)
    for review in (lambda: reviews.approve(engine, loose, value.id),
                   lambda: reviews.approve_batch(engine, loose, "lot")):
        with pytest.raises(PermissionDenied) as refused:
            review()
        assert refused.value.key == "review.error.not_reviewer"
    assert row(engine, value.id).review_state == "a_valider"
