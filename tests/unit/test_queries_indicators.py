"""Read side of the indicator library and the protocols (qmi.queries.indicators)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from qmi.db import write_session
from qmi.domain.progress import CATEGORIES
from qmi.models import Measurement, Project, ProtocolIndicator
from qmi.queries import indicators as queries
from tests.values import approved


def pid(engine, slug: str) -> int:
    with Session(engine) as session:
        return session.exec(select(Project.id).where(Project.slug == slug)).one()


def follow(engine, slug: str, code: str, baseline, target, values: dict[date, float], **extra) -> int:
    project_id = pid(engine, slug)
    with write_session(engine) as session:
        session.add(ProtocolIndicator(project_id=project_id, indicator_code=code, baseline=baseline, target=target))
        for period, value in values.items():
            session.add(approved(project_id=project_id, indicator_code=code, period_start=period, value=value, **extra))
    return project_id


def test_usage_counts_follow_the_protocols(engine):
    library = queries.library(engine)
    assert library["demo_experiments"].sum() == 0  # the public record's protocols are published targets only
    follow(engine, "source-urbaine", "ENV-COOL", 0, 3, {date(2024, 7, 1): 1.5})
    follow(engine, "mube", "ENV-COOL", 0, 2, {})
    library = queries.library(engine).set_index("code")
    assert library.loc["ENV-COOL", "experiments"] == 2
    assert library.loc["ENV-COOL", "measured"] == 1
    assert library.loc["ENV-COOL", "demo_experiments"] == 0


def test_measured_counts_experiments_with_an_active_value_once_whatever_their_periods(engine):
    """The SQL count equals the naive one: distinct experiments among the active measurements of each indicator."""
    import pandas as pd

    follow(engine, "source-urbaine", "ENV-COOL", 0, 3, {date(2024, 7, 1): 1.5, date(2024, 8, 1): 2})
    follow(engine, "mube", "ENV-COOL", 0, 2, {date(2024, 7, 1): 1})
    follow(engine, "mube", "USR-SATISF", 0, 80, {date(2024, 7, 1): 60, date(2024, 9, 1): 70})
    with write_session(engine) as session:  # a retracted value does not make an experiment measured
        session.add(approved(project_id=pid(engine, "pelican"), indicator_code="ENV-COOL",
                                period_start=date(2024, 7, 1), value=1, state="retracted",
                                retracted_reason="erreur de saisie"))
    with engine.connect() as connection:
        rows = pd.read_sql(select(Measurement.project_id, Measurement.indicator_code, Measurement.state), connection)
    naive = rows[rows["state"] == "active"].groupby("indicator_code")["project_id"].nunique()
    library = queries.library(engine).set_index("code")
    assert library.loc["ENV-COOL", "measured"] == 2 and library.loc["USR-SATISF", "measured"] == 1
    assert (library["measured"] == naive.reindex(library.index).fillna(0).astype(int)).all()


def test_demo_usage_is_counted_as_demo(demo_engine):
    library = queries.library(demo_engine).set_index("code")
    assert library.loc["USR-SATISF", "experiments"] >= 5
    assert library.loc["USR-SATISF", "demo_experiments"] == library.loc["USR-SATISF", "experiments"]
    assert library.loc["SOC-JOBS", "demo_experiments"] == library.loc["SOC-JOBS", "experiments"] - 1  # 8 CDI: published
    assert queries.has_demo(demo_engine)


def test_library_is_listed_category_by_category_in_the_proposed_order(engine):
    library = queries.library(engine)
    order = list(dict.fromkeys(library["category"]))
    assert order == list(CATEGORIES)
    assert queries.categories(engine) == list(CATEGORIES)


def test_search_ignores_case_and_accents_and_needs_every_word(engine):
    library = queries.library(engine)
    assert "ENV-ENERGY" in set(queries.search(library, "ENERGIE produite")["code"])
    assert set(queries.search(library, "pluie")["code"]) >= {"ENV-RAINWATER"}
    assert queries.search(library, "pluie kilomètres").empty
    assert set(queries.search(library, "", "mobilité")["category"]) == {"mobilité"}
    assert "ENV-IRRIG-SAVED" in set(queries.search(library, "drinking", lang="en")["code"])
    assert queries.search(library, "drinking", lang="fr").empty


def test_project_protocol_takes_the_newest_active_value_and_computes_progress(engine):
    project_id = follow(engine, "ecoflow", "ENV-AIR-PM25", 16, 10, {date(2024, 1, 1): 15, date(2024, 4, 1): 13})
    with write_session(engine) as session:  # a newer value that was withdrawn does not count
        session.add(approved(project_id=project_id, indicator_code="ENV-AIR-PM25", period_start=date(2024, 7, 1),
                                value=9, state="retracted", retracted_reason="capteur en panne"))
    [row] = queries.project_protocol(engine, project_id).itertuples()
    assert (row.latest_value, row.latest_period) == (13, date(2024, 4, 1))
    assert row.progress == pytest.approx(0.5)  # 16 -> 10 µg/m³, at 13: half way
    assert row.status == "on_track"


def test_a_protocol_indicator_without_values_has_no_progress(engine):
    project_id = follow(engine, "vytal", "EFF-CONTAINERS", 0, 5000, {})
    [row] = queries.project_protocol(engine, project_id).itertuples()
    assert row.progress is None and row.status == "no_value"


def test_comparison_ranks_experiments_best_first_in_the_indicators_direction(engine):
    follow(engine, "ecoflow", "ENV-AIR-PM25", 16, 10, {date(2024, 4, 1): 13})
    follow(engine, "mube", "ENV-AIR-PM25", 18, 12, {date(2024, 4, 1): 11})
    follow(engine, "source-urbaine", "ENV-AIR-PM25", 20, 15, {})
    compared = queries.comparison(engine, "ENV-AIR-PM25")
    assert list(compared["slug"]) == ["mube", "ecoflow", "source-urbaine"]  # lower is better; no value last
    assert set(compared["unit"]) == {"µg/m³"}
    assert compared.loc[0, "status"] == "reached"
    assert queries.comparison(engine, "ENV-NOISE").empty


def test_the_measurement_form_offers_the_protocol_first(engine):
    project_id = follow(engine, "vytal", "EFF-CONTAINERS", 0, 5000, {})
    follow(engine, "vytal", "ENV-WASTE", 0, 3, {})
    choices = queries.indicator_choices(engine, project_id)
    assert list(choices["code"][:2]) == ["ENV-WASTE", "EFF-CONTAINERS"]  # environment before effectiveness
    assert list(choices["in_protocol"][:3]) == [True, True, False]
    assert len(choices) == len(queries.library(engine))
    assert not queries.indicator_choices(engine, None)["in_protocol"].any()


def test_search_lists_names_alphabetically_within_each_category_ignoring_accents(engine):
    environment = queries.search(queries.library(engine), category="environnement")
    names = list(environment["name"])
    assert names.index("Émissions de CO₂ évitées") < names.index("Espèces animales et végétales observées")
    english = list(queries.search(queries.library(engine), category="environnement", lang="en")["code"])
    assert english[0] == "ENV-SPECIES"  # « Animal and plant species observed »
