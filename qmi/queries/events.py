"""The Communauté des Expérimentateurs meetings, with the documents' disagreements kept visible."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from qmi.db import frame
from qmi.models import Commune, Event, ProgrammeFigure
from qmi.queries import reads, shown

PUBLISHED_TOTAL_KEY = "community_people"


@reads("events", "reference")
def meetings(engine: Engine) -> pd.DataFrame:
    """One row per dated mention of a meeting, with its host's name and edition.

    ``dates`` is how many different dates the documents give for the same meeting
    (``event_key``): above 1, the rows of that meeting disagree on when it took place.
    """
    dates = (
        select(Event.event_key, func.count(func.distinct(Event.held_on)).label("dates"))
        .where(shown.EVENT)
        .group_by(Event.event_key)
        .subquery()
    )
    return frame(
        engine,
        select(Event, Commune.name.label("host_name"), Commune.edition_id.label("host_edition"), dates.c.dates)
        .join(Commune, Commune.insee_code == Event.host_insee)
        .join(dates, dates.c.event_key == Event.event_key)
        .where(shown.EVENT)
        .order_by(Event.held_on, Event.id),
    )


@dataclass(frozen=True)
class AttendanceTotals:
    meetings: int
    listed: int  # sum of the listed attendances, each meeting counted once
    published: tuple[tuple[str, float, str, str], ...]  # (display, value, source, quoted passage)


@reads("events", "reference")
def attendance_totals(engine: Engine) -> AttendanceTotals:
    """The attendances listed meeting by meeting, summed in SQL, beside the total the report publishes."""
    per_meeting = (
        select(Event.event_key, func.max(Event.attendance).label("attendance")).where(shown.EVENT)
        .group_by(Event.event_key).subquery()
    )
    counted = frame(
        engine, select(func.count().label("meetings"), func.coalesce(func.sum(per_meeting.c.attendance), 0).label("listed"))
    )
    published = frame(
        engine,
        select(ProgrammeFigure.display, ProgrammeFigure.value, ProgrammeFigure.source, ProgrammeFigure.source_detail)
        .where(ProgrammeFigure.key == PUBLISHED_TOTAL_KEY, shown.FIGURE)
        .order_by(ProgrammeFigure.source),
    )
    return AttendanceTotals(
        meetings=int(counted.iloc[0]["meetings"]),
        listed=int(counted.iloc[0]["listed"]),
        published=tuple(published.itertuples(index=False, name=None)),
    )
