"""Tabular exports: open data (CSV per table) and downloads (CSV/XLSX), guarded against formula injection."""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlalchemy.engine import Engine

from qmi.db import frame
from qmi.domain.scoring import basis_of, index_sql, whole
from qmi.domain.text import GUARD, runs_as_formula
from qmi.files import table_schema
from qmi.i18n import formatting, t
from qmi.i18n.sources import describe
from qmi.models import (
    APPROVED,
    CRITERIA,
    Assessment,
    Commune,
    Event,
    FieldEvidence,
    Indicator,
    Lesson,
    Measurement,
    ProgrammeFigure,
    Project,
)
from qmi.queries import assessors as assessor_queries
from qmi.queries import evidence as evidence_queries
from qmi.queries import freshness as freshness_queries
from qmi.queries import indicators as indicator_queries
from qmi.queries import transfers as transfer_queries

CSV_LINE_END = "\r\n"  # RFC 4180; with it, pandas quotes every field that holds a CR or a LF
# What French Excel expects of a CSV it opens with a double click.
EXCEL_SEPARATOR, EXCEL_DECIMAL = ";", ","
# Spreadsheet cells: formats are written once in the file and localised by Excel (decimal comma, day first).
DATE_FORMAT, DATETIME_FORMAT, INTEGER_FORMAT = "dd/mm/yyyy", "dd/mm/yyyy hh:mm", "0"
_DATE_FORMATS = {date: DATE_FORMAT, datetime: DATETIME_FORMAT}
MAX_PLACES = 3  # decimals shown at most; the cell keeps its full value
MIN_WIDTH, MAX_WIDTH = 8, 60  # column widths, in characters; longer text wraps
MAX_SHEET_NAME = 31  # Excel's limit
DANGLING_WORDS = frozenset("de des du d' la le les l' et à au aux en par pour sur of the and by for in on to a".split())
LOCAL_TIME = ZoneInfo("Europe/Paris")  # timestamps are stored in UTC; the Métropole reads them in Paris time
PERCENT_FORMAT = "0%"


class Share(float):
    """A share from 0 to 1 that a downloaded table shows as a percentage (« 42 % » on screen): the
    workbook keeps the number with a percent format, the CSV writes « 42% »."""


def neutralise(value: object) -> object:
    """Text a spreadsheet could run as a formula (``qmi.domain.text.runs_as_formula``) gets a leading
    apostrophe; numbers stay numbers."""
    if isinstance(value, str) and runs_as_formula(value):
        return GUARD + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    safe = frame.copy()
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            # Built as objects: Series.map would infer a dtype and write a whole score 2 beside 1.5 as 2.0.
            safe[column] = pd.Series([neutralise(v) for v in safe[column]], index=safe.index, dtype=object)
    return safe


def csv_text(frame: pd.DataFrame) -> str:
    """The open-data CSV (a contract): guarded cells, commas, decimal points, every CR or LF inside a field quoted."""
    return neutralise_frame(frame).to_csv(index=False, lineterminator=CSV_LINE_END)


def csv_bytes(frame: pd.DataFrame, lang: str = "fr") -> bytes:
    """The CSV French Excel opens in columns: « ; » between fields, decimal commas, dates as 31/12/2026,
    yes / no for true / false, UTF-8 with a BOM (accents read right), guarded cells."""
    cells = pd.DataFrame({column: [_csv_cell(value, lang) for value in frame[column]] for column in frame.columns})
    cells.columns = [neutralise(str(column)) for column in frame.columns]
    text = cells.to_csv(index=False, sep=EXCEL_SEPARATOR, lineterminator=CSV_LINE_END)
    return text.encode("utf-8-sig")


def _csv_cell(value: object, lang: str) -> object:
    value = _cell(value, lang)
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Share):
        return _decimal_text(round(value * 100, 1)) + "%"
    if isinstance(value, float):
        return _decimal_text(value)
    return value


def _decimal_text(value: float) -> str:
    """A float with a decimal comma and no exponent (the column may also hold ints and text)."""
    return np.format_float_positional(value, trim="-").replace(".", EXCEL_DECIMAL)


def _cell(value: object, lang: str) -> object:
    """One value as a spreadsheet cell holds it: None for a missing one, yes / no text for a boolean,
    Python numbers and (time-zone free) dates, guarded text."""
    if value is None or value is pd.NaT or (isinstance(value, float | np.floating) and math.isnan(value)):
        return None
    if isinstance(value, bool | np.bool_):
        return t("exports.yes" if value else "exports.no", lang)
    if isinstance(value, np.integer | int):
        return int(value)
    if isinstance(value, Share):
        return value
    if isinstance(value, np.floating | float):
        return float(value)
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        return value.astimezone(LOCAL_TIME).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, date):
        return value
    return neutralise(value if isinstance(value, str) else str(value))


def sheet_name(name: str, taken: Iterable[str] = ()) -> str:
    """A sheet name Excel accepts (≤ 31 characters, none of ``[]:*?/\\``) that reads as words: whole words
    kept while they fit, no dangling « des » or « — » at the end, « (2) » after a name already ``taken``."""
    words = re.sub(r"[\[\]:*?/\\]", " ", name).strip(" '").split()
    kept: list[str] = []
    for word in words:
        if len(" ".join([*kept, word])) > MAX_SHEET_NAME:
            break
        kept.append(word)
    if len(kept) < len(words):
        while len(kept) > 1 and (kept[-1].lower() in DANGLING_WORDS or not any(c.isalnum() for c in kept[-1])):
            kept.pop()
    short = " ".join(kept) or (words[0][:MAX_SHEET_NAME] if words else "export")
    taken = {n.lower() for n in taken}
    candidate, n = short, 1
    while candidate.lower() in taken:
        n += 1
        suffix = f" ({n})"
        candidate = short[:MAX_SHEET_NAME - len(suffix)].rstrip() + suffix
    return candidate


def table_notes(title: str, lang: str = "fr", source: str | None = None, demo: bool = False,
          today: date | None = None) -> tuple[str, ...]:
    """What a downloaded table says about itself in its first rows: its title, its sources (as document
    titles), that it holds illustrative values when ``demo``, and the programme and day it comes from."""
    lines = [title]
    if source:
        lines.append(formatting.label_value(t("common.source", lang), describe(source), lang))
    if demo:
        lines.append(t("exports.note_demo", lang))
    lines.append(t("exports.note_exported", lang, app=t("app.title", lang), day=formatting.day(today or date.today(), lang)))
    return tuple(lines)


def xlsx_bytes(frames: dict[str, pd.DataFrame], lang: str = "fr", notes: Sequence[str] = ()) -> bytes:
    """A workbook with one sheet per table: numbers and dates as such (shown with the reader's decimal
    comma and date order), yes / no for true / false, widths from the content, guarded text.

    ``notes`` (the table's title, its sources, the demo warning, when it was exported) stand in the
    first rows, above the header; the header row and everything above it stay frozen when scrolling.
    """
    book = Workbook()
    book.remove(book.active)
    for name, table in frames.items():
        sheet = book.create_sheet(sheet_name(name, book.sheetnames))
        for row, line in enumerate(notes, start=1):
            sheet.cell(row=row, column=1, value=neutralise(line)).data_type = "s"
        if notes:
            sheet["A1"].font = Font(bold=True, size=13)
        _write_table(sheet, table, lang, header_row=len(notes) + 2 if notes else 1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write_table(sheet: Worksheet, frame: pd.DataFrame, lang: str, header_row: int) -> None:
    """The header (bold, filterable) and the rows, each column given its number format and width."""
    columns = [[_cell(value, lang) for value in frame[column]] for column in frame.columns]
    for position, (title, values) in enumerate(zip(frame.columns, columns), start=1):
        head = sheet.cell(row=header_row, column=position, value=neutralise(str(title)))
        head.font = Font(bold=True)
        head.alignment = Alignment(wrap_text=True, vertical="top")
        number_format = _number_format(values)
        width = _width(str(title), values, number_format)
        wrap = Alignment(wrap_text=True, vertical="top") if width == MAX_WIDTH else None
        for row, value in enumerate(values, start=header_row + 1):
            cell = sheet.cell(row=row, column=position, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever openpyxl would guess
            elif number_format and value is not None:
                cell.number_format = _DATE_FORMATS.get(type(value), number_format)
            if wrap:
                cell.alignment = wrap
        sheet.column_dimensions[get_column_letter(position)].width = width
    last = get_column_letter(max(len(frame.columns), 1))
    sheet.freeze_panes = f"A{header_row + 1}"
    if len(frame.columns):
        sheet.auto_filter.ref = f"A{header_row}:{last}{header_row + len(frame)}"


def _number_format(values: list[object]) -> str | None:
    """The format of a column's numbers: whole numbers as typed, decimals with as many places as the
    most precise value needs (up to three), dates day first; None for text."""
    numbers = [v for v in values if isinstance(v, int | float)]
    if any(isinstance(v, date) for v in values):
        return DATE_FORMAT
    if numbers and all(isinstance(v, Share) for v in numbers):
        return PERCENT_FORMAT
    if not numbers:
        return None
    places = max((len(_decimal_text(float(v)).partition(EXCEL_DECIMAL)[2]) for v in numbers), default=0)
    places = min(places, MAX_PLACES)
    if not places:
        return INTEGER_FORMAT if all(isinstance(v, int) for v in numbers) else "#,##0"
    return "#,##0." + "0" * places


def _width(title: str, values: list[object], number_format: str | None) -> float:
    """A column's width in characters: its longest line of text (the header's words count one by one,
    since the header wraps), within bounds."""
    lengths = [max(len(word) for word in title.split()) if title.strip() else 0]
    for value in values:
        if isinstance(value, str):
            lengths.append(max(len(line) for line in value.splitlines()) if value else 0)
        elif isinstance(value, datetime):
            lengths.append(16)
        elif isinstance(value, date):
            lengths.append(10)
        elif isinstance(value, Share):
            lengths.append(5)
        elif isinstance(value, int | float):
            places = len(number_format.partition(".")[2]) if number_format else 0
            lengths.append(len(f"{value:,.{places}f}"))
    return float(min(MAX_WIDTH, max(MIN_WIDTH, max(lengths) + 2)))


def _status(level: object, abandoned: object) -> str:
    if bool(abandoned):
        return "abandoned"
    return "" if pd.isna(level) else str(int(level))


def open_data_tables(engine: Engine, today: date | None = None) -> dict[str, pd.DataFrame]:
    """The open-data tables; the first columns of each are a contract other tools rely on. ``today`` is the day
    the freshness of the indicators is computed for (today unless told)."""
    communes = frame(
        engine,
        select(
            Commune.insee_code, Commune.name, Commune.departement, Commune.edition_id.label("edition"),
            Commune.latitude, Commune.longitude, Commune.population, Commune.area_km2,
            Commune.innovation_district, Commune.source,
        )
        .where(Commune.edition_id.is_not(None))
        .order_by(Commune.edition_id, Commune.name),
    )
    projects = frame(
        engine,
        select(
            Project.id, Project.name, Project.organisation, Project.commune_insee, Project.edition_id.label("edition"),
            Project.family_code.label("family"), Project.challenge_code.label("urban_challenge"),
            Project.deployment_level, Project.abandoned, Project.is_demo, Project.challenge_status,
            Project.status_is_demo, Project.type_tags, Project.source,
            Project.slug, Project.description, Project.start_date, Project.end_date, Project.archived,
        ).order_by(Project.id),
    )
    projects.insert(7, "status", [_status(level, abandoned) for level, abandoned in zip(projects.pop("deployment_level"), projects.pop("abandoned"))])
    assessments = frame(
        engine,
        select(
            Assessment.project_id, Assessment.assessed_on, Assessment.deployment, Assessment.commercial_traction,
            Assessment.industrialisation, Assessment.operational_ease, Assessment.financial_stability,
            index_sql().label("index"), Assessment.is_demo, Assessment.assessor,
            Assessment.assessor_count, Assessment.consolidated_at,
        ).where(Assessment.deployment.is_not(None))  # an assessment nobody has submitted has no scores yet
        .order_by(Assessment.project_id, Assessment.assessed_on),
    )
    # The scores the index uses (the rule of qmi.domain.scoring.index_scores): whole ones as 2, a
    # mean of assessors as 1.5; then which they are: consolidated, mean (of assessor_count) or single.
    for column in (*CRITERIA, "index"):
        assessments[column] = pd.Series([whole(v) for v in assessments[column]], index=assessments.index, dtype=object)
    assessments["score_basis"] = [basis_of(pd.notna(at), int(n)) for at, n in
                                  zip(assessments["consolidated_at"], assessments["assessor_count"])]
    assessments = assessments[[c for c in assessments.columns if c != "consolidated_at"] + ["consolidated_at"]]
    assessor_scores = assessor_queries.all_scores(engine)
    indicators = frame(
        engine,
        select(
            Indicator.code, Indicator.name, Indicator.category, Indicator.unit, Indicator.value_type,
            Indicator.min_value, Indicator.max_value, Indicator.direction, Indicator.sdg_target,
        ).order_by(Indicator.code),
    )
    measurements = frame(
        engine,
        select(
            Measurement.id, Measurement.project_id, Measurement.indicator_code, Measurement.period_start,
            Measurement.value, Measurement.entered_by, Measurement.entered_at, Measurement.is_demo,
            Measurement.state, Measurement.supersedes_id, Measurement.source,
            Measurement.review_state, Measurement.reviewed_by, Measurement.reviewed_at,
        ).where(Measurement.review_state == APPROVED)  # published once a second person approved it (issue #18)
        .order_by(Measurement.id),
    )
    events = frame(
        engine,
        select(Event.event_key, Event.host_insee, Event.held_on, Event.format, Event.attendance, Event.source, Event.note,
               Event.date_precision, Event.source_detail, Event.archived)
        .order_by(Event.held_on, Event.id),
    )
    figures = frame(
        engine,
        select(ProgrammeFigure.key, ProgrammeFigure.label, ProgrammeFigure.value, ProgrammeFigure.unit,
               ProgrammeFigure.source, ProgrammeFigure.note, ProgrammeFigure.archived)
        .order_by(ProgrammeFigure.position, ProgrammeFigure.key),
    )
    lessons = frame(
        engine,
        select(
            Project.slug.label("project_slug"), Lesson.kind, Lesson.text, Lesson.evidence, Lesson.source, Lesson.is_demo,
            Lesson.id, Lesson.title, Lesson.evidence_id, Lesson.entered_by, Lesson.entered_at, Lesson.archived,
        ).join(Project, Project.id == Lesson.project_id).order_by(Lesson.id),
    )
    lessons["evidence_id"] = lessons["evidence_id"].astype("Int64")  # an id, blank when none (never « 3.0 »)
    field_evidence = frame(
        engine,
        select(
            FieldEvidence.id, Project.slug.label("project_slug"), FieldEvidence.observed_on,
            FieldEvidence.date_precision, FieldEvidence.kind, FieldEvidence.met_roles, FieldEvidence.summary,
            FieldEvidence.links, FieldEvidence.source, FieldEvidence.is_demo, FieldEvidence.entered_by,
            FieldEvidence.entered_at, FieldEvidence.archived,
        ).join(Project, Project.id == FieldEvidence.project_id).order_by(FieldEvidence.id),
    )
    tables = {
        "communes": communes,
        "projects": projects,
        "assessments": assessments,
        "assessor_scores": assessor_scores,
        "indicators": indicators,
        "measurements": measurements,
        "events": events,
        "figures": figures,
        "lessons": lessons,
        "field_evidence": field_evidence,
        "transfers": transfer_queries.export_table(engine),
        "evidence_levels": evidence_queries.levels(engine),
        "freshness": freshness_queries.export_table(engine, today or date.today()),
        "indicateurs_avancement": indicator_queries.progress_table(engine),
    }
    return {name: _whole_numbers(name, table) for name, table in tables.items()}


def _whole_numbers(name: str, table: pd.DataFrame) -> pd.DataFrame:
    """The columns the file's Table Schema types as integers written as such: a column with a blank
    (a commune without population) is read as floats, and « 19470.0 » is no integer."""
    for field in table_schema(name)["fields"]:
        column = field["name"]
        if field["type"] == "integer" and column in table.columns and pd.api.types.is_float_dtype(table[column]):
            table[column] = table[column].astype("Int64")
    return table


def export_open_data(engine: Engine, outdir: Path) -> list[Path]:
    """One UTF-8 CSV per table (no BOM: this is for machines)."""
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in open_data_tables(engine).items():
        path = outdir / f"{name}.csv"
        path.write_text(csv_text(table), encoding="utf-8", newline="")
        written.append(path)
    return written
