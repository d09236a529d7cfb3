"""The proposed indicator library (data/reference/indicators.csv) as the store loads it."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from sqlmodel import Session, func, select

from qmi.config import ROOT
from qmi.domain.progress import CATEGORIES
from qmi.models import DIRECTIONS, VALUE_TYPES, Indicator, Measurement, Project
from qmi.services import auth, measurements, users
from qmi.services.errors import ValidationFailed

PASSWORD = "a long enough password"
LIBRARY = ROOT / "data" / "reference" / "indicators.csv"
# Codes other parts (tests, demo data, links already shared) rely on: they never change.
STABLE_CODES = {"ENV-COOL", "ENV-DESEAL", "ENV-WASTE", "ENV-ENERGY", "MOB-CARGO-KM", "SOC-USERS", "SOC-JOBS", "USR-SATISF"}


def rows() -> list[dict[str, str]]:
    with LIBRARY.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_library_has_more_than_sixty_unique_codes_and_the_store_loads_them_all(engine):
    codes = [r["code"] for r in rows()]
    assert len(codes) >= 60
    assert len(set(codes)) == len(codes)
    with Session(engine) as session:
        stored = set(session.exec(select(Indicator.code)).all())
    assert stored == set(codes)


def test_codes_relied_on_elsewhere_are_kept():
    assert STABLE_CODES <= {r["code"] for r in rows()}


def test_every_indicator_has_a_known_type_direction_and_category():
    for row in rows():
        assert row["value_type"] in VALUE_TYPES, row["code"]
        assert row["direction"] in DIRECTIONS, row["code"]
        assert row["category"] in CATEGORIES, row["code"]
    assert {r["category"] for r in rows()} == set(CATEGORIES)


def test_bounds_are_present_ordered_and_fit_the_value_type():
    for row in rows():
        low, high = float(row["min_value"]), float(row["max_value"])
        assert low < high, row["code"]
        if row["value_type"] == "percent":
            assert 0 <= low and high <= 100, row["code"]
        if row["value_type"] == "scale_1_5":
            assert (low, high) == (1, 5), row["code"]
        if row["value_type"] == "boolean":
            assert (low, high) == (0, 1), row["code"]
        if row["value_type"] == "count":
            assert low >= 0 and low.is_integer() and high.is_integer(), row["code"]


def test_every_row_says_what_it_measures_how_and_that_it_is_the_projects_proposal():
    for row in rows():
        for column in ("name", "unit", "category", "definition", "method"):
            assert row[column].strip(), (row["code"], column)
        assert "proposée par le projet" in row["source"] and "004_7cf11ddcf4017a53.txt" in row["source"]


def test_sdg_targets_look_like_targets():
    for row in rows():
        if row["sdg_target"]:
            goal, _, target = row["sdg_target"].partition(".")
            assert goal.isdigit() and 1 <= int(goal) <= 17 and target, row["code"]


def test_the_programmes_measures_are_in_the_library():
    by_code = {r["code"]: r for r in rows()}
    assert by_code["ENV-COOL"]["unit"] == "°C"
    assert by_code["ENV-DESEAL"]["unit"] == "m²"
    assert by_code["ENV-WASTE"]["unit"] == "t"
    assert by_code["ENV-ENERGY"]["unit"] == "kWh"
    assert by_code["MOB-CARGO-KM"]["unit"] == "km"
    assert by_code["EFF-CONTAINERS"]["value_type"] == "count"
    assert by_code["SOC-JOBS"]["value_type"] == "count"
    assert by_code["ENV-AIR-PM25"]["direction"] == "lower" and by_code["ENV-AIR-PM25"]["unit"] == "µg/m³"


def test_every_indicator_has_an_english_name():
    from qmi.i18n.indicators import NAMES_EN

    assert set(NAMES_EN) == {r["code"] for r in rows()}


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        ("ENV-COOL", "20", "15"),                 # above the bound of the library (0–15 °C)
        ("ENV-AIR-PM25", "-3", "0"),              # below 0 µg/m³
        ("EFF-RETURN-RATE", "130", "100"),        # a percentage above 100
        ("SOC-JOBS", "2,5", "entier"),            # a count must be whole
        ("USR-SATISF", "6", "5"),                 # a 1–5 scale
        ("GOV-CONTINUED", "2", "1 (oui)"),        # yes/no is 1 or 0
    ],
)
def test_a_measurement_outside_the_indicators_bounds_or_of_the_wrong_type_is_refused(engine, code, value, message):
    users.add_user(engine, "staff.one", PASSWORD, "staff")
    staff = auth.sign_in(engine, "staff.one", PASSWORD)
    with Session(engine) as session:
        project_id = session.exec(select(Project.id).where(Project.slug == "source-urbaine")).one()
    raw = {"project_id": project_id, "indicator_code": code, "period_start": "2024-07-01", "value": value}
    with pytest.raises(ValidationFailed) as refused:
        measurements.record(engine, staff, raw, today=date(2025, 6, 1))
    assert message in refused.value.errors["value"]
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Measurement)).one() == 0
    accepted = measurements.record(engine, staff, raw | {"value": {"GOV-CONTINUED": "1", "SOC-JOBS": "3"}.get(code, "4")},
                                   today=date(2025, 6, 1))
    assert accepted.id is not None  # the same indicator takes a value that fits
