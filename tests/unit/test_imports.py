"""Bulk import: what French spreadsheets write is accepted; anything wrong is reported and nothing written."""

from __future__ import annotations

import io
from datetime import date, datetime, time

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook
from sqlmodel import Session, select

from qmi.i18n import t
from qmi.models import Measurement, User
from qmi.outputs import templates
from qmi.services import imports

TODAY = date(2025, 6, 1)
HEADER = "experimentation;indicateur;debut_periode;valeur;commentaire;source\r\n"


def make_user(engine, role="staff", commune=None) -> User:
    with Session(engine, expire_on_commit=False) as session:
        user = User(username=role, password_hash="-", role=role, commune_insee=commune)
        session.add(user)
        session.commit()
        return user


def stored(engine) -> list[tuple]:
    with Session(engine) as session:
        return [(m.indicator_code, m.period_start, m.value, m.comment)
                for m in session.exec(select(Measurement).order_by(Measurement.id)).all()]


def run(engine, data: bytes, name="mesures.csv", user=None, **options):
    return imports.import_measurements(engine, user or make_user(engine), data, name, today=TODAY, **options)


def test_semicolons_decimal_commas_and_windows_1252_are_read(engine):
    text = HEADER + "kunagi;USR-SATISF;01/03/2024;3,5;très bien;enquête été\r\nkunagi;SOC-JOBS;2024-04-01;12;;\r\n"
    report = run(engine, text.encode("cp1252"))
    assert report.ok and report.written == 2
    assert stored(engine) == [("USR-SATISF", date(2024, 3, 1), 3.5, "très bien"), ("SOC-JOBS", date(2024, 4, 1), 12.0, "")]


def test_a_csv_with_a_long_name_is_read_as_csv_and_its_name_quoted_cut(engine):
    name = "mesures-" + "x" * 300 + ".csv"  # a name a phone or a mail client may give
    user = make_user(engine)
    report = run(engine, (HEADER + "kunagi;SOC-JOBS;2024-04-01;12;;\r\n").encode("utf-8"), name=name, user=user)
    assert report.ok and report.written == 1
    assert stored(engine) == [("SOC-JOBS", date(2024, 4, 1), 12.0, "")]
    odd = run(engine, b"not a table", name="mesures-" + "x" * 300 + ".pdf", user=user)
    assert not odd.ok and odd.problems[0].why == t("import.bad_format", "fr")
    assert odd.problems[0].value.endswith("…") and len(odd.problems[0].value) == 201  # quoted cut


def test_utf8_with_bom_and_commas_and_quoted_decimal_commas(engine):
    text = "\ufeffExpérimentation,Indicateur,Début période,Valeur\nkunagi,USR-SATISF,01/03/2024,\"4,2\"\n"
    text = text.replace("Début période", "debut_periode")
    report = run(engine, text.encode("utf-8"))
    assert report.ok, report.problems
    assert stored(engine) == [("USR-SATISF", date(2024, 3, 1), 4.2, "")]


def test_xlsx_with_real_dates_and_numbers(engine):
    book = Workbook()
    sheet = book.active
    sheet.append(list(imports.TEMPLATE_COLUMNS))
    sheet.append(["kunagi", "SOC-JOBS", datetime(2024, 5, 1), 7, "é", None])
    buffer = io.BytesIO()
    book.save(buffer)
    report = run(engine, buffer.getvalue(), "mesures.xlsx")
    assert report.ok and stored(engine) == [("SOC-JOBS", date(2024, 5, 1), 7.0, "é")]


def test_one_bad_row_means_nothing_is_written_and_each_problem_is_reported(engine):
    text = HEADER + (
        "kunagi;SOC-JOBS;01/03/2024;12;;\r\n"
        "inconnue;SOC-JOBS;01/03/2024;12;;\r\n"
        "kunagi;XYZ;01/03/2024;12;;\r\n"
        "kunagi;SOC-JOBS;01/04/2024;douze;;\r\n"
        "kunagi;SOC-JOBS;01/03/2024;13;;\r\n"
    )
    report = run(engine, text.encode("utf-8"))
    assert not report.ok and report.written == 0 and stored(engine) == []
    assert [(p.row, p.column, p.value) for p in report.problems] == [
        (3, "experimentation", "inconnue"), (4, "indicateur", "XYZ"), (5, "valeur", "douze"), (6, "debut_periode", "01/03/2024"),
    ]
    whys = [p.why for p in report.problems]
    assert whys[:3] == ["Expérimentation inconnue : « inconnue ».", "Indicateur inconnu : « XYZ ».",
                        "« douze » n'est pas un nombre (exemple : 12,5)."]
    assert whys[3] == "Même expérimentation, indicateur et période qu'à la ligne 2."
    assert list(report.frame("fr").columns) == ["Ligne", "Colonne", "Valeur", "Problème"]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"x" * 2048, "gros.csv", "Fichier trop volumineux"),
        (HEADER.encode() + b"kunagi;SOC-JOBS;01/03/2024;1;\x81\x8d\x8f;\r\n", "m.csv", "ni UTF-8 ni Windows-1252"),
        (b"experimentation;indicateur;valeur\r\nkunagi;SOC-JOBS;1\r\n", "m.csv",
         "Colonne manquante : « Début de période » (l'en-tête peut aussi s'écrire « debut_periode »"),
        (b"", "vide.csv", "Le fichier est vide."),
        (HEADER.encode(), "m.csv", "Aucune ligne de données"),
        (b"PK\x03\x04 not really a workbook", "m.xlsx", "Ce classeur Excel ne peut pas être lu."),
        (b"anything", "m.pdf", "Format non pris en charge"),
    ],
)
def test_unreadable_files_get_a_clear_message(engine, data, name, message):
    report = run(engine, data, name, max_bytes=1024)
    assert not report.ok and message in report.problems[0].why
    assert stored(engine) == []


def test_agents_cannot_import_for_another_commune(engine):
    agent = make_user(engine, "agent", "92071")
    report = run(engine, (HEADER + "kunagi;SOC-JOBS;01/03/2024;1;;\r\nsoy-pv;SOC-JOBS;01/03/2024;1;;\r\n").encode(), user=agent)
    assert [(p.row, p.column) for p in report.problems] == [(3, "experimentation")]
    assert "votre commune" in report.problems[0].why and stored(engine) == []


def test_the_same_file_sent_twice_is_written_once(engine):
    staff = make_user(engine)
    data = (HEADER + "kunagi;SOC-JOBS;01/03/2024;1;;\r\n").encode()
    first = run(engine, data, user=staff, submission_key="upload-1")
    again = run(engine, data, user=staff, submission_key="upload-1")
    assert (first.written, again.written, again.already) == (1, 1, True) and len(stored(engine)) == 1
    other = run(engine, data, user=staff, submission_key="upload-2")
    assert "corrigez-la" in other.problems[0].why


def test_templates_match_what_the_import_reads(engine):
    template = templates.template_csv([("kunagi", "Usagers touchés"), ("kunagi", "Emplois d'insertion créés")])
    lines = template.decode("utf-8-sig").splitlines()
    assert lines == ["Expérimentation;Indicateur;Début de période;Valeur;Commentaire;Source",
                     "kunagi;Usagers touchés;;;;", "kunagi;Emplois d'insertion créés;;;;"]
    filled = template.replace(";Usagers touchés;;".encode(), ";Usagers touchés;01/03/2024;2".encode())
    staff = make_user(engine)
    report = run(engine, filled, user=staff)
    assert (report.written, report.skipped) == (1, 1)  # the row left as the template gave it is skipped
    assert stored(engine) == [("SOC-USERS", date(2024, 3, 1), 2.0, "")]
    assert run(engine, template, user=staff).problems[0].why == "Aucune ligne de données sous les en-têtes du fichier."
    english = templates.template_csv(lang="en").decode("utf-8-sig").strip()
    assert english == "Experiment;Indicator;Period start;Value;Comment;Source"
    book = load_workbook(io.BytesIO(templates.template_xlsx(pd.DataFrame({"experimentation": ["=cmd"]}),
                                                          pd.DataFrame({"code": ["SOC-JOBS"]}), [("kunagi", "=1+1")])))
    assert book.sheetnames == ["mesures", "experimentations", "indicateurs"]
    assert [c.value for c in book["mesures"][1]] == ["Expérimentation", "Indicateur", "Début de période", "Valeur",
                                                      "Commentaire", "Source"]
    assert (book["experimentations"]["A2"].value, book["mesures"]["B2"].value) == ("'=cmd", "'=1+1")


# --- headers as people write them ------------------------------------------------------------------

READ_HEADERS = {
    "French labels": "Expérimentation;Indicateur;Début de période;Valeur;Commentaire;Source",
    "capitals, no accents, spaces": "  EXPERIMENTATION ; indicateur;DEBUT DE PERIODE ;  valeur;commentaire;SOURCE",
    "units and notes in brackets": "Expérimentation (identifiant);Indicateur [code ou nom];Début de la période;Valeur (°C);Commentaires;Source",
    "English labels": "Experiment;Indicator;Period start;Value;Comment;Source",
    "the codes": "experimentation;indicateur;debut_periode;valeur;commentaire;source",
    "other words for the same": "Projet;Code indicateur;Période;Valeur mesurée;Remarque;Origine",
}


@pytest.mark.parametrize("header", READ_HEADERS.values(), ids=READ_HEADERS.keys())
def test_headers_are_read_as_people_write_them(engine, header):
    report = run(engine, (header + "\r\nkunagi;SOC-JOBS;01/03/2024;12;vu;relevé\r\n").encode("utf-8"))
    assert report.ok, report.problems
    assert stored(engine) == [("SOC-JOBS", date(2024, 3, 1), 12.0, "vu")]


def test_every_template_label_reads_back_as_its_column():
    for column in imports.COLUMNS:
        for lang in ("fr", "en"):
            assert imports._column_name(t(f"import.header.{column}", lang)) == column


REFUSED_HEADERS = {
    "a value column missing": ("Expérimentation;Indicateur;Début de période;Montant", ["Valeur"]),
    "a period column misspelt": ("Expérimentation;Indicateur;Débu période;Valeur", ["Début de période"]),
    "an unknown word": ("Expérimentation;Indicateur;Date de saisie;Valeur", ["Début de période"]),
}


@pytest.mark.parametrize(("header", "missing"), REFUSED_HEADERS.values(), ids=REFUSED_HEADERS.keys())
def test_a_header_that_names_no_column_is_refused_by_its_french_label(engine, header, missing):
    report = run(engine, (header + "\r\nkunagi;SOC-JOBS;01/03/2024;12\r\n").encode())
    assert [p.column for p in report.problems] == missing and stored(engine) == []
    assert report.problems[0].why.startswith(f"Colonne manquante : « {missing[0]} »")


def test_two_columns_read_as_the_same_are_refused(engine):
    report = run(engine, "Expérimentation;Indicateur;Début de période;Valeur;Valeur (°C)\r\nkunagi;SOC-JOBS;01/03/2024;1;2\r\n".encode())
    assert [(p.column, p.value, p.why) for p in report.problems] == [
        ("Valeur", "Valeur · Valeur (°C)", "Deux colonnes se lisent « Valeur » : gardez-en une seule.")]


def test_the_report_names_a_column_as_the_file_writes_it(engine):
    report = run(engine, "Expérimentation;Indicateur;Début de période;Valeur (°C)\r\nkunagi;SOC-JOBS;01/03/2024;douze\r\n".encode())
    assert [(p.column, p.value) for p in report.problems] == [("Valeur (°C)", "douze")]


def test_an_end_of_period_column_is_stored(engine):
    report = run(engine, "Expérimentation;Indicateur;Début de période;Fin de période;Valeur\r\nkunagi;SOC-JOBS;03/2024;03/2024;4\r\n".encode())
    assert report.ok, report.problems
    with Session(engine) as session:
        row = session.exec(select(Measurement)).one()
    assert (row.period_start, row.period_end) == (date(2024, 3, 1), date(2024, 3, 31))


# --- indicators and experiments by name ------------------------------------------------------------

NAMED = {
    "an indicator's name": ("kunagi", "Emplois d'insertion créés"),
    "its name without accents or capitals": ("kunagi", "emplois d'insertion crees"),
    "its name with its unit, as the form shows it": ("kunagi", "Emplois d'insertion créés (emplois)"),
    "its code in small letters": ("kunagi", "soc-jobs"),
    "the experiment's name": ("Kunagi", "SOC-JOBS"),
}


@pytest.mark.parametrize(("experiment", "indicator"), NAMED.values(), ids=NAMED.keys())
def test_indicators_and_experiments_are_found_by_code_or_name(engine, experiment, indicator):
    report = run(engine, f"Expérimentation;Indicateur;Début de période;Valeur\r\n{experiment};{indicator};01/03/2024;3\r\n".encode())
    assert report.ok, report.problems
    assert stored(engine) == [("SOC-JOBS", date(2024, 3, 1), 3.0, "")]


def test_a_name_several_indicators_begin_with_is_refused_naming_them(engine):
    report = run(engine, "Expérimentation;Indicateur;Début de période;Valeur\r\nkunagi;Satisfaction;01/03/2024;3\r\n".encode())
    [problem] = report.problems
    assert (problem.column, problem.value) == ("Indicateur", "Satisfaction")
    assert problem.why.startswith("« Satisfaction » peut désigner plusieurs indicateurs : ")
    assert "« Satisfaction des usagers » (USR-SATISF)" in problem.why and "(USR-AGENT-SATISF)" in problem.why
    assert stored(engine) == []


def test_the_start_of_one_name_is_refused_with_a_suggestion(engine):
    report = run(engine, "Expérimentation;Indicateur;Début de période;Valeur\r\nkunagi;Emplois d'insertion;01/03/2024;3\r\n".encode())
    assert [p.why for p in report.problems] == [
        "Indicateur inconnu : « Emplois d'insertion ». Vouliez-vous dire « Emplois d'insertion créés » (SOC-JOBS) ? "
        "Écrivez son nom complet ou son code."]


def test_an_unknown_experiment_name_is_refused(engine):
    report = run(engine, "Expérimentation;Indicateur;Début de période;Valeur\r\nKunagui;SOC-JOBS;01/03/2024;3\r\n".encode())
    assert [p.why for p in report.problems] == ["Expérimentation inconnue : « Kunagui »."]


# --- periods as spreadsheets write them -----------------------------------------------------------

PERIODS = {
    "day/month/year": ("30/09/2024", date(2024, 9, 30)),
    "ISO": ("2024-09-30", date(2024, 9, 30)),
    "month/year": ("09/2024", date(2024, 9, 1)),
    "a month without its zero": ("9/2024", date(2024, 9, 1)),
    "Excel's French month-year": ("sept-24", date(2024, 9, 1)),
    "an abbreviation with its dot": ("sept. 2024", date(2024, 9, 1)),
    "a month in full, with capitals": ("Septembre 2024", date(2024, 9, 1)),
    "an accented abbreviation": ("févr.-24", date(2024, 2, 1)),
    "English": ("Sep-24", date(2024, 9, 1)),
    "1er": ("1er septembre 2024", date(2024, 9, 1)),
    "an Excel serial saved as text": ("45536", date(2024, 9, 1)),
}


@pytest.mark.parametrize(("cell", "read"), PERIODS.values(), ids=PERIODS.keys())
def test_periods_are_read_as_spreadsheets_write_them(engine, cell, read):
    report = run(engine, (HEADER + f"kunagi;SOC-JOBS;{cell};1;;\r\n").encode("utf-8"))
    assert report.ok, report.problems
    assert stored(engine)[0][1] == read


REFUSED_PERIODS = ("13/2024", "sept-", "septembre", "32/01/2024", "30 février 2024", "brumaire 2024", "2024", "123456")


@pytest.mark.parametrize("cell", REFUSED_PERIODS)
def test_what_is_not_a_period_is_refused_as_not_a_date(engine, cell):
    report = run(engine, (HEADER + f"kunagi;SOC-JOBS;{cell};1;;\r\n").encode("utf-8"))
    assert [(p.column, p.value) for p in report.problems] == [("debut_periode", cell)]
    assert report.problems[0].why == f"« {cell} » n'est pas une date (exemple : 01/03/2024)."


def test_xlsx_date_cells_and_serial_numbers_are_periods(engine):
    book = Workbook()
    sheet = book.active
    sheet.append(["Expérimentation", "Indicateur", "Début de période", "Valeur (emplois)"])
    sheet.append(["kunagi", "SOC-JOBS", datetime(2024, 5, 1), 7])
    sheet.append(["kunagi", "SOC-JOBS", 45536, 8])  # a number cell: the serial of 1 September 2024
    sheet.append(["kunagi", "SOC-JOBS", "sept-24", 9])  # text as French Excel shows a date: refused, same period
    buffer = io.BytesIO()
    book.save(buffer)
    report = run(engine, buffer.getvalue(), "mesures.xlsx")
    assert [(p.row, p.why) for p in report.problems] == [(4, "Même expérimentation, indicateur et période qu'à la ligne 3.")]


def test_a_serial_number_beyond_any_date_stays_a_refused_cell():
    assert imports.period_cell(3_000_000) == 3_000_000 and imports.period_cell(float("inf")) == float("inf")
    assert imports.period_cell(True) is True and imports.period_cell("x" * 41) == "x" * 41


def test_an_indicator_may_be_named_in_english(engine):
    """The English page shows English names; a file written from it is read."""
    from qmi.domain.progress import display_name

    english = display_name("USR-SATISF", "Satisfaction des usagers", "en")
    assert english != "Satisfaction des usagers"
    report = run(engine, f"{HEADER}kunagi;{english};01/03/2024;4;;\r\n".encode(), lang="en")
    assert report.ok and report.written == 1
    assert stored(engine) == [("USR-SATISF", date(2024, 3, 1), 4.0, "")]


# --- the module's small rules, alone (fast: no store) ---------------------------------------------


def test_file_sizes_are_written_in_mebibytes_in_each_language():
    """The « too large » message's sizes: one decimal (1 625 292 bytes is 1.55 MiB, shown 1.5), 100 MiB whole."""
    assert imports._size(104_857_600, "fr") == "100 Mo"
    assert imports._size(104_857_600, "en") == "100 MB"
    assert imports._size(1_625_292, "fr") == "1,5 Mo"
    assert imports._size(1_625_292, "en") == "1.5 MB"
    assert imports._mib(1_572_864, "fr") == "2 Mo"  # 1.5 MiB, no decimal
    assert imports._mib(1_572_864, "en") == "2 MB"
    assert imports._mib(2_621_440, "en") == "2 MB"  # 2.5 MiB rounds to even


def test_report_frame_columns_in_each_language_and_blank_row_for_the_file():
    report = imports.ImportReport(problems=[imports.Problem(None, "", "x.csv", "vide"),
                                            imports.Problem(3, "Valeur", "abc", "pas un nombre")])
    french = report.frame()
    assert list(french.columns) == ["Ligne", "Colonne", "Valeur", "Problème"]
    assert french.values.tolist() == [["", "", "x.csv", "vide"], [3, "Valeur", "abc", "pas un nombre"]]
    assert list(report.frame("en").columns) == ["Row", "Column", "Value", "Problem"]


def test_month_bounds_and_two_digit_years():
    assert imports._month(2024, 1, False) == date(2024, 1, 1)
    assert imports._month(2024, 12, True) == date(2024, 12, 31)
    assert imports._month(2024, 0, False) is None
    assert imports._month(2024, 13, False) is None
    assert imports._month(99, 2, True) == date(2099, 2, 28)
    assert imports._month(100, 2, False) == date(100, 2, 1)  # three digits are a year as written


def test_dated_months_written_year_first_and_the_end_of_a_named_month():
    assert imports._dated("2026-09", False) == date(2026, 9, 1)
    assert imports._dated("2026-09", True) == date(2026, 9, 30)
    assert imports._dated("09/2026", True) == date(2026, 9, 30)
    assert imports._dated("sept-26", True) == date(2026, 9, 30)
    assert imports._dated("2026-13", False) is None


def test_period_cell_serial_bounds_and_length_limit():
    assert imports.period_cell(1) == date(1899, 12, 31)
    assert imports.period_cell(0) == 0
    assert imports.period_cell(2958465) == date(9999, 12, 31)
    assert imports.period_cell(2958466) == 2958466
    assert imports.period_cell("sept-26".rjust(40)) == date(2026, 9, 1)  # 40 characters: read
    assert imports.period_cell("sept-26".rjust(41)) == "sept-26".rjust(41)  # 41: left as written


def test_time_cells_are_read_as_their_text():
    assert imports._cell(time(8, 30)) == "08:30:00"
    assert imports._cell(None) == ""


def test_style_index_of_a_cell():
    assert imports._style({"s": "12"}) == 12
    assert imports._style({"s": "abc"}) == 0
    assert imports._style({}) == 0


def test_sheet_scan_problem_names_the_cell_in_the_language_and_stops_at_50():
    scan = imports._SheetScan(0, set(), "en")
    scan.row, scan.column = 4, 2
    for _ in range(49):
        scan._problem("import.xlsx_bad_cell", "B4", "x" * 3)
    assert scan.problems[0] == imports.Problem(4, "B", "xxx", "Cell B4: unreadable content (“xxx”).")
    with pytest.raises(imports._Stop):
        scan._problem("import.xlsx_bad_cell", "B4", "xxx")
    assert len(scan.problems) == 50


def test_choices_list_five_then_an_ellipsis():
    rows = [(f"N{i}", f"C{i}") for i in range(6)]
    assert imports._choices(rows[:5], lambda r: r, "en") == "“N0” (C0), “N1” (C1), “N2” (C2), “N3” (C3), “N4” (C4)"
    assert imports._choices(rows, lambda r: r, "fr").endswith("« N4 » (C4), …")
    assert imports._not_found("project", "kun", rows[:1], lambda r: r, "en") == (
        "Unknown experiment: “kun”. Did you mean “N0” (C0)? Write its full name or its identifier.")


def test_names_a_name_several_rows_share_is_ambiguous_even_when_a_longer_name_begins_with_it():
    rows = ["A1", "A2", "A3"]
    names = {"A1": "Satisfaction", "A2": "Satisfaction", "A3": "Satisfaction des usagers"}
    found = imports._Names(rows, lambda r: r, lambda r: [names[r]])
    assert found.find("satisfaction") == (None, ["A1", "A2"])
    assert found.find("Satisfaction des") == (None, ["A3"])
    assert found.find("a3") == ("A3", [])
# --- what a written import leaves, and its refusals in English ------------------------------------

def test_a_written_import_leaves_one_audit_entry_per_row_and_one_for_the_file(engine):
    """Template rows left unfilled, before and between filled ones, are counted and do not stop the reading."""
    import json

    from tests.unit.store_rows import audit_rows

    staff = make_user(engine)
    text = HEADER + ("kunagi;SOC-USERS;;;;\r\nkunagi;SOC-JOBS;01/03/2024;12;vu;relevé\r\n"
                     "kunagi;USR-SATISF;;;;\r\nkunagi;SOC-JOBS;01/04/2024;13;;\r\n")
    report = run(engine, text.encode(), name="mars.csv", user=staff, submission_key="up-9")
    assert (report.ok, report.written, report.skipped) == (True, 2, 2)
    assert stored(engine) == [("SOC-JOBS", date(2024, 3, 1), 12.0, "vu"), ("SOC-JOBS", date(2024, 4, 1), 13.0, "")]
    with Session(engine) as session:
        rows = session.exec(select(Measurement).order_by(Measurement.id)).all()
        assert [(m.submission_key, m.source, m.import_batch) for m in rows] == [
            ("up-9#3", "relevé", report.batch), ("up-9#5", "", report.batch)]
        ids = [str(m.id) for m in rows]
    created = audit_rows(engine, "measurement.create")
    assert [(e.user_id, e.username, e.entity, e.entity_id, e.before_json) for e in created] == [
        (staff.id, "staff", "measurement", ids[0], None), (staff.id, "staff", "measurement", ids[1], None)]
    assert [json.loads(e.after_json)["value"] for e in created] == [12.0, 13.0]
    [entry] = audit_rows(engine, "measurement.import")
    assert (entry.user_id, entry.entity, entry.entity_id) == (staff.id, "import", "mars.csv")
    assert json.loads(entry.after_json) == {"file": "mars.csv", "rows": 2, "batch": report.batch}


def test_without_a_submission_key_no_row_gets_one(engine):
    report = run(engine, (HEADER + "kunagi;SOC-JOBS;01/03/2024;12;;\r\n").encode())
    assert report.written == 1
    with Session(engine) as session:
        assert session.exec(select(Measurement.submission_key)).all() == [None]


def test_import_refusals_are_given_in_english(engine):
    agent = make_user(engine, "agent", "92071")
    text = ("Experiment;Indicator;Period start;Value\r\nkunagi;SOC-JOBS;01/03/2024;1\r\nkunagi;SOC-JOBS;01/03/2024;2\r\n"
            "soy-pv;SOC-JOBS;01/03/2024;1\r\n")
    report = run(engine, text.encode(), user=agent, lang="en")
    assert [(p.row, p.column, p.value) for p in report.problems] == [
        (3, "Period start", "01/03/2024"), (4, "Experiment", "soy-pv")]
    assert report.problems[0].why == "Same experiment, indicator and period as row 2."
    assert report.problems[1].why.startswith("You may only enter data for your own municipality's experiments (refused: “")
    assert stored(engine) == []


def test_a_value_already_stored_is_refused_in_english_on_its_period(engine):
    staff = make_user(engine)
    assert run(engine, (HEADER + "kunagi;SOC-JOBS;01/03/2024;1;;\r\n").encode(), user=staff).written == 1
    report = run(engine, b"Experiment;Indicator;Period start;Value\r\nkunagi;SOC-JOBS;01/03/2024;2\r\n",
                 user=staff, lang="en")
    assert [(p.row, p.column, p.value, p.why) for p in report.problems] == [
        (2, "Period start", "01/03/2024",
         "A value already exists for this indicator and period: correct it rather than entering a second one.")]


def test_a_file_of_template_rows_only_is_refused_in_english_with_its_name(engine):
    report = run(engine, (HEADER + "kunagi;SOC-JOBS;;;;\r\n").encode(), name="vide.csv", lang="en")
    assert [(p.row, p.column, p.value, p.why) for p in report.problems] == [
        (None, "", "vide.csv", "No data row under the file's headers.")]


def test_a_refused_cell_is_reported_under_its_column_code_when_the_file_has_no_such_header(engine):
    """A row missing its trailing cells: the report still names each problem's column and value."""
    report = run(engine, b"experimentation;indicateur;debut_periode;valeur\r\nkunagi;SOC-JOBS;01/03/2024;\r\n")
    assert [(p.row, p.column, p.value) for p in report.problems] == [(2, "valeur", "")]


def _schema(**constraints):
    """A measurements schema with the given fields only: {name: (type, constraints)}."""
    return {"fields": [{"name": name, "type": kind, "constraints": limits} for name, (kind, limits) in constraints.items()]}


def _item(**fields):
    from types import SimpleNamespace
    base = {"project_id": 7, "indicator_code": "USR-SATISF", "period_start": date(2024, 3, 1), "value": 3, "source": "enquête"}
    return SimpleNamespace(**(base | fields))


def test_schema_problems_name_each_broken_field_with_its_limit_in_french(monkeypatch):
    monkeypatch.setattr(imports, "table_schema", lambda name: _schema(
        project_id=("integer", {"minimum": 8}), indicator_code=("string", {"enum": ["A-B", "C-D"]}),
        period_start=("integer", {}), value=("number", {"maximum": 2.5}), source=("string", {"maxLength": 3}),
        is_demo=("boolean", {"enum": [True]}), state=("string", {"enum": ["active"]})))
    assert imports.schema_problems(_item()) == {
        "project_id": "La valeur doit être au moins 8 (schéma des mesures).",
        "indicator_code": "« USR-SATISF » n'est pas l'une des valeurs permises : A-B, C-D.",
        "period_start": "« 2024-03-01 » n'est pas du type que le fichier ouvert des mesures attend (nombre entier).",
        "value": "La valeur doit être au plus 2,5 (schéma des mesures).",
        "source": "Au plus 3 caractères (schéma des mesures).",
        "is_demo": "« False » n'est pas l'une des valeurs permises : True.",
    }


def test_schema_problems_a_whole_limit_without_decimals_and_a_missing_value_in_english(monkeypatch):
    monkeypatch.setattr(imports, "table_schema", lambda name: _schema(
        project_id=("integer", {"required": True}), value=("number", {"maximum": 10.0}),
        indicator_code=("number", {}), state=("string", {"enum": ["proposed"]})))
    assert imports.schema_problems(_item(project_id=None, value=12), "en") == {
        "project_id": "A value is required.",
        "value": "The value must be at most 10 (measurements schema).",
        "indicator_code": "“USR-SATISF” is not of the type the open measurements file expects (number).",
        "state": "“active” is not one of the allowed values: proposed.",
    }
    at_limit = imports.schema_problems(_item(value=10.0), "en")  # exactly at the maximum: no value problem
    assert "value" not in at_limit and "project_id" not in at_limit
    monkeypatch.setattr(imports, "table_schema", lambda name: _schema(value=("number", {"maximum": 2.125})))
    assert imports.schema_problems(_item(value=3), "en") == {  # a limit with decimals: two of them, English style
        "value": "The value must be at most 2.12 (measurements schema)."}


def test_the_sheet_named_mesures_is_read_even_when_it_is_not_the_first(engine):
    book = Workbook()
    book.active.title = "notes"
    book.active.append(["à lire avant de remplir"])
    sheet = book.create_sheet("mesures")
    sheet.append(list(imports.TEMPLATE_COLUMNS))
    sheet.append(["kunagi", "SOC-JOBS", datetime(2024, 5, 1), 7, "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    report = run(engine, buffer.getvalue(), "mesures.xlsx")
    assert report.ok, report.problems
    assert stored(engine) == [("SOC-JOBS", date(2024, 5, 1), 7.0, "")]


def test_each_row_for_another_commune_and_a_name_that_begins_an_experiment_are_refused_in_english(engine):
    agent = make_user(engine, "agent", "92071")
    text = ("experimentation;indicateur;debut_periode;valeur\r\nsoy-pv;SOC-JOBS;01/03/2024;1\r\n"
            "soy-pv;SOC-JOBS;01/04/2024;1\r\nWintics;SOC-JOBS;01/03/2024;1\r\n")
    report = run(engine, text.encode(), user=agent, lang="en")
    refused = "You may only enter data for your own municipality's experiments (refused: “Soy PV”)."
    assert [(p.row, p.column, p.value, p.why) for p in report.problems] == [
        (2, "experimentation", "soy-pv", refused), (3, "experimentation", "soy-pv", refused),
        (4, "experimentation", "Wintics", "Unknown experiment: “Wintics”. Did you mean “Wintics Cityvision” "
                                          "(wintics-cityvision)? Write its full name or its identifier.")]
    assert stored(engine) == []


def test_a_file_without_comment_or_source_columns_stores_them_blank(engine):
    report = run(engine, b"experimentation;indicateur;debut_periode;valeur\r\nkunagi;SOC-JOBS;01/03/2024;4\r\n")
    assert report.ok, report.problems
    with Session(engine) as session:
        [row] = session.exec(select(Measurement)).all()
    assert (row.comment or "", row.source or "") == ("", "")


# --- headers, cells and refusals: each boundary and each language (issue #21) ---------------------

def test_a_missing_column_is_named_in_english_with_its_code(engine):
    report = run(engine, b"Experiment;Indicator;Value\r\nkunagi;SOC-JOBS;1\r\n", lang="en")
    assert [(p.row, p.column, p.value, p.why) for p in report.problems] == [
        (1, "Period start", "", "Missing column: “Period start” (the header may also read “debut_periode”, with or "
                                "without accents or capitals).")]


def test_two_columns_read_as_one_are_refused_in_english_quoting_each_header_up_to_60_characters(engine):
    long_header = "Valeur (" + "relevée au compteur général " * 3 + ")"
    report = run(engine, f"Experiment;Indicator;Period start;Value;{long_header}\r\nkunagi;SOC-JOBS;01/03/2024;1;2\r\n".encode(),
                 lang="en")
    assert [(p.row, p.column, p.value, p.why) for p in report.problems] == [
        (1, "Value", "Value · " + long_header[:60].rstrip() + "…", "Two columns read as “Value”: keep only one.")]


def _strict_layout():
    return imports.Layout(("slug", "name"), ("slug",), {"slug": "slug", "name": "name"}, lambda column, _lang: column,
                          strict=True)


def test_a_strict_layout_refuses_an_unknown_column_in_english_quoting_60_characters():
    unknown = "Remarques de l'équipe sur le déroulé de l'atelier et ses suites"
    assert len(unknown) > 61
    with pytest.raises(imports._Refused) as refused:
        imports.read_rows(f"slug;name;{unknown}\r\nvelo;Vélo\r\n".encode(), "p.csv", "en", layout=_strict_layout())
    quoted = unknown[:60].rstrip() + "…"
    assert refused.value.problems == [imports.Problem(
        1, quoted, quoted, "Unknown column: the export does not write it and it cannot be imported. Columns read: slug, name.")]


def test_a_strict_layout_reads_a_file_whose_header_ends_with_a_blank_cell():
    rows = imports.read_rows(b"slug;name;\r\nvelo;V\xc3\xa9lo;\r\n", "p.csv", "en", layout=_strict_layout())
    assert [(n, cells) for n, cells in rows] == [(2, {"slug": "velo", "name": "Vélo"})]


def test_a_header_written_with_hyphens_is_read_as_its_column(engine):
    report = run(engine, b"Experimentation;Indicateur;Date-debut;Valeur\r\nkunagi;SOC-JOBS;01/03/2024;4\r\n")
    assert report.ok, report.problems
    assert stored(engine) == [("SOC-JOBS", date(2024, 3, 1), 4.0, "")]


def test_a_value_that_is_no_number_is_refused_in_english_and_quoted_up_to_100_characters(engine):
    words = "environ douze, à confirmer avec le service technique de la ville de Sceaux"
    assert 60 < len(words) <= 100
    report = run(engine, f"Experiment;Indicator;Period start;Value\r\nkunagi;SOC-JOBS;01/03/2024;{words}\r\n".encode(), lang="en")
    [problem] = report.problems
    assert (problem.row, problem.column, problem.value) == (2, "Value", words)
    assert problem.why == f"“{words[:60].rstrip()}…” is not a number (e.g. 12.5)."


def test_a_name_several_indicators_begin_with_is_refused_in_english(engine):
    report = run(engine, b"Experiment;Indicator;Period start;Value\r\nkunagi;Satisfaction;01/03/2024;3\r\n", lang="en")
    [problem] = report.problems
    assert problem.why.startswith("“Satisfaction” may mean several indicators: ")


def test_a_period_after_the_day_given_as_today_is_refused_as_future(engine):
    report = run(engine, b"Experiment;Indicator;Period start;Value\r\nkunagi;SOC-JOBS;01/07/2025;3\r\n", lang="en")
    assert [(p.row, p.column, p.why) for p in report.problems] == [(2, "Period start", "The period cannot be in the future.")]


def test_a_signed_out_import_is_refused_in_english_without_column_or_value(engine):
    report = imports.import_measurements(engine, None, HEADER.encode(), "m.csv", today=TODAY, lang="en")
    assert report.problems == [imports.Problem(None, "", "", "Sign in to record data.")]


def test_a_file_too_large_for_an_agent_is_refused_in_french_megabytes_by_default(engine):
    report = imports.import_measurements(engine, make_user(engine), b"x" * (3 * 1024 * 1024), "m.csv", today=TODAY,
                                         max_bytes=2 * 1024 * 1024)
    assert report.problems == [imports.Problem(None, "", "m.csv", "Fichier trop volumineux (3 Mo ; 2 Mo au plus).")]


def test_a_long_workbook_name_is_cut_at_200_characters_in_the_import_audit(engine):
    import json

    from tests.unit.store_rows import audit_rows

    book = Workbook()
    book.active.append(list(imports.TEMPLATE_COLUMNS))
    book.active.append(["kunagi", "SOC-JOBS", datetime(2024, 5, 1), 7, None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    name = "relevé " + "b" * 300 + ".xlsx"
    report = run(engine, buffer.getvalue(), name=name)
    assert report.written == 1
    [entry] = audit_rows(engine, "measurement.import")
    cut = name[:200] + "…"
    assert entry.entity_id == cut and json.loads(entry.after_json)["file"] == cut


def test_a_schema_problem_is_reported_in_english_on_its_column_and_nothing_is_written(engine, monkeypatch):
    monkeypatch.setattr(imports, "table_schema", lambda name: _schema(source=("string", {"maxLength": 3})))
    report = run(engine, (HEADER + "kunagi;SOC-JOBS;01/03/2024;1;;enquête\r\n").encode(), lang="en")
    assert [(p.row, p.column, p.value, p.why) for p in report.problems] == [
        (2, "source", "enquête", "At most 3 characters (measurements schema).")]
    assert stored(engine) == []


def test_a_schema_problem_on_a_column_the_file_lacks_is_reported_under_its_code_with_a_blank_value(engine, monkeypatch):
    monkeypatch.setattr(imports, "table_schema", lambda name: _schema(source=("string", {"required": True}),
                                                                      state=("string", {"enum": ["proposed"]})))
    report = run(engine, b"experimentation;indicateur;debut_periode;valeur\r\nkunagi;SOC-JOBS;01/03/2024;4\r\n", lang="en")
    assert [(p.row, p.column, p.value, p.why) for p in report.problems] == [
        (2, "source", "", "A value is required."), (2, "state", "", "“active” is not one of the allowed values: proposed.")]
    assert stored(engine) == []
# --- read_rows: each refusal names the file, in the reader's language ----------------------------

def _refused(data: bytes, name: str, lang: str = "en", max_bytes: int = 4 * 1024 * 1024) -> list[imports.Problem]:
    with pytest.raises(imports._Refused) as refused:
        imports.read_rows(data, name, lang=lang, max_bytes=max_bytes)
    return refused.value.problems


FILE_REFUSALS = {
    "too large": (b"x" * (3 * 512 * 1024), "big.csv", 1024 * 1024, "File too large (1.5 MB; 1 MB at most)."),
    "blank": (b"  \r\n", "blank.csv", None, "The file is empty."),
    "blank rows only": (b";;;\r\n ; ;\r\n", "rows.csv", None, "The file is empty."),
    "a pdf": (b"anything", "m.pdf", None, "Unsupported format: upload a .csv or .xlsx file."),
    "headers only": (HEADER.encode(), "head.csv", None, "No data row under the file's headers."),
    "5 001 rows": ((HEADER + "kunagi;SOC-JOBS;01/03/2024;1;;\r\n" * 5001).encode(), "many.csv", None,
                   "Too many rows: 5,000 rows at most per file (split it into several files)."),
}


@pytest.mark.parametrize(("data", "name", "max_bytes", "why"), FILE_REFUSALS.values(), ids=FILE_REFUSALS.keys())
def test_a_refused_file_is_one_problem_naming_the_file_in_english(data, name, max_bytes, why):
    assert _refused(data, name, max_bytes=max_bytes or 4 * 1024 * 1024) == [imports.Problem(None, "", name, why)]


def test_a_too_large_file_gives_its_size_in_french_units():
    [problem] = _refused(b"x" * (3 * 512 * 1024), "gros.csv", lang="fr", max_bytes=1024 * 1024)
    assert problem.why == "Fichier trop volumineux (1,5 Mo ; 1 Mo au plus)."


def test_5000_csv_rows_are_read():
    rows = imports.read_rows((HEADER + "kunagi;SOC-JOBS;01/03/2024;1;;\r\n" * 5000).encode(), "m.csv")
    assert [n for n, _ in rows][::4999] == [2, 5001]


def test_a_file_name_is_quoted_up_to_200_characters_then_cut():
    name = "a" * 196 + ".pdf"
    assert _refused(b"anything", name)[0].value == name
    longer = "a" * 197 + ".pdf"
    assert _refused(b"anything", longer)[0].value == "a" * 197 + ".pd…"


def _xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["export", "export.bin", "mesures.XLSX"])
def test_a_workbook_is_read_as_one_whatever_its_name(name):
    data = _xlsx([list(imports.TEMPLATE_COLUMNS), ["kunagi", "SOC-JOBS", datetime(2024, 5, 1), 7, "", ""]])
    assert [(n, cells["valeur"]) for n, cells in imports.read_rows(data, name)] == [(2, 7)]


@pytest.mark.parametrize("name", ["", "MESURES.TXT", "m.Csv"])
def test_a_text_file_without_a_name_or_named_txt_is_read_as_csv(name):
    data = (HEADER + "kunagi;SOC-JOBS;01/03/2024;12;;\r\n").encode()
    assert [(n, cells["valeur"]) for n, cells in imports.read_rows(data, name)] == [(2, "12")]


def test_a_csv_with_too_many_columns_is_refused_in_english():
    assert _refused((HEADER + ";" * 50 + "\r\n").encode(), "m.csv") == [
        imports.Problem(2, "", "", "Too many columns: 50 at most (the template has 6).")]


def test_a_missing_column_is_named_in_english():
    assert _refused(b"experimentation;indicateur;debut_periode\r\nkunagi;SOC-JOBS;01/03/2024\r\n", "m.csv") == [
        imports.Problem(1, "Value", "", "Missing column: “Value” (the header may also read “valeur”, with or without "
                                        "accents or capitals).")]


def test_cells_missing_at_the_end_of_a_short_row_are_blank():
    data = (HEADER + "kunagi;SOC-JOBS;01/03/2024;12;bien\r\nkunagi;SOC-JOBS;01/04/2024;13\r\n").encode()
    assert [cells for _, cells in imports.read_rows(data, "m.csv")] == [
        {"experimentation": "kunagi", "indicateur": "SOC-JOBS", "debut_periode": "01/03/2024", "valeur": "12",
         "commentaire": "bien", "source": ""},
        {"experimentation": "kunagi", "indicateur": "SOC-JOBS", "debut_periode": "01/04/2024", "valeur": "13",
         "commentaire": "", "source": ""}]


def test_rows_of_blank_cells_are_left_out_and_the_others_keep_their_row_number():
    data = (" ; ;\r\n" + HEADER + ";;;;;\r\nkunagi;SOC-JOBS;01/03/2024;12;;\r\n").encode()
    assert [n for n, _ in imports.read_rows(data, "m.csv")] == [4]


@pytest.mark.parametrize("unit", ["x" * 91, "x" * 92], ids=["a header of 100 characters", "101 characters"])
def test_the_report_quotes_a_header_up_to_100_characters(engine, unit):
    header = f"Valeur ({unit})"
    text = f"experimentation;indicateur;debut_periode;{header}\r\nkunagi;SOC-JOBS;01/03/2024;douze\r\n"
    [problem] = run(engine, text.encode()).problems
    assert problem.column == (header if len(header) <= 100 else header[:100] + "…")
