"""Transfers (« essaimage » from commune to commune): staff record them, both experiments show them,
every write is audited, bad input is refused with its message and nothing written; B's before/after
beside A's; the essaimage ranking counts a successful and a failed replication; the open-data files."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from qmi.db import write_session
from qmi.domain.transfers import FAILED, ONGOING, SUCCEEDED, outcome, success_share
from qmi.i18n import Refusal, t
from qmi.models import Lesson, Measurement, Project, ProtocolIndicator, Transfer, TransferStep
from qmi.outputs.tables import csv_text, export_open_data, open_data_tables
from qmi.queries import essaimage as essaimage_queries
from qmi.queries import evidence as evidence_queries
from qmi.queries import transfers as queries
from qmi.services import statuses, transfers
from qmi.services.errors import PermissionDenied, ServiceError, ValidationFailed
from qmi.store.demo import remove_demo
from tests.unit.store_rows import ADMIN, AGENT, STAFF, audit_since, counts, make_user, next_audit_id
from tests.values import approved

MEUDON, NOISY, SCEAUX, ARGENTEUIL = "92048", "93051", "92071", "95018"
TODAY = datetime.now(UTC).date()
NEW_TARGET = {"name": "Pelican à Argenteuil", "organisation": "Pelican Cycle", "commune_insee": ARGENTEUIL,
              "edition_id": 2}
HOSTILE = "**gras** <b>balise</b> [lien](javascript:alert(1)) =SUM(A1)"


@pytest.fixture
def staff(engine):
    return make_user(engine, "claire", STAFF)


def _id(engine, slug: str) -> int:
    with Session(engine) as session:
        return session.exec(select(Project.id).where(Project.slug == slug)).one()


def _data(**values) -> dict:
    return {"from_slug": "pelican", "to_slug": "tracemob", "stage": "contact", "started_on": "2025-01-15"} | values


def _refused(engine, call) -> Refusal:
    before = counts(engine)
    with pytest.raises(Refusal) as refusal:
        call()
    assert counts(engine) == before  # nothing written, not even an audit row
    return refusal.value


def _errors(engine, call) -> dict[str, str]:
    refusal = _refused(engine, call)
    assert isinstance(refusal, ValidationFailed)
    return refusal.errors


def _protocol(engine, slug: str, code: str, baseline: float, target: float, *values: float, demo: bool = False) -> None:
    """An indicator of the experiment's protocol, and its monthly values from January 2025."""
    with write_session(engine) as session:
        project_id = session.exec(select(Project.id).where(Project.slug == slug)).one()
        existing = session.exec(select(ProtocolIndicator).where(ProtocolIndicator.project_id == project_id,
                                                                ProtocolIndicator.indicator_code == code)).first()
        if existing is None:
            session.add(ProtocolIndicator(project_id=project_id, indicator_code=code, baseline=baseline, target=target,
                                          is_demo=demo))
        else:
            existing.baseline, existing.target = baseline, target
        for old in session.exec(select(Measurement).where(Measurement.project_id == project_id,
                                                          Measurement.indicator_code == code)):
            session.delete(old)  # the series given replaces the one before
        session.flush()
        for month, value in enumerate(values, start=1):
            session.add(approved(project_id=project_id, indicator_code=code, period_start=date(2025, month, 1),
                                    value=value, is_demo=demo))


def _abandon(engine, slug: str) -> None:
    with write_session(engine) as session:
        project = session.exec(select(Project).where(Project.slug == slug)).one()
        statuses.add(session, project, level=1, abandoned=True, changed_on=date(2025, 6, 1), source="test")


# --- recording a transfer ----------------------------------------------------------------------

def test_staff_record_a_transfer_both_experiments_show_it_and_it_is_audited(engine, staff):
    first = next_audit_id(engine)
    transfer = transfers.create_transfer(engine, staff, _data(adaptations=HOSTILE, note="Note"))
    for slug in ("pelican", "tracemob"):  # linked both ways
        shown = queries.transfers(engine, _id(engine, slug))
        assert list(zip(shown["from_slug"], shown["to_slug"])) == [("pelican", "tracemob")]
    row = queries.transfers(engine).iloc[0]
    assert (row.from_commune, row.to_commune, row.stage, row.started_on, row.stage_on) == (
        "Meudon", "Noisy-le-Grand", "contact", date(2025, 1, 15), date(2025, 1, 15))
    assert row.adaptations == HOSTILE and not row.is_demo  # kept as typed; drawn literally by the pages
    assert row.source.startswith("Saisie par") and "(claire)" in row.source
    assert list(queries.steps(engine, transfer.id)[["stage", "reached_on"]].itertuples(index=False, name=None)) == [
        ("contact", date(2025, 1, 15))]
    [entry] = audit_since(engine, first)
    after = json.loads(entry.after_json)
    assert (entry.action, entry.entity, entry.entity_id, entry.username) == ("create", "transfer", str(transfer.id),
                                                                             "claire")
    assert entry.before_json is None
    assert (after["from"], after["to"], after["stage"], after["target_created"]) == ("pelican", "tracemob", "contact",
                                                                                     False)


def test_staff_can_create_the_target_experiment_with_the_transfer_in_one_write(engine, staff):
    first = next_audit_id(engine)
    transfer = transfers.create_transfer(engine, staff, _data(to_slug=None, stage="adapted"), new_target=NEW_TARGET)
    with Session(engine) as session:
        target = session.get(Project, transfer.to_project_id)
    assert (target.slug, target.commune_insee, target.edition_id, target.is_demo) == (
        "pelican-a-argenteuil", ARGENTEUIL, 2, False)
    entries = audit_since(engine, first)
    assert [(e.action, e.entity) for e in entries] == [("create", "project"), ("create", "transfer")]
    assert json.loads(entries[1].after_json)["target_created"] is True


def test_a_refused_target_experiment_writes_neither_it_nor_the_transfer(engine, staff):
    errors = _errors(engine, lambda: transfers.create_transfer(engine, staff, _data(to_slug=None),
                                                               new_target=NEW_TARGET | {"name": ""}))
    assert errors == {"target.name": t("valid.required")}
    errors = _errors(engine, lambda: transfers.create_transfer(engine, staff, _data(to_slug=None),
                                                               new_target=NEW_TARGET | {"commune_insee": MEUDON,
                                                                                        "edition_id": 1}))
    assert errors == {"target.commune_insee": t("transfers.error.same_commune")}


@pytest.mark.parametrize("role", ["viewer", AGENT])
def test_only_staff_and_admins_record_transfers(engine, role):
    someone = make_user(engine, f"someone-{role}", role, commune=MEUDON if role == AGENT else None)
    refusal = _refused(engine, lambda: transfers.create_transfer(engine, someone, _data()))
    assert isinstance(refusal, PermissionDenied) and refusal.key == "transfers.error.staff_only"
    admin = make_user(engine, "root", ADMIN)
    transfer = transfers.create_transfer(engine, admin, _data())
    refusal = _refused(engine, lambda: transfers.update_stage(engine, someone, transfer.id,
                                                              {"stage": "adapted", "changed_on": "2025-02-01"}))
    assert refusal.key == "transfers.error.staff_only"


def test_a_disabled_or_signed_out_account_is_refused(engine):
    gone = make_user(engine, "gone", STAFF, active=False)
    assert _refused(engine, lambda: transfers.create_transfer(engine, gone, _data())).key == "forms.error.account_disabled"
    assert _refused(engine, lambda: transfers.create_transfer(engine, None, _data())).key == "forms.error.signed_out"


# --- validation --------------------------------------------------------------------------------

def test_a_transfer_to_itself_to_its_own_commune_or_to_an_unknown_experiment_is_refused(engine, staff):
    assert _errors(engine, lambda: transfers.create_transfer(engine, staff, _data(to_slug="pelican"))) == {
        "to_slug": t("transfers.error.self")}
    assert _errors(engine, lambda: transfers.create_transfer(engine, staff, _data(to_slug="umotion"))) == {
        "to_slug": t("transfers.error.same_commune")}  # Umotion is in Meudon too
    assert _errors(engine, lambda: transfers.create_transfer(engine, staff, _data(to_slug="nulle-part"))) == {
        "to_slug": t("transfers.error.unknown_target", value="nulle-part")}
    refusal = _refused(engine, lambda: transfers.create_transfer(engine, staff, _data(from_slug="nulle-part")))
    assert isinstance(refusal, ServiceError) and refusal.key == "valid.unknown_project"


def test_a_pair_is_recorded_once_the_reverse_is_another_transfer(engine, staff):
    transfers.create_transfer(engine, staff, _data())
    assert _errors(engine, lambda: transfers.create_transfer(engine, staff, _data(stage="deployed"))) == {
        "to_slug": t("transfers.error.duplicate")}
    reverse = transfers.create_transfer(engine, staff, _data(from_slug="tracemob", to_slug="pelican"))
    assert reverse.id is not None


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"stage": "abandoned"}, "stage", t("transfers.error.stage")),
    ({"started_on": ""}, "started_on", t("valid.required")),
    ({"started_on": "demain"}, "started_on", t("valid.not_date", value="demain")),
    ({"started_on": (TODAY + timedelta(days=1)).isoformat()}, "started_on", t("transfers.error.future")),
    ({"started_on": "2014-12-31"}, "started_on", t("catalogue.error.year_range", min=2015, max=TODAY.year)),
    ({"adaptations": "a" * 3001}, "adaptations", t("valid.too_long", max=3000)),
    ({"note": "n" * 1001}, "note", t("valid.too_long", max=1000)),
    ({"source": "s" * 301}, "source", t("valid.too_long", max=300)),
    ({"source": "ligne\nautre"}, "source", t("valid.control_character", char="U+000A")),
])
def test_bad_fields_are_refused_each_with_its_message(engine, staff, values, field, message):
    assert _errors(engine, lambda: transfers.create_transfer(engine, staff, _data(**values))) == {field: message}


def test_the_longest_texts_and_the_earliest_and_latest_dates_are_taken(engine, staff):
    transfer = transfers.create_transfer(engine, staff, _data(adaptations="a" * 3000, note="n\n" * 500, source="s" * 300,
                                                              started_on="2015-01-01"))
    assert len(transfer.adaptations) == 3000 and transfer.started_on == date(2015, 1, 1)
    today = transfers.create_transfer(engine, staff, _data(to_slug="kunagi", started_on=TODAY.isoformat()))
    assert today.started_on == TODAY


# --- the stage ---------------------------------------------------------------------------------

def test_a_stage_is_a_dated_step_audited_with_the_transfer_before_and_after(engine, staff):
    transfer = transfers.create_transfer(engine, staff, _data())
    first = next_audit_id(engine)
    moved = transfers.update_stage(engine, staff, transfer.id, {"stage": "deployed", "changed_on": "2025-03-01",
                                                                "note": "lancé", "adaptations": "remorques courtes"},
                                   version=transfer.version)
    assert (moved.stage, moved.stage_on, moved.version, moved.adaptations) == ("deployed", date(2025, 3, 1), 2,
                                                                                "remorques courtes")
    assert list(queries.steps(engine, transfer.id)["stage"]) == ["contact", "deployed"]
    [entry] = audit_since(engine, first)
    assert (entry.action, entry.entity, entry.entity_id) == ("update", "transfer", str(transfer.id))
    assert (json.loads(entry.before_json)["stage"], json.loads(entry.after_json)["stage"]) == ("contact", "deployed")
    assert json.loads(entry.after_json)["step_note"] == "lancé"


def test_a_stage_refused_stale_before_the_start_the_same_or_unknown(engine, staff):
    transfer = transfers.create_transfer(engine, staff, _data())
    transfers.update_stage(engine, staff, transfer.id, {"stage": "adapted", "changed_on": "2025-02-01"}, version=1)
    stale = _refused(engine, lambda: transfers.update_stage(engine, staff, transfer.id,
                                                            {"stage": "deployed", "changed_on": "2025-03-01"}, version=1))
    assert stale.key == "catalogue.error.stale"
    assert _errors(engine, lambda: transfers.update_stage(engine, staff, transfer.id,
                                                          {"stage": "deployed", "changed_on": "2025-01-14"})) == {
        "changed_on": t("transfers.error.before_start")}
    assert _errors(engine, lambda: transfers.update_stage(engine, staff, transfer.id,
                                                          {"stage": "adapted", "changed_on": "2025-03-01"})) == {
        "stage": t("transfers.error.same_stage")}
    assert _refused(engine, lambda: transfers.update_stage(engine, staff, 99999, {"stage": "deployed",
                                                                                  "changed_on": "2025-03-01"})).key == (
        "transfers.error.unknown")
    # the day the transfer started is a valid date for a stage
    assert transfers.update_stage(engine, staff, transfer.id, {"stage": "deployed", "changed_on": "2025-01-15"}).stage == (
        "deployed")


# --- before / after ----------------------------------------------------------------------------

def test_before_after_without_any_measurement_in_b_says_none_and_keeps_its_baseline(engine, staff):
    transfer = transfers.create_transfer(engine, staff, _data())
    _protocol(engine, "pelican", "MOB-CARGO-KM", 100, 1100, 600)
    _protocol(engine, "pelican", "MOB-DELIVERIES", 0, 50, 10)  # A only: not shared
    _protocol(engine, "tracemob", "MOB-CARGO-KM", 50, 550)  # B's baseline, taken before launch
    table = queries.before_after(engine, transfer.id)
    assert list(table["indicator_code"]) == ["MOB-CARGO-KM"]
    row = table.iloc[0]
    assert (row.a_baseline, row.a_latest, row.a_progress) == (100, 600, pytest.approx(0.5))
    assert (row.b_baseline, row.b_target) == (50, 550)
    assert row.b_latest is None and row.b_progress is None and row.b_latest_period is None
    assert queries.outcomes(engine).iloc[0]["outcome"] == ONGOING


def test_before_after_with_b_measured_gives_both_progress_side_by_side(engine, staff):
    transfer = transfers.create_transfer(engine, staff, _data())
    _protocol(engine, "pelican", "MOB-CARGO-KM", 100, 1100, 600)
    _protocol(engine, "tracemob", "MOB-CARGO-KM", 50, 550, 100, 300)
    _protocol(engine, "tracemob", "USR-SATISF", 3, 4, 3.5)  # B only: not shared
    row = queries.before_after(engine, transfer.id).iloc[0]
    assert (row.b_baseline, row.b_latest, row.b_latest_period) == (50, 300, date(2025, 2, 1))
    assert row.b_progress == pytest.approx(0.5) and row.a_progress == pytest.approx(0.5)
    assert not row.a_demo and not row.b_demo
    assert len(queries.before_after(engine, transfer.id)) == 1
    assert queries.before_after(engine, 99999).empty


def test_an_outcome_needs_evaluation_and_progress_in_b_or_is_a_failure_when_b_is_abandoned(engine, staff):
    transfer = transfers.create_transfer(engine, staff, _data(stage="deployed"))
    _protocol(engine, "tracemob", "MOB-CARGO-KM", 50, 550, 300)
    assert queries.outcomes(engine).iloc[0]["outcome"] == ONGOING  # deployed, not evaluated
    transfers.update_stage(engine, staff, transfer.id, {"stage": "evaluated", "changed_on": "2025-06-01"})
    result = queries.outcomes(engine).iloc[0]
    assert (result.outcome, result.measured, result.mean_progress) == (SUCCEEDED, 1, pytest.approx(0.5))
    _protocol(engine, "tracemob", "MOB-CARGO-KM", 50, 550, 40, 30)  # B went backwards since
    assert queries.outcomes(engine).iloc[0]["outcome"] == FAILED
    _protocol(engine, "tracemob", "MOB-CARGO-KM", 50, 550, 40, 30, 500)
    assert queries.outcomes(engine).iloc[0]["outcome"] == SUCCEEDED
    _abandon(engine, "tracemob")
    assert queries.outcomes(engine).iloc[0]["outcome"] == FAILED


def test_the_outcome_rule():
    assert outcome("evaluated", False, 2, 0.01) == SUCCEEDED
    assert outcome("evaluated", False, 2, 0.0) == FAILED
    assert outcome("evaluated", False, 0, None) == ONGOING
    assert outcome("evaluated", False, 0, 0.5) == ONGOING  # each condition alone keeps it ongoing
    assert outcome("evaluated", False, 2, None) == ONGOING
    assert outcome("deployed", False, 2, 0.9) == ONGOING
    assert outcome("contact", True, 0, None) == FAILED
    assert success_share(1, 1) == 0.5 and success_share(0, 0) is None and success_share(0, 2) == 0


# --- essaimage ---------------------------------------------------------------------------------

def _pelican(engine, commune: str = ARGENTEUIL):
    return next(r for r in essaimage_queries.recommend(engine, commune) if r.slug == "pelican")


def test_a_successful_replication_raises_the_solution_and_says_where(engine, staff):
    before = _pelican(engine)
    assert "replication" in before.unknown and before.components["replication"] == 0
    transfers.create_transfer(engine, staff, _data(to_slug="kunagi", stage="evaluated"))  # Sceaux
    _protocol(engine, "kunagi", "SOC-USERS", 0, 100, 60)
    after = _pelican(engine)
    assert after.components["replication"] == 1.0 and "replication" not in after.unknown
    assert after.total == pytest.approx(before.total + 100 * 2 / 11)  # default weights: 3+2+2+1+1+2
    assert "déjà essaimée avec des résultats à Sceaux" in after.reason
    english = next(r for r in essaimage_queries.recommend(engine, ARGENTEUIL, lang="en") if r.slug == "pelican")
    assert "already replicated with results in Sceaux" in english.reason


def test_a_failed_replication_is_known_evidence_that_counts_against_it(engine, staff):
    transfers.create_transfer(engine, staff, _data(to_slug="kunagi", stage="evaluated"))
    _protocol(engine, "kunagi", "SOC-USERS", 0, 100, 60)
    transfers.create_transfer(engine, staff, _data(to_slug="tracemob", stage="deployed"))
    _abandon(engine, "tracemob")  # abandoned in Noisy-le-Grand
    mixed = _pelican(engine)
    assert mixed.components["replication"] == 0.5
    assert "essaimage sans résultat à Noisy-le-Grand" in mixed.reason and "à Sceaux" in mixed.reason
    only_failed = next(r for r in essaimage_queries.recommend(engine, SCEAUX) if r.slug == "pelican")
    assert only_failed.components["replication"] == 0.5  # for Sceaux too: the transfers are the solution's
    with write_session(engine) as session:  # the success removed: only the failure is left
        kunagi = session.exec(select(Project.id).where(Project.slug == "kunagi")).one()
        for step in session.exec(select(TransferStep).join(Transfer).where(Transfer.to_project_id == kunagi)):
            session.delete(step)
        session.flush()
        session.delete(session.exec(select(Transfer).where(Transfer.to_project_id == kunagi)).one())
    failed = _pelican(engine)
    assert failed.components["replication"] == 0.0 and "replication" not in failed.unknown
    assert "essaimage sans résultat à Noisy-le-Grand" in failed.reason


# --- evidence from the store -------------------------------------------------------------------

def test_the_evidence_facts_come_from_measurements_and_transfers(engine, staff):
    pelican, kunagi = _id(engine, "pelican"), _id(engine, "kunagi")
    assert evidence_queries.level(engine, pelican).level == 1  # its success story (seed 004) only
    _protocol(engine, "pelican", "SOC-USERS", 0, 100, 40)
    assert evidence_queries.level(engine, pelican).level == 2
    transfers.create_transfer(engine, staff, _data(to_slug="kunagi", stage="deployed"))
    _protocol(engine, "kunagi", "SOC-USERS", 10, 100)  # Sceaux's baseline before launch: a comparison
    facts = evidence_queries.facts(engine, [pelican, kunagi])
    assert facts[pelican].compared_with == ("Sceaux",) and facts[pelican].replicated_in == ()
    assert facts[kunagi].before_after == 0 and facts[kunagi].compared_with == ()  # nothing measured in Sceaux yet
    assert evidence_queries.level(engine, pelican).level == 3
    transfers.update_stage(engine, staff, 1, {"stage": "evaluated", "changed_on": "2025-06-01"})
    _protocol(engine, "kunagi", "SOC-USERS", 10, 100, 55)
    top = evidence_queries.level(engine, pelican)
    assert top.level == 5 and top.reasons[0] == t("evidence.reason.replication", communes="Sceaux")
    assert evidence_queries.level(engine, kunagi).level == 3  # compared with Meudon's before/after


def test_a_lesson_and_agreeing_independent_assessors_are_read_from_the_store(engine):
    from qmi.models import Assessment, AssessorScore, Lesson

    soy = _id(engine, "soy-pv")
    nothing = evidence_queries.level(engine, soy)
    assert nothing.level == 0 and nothing.reasons[-1] == t("evidence.next.1")
    assert t("evidence.unknown.account") not in nothing.reasons  # the store knows: no lesson, no assessor
    with write_session(engine) as session:
        session.add(Lesson(project_id=soy, kind="worked", text="Une leçon", source="Saisie de test", entered_by="t"))
    assert evidence_queries.level(engine, soy).level == 1
    assert evidence_queries.level(engine, _id(engine, "pelican")).level == 1  # its success story (seed 004)

    def assess(on: date, *scores: tuple[str, int]) -> None:
        with write_session(engine) as session:
            assessment = Assessment(project_id=soy, assessed_on=on, assessor="Paris&Co")
            session.add(assessment)
            session.flush()
            for kind, traction in scores:
                session.add(AssessorScore(assessment_id=assessment.id, assessor=f"{kind} {on}", kind=kind,
                                          deployment=2, commercial_traction=traction, industrialisation=1,
                                          operational_ease=2, financial_stability=1, submitted_at=datetime.now(UTC),
                                          is_demo=True))

    assess(date(2025, 1, 10), ("paris_co", 1), ("commune", 2))  # two assessors who agree, none independent
    assert evidence_queries.level(engine, soy).level == 1
    assess(date(2025, 2, 10), ("paris_co", 1), ("independent", 2))  # one point apart: they agree
    agreed = evidence_queries.level(engine, soy)
    assert agreed.level == 4 and agreed.is_demo  # its scores are demo ones
    assess(date(2025, 3, 10), ("paris_co", 0), ("independent", 2))  # the latest: two points apart
    assert evidence_queries.level(engine, soy).level == 1


# --- open data and demo ------------------------------------------------------------------------

def test_the_open_data_files_give_transfers_and_evidence_levels_with_their_columns(demo_engine, tmp_path):
    export_open_data(demo_engine, tmp_path)
    moves = list(csv.DictReader(io.StringIO((tmp_path / "transfers.csv").read_text("utf-8"))))
    header = (tmp_path / "transfers.csv").read_text("utf-8").splitlines()[0].split(",")
    assert header == ["from_slug", "to_slug", "stage", "started_on", "note", "stage_on", "adaptations", "source",
                      "from_commune_insee", "to_commune_insee", "outcome", "measured", "mean_progress", "is_demo"]
    assert [(m["from_slug"], m["to_slug"], m["stage"], m["started_on"], m["outcome"], m["is_demo"]) for m in moves] == [
        ("pelican", "pelican-argenteuil", "evaluated", "2024-11-15", "succeeded", "True")]
    levels_header = (tmp_path / "evidence_levels.csv").read_text("utf-8").splitlines()[0]
    assert levels_header == "project_slug,level,reasons,is_demo"
    levels = {r["project_slug"]: r for r in csv.DictReader(io.StringIO((tmp_path / "evidence_levels.csv")
                                                                       .read_text("utf-8")))}
    assert levels["pelican"]["level"] == "5" and "(Argenteuil)" in levels["pelican"]["reasons"]
    assert levels["pelican"]["is_demo"] == "True"


def test_an_empty_store_exports_the_headers(empty_engine):
    tables = open_data_tables(empty_engine)
    assert csv_text(tables["transfers"]).startswith("from_slug,to_slug,stage,started_on,note,")
    assert csv_text(tables["evidence_levels"]).startswith("project_slug,level,reasons,is_demo")


def test_the_demo_transfer_is_all_demo_and_goes_with_the_demo_set(demo_engine):
    moves = queries.transfers(demo_engine)
    assert list(zip(moves["from_slug"], moves["to_slug"], moves["to_commune"])) == [
        ("pelican", "pelican-argenteuil", "Argenteuil")]
    assert bool(moves.iloc[0]["is_demo"]) and bool(moves.iloc[0]["to_is_demo"])
    with Session(demo_engine) as session:
        target = session.exec(select(Project).where(Project.slug == "pelican-argenteuil")).one()
        assert target.is_demo and target.status_is_demo
        rows = [*session.exec(select(ProtocolIndicator).where(ProtocolIndicator.project_id == target.id)),
                *session.exec(select(Measurement).where(Measurement.project_id == target.id)),
                *session.exec(select(TransferStep))]
        assert rows and all(r.is_demo for r in rows)
    assert set(queries.before_after(demo_engine, int(moves.iloc[0]["id"]))["b_demo"]) == {True}
    remove_demo(demo_engine)
    assert queries.transfers(demo_engine, archived=True).empty
    with Session(demo_engine) as session:
        assert session.exec(select(Project).where(Project.slug == "pelican-argenteuil")).first() is None
        assert session.exec(select(Project).where(Project.slug == "pelican")).one() is not None


def test_removing_the_demo_keeps_a_demo_experiment_someone_wrote_on(demo_engine):
    """A staff member's real lesson on the demo « Pelican à Argenteuil »: the demo goes, the lesson and the
    experiment it sits on stay (no foreign key left dangling, nothing lost)."""
    from qmi.services import lessons

    staff = make_user(demo_engine, "claire", STAFF)
    lessons.add_lesson(demo_engine, staff, "pelican-argenteuil", {"kind": "worked", "text": "Leçon réelle."})
    remove_demo(demo_engine)
    with Session(demo_engine) as session:
        target = session.exec(select(Project).where(Project.slug == "pelican-argenteuil")).one()
        assert [lesson.text for lesson in session.exec(select(Lesson).where(Lesson.project_id == target.id))] == [
            "Leçon réelle."]
        assert session.exec(select(Measurement).where(Measurement.project_id == target.id)).first() is None
