"""The catalogue in and out in one format: projects.csv and events.csv, exported, edited, imported back."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest
from sqlmodel import Session, select

from qmi.config import ROOT
from qmi.db import frame
from qmi.i18n import t
from qmi.models import AuditLog, Event, Project
from qmi.outputs.tables import csv_text, open_data_tables
from qmi.services import auth, users
from qmi.services.catalogue_imports import import_events, import_projects

PASSWORD = "un mot de passe assez long"


@pytest.fixture
def staff(engine):
    users.add_user(engine, "staff.import", PASSWORD, "staff")
    return auth.sign_in(engine, "staff.import", PASSWORD)


def exported(engine, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(csv_text(open_data_tables(engine)[name]))))


def as_csv(rows: list[dict[str, str]], separator: str = ",") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=separator)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def table(engine, model) -> pd.DataFrame:
    """The whole table, but the version counter (which every write moves)."""
    return frame(engine, select(model).order_by(model.id)).drop(columns="version").set_index("id")


def audit_entries(engine) -> list[AuditLog]:
    with Session(engine) as session:
        return list(session.exec(select(AuditLog).where(AuditLog.entity != "store").order_by(AuditLog.id)).all())


def test_the_exported_projects_file_imported_back_changes_exactly_the_rows_edited(engine, staff):
    rows = exported(engine, "projects")
    before = table(engine, Project)
    by_slug = {r["slug"]: r for r in rows}
    by_slug["pelican"]["description"] = "Robot de désherbage — description revue en comité."
    by_slug["eiko"]["end_date"] = "2025-12-31"
    rows.append({**{k: "" for k in rows[0]}, "slug": "velo-cargo-sceaux", "name": "Vélo-cargo partagé",
                 "organisation": "Cargonautes", "commune_insee": "92071", "edition": "1", "family": "mobilites",
                 "start_date": "01/03/2026", "source": "Délibération 2026-02"})

    report = import_projects(engine, staff, as_csv(rows, ";"), "projects.csv")

    assert report.ok, report.problems
    assert (report.written, report.unchanged) == (3, len(rows) - 3)
    after = table(engine, Project)
    new = after.loc[~after.index.isin(before.index)]
    assert new[["slug", "name", "commune_insee", "edition_id", "family_code", "is_demo", "archived"]].values.tolist() == [
        ["velo-cargo-sceaux", "Vélo-cargo partagé", "92071", 1, "mobilites", False, False]]
    changed = after.loc[before.index].compare(before)
    assert sorted(changed.columns.get_level_values(0).unique()) == ["description", "end_date"]
    assert set(after.loc[changed.index, "slug"]) == {"pelican", "eiko"}
    assert after.loc[after["slug"] == "eiko", "end_date"].astype(str).tolist() == ["2025-12-31"]
    entries = audit_entries(engine)
    assert [(e.action, e.entity) for e in entries[-4:]] == [
        ("update", "project"), ("update", "project"), ("create", "project"), ("project.import", "import")]
    assert "description" in entries[-4].before_json + entries[-3].before_json


def test_a_broken_file_writes_nothing_and_names_each_problem_by_row_and_column(engine, staff):
    rows = exported(engine, "projects")
    rows[0]["description"] = "Une modification qui ne doit pas être écrite."
    rows[1]["start_date"] = "31/02/2024"
    rows[2]["commune_insee"] = "99999"
    rows[4]["slug"] = rows[3]["slug"]
    rows[5]["start_date"], rows[5]["end_date"] = "2024-06-01", "2024-01-01"
    rows[6]["edition"] = "2"  # its commune takes part in edition 1 only
    before, entries = table(engine, Project), len(audit_entries(engine))

    report = import_projects(engine, staff, as_csv(rows), "projects.csv")

    assert [(p.row, p.column, p.value) for p in report.problems] == [
        (3, "start_date", "31/02/2024"), (4, "commune_insee", "99999"), (6, "slug", rows[3]["slug"]),
        (7, "end_date", "2024-01-01"), (8, "commune_insee", rows[6]["commune_insee"])]
    assert all(p.why for p in report.problems) and report.written == 0
    pd.testing.assert_frame_equal(table(engine, Project), before)
    assert len(audit_entries(engine)) == entries


def test_a_column_neither_written_nor_known_is_refused_and_export_only_ones_are_left_aside(engine, staff):
    rows = [{**r, "statut_interne": "x"} for r in exported(engine, "projects")]
    report = import_projects(engine, staff, as_csv(rows), "projects.csv")
    assert [(p.row, p.column) for p in report.problems] == [(1, "statut_interne")]

    rows = exported(engine, "projects")
    rows[0]["archived"], rows[0]["status"], rows[0]["is_demo"] = "True", "abandoned", "True"
    report = import_projects(engine, staff, as_csv(rows), "projects.csv")
    assert report.ok and report.written == 0
    assert not open_data_tables(engine)["projects"]["archived"].any()


def test_french_headers_and_an_xlsx_workbook_are_read(engine, staff):
    rows = exported(engine, "projects")[:2]
    headers = {"slug": "Identifiant", "name": "Nom", "organisation": "Porteur", "commune_insee": "Code INSEE",
               "edition": "Édition", "description": "Description", "start_date": "Date de début"}
    book = openpyxl.Workbook()
    book.active.append(list(headers.values()))
    for row in rows:
        book.active.append([row[c] for c in headers])
    book.active.cell(row=2, column=6, value="Décrite dans un classeur.")
    data = io.BytesIO()
    book.save(data)

    report = import_projects(engine, staff, data.getvalue(), "catalogue.xlsx")

    assert report.ok, report.problems
    assert report.written == 1
    with Session(engine) as session:
        assert session.exec(select(Project.description).where(Project.slug == rows[0]["slug"])).one() \
            == "Décrite dans un classeur."


def test_events_come_back_by_key_and_date(engine, staff):
    rows = exported(engine, "events")
    before = table(engine, Event)
    rows[0]["attendance"] = "65"
    rows.append({**{k: "" for k in rows[0]}, "host_insee": "92071", "held_on": "2026-11-20", "format": "Atelier",
                 "attendance": "30", "date_precision": "day"})
    report = import_events(engine, staff, as_csv(rows), "events.csv")

    assert report.ok, report.problems
    assert (report.written, report.unchanged) == (2, len(rows) - 2)
    after = table(engine, Event)
    assert len(after) == len(before) + 1
    changed = after.loc[before.index].compare(before)
    assert list(changed.columns.get_level_values(0).unique()) == ["attendance"] and len(changed) == 1

    rows[1]["held_on"] = "pas une date"
    rows.append(dict(rows[0]))
    report = import_events(engine, staff, as_csv(rows), "events.csv")
    assert [(p.row, p.column) for p in report.problems] == [
        (3, "held_on"),
        (len(rows), "held_on"),  # the new meeting again, without its key: already recorded on that date
        (len(rows) + 1, "event_key")]


def test_an_agent_and_an_oversized_file_are_refused_before_anything_is_read(engine):
    users.add_user(engine, "agent.import", PASSWORD, "agent", commune_insee="92071")
    agent = auth.sign_in(engine, "agent.import", PASSWORD)
    data = as_csv(exported(engine, "projects"))
    assert not import_projects(engine, agent, data, "projects.csv").ok
    users.add_user(engine, "staff.import", PASSWORD, "staff")
    staff = auth.sign_in(engine, "staff.import", PASSWORD)
    [problem] = import_projects(engine, staff, data, "projects.csv", max_bytes=1024).problems
    assert problem.row is None and "Mo" in problem.why


@pytest.mark.sqlite_only
def test_the_command_exits_1_and_writes_nothing_on_a_broken_file(tmp_path):
    env = {"QMI_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "PATH": "/usr/bin:/bin"}

    def qmi(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "qmi", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                              input=stdin, timeout=120)

    assert qmi("init", "--no-demo").returncode == 0
    assert qmi("users", "add", "staff1", "--role", "staff", "--password-stdin", stdin=PASSWORD + "\n").returncode == 0
    assert qmi("export", str(tmp_path / "out")).returncode == 0
    path = tmp_path / "out" / "projects.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[0]["name"], rows[1]["end_date"], rows[1]["start_date"] = "Nouveau nom", "2020-01-01", "2021-01-01"
    path.write_bytes(as_csv(rows))

    refused = qmi("import", "projects", str(path), "--as", "staff1")
    assert refused.returncode == 1 and "end_date" in refused.stderr and "rien n'a été écrit" in refused.stderr
    assert qmi("import", "projects", str(path), "--as", "nobody").returncode == 1

    rows[1]["end_date"] = ""
    path.write_bytes(as_csv(rows))
    done = qmi("import", "projects", str(path), "--as", "staff1")
    assert done.returncode == 0, done.stderr
    assert "2 lignes créées ou modifiées, 27 inchangées" in done.stdout


FORMULA_LIKE = {"name": "-Mobilité douce", "organisation": "@Cargonautes", "description": "- un point\n- un autre",
                "location_note": "=place du marché", "source": "+ délibération 2026-02"}


def test_texts_the_export_guarded_against_formulas_come_back_as_typed_and_unchanged(engine, staff):
    from qmi.outputs.tables import xlsx_bytes
    from qmi.services import catalogue

    slug = catalogue.create_project(engine, staff, FORMULA_LIKE | {"commune_insee": "92071", "edition_id": 1}).key
    before = table(engine, Project)
    exported_csv = csv_text(open_data_tables(engine)["projects"])
    assert "'-Mobilité douce" in exported_csv  # the export's guard, as a spreadsheet would need it
    for data, name in [(exported_csv.encode(), "projects.csv"),
                       (xlsx_bytes({"projects": open_data_tables(engine)["projects"]}), "projects.xlsx")]:
        report = import_projects(engine, staff, data, name)
        assert report.ok, report.problems
        assert report.written == 0, name
    pd.testing.assert_frame_equal(table(engine, Project), before)
    with Session(engine) as session:
        project = session.exec(select(Project).where(Project.slug == slug)).one()
    assert {f: getattr(project, f) for f in FORMULA_LIKE} == FORMULA_LIKE


def test_two_new_meetings_without_a_key_held_the_same_day_in_two_communes_are_both_written(engine, staff):
    rows = exported(engine, "events")
    blank = {k: "" for k in rows[0]}
    rows += [{**blank, "host_insee": host, "held_on": "2026-11-20", "format": "Atelier", "date_precision": "day"}
             for host in ("92071", "93005")]
    before = table(engine, Event)

    report = import_events(engine, staff, as_csv(rows), "events.csv")

    assert report.ok, report.problems
    assert report.written == 2
    after = table(engine, Event)
    new = after.loc[~after.index.isin(before.index)]
    assert sorted(new["host_insee"]) == ["92071", "93005"]
    assert set(new["held_on"].astype(str)) == {"2026-11-20"}


def with_new_meeting(engine, staff, host_insee: str, held_on: str) -> list[dict]:
    """The events file as exported, with one more meeting (a workshop, nothing else filled), imported back."""
    rows = exported(engine, "events")
    rows.append({**{k: "" for k in rows[0]}, "host_insee": host_insee, "held_on": held_on, "format": "Atelier",
                 "date_precision": "day"})
    assert import_events(engine, staff, as_csv(rows), "events.csv").ok
    return rows


def test_a_meeting_imported_without_attendance_is_exported_blank_and_the_others_stay_whole_numbers(engine, staff):
    with_new_meeting(engine, staff, "92071", "2026-11-20")

    attendance = [r["attendance"] for r in exported(engine, "events")]
    assert attendance.count("") == 1
    assert all(a.isdigit() for a in attendance if a), attendance
    assert "50" in attendance  # Sceaux, November 2023, as the record has it


def test_an_events_file_one_byte_over_the_size_given_is_refused_and_one_at_it_is_read(engine, staff):
    data = as_csv(exported(engine, "events"))
    assert import_events(engine, staff, data, "events.csv", max_bytes=len(data)).ok
    [problem] = import_events(engine, staff, data, "events.csv", max_bytes=len(data) - 1).problems
    assert problem.row is None and "Fichier trop volumineux" in problem.why


def test_a_catalogue_layout_reads_its_aliases_leaves_export_columns_aside_and_refuses_the_rest():
    from qmi.services.catalogue_imports import _layout
    from qmi.services.imports import _Refused, read_rows

    layout = _layout({"slug": ("identifiant",), "name": ("nom",)}, required=("name",), ignored=("status",))
    rows = read_rows("Identifiant;Nom;status\nvelo;Vélo-cargo;abandoned\n".encode(), "projects.csv", layout=layout)
    assert list(rows) == [(2, {"slug": "velo", "name": "Vélo-cargo"})]
    assert rows.headers == {"slug": "Identifiant", "name": "Nom"}

    with pytest.raises(_Refused) as refused:
        read_rows(b"Identifiant;Couleur\nvelo;vert\n", "projects.csv", layout=layout)
    problems = refused.value.problems
    assert [(p.row, p.column) for p in problems] == [(1, "Couleur"), (1, "name")]
    assert problems[0].why.startswith("Colonne inconnue") and "slug, name" in problems[0].why
    assert problems[1].why.startswith("Colonne manquante : « name »")


def test_a_meeting_added_for_an_earlier_date_is_exported_at_its_date_before_the_later_ones(engine, staff):
    rows = with_new_meeting(engine, staff, "93005", "2020-01-15")

    held_on = [r["held_on"] for r in exported(engine, "events")]
    assert held_on[0] == "2020-01-15"
    assert held_on == sorted(held_on) and len(held_on) == len(rows)


# --- the report's rows, columns and values, and the import's audit entry ---------------------------

REQUIRED = ("slug", "name", "organisation", "commune_insee", "edition")
FRENCH = {"slug": "Identifiant", "name": "Nom", "organisation": "Porteur", "commune_insee": "Code INSEE",
          "edition": "Édition", "start_date": "Date de début"}


def in_french(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{FRENCH[k]: v for k, v in r.items()} for r in rows]


def test_a_row_named_twice_and_a_bad_edition_are_reported_under_the_file_s_own_headers_in_english(engine, staff):
    rows = [{k: r[k] for k in REQUIRED} for r in exported(engine, "projects")[:4]]
    rows[2]["slug"] = rows[0]["slug"]
    rows[3]["edition"] = "une"
    report = import_projects(engine, staff, as_csv(in_french(rows)), "projets.csv", lang="en")
    assert [(p.row, p.column, p.value, p.why) for p in report.problems] == [
        (4, "Identifiant", rows[0]["slug"], "Same identifier as row 2: an experiment appears only once in the file."),
        (5, "Édition", "une", "“une” is not a number (e.g. 12.5)."),
    ]
    assert report.written == 0


def test_a_meeting_named_twice_is_reported_with_the_row_it_repeats(engine, staff):
    rows = exported(engine, "events")
    rows.append(dict(rows[1]))
    report = import_events(engine, staff, as_csv(rows), "events.csv", lang="en")
    assert [(p.row, p.column, p.value, p.why) for p in report.problems] == [
        (len(rows) + 1, "event_key", rows[1]["event_key"],
         "Same meeting (key and date) as row 3: a meeting appears only once in the file.")]


def test_a_problem_on_a_field_the_file_leaves_out_names_that_field_with_no_value(engine, staff):
    rows = exported(engine, "projects")
    rows[0]["start_date"], rows[0]["end_date"] = "2025-01-01", "2025-12-31"
    assert import_projects(engine, staff, as_csv(rows), "projects.csv").written == 1
    row = {k: rows[0][k] for k in REQUIRED} | {"start_date": "2026-06-01"}  # after the stored end
    report = import_projects(engine, staff, as_csv([row]), "projects.csv", lang="en")
    assert [(p.row, p.column, p.value, p.why) for p in report.problems] == [
        (2, "end_date", "", "The period ends before it starts.")]


@pytest.mark.parametrize("length, value_shown", [(100, "9" * 100), (101, "9" * 100 + "…")])
def test_a_refused_value_is_quoted_back_up_to_100_characters(engine, staff, length, value_shown):
    row = {k: exported(engine, "projects")[0][k] for k in REQUIRED} | {"commune_insee": "9" * length}
    [problem] = import_projects(engine, staff, as_csv([row]), "projects.csv").problems
    assert (problem.row, problem.column, problem.value) == (2, "commune_insee", value_shown)


def test_two_new_experiments_without_a_slug_are_both_written(engine, staff):
    base = {k: "" for k in REQUIRED} | {"organisation": "Cargonautes", "commune_insee": "92071", "edition": "1"}
    rows = [base | {"name": "Vélo-cargo partagé"}, base | {"name": "Triporteur partagé"}]
    report = import_projects(engine, staff, as_csv(rows), "projects.csv")
    assert report.ok, report.problems
    assert report.written == 2
    assert {"velo-cargo-partage", "triporteur-partage"} <= set(table(engine, Project)["slug"])


def test_every_row_the_catalogue_refuses_is_reported_in_the_readers_language(engine, staff, monkeypatch):
    from qmi.services import catalogue

    # Each experiment deleted by another session between the file's check and its row's lock.
    monkeypatch.setattr(catalogue, "_lock", lambda session, model, *where: None)
    rows = [{k: r[k] for k in REQUIRED} for r in exported(engine, "projects")[:2]]
    report = import_projects(engine, staff, as_csv(rows), "projects.csv", lang="en")
    assert [(p.row, p.column, p.value, p.why) for p in report.problems] == [
        (2, "", "", f"Unknown experiment: “{rows[0]['slug']}”."),
        (3, "", "", f"Unknown experiment: “{rows[1]['slug']}”.")]


def test_an_import_is_audited_under_its_author_on_its_file_name_of_up_to_200_characters(engine, staff):
    rows = exported(engine, "projects")
    rows[0]["description"] = "Revue en comité."
    name = "p" * 196 + ".csv"  # 200 characters
    report = import_projects(engine, staff, as_csv(rows), name)
    assert report.written == 1
    [entry] = [e for e in audit_entries(engine) if e.action == "project.import"]
    assert (entry.username, entry.entity, entry.entity_id, entry.before_json) == (
        "staff.import", "import", name, None)
    assert json.loads(entry.after_json) == {"file": name, "rows": len(rows), "written": 1}


def test_a_reader_s_import_is_refused_in_their_language_as_one_problem_for_the_file(engine):
    users.add_user(engine, "viewer.import", PASSWORD, "viewer")
    viewer = auth.sign_in(engine, "viewer.import", PASSWORD)
    report = import_projects(engine, viewer, as_csv(exported(engine, "projects")), "projects.csv", lang="en")
    assert [(p.row, p.column, p.value) for p in report.problems] == [(None, "", "")]
    assert report.problems[0].why == t("catalogue.error.staff_only", "en")
    assert report.problems[0].why != t("catalogue.error.staff_only", "fr")
