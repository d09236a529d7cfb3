"""What the public pages show: archived experiments, events and figures are left out of every count,
share, average, ranking and list (the open-data export keeps them, with ``archived``); of the
measurements, the approved values in force (:func:`values`).

One condition per model; every query of this package that reads one of these tables uses it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_

from qmi.models import ACTIVE, APPROVED, PENDING, Event, Measurement, ProgrammeFigure, Project

PROJECT = Project.archived.is_(False)
EVENT = Event.archived.is_(False)
FIGURE = ProgrammeFigure.archived.is_(False)


def values(include_pending: bool = False, entity: Any = Measurement) -> ColumnElement[bool]:
    """The measurements every public reader shows (dashboards, record, PDF, slides, open-data summaries,
    progress): the values in force that a second person approved (issue #18, four eyes). With
    ``include_pending`` (signed-in staff and validators who switched « inclure les valeurs en attente »)
    also the new values waiting for their review; a proposed correction never replaces the approved
    value before it is approved, and a value returned to its author is never shown. ``entity``:
    ``Measurement`` or an alias of it."""
    if include_pending:
        return and_(entity.state == ACTIVE, entity.review_state.in_((APPROVED, PENDING)))
    return and_(entity.state == ACTIVE, entity.review_state == APPROVED)
