"""The store is the master once the record is loaded: `prepare` (what `make run` runs) and `init`
never lose an edit, a record that changed under an edit is a conflict for staff, and removing the
demo set leaves the real statuses."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from qmi.db import write_session
from qmi.files import read_csv
from qmi.models import (
    Assessment,
    AuditLog,
    Commune,
    Edition,
    Event,
    FieldEdit,
    Lesson,
    Measurement,
    ProgrammeFigure,
    Project,
    ProtocolIndicator,
    StatusChange,
)
from qmi.services import catalogue, edits, statuses
from qmi.services.communes import update_commune
from qmi.services.errors import PermissionDenied, ServiceError
from qmi.store import reference
from qmi.store.bootstrap import init_store, prepare_store
from qmi.store.demo import DEMO_STATUS_DATE, load_demo, remove_demo
from tests.unit.store_rows import AGENT, STAFF, audit_rows, differences, dump, make_user, next_audit_id

MEUDON, SCEAUX, ARGENTEUIL, NOISY, BOULOGNE = "92048", "92071", "95018", "93051", "92012"
SCEAUX_NEWS = "000_7fb553a19daa21b2.txt"


def _row(engine, model, key):
    with Session(engine) as session:
        row = session.get(model, key)
        session.expunge(row)
        return row


def _project(engine, slug: str) -> Project:
    with Session(engine) as session:
        row = session.exec(select(Project).where(Project.slug == slug)).one()
        session.expunge(row)
        return row


def _event(engine, key: str) -> Event:
    with Session(engine) as session:
        row = session.exec(select(Event).where(Event.event_key == key).order_by(Event.held_on)).first()
        session.expunge(row)
        return row


def _figure(engine, key: str, source: str) -> ProgrammeFigure:
    with Session(engine) as session:
        row = session.exec(select(ProgrammeFigure).where(ProgrammeFigure.key == key,
                                                         ProgrammeFigure.source == source)).one()
        session.expunge(row)
        return row


def edit_everything(engine, staff) -> None:
    """Every editable field of every kind of row, through the services."""
    soy = _project(engine, "soy-pv")
    catalogue.update_project(engine, staff, "soy-pv", {
        "name": "Soy PV — toitures", "organisation": "Soy PV SAS", "commune_insee": ARGENTEUIL, "edition_id": 2,
        "family_code": "construction", "challenge_code": "habitat-usages", "type_tags": "PHOTOVOLTAÏQUE",
        "description": "Des tissus **photovoltaïques** <b>souples</b>.", "start_date": date(2024, 2, 1),
        "end_date": date(2026, 6, 30), "location_note": "Toit du gymnase", "source": "Convention 2024-12",
    }, soy.version)
    catalogue.set_project_archived(engine, staff, "faradae", True)
    catalogue.create_project(engine, staff, {
        "name": "Vélo-cargo d'Argenteuil", "organisation": "Cargo & Co", "commune_insee": ARGENTEUIL,
        "edition_id": 2, "family_code": "mobilites", "start_date": "2026-03-01"})
    catalogue.update_edition(engine, staff, 1, {"year_start": 2022, "year_end": 2026, "source": "Bilan 2026"},
                             _row(engine, Edition, 1).version)
    catalogue.open_edition(engine, staff, {"year_start": 2026, "year_end": 2028, "source": "Délibération MGP 2026-01"})
    catalogue.join_programme(engine, staff, MEUDON, {
        "edition_id": 1, "innovation_district": "Quartier de la Pointe", "district_source": "Délibération 2025-03",
        "mayor": "Denis Larghero", "mayor_source": "Site de la ville"}, _row(engine, Commune, MEUDON).version)
    catalogue.join_programme(engine, staff, BOULOGNE, {"edition_id": 3, "innovation_district": "Trapèze"})
    update_commune(engine, staff, SCEAUX, [], "Les Blagis-Centre", source="Conseil municipal du 12/03/2026")
    sceaux = _event(engine, "sceaux-2023")
    catalogue.save_event(engine, staff, {
        "host_insee": NOISY, "held_on": date(2023, 11, 16), "date_precision": "day", "format": "Conférence",
        "attendance": 55, "source": "Compte rendu", "source_detail": "« 55 présents »", "note": "Salle comble."},
        sceaux.id, sceaux.version)
    catalogue.save_event(engine, staff, {"host_insee": ARGENTEUIL, "held_on": "2026-03-12", "format": "Atelier",
                                         "attendance": 30})
    catalogue.set_event_archived(engine, staff, _event(engine, "meudon-2024").id, True)
    figure = _figure(engine, "applications", SCEAUX_NEWS)
    catalogue.save_figure(engine, staff, {"key": "applications", "value": "165", "source": SCEAUX_NEWS,
                                          "source_detail": "« 165 candidatures »", "note": "Recompté.",
                                          "version": figure.version})
    catalogue.save_figure(engine, staff, {"key": "applications", "value": "171", "source": "Rapport annuel 2026"})
    catalogue.set_figure_archived(engine, staff, _figure(engine, "projects_selected",
                                                         "004_7cf11ddcf4017a53.txt").id, True)
    statuses.record_status(engine, staff, "kunagi", {"level": "3", "changed_on": "2025-09-01",
                                                    "source": "Comité de suivi"})


def test_prepare_twice_and_init_keep_every_edit(demo_engine):
    """The issue's acceptance test: after edits of every kind, `prepare` twice and `init` change no row."""
    staff = make_user(demo_engine, "claire", STAFF)
    edit_everything(demo_engine, staff)
    first_new = next_audit_id(demo_engine)
    edited = dump(demo_engine)
    prepare_store(demo_engine)
    prepare_store(demo_engine)
    assert differences(edited, dump(demo_engine, keep_audit_below=first_new)) == []
    init_store(demo_engine, demo=True)
    init_store(demo_engine, demo=False)
    assert differences(edited, dump(demo_engine, keep_audit_below=first_new)) == []
    # What a person sees afterwards (the dumps being equal, these are the edits themselves).
    assert _row(demo_engine, Commune, MEUDON).innovation_district == "Quartier de la Pointe"
    assert _row(demo_engine, Commune, SCEAUX).innovation_district == "Les Blagis-Centre"
    assert _row(demo_engine, Commune, BOULOGNE).edition_id == 3
    assert _project(demo_engine, "soy-pv").commune_insee == ARGENTEUIL
    assert _project(demo_engine, "faradae").archived
    assert _event(demo_engine, "sceaux-2023").held_on == date(2023, 11, 16)
    assert _figure(demo_engine, "applications", SCEAUX_NEWS).value == 165
    kunagi = _project(demo_engine, "kunagi")
    assert (kunagi.deployment_level, kunagi.status_source) == (3, "Comité de suivi")
    assert _row(demo_engine, Edition, 3).year_start == 2026


def test_reloading_an_unchanged_record_over_edits_writes_no_audit_entry(engine):
    staff = make_user(engine, "claire", STAFF)
    edit_everything(engine, staff)
    first_new = next_audit_id(engine)
    prepare_store(engine)
    assert next_audit_id(engine) == first_new


# --- the record changes ------------------------------------------------------------------------

@pytest.fixture
def record_says(monkeypatch):
    """Make the record's communes.csv say other things: {insee: {column: value}}; a new insee adds a row."""
    changes: dict[str, dict[str, str]] = {}

    def read(name: str):
        rows = read_csv(name)
        if name != "communes.csv":
            return rows
        known = {r["insee_code"] for r in rows}
        rows = [r | changes.get(r["insee_code"], {}) for r in rows]
        return rows + [{"insee_code": k, "name": "", "departement": "", "edition": "", "innovation_district": "",
                        "district_source": "", "mayor": "", "source": "005_nouveau.txt"} | v
                       for k, v in changes.items() if k not in known]

    monkeypatch.setattr(reference, "read_csv", read)
    return changes


def test_record_changed_under_an_edit_keeps_the_edit_and_lists_a_conflict(engine, record_says):
    staff = make_user(engine, "claire", STAFF)
    update_commune(engine, staff, SCEAUX, [], "Quartier Centre", source="Délibération 2026-02")
    record_says[SCEAUX] = {"innovation_district": "Les Blagis-Nord", "mayor": "Jean Dupont"}
    prepare_store(engine)
    sceaux = _row(engine, Commune, SCEAUX)
    assert sceaux.innovation_district == "Quartier Centre"
    assert sceaux.mayor == "Jean Dupont"  # a field nobody edited follows the record
    [conflict] = edits.conflicts(engine)
    assert (conflict.entity, conflict.entity_key, conflict.label, conflict.field) == (
        "commune", SCEAUX, "Sceaux", "innovation_district")
    assert (conflict.record_value, conflict.record_now, conflict.value) == (
        "Les Blagis", "Les Blagis-Nord", "Quartier Centre")
    assert conflict.edited_by == "claire" and conflict.edited_at.date() == datetime.now(UTC).date()


def test_keeping_the_edit_settles_the_conflict_for_later_loads(engine, record_says):
    staff = make_user(engine, "claire", STAFF)
    update_commune(engine, staff, SCEAUX, [], "Quartier Centre")
    record_says[SCEAUX] = {"innovation_district": "Les Blagis-Nord"}
    prepare_store(engine)
    assert edits.resolve(engine, staff, [c.id for c in edits.conflicts(engine)], take_record=False) == 1
    assert edits.conflicts(engine) == []
    prepare_store(engine)
    assert edits.conflicts(engine) == []
    assert _row(engine, Commune, SCEAUX).innovation_district == "Quartier Centre"
    record_says[SCEAUX] = {"innovation_district": "Les Blagis-Sud"}  # the record moves again: a new conflict
    prepare_store(engine)
    assert [c.record_now for c in edits.conflicts(engine)] == ["Les Blagis-Sud"]


def test_taking_the_record_value_ends_the_edit(engine, record_says):
    staff = make_user(engine, "claire", STAFF)
    update_commune(engine, staff, SCEAUX, [], "Quartier Centre")
    record_says[SCEAUX] = {"innovation_district": "Les Blagis-Nord"}
    prepare_store(engine)
    edits.resolve(engine, staff, [c.id for c in edits.conflicts(engine)], take_record=True)
    assert _row(engine, Commune, SCEAUX).innovation_district == "Les Blagis-Nord"
    assert edits.conflicts(engine) == []
    record_says[SCEAUX] = {"innovation_district": "Les Blagis-Sud"}  # the field follows the record again
    prepare_store(engine)
    assert _row(engine, Commune, SCEAUX).innovation_district == "Les Blagis-Sud"
    assert edits.conflicts(engine) == []


def test_a_new_row_of_the_record_is_added(engine, record_says):
    record_says[BOULOGNE] = {"edition": "2", "innovation_district": "Trapèze", "district_source": "005_nouveau.txt"}
    prepare_store(engine)
    boulogne = _row(engine, Commune, BOULOGNE)
    assert (boulogne.edition_id, boulogne.innovation_district, boulogne.name) == (2, "Trapèze", "Boulogne-Billancourt")


def test_a_record_event_whose_date_was_edited_is_found_again_not_added_twice(engine):
    staff = make_user(engine, "claire", STAFF)
    sceaux = _event(engine, "sceaux-2023")
    catalogue.save_event(engine, staff, {"held_on": date(2023, 11, 16)}, sceaux.id, sceaux.version)
    prepare_store(engine)
    with Session(engine) as session:
        rows = session.exec(select(Event.held_on).where(Event.event_key == "sceaux-2023")).all()
    assert rows == [date(2023, 11, 16)]


# --- the demo set ------------------------------------------------------------------------------

def _demo_status_project(engine) -> Project:
    with Session(engine) as session:
        row = session.exec(select(Project).where(Project.status_is_demo).order_by(Project.slug)).first()
        session.expunge(row)
        return row


def _entries(engine, slug: str) -> list[tuple[date, int | None, bool]]:
    with Session(engine) as session:
        project = session.exec(select(Project).where(Project.slug == slug)).one()
        return [(e.changed_on, e.deployment_level, e.is_demo) for e in session.exec(
            select(StatusChange).where(StatusChange.project_id == project.id).order_by(StatusChange.changed_on))]


def test_removing_the_demo_deletes_its_statuses_and_leaves_no_status_where_none_is_real(demo_engine):
    slug = _demo_status_project(demo_engine).slug
    assert [is_demo for *_, is_demo in _entries(demo_engine, slug)] == [True]
    remove_demo(demo_engine)
    assert _entries(demo_engine, slug) == []
    project = _project(demo_engine, slug)
    assert (project.deployment_level, project.abandoned, project.status_source, project.status_is_demo) == (
        None, False, None, False)
    with Session(demo_engine) as session:
        assert session.exec(select(StatusChange).where(StatusChange.is_demo)).all() == []


def test_a_real_status_recorded_after_the_demo_survives_its_removal_and_reload(demo_engine):
    staff = make_user(demo_engine, "claire", STAFF)
    slug = _demo_status_project(demo_engine).slug
    statuses.record_status(demo_engine, staff, slug, {"level": "1", "changed_on": "2025-02-10", "source": "Comité"})
    remove_demo(demo_engine)
    assert load_demo(demo_engine)
    assert _entries(demo_engine, slug) == [(date(2025, 2, 10), 1, False)]
    project = _project(demo_engine, slug)
    assert (project.deployment_level, project.status_source, project.status_is_demo) == (1, "Comité", False)


def test_a_real_status_dated_before_the_demo_one_is_the_current_status(demo_engine):
    """A real entry, even one older than the illustrative status, is what the experiment shows."""
    staff = make_user(demo_engine, "claire", STAFF)
    slug = _demo_status_project(demo_engine).slug
    assert DEMO_STATUS_DATE > date(2024, 1, 15)
    statuses.record_status(demo_engine, staff, slug, {"level": "0", "changed_on": "2024-01-15", "source": "Comité"})
    project = _project(demo_engine, slug)
    assert (project.deployment_level, project.status_source, project.status_is_demo) == (0, "Comité", False)
    remove_demo(demo_engine)
    project = _project(demo_engine, slug)
    assert (project.deployment_level, project.status_source, project.status_is_demo) == (0, "Comité", False)


def test_record_statuses_are_dated_by_their_document_and_not_duplicated_by_a_reload(engine):
    before = _entries(engine, "kunagi")
    prepare_store(engine)
    assert _entries(engine, "kunagi") == before == [(date(2025, 1, 1), 2, False)]
    with Session(engine) as session:
        edits_count = len(session.exec(select(FieldEdit)).all())
    assert edits_count == 0


def test_an_experiment_staff_entered_is_never_given_demo_data(demo_engine):
    staff = make_user(demo_engine, "claire", STAFF)
    slug = catalogue.create_project(demo_engine, staff, {
        "name": "Composteur partagé", "organisation": "Compost & Co", "commune_insee": ARGENTEUIL, "edition_id": 2,
    }).key
    remove_demo(demo_engine)
    assert load_demo(demo_engine)
    project = _project(demo_engine, slug)
    with Session(demo_engine) as session:
        rows = [session.exec(select(model).where(model.project_id == project.id)).all()
                for model in (Assessment, Measurement, ProtocolIndicator, StatusChange)]
    assert rows == [[], [], [], []]
    assert (project.deployment_level, project.status_is_demo, project.is_demo) == (None, False, False)


def test_twenty_people_settling_one_conflict_at_once_settle_it_once(engine, record_says):
    from qmi.bench.concurrency import at_once
    from qmi.models import AuditLog

    staff = make_user(engine, "claire", STAFF)
    update_commune(engine, staff, SCEAUX, [], "Quartier Centre")
    record_says[SCEAUX] = {"innovation_district": "Les Blagis-Nord"}
    prepare_store(engine)
    [conflict] = edits.conflicts(engine)
    first = next_audit_id(engine)
    outcomes = at_once([lambda take=i % 2 == 0: edits.resolve(engine, staff, [conflict.id], take_record=take)
                        for i in range(20)])
    assert sorted(outcomes, key=str) == [0] * 19 + [1]  # one settles it; the 19 others find it settled
    with Session(engine) as session:
        logged = session.exec(select(AuditLog.action).where(AuditLog.id >= first)).all()
    assert len(logged) == 1 and logged[0] in ("conflict.keep_edit", "conflict.take_record")
    district = _row(engine, Commune, SCEAUX).innovation_district
    assert district == ("Les Blagis-Nord" if logged[0] == "conflict.take_record" else "Quartier Centre")
    assert edits.conflicts(engine) == []


# --- edits: what a conflict is named by, in what order the list comes, how settling it is logged ----------

def _plant_edit(engine, entity: str, key: str, field: str, *, record_value, value, record_now,
                edited_at: datetime | None = None, source: str = "Délibération 2026-02") -> int:
    """A field edit as the loader leaves it (values JSON-encoded), without going through a loader."""
    with Session(engine) as session:
        edit = FieldEdit(entity=entity, entity_key=key, field=field, record_value=edits.encode(record_value),
                         value=edits.encode(value), record_now=edits.encode(record_now), source=source,
                         edited_by="claire", edited_at=edited_at or datetime(2026, 2, 1, 9, 30, tzinfo=UTC))
        session.add(edit)
        session.commit()
        return edit.id


def _first(engine, model):
    with Session(engine) as session:
        row = session.exec(select(model).order_by(model.id)).first()
        session.expunge(row)
        return row


def test_a_conflict_is_labelled_by_the_name_of_its_row_whatever_its_kind(engine):
    """Staff's list names each conflict's row: a project or edition by its name, a figure by its
    label, an event by its key, a lesson by its title; a row that is gone, or an untitled lesson, by its key."""
    project, edition, event, figure = (_first(engine, m) for m in (Project, Edition, Event, ProgrammeFigure))
    with Session(engine) as session:
        project_row = session.get(Project, project.id)
        session.add(Lesson(project_id=project.id, kind="story", title="Des toits qui produisent", text="…", source="x"))
        session.add(Lesson(project_id=project.id, kind="pitfall", title="", text="…", source="x"))
        session.commit()
        titled, untitled = session.exec(select(Lesson.id).order_by(Lesson.id)).all()[-2:]
        assert project_row.name and edition.name and figure.label and event.event_key
        assert edits._label(session, "commune", SCEAUX) == "Sceaux"
        assert edits._label(session, "project", str(project.id)) == project.name
        assert edits._label(session, "edition", str(edition.id)) == edition.name
        assert edits._label(session, "programmefigure", str(figure.id)) == figure.label
        assert edits._label(session, "event", str(event.id)) == event.event_key
        assert edits._label(session, "lesson", str(titled)) == "Des toits qui produisent"
        assert edits._label(session, "lesson", str(untitled)) == str(untitled)
        assert edits._label(session, "project", "999999") == "999999"
        assert edits._label(session, "commune", "00000") == "00000"
        assert edits._label(session, "dossier", "7") == "7"


def test_conflicts_come_oldest_edit_first_with_the_source_of_the_edit(engine):
    project = _first(engine, Project)
    later = _plant_edit(engine, "project", str(project.id), "name", record_value="A", value="B", record_now="C",
                        edited_at=datetime(2026, 3, 2, 8, 0, tzinfo=UTC), source="Convention 2026")
    earlier = _plant_edit(engine, "commune", SCEAUX, "mayor", record_value="D", value="E", record_now="F",
                          edited_at=datetime(2026, 1, 5, 8, 0, tzinfo=UTC), source="Site de la ville")
    _plant_edit(engine, "commune", SCEAUX, "innovation_district", record_value="G", value="H", record_now="G")
    listed = edits.conflicts(engine)
    assert [(c.id, c.label, c.field, c.source) for c in listed] == [
        (earlier, "Sceaux", "mayor", "Site de la ville"), (later, project.name, "name", "Convention 2026")]


def test_settling_conflicts_skips_the_unknown_and_settled_ones_and_counts_the_others(engine, light_hashing):
    staff = make_user(engine, "claire", STAFF)
    project = _first(engine, Project)
    settled = _plant_edit(engine, "commune", SCEAUX, "mayor", record_value="D", value="E", record_now=None)
    first = _plant_edit(engine, "project", str(project.id), "name", record_value="Ancien", value="Nouveau",
                        record_now="Récent")
    second = _plant_edit(engine, "commune", SCEAUX, "innovation_district", record_value="Les Blagis",
                         value="Quartier Centre", record_now="Les Blagis-Nord")
    assert edits.resolve(engine, staff, [999999, settled, first, second], take_record=False) == 2
    assert edits.conflicts(engine) == []
    with Session(engine) as session:
        kept = session.get(FieldEdit, first)
        assert (kept.record_value, kept.record_now, kept.value) == ('"Récent"', None, '"Nouveau"')
        assert session.get(Project, project.id).name == project.name  # the edit stays on the row
    logged = [(e.username, e.entity, e.entity_id, json.loads(e.before_json), json.loads(e.after_json))
              for e in audit_rows(engine, "conflict.keep_edit")]
    assert logged == [
        ("claire", "project", str(project.id), {"field": "name", "value": "Nouveau", "record": "Récent"},
         {"field": "name"}),
        ("claire", "commune", SCEAUX, {"field": "innovation_district", "value": "Quartier Centre",
                                       "record": "Les Blagis-Nord"}, {"field": "innovation_district"}),
    ]
    assert audit_rows(engine, "conflict.take_record") == []


def test_taking_the_record_sets_the_row_a_date_as_a_date_and_moves_its_version_by_one(engine, light_hashing):
    staff = make_user(engine, "claire", STAFF)
    project = _first(engine, Project)
    edit_id = _plant_edit(engine, "project", str(project.id), "start_date", record_value="2024-01-01",
                          value="2024-02-01", record_now="2025-01-15")
    assert edits.resolve(engine, staff, [edit_id], take_record=True) == 1
    with Session(engine) as session:
        row = session.get(Project, project.id)
        assert (row.start_date, row.version) == (date(2025, 1, 15), project.version + 1)
        assert session.get(FieldEdit, edit_id) is None
    [entry] = audit_rows(engine, "conflict.take_record")
    assert (entry.username, entry.entity, entry.entity_id) == ("claire", "project", str(project.id))
    assert json.loads(entry.before_json) == {"field": "start_date", "value": "2024-02-01", "record": "2025-01-15"}
    assert json.loads(entry.after_json) == {"field": "start_date"}
    assert audit_rows(engine, "conflict.keep_edit") == []


def test_only_staff_settle_conflicts_and_a_refusal_settles_nothing(engine, light_hashing):
    agent = make_user(engine, "agent-sceaux", AGENT, commune=SCEAUX)
    edit_id = _plant_edit(engine, "commune", SCEAUX, "mayor", record_value="D", value="E", record_now="F")
    with pytest.raises(PermissionDenied) as refused:
        edits.resolve(engine, agent, [edit_id], take_record=True)
    assert refused.value.message("fr") == "Seule l'équipe du programme peut modifier le catalogue."
    assert refused.value.message("en") == "Only programme staff can change the catalogue."
    assert [c.id for c in edits.conflicts(engine)] == [edit_id]
    assert audit_rows(engine, "conflict.take_record") == []


def test_a_stale_form_names_the_last_person_who_saved_that_row_and_when(engine, light_hashing):
    """The last writer is read from the log entries of this row only: not of another row of the same
    kind, nor of a row of another kind that has the same key."""
    project = _first(engine, Project)
    with Session(engine) as session:
        row = session.get(Project, project.id)
        other = session.exec(select(Project).where(Project.id != project.id)).first()
        session.add(AuditLog(username="claire", action="update", entity="project", entity_id=str(project.id),
                             at=datetime(2026, 3, 4, 9, 5, tzinfo=UTC)))
        session.add(AuditLog(username="bruno", action="update", entity="project", entity_id=str(project.id),
                             at=datetime(2026, 3, 5, 17, 45, tzinfo=UTC)))
        session.add(AuditLog(username="alice", action="update", entity="project", entity_id=str(other.id),
                             at=datetime(2026, 3, 6, 8, 0, tzinfo=UTC)))
        session.add(AuditLog(username="denis", action="update", entity="edition", entity_id=str(project.id),
                             at=datetime(2026, 3, 7, 8, 0, tzinfo=UTC)))
        session.commit()
        edits.require_current(session, row, row.version)  # the version the form was opened on: no refusal
        edits.require_current(session, row, None)
        with pytest.raises(ServiceError) as refused:
            edits.require_current(session, row, row.version - 1)
    assert refused.value.key == "catalogue.error.stale"
    assert refused.value.message("fr") == (
        "Cette fiche a été modifiée entre-temps par bruno (05/03/2026 17:45) — rechargez la page pour voir sa "
        "version, puis refaites votre modification.")


def test_a_stale_form_over_a_row_nobody_logged_names_nobody(engine):
    with Session(engine) as session:
        row = session.exec(select(Commune).where(Commune.insee_code == SCEAUX)).one()
        assert edits.last_editor(session, row) == ("?", None)
        with pytest.raises(ServiceError) as refused:
            edits.require_current(session, row, row.version + 1)
    assert refused.value.message("en") == (
        "This record was changed in the meantime by ? (?) — reload the page to see that version, then make your "
        "change again.")


def _field_edits(engine, entity: str, key: str) -> dict[str, tuple[object, str, object, str]]:
    """``field → (record value, record source, value, source)`` of a row's edits, values decoded."""
    with Session(engine) as session:
        return {e.field: (e.record_value and edits.decode(e.record_value), e.record_source, edits.decode(e.value),
                          e.source) for e in session.exec(
            select(FieldEdit).where(FieldEdit.entity == entity, FieldEdit.entity_key == key))}


def test_an_edit_keeps_beside_it_what_the_record_said_and_on_which_source(engine):
    """The first edit of a record field keeps the record's value and source, whatever else the same save
    changed (the app's own columns, such as `archived`, are not edits); a row with no source keeps none."""
    staff = make_user(engine, "claire", STAFF)
    with write_session(engine) as session:
        soy = session.exec(select(Project).where(Project.slug == "soy-pv")).one()
        said, source, version, organisation = soy.name, soy.source, soy.version, soy.organisation
        diff = edits.apply(session, staff, soy, {"archived": True, "name": "Soy PV — toitures"}, "Convention 2024-12")
        soy.source = ""
        edits.apply(session, staff, soy, {"organisation": "Soy PV SAS"}, "Kbis")
    assert source and diff == {"archived": (False, True), "name": (said, "Soy PV — toitures")}
    key = str(_project(engine, "soy-pv").id)
    assert _field_edits(engine, "project", key) == {
        "name": (said, source, "Soy PV — toitures", "Convention 2024-12"),
        "organisation": (organisation, "", "Soy PV SAS", "Kbis")}
    assert _project(engine, "soy-pv").version == version + 2


def test_a_row_made_in_the_app_has_no_record_value_nor_record_source(engine):
    staff = make_user(engine, "claire", STAFF)
    slug = catalogue.create_project(engine, staff, {
        "name": "Composteur partagé", "organisation": "Compost & Co", "commune_insee": ARGENTEUIL, "edition_id": 2,
        "source": "Convention 2026-04"}).key
    made = _project(engine, slug)
    kept = _field_edits(engine, "project", str(made.id))
    assert kept["name"] == (None, "", "Composteur partagé", "Convention 2026-04")
    assert {record for record, _, _, _ in kept.values()} == {None} and {s for _, s, _, _ in kept.values()} == {""}
    assert made.version == 1


def test_an_edit_is_kept_as_json_with_dates_as_iso_text_and_accents_as_typed(engine):
    """The store keeps an edit's value as JSON a person can read in the database: « 2026-05-01 », « é »."""
    staff = make_user(engine, "claire", STAFF)
    with write_session(engine) as session:
        soy = session.exec(select(Project).where(Project.slug == "soy-pv")).one()
        edits.apply(session, staff, soy, {"start_date": date(2026, 5, 1), "name": "Végétalisation"}, "Convention")
    key = str(_project(engine, "soy-pv").id)
    with Session(engine) as session:
        kept = {e.field: e.value for e in session.exec(select(FieldEdit).where(
            FieldEdit.entity == "project", FieldEdit.entity_key == key))}
    assert kept == {"start_date": '"2026-05-01"', "name": '"Végétalisation"'}
