"""An experiment's status as a timeline: each change a dated entry with its source and author, the
current status the latest, bad entries refused with their message and nothing written."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

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
