"""Bulk import of measurements from CSV or XLSX, all or nothing, with a report row by row.

Accepts what French spreadsheets write: « ; » or « , » separators, decimal commas,
Windows-1252 or UTF-8 (with or without BOM), dates as 01/03/2024 or 2024-03-01.
Any problem (file too large, undecodable, missing column, unknown experiment or
indicator, value out of bounds, other commune…) is reported as (row, column, value,
why) and nothing at all is written.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pandas as pd
from openpyxl import load_workbook
from sqlalchemy.engine import Engine
from sqlmodel import select

from qmi.config import get_settings
from qmi.db import write_session
from qmi.i18n import t
from qmi.i18n.formatting import number
from qmi.models import Indicator, Measurement, Project
from qmi.services import audit
from qmi.services.measurements import _new_row, active_duplicate
from qmi.services.permissions import acting_user, can_write_project
from qmi.services.validation import check_measurement

COLUMNS = ("experimentation", "indicateur", "debut_periode", "valeur", "commentaire", "source")
REQUIRED = COLUMNS[:4]
ALIASES = {"experiment": "experimentation", "indicator": "indicateur", "period_start": "debut_periode",
           "value": "valeur", "comment": "commentaire"}
FIELD_COLUMN = {"project_id": "experimentation", "indicator_code": "indicateur", "period_start": "debut_periode",
                "period_end": "debut_periode", "value": "valeur", "comment": "commentaire", "source": "source"}
MAX_ROWS = 5000


@dataclass(frozen=True)
class Problem:
    row: int | None  # spreadsheet row number (the header is row 1); None for the file itself
    column: str
    value: str
    why: str


@dataclass
class ImportReport:
    written: int = 0
    problems: list[Problem] = field(default_factory=list)
    already: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def frame(self, lang: str = "fr") -> pd.DataFrame:
        return pd.DataFrame(
            [("" if p.row is None else p.row, p.column, p.value, p.why) for p in self.problems],
            columns=[t(f"import.col.{c}", lang) for c in ("row", "column", "value", "why")],
        )


class _Refused(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("import refused")
        self.problems = problems


def _column_name(header: object) -> str:
    text = unicodedata.normalize("NFKD", str(header or "")).encode("ascii", "ignore").decode()
    name = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return ALIASES.get(name, name)


def _size(n: int, lang: str) -> str:
    return f"{number(n / 1024 / 1024, lang, 1)} Mo" if lang == "fr" else f"{number(n / 1024 / 1024, lang, 1)} MB"


def _decode(data: bytes, lang: str) -> str:
    if b"\x00" in data:
        raise _Refused([Problem(None, "", "", t("import.undecodable", lang))])
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _Refused([Problem(None, "", "", t("import.undecodable", lang))])


def _csv_rows(data: bytes, lang: str) -> list[tuple[int, list[Any]]]:
    text = _decode(data, lang)
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    for cells in reader:
        rows.append((reader.line_num, cells))
    return rows


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date()
    return "" if value is None else value


def _xlsx_rows(data: bytes, lang: str) -> list[tuple[int, list[Any]]]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise _Refused([Problem(None, "", "", t("import.bad_xlsx", lang))]) from None
    sheet = book["mesures"] if "mesures" in book.sheetnames else book.worksheets[0]
    rows = [(number_, [_cell(v) for v in values]) for number_, values in enumerate(sheet.iter_rows(values_only=True), 1)]
    book.close()
    return rows


def read_rows(data: bytes, filename: str, lang: str = "fr", max_bytes: int | None = None) -> list[tuple[int, dict[str, Any]]]:
    """The data rows as (row number, {column: cell}); raises ``_Refused`` with the problems."""
    max_bytes = max_bytes or get_settings().max_upload_bytes
    if len(data) > max_bytes:
        raise _Refused([Problem(None, "", filename, t("import.too_large", lang, size=_size(len(data), lang), max=_size(max_bytes, lang)))])
    if not data.strip():
        raise _Refused([Problem(None, "", filename, t("import.empty", lang))])
    name = (filename or "").lower()
    if name.endswith(".xlsx") or data[:2] == b"PK":
        table = _xlsx_rows(data, lang)
    elif name.endswith((".csv", ".txt")) or not name:
        table = _csv_rows(data, lang)
    else:
        raise _Refused([Problem(None, "", filename, t("import.bad_format", lang))])
    table = [(n, cells) for n, cells in table if any(str(c).strip() for c in cells)]
    if not table:
        raise _Refused([Problem(None, "", filename, t("import.empty", lang))])
    header_row, header = table[0]
    names = [_column_name(h) for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise _Refused([Problem(header_row, c, "", t("import.missing_column", lang, column=c)) for c in missing])
    rows = [(n, {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(names) if name in COLUMNS})
            for n, cells in table[1:]]
    if not rows:
        raise _Refused([Problem(None, "", filename, t("import.no_rows", lang))])
    if len(rows) > MAX_ROWS:
        raise _Refused([Problem(None, "", filename, t("import.too_many_rows", lang, n=len(rows), max=MAX_ROWS))])
    return rows


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def import_measurements(engine: Engine, actor: object, data: bytes, filename: str, submission_key: str | None = None,
                        today: date | None = None, lang: str = "fr", max_bytes: int | None = None) -> ImportReport:
    """Check every row, then write them all in one transaction — or none, with the report."""
    today = today or date.today()
    try:
        rows = read_rows(data, filename, lang, max_bytes)
    except _Refused as refused:
        return ImportReport(problems=refused.problems)
    keys = {n: f"{submission_key}#{n}" if submission_key else None for n, _ in rows}
    with write_session(engine) as session:
        user = acting_user(session, actor)
        if submission_key:
            done = session.exec(select(Measurement).where(Measurement.submission_key.in_(list(keys.values())))).all()
            if done:
                return ImportReport(written=len(done), already=True)
        projects = {p.slug.lower(): p for p in session.exec(select(Project)).all()}
        indicators = {i.code.upper(): i for i in session.exec(select(Indicator)).all()}
        problems: list[Problem] = []
        checked = []
        seen: dict[tuple, int] = {}
        for n, cells in rows:
            slug = str(cells.get("experimentation", "")).strip()
            code = str(cells.get("indicateur", "")).strip()
            project = projects.get(slug.lower())
            indicator = indicators.get(code.upper())
            if project is not None and not can_write_project(user, project):
                problems.append(Problem(n, "experimentation", slug, t("forms.error.not_your_commune", lang, project=project.name)))
                continue
            raw = {"project_id": project.id if project else slug, "indicator_code": indicator.code if indicator else code,
                   "period_start": cells.get("debut_periode"), "value": cells.get("valeur"),
                   "comment": cells.get("commentaire", ""), "source": cells.get("source", "")}
            item, errors = check_measurement(raw, project, indicator, today, lang)
            if item is not None:
                key = (item.project_id, item.indicator_code, item.period_start)
                if key in seen:
                    errors = {"period_start": t("import.duplicate_in_file", lang, row=seen[key])}
                elif active_duplicate(session, *key) is not None:
                    errors = {"period_start": t("valid.duplicate", lang)}
                seen.setdefault(key, n)
            for name, why in errors.items():
                column = FIELD_COLUMN.get(name, name)
                problems.append(Problem(n, column, _text(cells.get(column, "")), why))
            if not errors:
                checked.append((n, item))
        if problems:
            return ImportReport(problems=problems)
        for n, item in checked:
            row = _new_row(item, user, keys[n])
            session.add(row)
            session.flush()
            audit.record(session, user, "measurement.create", "measurement", row.id, None, audit.snapshot(row))
        audit.record(session, user, "measurement.import", "import", filename, None, {"file": filename, "rows": len(checked)})
        return ImportReport(written=len(checked))
