"""The catalogue services: bad input refused with its message and nothing written, who may write
what, one audit row per write with exactly the changed fields, and a version check that lets one of
twenty simultaneous saves through."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

import pytest
from sqlmodel import Session, select

from qmi.bench.concurrency import at_once
from qmi.i18n import Refusal, t
from qmi.models import (
    Assessment,
    Commune,
    Event,
    FieldEdit,
    Measurement,
    ProgrammeFigure,
    Project,
    ProtocolIndicator,
    StatusChange,
)
from qmi.services import catalogue, edits, statuses
from qmi.services.errors import PermissionDenied, ServiceError, ValidationFailed
from tests.unit.store_rows import ADMIN, AGENT, STAFF, audit_since, counts, make_user, next_audit_id

SCEAUX, ARGENTEUIL, BOULOGNE = "92071", "95018", "92012"
CHALLENGE = "espaces-publics"
NEW = {"name": "Vélo-cargo d'Argenteuil", "organisation": "Cargo & Co", "commune_insee": ARGENTEUIL, "edition_id": 2}
HOSTILE = "**gras** <b>balise</b> <script>alert(1)</script> [lien](javascript:alert(1)) | a | b |"


@pytest.fixture
def staff(engine):
    return make_user(engine, "claire", STAFF)


def _project(engine, slug: str) -> Project:
    with Session(engine) as session:
        row = session.exec(select(Project).where(Project.slug == slug)).one()
        session.expunge(row)
        return row


def refused_with_nothing_written(engine, call) -> Refusal:
    """Run ``call``, which must be refused; the store (every table, the audit log) is left as it was."""
    before = counts(engine)
    with pytest.raises(Refusal) as refusal:
        call()
    assert counts(engine) == before
    return refusal.value


def field_errors(engine, call) -> dict[str, str]:
    refusal = refused_with_nothing_written(engine, call)
    assert isinstance(refusal, ValidationFailed)
    return refusal.errors


# --- bad input ---------------------------------------------------------------------------------

def test_a_duplicate_slug_is_refused(engine, staff):
    assert field_errors(engine, lambda: catalogue.create_project(engine, staff, NEW | {"slug": "soy-pv"})) == {
        "slug": t("catalogue.error.duplicate_slug", slug="soy-pv")}


@pytest.mark.parametrize("slug", ["Velo-Cargo", "vélo-cargo", "velo cargo", "velo--cargo", "-velo", "a" * 81])
def test_a_bad_slug_is_refused(engine, staff, slug):
    assert field_errors(engine, lambda: catalogue.create_project(engine, staff, NEW | {"slug": slug})) == {
        "slug": t("catalogue.error.slug")}


def test_a_slug_of_80_characters_is_taken(engine, staff):
    assert catalogue.create_project(engine, staff, NEW | {"slug": "a" * 80}).key == "a" * 80


def test_a_slug_made_from_a_name_never_takes_another_experiments(engine, staff):
    first = catalogue.create_project(engine, staff, NEW | {"name": "Soy PV"})
    assert first.key == "soy-pv-2"
    assert catalogue.create_project(engine, staff, NEW | {"name": "Soy PV"}).key == "soy-pv-3"


@pytest.mark.parametrize(("change", "field", "key", "values"), [
    ({"commune_insee": "99999"}, "commune_insee", "valid.unknown_commune", {"value": "99999"}),
    ({"commune_insee": SCEAUX}, "commune_insee", "catalogue.error.not_in_edition", {"commune": "Sceaux", "edition": 2}),
    ({"commune_insee": BOULOGNE}, "commune_insee", "catalogue.error.not_in_edition",
     {"commune": "Boulogne-Billancourt", "edition": 2}),
    ({"edition_id": 7}, "edition_id", "catalogue.error.unknown_edition", {"value": 7}),
    ({"start_date": "2026-05-01", "end_date": "2026-04-30"}, "end_date", "valid.period_order", {}),
    ({"family_code": "astrologie"}, "family_code", "catalogue.error.unknown_code", {"value": "astrologie"}),
    ({"start_date": "2014-12-31"}, "start_date", "catalogue.error.year_range", {"min": 2015, "max": 2100}),
    ({"name": ""}, "name", "valid.required", {}),
    ({"organisation": " "}, "organisation", "valid.required", {}),
    ({"commune_insee": None}, "commune_insee", "valid.required", {}),
    ({"commune_insee": "9" * 20}, "commune_insee", "valid.unknown_commune", {"value": "9" * 20}),
    ({"commune_insee": "9" * 21}, "commune_insee", "valid.unknown_commune", {"value": "9" * 20 + "…"}),
    ({"family_code": "a" * 40}, "family_code", "catalogue.error.unknown_code", {"value": "a" * 40}),
    ({"challenge_code": "a" * 41}, "challenge_code", "catalogue.error.unknown_code", {"value": "a" * 40 + "…"}),
    ({"edition_id": ""}, "edition_id", "valid.required", {}),
    ({"edition_id": "0"}, "edition_id", "catalogue.error.range", {"min": 1, "max": 99}),
    ({"edition_id": "100"}, "edition_id", "catalogue.error.range", {"min": 1, "max": 99}),
    ({"edition_id": "2,5"}, "edition_id", "valid.not_integer", {}),
    ({"end_date": "2101-01-01"}, "end_date", "catalogue.error.year_range", {"min": 2015, "max": 2100}),
])
def test_a_bad_experiment_is_refused_field_by_field(engine, staff, change, field, key, values):
    assert field_errors(engine, lambda: catalogue.create_project(engine, staff, NEW | change)) == {
        field: t(key, **values)}
    version = _project(engine, "soy-pv").version
    errors = field_errors(engine, lambda: catalogue.update_project(
        engine, staff, "soy-pv", change | ({"edition_id": 2} if field == "commune_insee" else {}), version))
    assert errors[field] == t(key, **values)


def test_an_experiment_may_end_the_day_it_starts_and_is_kept_with_an_empty_description(engine, staff):
    slug = catalogue.create_project(engine, staff, NEW | {"start_date": "2026-05-01", "end_date": "01/05/2026"}).key
    row = _project(engine, slug)
    assert (row.start_date, row.end_date, row.description, row.type_tags) == (date(2026, 5, 1), date(2026, 5, 1), "", "")


def test_an_experiment_is_dated_from_2015_to_2100(engine, staff):
    slug = catalogue.create_project(engine, staff, NEW | {"start_date": "2015-01-01", "end_date": "2100-12-31"}).key
    assert (_project(engine, slug).start_date, _project(engine, slug).end_date) == (date(2015, 1, 1), date(2100, 12, 31))


def test_a_new_experiment_is_refused_in_the_users_language(engine, staff):
    def errors(change):
        return field_errors(engine, lambda: catalogue.create_project(engine, staff, NEW | change, lang="en"))
    assert errors({"commune_insee": None}) == {"commune_insee": "This field is required."}
    assert errors({"slug": "Velo"}) == {"slug": t("catalogue.error.slug", "en")}
    assert errors({"slug": "soy-pv"}) == {"slug": t("catalogue.error.duplicate_slug", "en", slug="soy-pv")}
    assert t("catalogue.error.slug", "en") != t("catalogue.error.slug", "fr")


def test_a_new_experiment_s_challenge_is_validated_with_its_source_only_when_one_is_given(engine, staff):
    given = _project(engine, catalogue.create_project(
        engine, staff, NEW | {"challenge_code": CHALLENGE, "source": "Comité 2026"}).key)
    assert (given.challenge_code, given.challenge_status, given.challenge_source) == (CHALLENGE, "validated", "Comité 2026")
    none = _project(engine, catalogue.create_project(engine, staff, NEW | {"source": "Comité 2026"}).key)
    assert (none.challenge_code, none.challenge_status, none.challenge_source) == (None, "proposed", None)


@pytest.mark.parametrize(("field", "limit"), [
    ("name", 120), ("organisation", 120), ("type_tags", 200), ("description", 3000), ("location_note", 200),
    ("source", 300),
])
def test_experiment_texts_are_taken_up_to_their_limit_and_refused_one_past(engine, staff, field, limit):
    assert field_errors(engine, lambda: catalogue.create_project(engine, staff, NEW | {field: "é" * (limit + 1)})) == {
        field: t("valid.too_long", max=limit)}
    slug = catalogue.create_project(engine, staff, NEW | {field: "é" * limit}).key
    assert getattr(_project(engine, slug), field) == "é" * limit


def test_the_limits_are_the_stated_numbers():
    assert {f: catalogue.LIMITS[f] for f in ("name", "description", "source", "slug", "format", "note")} == {
        "name": 120, "description": 3000, "source": 300, "slug": 80, "format": 120, "note": 1000}
    assert (statuses.MAX_SOURCE, statuses.MAX_NOTE) == (300, 1000)


def test_control_characters_are_refused_and_line_breaks_only_where_a_text_has_lines(engine, staff):
    assert field_errors(engine, lambda: catalogue.create_project(engine, staff, NEW | {"name": "Vélo\x07"})) == {
        "name": t("valid.control_character", char="U+0007")}
    assert field_errors(engine, lambda: catalogue.create_project(engine, staff, NEW | {"name": "Vélo\ncargo"})) == {
        "name": t("valid.control_character", char="U+000A")}
    assert field_errors(engine, lambda: catalogue.create_project(engine, staff, NEW | {"description": "a\x00b"})) == {
        "description": t("valid.control_character", char="U+0000")}
    slug = catalogue.create_project(engine, staff, NEW | {"description": "Ligne 1\nLigne 2"}).key
    assert _project(engine, slug).description == "Ligne 1\nLigne 2"


def test_events_and_figures_refuse_bad_input(engine, staff):
    event = {"host_insee": ARGENTEUIL, "held_on": "2026-03-12", "format": "Atelier"}
    cases = [
        (lambda: catalogue.save_event(engine, staff, event | {"host_insee": BOULOGNE}),
         {"host_insee": t("catalogue.error.not_in_programme", commune="Boulogne-Billancourt")}),
        (lambda: catalogue.save_event(engine, staff, event | {"host_insee": "00000"}),
         {"host_insee": t("valid.unknown_commune", value="00000")}),
        (lambda: catalogue.save_event(engine, staff, event | {"format": "f" * 121}),
         {"format": t("valid.too_long", max=120)}),
        (lambda: catalogue.save_event(engine, staff, event | {"attendance": "100001"}),
         {"attendance": t("catalogue.error.range", min=0, max=100_000)}),
        (lambda: catalogue.save_event(engine, staff, event | {"held_on": "le 12 mars"}),
         {"held_on": t("valid.not_date", value="le 12 mars")}),
        (lambda: catalogue.save_event(engine, staff, {"host_insee": "92071", "held_on": "2023-11-01",
                                                      "format": "Conférence", "event_key": "sceaux-2023"}),
         {"held_on": t("catalogue.error.duplicate_event")}),
        (lambda: catalogue.save_figure(engine, staff, {"key": "nouveau", "value": "3"}),
         {"label": t("valid.required")}),
        (lambda: catalogue.save_figure(engine, staff, {"key": "applications", "value": "beaucoup"}),
         {"value": t("valid.not_number", value="beaucoup")}),
    ]
    with Session(engine) as session:
        aulnay = session.exec(select(Event).where(Event.event_key == "aulnay-sous-bois-2025")
                              .order_by(Event.held_on)).first()
    cases.append((lambda: catalogue.save_event(engine, staff, {"held_on": "2025-11-01"}, aulnay.id, aulnay.version),
                  {"held_on": t("catalogue.error.duplicate_event")}))  # moved onto the other date of its key
    for key in ("<b>x</b>", "../../etc", "Sceaux-2026", "k" * 81, "k\x00"):  # the key is a slug, as in events.csv
        cases.append((lambda key=key: catalogue.save_event(engine, staff, event | {"event_key": key}),
                      {"event_key": t("catalogue.error.event_key", max=80)}))
    for call, errors in cases:
        assert field_errors(engine, call) == errors
    assert catalogue.save_event(engine, staff, event | {"format": "f" * 120, "attendance": "100000"}).key
    assert catalogue.save_event(engine, staff, event | {"event_key": "k" * 80, "held_on": "2026-03-13"}).key


def test_editions_refuse_bad_years_and_an_unknown_edition(engine, staff):
    assert field_errors(engine, lambda: catalogue.open_edition(engine, staff, {"year_start": 2027, "year_end": 2026})) \
        == {"year_end": t("catalogue.error.years_order")}
    refusal = refused_with_nothing_written(engine, lambda: catalogue.update_edition(engine, staff, 9, {}, None))
    assert (refusal.key, refusal.values) == ("catalogue.error.unknown_edition", {"value": 9})
    assert field_errors(engine, lambda: catalogue.join_programme(engine, staff, BOULOGNE, {"edition_id": 5})) == {
        "edition_id": t("catalogue.error.unknown_edition", value=5)}
    assert field_errors(engine, lambda: catalogue.join_programme(engine, staff, SCEAUX, {"edition_id": 2})) == {
        "edition_id": t("catalogue.error.commune_has_projects", commune="Sceaux")}


def test_markdown_and_html_are_stored_as_typed_in_every_text_field(engine, staff):
    slug = catalogue.create_project(engine, staff, NEW | {
        f: HOSTILE for f in ("name", "organisation", "type_tags", "description", "location_note", "source")}).key
    project = _project(engine, slug)
    assert {f: getattr(project, f) for f in ("name", "organisation", "type_tags", "description", "location_note",
                                              "source")} == dict.fromkeys(
        ("name", "organisation", "type_tags", "description", "location_note", "source"), HOSTILE)
    event_id = int(catalogue.save_event(engine, staff, {
        "host_insee": ARGENTEUIL, "held_on": "2026-03-12", **dict.fromkeys(
            ("format", "source", "source_detail", "note"), HOSTILE)}).key)
    figure_id = int(catalogue.save_figure(engine, staff, {"key": "nouveau", "value": "3", **dict.fromkeys(
        ("label", "source", "source_detail", "note"), HOSTILE), "unit": "<i>m²</i>"}).key)
    catalogue.join_programme(engine, staff, BOULOGNE, {"edition_id": 2, **dict.fromkeys(
        ("innovation_district", "district_source", "mayor", "mayor_source"), HOSTILE)})
    entry = statuses.record_status(engine, staff, slug, {"level": "1", "changed_on": "2026-01-05", "source": HOSTILE,
                                                         "note": HOSTILE})
    with Session(engine) as session:
        event, figure = session.get(Event, event_id), session.get(ProgrammeFigure, figure_id)
        commune, status = session.get(Commune, BOULOGNE), session.get(StatusChange, entry.id)
        stored = [event.format, event.source, event.source_detail, event.note, figure.label, figure.source,
                  figure.source_detail, figure.note, commune.innovation_district, commune.district_source,
                  commune.mayor, commune.mayor_source, status.source, status.note]
    assert stored == [HOSTILE] * 14 and figure.unit == "<i>m²</i>"


# --- who may write -----------------------------------------------------------------------------

def catalogue_writes(engine) -> dict[str, object]:
    """Every catalogue write, as a function of the account calling it."""
    with Session(engine) as session:
        soy = session.exec(select(Project).where(Project.slug == "soy-pv")).one()
        event_id = session.exec(select(Event.id)).first()
        figure_id = session.exec(select(ProgrammeFigure.id)).first()
    return {
        "create_project": lambda a: catalogue.create_project(engine, a, NEW),
        "update_project": lambda a: catalogue.update_project(engine, a, "soy-pv", {"name": "Autre"}, soy.version),
        "archive_project": lambda a: catalogue.set_project_archived(engine, a, "soy-pv", True),
        "open_edition": lambda a: catalogue.open_edition(engine, a, {"year_start": 2026}),
        "update_edition": lambda a: catalogue.update_edition(engine, a, 1, {"year_end": 2027}, None),
        "join_programme": lambda a: catalogue.join_programme(engine, a, BOULOGNE, {"edition_id": 2}),
        "new_event": lambda a: catalogue.save_event(engine, a, {"host_insee": SCEAUX, "held_on": "2026-01-10",
                                                                "format": "Atelier"}),
        "edit_event": lambda a: catalogue.save_event(engine, a, {"attendance": 12}, event_id),
        "archive_event": lambda a: catalogue.set_event_archived(engine, a, event_id, True),
        "save_figure": lambda a: catalogue.save_figure(engine, a, {"key": "applications", "value": "1"}),
        "archive_figure": lambda a: catalogue.set_figure_archived(engine, a, figure_id, True),
        "resolve_conflicts": lambda a: edits.resolve(engine, a, [1], take_record=False),
    }


def test_viewer_signed_out_and_disabled_accounts_write_nothing_of_the_catalogue(engine):
    viewer = make_user(engine, "vera", "viewer")
    disabled = make_user(engine, "ancien", STAFF, active=False)
    agent = make_user(engine, "agent.sceaux", AGENT, SCEAUX)
    refusals = {}
    for name, write in catalogue_writes(engine).items():
        for who, actor in (("viewer", viewer), ("signed out", None), ("disabled", disabled), ("agent", agent)):
            refusal = refused_with_nothing_written(engine, lambda write=write, actor=actor: write(actor))
            assert isinstance(refusal, PermissionDenied)
            refusals[name, who] = refusal.key
    assert set(refusals.values()) == {"catalogue.error.staff_only", "forms.error.signed_out",
                                      "forms.error.account_disabled"}
    assert {k for (_, who), k in refusals.items() if who in ("viewer", "agent")} == {"catalogue.error.staff_only"}
    assert t("catalogue.error.staff_only") == "Seule l'équipe du programme peut modifier le catalogue."
    for key in ("delete", "status"):
        call = {"delete": lambda a: catalogue.delete_project(engine, a, "soy-pv"),
                "status": lambda a: statuses.record_status(engine, a, "kunagi", {"level": "3",
                                                                                 "changed_on": "2025-06-01"})}[key]
        for actor, expected in ((viewer, "forms.error.admin_only" if key == "delete" else "forms.error.read_only"),
                                (None, "forms.error.signed_out"), (disabled, "forms.error.account_disabled")):
            assert refused_with_nothing_written(engine, lambda call=call, actor=actor: call(actor)).key == expected


def test_an_agent_records_statuses_for_their_own_commune_only(engine):
    agent = make_user(engine, "agent.sceaux", AGENT, SCEAUX)
    entry = statuses.record_status(engine, agent, "kunagi", {"level": "3", "changed_on": "2025-06-01"})
    assert entry.source.startswith("Saisie par la ville de Sceaux (agent.sceaux), le ")
    assert _project(engine, "kunagi").deployment_level == 3
    refusal = refused_with_nothing_written(engine, lambda: statuses.record_status(
        engine, agent, "soy-pv", {"level": "3", "changed_on": "2025-06-01"}))
    assert (refusal.key, refusal.values) == ("forms.error.not_your_commune", {"project": "Soy PV"})


def test_only_an_admin_deletes_and_only_a_typo_without_data(engine, staff):
    admin = make_user(engine, "root", ADMIN)
    slug = catalogue.create_project(engine, staff, NEW).key
    statuses.record_status(engine, staff, slug, {"level": "0", "changed_on": "2026-01-05"})
    assert refused_with_nothing_written(engine, lambda: catalogue.delete_project(engine, staff, slug)).key == \
        "forms.error.admin_only"
    assert refused_with_nothing_written(engine, lambda: catalogue.delete_project(engine, admin, "soy-pv")).key == \
        "catalogue.error.delete_record"
    first = next_audit_id(engine)
    catalogue.delete_project(engine, admin, slug)
    with Session(engine) as session:
        assert session.exec(select(Project).where(Project.slug == slug)).first() is None
        assert session.exec(select(FieldEdit).where(FieldEdit.entity == "project")).all() == []
    [entry] = audit_since(engine, first)
    assert (entry.username, entry.action, entry.entity, entry.after_json) == ("root", "delete", "project", None)
    before = json.loads(entry.before_json)
    assert before["slug"] == slug and [s["deployment_level"] for s in before["statuses"]] == [0]


@pytest.mark.parametrize("model", [Measurement, Assessment, ProtocolIndicator])
def test_an_experiment_with_data_is_never_deleted(engine, staff, model):
    admin = make_user(engine, "root", ADMIN)
    slug = catalogue.create_project(engine, staff, NEW).key
    project_id = _project(engine, slug).id
    row = {
        Measurement: lambda: Measurement(project_id=project_id, indicator_code="SOC-JOBS",
                                         period_start=date(2026, 1, 1), value=1, source="x", entered_by="claire"),
        Assessment: lambda: Assessment(project_id=project_id, assessed_on=date(2026, 1, 1), assessor="x",
                                       deployment=1, commercial_traction=1, industrialisation=1,
                                       operational_ease=1, financial_stability=1),
        ProtocolIndicator: lambda: ProtocolIndicator(project_id=project_id, indicator_code="SOC-JOBS"),
    }[model]()
    with Session(engine) as session:
        session.add(row)
        session.commit()
    assert refused_with_nothing_written(engine, lambda: catalogue.delete_project(engine, admin, slug)).key == \
        "catalogue.error.delete_has_data"


# --- the audit row of each write ---------------------------------------------------------------

def _one_audit_row(engine, call) -> tuple[str, str, str, dict | None, dict | None]:
    first = next_audit_id(engine)
    call()
    [entry] = audit_since(engine, first)
    return (entry.action, entry.entity, entry.entity_id, json.loads(entry.before_json or "null"),
            json.loads(entry.after_json or "null"))


def test_each_write_has_one_audit_row_with_exactly_the_changed_fields(engine, staff):
    soy = _project(engine, "soy-pv")
    assert _one_audit_row(engine, lambda: catalogue.update_project(
        engine, staff, "soy-pv", {"name": "Soy PV 2", "end_date": "2026-06-30"}, soy.version)) == (
        "update", "project", str(soy.id), {"name": "Soy PV", "end_date": None},
        {"name": "Soy PV 2", "end_date": "2026-06-30"})
    assert _one_audit_row(engine, lambda: catalogue.set_project_archived(engine, staff, "soy-pv", True)) == (
        "update", "project", str(soy.id), {"archived": False}, {"archived": True})
    assert _one_audit_row(engine, lambda: catalogue.update_edition(engine, staff, 1, {"year_end": 2026}, None)) == (
        "update", "edition", "1", {"year_end": 2025}, {"year_end": 2026})
    action, entity, key, before, after = _one_audit_row(engine, lambda: catalogue.join_programme(
        engine, staff, SCEAUX, {"edition_id": 1, "innovation_district": "Centre", "district_source": "Délibération",
                                "mayor": "Philippe Laurent"}))
    assert (action, entity, key, before, after) == (
        "update", "commune", SCEAUX, {"innovation_district": "Les Blagis", "district_source": "001_add89e28b538cafe.txt"},
        {"innovation_district": "Centre", "district_source": "Délibération"})
    action, entity, _key, before, after = _one_audit_row(engine, lambda: catalogue.create_project(engine, staff, NEW))
    assert (action, entity, before, after["name"], after["edition_id"]) == ("create", "project", None, NEW["name"], 2)
    action, entity, _key, before, after = _one_audit_row(engine, lambda: statuses.record_status(
        engine, staff, "kunagi", {"level": "abandoned", "changed_on": "2025-10-01", "note": "Fin du contrat"}))
    assert (action, entity, before["deployment_level"], after["abandoned"], after["note"], after["project"]) == (
        "create", "statuschange", 2, True, "Fin du contrat", "kunagi")


def test_saving_unchanged_values_writes_nothing(engine, staff):
    soy = _project(engine, "soy-pv")
    before = counts(engine)
    assert catalogue.update_project(engine, staff, "soy-pv", {"name": "Soy PV"}, soy.version).changed == ()
    assert not catalogue.set_project_archived(engine, staff, "soy-pv", False)
    assert counts(engine) == before
    assert _project(engine, "soy-pv").version == soy.version


def test_the_slug_never_changes(engine, staff):
    soy = _project(engine, "soy-pv")
    catalogue.update_project(engine, staff, "soy-pv", {"slug": "autre", "name": "Soy"}, soy.version)
    assert _project(engine, "soy-pv").name == "Soy"


def test_an_entered_fact_carries_its_source_and_is_never_demo(engine, staff):
    slug = catalogue.create_project(engine, staff, NEW).key
    project = _project(engine, slug)
    assert project.source.startswith("Saisie par Paris&Co (claire), le ") and project.is_demo is False


def test_staff_attached_to_a_commune_still_enter_facts_in_the_operator_s_name(engine):
    attached = make_user(engine, "malik", STAFF, commune=SCEAUX)
    project = _project(engine, catalogue.create_project(engine, attached, NEW).key)
    assert project.source.startswith("Saisie par Paris&Co (malik), le ")


# --- saves at the same moment ------------------------------------------------------------------

THREADS = 20


def test_twenty_saves_over_one_version_at_once_exactly_one_wins(engine, staff):
    soy = _project(engine, "soy-pv")
    outcomes = at_once([lambda i=i: catalogue.update_project(
        engine, staff, "soy-pv", {"name": f"Nom {i}", "location_note": f"Lieu {i}"}, soy.version)
        for i in range(THREADS)])
    winners = [i for i, o in enumerate(outcomes) if isinstance(o, catalogue.Saved)]
    unexpected = [o for o in outcomes if not isinstance(o, (catalogue.Saved, ServiceError))]
    assert unexpected == []
    assert len(winners) == 1
    assert Counter(o.key for o in outcomes if isinstance(o, ServiceError)) == {"catalogue.error.stale": THREADS - 1}
    assert {o.values["who"] for o in outcomes if isinstance(o, ServiceError)} == {"claire"}
    [i] = winners
    stored = _project(engine, "soy-pv")
    assert (stored.name, stored.location_note, stored.version) == (f"Nom {i}", f"Lieu {i}", soy.version + 1)
    with Session(engine) as session:
        kept = {e.field: edits.decode(e.value) for e in session.exec(select(FieldEdit).where(
            FieldEdit.entity == "project", FieldEdit.entity_key == str(soy.id)))}
    assert kept == {"name": f"Nom {i}", "location_note": f"Lieu {i}"}


def test_twenty_statuses_at_once_are_twenty_entries_and_the_latest_is_current(engine, staff):
    outcomes = at_once([lambda i=i: statuses.record_status(
        engine, staff, "soy-pv", {"level": str(i % 4), "changed_on": date(2025, 1, 1 + i), "source": f"Comité {i}"})
        for i in range(THREADS)])
    assert [o for o in outcomes if isinstance(o, BaseException)] == []
    with Session(engine) as session:
        entries = session.exec(select(StatusChange).join(Project).where(Project.slug == "soy-pv")).all()
    assert sorted(e.source for e in entries) == sorted(f"Comité {i}" for i in range(THREADS))
    soy = _project(engine, "soy-pv")
    assert (soy.deployment_level, soy.status_source) == ((THREADS - 1) % 4, f"Comité {THREADS - 1}")


def test_a_commune_edit_keeps_the_fields_it_does_not_give_and_dates_a_new_value_by_its_author(engine, staff):
    catalogue.join_programme(engine, staff, SCEAUX, {"mayor": "Nouvelle maire"})
    with Session(engine) as session:
        sceaux = session.get(Commune, SCEAUX)
    # The district and its source are the record's still; the new mayor is sourced by who entered it.
    assert (sceaux.edition_id, sceaux.innovation_district) == (1, "Les Blagis")
    assert sceaux.district_source.startswith("001_")
    assert sceaux.mayor == "Nouvelle maire" and sceaux.mayor_source.startswith("Saisie par Paris&Co (")


# --- the pure helpers, without a store ---------------------------------------------------------

def test_a_figure_is_shown_whole_without_decimals_and_with_a_french_comma_otherwise():
    assert catalogue._display(3.0) == "3"
    assert catalogue._display(2.5) == "2,5"


def test_an_optional_edition_number_is_a_whole_number_or_none():
    assert catalogue._optional_int("7") == 7
    assert [catalogue._optional_int(raw) for raw in (None, "", "sept")] == [None, None, None]


def test_a_slug_from_a_name_is_at_most_80_characters_never_starts_or_ends_with_a_dash():
    assert catalogue.slug_for("Quartier d'Été") == "quartier-d-ete"
    assert catalogue.slug_for("!" + "a" * 85) == "a" * 80
    assert catalogue.slug_for("a" * 79 + " b") == "a" * 79
    assert catalogue.slug_for("!!!") == "experimentation"


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_a_figure_without_a_value_is_refused_as_required(raw):
    form = catalogue._Form({"value": raw}, "fr")
    assert form.number("value") is None
    assert form.errors == {"value": "Ce champ est obligatoire."}


def test_a_form_says_its_refusals_in_the_users_language():
    form = catalogue._Form({}, "en")
    form.number("value")
    assert form.errors == {"value": "This field is required."}


# --- programme figures -------------------------------------------------------------------------

FIGURE_FIELDS = ("key", "label", "value", "display", "unit", "edition_id", "position", "source", "source_detail",
                 "note")


def _figures(engine, key: str) -> list[ProgrammeFigure]:
    with Session(engine) as session:
        rows = session.exec(select(ProgrammeFigure).where(ProgrammeFigure.key == key).order_by(ProgrammeFigure.id)).all()
        for row in rows:
            session.expunge(row)
        return list(rows)


def _edit_sources(engine, entity: str, key: str) -> dict[str, str]:
    """The source written beside each field an app edit changed on one row."""
    with Session(engine) as session:
        return {e.field: e.source for e in session.exec(select(FieldEdit).where(
            FieldEdit.entity == entity, FieldEdit.entity_key == key))}


def test_a_figure_from_a_new_source_takes_the_label_unit_edition_and_position_of_its_key(engine, staff):
    """« Projets sélectionnés » is the record's 2nd figure, of edition 1, in « projets »."""
    saved = catalogue.save_figure(engine, staff, {"key": "projects_selected", "value": "31", "source": "Bilan 2026"})
    record, new = _figures(engine, "projects_selected")
    assert saved == catalogue.Saved(str(new.id), FIGURE_FIELDS)
    assert [getattr(new, f) for f in FIGURE_FIELDS] == [
        "projects_selected", "Projets sélectionnés", 31, "31", "projets", 1, 2, "Bilan 2026", "", ""]
    assert record.value == 30
    assert set(_edit_sources(engine, "programmefigure", str(new.id)).values()) == {"Bilan 2026"}


def test_a_new_figure_key_goes_last_without_unit_in_the_edition_given(engine, staff):
    saved = catalogue.save_figure(engine, staff, {"key": "nouveau", "value": "2.5", "label": "Nouveau chiffre",
                                                  "edition_id": "2"})
    [new] = _figures(engine, "nouveau")
    assert saved.key == str(new.id)
    assert (new.display, new.unit, new.edition_id, new.position) == ("2,5", "", 2, 43)  # the record's last is 42
    assert new.source.startswith("Saisie par Paris&Co (claire), le ")
    catalogue.save_figure(engine, staff, {"key": "autre", "value": "4", "label": "Autre chiffre", "unit": "m²"})
    [other] = _figures(engine, "autre")
    assert (other.display, other.unit, other.edition_id, other.position) == ("4", "m²", None, 44)


def test_a_figure_from_the_same_source_changes_its_row_and_says_which_fields(engine, staff):
    [row] = _figures(engine, "projects_selected")
    first = next_audit_id(engine)
    saved = catalogue.save_figure(engine, staff, {"key": "projects_selected", "value": "32", "source": row.source,
                                                  "version": row.version})
    assert saved == catalogue.Saved(str(row.id), ("value", "display", "source_detail"))
    [stored] = _figures(engine, "projects_selected")
    assert (stored.value, stored.display, stored.source_detail, stored.note) == (32, "32", "", "")
    assert _edit_sources(engine, "programmefigure", str(row.id)) == dict.fromkeys(
        ("value", "display", "source_detail"), "004_7cf11ddcf4017a53.txt")
    [entry] = audit_since(engine, first)
    assert json.loads(entry.after_json) == {"value": 32, "display": "32", "source_detail": ""}


def test_a_figure_saved_over_a_newer_version_is_refused_with_who_saved_it(engine, staff):
    [row] = _figures(engine, "projects_selected")
    data = {"key": "projects_selected", "value": "32", "source": row.source, "version": row.version}
    catalogue.save_figure(engine, staff, data)
    refusal = refused_with_nothing_written(engine, lambda: catalogue.save_figure(engine, staff, data | {"value": "33"}))
    assert (refusal.key, refusal.values["who"]) == ("catalogue.error.stale", "claire")


def test_a_figure_needs_its_key_and_says_so_in_the_users_language(engine, staff):
    assert field_errors(engine, lambda: catalogue.save_figure(engine, staff, {"key": " ", "value": "3",
                                                                              "label": "Chiffre"})) == {
        "key": "Ce champ est obligatoire."}
    assert field_errors(engine, lambda: catalogue.save_figure(engine, staff, {"key": "nouveau", "value": "3"},
                                                              lang="en")) == {"label": "This field is required."}
    assert field_errors(engine, lambda: catalogue.save_figure(engine, staff, {"key": "nouveau", "value": "x"},
                                                              lang="en")) == {"value": "“x” is not a number (e.g. 12.5)."}


# --- communes of the programme -----------------------------------------------------------------

def _commune(engine, insee: str) -> Commune:
    with Session(engine) as session:
        row = session.get(Commune, insee)
        session.expunge(row)
        return row


def test_an_unknown_commune_is_refused_quoted_back_cut_at_20_characters(engine, staff):
    refusal = refused_with_nothing_written(engine, lambda: catalogue.join_programme(engine, staff, "9" * 21, {}))
    assert refusal.message() == "Commune inconnue : " + "9" * 20 + "…."
    assert refusal.message("en") == "Unknown municipality: " + "9" * 20 + "…."
    refusal = refused_with_nothing_written(engine, lambda: catalogue.join_programme(engine, staff, "9" * 20, {}))
    assert refusal.message() == "Commune inconnue : " + "9" * 20 + "."


@pytest.mark.parametrize("edition", ["0", "100"])
def test_a_commune_joins_editions_1_to_99_only(engine, staff, edition):
    assert field_errors(engine, lambda: catalogue.join_programme(engine, staff, BOULOGNE, {"edition_id": edition})) \
        == {"edition_id": "Un nombre entier entre 1 et 99 est attendu."}


def test_a_commune_of_edition_99_or_of_none_is_refused_by_name(engine, staff):
    assert field_errors(engine, lambda: catalogue.join_programme(engine, staff, BOULOGNE, {"edition_id": "99"})) \
        == {"edition_id": "L'édition 99 n'existe pas."}
    assert field_errors(engine, lambda: catalogue.join_programme(engine, staff, SCEAUX, {"edition_id": ""})) \
        == {"edition_id": "Ce champ est obligatoire."}
    assert field_errors(engine, lambda: catalogue.join_programme(engine, staff, BOULOGNE, {}, lang="en")) \
        == {"edition_id": "This field is required."}


def test_a_commune_without_experiments_moves_to_another_edition(engine, staff):
    catalogue.join_programme(engine, staff, BOULOGNE, {"edition_id": "2"})
    saved = catalogue.join_programme(engine, staff, BOULOGNE, {"edition_id": "1"})
    assert saved == catalogue.Saved(BOULOGNE, ("edition_id",))
    assert _commune(engine, BOULOGNE).edition_id == 1


def test_a_commune_saved_over_a_newer_version_is_refused_with_who_saved_it(engine, staff):
    version = _commune(engine, SCEAUX).version
    catalogue.join_programme(engine, staff, SCEAUX, {"mayor": "Nouvelle maire"}, version)
    refusal = refused_with_nothing_written(engine, lambda: catalogue.join_programme(
        engine, staff, SCEAUX, {"mayor": "Autre maire"}, version))
    assert (refusal.key, refusal.values["who"]) == ("catalogue.error.stale", "claire")


def test_a_cleared_mayor_loses_its_source_and_a_new_one_is_sourced_by_its_author(engine, staff):
    catalogue.join_programme(engine, staff, SCEAUX, {"mayor": "Nouvelle maire"})
    sources = _edit_sources(engine, "commune", SCEAUX)
    assert set(sources) == {"mayor", "mayor_source"}
    assert all(s.startswith("Saisie par Paris&Co (claire), le ") for s in sources.values())
    saved = catalogue.join_programme(engine, staff, SCEAUX, {"mayor": ""})
    assert saved.changed == ("mayor", "mayor_source")
    sceaux = _commune(engine, SCEAUX)
    assert (sceaux.mayor, sceaux.mayor_source) == (None, None)


# --- Communauté events -------------------------------------------------------------------------

EVENT = {"host_insee": ARGENTEUIL, "held_on": "2026-03-12", "format": "Atelier"}


def _event(engine, event_id: int) -> Event:
    with Session(engine) as session:
        row = session.get(Event, event_id)
        session.expunge(row)
        return row


@pytest.mark.parametrize("field", ["held_on", "format"])
def test_an_event_needs_its_date_and_format(engine, staff, field):
    assert field_errors(engine, lambda: catalogue.save_event(engine, staff, EVENT | {field: ""})) == {
        field: "Ce champ est obligatoire."}
    assert field_errors(engine, lambda: catalogue.save_event(engine, staff, EVENT | {field: None}, lang="en")) == {
        field: "This field is required."}


def test_an_event_of_an_unknown_date_precision_is_refused(engine, staff):
    assert field_errors(engine, lambda: catalogue.save_event(engine, staff, EVENT | {"date_precision": "semaine"})) \
        == {"date_precision": "Précision de date inconnue."}
    assert field_errors(engine, lambda: catalogue.save_event(
        engine, staff, EVENT | {"date_precision": "semaine"}, lang="en")) == {"date_precision": "Unknown date precision."}


def test_a_new_event_keeps_empty_detail_and_note_and_its_key_from_the_host_and_month(engine, staff):
    saved = catalogue.save_event(engine, staff, EVENT | {"date_precision": " month "})
    event = _event(engine, int(saved.key))
    assert saved.changed == ("held_on", "format", "attendance", "source", "source_detail", "note", "date_precision",
                             "host_insee")
    assert (event.event_key, event.held_on, event.date_precision, event.source_detail, event.note, event.attendance) \
        == ("argenteuil-2026-03", date(2026, 3, 12), "month", "", "", None)
    assert event.source.startswith("Saisie par Paris&Co (claire), le ")
    assert set(_edit_sources(engine, "event", saved.key).values()) == {event.source}


# --- experiments: updates ----------------------------------------------------------------------

def test_an_unknown_experiment_is_refused_by_its_slug(engine, staff):
    refusal = refused_with_nothing_written(engine, lambda: catalogue.update_project(engine, staff, "inconnu", {}, None))
    assert refusal.message() == "Expérimentation inconnue : « inconnu »."


def test_an_update_in_english_says_its_refusals_in_english(engine, staff):
    version = _project(engine, "soy-pv").version
    assert field_errors(engine, lambda: catalogue.update_project(engine, staff, "soy-pv", {"name": ""}, version,
                                                                 lang="en")) == {"name": "This field is required."}


def test_an_update_without_a_source_keeps_the_experiments_source(engine, staff):
    soy = _project(engine, "soy-pv")
    saved = catalogue.update_project(engine, staff, "soy-pv", {"name": "Soy PV 2", "source": ""}, soy.version)
    assert saved == catalogue.Saved("soy-pv", ("name",))
    assert _project(engine, "soy-pv").source == "004_7cf11ddcf4017a53.txt"
    assert _edit_sources(engine, "project", str(soy.id)) == {"name": "004_7cf11ddcf4017a53.txt"}


def test_a_new_challenge_is_validated_with_the_source_and_a_removed_one_is_proposed_again(engine, staff):
    soy = _project(engine, "soy-pv")
    assert (soy.challenge_code, soy.challenge_status) == ("adaptation-climat", "proposed")
    catalogue.update_project(engine, staff, "soy-pv", {"challenge_code": CHALLENGE, "source": "Comité 2026"},
                             soy.version)
    soy = _project(engine, "soy-pv")
    assert (soy.challenge_code, soy.challenge_status, soy.challenge_source) == (CHALLENGE, "validated", "Comité 2026")
    catalogue.update_project(engine, staff, "soy-pv", {"challenge_code": ""}, soy.version)
    soy = _project(engine, "soy-pv")
    assert (soy.challenge_code, soy.challenge_status, soy.challenge_source) == (None, "proposed", None)


def test_a_bad_event_key_is_refused_in_the_users_language(engine, staff):
    assert field_errors(engine, lambda: catalogue.save_event(engine, staff, EVENT | {"event_key": "Sceaux"},
                                                             lang="en")) == {
        "event_key": "The meeting's key may only hold lower-case letters without accents, digits and hyphens, "
                     "80 characters at most (e.g. sceaux-2023)."}


def test_a_second_meeting_of_a_key_on_one_date_is_refused_in_the_users_language(engine, staff):
    meeting = {"host_insee": SCEAUX, "held_on": "2023-11-01", "format": "Conférence", "event_key": "sceaux-2023"}
    assert field_errors(engine, lambda: catalogue.save_event(engine, staff, meeting, lang="en")) == {
        "held_on": "A meeting of this municipality is already recorded on that date."}


def test_an_unknown_event_or_figure_is_refused_by_name(engine, staff):
    admin = make_user(engine, "root", ADMIN)
    for call, message in ((lambda: catalogue.save_event(engine, staff, {}, 999_999), "Rencontre inconnue."),
                          (lambda: catalogue.set_event_archived(engine, staff, 999_999, True), "Rencontre inconnue."),
                          (lambda: catalogue.set_figure_archived(engine, staff, 999_999, True), "Chiffre inconnu."),
                          (lambda: catalogue.set_project_archived(engine, staff, "inconnu", True),
                           "Expérimentation inconnue : « inconnu »."),
                          (lambda: catalogue.delete_project(engine, admin, "inconnu"),
                           "Expérimentation inconnue : « inconnu ».")):
        assert refused_with_nothing_written(engine, call).message() == message


# --- editions ----------------------------------------------------------------------------------

def _edition(engine, edition_id: int):
    from qmi.models import Edition
    with Session(engine) as session:
        row = session.get(Edition, edition_id)
        session.expunge(row)
        return row


def test_the_next_edition_follows_the_last_one_with_its_years_and_source(engine, staff):
    saved = catalogue.open_edition(engine, staff, {"year_start": "2026", "year_end": "2027", "source": "Délibération"})
    assert saved == catalogue.Saved("3", ("name", "year_start", "year_end", "source"))
    third = _edition(engine, 3)
    assert (third.name, third.year_start, third.year_end, third.source) == ("Édition 3", 2026, 2027, "Délibération")
    assert set(_edit_sources(engine, "edition", "3").values()) == {"Délibération"}
    catalogue.open_edition(engine, staff, {"year_start": "2027"})
    fourth = _edition(engine, 4)
    assert (fourth.name, fourth.year_end) == ("Édition 4", None)
    assert fourth.source.startswith("Saisie par Paris&Co (claire), le ")


def test_the_first_edition_of_an_empty_store_is_edition_1(empty_engine):
    staff = make_user(empty_engine, "claire", STAFF)
    assert catalogue.open_edition(empty_engine, staff, {"year_start": "2023"}).key == "1"
    assert _edition(empty_engine, 1).name == "Édition 1"


@pytest.mark.parametrize(("years", "errors"), [
    ({"year_start": "2014"}, {"year_start": "Un nombre entier entre 2015 et 2100 est attendu."}),
    ({"year_start": "2101"}, {"year_start": "Un nombre entier entre 2015 et 2100 est attendu."}),
    ({"year_start": "2020", "year_end": "2014"}, {"year_end": "Un nombre entier entre 2015 et 2100 est attendu."}),
    ({"year_start": "2020", "year_end": "2101"}, {"year_end": "Un nombre entier entre 2015 et 2100 est attendu."}),
    ({"year_start": ""}, {"year_start": "Ce champ est obligatoire."}),
    ({"year_start": "2020", "year_end": "2019"}, {"year_end": "L'année de fin précède l'année de début."}),
    ({"year_start": "2020", "source": "s" * 301}, {"source": "Texte trop long (300 caractères au plus)."}),
])
def test_edition_years_lie_between_2015_and_2100_in_order(years, errors):
    with pytest.raises(ValidationFailed) as refusal:
        catalogue._edition_years(years, "fr")
    assert refusal.value.errors == errors


def test_edition_years_take_2015_and_2100_and_an_open_end():
    assert catalogue._edition_years({"year_start": "2015", "year_end": "2100", "source": " Délibération "}, "fr") == (
        2015, 2100, "Délibération")
    assert catalogue._edition_years({"year_start": "2100", "year_end": "2100"}, "fr") == (2100, 2100, None)
    assert catalogue._edition_years({"year_start": "2020"}, "fr") == (2020, None, None)


def test_edition_years_say_their_refusals_in_the_users_language():
    with pytest.raises(ValidationFailed) as refusal:
        catalogue._edition_years({}, "en")
    assert refusal.value.errors == {"year_start": "This field is required."}


def test_an_edition_update_writes_its_source_and_refuses_a_stale_form(engine, staff):
    version = _edition(engine, 1).version
    saved = catalogue.update_edition(engine, staff, 1, {"year_end": "2026", "source": "Bilan"}, version)
    assert saved == catalogue.Saved("1", ("year_end",))
    assert _edit_sources(engine, "edition", "1") == {"year_end": "Bilan"}
    refusal = refused_with_nothing_written(engine, lambda: catalogue.update_edition(
        engine, staff, 1, {"year_end": "2027"}, version))
    assert (refusal.key, refusal.values["who"]) == ("catalogue.error.stale", "claire")
    assert refused_with_nothing_written(engine, lambda: catalogue.update_edition(engine, staff, 9, {}, None)) \
        .message() == "L'édition 9 n'existe pas."
    assert field_errors(engine, lambda: catalogue.update_edition(engine, staff, 1, {"year_start": ""}, None,
                                                                 lang="en")) == {"year_start": "This field is required."}


# --- archiving ---------------------------------------------------------------------------------

def test_archiving_hides_a_row_once_and_refuses_a_stale_form(engine, staff):
    """Each of the three archivable rows: archived (True, one audit row), again (False, nothing
    written), a form of the version before refused, then brought back."""
    soy = _project(engine, "soy-pv")
    event = session_first(engine, Event)
    figure = session_first(engine, ProgrammeFigure)
    for entity, key, archive, version in (
            ("project", str(soy.id), lambda a, v: catalogue.set_project_archived(engine, staff, "soy-pv", a, v),
             soy.version),
            ("event", str(event.id), lambda a, v: catalogue.set_event_archived(engine, staff, event.id, a, v),
             event.version),
            ("programmefigure", str(figure.id),
             lambda a, v: catalogue.set_figure_archived(engine, staff, figure.id, a, v), figure.version)):
        assert _one_audit_row(engine, lambda archive=archive, version=version: archive(True, version)) == (
            "update", entity, key, {"archived": False}, {"archived": True})
        before = counts(engine)
        assert archive(True, version + 1) is False
        assert counts(engine) == before
        refusal = refused_with_nothing_written(engine, lambda archive=archive, version=version: archive(False, version))
        assert (refusal.key, refusal.values["who"]) == ("catalogue.error.stale", "claire")
        assert archive(False, version + 1) is True
        assert archive(False, None) is False


def session_first(engine, model):
    with Session(engine) as session:
        row = session.exec(select(model).order_by(model.id)).first()
        session.expunge(row)
        return row


@pytest.mark.parametrize(("host", "message"), [
    (None, "Ce champ est obligatoire."),
    ("9" * 20, "Commune inconnue : « " + "9" * 20 + " »."),
    ("9" * 21, "Commune inconnue : « " + "9" * 20 + "… »."),
])
def test_an_event_needs_a_known_host_quoted_back_cut_at_20_characters(engine, staff, host, message):
    assert field_errors(engine, lambda: catalogue.save_event(engine, staff, EVENT | {"host_insee": host})) == {
        "host_insee": message}


def test_an_event_changed_keeps_its_source_and_its_version_and_says_its_refusals_in_english(engine, staff):
    saved = catalogue.save_event(engine, staff, EVENT | {"source": "Compte rendu du 12/03/2026"})
    event = _event(engine, int(saved.key))
    assert saved.key == str(event.id)
    changed = catalogue.save_event(engine, staff, {"attendance": "25"}, event_id=event.id, version=event.version)
    assert changed == catalogue.Saved(str(event.id), ("attendance",))
    assert (_event(engine, event.id).attendance, _event(engine, event.id).source) == (25, "Compte rendu du 12/03/2026")
    assert _edit_sources(engine, "event", str(event.id))["attendance"] == "Compte rendu du 12/03/2026"
    stale = refused_with_nothing_written(engine, lambda: catalogue.save_event(
        engine, staff, {"attendance": "30"}, event_id=event.id, version=event.version))
    assert (stale.key, stale.values["who"]) == ("catalogue.error.stale", "claire")
    assert field_errors(engine, lambda: catalogue.save_event(
        engine, staff, {"host_insee": None}, event_id=event.id, version=event.version + 1, lang="en")) == {
        "host_insee": "This field is required."}
