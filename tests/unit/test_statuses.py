"""An experiment's status as a timeline: each change a dated entry with its source and author, the
current status the latest, bad entries refused with their message and nothing written."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from qmi.db import write_session
from qmi.files import read_csv
from qmi.i18n import t
from qmi.models import Project, StatusChange
from qmi.services import statuses
from qmi.services.errors import ServiceError, ValidationFailed
from tests.unit.store_rows import STAFF, audit_since, counts, make_user, next_audit_id


@pytest.fixture
def staff(engine):
    return make_user(engine, "claire", STAFF)


def current(engine, slug: str) -> tuple[int | None, bool, str | None]:
    with Session(engine) as session:
        project = session.exec(select(Project).where(Project.slug == slug)).one()
        return project.deployment_level, project.abandoned, project.status_source


def timeline(engine, slug: str) -> list[tuple[date, int | None, bool, str, str]]:
    with Session(engine) as session:
        project = session.exec(select(Project).where(Project.slug == slug)).one()
        return [(e.changed_on, e.deployment_level, e.abandoned, e.source, e.entered_by) for e in session.exec(
            select(StatusChange).where(StatusChange.project_id == project.id)
            .order_by(StatusChange.changed_on, StatusChange.id))]


def refused(engine, staff, data: dict, slug: str = "soy-pv") -> dict[str, str]:
    before = counts(engine)
    with pytest.raises(ValidationFailed) as refusal:
        statuses.record_status(engine, staff, slug, data)
    assert counts(engine) == before
    return refusal.value.errors


GOOD = {"level": "2", "changed_on": "2025-05-01", "source": "Comité de suivi"}


def test_a_change_is_a_dated_entry_with_its_author_and_the_latest_is_current(engine, staff):
    statuses.record_status(engine, staff, "soy-pv", {"level": "1", "changed_on": "2024-02-01",
                                                    "date_precision": "month", "source": "Comité de février"})
    statuses.record_status(engine, staff, "soy-pv", {"level": "2", "changed_on": "2024-05-15",
                                                    "source": "Comité de mai"})
    assert current(engine, "soy-pv") == (2, False, "Comité de mai")
    statuses.record_status(engine, staff, "soy-pv", {"level": "0", "changed_on": "2023-12-01", "source": "Oubli"})
    assert current(engine, "soy-pv") == (2, False, "Comité de mai")  # an older entry added later is not current
    assert [(d, level) for d, level, *_ in timeline(engine, "soy-pv")] == [
        (date(2023, 12, 1), 0), (date(2024, 2, 1), 1), (date(2024, 5, 15), 2)]
    assert {who for *_, who in timeline(engine, "soy-pv")} == {"claire"}


def test_an_abandonment_is_a_status_and_a_later_level_replaces_it(engine, staff):
    statuses.record_status(engine, staff, "soy-pv", {"level": "abandoned", "changed_on": "2025-01-10",
                                                    "note": "Fin du financement"})
    level, abandoned, source = current(engine, "soy-pv")
    assert (level, abandoned) == (None, True) and source.startswith("Saisie par Paris&Co (claire), le ")
    statuses.record_status(engine, staff, "soy-pv", GOOD)
    assert current(engine, "soy-pv") == (2, False, "Comité de suivi")


def test_a_record_status_stays_in_the_timeline_under_a_later_entry(engine, staff):
    record = timeline(engine, "kunagi")
    statuses.record_status(engine, staff, "kunagi", {"level": "3", "changed_on": "2025-09-01", "source": "Comité"})
    assert timeline(engine, "kunagi")[:-1] == record and current(engine, "kunagi") == (3, False, "Comité")


def test_the_audit_row_says_the_status_before_and_the_entry(engine, staff):
    first = next_audit_id(engine)
    entry = statuses.record_status(engine, staff, "kunagi", GOOD)
    [row] = audit_since(engine, first)
    assert (row.username, row.action, row.entity, row.entity_id) == ("claire", "create", "statuschange", str(entry.id))
    record = next(r for r in read_csv("projects.csv") if r["slug"] == "kunagi")
    assert json.loads(row.before_json) == {"project": "kunagi", "deployment_level": 2, "abandoned": False,
                                           "status_source": record["status_source"]}
    after = json.loads(row.after_json)
    assert (after["deployment_level"], after["changed_on"], after["source"], after["is_demo"]) == (
        2, "2025-05-01", "Comité de suivi", False)


@pytest.mark.parametrize("level", ["4", "-1", "deux", "", None, "2.5", "abandonné"])
def test_an_unknown_level_is_refused(engine, staff, level):
    assert refused(engine, staff, GOOD | {"level": level}) == {"level": t("valid.score")}


def test_a_status_in_the_future_is_refused_and_today_is_taken(engine, staff):
    today = datetime.now(UTC).date()
    assert refused(engine, staff, GOOD | {"changed_on": today + timedelta(days=1)}) == {
        "changed_on": t("catalogue.error.status_future")}
    statuses.record_status(engine, staff, "soy-pv", GOOD | {"changed_on": today})
    assert current(engine, "soy-pv")[0] == 2


@pytest.mark.parametrize(("changed_on", "message"), [
    ("hier", ("valid.not_date", {"value": "hier"})),
    ("", ("valid.required", {})),
    ("2014-12-31", ("catalogue.error.year_range", {"min": 2015, "max": datetime.now(UTC).year})),
])
def test_a_bad_date_is_refused(engine, staff, changed_on, message):
    key, values = message
    assert refused(engine, staff, GOOD | {"changed_on": changed_on}) == {"changed_on": t(key, **values)}


def test_source_and_note_are_taken_up_to_300_and_1000_characters(engine, staff):
    assert refused(engine, staff, GOOD | {"source": "s" * 301}) == {"source": t("valid.too_long", max=300)}
    assert refused(engine, staff, GOOD | {"note": "n" * 1001}) == {"note": t("valid.too_long", max=1000)}
    entry = statuses.record_status(engine, staff, "soy-pv", GOOD | {"source": "s" * 300, "note": "n" * 1000})
    assert (len(entry.source), len(entry.note)) == (300, 1000)


def test_control_characters_and_an_unknown_precision_are_refused(engine, staff):
    assert refused(engine, staff, GOOD | {"source": "Comité\x1b[31m"}) == {
        "source": t("valid.control_character", char="U+001B")}
    assert refused(engine, staff, GOOD | {"date_precision": "week"}) == {"date_precision": t("catalogue.error.precision")}
    entry = statuses.record_status(engine, staff, "soy-pv", GOOD | {"note": "Ligne 1\nLigne 2"})
    assert entry.note == "Ligne 1\nLigne 2"


def test_an_unknown_experiment_is_refused(engine, staff):
    before = counts(engine)
    with pytest.raises(ServiceError) as refusal:
        statuses.record_status(engine, staff, "n-existe-pas", GOOD)
    assert (refusal.value.key, refusal.value.values) == ("valid.unknown_project", {"value": "n-existe-pas"})
    assert counts(engine) == before


def test_the_timeline_marks_as_current_the_real_entry_even_dated_before_the_demo_one(demo_engine):
    from qmi.queries.catalogue import timeline as steps

    claire = make_user(demo_engine, "claire", STAFF)
    with Session(demo_engine) as session:
        project = session.exec(select(Project).where(Project.status_is_demo).order_by(Project.slug)).first()
    statuses.record_status(demo_engine, claire, project.slug, {"level": "0", "changed_on": "2024-01-15",
                                                                "source": "Comité"})
    shown = [(s.changed_on, s.is_demo, s.current) for s in steps(demo_engine, project.id)]
    assert shown == [(date(2024, 1, 15), False, True), (date(2024, 3, 1), True, False)]


def refused_in_english(engine, staff, data: dict) -> dict[str, str]:
    before = counts(engine)
    with pytest.raises(ValidationFailed) as refusal:
        statuses.record_status(engine, staff, "soy-pv", data, lang="en")
    assert counts(engine) == before
    return refusal.value.errors


def test_the_refusals_are_said_in_the_persons_language(engine, staff):
    tomorrow = datetime.now(UTC).date() + timedelta(days=1)
    assert refused_in_english(engine, staff, GOOD | {"level": "4"}) == {"level": "Choose a level from 0 to 3."}
    assert refused_in_english(engine, staff, GOOD | {"changed_on": "hier"}) == {
        "changed_on": "“hier” is not a date (e.g. 2024-03-01)."}
    assert refused_in_english(engine, staff, GOOD | {"changed_on": ""}) == {"changed_on": "This field is required."}
    assert refused_in_english(engine, staff, GOOD | {"changed_on": tomorrow}) == {
        "changed_on": "The date of the status change cannot be in the future."}
    assert refused_in_english(engine, staff, GOOD | {"changed_on": "2014-12-31"}) == {
        "changed_on": f"The year must lie between 2015 and {datetime.now(UTC).year}."}
    assert refused_in_english(engine, staff, GOOD | {"date_precision": "week"}) == {
        "date_precision": "Unknown date precision."}
    assert refused_in_english(engine, staff, GOOD | {"source": "s" * 301}) == {
        "source": "Text too long (300 characters at most)."}
    assert refused_in_english(engine, staff, GOOD | {"note": "Fin\x1b"})["note"].startswith(
        "This text holds an invisible character that is not allowed (U+001B)")


def test_the_first_of_january_2015_is_the_earliest_date_taken(engine, staff):
    entry = statuses.record_status(engine, staff, "soy-pv", GOOD | {"changed_on": "2015-01-01"})
    assert entry.changed_on == date(2015, 1, 1)


def test_the_date_precision_given_is_kept(engine, staff):
    entry = statuses.record_status(engine, staff, "soy-pv", GOOD | {"date_precision": "month"})
    with Session(engine) as session:
        assert session.get(StatusChange, entry.id).date_precision == "month"


def test_two_entries_of_the_same_day_the_later_entered_is_current(engine, staff):
    statuses.record_status(engine, staff, "soy-pv", GOOD | {"level": "1", "source": "Comité du matin"})
    statuses.record_status(engine, staff, "soy-pv", GOOD | {"level": "3", "source": "Comité du soir"})
    assert current(engine, "soy-pv") == (3, False, "Comité du soir")


def test_today_is_the_utc_date_for_the_future_check_and_the_default_source(engine, staff, monkeypatch):
    """At 23:30 UTC on 1 June it is already 2 June east of UTC: 2 June is still the future, and the
    default source is dated 1 June."""
    from zoneinfo import ZoneInfo

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            moment = datetime(2025, 6, 1, 23, 30, tzinfo=UTC)
            return moment.astimezone(tz) if tz is not None else moment.astimezone(
                ZoneInfo("Pacific/Kiritimati")).replace(tzinfo=None)

    monkeypatch.setattr(statuses, "datetime", Clock)
    assert refused(engine, staff, {"level": "2", "changed_on": "2025-06-02"}) == {
        "changed_on": t("catalogue.error.status_future")}
    entry = statuses.record_status(engine, staff, "soy-pv", {"level": "2", "changed_on": "2025-06-01"})
    assert entry.source == "Saisie par Paris&Co (claire), le 01/06/2025"


def test_add_writes_the_entry_as_given_and_its_author(engine, staff):
    with write_session(engine) as session:
        project = session.exec(select(Project).where(Project.slug == "soy-pv")).one()
        entry = statuses.add(session, project, level=1, abandoned=False, changed_on=date(2025, 3, 1),
                             source="Rapport", precision="year", note="Vu", user=staff, is_demo=True)
        assert (entry.date_precision, entry.note, entry.entered_by_id, entry.entered_by, entry.is_demo) == (
            "year", "Vu", staff.id, "claire", True)
        assert (project.deployment_level, project.status_is_demo) == (1, True)


def test_add_by_a_loader_has_no_note_and_no_author(engine):
    with write_session(engine) as session:
        project = session.exec(select(Project).where(Project.slug == "soy-pv")).one()
        entry = statuses.add(session, project, level=1, abandoned=False, changed_on=date(2025, 3, 1),
                             source="Rapport")
        assert (entry.date_precision, entry.note, entry.entered_by_id, entry.entered_by, entry.is_demo) == (
            "day", "", None, "", False)
