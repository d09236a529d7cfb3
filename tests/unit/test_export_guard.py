"""Exports neutralise cells a spreadsheet would run as a formula."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook

from qmi.outputs.tables import csv_bytes, neutralise, xlsx_bytes

HOSTILE = ["=HYPERLINK(\"http://evil\",\"clic\")", "+33 1 23", "-2+3", "@SUM(A1)", "Sceaux", "<img src=x onerror=alert(1)>"]


def test_neutralise_prefixes_formula_text_and_leaves_numbers():
    assert [neutralise(v) for v in HOSTILE[:4]] == ["'" + v for v in HOSTILE[:4]]
    assert neutralise("Sceaux") == "Sceaux" and neutralise(-2.5) == -2.5 and neutralise(None) is None


def test_csv_export_cells_never_start_a_formula():
    frame = pd.DataFrame({"commentaire": HOSTILE, "valeur": [-1, 2, 3, 4, 5, 6]})
    back = pd.read_csv(io.BytesIO(csv_bytes(frame)), encoding="utf-8-sig")
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
