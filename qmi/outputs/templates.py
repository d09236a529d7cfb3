"""Blank files for people to fill: the measurement import templates."""

from __future__ import annotations

import pandas as pd

from qmi.outputs.tables import xlsx_bytes
from qmi.services.imports import COLUMNS


def template_csv() -> bytes:
    """An empty import file as French spreadsheets like it (« ; », UTF-8 with BOM)."""
    return (";".join(COLUMNS) + "\r\n").encode("utf-8-sig")


def template_xlsx(projects: pd.DataFrame, indicators: pd.DataFrame) -> bytes:
    """An empty « mesures » sheet plus the experiments and indicators one may enter, as help."""
    return xlsx_bytes({
        "mesures": pd.DataFrame(columns=list(COLUMNS)),
        "experimentations": projects,
        "indicateurs": indicators,
    })
