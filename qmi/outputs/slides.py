"""The presentation: an ordered list of slides built from the store, and the player's rules.

No Streamlit here. The order: the programme in figures, the map, one slide per commune that has
experiments (its portfolio), one slide per edition whose communes have none yet, then the four
success stories of seed 004.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd
from sqlalchemy.engine import Engine

from qmi.i18n import sources, t
from qmi.i18n.labels import edition_name, family_name
from qmi.queries.programme import FigureCard, headline_figures, programme_communes
from qmi.queries.projects import projects

SLIDE_SECONDS = 15
STORY_SLUGS = ("purple-alternative-surface", "pelican", "source-urbaine", "wintics-cityvision")
STORY_SOURCE = sources.cite("edition1_review")


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    sources: tuple[str, ...]
    disputed: bool


@dataclass(frozen=True)
class Experiment:
    name: str
    slug: str
    organisation: str
    family: str
    level: int | None
    abandoned: bool
    status_is_demo: bool


@dataclass(frozen=True)
class Slide:
    kind: str  # figures | map | commune | edition | story
    key: str  # stable: "figures", "map", "commune-93005", "edition-2", "story-pelican"
    title: str
    lead: str = ""
    figures: tuple[Figure, ...] = ()
    experiments: tuple[Experiment, ...] = ()
    communes: tuple[str, ...] = ()
    insee_code: str | None = None
    slug: str | None = None  # the experiment of a story
    body: str = ""
    source: str = ""
    is_demo: bool = False
    sources: tuple[str, ...] = field(default=())


def figure_display(display: str, lang: str) -> str:
    """The record writes figures in French (« plus de 60 », « 11 mois »); English words for English."""
    if lang == "fr":
        return display
    for french, english in (("plus de ", "more than "), ("près de ", "nearly "), (" mois", " months"), (" %", "%")):
        display = display.replace(french, english)
    return display


def _figure(card: FigureCard, lang: str) -> Figure:
    values = list(dict.fromkeys(figure_display(display, lang) for display, _, _ in card.values))
    label = t(f"present.figure.{card.key}", lang) if lang != "fr" else card.label
    return Figure(label, " / ".join(values), tuple(dict.fromkeys(s for _, s, _ in card.values)), card.disputed)


def _experiment(row: pd.Series, lang: str) -> Experiment:
    family = family_name(row["family_code"], lang, row["family"]) if isinstance(row["family_code"], str) else ""
    return Experiment(
        name=row["name"], slug=row["slug"], organisation=row["organisation"] or "", family=family,
        level=None if pd.isna(row["deployment_level"]) else int(row["deployment_level"]),
        abandoned=bool(row["abandoned"]), status_is_demo=bool(row["status_is_demo"]),
    )


def build(engine: Engine, lang: str = "fr") -> list[Slide]:
    """Every slide, in order; empty when the store holds no programme data."""
    slides: list[Slide] = []
    cards = headline_figures(engine)
    if cards:
        slides.append(Slide("figures", "figures", t("present.figures.title", lang),
                            figures=tuple(_figure(card, lang) for card in cards)))
    communes = programme_communes(engine)
    if communes.empty:
        return slides
    slides.append(Slide("map", "map", t("present.map.title", lang), lead=t("present.map.lead", lang)))
    portfolio = projects(engine)
    waiting: dict[int, list[str]] = {}
    for commune in communes.itertuples():
        rows = portfolio[portfolio["commune_insee"] == commune.insee_code]
        edition = int(commune.edition_id)
        if rows.empty:
            waiting.setdefault(edition, []).append(commune.name)
            continue
        experiments = tuple(_experiment(row, lang) for _, row in rows.iterrows())
        lead = [edition_name(edition, lang), t("present.commune.experiments", lang, n=len(experiments))]
        if isinstance(commune.innovation_district, str) and commune.innovation_district:
            lead.append(t("present.commune.district", lang, name=commune.innovation_district))
        slides.append(Slide(
            "commune", f"commune-{commune.insee_code}", commune.name, lead=" · ".join(lead),
            experiments=experiments, insee_code=commune.insee_code,
            is_demo=any(e.status_is_demo for e in experiments),
            sources=tuple(dict.fromkeys(s for s in rows["source"] if isinstance(s, str) and s)),
        ))
    for edition, names in sorted(waiting.items()):
        slides.append(Slide(
            "edition", f"edition-{edition}", t("present.editions.title", lang, n=edition),
            lead=t("present.editions.lead", lang, n=len(names)), communes=tuple(names),
        ))
    for slug in STORY_SLUGS:
        row = portfolio[portfolio["slug"] == slug]
        if row.empty:
            continue
        row = row.iloc[0]
        slides.append(Slide(
            "story", f"story-{slug}", t("present.story.in", lang, project=row["name"], commune=row["commune"]),
            lead=t("present.story.kicker", lang), body=t(f"present.story.{slug}", lang),
            source=t("present.story.source", lang), insee_code=row["commune_insee"], slug=slug,
        ))
    return slides


# --- the player -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Player:
    """Where the show is: slide index, playing or paused, and when the current slide appeared."""

    index: int = 0
    playing: bool = True
    shown_at: float = 0.0

    def go(self, index: int, total: int, now: float) -> Player:
        return replace(self, index=index % total if total else 0, shown_at=now)

    def next(self, total: int, now: float) -> Player:
        return self.go(self.index + 1, total, now)

    def previous(self, total: int, now: float) -> Player:
        return self.go(self.index - 1, total, now)

    def toggle(self, now: float) -> Player:
        return replace(self, playing=not self.playing, shown_at=now)

    def tick(self, total: int, now: float, seconds: float = SLIDE_SECONDS) -> Player:
        """Called on every timed run: move on once the slide has been shown ``seconds`` (1 s slack)."""
        if self.playing and total and now - self.shown_at >= seconds - 1:
            return self.next(total, now)
        return self
