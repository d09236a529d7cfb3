"""The experiments catalogue, ranking, averages and measurement series, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import select, update

from qmi.db import write_session
from qmi.models import Measurement, Project
from qmi.queries import measurements
from qmi.queries import projects as queries
from tests.values import approved


def slugs(frame) -> set[str]:
    return set(frame["slug"])


def test_projects_keeps_one_row_per_experiment_with_its_latest_assessment(demo_engine):
    rows = queries.projects(demo_engine)
    assert len(rows) == 30 and rows["slug"].is_unique  # the record's 29 and the demo transfer's experiment
    record = rows[rows["slug"] != "pelican-argenteuil"]
    assert (record["assessed_on"] == date(2024, 12, 16)).all()  # the newer of the two demo assessments
    assert len(queries.projects(demo_engine, commune_insee="92071")) == 6


def test_catalogue_filters_combine(engine):
    assert len(queries.catalogue(engine)) == 29
    meudon = queries.catalogue(engine, commune_insee="92048")
    assert set(meudon["commune"]) == {"Meudon"} and "pelican" in slugs(meudon)
    mobility_meudon = queries.catalogue(engine, commune_insee="92048", family_code="mobilites")
    assert slugs(mobility_meudon) == {"pelican", "up-and-charge", "umotion"}
    assert slugs(queries.catalogue(engine, challenge_code="economie-circulaire", family_code="espace-public")) == {"eiko"}
    assert queries.catalogue(engine, edition_id=2).empty


def test_catalogue_status_filter_uses_the_recorded_levels(engine):
    assert slugs(queries.catalogue(engine, status="3")) == {"wintics-cityvision", "purple-alternative-surface", "pelican"}
    assert len(queries.catalogue(engine, status="2")) == 4
    assert queries.catalogue(engine, status=queries.ABANDONED).empty


def test_catalogue_abandoned_filter_excludes_them_from_levels(demo_engine):
    abandoned = queries.catalogue(demo_engine, status=queries.ABANDONED)
    assert not abandoned.empty and abandoned["abandoned"].astype(bool).all()
    level_one = queries.catalogue(demo_engine, status="1")
    assert not (slugs(level_one) & slugs(abandoned))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PELICAN", {"pelican"}),  # name, any case
        ("batiprint", {"rob-etics"}),  # organisation
        ("cimetière de trivaux", {"pelican"}),  # description
        ("VÉGÉTALISATION 2NDE", {"vegetalisation-2nde-vie"}),  # accented capitals, on SQLite as on PostgreSQL
        ("50%", set()),  # % is literal, not a wildcard
        ("soy_pv", set()),  # _ is literal too
    ],
)
def test_catalogue_free_text_search(engine, text, expected):
    assert slugs(queries.catalogue(engine, search=text)) == expected


def test_project_by_slug(engine):
    pelican = queries.project(engine, "pelican")
    assert pelican["name"] == "Pelican" and pelican.commune == "Meudon" and int(pelican.deployment_level) == 3
    assert queries.project(engine, "nope") is None


def test_catalogue_options_offer_only_values_in_use(engine):
    options = queries.catalogue_options(engine)
    assert options.total == 29 and options.editions == [1]
    assert list(options.communes["name"]) == ["Aulnay-sous-Bois", "Meudon", "Noisy-le-Grand", "Sceaux"]
    assert "sport-ville" not in set(options.challenges["code"])  # no experiment carries it
    assert len(options.families) == 6


def test_ranking_is_by_latest_index(demo_engine):
    ranked = queries.ranking(demo_engine)
    assert len(ranked) == 30  # the record's 29 and the demo transfer's experiment in Argenteuil
    assert list(ranked["replicability_index"]) == sorted(ranked["replicability_index"], reverse=True)
    scores = ranked[["deployment", "commercial_traction", "industrialisation", "operational_ease", "financial_stability"]]
    assert (scores.sum(axis=1) == ranked["replicability_index"]).all()


def test_without_assessments_there_is_nothing_to_rank_or_average(engine):
    assert queries.ranking(engine).empty  # the public record has no scores
    assert queries.average_index_by_family(engine).empty
    assert queries.average_index_by_commune(engine).empty


def test_average_by_commune_matches_the_ranking(demo_engine):
    ranked = queries.ranking(demo_engine)
    averages = queries.average_index_by_commune(demo_engine).set_index("name")
    expected = ranked.groupby("commune")["replicability_index"].mean()
    for commune, mean in expected.items():
        assert averages.loc[commune, "mean_index"] == pytest.approx(mean)
        assert averages.loc[commune, "assessed"] == (ranked["commune"] == commune).sum()
    assert averages["any_demo"].all()
    assert list(averages["mean_index"]) == sorted(averages["mean_index"], reverse=True)


def test_average_by_family_keeps_experiments_without_family(demo_engine):
    families = queries.average_index_by_family(demo_engine)
    assert families["assessed"].sum() == 30
    assert families["code"].isna().sum() == 1  # the sneaker workshop is in no family of seed 004


def _pelican_id(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(Project.id).where(Project.slug == "pelican")).scalar_one()


def test_series_shows_active_values_only(demo_engine):
    pelican = _pelican_id(demo_engine)
    before = measurements.series(demo_engine, pelican)
    assert {"MOB-CARGO-KM", "USR-SATISF"} <= set(before["indicator_code"]) and before["is_demo"].all()
    assert before["target"].notna().all() and {"km", "note sur 5"} <= set(before["unit"])
    with write_session(demo_engine) as session:
        old = session.exec(select(Measurement).where(Measurement.project_id == pelican,
                                                     Measurement.indicator_code == "USR-SATISF",
                                                     Measurement.period_start == date(2025, 1, 1))).scalar_one()
        session.exec(update(Measurement).where(Measurement.id == old.id).values(state="superseded"))
        session.add(approved(project_id=pelican, indicator_code="USR-SATISF", period_start=date(2025, 1, 1),
                                value=4.9, supersedes_id=old.id, entered_by="agent"))
    after = measurements.series(demo_engine, pelican)
    latest = after[(after["indicator_code"] == "USR-SATISF") & (after["period_start"] == date(2025, 1, 1))]
    assert len(after) == len(before) and list(latest["value"]) == [4.9] and not latest["is_demo"].iloc[0]


def test_latest_values_take_the_newest_period_per_indicator(demo_engine):
    meudon = measurements.latest_values(demo_engine, commune_insee="92048")
    assert set(meudon["commune_insee"]) == {"92048"}
    assert not meudon.duplicated(["project_id", "indicator_code"]).any()
    abandoned = set(queries.catalogue(demo_engine, status=queries.ABANDONED)["slug"])
    for row in meudon.itertuples():
        expected = date(2024, 4, 1) if row.slug in abandoned else date(2025, 1, 1)
        assert row.period_start == expected
    pelican = _pelican_id(demo_engine)
    only = measurements.latest_values(demo_engine, project_ids=[pelican])
    assert set(only["slug"]) == {"pelican"}
    assert len(only) == measurements.series(demo_engine, pelican)["indicator_code"].nunique()


def test_empty_store_gives_empty_tables(empty_engine):
    assert queries.catalogue(empty_engine).empty
    assert queries.catalogue_options(empty_engine).total == 0
    assert queries.average_index_by_commune(empty_engine).empty
    assert measurements.latest_values(empty_engine).empty


def test_one_commune_or_one_experiment_gets_the_same_latest_scores_as_the_whole_store(demo_engine):
    """Per-commune and per-experiment queries rank only their own assessments: same figures as the whole store's."""
    from qmi.models import Assessment
    from qmi.queries import communes

    def scores(frame) -> list:
        return [(r.slug, r.assessed_on, None if pd.isna(r.replicability_index) else int(r.replicability_index))
                for r in frame.itertuples()]

    with write_session(demo_engine) as session:  # a newer assessment of one Meudon experiment
        pelican = session.execute(select(Project).where(Project.slug == "pelican")).scalar_one()
        session.add(Assessment(project_id=pelican.id, assessed_on=date(2025, 6, 1), assessor="test", deployment=0,
                               commercial_traction=0, industrialisation=0, operational_ease=0, financial_stability=0))
    everything = queries.projects(demo_engine)
    for code, rows in everything.groupby("commune_insee"):
        assert scores(queries.projects(demo_engine, commune_insee=code)) == scores(rows)
        assert scores(queries.catalogue(demo_engine, commune_insee=code)) == scores(rows)
        profile = communes.profile(demo_engine, code)
        assert profile.assessed == rows["replicability_index"].notna().sum()
        assert profile.mean_index == pytest.approx(rows["replicability_index"].mean())
        means = communes.mean_criteria(demo_engine, code)
        assert means["industrialisation"].iloc[0] == pytest.approx(rows["industrialisation"].mean())
    assert queries.project(demo_engine, "pelican")["replicability_index"] == 0
    assert queries.project(demo_engine, "pelican")["assessed_on"] == date(2025, 6, 1)
