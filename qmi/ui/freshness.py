"""The programme's freshness (``qmi.queries.freshness``) as the pages read it: by groups of communes, so
that a value entered in one commune reads its group's experiments again, not every commune's."""

from __future__ import annotations

from datetime import date

import pandas as pd

from qmi import ui
from qmi.queries import freshness as queries
from qmi.queries import indicators as indicator_queries


def _parts(today: date) -> tuple:
    return tuple((queries.by_experiment, (today, group)) for group in ui.q(indicator_queries.experiment_communes))


def by_commune(today: date) -> pd.DataFrame:
    """:func:`qmi.queries.freshness.by_commune` on ``today``, shared (never modify it)."""
    return ui.shared_from(queries.communes_from, ((queries.programme_communes, ()), *_parts(today)))


def by_experiment(today: date) -> pd.DataFrame:
    """:func:`qmi.queries.freshness.by_experiment` of every commune on ``today``, shared (never modify it)."""
    return ui.shared_from(queries.experiments_from, _parts(today))
