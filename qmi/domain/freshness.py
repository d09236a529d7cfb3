"""Freshness of a protocol indicator: when its next value is due, and whether it is late (issue #18 §2).

A period starts on a value's ``period_start`` and lasts the periodicity (1, 3, 6 or 12 months). Its value
can be known ``lag`` days after the period ends, and is due that day:

    due_on = (next period's start + periodicity − 1 day) + lag

- ``a_jour``: a value was entered and today is on or before the next period's due date;
- ``en_retard``: a value was entered, and the next one is past due (``late_days`` = today − due_on ≥ 1);
- ``pas_encore_du``: never measured, and the experiment's first period is not yet due (or it has not
  started);
- ``non_saisi``: never measured, and the first period is past due (its first period starts on the
  experiment's start date), or the experiment has no start date to say when. It is late: it counts as
  not up to date in a share, and is listed with the late ones; it is drawn and named apart (« non saisi »)
  because nothing was ever entered, which is not the same news as a series that stopped;
- ``non_applicable``: the experiment is abandoned or ended (its end date is before today): nothing more
  is due.

« once » is one value: due ``lag`` days after the experiment starts; once entered, nothing else is due.

The share up to date counts ``a_jour`` over the indicators that have something due (``a_jour``,
``en_retard``, ``non_saisi``); ``pas_encore_du`` and ``non_applicable`` are out of it. None when nothing is due.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from qmi.i18n import t, tn
from qmi.models import PERIODICITIES

STATES = A_JOUR, EN_RETARD, PAS_ENCORE_DU, NON_SAISI, NON_APPLICABLE = (
    "a_jour", "en_retard", "pas_encore_du", "non_saisi", "non_applicable")
LATE_STATES = (EN_RETARD, NON_SAISI)
DUE_STATES = (A_JOUR, *LATE_STATES)  # the states a share up to date counts
MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}
LAG_MAX = 366  # days: a value known more than a year after its period is not a lag any more


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months``, kept in its month (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_end(start: date, periodicity: str) -> date:
    """The last day of the period starting on ``start``."""
    return add_months(start, MONTHS[periodicity]) - timedelta(days=1)


@dataclass(frozen=True)
class Freshness:
    state: str
    next_period: date | None  # the start of the period whose value is awaited
    due_on: date | None  # the last day that value is on time
    late_days: int | None  # for en_retard and non_saisi (None when no due date is known)

    @property
    def is_late(self) -> bool:
        return self.state in LATE_STATES


def freshness(last_period: date | None, periodicity: str, lag_days: int, today: date, *,
              start_date: date | None = None, end_date: date | None = None, abandoned: bool = False) -> Freshness:
    """The state of one protocol indicator of one experiment on ``today``."""
    if periodicity not in PERIODICITIES:
        raise ValueError(f"unknown periodicity {periodicity!r}")
    if lag_days < 0:
        raise ValueError("a lag is never negative")
    if abandoned or (end_date is not None and end_date < today):
        return Freshness(NON_APPLICABLE, None, None, None)
    lag = timedelta(days=int(lag_days))
    if periodicity == "once":
        if last_period is not None:
            return Freshness(A_JOUR, None, None, None)
        next_period, due_on = start_date, (start_date + lag if start_date is not None else None)
    else:
        next_period = add_months(last_period, MONTHS[periodicity]) if last_period is not None else start_date
        due_on = period_end(next_period, periodicity) + lag if next_period is not None else None
    if due_on is None:  # never measured, no start date: nothing says when, and nothing was entered
        return Freshness(NON_SAISI, None, None, None)
    if today <= due_on:
        return Freshness(A_JOUR if last_period is not None else PAS_ENCORE_DU, next_period, due_on, None)
    return Freshness(EN_RETARD if last_period is not None else NON_SAISI, next_period, due_on, (today - due_on).days)


def share_up_to_date(states: Iterable[str]) -> float | None:
    """The share of ``a_jour`` among the indicators that have something due; None when none has."""
    due = [s for s in states if s in DUE_STATES]
    return sum(s == A_JOUR for s in due) / len(due) if due else None


def lateness(days: int) -> tuple[int, int, int]:
    """``days`` late as (years, months, days) said plainly: days under a month, months under a year (30 days
    each), then years and months: 12 → (0, 0, 12), 61 → (0, 2, 0), 400 → (1, 1, 0)."""
    if days < 31:
        return 0, 0, days
    if days < 365:
        return 0, days // 30, 0
    return days // 365, (days % 365) // 30, 0


def duration_text(days: int, lang: str = "fr") -> str:
    """« 2 mois », « 1 an et 3 mois », « 12 jours »; "1 year and 3 months"."""
    years, months, rest = lateness(days)
    parts = [tn(f"freshness.unit.{unit}", n, lang) for unit, n in (("year", years), ("month", months), ("day", rest)) if n]
    return t("freshness.and", lang).join(parts)


def late_text(days: int | None, lang: str = "fr") -> str:
    """« en retard de 2 mois », « en retard de 1 an et 3 mois »; "2 months late"."""
    if days is None:
        return t("freshness.late.unknown", lang)
    return t("freshness.late", lang, duration=duration_text(days, lang))


def state_label(state: str, lang: str = "fr") -> str:
    return t(f"freshness.state.{state}", lang)


def periodicity_label(periodicity: str, lang: str = "fr") -> str:
    return t(f"freshness.periodicity.{periodicity}", lang)
