"""Recording a replicability assessment (programme staff): five criteria of seed 004, each 0–3."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from qmi.db import StoreError, read_session, write_session
from qmi.i18n import t
from qmi.models import CRITERIA, Assessment, Project
from qmi.services import audit
from qmi.services.errors import ValidationFailed
from qmi.services.permissions import acting_user, require_assess
from qmi.services.validation import check_assessment


def _by_key(session: Session, submission_key: str | None) -> Assessment | None:
    if not submission_key:
        return None
    return session.exec(select(Assessment).where(Assessment.submission_key == submission_key)).first()


def record(engine: Engine, actor: object, raw: dict[str, Any], submission_key: str | None = None,
           today: date | None = None, lang: str = "fr") -> Assessment:
    """Write one assessment, once.

    The same ``submission_key`` again (the form sends one per submission: double click, rerun, two
    tabs) gets the first row back, also when both arrive at the same moment (the key is unique in
    the store). Without a key, the same person submitting the same scores for the same experiment
    and date gets the first row back: the experiment's row is locked while this is checked, so
    parallel submissions queue on PostgreSQL as they do on SQLite.
    """
    today = today or date.today()
    submission_key = submission_key or None
    try:
        with write_session(engine) as session:
            if (existing := _by_key(session, submission_key)) is not None:
                return existing
            user = acting_user(session, actor)
            require_assess(user)
            data, errors = check_assessment(raw, today, lang)
            project = None
            if data is not None:
                # FOR NO KEY UPDATE: parallel assessments of this experiment queue here; writes that
                # only reference it (measurements) do not.
                project = session.exec(select(Project).where(Project.id == data.project_id)
                                       .with_for_update(key_share=True)).first()
            if data is not None and project is None:
                errors = {"project_id": t("valid.unknown_project", lang, value=data.project_id)}
            if errors:
                raise ValidationFailed(errors)
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
            audit.record(session, user, "assessment.create", "assessment", row.id, None, audit.snapshot(row))
            return row
    except StoreError as fault:
        if fault.kind == "conflict":  # the same key written by another session at the same moment
            with read_session(engine) as session:
                if (existing := _by_key(session, submission_key)) is not None:
                    return existing
        raise
