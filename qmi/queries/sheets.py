"""The evaluation sheet (« fiche d'évaluation »): everything published about one experiment, gathered once.

:func:`sheet` reads what the store holds today: identity, commune and district, edition, dates, the
status timeline, the protocol indicators (baseline → latest → target, progress, unit), the latest
replicability assessment (its five scores and index), the sources and which values are demo.

It also gathers the lessons learned (success stories first), each submitted assessor's scores of the
latest assessment with their spread (the blind rule: only submitted scores are public), and which
scores the index uses (``qmi.domain.scoring.index_scores``). Each section is drawn when it holds
something, and the sheet says plainly when it does not.

:func:`sheet_list` is « Toutes les évaluations »: every public experiment, filtered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine

from qmi.db import frame
from qmi.domain import scoring
from qmi.domain.evidence import Facts
from qmi.domain.scoring import criteria
from qmi.domain.values import is_missing
from qmi.models import CRITERIA, Commune
from qmi.queries import assessors as assessor_queries
from qmi.queries import catalogue as catalogue_queries
from qmi.queries import evidence as evidence_queries
from qmi.queries import indicators as indicator_queries
from qmi.queries import lessons as lesson_queries
from qmi.queries import projects as project_queries
from qmi.queries import reads
from qmi.queries import transfers as transfer_queries
from qmi.queries.catalogue import Step


@dataclass(frozen=True)
class IndicatorLine:
    """One protocol indicator: baseline → latest → target, progress (unclipped share, None when undefined)."""

    code: str
    name: str  # the library's (French) name; pages translate it with qmi.domain.progress.display_name
    unit: str
    value_type: str
    baseline: float | None
    latest: float | None
    latest_period: date | None
    target: float | None
    progress: float | None
    status: str  # a key of qmi.domain.progress.STATUSES
    note: str
    is_demo: bool  # the protocol row or its latest value is illustrative


@dataclass(frozen=True)
class Scores:
    """One replicability assessment: the five criteria (in ``CRITERIA`` order, 0–3; a mean of several
    assessors may be fractional), the index, and which scores it uses (``basis``, ``count``)."""

    assessed_on: date
    scores: tuple[float | int, ...]
    index: float | int
    assessor: str
    is_demo: bool
    basis: str = scoring.SINGLE
    count: int = 1


@dataclass(frozen=True)
class AssessorLine:
    """One assessor's submitted scores (in ``CRITERIA`` order)."""

    assessor: str
    kind: str  # a key of models.ASSESSOR_KINDS
    scores: tuple[int, ...]
    is_demo: bool


@dataclass(frozen=True)
class TransferLine:
    """A replication to or from another commune: ``outgoing`` when this experiment is the one taken up."""

    outgoing: bool
    name: str  # the other experiment
    commune: str  # the other commune
    stage: str  # a key of models.TRANSFER_STAGES
    outcome: str  # a key of qmi.domain.transfers' outcomes
    is_demo: bool


@dataclass(frozen=True)
class LessonLine:
    kind: str  # a key of models.LESSON_KINDS
    title: str
    text: str
    evidence: str
    source: str
    is_demo: bool


@dataclass(frozen=True)
class Sheet:
    """One experiment's evaluation sheet. Text fields hold what people typed: draw them literally."""

    slug: str
    name: str
    organisation: str
    family_code: str | None
    family: str | None
    challenge_code: str | None
    challenge: str | None
    challenge_proposed: bool
    type_tags: str
    description: str
    commune_insee: str
    commune: str
    district: str | None
    edition_id: int
    start_date: date | None
    end_date: date | None
    deployment_level: int | None
    abandoned: bool
    status_is_demo: bool
    timeline: tuple[Step, ...]
    indicators: tuple[IndicatorLine, ...]
    assessment: Scores | None  # the latest one
    assessments: int  # how many there are
    sources: tuple[str, ...]  # stored sources (documents named by file): show them with qmi.i18n.sources.titles
    is_demo: bool  # the experiment itself is illustrative
    lessons: tuple[LessonLine, ...] = ()
    assessors: tuple[AssessorLine, ...] = ()  # the latest assessment's submitted scores, one line per assessor
    spread: tuple[int, ...] | None = None  # per criterion, highest minus lowest (two assessors or more)
    disagreements: tuple[str, ...] = ()  # criteria on which two assessors differ by more than one point
    evidence: Facts = Facts()  # the evidence ladder's facts: qmi.domain.evidence.assess gives the level and why
    transfers: tuple[TransferLine, ...] = ()

    @property
    def measured(self) -> bool:
        """Whether anything was measured or assessed: otherwise the sheet says so instead of drawing charts."""
        return self.assessment is not None or any(line.latest is not None for line in self.indicators)

    @property
    def any_demo(self) -> bool:
        """Whether any value the sheet shows is illustrative (the demo marker is then shown)."""
        return (self.is_demo or self.status_is_demo or any(step.is_demo for step in self.timeline)
                or any(line.is_demo for line in self.indicators)
                or (self.assessment is not None and self.assessment.is_demo)
                or any(line.is_demo for line in self.assessors) or any(line.is_demo for line in self.lessons)
                or any(line.is_demo for line in self.transfers) or bool(self.evidence.demo))


def _number(value: object) -> float | None:
    return None if is_missing(value) else float(value)


def _indicators(protocol: pd.DataFrame) -> tuple[IndicatorLine, ...]:
    lines = []
    for row in protocol.itertuples():
        latest = _number(row.latest_value)
        period = None if is_missing(row.latest_period) else pd.Timestamp(row.latest_period).date()
        latest_demo = row.latest_is_demo is True or row.latest_is_demo == 1
        lines.append(IndicatorLine(row.indicator_code, row.indicator, row.unit or "", row.value_type,
                                   _number(row.baseline), latest, period, _number(row.target),
                                   _number(row.progress), row.status, row.note or "",
                                   bool(row.is_demo) or bool(latest_demo)))
    return tuple(lines)


def _assessment(history: pd.DataFrame) -> Scores | None:
    if history.empty:
        return None
    latest = history.iloc[-1]
    count = 0 if is_missing(latest["assessor_count"]) else int(latest["assessor_count"])
    return Scores(pd.Timestamp(latest["assessed_on"]).date(),
                  tuple(scoring.whole(float(latest[c])) for c in CRITERIA),
                  scoring.whole(float(latest["replicability_index"])), str(latest["assessor"] or ""),
                  bool(latest["is_demo"]), scoring.basis_of(not is_missing(latest["consolidated_at"]), count), count)


def _assessors(engine: Engine, project_id: int) -> tuple[tuple[AssessorLine, ...], tuple[int, ...] | None, tuple[str, ...]]:
    """The latest assessment's submitted scores as the public reads them, their spread and disagreements."""
    latest = next(iter(assessor_queries.project_assessments(engine, project_id)), None)
    if latest is None or not latest.submitted:
        return (), None, ()
    lines = tuple(AssessorLine(row.assessor, row.kind, tuple(int(row.scores[c]) for c in CRITERIA), row.is_demo)
                  for row in latest.submitted)
    spread = tuple(latest.spread[c] for c in CRITERIA) if len(lines) > 1 else None
    return lines, spread, latest.disagreements


def _transfers(engine: Engine, project_id: int) -> tuple[TransferLine, ...]:
    moves = transfer_queries.outcomes(engine)
    lines = []
    for move in moves.itertuples():
        if project_id not in (move.from_project_id, move.to_project_id):
            continue
        outgoing = move.from_project_id == project_id
        lines.append(TransferLine(outgoing, move.to_name if outgoing else move.from_name,
                                  move.to_commune if outgoing else move.from_commune, move.stage, move.outcome,
                                  bool(move.is_demo) or bool(move.results_demo)))
    return tuple(lines)


def _lessons(engine: Engine, project_id: int) -> tuple[LessonLine, ...]:
    return tuple(LessonLine(row.kind, row.title or "", row.text, row.evidence or "", row.source or "", bool(row.is_demo))
                 for row in lesson_queries.project_lessons(engine, project_id).itertuples())


@reads("assessments", "lessons", "measurements", "projects", "protocols", "reference", "transfers")
def sheet(engine: Engine, slug: str) -> Sheet | None:
    """The sheet of the public experiment ``slug``, or None (unknown or archived)."""
    project = project_queries.project(engine, slug)
    if project is None:
        return None
    project_id = int(project["id"])
    commune = frame(engine, select(Commune.innovation_district, Commune.district_source)
                    .where(Commune.insee_code == project["commune_insee"])).iloc[0]
    district = commune["innovation_district"] if isinstance(commune["innovation_district"], str) else None
    timeline = tuple(catalogue_queries.timeline(engine, project_id))
    indicators = _indicators(indicator_queries.project_protocol(engine, project_id))
    history = project_queries.assessments(engine, project_id)
    assessment = _assessment(history)
    assessors, spread, disagreements = _assessors(engine, project_id)
    lessons = _lessons(engine, project_id)
    sources = [project["source"], project["challenge_source"],
               None if project["status_is_demo"] else project["status_source"],
               *(step.source for step in timeline if not step.is_demo),
               *(line.note for line in indicators if not line.is_demo),
               *(line.source for line in lessons if not line.is_demo)]
    if district:
        sources.append(commune["district_source"])
    if assessment is not None:
        sources.append(criteria()[0].source)  # the criteria and their 0–3 scales
    return Sheet(
        slug=slug, name=project["name"], organisation=project["organisation"] or "",
        family_code=project["family_code"], family=project["family"],
        challenge_code=project["challenge_code"], challenge=project["challenge"],
        challenge_proposed=project["challenge_status"] == "proposed",
        type_tags=project["type_tags"] or "", description=project["description"] or "",
        commune_insee=project["commune_insee"], commune=project["commune"], district=district,
        edition_id=int(project["edition_id"]), start_date=project["start_date"], end_date=project["end_date"],
        deployment_level=None if project["deployment_level"] is None else int(project["deployment_level"]),
        abandoned=bool(project["abandoned"]), status_is_demo=bool(project["status_is_demo"]),
        timeline=timeline, indicators=indicators, assessment=assessment, assessments=len(history),
        sources=tuple(dict.fromkeys(s.strip() for s in sources if isinstance(s, str) and s.strip())),
        is_demo=bool(project["is_demo"]), lessons=lessons, assessors=assessors, spread=spread,
        disagreements=disagreements, evidence=evidence_queries.facts(engine, [project_id])[project_id],
        transfers=_transfers(engine, project_id),
    )


ASSESSED, NOT_ASSESSED = "oui", "non"  # the URL values of the « évaluée » filter


@reads("assessments", "projects", "reference", commune="commune_insee")
def sheet_list(engine: Engine, commune_insee: str | None = None, edition_id: int | None = None,
               family_code: str | None = None, challenge_code: str | None = None, status: str | None = None,
               assessed: str | None = None, search: str | None = None) -> pd.DataFrame:
    """« Toutes les évaluations »: the catalogue's rows (``projects.catalogue``) matching every filter;
    ``assessed`` is :data:`ASSESSED` (a replicability assessment exists), :data:`NOT_ASSESSED`, or None."""
    rows = project_queries.catalogue(engine, commune_insee=commune_insee, edition_id=edition_id,
                                     family_code=family_code, challenge_code=challenge_code, status=status,
                                     search=search)
    if assessed == ASSESSED:
        rows = rows[rows["replicability_index"].notna()]
    elif assessed == NOT_ASSESSED:
        rows = rows[rows["replicability_index"].isna()]
    return rows.reset_index(drop=True)
