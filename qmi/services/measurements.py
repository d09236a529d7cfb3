"""Recording indicator measurements: enter, correct, withdraw — never overwrite.

- ``record`` writes a new active value; the same ``submission_key`` twice (a double click,
  a rerun) returns the first row instead of writing again;
- ``correct`` writes a new version whose ``supersedes_id`` points at the old one, which
  becomes ``superseded``; ``retract`` marks a value ``retracted`` with a reason;
- ``history`` gives every version of a value, oldest first.

Every value goes through review (``qmi.services.reviews``): a new one waits *à valider*. Correcting
a value that was never approved replaces it at once (the new version waits in turn); correcting an
approved one writes a ``proposed`` version, and the approved one stays in force until the proposal
is approved. Withdrawing an approved value is a request until it is approved; a value never
approved (or a proposal) is withdrawn at once — the public never saw it.

Each write checks the permission (``permissions``), validates (``validation``) and logs
(``audit``) inside one transaction: all of it happens, or none. Correcting and withdrawing lock the
value's row first, so of two changes of one value at the same moment exactly one happens and the
other is refused (``forms.error.not_active``), on PostgreSQL as on SQLite; a unique key taken at
the same moment by another session gets the answer SQLite gives (the row already written, or the
duplicate-period message).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from qmi.db import StoreError, read_session, write_session
from qmi.i18n import t
from qmi.models import ACTIVE, APPROVED, PENDING, PROPOSED, RETRACTED, SUPERSEDED, Indicator, Measurement, Project
from qmi.services import audit
from qmi.services.errors import ServiceError, ValidationFailed
from qmi.services.permissions import acting_user, require_write_project
from qmi.services.validation import REASON_MAX, MeasurementInput, check_measurement, code_key, project_key, text_problem


def _by_key(session: Session, submission_key: str | None) -> Measurement | None:
    if not submission_key:
        return None
    return session.exec(select(Measurement).where(Measurement.submission_key == submission_key)).first()


def active_duplicate(session: Session, project_id: int, indicator_code: str, period_start: date,
                     ignore_id: int | None = None) -> Measurement | None:
    stmt = select(Measurement).where(
        Measurement.project_id == project_id, Measurement.indicator_code == indicator_code,
        Measurement.period_start == period_start, Measurement.state == ACTIVE,
    )
    if ignore_id is not None:
        stmt = stmt.where(Measurement.id != ignore_id)
    return session.exec(stmt).first()


def validated(session: Session, raw: dict[str, Any], today: date, lang: str) -> tuple[MeasurementInput, Project]:
    """Load the experiment and indicator named in ``raw`` and check everything; raise ValidationFailed."""
    project = _get(session, Project, raw.get("project_id"))
    indicator = _get(session, Indicator, raw.get("indicator_code"))
    data, errors = check_measurement(raw, project, indicator, today, lang)
    if errors:
        raise ValidationFailed(errors)
    return data, project


def _get(session: Session, model: type, key: object) -> Any:
    """The row, or None for a key no row can have (a huge id, a code holding NUL): never a database error."""
    checked = project_key(key) if model is Project else code_key(key)
    return session.get(model, checked) if checked is not None else None


def _new_row(data: MeasurementInput, user, submission_key: str | None, import_batch: str | None = None) -> Measurement:
    return Measurement(
        project_id=data.project_id, indicator_code=data.indicator_code, period_start=data.period_start,
        period_end=data.period_end, value=data.value, comment=data.comment, source=data.source,
        entered_by_id=user.id, entered_by=user.display_name or user.username, submission_key=submission_key or None,
        import_batch=import_batch,
    )


def _newest(session: Session, row: Measurement) -> Measurement:
    """The newest version after ``row`` (``row`` itself when none): for an approved value, its latest proposal."""
    while (newer := session.exec(select(Measurement).where(Measurement.supersedes_id == row.id)
                                 .with_for_update()).first()) is not None:
        row = newer
    return row


def _in_force_before(session: Session, row: Measurement) -> Measurement | None:
    """The value in force that the proposal ``row`` would replace (back along its versions)."""
    while row.supersedes_id is not None:
        row = session.get(Measurement, row.supersedes_id)
        if row.state == ACTIVE:
            return row
    return None


def _waiting(row: Measurement) -> bool:
    return row.state == PROPOSED and row.review_state == PENDING


def record(engine: Engine, actor: object, raw: dict[str, Any], submission_key: str | None = None,
           today: date | None = None, lang: str = "fr") -> Measurement:
    """Write one new value. Same ``submission_key`` again → the row already written, nothing new."""
    today = today or date.today()
    data = None
    try:
        with write_session(engine) as session:
            if (existing := _by_key(session, submission_key)) is not None:
                return existing
            user = acting_user(session, actor)
            project = _get(session, Project, raw.get("project_id"))
            if project is not None:
                require_write_project(user, project)
            data, project = validated(session, raw, today, lang)
            if active_duplicate(session, data.project_id, data.indicator_code, data.period_start) is not None:
                if (existing := _by_key(session, submission_key)) is not None:
                    return existing  # this very submission, committed meanwhile by a parallel session
                raise ValidationFailed({"period_start": t("valid.duplicate", lang)})
            row = _new_row(data, user, submission_key)
            session.add(row)
            session.flush()
            audit.record(session, user, "measurement.create", "measurement", row.id, None, audit.snapshot(row))
            return row
    except StoreError as fault:
        if (existing := _after_conflict(engine, fault, submission_key, data, lang)) is not None:
            return existing
        raise


def _after_conflict(engine: Engine, fault: StoreError, submission_key: str | None, data: MeasurementInput | None,
                    lang: str) -> Measurement | None:
    """A unique key another session took at the same moment, answered as SQLite answers it.

    SQLite's ``BEGIN IMMEDIATE`` makes the second writer wait, then see the first one's row; on
    PostgreSQL both pass their checks and the unique index refuses the second. Then: the same
    submission → the row already written (returned); the same period → the duplicate-period
    message (raised). Otherwise None: the store's conflict message stands.
    """
    if fault.kind != "conflict":
        return None
    with read_session(engine) as session:
        if (existing := _by_key(session, submission_key)) is not None:
            return existing
        if data is not None and active_duplicate(session, data.project_id, data.indicator_code, data.period_start):
            raise ValidationFailed({"period_start": t("valid.duplicate", lang)}) from fault
    return None


def _active(session: Session, measurement_id: int) -> Measurement:
    """The value ``measurement_id``, its row locked until the transaction ends (``SELECT … FOR UPDATE``).

    A correction and a withdrawal of the same value at the same moment queue on this lock: the
    second one reads the state the first one left (no longer active) and is refused. SQLite's
    ``BEGIN IMMEDIATE`` already queues whole write transactions.
    """
    key = project_key(measurement_id)  # the same id range as every table
    row = session.get(Measurement, key, with_for_update=True) if key is not None else None
    if row is None:
        raise ServiceError("forms.error.not_found")
    return row


def correct(engine: Engine, actor: object, measurement_id: int, raw: dict[str, Any], submission_key: str | None = None,
            today: date | None = None, lang: str = "fr") -> Measurement:
    """A new version of a value (value, period, comment, source); the old one becomes ``superseded``.

    The experiment and indicator stay those of the corrected value.
    """
    today = today or date.today()
    data = None
    try:
        with write_session(engine) as session:
            user = acting_user(session, actor)
            old = _active(session, measurement_id)  # locked: a parallel correction or withdrawal waits
            if (existing := _by_key(session, submission_key)) is not None:
                return existing  # read under the lock, so a parallel double submit finds the first one's row
            require_write_project(user, session.get(Project, old.project_id))
            if old.state not in (ACTIVE, PROPOSED):
                raise ServiceError("forms.error.not_active")
            in_force = old.state == ACTIVE and old.review_state == APPROVED
            newest = _newest(session, old) if in_force else old
            if _waiting(newest) and newest is not old:
                raise ServiceError("review.error.correction_waiting")
            if in_force and old.withdrawal_reason is not None:
                raise ServiceError("review.error.withdrawal_waiting")
            data, _ = validated(session, {**raw, "project_id": old.project_id, "indicator_code": old.indicator_code},
                                today, lang)
            corrected = _in_force_before(session, old) if old.state == PROPOSED else old
            if active_duplicate(session, data.project_id, data.indicator_code, data.period_start,
                                ignore_id=corrected.id if corrected is not None else None):
                raise ValidationFailed({"period_start": t("valid.duplicate", lang)})
            before = audit.snapshot(old)
            replaced = newest if in_force else old  # the version the new one follows in the history
            proposal = in_force or old.state == PROPOSED
            if replaced.state in (ACTIVE, PROPOSED) and not (in_force and replaced is old):
                # a version the public never saw (waiting, returned, or a proposal): replaced at once
                replaced.state = SUPERSEDED
                replaced.version += 1
                session.add(replaced)
                session.flush()
            row = _new_row(data, user, submission_key)
            row.supersedes_id = replaced.id
            if proposal:
                row.state = PROPOSED
            session.add(row)
            session.flush()
            audit.record(session, user, "measurement.correct", "measurement", old.id, before, audit.snapshot(row))
            return row
    except StoreError as fault:
        if (existing := _after_conflict(engine, fault, submission_key, data, lang)) is not None:
            return existing
        raise


def retract(engine: Engine, actor: object, measurement_id: int, reason: str, lang: str = "fr") -> Measurement:
    """Withdraw a value (it stays in the history, marked ``retracted`` with the reason). Repeating is harmless.

    An approved value is not withdrawn yet: the request waits for its review (``withdrawal_reason``).
    """
    reason = (reason or "").strip()
    with write_session(engine) as session:
        user = acting_user(session, actor)
        row = _active(session, measurement_id)  # locked: a parallel correction or withdrawal waits
        require_write_project(user, session.get(Project, row.project_id))
        if row.state == RETRACTED or row.withdrawal_reason is not None:
            return row
        if row.state not in (ACTIVE, PROPOSED):
            raise ServiceError("forms.error.not_active")
        in_force = row.state == ACTIVE and row.review_state == APPROVED
        if in_force and _waiting(_newest(session, row)):
            raise ServiceError("review.error.correction_waiting")
        if not reason:
            raise ValidationFailed({"reason": t("valid.required", lang)})
        if (problem := text_problem(reason, REASON_MAX, lang, multiline=True)) is not None:
            raise ValidationFailed({"reason": problem})
        before = audit.snapshot(row)
        if in_force:
            row.withdrawal_reason, row.withdrawal_by_id = reason, user.id
            row.withdrawal_by = user.display_name or user.username
            action = "measurement.request_withdrawal"
        else:
            row.state, row.retracted_reason = RETRACTED, reason
            action = "measurement.retract"
        row.version += 1
        session.add(row)
        session.flush()
        audit.record(session, user, action, "measurement", row.id, before, audit.snapshot(row))
        return row


def history(engine: Engine, measurement_id: int) -> list[Measurement]:
    """Every version of the value ``measurement_id`` belongs to, oldest first."""
    with read_session(engine) as session:
        row = session.get(Measurement, measurement_id)
        if row is None:
            return []
        while row.supersedes_id is not None:
            row = session.get(Measurement, row.supersedes_id)
        chain = [row]
        while (newer := session.exec(select(Measurement).where(Measurement.supersedes_id == chain[-1].id)).first()):
            chain.append(newer)
        return chain
