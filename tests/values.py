"""Seeding approved values in tests: every value is reviewed before the public pages show it (issue #18),
so a test that seeds values to see them on a dashboard seeds them approved, or approves them afterwards."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import update
from sqlalchemy.engine import Engine

from qmi.db import write_session
from qmi.models import APPROVED, PENDING, Measurement

REVIEWED = {"review_state": APPROVED, "reviewed_by": "test", "reviewed_at": datetime(2026, 1, 1, tzinfo=UTC)}


def approved(**fields) -> Measurement:
    """A measurement row already approved (``fields`` may override the review too)."""
    return Measurement(**(REVIEWED | fields))


def approve_all(engine: Engine) -> None:
    """Mark every value waiting for review as approved (a seeding shortcut, not the review service)."""
    with write_session(engine) as session:
        session.exec(update(Measurement).where(Measurement.review_state == PENDING,
                                               Measurement.state == "active").values(**REVIEWED))
