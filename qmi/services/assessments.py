"""Replicability assessments (seed 004): five criteria, each 0–3, scored by one or more assessors.

- :func:`record` opens a new assessment of an experiment with the acting assessor's submitted scores
  (the form's « Nouvelle évaluation »);
- :func:`score` writes the acting assessor's own scores on an assessment, as a draft or submitted
  (a submitted score is final);
- :func:`consolidate` (staff and admins) sets the scores kept and their written reason.

After each, the assessment's five criterion columns are the scores the index uses, by the one rule
of ``qmi.domain.scoring.index_scores`` (consolidated, else the mean of the submitted assessors).
Every write checks the right, validates (one message per field), and writes its audit entry in
the same transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from qmi.db import StoreError, read_session, write_session
from qmi.domain import scoring
from qmi.domain.rights import may_consolidate, may_score, may_score_as
from qmi.i18n import t
from qmi.models import CRITERIA, Assessment, AssessorScore, Project, User, utcnow
from qmi.services import audit
from qmi.services.errors import PermissionDenied, ValidationFailed
from qmi.services.permissions import acting_user
from qmi.services.validation import ID_MAX, check_assessment, check_consolidation, check_score

DEFAULT_KIND = "paris_co"


def _by_key(session: Session, submission_key: str | None) -> Assessment | None:
    if not submission_key:
        return None
    return session.exec(select(Assessment).where(Assessment.submission_key == submission_key)).first()


def _score_by_key(session: Session, submission_key: str | None) -> AssessorScore | None:
    if not submission_key:
        return None
    return session.exec(select(AssessorScore).where(AssessorScore.submission_key == submission_key)).first()


def require_score(user: User) -> None:
    if not may_score(user.role, user.is_assessor, user.is_active):
        raise PermissionDenied("assessors.error.not_assessor")


def _require_kind(user: User, kind: str, project: Project) -> None:
    if not may_score_as(user.role, user.commune_insee, kind, project.commune_insee):
        raise PermissionDenied("assessors.error.commune_kind")


def submitted_scores(session: Session, assessment_id: int) -> list[AssessorScore]:
    return list(session.exec(select(AssessorScore).where(AssessorScore.assessment_id == assessment_id,
                                                         AssessorScore.submitted_at.is_not(None))
                             .order_by(AssessorScore.submitted_at, AssessorScore.id)).all())


def _consolidated(assessment: Assessment) -> dict[str, int] | None:
    if assessment.consolidated_at is None:
        return None
    return {c: getattr(assessment, f"consolidated_{c}") for c in CRITERIA}


def refresh(session: Session, assessment: Assessment) -> scoring.IndexScores:
    """Put on ``assessment`` the scores its index uses (the one rule of ``scoring.index_scores``)."""
    result = scoring.index_scores(_consolidated(assessment), submitted_scores(session, assessment.id))
    for code in CRITERIA:
        setattr(assessment, code, None if result.scores is None else result.scores[code])
    assessment.assessor_count = result.count
    session.add(assessment)
    return result


def _locked_project(session: Session, project_id: int) -> Project | None:
    # FOR NO KEY UPDATE: parallel assessments of this experiment queue here; writes that only
    # reference it (measurements) do not.
    return session.exec(select(Project).where(Project.id == project_id).with_for_update(key_share=True)).first()


def _locked_assessment(session: Session, assessment_id: object) -> Assessment | None:
    """The assessment, its row locked (scores and consolidations of it queue); None for an id that
    cannot be one (PostgreSQL refuses a number beyond its integers)."""
    if not isinstance(assessment_id, int) or isinstance(assessment_id, bool) or not 1 <= assessment_id <= ID_MAX:
        return None
    return session.exec(select(Assessment).where(Assessment.id == assessment_id).with_for_update()).first()


def record(engine: Engine, actor: object, raw: dict[str, Any], submission_key: str | None = None,
           today: date | None = None, lang: str = "fr") -> Assessment:
    """Open a new assessment with the acting assessor's submitted scores; write it once.

    ``raw`` holds project_id, assessed_on, the five criteria, assessor (the name shown), comment,
    and kind (« paris_co » when left out). The same ``submission_key`` again (the form sends one per
    submission: double click, rerun, two tabs) gets the first row back, also when both arrive at the
    same moment (the key is unique in the store). Without a key, the same person submitting the same
    scores for the same experiment and date gets the first row back: the experiment's row is locked
    while this is checked, so parallel submissions queue on PostgreSQL as they do on SQLite.
    """
    today = today or date.today()
    submission_key = submission_key or None
    try:
        with write_session(engine) as session:
            if (existing := _by_key(session, submission_key)) is not None:
                return existing
            user = acting_user(session, actor)
            require_score(user)
            data, errors = check_assessment(raw, today, lang)
            kind = raw.get("kind") or DEFAULT_KIND
            scored, kind_errors = check_score({**{c: raw.get(c) for c in CRITERIA}, "kind": kind}, lang)
            if "kind" in kind_errors:
                errors = {**errors, "kind": kind_errors["kind"]}
            project = _locked_project(session, data.project_id) if data is not None else None
            if data is not None and project is None:
                errors = {**errors, "project_id": t("valid.unknown_project", lang, value=data.project_id)}
            if errors:
                raise ValidationFailed(errors)
            _require_kind(user, kind, project)
            if (existing := _by_key(session, submission_key)) is not None:
                return existing  # written by a parallel submission while this one waited for the lock
            fields = data.model_dump()
            same = select(Assessment).where(
                Assessment.created_by_id == user.id,
                *(getattr(Assessment, name) == fields[name] for name in ("project_id", "assessed_on", "comment", *CRITERIA)),
            )
            if (existing := session.exec(same).first()) is not None:
                return existing
            row = Assessment(**fields, created_by_id=user.id, submission_key=submission_key)
            session.add(row)
            session.flush()
            now = utcnow()
            score_row = AssessorScore(assessment_id=row.id, user_id=user.id, assessor=data.assessor, kind=kind,
                                      comment=data.comment, created_at=now, updated_at=now, submitted_at=now,
                                      **{c: fields[c] for c in CRITERIA})
            session.add(score_row)
            session.flush()
            refresh(session, row)
            session.flush()
            audit.record(session, user, "assessment.create", "assessment", row.id, None,
                         {**audit.snapshot(row), "assessor_score": audit.snapshot(score_row)})
            return row
    except StoreError as fault:
        if fault.kind == "conflict":  # the same key written by another session at the same moment
            with read_session(engine) as session:
                if (existing := _by_key(session, submission_key)) is not None:
                    return existing
        raise


def score(engine: Engine, actor: object, assessment_id: int, raw: dict[str, Any], submit: bool,
          submission_key: str | None = None, lang: str = "fr") -> AssessorScore:
    """The acting assessor's own scores on an assessment: saved as a draft (``submit`` False, which
    they may save again) or submitted (final: it then counts in the index and the assessor reads the
    others' scores). ``raw`` holds kind, the five criteria and comment. The same ``submission_key``
    again gets the first row back."""
    submission_key = submission_key or None
    try:
        with write_session(engine) as session:
            if (existing := _score_by_key(session, submission_key)) is not None:
                return existing
            user = acting_user(session, actor)
            require_score(user)
            assessment = _locked_assessment(session, assessment_id)
            if assessment is None:
                raise PermissionDenied("assessors.error.unknown_assessment")
            project = session.get(Project, assessment.project_id)
            data, errors = check_score(raw, lang)
            if errors:
                raise ValidationFailed(errors)
            _require_kind(user, data.kind, project)
            if (existing := _score_by_key(session, submission_key)) is not None:
                return existing
            row = session.exec(select(AssessorScore).where(AssessorScore.assessment_id == assessment.id,
                                                           AssessorScore.user_id == user.id)).first()
            if row is not None and row.submitted_at is not None:
                raise PermissionDenied("assessors.error.already_submitted")
            before = audit.snapshot(row)
            now = utcnow()
            if row is None:
                row = AssessorScore(assessment_id=assessment.id, user_id=user.id, assessor=user.display_name or user.username,
                                    kind=data.kind, created_at=now, is_demo=False, **{c: 0 for c in CRITERIA})
            for name, value in data.model_dump().items():
                setattr(row, name, value)
            row.updated_at = now
            row.submission_key = submission_key
            if submit:
                row.submitted_at = now
            session.add(row)
            session.flush()
            if submit:
                refresh(session, assessment)
                assessment.version += 1
                session.add(assessment)
            audit.record(session, user, "assessor_score.submit" if submit else "assessor_score.draft",
                         "assessorscore", row.id, before, audit.snapshot(row))
            return row
    except StoreError as fault:
        if fault.kind == "conflict":
            with read_session(engine) as session:
                if (existing := _score_by_key(session, submission_key)) is not None:
                    return existing
        raise


def consolidate(engine: Engine, actor: object, assessment_id: int, raw: dict[str, Any],
                expected_version: int | None = None, lang: str = "fr") -> Assessment:
    """Staff set the scores an assessment keeps, with a written reason; the index then uses them.

    Refused when nobody has submitted yet, and when ``expected_version`` (the version the form was
    drawn from) is older than the assessment's (a score was submitted meanwhile)."""
    with write_session(engine) as session:
        user = acting_user(session, actor)
        if not may_consolidate(user.role, user.is_active):
            raise PermissionDenied("assessors.error.staff_only")
        assessment = _locked_assessment(session, assessment_id)
        if assessment is None:
            raise PermissionDenied("assessors.error.unknown_assessment")
        if expected_version is not None and expected_version != assessment.version:
            raise PermissionDenied("assessors.error.changed")
        data, errors = check_consolidation(raw, lang)
        if errors:
            raise ValidationFailed(errors)
        if not submitted_scores(session, assessment.id):
            raise PermissionDenied("assessors.error.nothing_submitted")
        before = audit.snapshot(assessment)
        for code in CRITERIA:
            setattr(assessment, f"consolidated_{code}", getattr(data, code))
        assessment.consolidation_reason = data.reason
        assessment.consolidated_by_id = user.id
        assessment.consolidated_by = user.display_name or user.username
        assessment.consolidated_at = utcnow()
        assessment.version += 1
        refresh(session, assessment)
        session.flush()
        audit.record(session, user, "assessment.consolidate", "assessment", assessment.id, before,
                     audit.snapshot(assessment))
        return assessment
