"""Recording a transfer: the solution of an experiment in commune A taken up as an experiment in commune B.

Staff and admins record transfers (a viewer or an agent is refused with ``transfers.error.staff_only``).
Creating one checks that the origin exists, that the target experiment exists — or creates it through
``qmi.services.catalogue`` in the same transaction —, that it is not the origin itself nor in the
origin's commune, and that the pair is not recorded already. Each stage it reaches (contact, adapted,
deployed, evaluated) is a dated ``TransferStep``; the transfer holds the latest. Every write checks
the form's row version (« modifié entre-temps ») and writes its audit entry in the same transaction.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from qmi.db import write_session
from qmi.domain.text import bad_character
from qmi.i18n import t
from qmi.models import TRANSFER_STAGES, Project, Transfer, TransferStep, User
from qmi.services import audit, catalogue, edits
from qmi.services.errors import PermissionDenied, ServiceError, ValidationFailed
from qmi.services.permissions import acting_user, can_assess
from qmi.services.validation import parse_date, shown

LIMITS = {"adaptations": 3000, "note": 1000, "source": 300}
EARLIEST = date(2015, 1, 1)
TARGET = "target."  # prefix of the fields of a target experiment created with the transfer


def _require_staff(session: Session, actor: object) -> User:
    user = acting_user(session, actor)
    if not can_assess(user):
        raise PermissionDenied("transfers.error.staff_only")
    return user


def _texts(data: dict[str, Any], errors: dict[str, str], lang: str) -> dict[str, str]:
    texts = {}
    for field, limit in LIMITS.items():
        raw = data.get(field)
        value = "" if raw is None else str(raw).strip()
        if len(value) > limit:
            errors[field] = t("valid.too_long", lang, max=limit)
        elif (char := bad_character(value, field != "source")) is not None:
            errors[field] = t("valid.control_character", lang, char=char)
        texts[field] = value
    return texts


def _day(data: dict[str, Any], field: str, errors: dict[str, str], lang: str) -> date | None:
    try:
        value = parse_date(data.get(field))
    except ValueError:
        errors[field] = t("valid.not_date", lang, value=shown(data.get(field)))
        return None
    today = datetime.now(UTC).date()
    if value is None:
        errors[field] = t("valid.required", lang)
    elif value > today:
        errors[field] = t("transfers.error.future", lang)
    elif value < EARLIEST:
        errors[field] = t("catalogue.error.year_range", lang, min=EARLIEST.year, max=today.year)
    return value


def _stage(data: dict[str, Any], errors: dict[str, str], lang: str, default: str | None = None) -> str | None:
    stage = str(data.get("stage") or default or "").strip()
    if stage not in TRANSFER_STAGES:
        errors["stage"] = t("transfers.error.stage", lang)
        return None
    return stage


def _project(session: Session, slug: object) -> Project | None:
    slug = str(slug or "").strip()
    return session.scalars(select(Project).where(Project.slug == slug)).first() if slug else None


def create_transfer(engine: Engine, actor: object, data: dict[str, Any], new_target: dict[str, Any] | None = None,
                    lang: str = "fr") -> Transfer:
    """Record a transfer from ``data["from_slug"]`` to ``data["to_slug"]`` (an existing experiment), or
    to a new experiment made of ``new_target`` (the catalogue's fields: name, organisation, commune_insee,
    edition_id…). Also ``stage`` (default contact), ``started_on``, ``adaptations``, ``note``, ``source``.
    A refused target field is reported under ``target.<field>``."""
    with write_session(engine) as session:
        user = _require_staff(session, actor)
        origin = _project(session, data.get("from_slug"))
        if origin is None:
            raise ServiceError("valid.unknown_project", value=shown(data.get("from_slug")))
        errors: dict[str, str] = {}
        stage = _stage(data, errors, lang, "contact")
        started_on = _day(data, "started_on", errors, lang)
        texts = _texts(data, errors, lang)
        target = None
        if new_target is None:
            target = _project(session, data.get("to_slug"))
            if not str(data.get("to_slug") or "").strip():
                errors["to_slug"] = t("valid.required", lang)
            elif target is None:
                errors["to_slug"] = t("transfers.error.unknown_target", lang, value=shown(data.get("to_slug")))
            elif target.id == origin.id:
                errors["to_slug"] = t("transfers.error.self", lang)
            elif target.commune_insee == origin.commune_insee:
                errors["to_slug"] = t("transfers.error.same_commune", lang)
            elif session.scalars(select(Transfer.id).where(Transfer.from_project_id == origin.id,
                                                           Transfer.to_project_id == target.id)).first():
                errors["to_slug"] = t("transfers.error.duplicate", lang)
        elif str(new_target.get("commune_insee") or "").strip() == origin.commune_insee:
            errors[TARGET + "commune_insee"] = t("transfers.error.same_commune", lang)
        if errors:
            raise ValidationFailed(errors)
        if new_target is not None:
            try:
                saved = catalogue._create_project(session, user, new_target, lang)  # same transaction
            except ValidationFailed as refused:
                raise ValidationFailed({TARGET + f: m for f, m in refused.errors.items()}) from None
            target = _project(session, saved.key)
        transfer = Transfer(
            from_project_id=origin.id, to_project_id=target.id, stage=stage, started_on=started_on, stage_on=started_on,
            adaptations=texts["adaptations"], note=texts["note"],
            source=texts["source"] or catalogue.entered_source(session, user), entered_by_id=user.id,
            entered_by=user.username,
        )
        session.add(transfer)
        session.flush()
        session.add(TransferStep(transfer_id=transfer.id, stage=stage, reached_on=started_on, note="",
                                 entered_by_id=user.id, entered_by=user.username))
        audit.record(session, user, "create", "transfer", transfer.id, None,
                     audit.snapshot(transfer) | {"from": origin.slug, "to": target.slug,
                                                 "target_created": new_target is not None})
        return transfer


def update_stage(engine: Engine, actor: object, transfer_id: int, data: dict[str, Any], version: int | None = None,
                 lang: str = "fr") -> Transfer:
    """The transfer reached ``data["stage"]`` on ``data["changed_on"]`` (with an optional ``note``;
    ``adaptations``, when given, replace the text). A stage is dated on or after the transfer's start."""
    with write_session(engine) as session:
        user = _require_staff(session, actor)
        transfer = session.scalars(select(Transfer).where(Transfer.id == int(transfer_id)).with_for_update()).first()
        if transfer is None:
            raise ServiceError("transfers.error.unknown")
        edits.require_current(session, transfer, version)
        errors: dict[str, str] = {}
        stage = _stage(data, errors, lang)
        changed_on = _day(data, "changed_on", errors, lang)
        texts = _texts({"adaptations": data.get("adaptations", transfer.adaptations), "note": data.get("note"),
                        "source": ""}, errors, lang)
        if changed_on is not None and "changed_on" not in errors and changed_on < transfer.started_on:
            errors["changed_on"] = t("transfers.error.before_start", lang)
        if stage is not None and stage == transfer.stage and texts["adaptations"] == transfer.adaptations:
            errors["stage"] = t("transfers.error.same_stage", lang)
        if errors:
            raise ValidationFailed(errors)
        before = audit.snapshot(transfer)
        if stage != transfer.stage:
            session.add(TransferStep(transfer_id=transfer.id, stage=stage, reached_on=changed_on, note=texts["note"],
                                     entered_by_id=user.id, entered_by=user.username))
            transfer.stage, transfer.stage_on = stage, changed_on
        transfer.adaptations = texts["adaptations"]
        transfer.version += 1
        session.add(transfer)
        session.flush()
        audit.record(session, user, "update", "transfer", transfer.id, before, audit.snapshot(transfer)
                     | {"step_note": texts["note"]})
        return transfer
