"""The open data as the French ecosystem reads it: a Frictionless data package, validated, and a DCAT-AP catalogue.

- The Table Schemas live in ``data/schemas/<file>/schema.json`` (schema.data.gouv.fr's layout, with
  ``exemple-valide.csv`` and ``CHANGELOG.md``), read through :func:`qmi.files.table_schema`; nothing
  here repeats a column, a type or a constraint.
- :func:`package_descriptor` is ``datapackage.json``: one resource per CSV with its schema inline, the
  licence (Licence Ouverte 2.0), the sources (the documents the store cites, by their titles), the version.
- :func:`catalogue_descriptor` is ``catalogue.jsonld``: one ``dcat:Dataset`` per file, with its publisher,
  licence, update frequency, temporal coverage (the data's first and last dates), spatial coverage (the
  communes' INSEE codes) and its distribution at a stable address (``<base>/api/v1/export/<file>.csv``).
- :func:`export_package` writes the CSVs and both descriptors into a temporary folder beside OUTDIR,
  validates them with ``frictionless`` (types, constraints, primary and foreign keys), and only then
  moves them into OUTDIR; an export that does not validate raises :class:`ExportRefused` carrying the
  validator's report, and OUTDIR is left as it was.

``frictionless`` is imported inside the functions that validate: the app's pages never pay for it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import select, union
from sqlalchemy.engine import Engine

from qmi.config import get_settings
from qmi.db import frame
from qmi.domain.values import is_missing
from qmi.files import table_schema
from qmi.i18n import catalog, t, tn
from qmi.i18n.sources import cited_keys
from qmi.i18n.sources import title as document_title
from qmi.models import Commune, Event, FieldEvidence, Indicator, Lesson, ProgrammeFigure, Project
from qmi.outputs.links import public_base
from qmi.outputs.tables import csv_text, open_data_tables

PACKAGE_NAME = "qmi-donnees-ouvertes"
PACKAGE_VERSION = "1.0.0"  # semver: a column added at the end is a minor version, any other change a major one
LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence version 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}
PACKAGE_FILE, CATALOGUE_FILE = "datapackage.json", "catalogue.jsonld"
API_EXPORT = "/api/v1/export"  # where the HTTP API serves each file: <base>/api/v1/export/<file>.csv
API_CATALOGUE = "/api/v1/catalogue.jsonld"
# The files whose rows the record gives and staff maintain now and then; the others change whenever
# someone enters a value (EU frequency vocabulary: IRREG, CONT).
REFERENCE_FILES = frozenset({"communes", "indicators", "figures"})
FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
CSV_FORMAT = "http://publications.europa.eu/resource/authority/file-type/CSV"
CSV_MEDIA_TYPE = "https://www.iana.org/assignments/media-types/text/csv"
COMMUNE_URI = "http://id.insee.fr/geo/commune/{code}"
INSEE_FIELDS = ("insee_code", "commune_insee", "host_insee", "from_commune_insee", "to_commune_insee")
# The keys of schema.json that describe the schema's own publication (schema.data.gouv.fr), not the file.
_PUBLICATION_KEYS = ("$schema", "path", "resources", "homepage", "countryCode", "created", "lastModified")
MAX_PROBLEMS_SHOWN = 50
CELL_SHOWN = 60  # characters of a cell the report quotes
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


# The open-data files, by name without ``.csv``, in the export's order (``open_data_tables``; a test holds them equal).
FILES = (
    "communes", "projects", "assessments", "assessor_scores", "indicators", "measurements", "events", "figures",
    "lessons", "field_evidence", "transfers", "evidence_levels", "freshness", "indicateurs_avancement",
)


def resource_name(file: str) -> str:
    """A file's resource name in the package: Frictionless names take hyphens (``field-evidence``)."""
    return file.replace("_", "-")


def file_schema(file: str) -> dict:
    """The file's Table Schema as the package holds it: the schema without its publication keys."""
    schema = table_schema(file)
    for key in _PUBLICATION_KEYS:
        schema.pop(key, None)
    return schema


def _base(base: str | None) -> str:
    return (base if base is not None else public_base(get_settings().public_base_url)).rstrip("/")


def export_url(file: str, base: str | None = None) -> str:
    """The stable address of a file: ``<base>/api/v1/export/<file>.csv`` (base: ``QMI_PUBLIC_BASE_URL``)."""
    return f"{_base(base)}{API_EXPORT}/{file}.csv"


def _cited_sources(engine: Engine) -> list[str]:
    """Every distinct source the exported facts carry."""
    statement = union(*(select(model.source.label("source")).distinct() for model in
                        (Commune, Project, Event, ProgrammeFigure, Indicator, Lesson, FieldEvidence)))
    return [s for s in frame(engine, statement)["source"] if isinstance(s, str)]


def package_sources(engine: Engine) -> list[dict[str, str]]:
    """The package's ``sources``: the documents the store cites (their titles, ``qmi.i18n.sources``), then
    what people entered in the app and the demo set, named as such."""
    documents = [{"title": document_title(key)} for key in cited_keys(_cited_sources(engine))]
    return [*documents, {"title": t("opendata.source.app")}, {"title": t("opendata.source.demo")}]


def package_descriptor(engine: Engine, base: str | None = None, urls: bool = False) -> dict:
    """``datapackage.json``: one resource per open-data file, its Table Schema inline.

    The resources' ``path`` is the file's name beside the descriptor (the export), or with ``urls`` its
    stable address under ``base`` (the HTTP API's ``/api/v1/datapackage.json``)."""
    settings = get_settings()
    resources = []
    for file in FILES:
        schema = file_schema(file)
        resources.append({
            "name": resource_name(file),
            "path": export_url(file, base) if urls else f"{file}.csv",
            "title": schema.get("title", file),
            "description": schema.get("description", ""),
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "licenses": [LICENCE],
            "schema": schema,
        })
    return {
        "name": PACKAGE_NAME,
        "title": t("opendata.package.title"),
        "description": t("opendata.package.description"),
        "version": PACKAGE_VERSION,
        "licenses": [LICENCE],
        "contributors": [{"title": settings.data_publisher, "role": "publisher"}],
        "sources": package_sources(engine),
        "keywords": ["Quartiers Métropolitains d'Innovation", "Métropole du Grand Paris", "expérimentation urbaine",
                     "innovation", "évaluation"],
        "resources": resources,
    }


# --- the DCAT-AP catalogue --------------------------------------------------------------------------


def _literal(text: str) -> dict:
    return {"@value": text, "@language": "fr"}


def temporal_span(file: str, table: pd.DataFrame) -> tuple[str, str] | None:
    """The first and last dates of a file's rows: its date columns, or its timestamps when it has none."""
    fields = file_schema(file)["fields"]
    columns = [f["name"] for f in fields if f["type"] == "date"] or [f["name"] for f in fields if f["type"] == "datetime"]
    days = [pd.to_datetime(table[c], errors="coerce", utc=True) for c in columns if c in table.columns and len(table)]
    first = [d.min() for d in days if d.notna().any()]
    last = [d.max() for d in days if d.notna().any()]
    return (min(first).date().isoformat(), max(last).date().isoformat()) if first else None


def communes_of(file: str, table: pd.DataFrame, programme: list[str]) -> list[str]:
    """The INSEE codes a file's rows are about: its commune columns, or the programme's when it has none."""
    columns = [c for c in INSEE_FIELDS if c in table.columns]
    if not columns:
        return programme
    return sorted({str(code) for column in columns for code in table[column] if not is_missing(code) and code != ""})


def catalogue_descriptor(engine: Engine, tables: dict[str, pd.DataFrame] | None = None, base: str | None = None) -> dict:
    """``catalogue.jsonld``: a DCAT-AP catalogue with one ``dcat:Dataset`` per open-data file.

    ``tables`` are the export's (``open_data_tables``), read again when not given: the coverage is the
    data's own. The publisher is ``QMI_DATA_PUBLISHER`` (« Métropole du Grand Paris / Paris&Co »); the
    addresses start with ``QMI_PUBLIC_BASE_URL``."""
    tables = open_data_tables(engine) if tables is None else tables
    base = _base(base)
    publisher = {"@type": "foaf:Organization", "foaf:name": get_settings().data_publisher}
    contact = {"@type": "vcard:Organization", "vcard:fn": get_settings().data_publisher}
    licence = {"@id": LICENCE["path"]}
    communes = tables.get("communes")
    programme = sorted(map(str, communes["insee_code"])) if communes is not None else []
    datasets = []
    for file in FILES:
        table = tables.get(file, pd.DataFrame())
        schema = file_schema(file)
        url = export_url(file, base)
        dataset: dict[str, Any] = {
            "@id": f"{base}{API_CATALOGUE}#{resource_name(file)}",
            "@type": "dcat:Dataset",
            "dct:identifier": f"{PACKAGE_NAME}/{resource_name(file)}",
            "dct:title": _literal(schema.get("title", file)),
            "dct:description": _literal(schema.get("description", "")),
            "dct:publisher": publisher,
            "dcat:contactPoint": contact,
            "dct:license": licence,
            "dct:accrualPeriodicity": {"@id": FREQUENCY + ("IRREG" if file in REFERENCE_FILES else "CONT")},
            "dct:spatial": [{"@id": COMMUNE_URI.format(code=code)} for code in communes_of(file, table, programme)],
            "owl:versionInfo": schema.get("version", PACKAGE_VERSION),
            "dcat:distribution": [{
                "@id": url,
                "@type": "dcat:Distribution",
                "dct:title": _literal(f"{file}.csv"),
                "dcat:accessURL": {"@id": url},
                "dcat:downloadURL": {"@id": url},
                "dct:format": {"@id": CSV_FORMAT},
                "dcat:mediaType": {"@id": CSV_MEDIA_TYPE},
                "dct:license": licence,
            }],
        }
        if (span := temporal_span(file, table)) is not None:
            dataset["dct:temporal"] = {
                "@type": "dct:PeriodOfTime",
                "dcat:startDate": {"@value": span[0], "@type": "xsd:date"},
                "dcat:endDate": {"@value": span[1], "@type": "xsd:date"},
            }
        datasets.append(dataset)
    return {
        "@context": CONTEXT | {"owl": "http://www.w3.org/2002/07/owl#"},
        "@id": f"{base}{API_CATALOGUE}",
        "@type": "dcat:Catalog",
        "dct:title": _literal(t("opendata.catalogue.title")),
        "dct:description": _literal(t("opendata.package.description")),
        "dct:publisher": publisher,
        "dct:license": licence,
        "dct:modified": {"@value": datetime.now(UTC).date().isoformat(), "@type": "xsd:date"},
        "dcat:dataset": datasets,
    }


# --- validation and the export ----------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One error of the validator's report: where (file, row, column) and why, in words."""

    file: str
    row: int | None
    field: str
    kind: str  # the validator's error type (type-error, constraint-error, foreign-key…)
    why: str

    def text(self, lang: str = "fr") -> str:
        if self.row is not None and self.field:
            where = t("opendata.where.cell", lang, file=self.file, row=self.row, field=self.field)
        elif self.row is not None:
            where = t("opendata.where.row", lang, file=self.file, row=self.row)
        else:
            where = t("opendata.where.file", lang, file=self.file)
        return f"{where} : {self.why}" if lang == "fr" else f"{where}: {self.why}"


class ExportRefused(Exception):
    """The export did not validate: nothing was written to OUTDIR; ``problems`` is the validator's report."""

    def __init__(self, problems: list[Problem], outdir: Path) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems, self.outdir = problems, outdir

    def lines(self, lang: str = "fr") -> list[str]:
        """The report as people read it: what happened, then one line per problem (the first 50)."""
        lines = [tn("opendata.refused", len(self.problems), lang, outdir=self.outdir)]
        lines += [f"- {p.text(lang)}" for p in self.problems[:MAX_PROBLEMS_SHOWN]]
        if len(self.problems) > MAX_PROBLEMS_SHOWN:
            lines.append(tn("opendata.more", len(self.problems) - MAX_PROBLEMS_SHOWN, lang))
        return lines


_CONSTRAINT = re.compile(r'constraint "(\w+)" is "(.*)"', re.S)
_REFERENCE = re.compile(r'for "(.*?)": values "(.*?)" not found in the lookup table "(.*?)" as "(.*?)"', re.S)


def _why(error: Any, lang: str) -> str:
    kind = getattr(error, "type", "")
    cell = str(getattr(error, "cell", "") or "")
    cell = cell if len(cell) <= CELL_SHOWN else cell[:CELL_SHOWN] + "…"
    note = str(getattr(error, "note", "") or "")
    if kind == "type-error":
        field_type = ""
        match = re.search(r'type is "(\w+)', note)
        if match:
            key = f"opendata.type.{match.group(1)}"
            field_type = t(key, lang) if key in catalog() else match.group(1)
        return t("opendata.error.type-error", lang, cell=cell, type=field_type or note)
    if kind == "constraint-error" and (match := _CONSTRAINT.search(note)):
        name, value = match.groups()
        key = f"opendata.constraint.{name}"
        constraint = t(key, lang, value=value) if key in catalog() else note
        return t("opendata.error.constraint-error", lang, cell=cell, constraint=constraint)
    if kind == "foreign-key" and (match := _REFERENCE.search(note)):
        field, values, target, column = match.groups()
        target = f"{target.replace('-', '_')}.csv" if target else t("opendata.this_file", lang)
        return t("opendata.error.foreign-key.known", lang, cell=values, field=field, target=target, column=column)
    key = f"opendata.error.{kind}"
    if key in catalog():
        return t(key, lang, cell=cell, note=note)
    return t("opendata.error.other", lang, title=getattr(error, "title", kind), message=getattr(error, "message", note))


def validate_folder(folder: Path, lang: str = "fr") -> list[Problem]:
    """``frictionless`` run over ``folder/datapackage.json`` (every file, its schema, primary and foreign
    keys): the problems it finds, none when the package is valid."""
    from frictionless import Package

    report = Package(str(folder / PACKAGE_FILE)).validate(limit_errors=1000)
    problems = [Problem(PACKAGE_FILE, None, "", error.type, _why(error, lang)) for error in report.errors]
    for task in report.tasks:
        file = Path(str(task.place)).name if task.place else f"{task.name}.csv"
        for error in task.errors:
            problems.append(Problem(file, getattr(error, "row_number", None), getattr(error, "field_name", "") or "",
                                    error.type, _why(error, lang)))
    return problems


def write_files(engine: Engine, folder: Path, tables: dict[str, pd.DataFrame] | None = None) -> list[Path]:
    """The CSVs (formula guard on every cell), ``datapackage.json`` and ``catalogue.jsonld`` into ``folder``."""
    tables = open_data_tables(engine) if tables is None else tables
    written = []
    for file in FILES:
        path = folder / f"{file}.csv"
        path.write_text(csv_text(tables[file]), encoding="utf-8", newline="")
        written.append(path)
    for name, descriptor in ((PACKAGE_FILE, package_descriptor(engine)),
                             (CATALOGUE_FILE, catalogue_descriptor(engine, tables))):
        path = folder / name
        path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


def export_package(engine: Engine, outdir: Path, lang: str = "fr") -> list[Path]:
    """The whole open data, validated, in ``outdir``; :class:`ExportRefused` (``outdir`` untouched) when
    the files do not validate. Written first into a temporary folder beside ``outdir``."""
    outdir = Path(outdir)
    outdir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{outdir.name}-", dir=outdir.parent))
    try:
        written = write_files(engine, staging)
        if problems := validate_folder(staging, lang):
            raise ExportRefused(problems, outdir)
        outdir.mkdir(exist_ok=True)
        for path in written:
            os.replace(path, outdir / path.name)
        return [outdir / path.name for path in written]
    finally:
        shutil.rmtree(staging, ignore_errors=True)
