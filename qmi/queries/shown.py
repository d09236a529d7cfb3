"""What the public pages show: archived experiments, events and figures are left out of every count,
share, average, ranking and list (the open-data export keeps them, with ``archived``).

One condition per model; every query of this package that reads one of these tables uses it.
"""

from __future__ import annotations

from qmi.models import Event, ProgrammeFigure, Project

PROJECT = Project.archived.is_(False)
EVENT = Event.archived.is_(False)
FIGURE = ProgrammeFigure.archived.is_(False)
