"""The programme as the public record describes it: figures, editions, calendar, steps, events."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from qmi.db import frame
from qmi.models import CalendarEntry, Commune, Edition, Event, Indicator, ProgrammeFigure, ProgrammeStep, Project
from qmi.queries import reads, shown


def figures(engine: Engine) -> pd.DataFrame:
    """Every published figure; rows sharing a key are documents that disagree."""
    return frame(engine, select(ProgrammeFigure).where(shown.FIGURE).order_by(ProgrammeFigure.position, ProgrammeFigure.value))


@reads("projects", "reference")
def editions(engine: Engine) -> pd.DataFrame:
    """Each edition with its communes and its number of experiments."""
    communes = (
        select(Commune.edition_id, func.count().label("communes"))
        .where(Commune.edition_id.is_not(None))
        .group_by(Commune.edition_id)
        .subquery()
    )
    projects = (select(Project.edition_id, func.count().label("projects")).where(shown.PROJECT)
                .group_by(Project.edition_id).subquery())
    statement = (
        select(Edition.id, Edition.name, Edition.year_start, Edition.year_end, Edition.source,
               func.coalesce(communes.c.communes, 0).label("communes"),
               func.coalesce(projects.c.projects, 0).label("projects"))
        .outerjoin(communes, communes.c.edition_id == Edition.id)
        .outerjoin(projects, projects.c.edition_id == Edition.id)
        .order_by(Edition.id)
    )
    return frame(engine, statement)


@reads("reference")
def library_size(engine: Engine) -> int:
    """How many indicators the proposed library holds (the record's figure is « plus de 60 »)."""
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(Indicator)).scalar_one())


@reads("reference")
def programme_communes(engine: Engine) -> pd.DataFrame:
    return frame(
        engine,
        select(Commune).where(Commune.edition_id.is_not(None)).order_by(Commune.edition_id, Commune.name),
    )


@reads("reference")
def calendar(engine: Engine) -> pd.DataFrame:
    return frame(engine, select(CalendarEntry).order_by(CalendarEntry.starts_on))


@reads("reference")
def steps(engine: Engine) -> pd.DataFrame:
    return frame(engine, select(ProgrammeStep).order_by(ProgrammeStep.position))


def events(engine: Engine) -> pd.DataFrame:
    """Communauté des Expérimentateurs meetings with their host's name."""
    return frame(
        engine,
        select(Event, Commune.name.label("host_name"))
        .join(Commune, Commune.insee_code == Event.host_insee)
        .where(shown.EVENT)
        .order_by(Event.held_on),
    )


HEADLINE_KEYS = (
    "applications", "projects_selected", "deployment_rate", "deployment_months",
    "evaluation_sheets", "indicator_library", "diagnostic_people", "community_people",
)


@dataclass(frozen=True)
class FigureCard:
    """One published figure; several values when the documents disagree."""

    key: str
    label: str
    values: tuple[tuple[str, str, str], ...]  # (display, source file, quoted passage)
    note: str

    @property
    def disputed(self) -> bool:
        return len({display for display, _, _ in self.values}) > 1


@reads("reference")
def headline_figures(engine: Engine, keys: tuple[str, ...] = HEADLINE_KEYS) -> list[FigureCard]:
    table = figures(engine)
    cards = []
    for key in keys:
        rows = table[table["key"] == key]
        if rows.empty:
            continue
        cards.append(
            FigureCard(
                key=key,
                label=rows.iloc[0]["label"],
                values=tuple(zip(rows["display"], rows["source"], rows["source_detail"])),
                note=next((n for n in rows["note"] if n), ""),
            )
        )
    return cards


# What the landing page (pages/home.py) reads; the launcher runs them once before it listens.
LANDING_QUERIES = (headline_figures, editions, programme_communes, calendar, steps, library_size)
