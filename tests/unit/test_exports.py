"""Table downloads: the Excel file opens with openpyxl and holds the rows shown, formulas disarmed."""

import io

import openpyxl
import pandas as pd

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


def test_formula_injection_is_disarmed_in_csv_and_xlsx():
    shown = pd.DataFrame({"name": ["=HYPERLINK(\"http://x\")", "+1", "-2 cm", "@SUM(A1)", "Pelican"], "value": [1, 2, 3, 4, -5]})
    workbook = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes({"t": shown})))
    cells = [row[0] for row in workbook["t"].iter_rows(min_row=2, values_only=True)]
    assert cells == ["'=HYPERLINK(\"http://x\")", "'+1", "'-2 cm", "'@SUM(A1)", "Pelican"]
    assert [row[1] for row in workbook["t"].iter_rows(min_row=2, values_only=True)] == [1, 2, 3, 4, -5]
    assert all(cell.data_type != "f" for row in workbook["t"].iter_rows() for cell in row)
    text = export.csv_bytes(shown).decode("utf-8-sig")
    assert '\n"\'=HYPERLINK' in text and "\n'@SUM(A1)" in text and "\nPelican,-5" in text
