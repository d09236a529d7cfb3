"""Four-eyes review of the values (issue #18 §1): approve, return with a reason, approve an import batch.

A value waits *à valider* until a second person reviews it: staff or an admin (every commune), or a
validator of the value's commune (``qmi.domain.rights.may_review``), never its own author. Approving
a ``proposed`` correction puts it in force and the approved value it corrects becomes ``superseded``;
approving a withdrawal request withdraws the value. Returning needs a reason; the author then fixes the
value as a new version (``qmi.services.measurements.correct``).

Each review locks the value's row (``SELECT … FOR UPDATE``; SQLite's ``BEGIN IMMEDIATE`` queues whole
write transactions), re-reads its state and its ``version``, and writes the change and its audit entry
in one transaction: of two reviewers acting on the same value at the same moment exactly one acts,
the other is told it was reviewed meanwhile (``review.error.already_reviewed``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from qmi.db import write_session
from qmi.domain.rights import may_review, reviews_some
from qmi.i18n import t
from qmi.models import (
    ACTIVE,
    APPROVED,
    PENDING,
    PROPOSED,
    RETRACTED,
    RETURNED,
    SUPERSEDED,
    Measurement,
    Project,
    User,
    utcnow,
)
from qmi.services import audit
from qmi.services.errors import PermissionDenied, ServiceError, ValidationFailed
from qmi.services.permissions import acting_user
from qmi.services.validation import REASON_MAX, project_key, text_problem

# What a pending value asks the reviewer: a value (new or corrected) to approve, or a withdrawal.
VALUE, WITHDRAWAL = "value", "withdrawal"


def pending_kind(row: Measurement) -> str | None:
    """What ``row`` waits for: a value to review, a withdrawal to review, or nothing (None)."""
    if row.state == ACTIVE and row.withdrawal_reason is not None:
        return WITHDRAWAL
    if row.state in (ACTIVE, PROPOSED) and row.review_state == PENDING:
        return VALUE
    return None


def author_id(row: Measurement) -> int | None:
    """Who asked for what ``row`` waits for: the requester of a withdrawal, else the value's author."""
    return row.withdrawal_by_id if pending_kind(row) == WITHDRAWAL else row.entered_by_id


def can_review(user: User, project: Project) -> bool:
    return may_review(user.role, bool(user.is_validator), user.commune_insee, project.commune_insee, user.is_active)


def require_reviewer(user: User) -> None:
    if not reviews_some(user.role, bool(user.is_validator), user.commune_insee, user.is_active):
        raise PermissionDenied("review.error.not_reviewer")


def _locked(session: Session, measurement_id: object) -> Measurement:
    key = project_key(measurement_id)
    row = session.get(Measurement, key, with_for_update=True) if key is not None else None
    if row is None:
        raise ServiceError("forms.error.not_found")
    return row


def _check(session: Session, user: User, row: Measurement, version: int | None) -> str:
    """Refuse what this reviewer may not do to ``row``; the kind of review it waits for."""
    require_reviewer(user)
    project = session.get(Project, row.project_id)
    if not can_review(user, project):
        raise PermissionDenied("review.error.other_commune", project=project.name)
    kind = pending_kind(row)
    if kind is None or (version is not None and int(version) != row.version):
        if row.reviewed_by:
            raise ServiceError("review.error.already_reviewed_by", who=row.reviewed_by)
        raise ServiceError("review.error.already_reviewed")
    if author_id(row) is not None and author_id(row) == user.id:
        raise PermissionDenied("review.error.own_value")
    return kind


def _reviewer(user: User) -> str:
    return user.display_name or user.username


def _in_force(session: Session, row: Measurement) -> Measurement | None:
    """The value in force that the proposed correction ``row`` replaces (back along its versions)."""
    older = row
    while older.supersedes_id is not None:
        older = session.get(Measurement, older.supersedes_id, with_for_update=True)
        if older.state == ACTIVE:
            return older
    return None


def _approve(session: Session, user: User, row: Measurement, kind: str, now: datetime, lang: str) -> Measurement:
    before = audit.snapshot(row)
    if kind == WITHDRAWAL:
        row.state, row.retracted_reason = RETRACTED, row.withdrawal_reason
        row.withdrawal_reason = None
        action = "measurement.approve_withdrawal"
    else:
        if row.state == PROPOSED:
            old = _in_force(session, row)
            duplicate = session.exec(select(Measurement.id).where(
                Measurement.project_id == row.project_id, Measurement.indicator_code == row.indicator_code,
                Measurement.period_start == row.period_start, Measurement.state == ACTIVE,
                Measurement.id != (old.id if old is not None else -1))).first()
            if duplicate is not None:
                raise ValidationFailed({"period_start": t("valid.duplicate", lang)})
            if old is not None:
                old_before = audit.snapshot(old)
                old.state, old.withdrawal_reason, old.withdrawal_by_id, old.withdrawal_by = SUPERSEDED, None, None, None
                old.version += 1
                session.add(old)
                session.flush()  # the old one leaves the active-period index before the new one enters it
                audit.record(session, user, "measurement.supersede", "measurement", old.id, old_before,
                             audit.snapshot(old))
            row.state = ACTIVE
        row.review_state, row.review_reason = APPROVED, None
        action = "measurement.approve"
    row.reviewed_by_id, row.reviewed_by, row.reviewed_at = user.id, _reviewer(user), now
    row.version += 1
    session.add(row)
    session.flush()
    audit.record(session, user, action, "measurement", row.id, before, audit.snapshot(row))
    return row


def approve(engine: Engine, actor: object, measurement_id: int, version: int | None = None,
            lang: str = "fr") -> Measurement:
    """Approve the value (or the withdrawal) ``measurement_id`` waits for. ``version``: the one the screen showed."""
    with write_session(engine) as session:
        user = acting_user(session, actor)
        row = _locked(session, measurement_id)
        kind = _check(session, user, row, version)
        return _approve(session, user, row, kind, utcnow(), lang)


def send_back(engine: Engine, actor: object, measurement_id: int, reason: str, version: int | None = None,
              lang: str = "fr") -> Measurement:
    """Return the value to its author with a reason (required); a returned withdrawal leaves the value in force."""
    reason = (reason or "").strip()
    with write_session(engine) as session:
        user = acting_user(session, actor)
        row = _locked(session, measurement_id)
        kind = _check(session, user, row, version)
        if not reason:
            raise ValidationFailed({"reason": t("review.error.reason_required", lang)})
        if (problem := text_problem(reason, REASON_MAX, lang, multiline=True)) is not None:
            raise ValidationFailed({"reason": problem})
        before = audit.snapshot(row)
        if kind == WITHDRAWAL:
            row.withdrawal_reason, row.withdrawal_by_id, row.withdrawal_by = None, None, None
            action = "measurement.return_withdrawal"
        else:
            row.review_state = RETURNED
            action = "measurement.return"
        row.review_reason = reason
        row.reviewed_by_id, row.reviewed_by, row.reviewed_at = user.id, _reviewer(user), utcnow()
        row.version += 1
        session.add(row)
        session.flush()
        audit.record(session, user, action, "measurement", row.id, before, audit.snapshot(row) | {"reason": reason})
        return row


@dataclass(frozen=True)
class BatchResult:
    approved: int
    left: int  # values of the batch not approved: returned or reviewed before, or the reviewer's own


def approve_batch(engine: Engine, actor: object, batch: str, lang: str = "fr") -> BatchResult:
    """Approve every value of one import that still waits (one audit entry per value), all or nothing.

    Refused whole if the reviewer imported it (their own values) or may not review one of its communes.
    """
    batch = (batch or "").strip()
    with write_session(engine) as session:
        user = acting_user(session, actor)
        require_reviewer(user)
        rows = list(session.exec(select(Measurement).where(Measurement.import_batch == batch)
                                 .order_by(Measurement.id).with_for_update()).all()) if batch else []
        if not rows:
            raise ServiceError("review.error.batch_unknown")
        waiting = [r for r in rows if pending_kind(r) == VALUE]
        if not waiting:
            raise ServiceError("review.error.batch_done")
        now = utcnow()
        for row in waiting:
            kind = _check(session, user, row, None)
            _approve(session, user, row, kind, now, lang)
        return BatchResult(approved=len(waiting), left=len(rows) - len(waiting))
