"""Each assessor's scores of an assessment, read under the blind rule, and what the record shows of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.engine import Engine
from sqlmodel import select

from qmi.db import frame, read_session
from qmi.domain import scoring
from qmi.domain.rights import sees_every_score, visible_scores
from qmi.models import CRITERIA, Assessment, AssessorScore, Project
from qmi.queries import reads


@dataclass(frozen=True)
class Viewer:
    """Who reads: the signed-in account (None for the public)."""

    user_id: int | None = None
    role: str | None = None


PUBLIC = Viewer()


def viewer_of(identity: object | None) -> Viewer:
    """The viewer behind a signed-in identity (``auth.Identity``), or the public."""
    if identity is None:
        return PUBLIC
    return Viewer(getattr(identity, "user_id", None), getattr(identity, "role", None))


@dataclass(frozen=True)
class ScoreRow:
    id: int
    user_id: int | None
    assessor: str
    kind: str
    scores: dict[str, int]
    comment: str
    submitted_at: datetime | None
    is_demo: bool

    def __getitem__(self, code: str) -> int:
        return self.scores[code]


@dataclass(frozen=True)
class AssessmentScores:
    """An assessment as one viewer may read it: the scores they may see, and what the record draws."""

    assessment_id: int
    project_id: int
    assessed_on: date
    version: int
    rows: tuple[ScoreRow, ...]  # only those the viewer may read (the blind rule)
    hidden: bool  # some submitted scores exist that this viewer may not read yet
    own: ScoreRow | None
    index: scoring.IndexScores
    consolidated_by: str | None
    consolidated_at: datetime | None
    consolidation_reason: str | None
    consolidated: dict[str, int] | None

    @property
    def submitted(self) -> tuple[ScoreRow, ...]:
        return tuple(r for r in self.rows if r.submitted_at is not None)

    @property
    def spread(self) -> dict[str, int]:
        return scoring.spread(self.submitted)

    @property
    def disagreements(self) -> tuple[str, ...]:
        return scoring.disagreements(self.submitted)


def _row(score: AssessorScore) -> ScoreRow:
    return ScoreRow(score.id, score.user_id, score.assessor, score.kind, {c: getattr(score, c) for c in CRITERIA},
                    score.comment, score.submitted_at, score.is_demo)


@reads("assessments")
def assessment_scores(engine: Engine, assessment_id: int, viewer: Viewer = PUBLIC) -> AssessmentScores | None:
    """One assessment's assessor scores that ``viewer`` may read (never another's draft; nothing of the
    others before the viewer has submitted their own), with the index by the one rule."""
    with read_session(engine) as session:
        assessment = session.get(Assessment, assessment_id)
        if assessment is None:
            return None
        scores = list(session.exec(select(AssessorScore).where(AssessorScore.assessment_id == assessment_id)
                                   .order_by(AssessorScore.submitted_at.is_(None), AssessorScore.submitted_at,
                                             AssessorScore.id)).all())
        consolidated = None if assessment.consolidated_at is None else {
            c: getattr(assessment, f"consolidated_{c}") for c in CRITERIA}
        shown = visible_scores(scores, viewer.user_id, sees_every_score(viewer.role),
                               consolidated is not None)
        rows = tuple(_row(s) for s in shown)
        own = next((r for r in rows if viewer.user_id is not None and r.user_id == viewer.user_id), None)
        every_submitted = [s for s in scores if s.submitted_at is not None]
        hidden = len([r for r in rows if r.submitted_at is not None]) < len(every_submitted)
        return AssessmentScores(
            assessment.id, assessment.project_id, assessment.assessed_on, assessment.version, rows, hidden, own,
            scoring.index_scores(consolidated, every_submitted), assessment.consolidated_by,
            assessment.consolidated_at, assessment.consolidation_reason, consolidated,
        )


@reads("assessments")
def project_assessments(engine: Engine, project_id: int, viewer: Viewer = PUBLIC) -> list[AssessmentScores]:
    """Every assessment of one experiment (newest first), each read under the blind rule."""
    with read_session(engine) as session:
        ids = session.exec(select(Assessment.id).where(Assessment.project_id == project_id)
                           .order_by(Assessment.assessed_on.desc(), Assessment.id.desc())).all()
    return [a for i in ids if (a := assessment_scores(engine, i, viewer)) is not None]


def all_scores(engine: Engine):
    """Every submitted assessor score with its experiment and assessment date (the open data: the
    contract's columns project_slug, assessed_on, assessor, the five criteria, submitted_at, is_demo,
    then kind, comment, assessment_id) of consolidated assessments: before that, the blind rule keeps
    them from the public (``qmi.domain.rights.visible_scores``). Drafts are never exported."""
    return frame(engine, select(
        Project.slug.label("project_slug"), Assessment.assessed_on, AssessorScore.assessor,
        *(getattr(AssessorScore, c) for c in CRITERIA), AssessorScore.submitted_at, AssessorScore.is_demo,
        AssessorScore.kind, AssessorScore.comment, Assessment.id.label("assessment_id"),
    ).join(Assessment, Assessment.id == AssessorScore.assessment_id).join(Project, Project.id == Assessment.project_id)
        .where(AssessorScore.submitted_at.is_not(None), Assessment.consolidated_at.is_not(None))
        .order_by(Project.slug, Assessment.assessed_on, AssessorScore.submitted_at, AssessorScore.id))
