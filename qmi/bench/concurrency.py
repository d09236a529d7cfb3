"""Many sessions reading and writing the same store at once: no lost write, no error, throughput.

Each simulated session is a thread with its own connections from the engine's pool. It alternates
the reads a dashboard does (an experiment's series, a commune aggregate) with writes of new
measurements through ``qmi.db.write_session`` (the path every form uses). At the end every write
acknowledged to a session must be in the store, exactly once.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from qmi.db import write_session
from qmi.models import ACTIVE, Measurement, Project, ProtocolIndicator

FIRST_PERIOD = date(2040, 1, 1)


@dataclass
class ConcurrencyResult:
    database: str
    sessions: int
    writes_per_session: int
    reads_per_write: int
    acknowledged_writes: int = 0
    stored_writes: int = 0
    reads: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def lost_writes(self) -> int:
        return self.acknowledged_writes - self.stored_writes

    @property
    def operations_per_second(self) -> float:
        return (self.acknowledged_writes + self.reads) / self.seconds if self.seconds else 0.0

    @property
    def writes_per_second(self) -> float:
        return self.acknowledged_writes / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return asdict(self) | {
            "lost_writes": self.lost_writes,
            "operations_per_second": round(self.operations_per_second, 1),
            "writes_per_second": round(self.writes_per_second, 1),
            "errors": self.errors[:10],
            "error_count": len(self.errors),
        }


def _month(offset: int) -> date:
    return date(FIRST_PERIOD.year + offset // 12, offset % 12 + 1, 1)


def run(engine: Engine, sessions: int = 20, writes_per_session: int = 25, reads_per_write: int = 4) -> ConcurrencyResult:
    """Run ``sessions`` threads at once on ``engine`` and check that every acknowledged write is stored."""
    with engine.connect() as connection:
        plan = connection.execute(
            select(ProtocolIndicator.project_id, ProtocolIndicator.indicator_code, Project.commune_insee)
            .join(Project, Project.id == ProtocolIndicator.project_id)
            .order_by(ProtocolIndicator.id).limit(sessions)
        ).all()
    if len(plan) < sessions:
        raise ValueError(f"the store needs at least {sessions} protocol indicators to simulate {sessions} sessions")
    run_key = uuid.uuid4().hex[:10]
    result = ConcurrencyResult(engine.dialect.name, sessions, writes_per_session, reads_per_write)
    lock = threading.Lock()
    start_gate = threading.Barrier(sessions)

    def session_work(number: int) -> None:
        project_id, indicator_code, commune = plan[number]
        acknowledged = reads = 0
        errors: list[str] = []
        start_gate.wait()
        for i in range(writes_per_session):
            try:
                for _ in range(reads_per_write):
                    with engine.connect() as connection:
                        connection.execute(
                            select(Measurement.period_start, Measurement.value)
                            .where(Measurement.project_id == project_id, Measurement.state == ACTIVE)
                            .order_by(Measurement.period_start.desc()).limit(24)
                        ).all()
                        connection.execute(
                            select(func.count(), func.max(Measurement.period_start))
                            .select_from(Measurement).join(Project, Project.id == Measurement.project_id)
                            .where(Project.commune_insee == commune, Measurement.state == ACTIVE)
                        ).one()
                    reads += 1
                with write_session(engine) as session:
                    session.add(Measurement(
                        project_id=project_id, indicator_code=indicator_code, period_start=_month(i),
                        value=float(i), entered_by="bench", source="concurrency benchmark",
                        submission_key=f"bench-{run_key}-{number}-{i}", is_demo=True,
                    ))
                acknowledged += 1
            except Exception as error:  # every failure is counted and reported
                errors.append(f"session {number}, write {i}: {type(error).__name__}: {error}"[:300])
        with lock:
            result.acknowledged_writes += acknowledged
            result.reads += reads
            result.errors.extend(errors)

    threads = [threading.Thread(target=session_work, args=(n,)) for n in range(sessions)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    with engine.connect() as connection:
        result.stored_writes = connection.execute(
            select(func.count()).select_from(Measurement).where(Measurement.submission_key.like(f"bench-{run_key}-%"))
        ).scalar_one()
    with write_session(engine) as session:  # leave the store as it was
        session.execute(Measurement.__table__.delete().where(Measurement.submission_key.like(f"bench-{run_key}-%")))
    return result
