"""The presentation: an ordered list of slides built from the store, and the player's rules.

No Streamlit here. The order: the programme in figures, the map, one slide per commune that has
experiments (its portfolio), one slide per edition whose communes have none yet, then the success
stories (lessons of kind « belle histoire » in the store: the four of seed 004, and any staff add), each
in the words the store keeps, in English where the record's French has an English form.

What a slide holds is capped so that it fits a 1366×768 projector with no scrolling, in type no
smaller than 24 px: four figures, six experiment cards. More than that is split over several slides
of about the same size, titled « Meudon (1/2) », « Meudon (2/2) ». Each slide lists every document
it cites once (``Slide.sources``, seed file names that the page shows as titles).
"""

from __future__ import annotations

import base64
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import pandas as pd
from sqlalchemy.engine import Engine

from qmi.i18n import t
from qmi.i18n.labels import edition_name, family_name
from qmi.i18n.record import record_text
from qmi.i18n.sources import SEED_FILE
from qmi.outputs import qr
from qmi.queries import reads
from qmi.queries.lessons import stories
from qmi.queries.programme import FigureCard, headline_figures, programme_communes
from qmi.queries.projects import projects

SLIDE_SECONDS = 15
FIGURES_PER_SLIDE = 4  # two rows of two: « 163 / 168 / 170 » needs half the width
EXPERIMENTS_PER_SLIDE = 6  # two rows of three cards
CARDS_PER_ROW = 3
# How much text a commune slide holds, in lines of its smallest type (--u, 24 px at 1366×768), measured on
# the screen: two rows of five-line cards (a name, two lines of detail, two badges) leave about 1.5 lines
# free. A card's name runs about 25 characters a line at 1.35 --u, its « organisation · family » line
# about 30 (words wrap); each badge takes a line. Long names (staff type them) make taller cards, so a
# slide of long names holds fewer of them.
LINES_PER_SLIDE = 11.5
NAME_CHARS, DETAIL_CHARS, LEAD_CHARS = 25, 30, 85
NAME_LINE, LEAD_LINE = 1.35, 1.6
MAP_HEIGHT = 560  # px: what 768 px leave below the controls and the title


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

    @property
    def detail(self) -> str:
        """The card's second line: « organisation · family », the organisation left out when it is the name."""
        return " · ".join(p for p in (self.organisation if self.organisation != self.name else "", self.family) if p)


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
    is_demo: bool = False
    sources: tuple[str, ...] = ()  # every document the slide cites, once (seed file names or typed text)


def figure_display(display: str, lang: str) -> str:
    """The record writes figures in French (« plus de 60 », « 11 mois »); English words for English."""
    if lang == "fr":
        return display
    for french, english in (("plus de ", "more than "), ("près de ", "nearly "), (" mois", " months"), (" %", "%")):
        display = display.replace(french, english)
    return display


def documents(texts: Iterable[str]) -> tuple[str, ...]:
    """Each document cited in ``texts`` once, in order: the seed files a text names, or the text itself."""
    found: list[str] = []
    for text in texts:
        if isinstance(text, str) and text.strip():
            found += [match.group(0) for match in SEED_FILE.finditer(text)] or [text.strip()]
    return tuple(dict.fromkeys(found))


def reference(source: str) -> str:
    """« doc. 004 » for a seed file (its number, as the document's title ends), else the text itself."""
    match = SEED_FILE.fullmatch(source)
    return f"doc. {match.group(1)}" if match else source


def parts(items: Sequence, size: int) -> list[Sequence]:
    """``items`` cut into the fewest parts of at most ``size``, of sizes that differ by one at most, the larger
    first (7 → 4 + 3)."""
    count = math.ceil(len(items) / size)
    bounds = [math.ceil(i * len(items) / count) for i in range(count + 1)] if count else []
    return [items[start:end] for start, end in zip(bounds, bounds[1:])]


def card_lines(experiment: Experiment, wide: bool = False) -> float:
    """The height of an experiment's card on a slide, in lines of the smallest type (an estimate); a ``wide``
    card (alone on its slide) takes the slide's whole width, three times a card's."""
    width = CARDS_PER_ROW if wide else 1
    return (NAME_LINE * math.ceil(max(len(experiment.name), 1) / (NAME_CHARS * width))
            + math.ceil(len(experiment.detail) / (DETAIL_CHARS * width))
            + 1 + (1 if experiment.status_is_demo else 0))


def is_wide(experiments: Sequence[Experiment]) -> bool:
    """A card alone on its slide is drawn across the slide's width."""
    return len(experiments) == 1


def fits(experiments: Sequence[Experiment], lead: str) -> bool:
    """Do these cards, in rows of three, fit one slide under a lead of this length?"""
    rows = [experiments[i:i + CARDS_PER_ROW] for i in range(0, len(experiments), CARDS_PER_ROW)]
    extra_lead = LEAD_LINE * max(0, math.ceil(len(lead) / LEAD_CHARS) - 1)
    wide = is_wide(experiments)
    return sum(max(card_lines(e, wide) for e in row) for row in rows) + extra_lead <= LINES_PER_SLIDE


def card_parts(experiments: Sequence[Experiment], lead: str) -> list[Sequence[Experiment]]:
    """The fewest balanced parts (:func:`parts`) of at most six cards that each fit a slide; when a tall card
    (a long name) spoils every balanced cut of as few slides, cards in order, as many on a slide as fit, a
    card that fits with no other alone on its own (one long name never sends every card to its own slide)."""
    filled: list[list[Experiment]] = []
    for experiment in experiments:
        if filled and len(filled[-1]) < EXPERIMENTS_PER_SLIDE and fits([*filled[-1], experiment], lead):
            filled[-1].append(experiment)
        else:
            filled.append([experiment])
    for size in range(min(EXPERIMENTS_PER_SLIDE, max(len(experiments), 1)), 0, -1):
        chunks = parts(experiments, size)
        if len(chunks) > len(filled):
            break
        if all(fits(chunk, lead) for chunk in chunks):
            return chunks
    return filled


def numbered(title: str, part: int, count: int, lang: str) -> str:
    """« Meudon (1/2) » when a slide is one of several, the title alone otherwise."""
    return t("present.part", lang, title=title, n=part, total=count) if count > 1 else title


def keyed(key: str, part: int) -> str:
    """The first part keeps the slide's key (links to « commune-92048 » stay good), later ones add their number."""
    return key if part == 1 else f"{key}-{part}"


def qr_image(url: str) -> str:
    """The QR code as a ``data:`` URI, drawn in the slide's HTML: no media file for the server to keep per run."""
    return "data:image/png;base64," + base64.b64encode(qr.png_bytes(url, scale=8)).decode("ascii")


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


def _figure_slides(cards: list[FigureCard], lang: str) -> list[Slide]:
    figures = parts([_figure(card, lang) for card in cards], FIGURES_PER_SLIDE)
    return [
        Slide("figures", keyed("figures", n), numbered(t("present.figures.title", lang), n, len(figures), lang),
              figures=tuple(part), sources=documents(s for figure in part for s in figure.sources))
        for n, part in enumerate(figures, 1)
    ]


def _commune_slides(commune, rows: pd.DataFrame, lang: str) -> list[Slide]:
    lead = [edition_name(int(commune.edition_id), lang), t("present.commune.experiments", lang, n=len(rows))]
    if isinstance(commune.innovation_district, str) and commune.innovation_district:
        lead.append(t("present.commune.district", lang, name=commune.innovation_district))
    cards = [(_experiment(row, lang), row["source"]) for _, row in rows.iterrows()]
    lead_text = " · ".join(lead)
    # Balanced parts are cut from the card list by position, so each part's sources go with it.
    chunks = card_parts([card for card, _ in cards], lead_text)
    slides, start = [], 0
    for n, chunk in enumerate(chunks, 1):
        experiments, sources = tuple(chunk), [source for _, source in cards[start:start + len(chunk)]]
        start += len(chunk)
        slides.append(Slide(
            "commune", keyed(f"commune-{commune.insee_code}", n), numbered(commune.name, n, len(chunks), lang),
            lead=lead_text, experiments=experiments, insee_code=commune.insee_code,
            is_demo=any(e.status_is_demo for e in experiments), sources=documents(sources),
        ))
    return slides


@reads("assessments", "lessons", "projects", "reference")
def build(engine: Engine, lang: str = "fr") -> list[Slide]:
    """Every slide, in order; empty when the store holds no programme data."""
    slides = _figure_slides(headline_figures(engine), lang)
    communes = programme_communes(engine)
    if communes.empty:
        return slides
    slides.append(Slide("map", "map", t("present.map.title", lang), lead=t("present.map.lead", lang)))
    portfolio = projects(engine)
    waiting: dict[int, list[str]] = {}
    for commune in communes.itertuples():
        rows = portfolio[portfolio["commune_insee"] == commune.insee_code]
        if rows.empty:
            waiting.setdefault(int(commune.edition_id), []).append(commune.name)
        else:
            slides += _commune_slides(commune, rows, lang)
    for edition, names in sorted(waiting.items()):
        slides.append(Slide(
            "edition", f"edition-{edition}", t("present.editions.title", lang, n=edition),
            lead=t("present.editions.lead", lang, n=len(names)), communes=tuple(names),
        ))
    told: dict[str, int] = {}
    for story in stories(engine).itertuples():
        told[story.slug] = told.get(story.slug, 0) + 1
        title = record_text(story.title, lang) or t("present.story.in", lang, project=story.project,
                                                      commune=story.commune)
        slides.append(Slide(
            "story", keyed(f"story-{story.slug}", told[story.slug]), title, lead=t("present.story.kicker", lang),
            body=record_text(story.text, lang), sources=documents([story.source]), insee_code=story.commune_insee,
            slug=story.slug, is_demo=bool(story.is_demo),
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
