"""Table downloads: the Excel file holds the rows shown as numbers and dates, names its sources and its
demo values, and disarms formulas; the CSV opens in columns in French Excel; open data keeps its contract."""

import csv
import io
from datetime import date, datetime

import openpyxl
import pandas as pd

from qmi.files import table_schema
from qmi.i18n.sources import cite
from qmi.outputs import tables as export
from qmi.queries.projects import projects


def test_xlsx_holds_the_rows_shown(demo_engine):
    shown = projects(demo_engine, commune_insee="93051")[["name", "organisation", "deployment_level", "replicability_index"]]
    workbook = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes({"Noisy-le-Grand": shown})))
    sheet = workbook["Noisy-le-Grand"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("name", "organisation", "deployment_level", "replicability_index")
    assert len(rows) - 1 == len(shown) == 9
    assert [r[0] for r in rows[1:]] == list(shown["name"])
    assert rows[1][2] == int(shown.iloc[0]["deployment_level"])  # numbers stay numbers


def _indicator_table() -> pd.DataFrame:
    """The latest values of a commune as its page offers them: a long name, numbers, periods, a demo flag."""
    return pd.DataFrame({
        "Expérimentation": ["Végétalisation 2nde vie", "Kunagi"],
        "Indicateur": ["Température de surface mesurée au point le plus chaud de la cour", "Satisfaction"],
        "Valeur": [3.25, 12.5],
        "Mesures": [4, 12],
        "Période": [date(2024, 6, 1), date(2024, 7, 1)],
        "Saisie": pd.to_datetime(["2024-07-02 08:30", "2024-07-03 16:00"], utc=True),
        "Démonstration": [True, False],
    })


def _open(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_xlsx_cells_are_numbers_and_dates_under_a_frozen_filterable_header():
    notes = export.table_notes("Sceaux Dernières valeurs des indicateurs", "fr", source=cite("edition1_review"),
                               demo=True, today=date(2026, 12, 1))
    sheet = _open(export.xlsx_bytes({"Sceaux Dernières valeurs des indicateurs": _indicator_table()}, "fr", notes)).active
    header = len(notes) + 2
    assert [c.value for c in sheet[header]] == list(_indicator_table().columns)
    assert sheet.freeze_panes == f"A{header + 1}" and sheet.auto_filter.ref == f"A{header}:G{header + 2}"
    value, count, period, entered, demo = (sheet.cell(header + 1, column) for column in (3, 4, 5, 6, 7))
    assert (value.value, value.data_type, value.number_format) == (3.25, "n", "#,##0.00")  # 3,25 in French Excel
    assert (count.value, count.number_format) == (4, "0")
    assert period.is_date and period.value == datetime(2024, 6, 1) and period.number_format == "dd/mm/yyyy"
    assert entered.is_date and entered.value == datetime(2024, 7, 2, 10, 30)  # stored UTC, read in Paris time
    assert [demo.value, sheet.cell(header + 2, 7).value] == ["oui", "non"]


def test_xlsx_first_rows_name_the_table_its_sources_and_its_demo_values():
    notes = export.table_notes("Sceaux Dernières valeurs des indicateurs", "fr", source=cite("edition1_review"),
                               demo=True, today=date(2026, 12, 1))
    sheet = _open(export.xlsx_bytes({"t": _indicator_table()}, "fr", notes)).active
    first = [sheet.cell(row, 1).value for row in range(1, len(notes) + 1)]
    assert first[0] == "Sceaux Dernières valeurs des indicateurs" and sheet["A1"].font.bold
    assert first[1].startswith("Source : Bilan de la 1re édition") and "doc. 004" in first[1] and ".txt" not in first[1]
    assert first[2].startswith("Contient des données de démonstration")
    assert first[3].endswith("export du 1er décembre 2026")
    english = export.table_notes("Latest values", "en", demo=False, today=date(2026, 12, 1))
    assert english == ("Latest values", "Metropolitan Innovation Districts — dashboard, exported on 1 December 2026")


def test_xlsx_column_widths_follow_their_content_and_long_text_wraps():
    sheet = _open(export.xlsx_bytes({"t": _indicator_table()})).active
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDE"}
    assert widths["A"] == len("Végétalisation 2nde vie") + 2
    assert widths["B"] == export.MAX_WIDTH and sheet["B2"].alignment.wrap_text  # 64 characters: wrapped
    assert widths["D"] == len("Mesures") + 2 and widths["E"] == len("01/06/2024") + 2
    assert sheet.freeze_panes == "A2"  # no notes: the header is the first row


def test_sheet_names_are_whole_words_within_31_characters_and_unique():
    assert export.sheet_name("Sceaux Dernières valeurs des indicateurs") == "Sceaux Dernières valeurs"
    assert export.sheet_name("Noisy-le-Grand : indicateurs [2024/2025]?") == "Noisy-le-Grand indicateurs 2024"
    assert export.sheet_name("journal", ["Journal"]) == "journal (2)"
    long = export.sheet_name("Anticonstitutionnellementissimement bien")
    assert long == "Anticonstitutionnellementissime" and len(long) == 31
    sheets = _open(export.xlsx_bytes({"Sceaux Dernières valeurs des indicateurs": _indicator_table(),
                                      "Sceaux Dernières valeurs des mesures": _indicator_table()})).sheetnames
    assert sheets == ["Sceaux Dernières valeurs", "Sceaux Dernières valeurs (2)"]


def test_excel_csv_opens_in_columns_in_french_excel():
    data = export.csv_bytes(_indicator_table())
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == list(_indicator_table().columns)
    assert rows[1][2:] == ["3,25", "4", "01/06/2024", "02/07/2024 10:30", "oui"]
    assert export.csv_bytes(_indicator_table(), "en").decode("utf-8-sig").splitlines()[1].endswith(";yes")


def test_the_open_data_csv_keeps_its_comma_contract(demo_engine, tmp_path):
    export.export_open_data(demo_engine, tmp_path)
    data = (tmp_path / "measurements.csv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    header, first = data.decode("utf-8").splitlines()[:2]
    assert header.startswith("id,project_id,indicator_code,period_start,value,entered_by,entered_at,is_demo")
    row = next(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert float(row["value"]) == float(row["value"].replace(",", "X"))  # a decimal point, never a comma
    assert row["is_demo"] in {"True", "False"} and len(row["period_start"]) == 10


def test_the_projects_and_events_files_keep_their_columns_and_add_the_new_ones_after(engine, tmp_path):
    export.export_open_data(engine, tmp_path)
    projects_header = (tmp_path / "projects.csv").read_text("utf-8").splitlines()[0].split(",")
    assert projects_header == ["id", "name", "organisation", "commune_insee", "edition", "family", "urban_challenge",
                               "status", "is_demo", "challenge_status", "status_is_demo", "type_tags", "source",
                               "slug", "description", "start_date", "end_date", "archived"]
    events_header = (tmp_path / "events.csv").read_text("utf-8").splitlines()[0].split(",")
    assert events_header[:7] == ["event_key", "host_insee", "held_on", "format", "attendance", "source", "note"]
    assert events_header[-1] == "archived"
    pelican = next(r for r in csv.DictReader(io.StringIO((tmp_path / "projects.csv").read_text("utf-8")))
                   if r["slug"] == "pelican")
    assert "Trivaux" in pelican["description"] and pelican["archived"] == "False"


def test_shares_are_percentages_in_both_files():
    frame = pd.DataFrame({"Défi": ["Mobilités", "Climat", "Non publié"],
                          "Part": pd.Series([export.Share(0.425), export.Share(1.0), None], dtype=object)})
    sheet = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes({"Parts": frame}))).active
    cells = [row for row in sheet.iter_rows(values_only=False) if row[0].value in ("Mobilités", "Climat")]
    assert [(c[1].value, c[1].number_format) for c in cells] == [(0.425, "0%"), (1.0, "0%")]
    text = export.csv_bytes(frame).decode("utf-8-sig")
    assert text.splitlines()[1:] == ["Mobilités;42,5%", "Climat;100%", "Non publié;"]


OPEN_DATA_COLUMNS = {  # as documented in data/schemas/<file>.json: other tools read these files by column
    "communes": ["insee_code", "name", "departement", "edition", "latitude", "longitude", "population", "area_km2",
                 "innovation_district", "source"],
    "projects": ["id", "name", "organisation", "commune_insee", "edition", "family", "urban_challenge", "status",
                 "is_demo", "challenge_status", "status_is_demo", "type_tags", "source", "slug", "description",
                 "start_date", "end_date", "archived"],
    "assessments": ["project_id", "assessed_on", "deployment", "commercial_traction", "industrialisation",
                    "operational_ease", "financial_stability", "index", "is_demo", "assessor", "assessor_count",
                    "score_basis", "consolidated_at"],
    "assessor_scores": ["project_slug", "assessed_on", "assessor", "deployment", "commercial_traction",
                        "industrialisation", "operational_ease", "financial_stability", "submitted_at", "is_demo",
                        "kind", "comment", "assessment_id"],
    "indicators": ["code", "name", "category", "unit", "value_type", "min_value", "max_value", "direction",
                   "sdg_target"],
    "measurements": ["id", "project_id", "indicator_code", "period_start", "value", "entered_by", "entered_at",
                     "is_demo", "state", "supersedes_id", "source", "review_state", "reviewed_by", "reviewed_at"],
    "events": ["event_key", "host_insee", "held_on", "format", "attendance", "source", "note", "date_precision",
               "source_detail", "archived"],
    "figures": ["key", "label", "value", "unit", "source", "note", "archived"],
    "lessons": ["project_slug", "kind", "text", "evidence", "source", "is_demo", "id", "title", "evidence_id",
                "entered_by", "entered_at", "archived"],
    "field_evidence": ["id", "project_slug", "observed_on", "date_precision", "kind", "met_roles", "summary", "links",
                       "source", "is_demo", "entered_by", "entered_at", "archived"],
    "transfers": ["from_slug", "to_slug", "stage", "started_on", "note", "stage_on", "adaptations", "source",
                  "from_commune_insee", "to_commune_insee", "outcome", "measured", "mean_progress", "is_demo"],
    "evidence_levels": ["project_slug", "level", "reasons", "is_demo"],
    "freshness": ["project_slug", "indicator_code", "periodicity", "last_period", "next_due", "state", "next_period",
                  "availability_lag_days", "late_days", "periodicity_is_default", "is_demo", "archived",
                  "computed_on"],
    "indicateurs_avancement": ["project_slug", "commune_insee", "indicator_code", "unit", "valeur_initiale",
                               "valeur_actuelle", "valeur_cible", "taux_avancement", "date_valeur_actuelle",
                               "direction", "is_demo"],
}


def _store_rows(engine, model):
    from sqlmodel import Session, select
    with Session(engine) as session:
        return session.exec(select(model)).all()


def test_every_open_data_file_has_its_documented_columns_in_order(demo_engine):
    tables = export.open_data_tables(demo_engine)
    assert list(tables) == list(OPEN_DATA_COLUMNS)
    assert {name: list(table.columns) for name, table in tables.items()} == OPEN_DATA_COLUMNS
    for name in OPEN_DATA_COLUMNS:  # the documented Table Schema names the same columns
        assert [f["name"] for f in table_schema(name)["fields"]] == OPEN_DATA_COLUMNS[name], name


def test_open_data_rows_are_the_stores_rows_in_their_documented_order(demo_engine):
    """Each file lists every row once, in a stable order a diff between two exports can follow."""
    from qmi.models import Commune, Event, FieldEvidence, Indicator, Lesson, Project
    tables = export.open_data_tables(demo_engine)
    communes = tables["communes"]
    members = [c for c in _store_rows(demo_engine, Commune) if c.edition_id is not None]
    assert sorted(communes["insee_code"]) == sorted(c.insee_code for c in members)
    assert list(zip(communes["edition"], communes["name"])) == sorted((c.edition_id, c.name) for c in members)
    assert communes["population"].notna().any() and communes["latitude"].between(48, 49.5).all()
    projects = _store_rows(demo_engine, Project)
    assert list(tables["projects"]["id"]) == sorted(p.id for p in projects)
    slugs = {p.id: p.slug for p in projects}
    assert list(tables["projects"]["slug"]) == [slugs[i] for i in sorted(slugs)]
    assessments = tables["assessments"]
    keys = list(zip(assessments["project_id"], assessments["assessed_on"]))
    assert keys == sorted(keys) and len(set(keys)) > 1
    assert len({p for p, _ in keys}) > 1 and len({d for _, d in keys}) > 1
    indicators = tables["indicators"]
    assert list(indicators["code"]) == sorted(i.code for i in _store_rows(demo_engine, Indicator))
    assert list(tables["measurements"]["id"]) == sorted(tables["measurements"]["id"])
    assert set(tables["measurements"]["review_state"]) == {"approuvee"}  # only what a second person approved
    events = tables["events"]
    assert list(events["held_on"]) == sorted(e.held_on for e in _store_rows(demo_engine, Event))
    lessons = _store_rows(demo_engine, Lesson)
    assert list(tables["lessons"]["id"]) == sorted(lesson.id for lesson in lessons)
    assert list(tables["lessons"]["project_slug"]) == [slugs[lesson.project_id] for lesson in
                                                       sorted(lessons, key=lambda lesson: lesson.id)]
    assert str(tables["lessons"]["evidence_id"].dtype) == "Int64"
    evidence = _store_rows(demo_engine, FieldEvidence)
    assert list(tables["field_evidence"]["id"]) == sorted(e.id for e in evidence)
    assert list(tables["field_evidence"]["project_slug"]) == [slugs[e.project_id] for e in
                                                              sorted(evidence, key=lambda e: e.id)]


def test_open_data_assessments_write_whole_scores_as_integers_and_say_their_basis(demo_engine):
    from qmi.models import Assessment, Project
    assessments = export.open_data_tables(demo_engine)["assessments"]
    first = assessments.iloc[0]
    stored = min((a for a in _store_rows(demo_engine, Assessment) if a.deployment is not None),
                 key=lambda a: (a.project_id, a.assessed_on))
    assert (first["deployment"], first["commercial_traction"], first["industrialisation"],
            first["operational_ease"], first["financial_stability"]) == (
        stored.deployment, stored.commercial_traction, stored.industrialisation, stored.operational_ease,
        stored.financial_stability)
    assert first["index"] == sum((stored.deployment, stored.commercial_traction, stored.industrialisation,
                                  stored.operational_ease, stored.financial_stability))
    assert first["assessor"] == stored.assessor and first["score_basis"] == "single"
    assert assessments["deployment"].dtype == object and type(first["index"]) is int
    assert set(assessments["score_basis"]) <= {"single", "mean", "consolidated"}
    text = export.csv_text(assessments.head(1))
    assert text.split("\r\n")[1].split(",")[2:8] == [str(first[c]) for c in OPEN_DATA_COLUMNS["assessments"][2:8]]
    levels = {p.id: (p.deployment_level, p.abandoned) for p in _store_rows(demo_engine, Project)}
    projects = export.open_data_tables(demo_engine)["projects"]
    for project_id, status in zip(projects["id"], projects["status"]):
        level, abandoned = levels[project_id]
        assert status == ("abandoned" if abandoned else ("" if level is None else str(level)))
    assert {"1", "2", "3"} <= set(projects["status"])


def test_table_notes_are_french_by_default_and_name_their_source_in_the_readers_language():
    day = date(2026, 12, 3)
    assert export.table_notes("Titre", today=day) == (
        "Titre", "Quartiers Métropolitains d'Innovation — tableau de bord, export du 3 décembre 2026")
    notes = export.table_notes("Title", "en", source="seed-004", demo=True, today=day)
    assert notes[1] == "Source: seed-004"
    assert notes[2].startswith("Contains demo data: values marked 'yes'")
    assert export.table_notes("Titre", source="seed-004", today=day)[1] == "Source : seed-004"


def test_excel_cells_blank_nan_show_paris_time_and_write_other_objects_as_text():
    assert export.csv_bytes(pd.DataFrame({"a": [True, None], "b": [1.5, None]})) == b"\xef\xbb\xbfa;b\r\noui;1,5\r\n;\r\n"
    assert export._cell(float("nan"), "fr") is None and export._cell(pd.NaT, "fr") is None
    assert export._cell(datetime(2026, 7, 1, 10, 0), "fr") == datetime(2026, 7, 1, 10, 0)  # naive: kept as is
    assert export._cell(pd.Timestamp("2026-07-01 10:00", tz="UTC"), "fr") == datetime(2026, 7, 1, 12, 0)
    assert export._cell(["MOB", "=ENV"], "fr") == "['MOB', '=ENV']"
    assert export._csv_cell(export.Share(0.12345), "fr") == "12,3%"  # a percentage to one place


def test_the_open_data_csv_guards_every_text_column_and_keeps_mixed_scores_as_written():
    table = pd.DataFrame({"=titre": ["=1+1", "ok"], "mixed": pd.Series(["=A1", 2], dtype=object),
                          "typed": pd.Series(["+33", "x"], dtype="string"),
                          "score": pd.Series([2, 1.5], dtype=object)}).set_axis([5, 6])
    assert export.csv_text(table).split("\r\n") == ["'=titre,mixed,typed,score", "'=1+1,'=A1,'+33,2", "ok,2,x,1.5", ""]


def test_sheet_names_drop_quotes_and_dangling_words_only_when_cut():
    assert export.sheet_name("'Les projets'") == "Les projets"
    assert export.sheet_name("X-ray") == "X-ray"
    assert export.sheet_name("Projets et") == "Projets et"  # nothing cut: nothing dropped
    assert export.sheet_name("Projets des " + "B" * 25) == "Projets"
    assert export.sheet_name("Indicateurs de mobilité — " + "B" * 10) == "Indicateurs de mobilité"
    assert export.sheet_name("") == "export" and export.sheet_name("[]") == "export"
    long = "A" * 26 + " BBBB"
    assert export.sheet_name(long, [long]) == "A" * 26 + " (2)"


def test_a_projects_status_is_its_level_or_abandoned():
    assert export._status(2, True) == "abandoned"
    assert export._status(2.0, False) == "2"
    assert export._status(None, False) == "" and export._status(float("nan"), 0) == ""
