"""Synthetic stores for the benchmark: the public record plus generated rows at a given scale.

Every generated row that has an ``is_demo`` column is flagged ``is_demo=True``; generated communes
(which have no such column) get INSEE codes 99000–99999, a range no French commune uses, and say
so in their ``source``. The generation is deterministic (one seed) and inserts in bulk: executemany
in batches on SQLite, COPY on PostgreSQL, so two million measurements take about a minute.

These stores are for measuring only: they are written to temporary files or databases, never to
the store the app shows.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import Connection, Engine

from qmi.models import (
    ACTIVE,
    APPROVED,
    CRITERIA,
    Assessment,
    Commune,
    CommuneChallenge,
    Family,
    Indicator,
    Measurement,
    Project,
    ProtocolIndicator,
    StatusChange,
    UrbanChallenge,
)
from qmi.store.bootstrap import init_store

GENERATOR_VERSION = 1
SYNTHETIC_SOURCE = "Données synthétiques du banc de performance (qmi.bench)"
SYNTHETIC_AUTHOR = "bench"
INDICATORS_PER_PROJECT = 4
FIRST_PERIOD = date(2020, 1, 1)
BATCH = 20_000


@dataclass(frozen=True)
class Tier:
    """A store size: programme communes, experiments and measurements in all."""

    name: str
    communes: int
    projects: int
    measurements: int

    def key(self) -> str:
        return json.dumps(asdict(self) | {"version": GENERATOR_VERSION}, sort_keys=True)


TIERS: dict[str, Tier] = {
    "programme": Tier("programme", communes=10, projects=80, measurements=5_000),
    "metropolis": Tier("metropolis", communes=130, projects=1_000, measurements=200_000),
    "national": Tier("national", communes=1_000, projects=10_000, measurements=2_000_000),
}


def _month(start: date, offset: int) -> date:
    month = start.month - 1 + offset
    return date(start.year + month // 12, month % 12 + 1, 1)


def _batches(rows: Iterator[dict], size: int = BATCH) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _bulk(connection: Connection, model: type, rows: Iterator[dict]) -> int:
    """Insert many rows: COPY on PostgreSQL, executemany in batches elsewhere."""
    table = model.__table__
    written = 0
    if connection.dialect.name == "postgresql":
        cursor = connection.connection.driver_connection.cursor()
        columns: list[str] | None = None
        copy = None
        for row in rows:
            if columns is None:
                columns = list(row)
                copy_sql = f'COPY "{table.name}" ({", ".join(columns)}) FROM STDIN'
                copy_context = cursor.copy(copy_sql)
                copy = copy_context.__enter__()
            copy.write_row([row[c] for c in columns])
            written += 1
        if copy is not None:
            copy_context.__exit__(None, None, None)
        return written
    for batch in _batches(rows):
        connection.execute(insert(table), batch)
        written += len(batch)
    return written


def _reset_sequences(connection: Connection) -> None:
    """After explicit ids on PostgreSQL, move each id sequence past the largest id."""
    if connection.dialect.name != "postgresql":
        return
    for table in ("project", "assessment", "protocolindicator", "measurement", "communechallenge"):
        connection.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 1))"
        ))


def generate(engine: Engine, tier: Tier, seed: int = 2026,
             progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Fill a new store at ``tier``: public record, then generated communes, experiments and measurements.

    Returns the row counts of the tables the tier sizes.
    """
    say = progress or (lambda _message: None)
    rng = random.Random(seed)
    init_store(engine, demo=False)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with engine.connect() as connection:
        real_programme = connection.execute(
            select(Commune.insee_code, Commune.edition_id, Commune.latitude, Commune.longitude)
            .where(Commune.edition_id.is_not(None)).order_by(Commune.insee_code)
        ).all()
        real_projects = connection.execute(select(Project.id, Project.commune_insee).order_by(Project.id)).all()
        families = list(connection.execute(select(Family.code).order_by(Family.code)).scalars())
        challenges = list(connection.execute(select(UrbanChallenge.code).order_by(UrbanChallenge.code)).scalars())
        indicators = connection.execute(
            select(Indicator.code, Indicator.value_type, Indicator.min_value, Indicator.max_value).order_by(Indicator.code)
        ).all()
        next_project_id = (connection.execute(select(func.max(Project.id))).scalar() or 0) + 1

    extra_communes = max(0, tier.communes - len(real_programme))
    if extra_communes > 1000:
        raise ValueError("at most 1 000 generated communes (INSEE codes 99000–99999)")
    programme_codes = [c.insee_code for c in real_programme]
    with engine.begin() as connection:
        say(f"{tier.name}: {extra_communes} communes")
        commune_rows = []
        for i in range(extra_communes):
            code = f"99{i:03d}"
            programme_codes.append(code)
            commune_rows.append({
                "insee_code": code, "name": f"Commune synthétique {i + 1:03d}", "departement": "99",
                "population": rng.randint(5_000, 120_000), "area_km2": round(rng.uniform(1.5, 20), 2),
                "latitude": round(48.70 + rng.random() * 0.35, 5), "longitude": round(2.15 + rng.random() * 0.45, 5),
                "edition_id": 1 + i % 2, "innovation_district": f"Quartier synthétique {i + 1}",
                "district_source": SYNTHETIC_SOURCE, "mayor": None, "source": SYNTHETIC_SOURCE,
            })
        _bulk(connection, Commune, iter(commune_rows))
        _bulk(connection, CommuneChallenge, (
            {"commune_insee": code, "challenge_code": challenge, "source": SYNTHETIC_SOURCE, "is_demo": True}
            for code in programme_codes[len(real_programme):]
            for challenge in rng.sample(challenges, 2)
        ))

        extra_projects = max(0, tier.projects - len(real_projects))
        say(f"{tier.name}: {extra_projects} experiments")
        project_ids = [p.id for p in real_projects]
        edition_of = {c.insee_code: c.edition_id for c in real_programme} | {r["insee_code"]: r["edition_id"] for r in commune_rows}
        project_rows = []
        for i in range(extra_projects):
            commune = programme_codes[i % len(programme_codes)]
            level = rng.choice((0, 1, 1, 2, 2, 2, 3, 3))
            start = FIRST_PERIOD + timedelta(days=rng.randint(0, 700))
            project_rows.append({
                "id": next_project_id + i, "slug": f"synthetique-{i + 1:05d}", "name": f"Expérimentation synthétique {i + 1}",
                "organisation": f"Entreprise synthétique {i % 997 + 1}", "commune_insee": commune,
                "edition_id": edition_of[commune], "family_code": rng.choice(families) if families else None,
                "challenge_code": rng.choice(challenges) if challenges else None, "challenge_status": "proposed",
                "challenge_source": None, "type_tags": "", "description": "Ligne générée pour mesurer les performances.",
                "deployment_level": level, "abandoned": rng.random() < 0.06, "status_source": SYNTHETIC_SOURCE,
                "status_is_demo": True, "start_date": start, "end_date": start + timedelta(days=540),
                "location_note": None, "source": SYNTHETIC_SOURCE, "is_demo": True,
            })
            project_ids.append(next_project_id + i)
        _bulk(connection, Project, iter(project_rows))
        _bulk(connection, StatusChange, (  # each status is its experiment's one timeline entry
            {"project_id": r["id"], "changed_on": r["start_date"], "date_precision": "day",
             "deployment_level": r["deployment_level"], "abandoned": r["abandoned"], "source": SYNTHETIC_SOURCE,
             "note": "", "entered_by_id": None, "entered_by": SYNTHETIC_AUTHOR, "entered_at": now, "is_demo": True}
            for r in project_rows
        ))

        def assessment_rows() -> Iterator[dict]:
            for project_id in project_ids:
                for step, day in enumerate((date(2024, 3, 15), date(2024, 12, 16))):
                    scores = {c: min(3, max(0, rng.randint(0, 2) + step)) for c in CRITERIA}
                    yield {"project_id": project_id, "assessed_on": day, **scores, "assessor": SYNTHETIC_AUTHOR,
                           "comment": "", "is_demo": True, "created_by_id": None, "created_at": now}

        _bulk(connection, Assessment, assessment_rows())

        protocol: list[tuple[int, tuple]] = []
        for project_id in project_ids:
            for indicator in rng.sample(indicators, INDICATORS_PER_PROJECT):
                protocol.append((project_id, indicator))
        published = set(connection.execute(select(ProtocolIndicator.project_id, ProtocolIndicator.indicator_code)).all())
        _bulk(connection, ProtocolIndicator, (
            {"project_id": project_id, "indicator_code": indicator.code, "baseline": _value(indicator, rng, 0.1),
             "target": _value(indicator, rng, 0.9), "note": "", "is_demo": True}
            for project_id, indicator in protocol
            if (project_id, indicator.code) not in published  # targets from the public record stay as they are
        ))

        periods = max(1, math.ceil(tier.measurements / max(1, len(protocol))))
        say(f"{tier.name}: {tier.measurements} measurements ({periods} periods)")

        def measurement_rows() -> Iterator[dict]:
            written = 0
            for offset in range(periods):
                period = _month(FIRST_PERIOD, offset)
                for project_id, indicator in protocol:
                    if written >= tier.measurements:
                        return
                    written += 1
                    yield {"project_id": project_id, "indicator_code": indicator.code, "period_start": period,
                           "period_end": None, "value": _value(indicator, rng, min(1.0, offset / periods + 0.1)),
                           "comment": "", "source": SYNTHETIC_SOURCE, "state": ACTIVE, "supersedes_id": None,
                           "retracted_reason": None, "entered_by_id": None, "entered_by": SYNTHETIC_AUTHOR,
                           "entered_at": now, "submission_key": None, "is_demo": True,
                           "review_state": APPROVED, "reviewed_by": SYNTHETIC_AUTHOR, "reviewed_at": now,
                           "reviewed_by_id": None, "review_reason": None, "withdrawal_reason": None,
                           "withdrawal_by_id": None, "withdrawal_by": None, "import_batch": None, "version": 1}

        _bulk(connection, Measurement, measurement_rows())
        _reset_sequences(connection)
    return counts(engine)


def _value(indicator, rng: random.Random, progress: float) -> float:
    low = indicator.min_value if indicator.min_value is not None else 0.0
    high = indicator.max_value if indicator.max_value is not None else 100.0
    if indicator.value_type == "boolean":
        return float(rng.random() < progress)
    span = min(high - low, 1_000.0)
    value = low + span * min(1.0, max(0.0, progress * rng.uniform(0.8, 1.1)))
    return round(min(high, max(low, value)), 1)


def counts(engine: Engine) -> dict[str, int]:
    """The sizes a tier is defined by, as the store holds them."""
    with engine.connect() as connection:
        return {
            "communes": connection.execute(
                select(func.count()).select_from(Commune).where(Commune.edition_id.is_not(None))).scalar_one(),
            "projects": connection.execute(select(func.count()).select_from(Project)).scalar_one(),
            "measurements": connection.execute(select(func.count()).select_from(Measurement)).scalar_one(),
            "assessments": connection.execute(select(func.count()).select_from(Assessment)).scalar_one(),
        }
