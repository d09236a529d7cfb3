"""The freshness rule (qmi.domain.freshness): due dates, the five states, their boundaries, the plain French."""

from __future__ import annotations

from datetime import date

import pytest

from qmi.domain.freshness import (
    A_JOUR,
    EN_RETARD,
    NON_APPLICABLE,
    NON_SAISI,
    PAS_ENCORE_DU,
    add_months,
    freshness,
    late_text,
    periodicity_label,
    share_up_to_date,
    state_label,
)

JAN = date(2025, 1, 1)


def test_a_quarterly_value_of_january_awaits_april_due_at_the_end_of_june_plus_the_lag():
    # The period after January–March starts on 1 April and ends on 30 June; 30 days later, 30 July.
    on_time = freshness(JAN, "quarterly", 30, date(2025, 7, 30))
    assert (on_time.state, on_time.next_period, on_time.due_on, on_time.late_days) == (
        A_JOUR, date(2025, 4, 1), date(2025, 7, 30), None)
    late = freshness(JAN, "quarterly", 30, date(2025, 7, 31))
    assert (late.state, late.late_days) == (EN_RETARD, 1)


@pytest.mark.parametrize(("periodicity", "due_on"), [
    ("monthly", date(2025, 2, 28)), ("quarterly", date(2025, 6, 30)), ("half_yearly", date(2025, 12, 31)),
    ("yearly", date(2026, 12, 31)),
])
def test_each_periodicity_is_due_on_its_day_and_late_the_day_after(periodicity, due_on):
    assert freshness(JAN, periodicity, 0, due_on).state == A_JOUR
    after = freshness(JAN, periodicity, 0, date.fromordinal(due_on.toordinal() + 1))
    assert (after.state, after.due_on, after.late_days) == (EN_RETARD, due_on, 1)


def test_a_zero_lag_and_a_lag_of_366_days_are_both_counted():
    assert freshness(JAN, "monthly", 0, date(2025, 3, 1)).late_days == 1
    assert freshness(JAN, "monthly", 366, date(2026, 3, 1)).state == A_JOUR  # 28 Feb 2025 + 366 days
    assert freshness(JAN, "monthly", 366, date(2026, 3, 2)).late_days == 1


def test_never_measured_is_not_yet_due_until_the_first_period_is_due_then_never_entered():
    start = date(2025, 3, 15)  # first period 15 March – 14 June, due 14 July with 30 days
    assert freshness(None, "quarterly", 30, date(2025, 7, 14), start_date=start).state == PAS_ENCORE_DU
    never = freshness(None, "quarterly", 30, date(2025, 7, 15), start_date=start)
    assert (never.state, never.next_period, never.due_on, never.late_days, never.is_late) == (
        NON_SAISI, start, date(2025, 7, 14), 1, True)
    assert freshness(None, "quarterly", 30, date(2025, 1, 1), start_date=start).state == PAS_ENCORE_DU  # not started


def test_never_measured_without_a_start_date_is_never_entered_with_no_due_date():
    never = freshness(None, "yearly", 30, date(2025, 1, 1))
    assert (never.state, never.due_on, never.late_days) == (NON_SAISI, None, None)
    assert late_text(never.late_days) == "jamais saisi, date de début inconnue"


def test_an_abandoned_or_ended_experiment_is_not_applicable_from_the_day_after_its_end():
    assert freshness(JAN, "monthly", 0, date(2026, 1, 1), abandoned=True).state == NON_APPLICABLE
    assert freshness(None, "monthly", 0, date(2026, 1, 1), start_date=JAN, abandoned=True).state == NON_APPLICABLE
    end = date(2025, 6, 30)
    assert freshness(JAN, "monthly", 0, end, end_date=end).state == EN_RETARD  # its last day still counts
    assert freshness(JAN, "monthly", 0, date(2025, 7, 1), end_date=end).state == NON_APPLICABLE


def test_once_is_due_lag_days_after_the_start_and_never_again_once_entered():
    start = date(2025, 3, 1)
    assert freshness(None, "once", 60, date(2025, 4, 30), start_date=start).state == PAS_ENCORE_DU
    assert freshness(None, "once", 60, date(2025, 5, 1), start_date=start).late_days == 1
    entered = freshness(date(2025, 3, 1), "once", 60, date(2030, 1, 1), start_date=start)
    assert (entered.state, entered.next_period, entered.due_on) == (A_JOUR, None, None)


def test_once_never_entered_without_a_start_date_is_never_entered_with_no_due_date():
    never = freshness(None, "once", 60, date(2025, 5, 1))
    assert (never.state, never.next_period, never.due_on, never.late_days) == (NON_SAISI, None, None, None)


def test_months_are_added_within_the_month():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 11, 1), 3) == date(2026, 2, 1)


def test_bad_periodicities_and_negative_lags_are_refused():
    with pytest.raises(ValueError, match="unknown periodicity 'weekly'"):
        freshness(JAN, "weekly", 0, JAN)
    with pytest.raises(ValueError, match="^a lag is never negative$"):
        freshness(JAN, "monthly", -1, JAN)
    assert freshness(JAN, "monthly", 0, JAN).state == A_JOUR  # a lag of 0 is one


@pytest.mark.parametrize(("days", "fr", "en"), [
    (1, "en retard de 1 jour", "1 day late"), (30, "en retard de 30 jours", "30 days late"),
    (31, "en retard de 1 mois", "1 month late"), (61, "en retard de 2 mois", "2 months late"),
    (364, "en retard de 12 mois", "12 months late"), (365, "en retard de 1 an", "1 year late"),
    (395, "en retard de 1 an et 1 mois", "1 year and 1 month late"),  # 30 days past the year make a month
    (400, "en retard de 1 an et 1 mois", "1 year and 1 month late"),
    (800, "en retard de 2 ans et 2 mois", "2 years and 2 months late"),
])
def test_lateness_is_said_in_plain_words(days, fr, en):
    assert late_text(days, "fr") == fr
    assert late_text(days, "en") == en


def test_the_share_up_to_date_counts_only_what_is_due():
    assert share_up_to_date([A_JOUR, EN_RETARD, NON_SAISI, PAS_ENCORE_DU, NON_APPLICABLE]) == pytest.approx(1 / 3)
    assert share_up_to_date([A_JOUR, A_JOUR]) == 1
    assert share_up_to_date([PAS_ENCORE_DU, NON_APPLICABLE]) is None
    assert share_up_to_date([]) is None


def test_states_periodicities_and_an_unknown_lateness_are_named_in_each_language():
    assert late_text(None) == "jamais saisi, date de début inconnue"
    assert late_text(None, "en") == "never entered, start date unknown"
    assert (state_label(A_JOUR), state_label(A_JOUR, "en")) == ("À jour", "Up to date")
    assert (state_label(NON_SAISI), state_label(NON_SAISI, "en")) == ("Non saisi", "Never entered")
    assert (periodicity_label("quarterly"), periodicity_label("quarterly", "en")) == ("Trimestrielle", "Quarterly")
    assert (periodicity_label("yearly"), periodicity_label("yearly", "en")) == ("Annuelle", "Yearly")
