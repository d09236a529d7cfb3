"""Recording a replicability assessment (programme staff): five criteria of seed 004, each 0–3."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import select

from qmi.db import write_session
from qmi.i18n import t
from qmi.models import CRITERIA, Assessment, Project
from qmi.services import audit
from qmi.services.errors import ValidationFailed
from qmi.services.permissions import acting_user, require_assess
from qmi.services.validation import check_assessment


def record(engine: Engine, actor: object, raw: dict[str, Any], today: date | None = None, lang: str = "fr") -> Assessment:
    """Write one assessment. The same person submitting the same scores for the same experiment and
    date again (double click, rerun) gets the first row back: nothing is written twice."""
    today = today or date.today()
    with write_session(engine) as session:
        user = acting_user(session, actor)
        require_assess(user)
        data, errors = check_assessment(raw, today, lang)
        project = session.get(Project, data.project_id) if data else None
        if data is not None and project is None:
            errors = {"project_id": t("valid.unknown_project", lang, value=data.project_id)}
        if errors:
            raise ValidationFailed(errors)
        fields = data.model_dump()
        same = select(Assessment).where(
            Assessment.created_by_id == user.id,
            *(getattr(Assessment, name) == fields[name] for name in ("project_id", "assessed_on", "comment", *CRITERIA)),
        )
        if (existing := session.exec(same).first()) is not None:
            return existing
        row = Assessment(**fields, created_by_id=user.id)
        session.add(row)
        session.flush()
        audit.record(session, user, "assessment.create", "assessment", row.id, None, audit.snapshot(row))
        return row
