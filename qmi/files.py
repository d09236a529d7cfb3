"""Reading the files shipped with the app: the public record (data/reference), the geography (data/geo) and
the open-data Table Schemas (data/schemas)."""

from __future__ import annotations

import copy
import csv
import json
from functools import cache
from pathlib import Path

from qmi.config import GEO_DIR, REFERENCE_DIR, SCHEMA_DIR

GEO_FILE = GEO_DIR / "metropole.geojson"
GEO_SOURCE = "data/geo/SOURCE.md"  # the geography's source, as the record stores it (its title: qmi.i18n.sources)


def read_csv(name: str, directory: Path = REFERENCE_DIR) -> list[dict[str, str]]:
    with open(directory / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_geojson() -> dict:
    return json.loads(GEO_FILE.read_text(encoding="utf-8"))


@cache
def _schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name / "schema.json").read_text(encoding="utf-8"))


def table_schema(name: str) -> dict:
    """The Table Schema of the open-data file ``<name>.csv`` (``data/schemas/<name>/schema.json``), a copy
    the caller may change. The one description of the file's columns, types and constraints: the export
    writes it into ``datapackage.json`` and the measurement import holds its rows to it."""
    return copy.deepcopy(_schema(name))


def schema_field(name: str, field: str) -> dict:
    """One field of :func:`table_schema` (a KeyError names the file and the field)."""
    for item in _schema(name)["fields"]:
        if item["name"] == field:
            return copy.deepcopy(item)
    raise KeyError(f"no field {field!r} in the schema of {name}.csv")
