"""Field evidence and lessons learned: who may write them (an agent for their own commune only, a
viewer never), what is refused with which message and nothing written, one audit row per write, the
« modifié entre-temps » check, archiving; the record's four success stories loaded as real, sourced
lessons that a reload never writes over; and the open-data files' columns."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from qmi.i18n import Refusal, t
from qmi.models import FieldEdit, FieldEvidence, Lesson, Project
from qmi.outputs import tables as export
from qmi.queries import lessons as queries
from qmi.services import lessons
from qmi.services.errors import PermissionDenied, ValidationFailed
from qmi.store.bootstrap import prepare_store
from qmi.store.reference import load_reference
from tests.unit.store_rows import ADMIN, AGENT, STAFF, audit_since, counts, make_user, next_audit_id

MEUDON, SCEAUX = "92048", "92071"
VISIT = {"observed_on": "2024-07-09", "kind": "field_visit", "met_roles": "responsable des espaces verts, 3 agents",
         "summary": "Les agents utilisent le vélo-cargo pour les tournées."}
LESSON = {"kind": "worked", "text": "Associer les agents dès la conception.", "evidence": "Visite du 9 juillet."}
HOSTILE = "**gras** <b>balise</b> [lien](javascript:alert(1))"
STORIES = ("purple-alternative-surface", "pelican", "source-urbaine", "wintics-cityvision")


@pytest.fixture
def staff(engine):
    return make_user(engine, "claire", STAFF)


def refused(engine, call) -> Refusal:
    """``call`` is refused and the store (every table, the audit log) is left as it was."""
    before = counts(engine)
    with pytest.raises(Refusal) as refusal:
        call()
    assert counts(engine) == before
    return refusal.value


def errors(engine, call) -> dict[str, str]:
    refusal = refused(engine, call)
    assert isinstance(refusal, ValidationFailed)
    return refusal.errors


def _lesson(engine, lesson_id: int) -> Lesson:
    with Session(engine) as session:
        row = session.get(Lesson, lesson_id)
        session.expunge(row)
        return row


def _story(engine, slug: str) -> Lesson:
    with Session(engine) as session:
        row = session.exec(select(Lesson).join(Project, Project.id == Lesson.project_id)
                           .where(Project.slug == slug, Lesson.kind == "story")).one()
        session.expunge(row)
        return row


# --- rights ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", [STAFF, ADMIN])
def test_staff_and_admins_write_for_every_commune(engine, role):
    user = make_user(engine, f"u-{role}", role)
    entry = lessons.add_evidence(engine, user, "pelican", VISIT)
    lesson = lessons.add_lesson(engine, user, "source-urbaine", LESSON)
    assert entry.id and lesson.id and not entry.is_demo and not lesson.is_demo


def test_an_agent_writes_for_their_commune_and_is_refused_for_another(engine):
    meudon = make_user(engine, "agent.meudon", AGENT, MEUDON)
    entry = lessons.add_evidence(engine, meudon, "pelican", VISIT)
    assert entry.source.startswith("Saisie par la ville de Meudon (agent.meudon), le ")
    lessons.add_lesson(engine, meudon, "pelican", LESSON | {"evidence_id": entry.id})
    refusal = refused(engine, lambda: lessons.add_evidence(engine, meudon, "source-urbaine", VISIT))
    assert isinstance(refusal, PermissionDenied) and refusal.key == "forms.error.not_your_commune"
    assert refused(engine, lambda: lessons.add_lesson(engine, meudon, "source-urbaine", LESSON)).key == \
        "forms.error.not_your_commune"
    sceaux = make_user(engine, "agent.sceaux", AGENT, SCEAUX)
    assert refused(engine, lambda: lessons.edit_evidence(engine, sceaux, entry.id, {"summary": "autre"}, None)).key == \
        "forms.error.not_your_commune"
    assert refused(engine, lambda: lessons.set_evidence_archived(engine, sceaux, entry.id, True)).key == \
        "forms.error.not_your_commune"


def test_a_viewer_and_a_disabled_account_never_write(engine):
    viewer = make_user(engine, "lecteur", "viewer")
    assert refused(engine, lambda: lessons.add_evidence(engine, viewer, "pelican", VISIT)).key == "lessons.error.read_only"
    assert refused(engine, lambda: lessons.add_lesson(engine, viewer, "pelican", LESSON)).key == "lessons.error.read_only"
    gone = make_user(engine, "parti", STAFF, active=False)
    assert refused(engine, lambda: lessons.add_evidence(engine, gone, "pelican", VISIT)).key == "forms.error.account_disabled"
    assert refused(engine, lambda: lessons.add_evidence(engine, None, "pelican", VISIT)).key == "forms.error.signed_out"


def test_an_agent_may_not_edit_a_story_of_another_commune(engine):
    sceaux = make_user(engine, "agent.sceaux", AGENT, SCEAUX)
    story = _story(engine, "pelican")
    assert refused(engine, lambda: lessons.edit_lesson(engine, sceaux, story.id, {"text": "non"}, story.version)).key == \
        "forms.error.not_your_commune"
    lessons.edit_lesson(engine, sceaux, _story(engine, "source-urbaine").id, {"evidence": "relevés des capteurs"}, None)


# --- bad input -------------------------------------------------------------------------------------

def test_required_fields_and_kinds(engine, staff):
    assert errors(engine, lambda: lessons.add_evidence(engine, staff, "pelican", {})) == {
        "kind": t("lessons.error.evidence_kind"), "observed_on": t("valid.required"), "summary": t("valid.required")}
    assert errors(engine, lambda: lessons.add_evidence(engine, staff, "pelican", VISIT | {"kind": "rumeur"})) == {
        "kind": t("lessons.error.evidence_kind")}
    assert errors(engine, lambda: lessons.add_lesson(engine, staff, "pelican", {"kind": "avis"})) == {
        "kind": t("lessons.error.lesson_kind"), "text": t("valid.required")}
    assert errors(engine, lambda: lessons.add_lesson(engine, staff, "pelican", LESSON | {"kind": "story"})) == {
        "title": t("lessons.error.story_title")}
    assert errors(engine, lambda: lessons.add_lesson(engine, staff, "pelican", LESSON | {
        "kind": "story", "title": "Pelican à Meudon"})) == {"title": t("lessons.error.duplicate_story")}
    assert refused(engine, lambda: lessons.add_lesson(engine, staff, "inconnu", LESSON)).key == "valid.unknown_project"


@pytest.mark.parametrize(("field", "limit"), [("met_roles", 300), ("summary", 3000), ("links", 1000), ("source", 300)])
def test_evidence_texts_up_to_their_limit_and_not_one_more(engine, staff, field, limit):
    fill = "https://example.org/" + "a" * (limit - 20) if field == "links" else "é" * limit
    lessons.add_evidence(engine, staff, "pelican", VISIT | {field: fill})
    assert errors(engine, lambda: lessons.add_evidence(engine, staff, "pelican", VISIT | {field: fill + "a"})) == {
        field: t("valid.too_long", max=limit)}


@pytest.mark.parametrize(("field", "limit"), [("title", 150), ("text", 3000), ("evidence", 1000), ("source", 300)])
def test_lesson_texts_up_to_their_limit_and_not_one_more(engine, staff, field, limit):
    lessons.add_lesson(engine, staff, "pelican", LESSON | {field: "é" * limit})
    assert errors(engine, lambda: lessons.add_lesson(engine, staff, "pelican", LESSON | {field: "é" * (limit + 1)})) == {
        field: t("valid.too_long", max=limit)}


def test_dates_from_2015_to_today(engine, staff):
    today = date.today()
    lessons.add_evidence(engine, staff, "pelican", VISIT | {"observed_on": "2015-01-01"})
    lessons.add_evidence(engine, staff, "pelican", VISIT | {"observed_on": today.isoformat()})
    assert errors(engine, lambda: lessons.add_evidence(engine, staff, "pelican", VISIT | {"observed_on": "2014-12-31"})) == {
        "observed_on": t("catalogue.error.year_range", min=2015, max=today.year)}
    tomorrow = (today + timedelta(days=1)).isoformat()
    assert errors(engine, lambda: lessons.add_evidence(engine, staff, "pelican", VISIT | {"observed_on": tomorrow})) == {
        "observed_on": t("lessons.error.future")}
    assert errors(engine, lambda: lessons.add_evidence(engine, staff, "pelican", VISIT | {"observed_on": "demain"})) == {
        "observed_on": t("valid.not_date", value="demain")}


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://example.org/a",
                                  "https://", "http://exemple", "https://example.org/a b", "www.example.org",
                                  'https://example.org/"onmouseover="x'])
def test_a_link_is_an_http_or_https_address_only(engine, staff, link):
    assert errors(engine, lambda: lessons.add_evidence(engine, staff, "pelican", VISIT | {"links": link})) == {
        "links": t("lessons.error.link", value=link[:60])}


def test_five_links_at_most_one_a_line(engine, staff):
    five = "\n".join(f"https://example.org/{n}" for n in range(5))
    entry = lessons.add_evidence(engine, staff, "pelican", VISIT | {"links": f"\n  {five}\n\n"})
    assert lessons.links_of(entry.links) == [f"https://example.org/{n}" for n in range(5)]
    six = five + "\nHTTPS://example.org/5"
    assert errors(engine, lambda: lessons.add_evidence(engine, staff, "pelican", VISIT | {"links": six})) == {
        "links": t("lessons.error.too_many_links", max=5)}


def test_a_lesson_rests_only_on_an_entry_of_its_own_experiment(engine, staff):
    other = lessons.add_evidence(engine, staff, "source-urbaine", VISIT)
    assert errors(engine, lambda: lessons.add_lesson(engine, staff, "pelican", LESSON | {"evidence_id": other.id})) == {
        "evidence_id": t("lessons.error.unknown_evidence")}
    assert errors(engine, lambda: lessons.add_lesson(engine, staff, "pelican", LESSON | {"evidence_id": "x"})) == {
        "evidence_id": t("lessons.error.unknown_evidence")}
    own = lessons.add_evidence(engine, staff, "pelican", VISIT)
    lessons.set_evidence_archived(engine, staff, own.id, True)
    assert errors(engine, lambda: lessons.add_lesson(engine, staff, "pelican", LESSON | {"evidence_id": own.id})) == {
        "evidence_id": t("lessons.error.unknown_evidence")}


def test_control_characters_refused_and_markup_kept_as_typed(engine, staff):
    assert errors(engine, lambda: lessons.add_evidence(engine, staff, "pelican", VISIT | {"met_roles": "a\nb"})) == {
        "met_roles": t("valid.control_character", char="U+000A")}
    entry = lessons.add_evidence(engine, staff, "pelican", VISIT | {"summary": HOSTILE + "\nligne 2", "met_roles": HOSTILE})
    assert entry.summary == HOSTILE + "\nligne 2" and entry.met_roles == HOSTILE


# --- audit, versions, archive ----------------------------------------------------------------------

def test_every_write_has_its_audit_row(engine, staff):
    first = next_audit_id(engine)
    entry = lessons.add_evidence(engine, staff, "pelican", VISIT)
    lesson = lessons.add_lesson(engine, staff, "pelican", LESSON | {"evidence_id": entry.id})
    assert lessons.edit_evidence(engine, staff, entry.id, {"summary": "Revu."}, entry.version) == ("summary",)
    assert lessons.edit_lesson(engine, staff, lesson.id, {"text": "Revu aussi."}, lesson.version) == ("text",)
    assert lessons.set_evidence_archived(engine, staff, entry.id, True) is True
    assert lessons.set_lesson_archived(engine, staff, lesson.id, True) is True
    rows = audit_since(engine, first)
    assert [(r.action, r.entity, r.entity_id, r.username) for r in rows] == [
        ("create", "fieldevidence", str(entry.id), "claire"), ("create", "lesson", str(lesson.id), "claire"),
        ("update", "fieldevidence", str(entry.id), "claire"), ("update", "lesson", str(lesson.id), "claire"),
        ("update", "fieldevidence", str(entry.id), "claire"), ("update", "lesson", str(lesson.id), "claire")]
    assert json.loads(rows[0].after_json)["project"] == "pelican"
    assert json.loads(rows[2].before_json) == {"summary": VISIT["summary"], "project": "pelican"}
    assert json.loads(rows[3].after_json) == {"text": "Revu aussi."}
    assert json.loads(rows[5].after_json) == {"archived": True}


def test_a_form_saved_over_a_newer_version_is_refused(engine, staff):
    entry = lessons.add_evidence(engine, staff, "pelican", VISIT)
    lessons.edit_evidence(engine, staff, entry.id, {"summary": "Première relecture."}, entry.version)
    refusal = refused(engine, lambda: lessons.edit_evidence(engine, staff, entry.id, {"summary": "Autre."}, entry.version))
    assert refusal.key == "catalogue.error.stale" and refusal.values["who"] == "claire"
    lesson = lessons.add_lesson(engine, staff, "pelican", LESSON)
    lessons.edit_lesson(engine, staff, lesson.id, {"text": "Deux."}, lesson.version)
    assert refused(engine, lambda: lessons.set_lesson_archived(engine, staff, lesson.id, True, lesson.version)).key == \
        "catalogue.error.stale"


def test_the_same_form_sent_twice_writes_one_entry(engine, staff):
    first = lessons.add_evidence(engine, staff, "pelican", VISIT, submission_key="k1")
    before = counts(engine)
    again = lessons.add_evidence(engine, staff, "pelican", VISIT, submission_key="k1")
    assert again.id == first.id and counts(engine) == before


def test_archived_entries_and_lessons_leave_the_record_and_the_page_not_the_export(engine, staff, tmp_path):
    entry = lessons.add_evidence(engine, staff, "pelican", VISIT)
    lesson = lessons.add_lesson(engine, staff, "pelican", LESSON)
    project_id = _lesson(engine, lesson.id).project_id
    assert list(queries.journal(engine, project_id)["id"]) == [entry.id]
    lessons.set_evidence_archived(engine, staff, entry.id, True)
    lessons.set_lesson_archived(engine, staff, lesson.id, True)
    assert queries.journal(engine, project_id).empty
    assert lesson.id not in set(queries.lessons(engine)["id"]) and lesson.id not in set(queries.project_lessons(engine, project_id)["id"])
    assert lessons.set_lesson_archived(engine, staff, lesson.id, True) is False  # already archived: nothing written
    tables = export.open_data_tables(engine)
    assert bool(tables["lessons"].set_index("id").loc[lesson.id, "archived"])
    assert bool(tables["field_evidence"].set_index("id").loc[entry.id, "archived"])


def test_the_journal_is_newest_first(engine, staff):
    for day in ("2024-03-01", "2024-09-01", "2024-06-01"):
        lessons.add_evidence(engine, staff, "pelican", VISIT | {"observed_on": day})
    project_id = _story(engine, "pelican").project_id
    assert [str(d) for d in queries.journal(engine, project_id)["observed_on"]] == ["2024-09-01", "2024-06-01", "2024-03-01"]


# --- the record's success stories ------------------------------------------------------------------

def test_the_four_stories_of_seed_004_are_real_sourced_lessons(engine):
    stories = queries.stories(engine)
    assert list(stories["slug"]) == list(STORIES)
    assert list(stories["title"]) == ["Purple Alternative Surface à Aulnay-sous-Bois", "Pelican à Meudon",
                                      "Source Urbaine à Sceaux", "Wintics à Noisy-le-Grand"]
    assert not stories["is_demo"].any()
    assert all(s.startswith("004_7cf11ddcf4017a53.txt") for s in stories["source"])
    assert "cimetière de Trivaux" in stories.set_index("slug").loc["pelican", "text"]


def test_loading_the_record_twice_adds_no_story_and_keeps_an_edited_one(engine, staff):
    story = _story(engine, "pelican")
    lessons.edit_lesson(engine, staff, story.id, {"text": "Texte revu par l'équipe."}, story.version)
    before = counts(engine)
    load_reference(engine)
    prepare_store(engine)
    assert counts(engine) == before
    assert _lesson(engine, story.id).text == "Texte revu par l'équipe."
    with Session(engine) as session:
        edit = session.exec(select(FieldEdit).where(FieldEdit.entity == "lesson", FieldEdit.entity_key == str(story.id),
                                                    FieldEdit.field == "text")).one()
    assert "cimetière de Trivaux" in json.loads(edit.record_value) and edit.record_now is None


def test_an_archived_story_stays_archived_after_a_reload_and_leaves_the_slides(engine, staff):
    from qmi.outputs import slides

    story = _story(engine, "wintics-cityvision")
    lessons.set_lesson_archived(engine, staff, story.id, True)
    load_reference(engine)
    assert _lesson(engine, story.id).archived
    assert [s.slug for s in slides.build(engine) if s.kind == "story"] == list(STORIES[:3])


def test_a_story_staff_add_is_a_slide_in_their_words(engine, staff):
    from qmi.outputs import slides

    lessons.add_lesson(engine, staff, "pelican", {"kind": "story", "title": "Le vélo adopté", "text": HOSTILE})
    story = [s for s in slides.build(engine) if s.kind == "story"][-1]
    assert (story.key, story.title, story.body) == ("story-pelican-2", "Le vélo adopté", HOSTILE)


def test_the_stories_read_in_english(engine):
    from qmi.outputs import slides

    deck = [s for s in slides.build(engine, "en") if s.kind == "story"]
    assert [s.title for s in deck] == ["Purple Alternative Surface in Aulnay-sous-Bois", "Pelican in Meudon",
                                       "Source Urbaine in Sceaux", "Wintics in Noisy-le-Grand"]
    assert "Trivaux cemetery" in deck[1].body and deck[1].lead == "A success story"


# --- demo ------------------------------------------------------------------------------------------

def test_the_demo_journal_and_lessons_are_demo_and_go_with_the_demo(demo_engine):
    from qmi.store.demo import remove_demo

    rows = queries.lessons(demo_engine)
    demo = rows["is_demo"].astype(bool)
    assert demo.sum() >= 3 and set(rows[demo]["kind"]) <= {"worked", "pitfall", "condition"}
    assert rows[~demo]["kind"].eq("story").all() and len(rows[~demo]) == 4
    with Session(demo_engine) as session:
        entries = session.exec(select(FieldEvidence)).all()
    assert entries and all(e.is_demo for e in entries)
    remove_demo(demo_engine)
    assert list(queries.lessons(demo_engine)["slug"]) == ["purple-alternative-surface", "pelican", "wintics-cityvision",
                                                         "source-urbaine"]
    with Session(demo_engine) as session:
        assert session.exec(select(FieldEvidence)).all() == []


# --- open data -------------------------------------------------------------------------------------

def test_the_export_writes_lessons_and_field_evidence_with_their_columns(engine, staff, tmp_path):
    entry = lessons.add_evidence(engine, staff, "pelican", VISIT | {"links": "https://example.org/a", "summary": "=1+1"})
    lessons.add_lesson(engine, staff, "pelican", LESSON | {"evidence_id": entry.id})
    written = {path.name for path in export.export_open_data(engine, tmp_path)}
    assert {"lessons.csv", "field_evidence.csv"} <= written
    with open(tmp_path / "lessons.csv", encoding="utf-8", newline="") as handle:
        taught = list(csv.DictReader(handle))
    assert list(taught[0])[:6] == ["project_slug", "kind", "text", "evidence", "source", "is_demo"]
    assert [r["project_slug"] for r in taught if r["kind"] == "story"] == list(STORIES)
    mine = taught[-1]
    assert (mine["project_slug"], mine["kind"], mine["evidence_id"], mine["is_demo"]) == ("pelican", "worked",
                                                                                           str(entry.id), "False")
    text = (tmp_path / "field_evidence.csv").read_text("utf-8")
    header = next(csv.reader(io.StringIO(text)))
    assert header == ["id", "project_slug", "observed_on", "date_precision", "kind", "met_roles", "summary", "links",
                      "source", "is_demo", "entered_by", "entered_at", "archived"]
    row = next(csv.DictReader(io.StringIO(text)))
    assert (row["kind"], row["observed_on"], row["summary"]) == ("field_visit", "2024-07-09", "'=1+1")  # formula guarded
