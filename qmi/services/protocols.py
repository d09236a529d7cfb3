"""Evaluation protocols: which indicators an experiment follows, from which baseline to which target.

``save`` adds an indicator to an experiment's protocol or changes its baseline, target or
note; ``remove`` takes it out (the measurements already entered stay). Each write
re-reads the signed-in account, checks its right on the experiment's commune
(``permissions.require_write_project``), validates the values against the indicator
(type, bounds, and a target that improves on the baseline in the indicator's direction)
and writes its audit row in the same transaction: all of it happens, or none.

A protocol row saved by someone is real data: it is no longer flagged as demo. ``save`` also takes the
indicator's periodicity and availability lag (how long after a period ends its value can be known, 0 to
``LAG_MAX`` days): given, they are the person's and no longer a default (``periodicity_is_default``);
left out (None), a new row gets the default and an existing one keeps what it has.
"""

from __future__ import annotations

from typing import Any

from pydantic_core import PydanticCustomError
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from qmi.db import write_session
from qmi.domain.freshness import LAG_MAX
from qmi.domain.progress import target_matches_direction
from qmi.i18n import t
from qmi.models import PERIODICITIES, Indicator, Project, ProtocolIndicator
from qmi.services import audit
from qmi.services.errors import PermissionDenied, ServiceError, ValidationFailed
from qmi.services.permissions import acting_user, can_write_project, require_write_project
from qmi.services.validation import (
    code_key,
    number_message,
    parse_number,
    project_key,
    shown,
    text_problem,
    value_problem,
)

NOTE_MAX = 1000


def _number(raw: Any, field: str, errors: dict[str, str], lang: str) -> float | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        return parse_number(raw)
    except PydanticCustomError as error:
        errors[field] = number_message(error.type, shown(raw), lang)
        return None


def check(indicator: Indicator, baseline: Any, target: Any, note: str, lang: str = "fr") -> tuple[float | None, float | None]:
    """Parsed baseline and target, or ValidationFailed with one message per field."""
    errors: dict[str, str] = {}
    values = {field: _number(raw, field, errors, lang) for field, raw in (("baseline", baseline), ("target", target))}
    for field, value in values.items():
        if value is not None and (problem := value_problem(value, indicator, lang)) is not None:
            errors[field] = problem
    low, high = values["baseline"], values["target"]
    if not errors and low is not None and high is not None:
        if low == high:
            errors["target"] = t("indicators.error.target_equals_baseline", lang)
        elif not target_matches_direction(indicator.direction, low, high):
            errors["target"] = t(f"indicators.error.target_{indicator.direction}", lang)
    if (problem := text_problem((note or "").strip(), NOTE_MAX, lang, multiline=True)) is not None:
        errors["note"] = problem
    if errors:
        raise ValidationFailed(errors)
    return low, high


def check_schedule(periodicity: Any, lag_days: Any, lang: str = "fr") -> tuple[str | None, int | None]:
    """The periodicity and lag as stored (None where not given), or ValidationFailed with one message per field."""
    errors: dict[str, str] = {}
    chosen = None if periodicity is None else str(periodicity)
    if chosen is not None and chosen not in PERIODICITIES:
        errors["periodicity"] = t("freshness.error.periodicity", lang)
    lag: int | None = None
    if not (lag_days is None or (isinstance(lag_days, str) and not lag_days.strip())):
        try:
            number: float | None = parse_number(lag_days)
        except PydanticCustomError:
            number = None
        if number is None or not number.is_integer() or not 0 <= number <= LAG_MAX:
            errors["availability_lag_days"] = t("freshness.error.lag", lang, max=LAG_MAX)
        else:
            lag = int(number)
    if errors:
        raise ValidationFailed(errors)
    return chosen, lag


def may_edit(engine: Engine, actor: object, project_id: int) -> bool:
    """Whether the signed-in ``actor`` may edit this experiment's protocol (to show the form or not;
    ``save`` and ``remove`` check again)."""
    with Session(engine) as session:
        key = project_key(project_id)
        project = session.get(Project, key) if key is not None else None
        try:
            user = acting_user(session, actor)
        except PermissionDenied:
            return False
        return project is not None and can_write_project(user, project)


def _load(session: Session, project_id: int, indicator_code: str) -> tuple[Project, Indicator, ProtocolIndicator | None]:
    key, code = project_key(project_id), code_key(indicator_code)
    project = session.get(Project, key) if key is not None else None
    if project is None:
        raise ServiceError("indicators.error.unknown_project")
    indicator = session.get(Indicator, code) if code is not None else None
    if indicator is None:
        raise ServiceError("indicators.error.unknown_indicator", code=shown(indicator_code))
    row = session.exec(
        select(ProtocolIndicator).where(ProtocolIndicator.project_id == project_id,
                                        ProtocolIndicator.indicator_code == indicator_code)
    ).first()
    return project, indicator, row


def save(engine: Engine, actor: object, project_id: int, indicator_code: str, baseline: Any = None,
         target: Any = None, note: str = "", lang: str = "fr", periodicity: Any = None,
         availability_lag_days: Any = None) -> ProtocolIndicator:
    """Add ``indicator_code`` to the experiment's protocol, or update its baseline, target, note, and (when
    given) its periodicity and availability lag."""
    with write_session(engine) as session:
        user = acting_user(session, actor)
        project, indicator, row = _load(session, project_id, indicator_code)
        require_write_project(user, project)
        errors: dict[str, str] = {}
        low = high = None
        try:
            low, high = check(indicator, baseline, target, note, lang)
        except ValidationFailed as error:
            errors |= error.errors
        try:
            chosen, lag = check_schedule(periodicity, availability_lag_days, lang)
        except ValidationFailed as error:
            errors |= error.errors
        if errors:
            raise ValidationFailed(errors)
        before = audit.snapshot(row)
        if row is None:
            row = ProtocolIndicator(project_id=project_id, indicator_code=indicator_code)
        row.baseline, row.target, row.note, row.is_demo = low, high, (note or "").strip(), False
        if chosen is not None or lag is not None:
            row.periodicity = chosen or row.periodicity
            row.availability_lag_days = row.availability_lag_days if lag is None else lag
            row.periodicity_is_default = False
        session.add(row)
        session.flush()
        audit.record(session, user, "protocol.add" if before is None else "protocol.update", "protocol",
                     f"{project.slug}/{indicator_code}", before, audit.snapshot(row))
        return row


def remove(engine: Engine, actor: object, project_id: int, indicator_code: str) -> None:
    """Take ``indicator_code`` out of the experiment's protocol (its measurements stay)."""
    with write_session(engine) as session:
        user = acting_user(session, actor)
        project, _indicator, row = _load(session, project_id, indicator_code)
        require_write_project(user, project)
        if row is None:
            raise ServiceError("indicators.error.not_in_protocol", code=indicator_code)
        before = audit.snapshot(row)
        session.delete(row)
        audit.record(session, user, "protocol.remove", "protocol", f"{project.slug}/{indicator_code}", before, None)
