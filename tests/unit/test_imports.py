"""Bulk import: what French spreadsheets write is accepted; anything wrong is reported and nothing written."""

from __future__ import annotations

import io
from datetime import date, datetime

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook
from sqlmodel import Session, select

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


def test_utf8_with_bom_and_commas_and_quoted_decimal_commas(engine):
    text = "\ufeffExpérimentation,Indicateur,Début période,Valeur\nkunagi,USR-SATISF,01/03/2024,\"4,2\"\n"
    text = text.replace("Début période", "debut_periode")
    report = run(engine, text.encode("utf-8"))
    assert report.ok, report.problems
    assert stored(engine) == [("USR-SATISF", date(2024, 3, 1), 4.2, "")]


def test_xlsx_with_real_dates_and_numbers(engine):
    book = Workbook()
    sheet = book.active
    sheet.append(list(imports.COLUMNS))
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
        (b"experimentation;indicateur;valeur\r\nkunagi;SOC-JOBS;1\r\n", "m.csv", "Colonne manquante : « debut_periode »."),
        (b"", "vide.csv", "Le fichier est vide."),
        (HEADER.encode(), "m.csv", "Aucune ligne de mesure"),
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
    assert templates.template_csv().decode("utf-8-sig").strip() == ";".join(imports.COLUMNS)
    filled = templates.template_csv() + b"kunagi;SOC-JOBS;01/03/2024;2;;\r\n"
    assert run(engine, filled).written == 1
    book = load_workbook(io.BytesIO(templates.template_xlsx(pd.DataFrame({"experimentation": ["=cmd"]}),
                                                          pd.DataFrame({"code": ["SOC-JOBS"]}))))
    assert book.sheetnames == ["mesures", "experimentations", "indicateurs"]
    assert [c.value for c in book["mesures"][1]] == list(imports.COLUMNS)
    assert book["experimentations"]["A2"].value == "'=cmd"
