"""The deterministic illustrative data set, every row flagged as demo.

The public record gives no per-project scores, statuses (for most projects),
protocols, measurements or declared challenges: these are generated here so a
demonstration is never empty, and every page marks them as illustrative.
"""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import delete, func, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from qmi.db import write_session
from qmi.models import (
    CRITERIA,
    Assessment,
    Commune,
    CommuneChallenge,
    Indicator,
    Measurement,
    Project,
    ProtocolIndicator,
    UrbanChallenge,
)

DEMO_ASSESSOR = "Données de démonstration"
DEMO_AUTHOR = "demo"
ASSESSMENT_DATES = (date(2024, 3, 15), date(2024, 12, 16))
MEASUREMENT_PERIODS = tuple(date(y, m, 1) for y, m in ((2023, 10), (2024, 1), (2024, 4), (2024, 7), (2024, 10), (2025, 1)))

# Which indicators a family of experiments would follow. Codes absent from the
# library are skipped, so the library can grow without touching this table.
FAMILY_INDICATORS: dict[str | None, tuple[str, ...]] = {
    "energie": ("ENV-ENERGY", "USR-SATISF"),
    "ville-intelligente": ("SOC-USERS", "USR-SATISF"),
    "espace-public": ("ENV-COOL", "SOC-USERS", "USR-SATISF"),
    "construction": ("ENV-DESEAL", "USR-SATISF"),
    "economie-circulaire": ("ENV-WASTE", "SOC-USERS"),
    "mobilites": ("MOB-CARGO-KM", "USR-SATISF"),
    None: ("SOC-JOBS", "ENV-WASTE"),
}


def _rng(*parts: object) -> random.Random:
    return random.Random("|".join(str(p) for p in parts))


def has_demo(session: Session) -> bool:
    return bool(session.exec(select(func.count()).select_from(Assessment).where(Assessment.is_demo)).one())


def _status(project: Project, rng: random.Random) -> tuple[int, bool]:
    if project.deployment_level is not None and not project.status_is_demo:
        return project.deployment_level, project.abandoned
    roll = rng.random()
    if roll < 0.08:
        return 1, True
    if roll < 0.30:
        return 1, False
    if roll < 0.65:
        return 2, False
    return 3, False


def _scores(level: int, rng: random.Random, step: int) -> dict[str, int]:
    base = {"deployment": max(0, level - (1 - step))}
    for code in CRITERIA[1:]:
        base[code] = max(0, min(3, level - 1 + rng.choice((0, 0, 1, 1, -1)) + step))
    return base


def _series(indicator: Indicator, rng: random.Random) -> tuple[float, float, list[float]]:
    low = indicator.min_value if indicator.min_value is not None else 0.0
    high = indicator.max_value if indicator.max_value is not None else 100.0
    if indicator.value_type == "scale_1_5":
        start, end = rng.uniform(2.6, 3.4), rng.uniform(3.6, 4.6)
    elif indicator.value_type == "percent":
        start, end = rng.uniform(10, 30), rng.uniform(40, 80)
    else:
        span = min(high - low, {"°C": 4, "t": 12, "m²": 900, "kWh": 40000, "km": 3500, "emplois": 8}.get(indicator.unit, 1500))
        start, end = low + span * rng.uniform(0.05, 0.2), low + span * rng.uniform(0.6, 1.0)
    if indicator.direction == "lower":
        start, end = end, start
    values = []
    for i in range(len(MEASUREMENT_PERIODS)):
        share = i / (len(MEASUREMENT_PERIODS) - 1)
        value = start + (end - start) * share * rng.uniform(0.85, 1.1)
        value = min(high, max(low, value))
        values.append(round(value) if indicator.value_type == "count" else round(value, 1))
    baseline = round(start, 1)
    target = round(end * (1.1 if indicator.direction != "lower" else 0.9), 1)
    if indicator.max_value is not None:
        target = min(target, indicator.max_value)
    return baseline, target, values


def load_demo(engine: Engine) -> bool:
    """Add the demo set unless it is already there. Returns True when it wrote anything."""
    with write_session(engine) as session:
        if has_demo(session):
            return False
        indicators = {i.code: i for i in session.exec(select(Indicator)).all()}
        projects = session.exec(select(Project).order_by(Project.slug)).all()
        for project in projects:
            rng = _rng("demo", project.slug)
            level, abandoned = _status(project, rng)
            if project.deployment_level is None or project.status_is_demo:
                project.deployment_level, project.abandoned, project.status_is_demo = level, abandoned, True
                project.status_source = "Données de démonstration"
                session.add(project)
            for step, assessed_on in enumerate(ASSESSMENT_DATES):
                scores = _scores(level if not abandoned else min(level, 1), rng, step)
                session.add(
                    Assessment(
                        project_id=project.id,
                        assessed_on=assessed_on,
                        assessor=DEMO_ASSESSOR,
                        comment="Évaluation illustrative, générée pour la démonstration.",
                        is_demo=True,
                        **scores,
                    )
                )
            periods = MEASUREMENT_PERIODS[: 3 if abandoned else len(MEASUREMENT_PERIODS)]
            for code in FAMILY_INDICATORS.get(project.family_code, FAMILY_INDICATORS[None]):
                indicator = indicators.get(code)
                if indicator is None:
                    continue
                baseline, target, values = _series(indicator, _rng("series", project.slug, code))
                session.add(
                    ProtocolIndicator(
                        project_id=project.id, indicator_code=code, baseline=baseline, target=target,
                        note="Protocole illustratif", is_demo=True,
                    )
                )
                for period, value in zip(periods, values):
                    session.add(
                        Measurement(
                            project_id=project.id, indicator_code=code, period_start=period, value=value,
                            source="Données de démonstration", entered_by=DEMO_AUTHOR, is_demo=True,
                        )
                    )
        challenges = [c.code for c in session.exec(select(UrbanChallenge).order_by(UrbanChallenge.position)).all()]
        for commune in session.exec(select(Commune).where(Commune.edition_id == 2).order_by(Commune.insee_code)).all():
            for code in _rng("challenges", commune.insee_code).sample(challenges, 3):
                session.add(
                    CommuneChallenge(
                        commune_insee=commune.insee_code, challenge_code=code,
                        source="Données de démonstration", is_demo=True,
                    )
                )
    return True


def remove_demo(engine: Engine) -> None:
    """Delete every demo row and forget demo statuses; real entries stay."""
    with write_session(engine) as session:
        demo_ids = select(Measurement.id).where(Measurement.is_demo)
        session.exec(update(Measurement).where(Measurement.supersedes_id.in_(demo_ids)).values(supersedes_id=None))
        session.exec(delete(Measurement).where(Measurement.is_demo))
        session.exec(delete(Assessment).where(Assessment.is_demo))
        session.exec(delete(ProtocolIndicator).where(ProtocolIndicator.is_demo))
        session.exec(delete(CommuneChallenge).where(CommuneChallenge.is_demo))
        session.exec(
            update(Project)
            .where(Project.status_is_demo)
            .values(deployment_level=None, abandoned=False, status_is_demo=False, status_source=None)
        )
