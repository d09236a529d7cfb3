"""Exports neutralise cells a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from qmi.outputs.tables import csv_bytes, neutralise, xlsx_bytes

HOSTILE = ["=HYPERLINK(\"http://evil\",\"clic\")", "+33 1 23", "-2+3", "@SUM(A1)", "Sceaux", "<img src=x onerror=alert(1)>"]


def test_neutralise_prefixes_formula_text_and_leaves_numbers():
    assert [neutralise(v) for v in HOSTILE[:4]] == ["'" + v for v in HOSTILE[:4]]
    assert neutralise("Sceaux") == "Sceaux" and neutralise(-2.5) == -2.5 and neutralise(None) is None


def test_csv_export_cells_never_start_a_formula():
    frame = pd.DataFrame({"commentaire": HOSTILE, "valeur": [-1, 2, 3, 4, 5, 6]})
    back = pd.read_csv(io.BytesIO(csv_bytes(frame)), encoding="utf-8-sig", sep=";")
    assert not back["commentaire"].str.startswith(("=", "+", "-", "@")).any()
    assert list(back["commentaire"][:4]) == ["'" + v for v in HOSTILE[:4]]
    assert list(back["valeur"]) == [-1, 2, 3, 4, 5, 6]  # negative numbers stay numbers


def test_xlsx_export_cells_are_text_not_formulas():
    frame = pd.DataFrame({"=source": HOSTILE})
    sheet = load_workbook(io.BytesIO(xlsx_bytes({"journal": frame}))).active
    cells = [sheet.cell(row=r, column=1) for r in range(1, len(HOSTILE) + 2)]
    assert cells[0].value == "'=source"
    assert all(c.data_type == "s" for c in cells)
    assert [c.value for c in cells[1:5]] == ["'" + v for v in HOSTILE[:4]]


def test_xlsx_negative_numbers_stay_numbers_beside_guarded_text():
    frame = pd.DataFrame({"nom": ["-2 cm", "Pelican"], "valeur": [-5, 4.5]})
    sheet = load_workbook(io.BytesIO(xlsx_bytes({"t": frame}))).active
    assert list(sheet.iter_rows(min_row=2, values_only=True)) == [("'-2 cm", -5), ("Pelican", 4.5)]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


# Each would start a formula in Excel or LibreOffice if written raw (issue #14: all but the first four got through).
DISGUISED = [
    " =1+1", "\u00a0=1+1", "\u202f@SUM(A1)", "\ufeff=cmd|' /C calc'!A0", "\u200b+1", "\u2060-1",
    "\n=1+1", "\r=1+1", "\t=1+1", "\uff1dHYPERLINK(\"http://evil\")", "\uff20SUM(A1)", "\uff0b1", "\uff0d1",
    "|cmd", "%0A=1", "  \u00a0\ufeff =2",
]


@pytest.mark.parametrize("value", DISGUISED)
def test_a_formula_behind_spaces_invisible_characters_or_fullwidth_forms_is_neutralised(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Sceaux", "Île-de-France", "12,5 %", "a=b", "100 % = objectif", " ", ""])
def test_ordinary_text_is_left_as_it_is(value):
    assert neutralise(value) == value


def test_a_bare_cr_inside_a_text_cannot_start_a_row_of_its_own():
    """Before, pandas left a CR unquoted: the next line began with `=cmd|' /C calc'!A0` in Excel."""
    frame = pd.DataFrame({"source": ["relevé\r=cmd|' /C calc'!A0", "ok"], "valeur": [1.5, 2.0]})
    rows = list(csv.reader(io.StringIO(csv_bytes(frame).decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows == [["source", "valeur"], ["relevé\r=cmd|' /C calc'!A0", "1,5"], ["ok", "2"]]
    assert '"relevé\r=cmd' in csv_bytes(frame).decode("utf-8-sig")  # the field is quoted


def test_the_open_data_export_goes_through_the_same_guard(engine, tmp_path):
    from qmi.db import write_session
    from qmi.models import ProgrammeFigure
    from qmi.outputs.tables import export_open_data

    with write_session(engine) as session:
        session.add(ProgrammeFigure(key="hostile", label="\u00a0=HYPERLINK(\"http://evil\")", value=1, display="1", unit="",
                                    source="doc\r@SUM(A1)", position=99))
    export_open_data(engine, tmp_path)
    text = (tmp_path / "figures.csv").read_bytes().decode("utf-8")
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO(text, newline=""))}
    assert rows["hostile"]["label"] == "'\u00a0=HYPERLINK(\"http://evil\")"
    assert rows["hostile"]["source"] == "doc\r@SUM(A1)"  # quoted: the CR stays inside its field
    assert all(not str(v).lstrip("\u00a0 ").startswith(("=", "@")) for row in rows.values() for v in row.values())


def test_streamlits_own_unguarded_table_download_is_switched_off():
    """st.dataframe's toolbar would export =HYPERLINK(…) raw; the pages offer the guarded downloads instead."""
    import tomllib

    from qmi.config import ROOT

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True
