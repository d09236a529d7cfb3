"""Tabular exports: open data (CSV per table) and downloads (CSV/XLSX), guarded against formula injection."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine

from qmi.db import frame
from qmi.domain.scoring import index_sql
from qmi.models import Assessment, Commune, Event, Indicator, Measurement, ProgrammeFigure, Project

# What a spreadsheet may read as the start of a formula or a DDE call, once fullwidth and other
# compatibility forms are folded (NFKC: « ＝ » is « = »).
FORMULA_STARTS = frozenset("=+-@|%")
CONTROL_STARTS = frozenset("\t\r\n")
# Unicode categories skipped before the first visible character: spaces (NBSP, narrow NBSP…),
# format characters (BOM, zero-width joiners, word joiner) and control characters.
INVISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cf", "Cc"})
CSV_LINE_END = "\r\n"  # RFC 4180; with it, pandas quotes every field that holds a CR or a LF


def _first_visible(text: str) -> str:
    for character in text:
        if not character.isspace() and unicodedata.category(character) not in INVISIBLE_CATEGORIES:
            return unicodedata.normalize("NFKC", character)[:1]
    return ""


def neutralise(value: object) -> object:
    """Text a spreadsheet could run as a formula gets a leading apostrophe; numbers stay numbers.

    The test looks past leading spaces and invisible characters, and folds fullwidth forms, since
    spreadsheets do; a text starting with a tab, CR or LF is neutralised too.
    """
    if isinstance(value, str) and (value[:1] in CONTROL_STARTS or _first_visible(value) in FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    safe = frame.copy()
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    return safe


def csv_text(frame: pd.DataFrame) -> str:
    """The one way a table becomes CSV: guarded cells, and every CR or LF inside a field quoted."""
    return neutralise_frame(frame).to_csv(index=False, lineterminator=CSV_LINE_END)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a BOM so that French spreadsheets open accents right."""
    return csv_text(frame).encode("utf-8-sig")


def xlsx_bytes(frames: dict[str, pd.DataFrame]) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for sheet, frame in frames.items():
            neutralise_frame(frame).to_excel(writer, sheet_name=sheet[:31], index=False)
    return buffer.getvalue()


def _status(level: object, abandoned: object) -> str:
    if bool(abandoned):
        return "abandoned"
    return "" if pd.isna(level) else str(int(level))


def open_data_tables(engine: Engine) -> dict[str, pd.DataFrame]:
    """The open-data tables; the first columns of each are a contract other tools rely on."""
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
        ).order_by(Project.id),
    )
    projects.insert(7, "status", [_status(level, abandoned) for level, abandoned in zip(projects.pop("deployment_level"), projects.pop("abandoned"))])
    assessments = frame(
        engine,
        select(
            Assessment.project_id, Assessment.assessed_on, Assessment.deployment, Assessment.commercial_traction,
            Assessment.industrialisation, Assessment.operational_ease, Assessment.financial_stability,
            index_sql().label("index"), Assessment.is_demo, Assessment.assessor,
        ).order_by(Assessment.project_id, Assessment.assessed_on),
    )
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
        ).order_by(Measurement.id),
    )
    events = frame(
        engine,
        select(Event.event_key, Event.host_insee, Event.held_on, Event.format, Event.attendance, Event.source, Event.note)
        .order_by(Event.held_on),
    )
    figures = frame(
        engine,
        select(ProgrammeFigure.key, ProgrammeFigure.label, ProgrammeFigure.value, ProgrammeFigure.unit,
               ProgrammeFigure.source, ProgrammeFigure.note)
        .order_by(ProgrammeFigure.position, ProgrammeFigure.key),
    )
    return {
        "communes": communes,
        "projects": projects,
        "assessments": assessments,
        "indicators": indicators,
        "measurements": measurements,
        "events": events,
        "figures": figures,
    }


def export_open_data(engine: Engine, outdir: Path) -> list[Path]:
    """One UTF-8 CSV per table (no BOM: this is for machines)."""
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in open_data_tables(engine).items():
        path = outdir / f"{name}.csv"
        path.write_text(csv_text(table), encoding="utf-8", newline="")
        written.append(path)
    return written
