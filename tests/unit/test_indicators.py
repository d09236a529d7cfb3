"""Progress from baseline to target (qmi.domain.progress)."""

from __future__ import annotations

import pytest

from qmi.domain.progress import (
    bar_share,
    category_label,
    display_name,
    progress,
    rate,
    shown_decimals,
    status,
    target_matches_direction,
)


def test_progress_when_higher_is_better():
    # 120 m² de-sealed at the start, 520 aimed for, 320 reached: half way.
    assert progress(120, 520, 320) == pytest.approx(0.5)
    assert status(120, 520, 320) == "on_track"


def test_progress_when_lower_is_better():
    # PM2.5 from 40 µg/m³ down to 30: 35 is half way, 45 is moving away.
    assert progress(40, 30, 35) == pytest.approx(0.5)
    assert progress(40, 30, 45) == pytest.approx(-0.5)
    assert status(40, 30, 45) == "backwards"
    assert status(40, 30, 29) == "reached"


def test_progress_is_not_clipped_but_the_bar_is():
    share = progress(0, 8, 10)
    assert share == pytest.approx(1.25)
    assert bar_share(share) == 1.0
    assert bar_share(-0.4) == 0.0
    assert bar_share(None) == 0.0


@pytest.mark.parametrize(
    ("baseline", "target", "latest", "expected"),
    [(5, 5, 7, None), (None, 8, 3, None), (0, None, 3, None), (0, 8, None, None), (0, 8, float("nan"), None)],
)
def test_progress_is_undefined_without_a_planned_change_or_a_value(baseline, target, latest, expected):
    assert progress(baseline, target, latest) is expected


def test_status_words_along_the_way():
    assert status(0, 8, 8) == "reached"
    assert status(0, 8, 2) == "started"
    assert status(0, 8, 0) == "not_started"
    assert status(0, 8, None) == "no_value"
    assert status(None, 8, 3) == "no_target"
    assert status(3, 3, 3) == "no_target"


def test_a_target_must_improve_in_the_indicators_direction():
    assert target_matches_direction("higher", 0, 8)
    assert not target_matches_direction("higher", 8, 0)
    assert target_matches_direction("lower", 40, 30)
    assert not target_matches_direction("lower", 30, 40)
    assert target_matches_direction("neutral", 30, 40)


def test_names_and_categories_in_english():
    assert display_name("SOC-JOBS", "Emplois d'insertion créés", "en") == "Integration jobs created"
    assert display_name("SOC-JOBS", "Emplois d'insertion créés", "fr") == "Emplois d'insertion créés"
    assert category_label("retours usagers", "en") == "user feedback"
    assert category_label("catégorie ajoutée", "en") == "catégorie ajoutée"


def test_counts_and_yes_no_values_are_written_whole_other_types_with_one_decimal():
    from qmi.domain.progress import decimals
    from qmi.i18n.formatting import number

    assert [decimals(kind) for kind in ("count", "boolean", "number", "percent", "scale_1_5")] == [0, 0, 1, 1, 1]
    assert number(12.46, "fr", decimals("count")) == "12" and number(12.46, "fr", decimals("percent")) == "12,5"


def test_rate_is_the_progress_as_a_percentage_to_a_hundredth_unclipped():
    """The open data's taux_avancement: 100 × share, rounded to 0.01, None when progress is undefined."""

    assert rate(0, 3, 1) == 33.33  # 33.333… rounded to two places, not to a whole number
    assert rate(0, 3, 2) == 66.67
    assert rate(40, 30, 35) == 50.0
    assert rate(0, 8, 10) == 125.0  # not clipped at 100
    assert rate(0, 8, -2) == -25.0
    assert rate(None, 8, 3) is None
    assert rate(0, None, 3) is None
    assert rate(0, 8, None) is None
    assert rate(5, 5, 7) is None


def test_shown_decimals_none_from_100_and_for_whole_types():

    assert shown_decimals(99.9, "number") == 1
    assert shown_decimals(100, "number") == 0  # exactly at the limit
    assert shown_decimals(100.5, "percent") == 0  # between 100 and 101
    assert shown_decimals(-100, "number") == 0
    assert shown_decimals(-99.5, "number") == 1
    assert shown_decimals(12.4, "count") == 0
    assert shown_decimals(12.4, "boolean") == 0
    assert shown_decimals("12.4", "number") == 1  # a figure read as text is taken as its number


def test_a_category_is_shown_in_french_unless_told():
    assert category_label("mobilité") == "mobilité"
    assert category_label("mobilité", "en") == "mobility"
    assert category_label("économique") == "économique" and category_label("économique", "en") == "economic"
