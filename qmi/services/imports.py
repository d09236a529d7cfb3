"""Bulk import of measurements from CSV or XLSX, all or nothing, with a report row by row.

Accepts what French spreadsheets write: « ; » or « , » separators, decimal commas,
Windows-1252 or UTF-8 (with or without BOM); headers as people write them (« Début de période »,
« Valeur (°C) », "Period start", ``debut_periode``: accents, case, spaces and units do not count);
an indicator by code or by name, an experiment by identifier or by name; periods as date cells,
Excel serial numbers (46266), 01/03/2024, 2024-03-01, 09/2026, « sept-26 », « sept. 2026 ».
Any problem (file too large, undecodable, missing column, unknown experiment or
indicator, value out of bounds, other commune…) is reported as (row, column, value,
why) and nothing at all is written.
"""

from __future__ import annotations

import calendar
import csv
import io
import math
import re
import unicodedata
import uuid
import warnings
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from xml.parsers import expat

import pandas as pd
from babel.dates import get_month_names
from openpyxl import load_workbook
from openpyxl.utils.datetime import from_ISO8601
from sqlalchemy.engine import Engine
from sqlmodel import select

from qmi.config import get_settings
from qmi.db import read_session, write_session
from qmi.domain.progress import display_name
from qmi.domain.tableschema import row_problems
from qmi.files import table_schema
from qmi.i18n import t
from qmi.i18n.formatting import number
from qmi.models import ACTIVE, Indicator, Measurement, Project
from qmi.services import audit
from qmi.services.errors import PermissionDenied
from qmi.services.measurements import _new_row, active_duplicate
from qmi.services.permissions import acting_user, can_write_project, require_write_any
from qmi.services.validation import check_measurement, shown

COLUMNS = ("experimentation", "indicateur", "debut_periode", "fin_periode", "valeur", "commentaire", "source")
REQUIRED = ("experimentation", "indicateur", "debut_periode", "valeur")
TEMPLATE_COLUMNS = ("experimentation", "indicateur", "debut_periode", "valeur", "commentaire", "source")
# The headers read as each column, once normalised by _column_name (accents, case, units in parentheses
# and little words such as « de » dropped): French as people write it, English, and the codes.
HEADERS = {
    "experimentation": ("experimentation", "experiment", "projet", "project", "slug", "identifiant_experimentation",
                        "nom_experimentation", "experiment_name", "experiment_id"),
    "indicateur": ("indicateur", "indicator", "code_indicateur", "indicator_code", "nom_indicateur", "indicator_name",
                   "code"),
    "debut_periode": ("debut_periode", "debut", "periode", "date", "date_debut", "debut_periode_mesuree",
                      "date_mesure", "mois", "period_start", "start_period", "period", "start", "start_date", "month"),
    "fin_periode": ("fin_periode", "fin", "date_fin", "fin_periode_mesuree", "period_end", "end_period", "end",
                    "end_date"),
    "valeur": ("valeur", "value", "valeur_mesuree", "mesure", "measurement", "measured_value"),
    "commentaire": ("commentaire", "commentaires", "remarque", "remarques", "note", "notes", "comment", "comments"),
    "source": ("source", "source_valeur", "origine", "source_value"),
}
MEASURED = ("debut_periode", "fin_periode", "valeur", "commentaire", "source")  # a row with none of them is left unfilled
ALIASES = {header: column for column, headers in HEADERS.items() for header in headers}
_LITTLE_WORDS = frozenset({"de", "du", "des", "la", "le", "les", "l", "d", "en", "the", "of", "a"})
FIELD_COLUMN = {"project_id": "experimentation", "indicator_code": "indicateur", "period_start": "debut_periode",
                "period_end": "fin_periode", "value": "valeur", "comment": "commentaire", "source": "source"}
MAX_ROWS = 5000  # measurement rows per file
MAX_COLUMNS = 50  # the template has 6; room for the agent's own notes, not for a whole sheet
MAX_SHEET_ROW = 4 * MAX_ROWS  # the last row number a sheet may use (blank rows between are fine)
MAX_SHEET_CELLS = 300_000  # cell elements in the sheet, empty formatted ones included
MAX_CELL_CHARS = 10_000  # any cell (a comment is 2 000 at most)
MAX_PROBLEMS = 50  # unreadable cells reported before the scan stops
XLSX_MAX_PARTS = 500
XLSX_MAX_PART = 40 * 1024 * 1024  # one part, unpacked
XLSX_MAX_TOTAL = 64 * 1024 * 1024  # every part, unpacked (a 2 MB upload, a zip bomb's 2 GB)


@dataclass(frozen=True)
class Layout:
    """The columns one kind of file holds: ``aliases`` maps each normalised header to its column,
    ``label`` names a column in the report; ``ignored`` columns are read and left aside (an export's
    own); with ``strict`` a column the layout does not know is refused."""

    columns: tuple[str, ...]
    required: tuple[str, ...]
    aliases: dict[str, str]
    label: Callable[[str, str], str]
    ignored: frozenset[str] = frozenset()
    strict: bool = False


def _measurement_label(column: str, lang: str) -> str:
    return t(f"import.header.{column}", lang)


MEASUREMENTS = Layout(COLUMNS, REQUIRED, ALIASES, _measurement_label)


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
    skipped: int = 0  # rows naming an experiment and an indicator and nothing else (a template's, left unfilled)
    unchanged: int = 0  # catalogue rows that already said what the store holds
    batch: str | None = None  # the import batch of the values written (reviewed together: reviews.approve_batch)

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


def _plain(text: object) -> str:
    """Lower case, no accent, every run of other characters one space: « Début  de Période » -> "debut de periode"."""
    ascii_ = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_.lower()).split())


def _column_name(header: object, aliases: dict[str, str] = ALIASES) -> str:
    """The column a header names (``debut_periode`` for « Début de période », "Period start"), else its
    normalised text; a unit or note in parentheses or brackets does not count (« Valeur (°C) »)."""
    text = re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ", str(header or "")[:MAX_CELL_CHARS])
    name = "_".join(w for w in _plain(text).split() if w not in _LITTLE_WORDS)
    return aliases.get(name, name)


# --- periods as spreadsheets write them ----------------------------------------------------------

_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel's phantom 29 February 1900 aside)
_MONTHS = {
    _plain(name).rstrip("."): number_
    for locale in ("fr_FR", "en_GB") for width in ("wide", "abbreviated")
    for number_, name in get_month_names(width, "format", locale).items()
} | {"fev": 2, "juill": 7, "sep": 9}
_MONTH_YEAR = re.compile(r"([a-z]+)\.?\s*[-./ ]?\s*([0-9]{2}|[0-9]{4})")  # sept-26, sept. 2026, septembre 2026
_DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2})(?:er)?\s+([a-z]+)\.?\s+([0-9]{4})")  # 1er septembre 2026
_NUMERIC_MONTH = re.compile(r"([0-9]{1,2})[/.-]([0-9]{4})|([0-9]{4})-([0-9]{1,2})")  # 09/2026, 2026-09
_SERIAL = re.compile(r"[0-9]{5}")  # a date cell saved as a number in a CSV
_PERIOD_MAX_CHARS = 40


def _month(year: int, month: int | None, end: bool) -> date | None:
    if month is None or not 1 <= month <= 12:
        return None
    year += 2000 if year < 100 else 0
    return date(year, month, calendar.monthrange(year, month)[1] if end else 1)


def _dated(text: str, end: bool) -> date | None:
    lowered = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().strip()
    if match := _MONTH_YEAR.fullmatch(lowered):
        return _month(int(match.group(2)), _MONTHS.get(match.group(1)), end)
    if (match := _DAY_MONTH_YEAR.fullmatch(lowered)) and (month := _MONTHS.get(match.group(2))):
        try:
            return date(int(match.group(3)), month, int(match.group(1)))
        except ValueError:
            return None
    if match := _NUMERIC_MONTH.fullmatch(lowered):
        month, year = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        return _month(int(year), int(month), end)
    return None


def period_cell(value: Any, end: bool = False) -> Any:
    """A period cell as a date when it is one a spreadsheet writes, else the cell as it was (the
    validation then says it is not a date). A month alone (« sept-26 », 09/2026) is its first day,
    or its last for the end of a period; a number is an Excel serial (46266 is 1 September 2026)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return _EXCEL_EPOCH + timedelta(days=int(value)) if math.isfinite(value) and 1 <= value <= _EXCEL_DAYS_MAX else value
    if not isinstance(value, str) or len(value) > _PERIOD_MAX_CHARS:
        return value
    if _SERIAL.fullmatch(value.strip()):
        return period_cell(int(value), end)
    return _dated(value, end) or value


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
    """The records with their spreadsheet row: a record whose quoted cell holds a line break is one
    row in Excel or LibreOffice, so rows are counted by record (blank lines included), not by line."""
    text = _decode(data, lang)
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    number_ = 0
    while True:
        number_ += 1
        try:
            cells = next(reader)
        except StopIteration:
            return rows
        except csv.Error as error:  # a field beyond csv.field_size_limit (128 KiB), a stray quote
            key = "import.cell_too_long" if "field larger" in str(error) else "import.csv_broken"
            raise _Refused([Problem(number_, "", "", t(key, lang, max=number(MAX_CELL_CHARS, lang, 0)))]) from None
        if not cells:  # a blank line: counted, and nothing to check or keep (a file padded with them stays cheap)
            continue
        if len(cells) > MAX_COLUMNS:
            raise _Refused([Problem(number_, "", "", t("import.too_many_columns", lang, max=MAX_COLUMNS))])
        for cell in cells:
            if len(cell) > MAX_CELL_CHARS:
                raise _Refused([Problem(number_, "", shown(cell), t("import.cell_too_long", lang, max=number(MAX_CELL_CHARS, lang, 0)))])
        rows.append((number_, cells))


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, (time, timedelta)):
        return str(value)
    return "" if value is None else value


# --- XLSX: bounded before openpyxl reads a cell ---------------------------------------------------
#
# A workbook is a zip of XML parts. Before openpyxl parses anything: the parts' declared sizes
# (zipfile never inflates a part beyond them), no DTD or entity in any part, then one streaming
# pass (expat, constant memory) over the sheet that checks the declared dimension, every row and
# cell reference against the limits and every cell openpyxl would choke on (a NaN, a 400-digit
# integer, a date that does not exist, a shared-string index out of range, a bad style or
# reference). Only then does openpyxl read the values, bounded to the rows and columns seen.

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NUMBER = re.compile(r"-?[0-9]{1,20}(?:\.[0-9]{1,20})?(?:[eE][+-]?[0-9]{1,3})?")  # Excel writes 17 digits at most
_REF = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]{1,7})")
_EXCEL_DAYS_MAX = 2958465  # 9999-12-31


def _column_letters(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index


def _mib(n: int, lang: str) -> str:
    return f"{number(n / 1024 / 1024, lang, 0)} Mo" if lang == "fr" else f"{number(n / 1024 / 1024, lang, 0)} MB"


class _Stop(Exception):
    """Raised inside expat's handlers to stop the scan."""


def _no_dtd(*_args: Any) -> None:
    raise _Stop("dtd")


def _expat(namespaces: bool = True) -> Any:
    parser = expat.ParserCreate(namespace_separator="}" if namespaces else None)
    parser.StartDoctypeDeclHandler = _no_dtd
    parser.EntityDeclHandler = _no_dtd
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def _scanning(scan: Any, namespaces: bool = True) -> Any:
    """A hardened parser that hands a sheet's elements and text to ``scan`` (a ``_SheetScan``)."""
    parser = _expat(namespaces=namespaces)
    parser.StartElementHandler, parser.EndElementHandler = scan.start, scan.end
    parser.CharacterDataHandler = scan.characters
    parser.buffer_text = True
    return parser


def _feed(parser: Any, archive: zipfile.ZipFile, name: str) -> None:
    with archive.open(name) as source:
        while chunk := source.read(64 * 1024):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _check_archive(data: bytes, lang: str) -> zipfile.ZipFile:
    broken = _Refused([Problem(None, "", "", t("import.bad_xlsx", lang))])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise broken from None
    if len(parts) > XLSX_MAX_PARTS or any(p.flag_bits & 0x1 for p in parts):
        raise broken
    if any(p.file_size > XLSX_MAX_PART for p in parts) or sum(p.file_size for p in parts) > XLSX_MAX_TOTAL:
        raise _Refused([Problem(None, "", "", t("import.xlsx_unpacked_too_large", lang, max=_mib(XLSX_MAX_TOTAL, lang)))])
    for part in parts:
        if part.filename.lower().endswith((".xml", ".rels")):
            try:
                parser = _expat(namespaces=False)
                if re.fullmatch(r"xl/worksheets/[^/]+\.xml", part.filename):
                    # openpyxl reads every sheet up to its data when it opens the workbook (through the
                    # whole sheet when no dimension is declared): each is bounded first, values aside.
                    scan = _SheetScan(0, set(), lang, values=False)
                    parser = _scanning(scan, namespaces=False)
                    try:
                        _feed(parser, archive, part.filename)
                    except _Stop:
                        if scan.problems:
                            raise _Refused(scan.problems) from None
                        raise
                    continue
                _feed(parser, archive, part.filename)
            except (_Stop, expat.ExpatError, zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError,
                    NotImplementedError):
                raise _Refused([Problem(None, "", "", t("import.xlsx_broken", lang))]) from None
    return archive


def _style(attrs: dict[str, str]) -> int:
    style = attrs.get("s", "0")
    return int(style) if re.fullmatch(r"[0-9]{1,6}", style) else 0


class _SheetScan:
    """One expat pass over a worksheet: limits and cells openpyxl could not read, as problems."""

    def __init__(self, shared: int, date_styles: set[int], lang: str, values: bool = True) -> None:
        self.shared, self.date_styles, self.lang, self.values = shared, date_styles, lang, values
        self.problems: list[Problem] = []
        self.row = 0
        self.column = 0
        self.cells = 0
        self.last_row = 0
        self.last_column = 0
        self.cell: dict[str, str] | None = None
        self.text: list[str] | None = None
        self.value: list[str] = []
        self.length = 0

    def _limit(self, ref: str) -> None:
        self.problems.append(Problem(self.row or None, "", ref, t(
            "import.xlsx_too_far", self.lang, ref=ref, rows=number(MAX_SHEET_ROW, self.lang, 0), columns=MAX_COLUMNS,
            last=f"{_column_letters(MAX_COLUMNS)}{MAX_SHEET_ROW}")))
        raise _Stop("limit")

    def _problem(self, key: str, ref: str, value: str) -> None:
        self.problems.append(Problem(self.row, _column_letters(self.column), shown(value), t(key, self.lang, ref=ref, value=shown(value))))
        if len(self.problems) >= MAX_PROBLEMS:
            raise _Stop("enough")

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = name.rpartition("}")[2]
        if tag == "dimension":
            self._dimension(attrs.get("ref", ""))
        elif tag == "row":
            self.column = 0
            raw = attrs.get("r")
            if raw is None:
                self.row += 1
            elif re.fullmatch(r"[0-9]{1,7}", raw) and int(raw) > 0:
                self.row = int(raw)
            else:
                self.row += 1
                self._problem("import.xlsx_bad_cell", f"r={raw}", raw)
            if self.row > MAX_SHEET_ROW:
                self.problems.append(Problem(self.row, "", "", t("import.xlsx_row_too_far", self.lang,
                                                                 rows=number(MAX_SHEET_ROW, self.lang, 0))))
                raise _Stop("limit")
        elif tag == "c":
            self._start_cell(attrs)
        elif tag in ("v", "t") and self.cell is not None:
            self.text = []

    def _start_cell(self, attrs: dict[str, str]) -> None:
        self.cells += 1
        ref = attrs.get("r")
        if ref is None:
            self.column += 1
        elif match := _REF.fullmatch(ref):
            self.column = _column_index(match.group(1))
            if int(match.group(2)) > MAX_SHEET_ROW:
                self._limit(ref)
        else:
            self._problem("import.xlsx_bad_cell", ref, ref)
            self.column += 1
        if self.column > MAX_COLUMNS or self.cells > MAX_SHEET_CELLS:
            self._limit(ref or f"{_column_letters(self.column)}{self.row}")
        self.cell = attrs
        self.value = []
        self.length = 0
        style = attrs.get("s", "0")
        if self.values and not re.fullmatch(r"[0-9]{1,6}", style):
            self._problem("import.xlsx_bad_cell", self.ref, f"s={style}")

    @property
    def ref(self) -> str:
        return f"{_column_letters(self.column)}{self.row}"

    def characters(self, text: str) -> None:
        if self.text is not None:
            self.length += len(text)
            if self.length > MAX_CELL_CHARS:
                self.problems.append(Problem(self.row, _column_letters(self.column), self.ref,
                                             t("import.cell_too_long", self.lang, max=number(MAX_CELL_CHARS, self.lang, 0))))
                raise _Stop("long")
            self.text.append(text)

    def end(self, name: str) -> None:
        tag = name.rpartition("}")[2]
        if tag in ("v", "t") and self.text is not None:
            self.value.extend(self.text)
            self.text = None
        elif tag == "c" and self.cell is not None:
            self._end_cell(self.cell, "".join(self.value))
            self.cell = None
        elif tag == "row":
            self.last_row = max(self.last_row, self.row)

    def _end_cell(self, attrs: dict[str, str], value: str) -> None:
        if self.column:
            self.last_column = max(self.last_column, self.column)
        kind = attrs.get("t", "n")
        if kind == "inlineStr" or not value or not self.values:
            return
        if kind == "n":
            if not _NUMBER.fullmatch(value) or not math.isfinite(float(value)):
                self._problem("import.xlsx_bad_number", self.ref, value)
            elif _style(attrs) in self.date_styles and not 0 <= float(value) <= _EXCEL_DAYS_MAX:
                self._problem("import.xlsx_bad_date", self.ref, value)
        elif kind == "s":
            if not re.fullmatch(r"[0-9]{1,9}", value) or int(value) >= self.shared:
                self._problem("import.xlsx_bad_text", self.ref, value)
        elif kind == "b":
            if value not in ("0", "1"):
                self._problem("import.xlsx_bad_cell", self.ref, value)
        elif kind == "d":
            try:
                from_ISO8601(value)
            except (ValueError, TypeError, OverflowError):
                self._problem("import.xlsx_bad_date", self.ref, value)

    def _dimension(self, ref: str) -> None:
        last = ref.rpartition(":")[2]
        match = _REF.fullmatch(last)
        if match is None:
            return  # openpyxl reads no size from it either; the rows are checked one by one
        if _column_index(match.group(1)) > MAX_COLUMNS or int(match.group(2)) > MAX_SHEET_ROW:
            self.problems.append(Problem(None, "", shown(ref), t(
                "import.xlsx_dimension", self.lang, ref=shown(ref), rows=number(MAX_SHEET_ROW, self.lang, 0),
                columns=MAX_COLUMNS, last=f"{_column_letters(MAX_COLUMNS)}{MAX_SHEET_ROW}")))
            raise _Stop("dimension")


def _xlsx_rows(data: bytes, lang: str) -> list[tuple[int, list[Any]]]:
    archive = _check_archive(data, lang)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a crafted workbook can break openpyxl anywhere; any failure is « cannot be read »
        raise _Refused([Problem(None, "", "", t("import.bad_xlsx", lang))]) from None
    try:
        return _sheet_rows(archive, book, lang)
    finally:
        book.close()


def _sheet_rows(archive: zipfile.ZipFile, book: Any, lang: str) -> list[tuple[int, list[Any]]]:
    if not book.worksheets:
        raise _Refused([Problem(None, "", "", t("import.bad_xlsx", lang))])
    sheet = book["mesures"] if "mesures" in book.sheetnames else book.worksheets[0]
    scan = _SheetScan(len(getattr(sheet, "_shared_strings", ()) or ()), set(getattr(book, "_date_formats", ()) or ())
                      | set(getattr(book, "_timedelta_formats", ()) or ()), lang)
    parser = _scanning(scan)
    try:
        _feed(parser, archive, sheet._worksheet_path)
    except _Stop:
        pass
    except (expat.ExpatError, KeyError, zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError):
        raise _Refused([*scan.problems, Problem(None, "", "", t("import.xlsx_broken", lang))]) from None
    if scan.problems:
        raise _Refused(scan.problems)
    if not scan.last_row or not scan.last_column:
        return []
    rows: list[tuple[int, list[Any]]] = []
    filled = 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for number_, values in enumerate(sheet.iter_rows(max_row=scan.last_row, max_col=scan.last_column,
                                                             values_only=True), 1):
                cells = [_cell(v) for v in values]
                if any(str(c).strip() for c in cells):
                    filled += 1
                    if filled > MAX_ROWS + 1:  # the header and MAX_ROWS rows
                        raise _Refused([Problem(None, "", "", t("import.too_many_rows", lang, max=number(MAX_ROWS, lang, 0)))])
                    rows.append((number_, cells))
    except _Refused:
        raise
    except Exception:  # whatever the scan let through, openpyxl's failure is a file problem
        row = rows[-1][0] + 1 if rows else None
        raise _Refused([Problem(row, "", "", t("import.xlsx_broken", lang))]) from None
    return rows


class Rows(list):
    """The data rows as (row number, {column: cell}); ``headers`` gives each column's header as the file
    writes it (« Valeur (°C) »), for the report."""

    def __init__(self, rows: list[tuple[int, dict[str, Any]]], headers: dict[str, str]) -> None:
        super().__init__(rows)
        self.headers = headers


def _headers(header_row: int, header: list[Any], lang: str, layout: Layout = MEASUREMENTS) -> dict[int, str]:
    """Which column each header cell names, by position; a missing column or one named twice is refused,
    and (``layout.strict``) a column the layout does not know."""
    found: dict[str, list[int]] = {}
    problems = []
    for i, cell in enumerate(header):
        if (name := _column_name(cell, layout.aliases)) in layout.columns:
            found.setdefault(name, []).append(i)
        elif layout.strict and name not in layout.ignored and str(cell).strip():
            problems.append(Problem(header_row, shown(cell, 60), shown(cell, 60),
                                    t("import.unknown_column", lang, columns=", ".join(layout.columns))))
    problems += [Problem(header_row, layout.label(c, lang), "",
                         t("import.missing_column", lang, column=layout.label(c, lang), code=c))
                 for c in layout.required if c not in found]
    problems += [Problem(header_row, layout.label(c, lang), " · ".join(shown(header[i], 60) for i in places),
                         t("import.column_twice", lang, column=layout.label(c, lang)))
                 for c, places in found.items() if len(places) > 1]
    if problems:
        raise _Refused(problems)
    return {places[0]: name for name, places in found.items()}


def read_rows(data: bytes, filename: str, lang: str = "fr", max_bytes: int | None = None,
              layout: Layout = MEASUREMENTS) -> Rows:
    """The data rows as (row number, {column: cell}); raises ``_Refused`` with the problems.

    Bounded before it is complete: the size first, then (XLSX) the unpacked size and the sheet's
    rows, columns and cells while streaming, (CSV) the columns and the length of every cell.
    """
    max_bytes = max_bytes or get_settings().max_upload_bytes
    name = (filename or "").lower()  # the whole name: a long one cut for display loses its extension
    filename = shown(filename, 200)
    if len(data) > max_bytes:
        raise _Refused([Problem(None, "", filename, t("import.too_large", lang, size=_size(len(data), lang), max=_size(max_bytes, lang)))])
    if not data.strip():
        raise _Refused([Problem(None, "", filename, t("import.empty", lang))])
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
    headers = _headers(header_row, header, lang, layout)
    rows = Rows([(n, {name: (cells[i] if i < len(cells) else "") for i, name in headers.items()})
                 for n, cells in table[1:]], {name: shown(header[i], 100) for i, name in headers.items()})
    if not rows:
        raise _Refused([Problem(None, "", filename, t("import.no_rows", lang))])
    if len(rows) > MAX_ROWS:
        raise _Refused([Problem(None, "", filename, t("import.too_many_rows", lang, max=number(MAX_ROWS, lang, 0)))])
    return rows


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def import_measurements(engine: Engine, actor: object, data: bytes, filename: str, submission_key: str | None = None,
                        today: date | None = None, lang: str = "fr", max_bytes: int | None = None) -> ImportReport:
    """Check every row, then write them all in one transaction — or none, with the report.

    The account comes first: one that may write nothing (signed out, disabled, read-only) is
    refused before a byte of the file is parsed. Then the file is read within its bounds.
    """
    today = today or date.today()
    try:
        with read_session(engine) as session:
            require_write_any(acting_user(session, actor))
        rows = read_rows(data, filename, lang, max_bytes)
        return _import(engine, actor, rows, shown(filename, 200), submission_key, today, lang)
    except _Refused as refused:
        return ImportReport(problems=refused.problems)
    except PermissionDenied as denied:
        return ImportReport(problems=[Problem(None, "", "", denied.message(lang))])


def schema_problems(item: Any, lang: str = "fr") -> dict[str, str]:
    """A checked measurement held to the open data's measurements schema (``data/schemas/measurements``:
    types, ranges, enums, lengths), so the import never stores a row the export would refuse; one
    message per field (``valid.schema.<constraint>``). The rules ``check_measurement`` holds stay there."""
    row = {"project_id": item.project_id, "indicator_code": item.indicator_code, "period_start": item.period_start,
           "value": item.value, "source": item.source, "state": ACTIVE, "is_demo": False}
    messages = {}
    for name, (kind, limit) in row_problems(table_schema("measurements"), row).items():
        shown_limit = ", ".join(map(str, limit)) if isinstance(limit, list) else (
            number(limit, lang, 0 if float(limit).is_integer() else 2) if isinstance(limit, int | float)
            and not isinstance(limit, bool) else limit)
        kind_label = t(f"opendata.type.{limit}", lang) if kind == "type" else ""
        messages[name] = t(f"valid.schema.{kind}", lang, value=shown(_text(row[name])), limit=shown_limit, type=kind_label)
    return messages


class _Names:
    """Rows found by code (case aside) or by name (accents, case and punctuation aside)."""

    def __init__(self, rows: list[Any], code: Any, names: Any) -> None:
        self.by_code = {code(row).lower(): row for row in rows}
        self.by_name: dict[str, list[Any]] = {}
        for row in rows:
            for name in dict.fromkeys(_plain(n) for n in names(row)):
                self.by_name.setdefault(name, []).append(row)

    def find(self, text: str) -> tuple[Any | None, list[Any]]:
        """The row ``text`` names, or None with the rows it may mean: several names it fits (as a whole
        or as their first words), or the one name it begins."""
        if (row := self.by_code.get(text.lower())) is not None:
            return row, []
        key = _plain(text)
        exact = self.by_name.get(key, [])
        if len(exact) == 1:
            return exact[0], []
        if exact or not key:
            return None, exact
        begun = {id(r): r for name, rows in self.by_name.items() if name.startswith(key + " ") for r in rows}
        return None, list(begun.values())


_CHOICES_SHOWN = 5


def _choices(rows: list[Any], label: Any, lang: str) -> str:
    """« Satisfaction des usagers » (USR-SATISF), « … » (…): the first few rows a name may mean."""
    listed = ", ".join(t("import.choice", lang, name=name, code=code) for name, code in map(label, rows[:_CHOICES_SHOWN]))
    return listed + (", …" if len(rows) > _CHOICES_SHOWN else "")


def _project_label(project: Project) -> tuple[str, str]:
    return project.name, project.slug


def _indicator_label(indicator: Indicator) -> tuple[str, str]:
    return indicator.name, indicator.code


def _not_found(kind: str, text: str, candidates: list[Any], label: Any, lang: str) -> str:
    """Why a name was not taken: it fits several (say which), or it only begins one (suggest it)."""
    key = f"import.ambiguous_{kind}" if len(candidates) > 1 else f"import.near_{kind}"
    return t(key, lang, value=shown(text), choices=_choices(candidates, label, lang))


def _import(engine: Engine, actor: object, rows: Rows, filename: str,
            submission_key: str | None, today: date, lang: str) -> ImportReport:
    keys = {n: f"{submission_key}#{n}" if submission_key else None for n, _ in rows}
    with write_session(engine) as session:
        user = acting_user(session, actor)
        if submission_key:
            done = session.exec(select(Measurement).where(Measurement.submission_key.in_(list(keys.values())))).all()
            if done:
                return ImportReport(written=len(done), already=True)
        projects = _Names(list(session.exec(select(Project)).all()), lambda p: p.slug, lambda p: [p.name])
        indicators = _Names(list(session.exec(select(Indicator)).all()), lambda i: i.code,
                            lambda i: [i.name, f"{i.name} ({i.unit})", display_name(i.code, i.name, "en")])
        problems: list[Problem] = []
        checked = []
        seen: dict[tuple, int] = {}
        skipped = 0
        for n, cells in rows:
            if not any(str(cells.get(column, "")).strip() for column in MEASURED):
                skipped += 1
                continue
            slug = str(cells.get("experimentation", "")).strip()
            code = str(cells.get("indicateur", "")).strip()
            project, project_candidates = projects.find(slug)
            indicator, indicator_candidates = indicators.find(code)
            if project is not None and not can_write_project(user, project):
                problems.append(Problem(n, rows.headers.get("experimentation", "experimentation"), slug,
                                        t("forms.error.not_your_commune", lang, project=project.name)))
                continue
            raw = {"project_id": project.id if project else slug, "indicator_code": indicator.code if indicator else code,
                   "period_start": period_cell(cells.get("debut_periode")),
                   "period_end": period_cell(cells.get("fin_periode"), end=True), "value": cells.get("valeur"),
                   "comment": cells.get("commentaire", ""), "source": cells.get("source", "")}
            item, errors = check_measurement(raw, project, indicator, today, lang)
            if item is not None and (errors := schema_problems(item, lang)):
                item = None
            if project_candidates:
                errors["project_id"] = _not_found("project", slug, project_candidates, _project_label, lang)
            if indicator_candidates:
                errors["indicator_code"] = _not_found("indicator", code, indicator_candidates, _indicator_label, lang)
            if item is not None:
                key = (item.project_id, item.indicator_code, item.period_start)
                if key in seen:
                    errors = {"period_start": t("import.duplicate_in_file", lang, row=seen[key])}
                elif active_duplicate(session, *key) is not None:
                    errors = {"period_start": t("valid.duplicate", lang)}
                seen.setdefault(key, n)
            for name, why in errors.items():
                column = FIELD_COLUMN.get(name, name)
                problems.append(Problem(n, rows.headers.get(column, column), shown(_text(cells.get(column, "")), 100), why))
            if not errors:
                checked.append((n, item))
        if problems:
            return ImportReport(problems=problems)
        if not checked:
            return ImportReport(problems=[Problem(None, "", filename, t("import.no_rows", lang))])
        batch = uuid.uuid4().hex
        for n, item in checked:
            row = _new_row(item, user, keys[n], import_batch=batch)
            session.add(row)
            session.flush()
            audit.record(session, user, "measurement.create", "measurement", row.id, None, audit.snapshot(row))
        audit.record(session, user, "measurement.import", "import", filename, None,
                     {"file": filename, "rows": len(checked), "batch": batch})
        return ImportReport(written=len(checked), skipped=skipped, batch=batch)
