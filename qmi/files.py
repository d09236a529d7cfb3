"""Reading the files shipped with the app: the public record (data/reference) and the geography (data/geo)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from qmi.config import GEO_DIR, REFERENCE_DIR

GEO_FILE = GEO_DIR / "metropole.geojson"
GEO_SOURCE = "data/geo/SOURCE.md"  # the geography's source, as the record stores it (its title: qmi.i18n.sources)


def read_csv(name: str, directory: Path = REFERENCE_DIR) -> list[dict[str, str]]:
    with open(directory / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_geojson() -> dict:
    return json.loads(GEO_FILE.read_text(encoding="utf-8"))
