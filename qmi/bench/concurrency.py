"""Many sessions reading and writing the same store at once: no lost write, no error, throughput.

Each simulated session is a thread with its own connections from the engine's pool. It alternates
the reads a dashboard does (an experiment's series, a commune aggregate) with writes of new
measurements through ``qmi.db.write_session`` (the path every form uses). At the end every write
acknowledged to a session must be in the store, exactly once.

Then :func:`races` runs the races the services must win on every database (bounded, on the same
engine, nothing but loopback): parallel wrong passwords (the account locks after exactly
``auth.MAX_FAILURES``), a correction and a withdrawal of one value at once (exactly one happens),
one assessment submitted many times at once (one row). Their lost writes and broken invariants
count in the result.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from qmi.db import write_session
from qmi.i18n import Refusal
from qmi.models import (
    ACTIVE,
    Assessment,
    AssessorScore,
    AuditLog,
    Indicator,
    Measurement,
    Project,
    ProtocolIndicator,
    User,
)

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
    races: list[dict] = field(default_factory=list)

    @property
    def lost_writes(self) -> int:
        """Acknowledged writes missing from the store, the races' included."""
        return self.acknowledged_writes - self.stored_writes + sum(r["lost_writes"] for r in self.races)

    @property
    def race_violations(self) -> int:
        """Race trials whose invariant broke (two winners, a lock at the wrong count, a duplicate row)."""
        return sum(r["violations"] for r in self.races)

    @property
    def operations_per_second(self) -> float:
        return (self.acknowledged_writes + self.reads) / self.seconds if self.seconds else 0.0

    @property
    def writes_per_second(self) -> float:
        return self.acknowledged_writes / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return asdict(self) | {
            "lost_writes": self.lost_writes,
            "race_violations": self.race_violations,
            "operations_per_second": round(self.operations_per_second, 1),
            "writes_per_second": round(self.writes_per_second, 1),
            "errors": self.errors[:10],
            "error_count": len(self.errors),
        }


def _month(offset: int) -> date:
    return date(FIRST_PERIOD.year + offset // 12, offset % 12 + 1, 1)


def run(engine: Engine, sessions: int = 20, writes_per_session: int = 25, reads_per_write: int = 4,
        with_races: bool = True) -> ConcurrencyResult:
    """Run ``sessions`` threads at once on ``engine`` and check that every acknowledged write is stored;
    then (``with_races``) the services' races, reported in ``races``."""
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
    if with_races:
        result.races = races(engine, threads=sessions)
    return result


# --- races the services must win --------------------------------------------------------------

def at_once(calls: list) -> list[object]:
    """Every call in its own thread, released together; each outcome is the result or the exception."""
    gate = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def work(i: int) -> None:
        gate.wait()
        try:
            outcomes[i] = calls[i]()
        except Exception as error:  # counted and reported
            outcomes[i] = error

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _race(name: str, threads: int, trials: int, outcomes: list[object], lost: int, violations: int) -> dict:
    refusals: dict[str, int] = {}
    errors = []
    for outcome in outcomes:
        if isinstance(outcome, Refusal):
            refusals[outcome.key] = refusals.get(outcome.key, 0) + 1
        elif isinstance(outcome, Exception):
            errors.append(f"{type(outcome).__name__}: {outcome}"[:300])
    return {"race": name, "threads": threads, "trials": trials, "lost_writes": lost, "violations": violations,
            "refusals": refusals, "errors": errors[:10], "error_count": len(errors)}


def races(engine: Engine, threads: int = 20, trials: int = 3) -> list[dict]:
    """The sign-in lock, correct-vs-retract and same-assessment races on ``engine``; the store is left as it was.

    The race accounts get a test-sized argon2 hash (the parameters are read from the hash), so the
    race is about the counters, not about 20 hashes of 64 MiB at once.
    """
    from argon2 import PasswordHasher

    from qmi.services import assessments, auth, measurements

    run_key = uuid.uuid4().hex[:10]
    password = f"bench race {run_key} passphrase"
    light_hash = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(password)
    with write_session(engine) as session:
        staff = User(username=f"bench-race-{run_key}-staff", password_hash="-", role="staff")
        lockers = [User(username=f"bench-race-{run_key}-lock-{t}", password_hash=light_hash, role="viewer")
                   for t in range(trials)]
        session.add_all([staff, *lockers])
        session.flush()
        plan = session.execute(
            select(Project, Indicator).join(ProtocolIndicator, ProtocolIndicator.project_id == Project.id)
            .join(Indicator, Indicator.code == ProtocolIndicator.indicator_code).order_by(ProtocolIndicator.id).limit(1)
        ).first()
    user_ids = [staff.id, *(u.id for u in lockers)]
    results = []
    try:
        # 1. Parallel wrong passwords on each of ``trials`` accounts: exactly MAX_FAILURES counted, locked.
        per_account = max(threads // trials, auth.MAX_FAILURES + 1)
        outcomes = at_once([lambda name=u.username: auth.sign_in(engine, name, "wrong " + password)
                             for u in lockers for _ in range(per_account)])
        right = [at_once([lambda name=u.username: auth.sign_in(engine, name, password)])[0] for u in lockers]
        with engine.connect() as connection:
            counted = connection.execute(select(User.failed_attempts, User.locked_until)
                                         .where(User.id.in_([u.id for u in lockers]))).all()
        lost = sum(max(0, auth.MAX_FAILURES - n) for n, _ in counted)
        broken = sum(n != auth.MAX_FAILURES or until is None for n, until in counted) + sum(
            isinstance(r, auth.Identity) for r in right)
        results.append(_race("sign_in_lock", len(outcomes), trials, outcomes + right, lost, broken))

        # 2. A correction and a withdrawal of one value at once, ``threads // 2`` values at once.
        if plan is not None:
            project, indicator = plan
            value = indicator.min_value if indicator.min_value is not None else (
                1.0 if indicator.value_type == "scale_1_5" else 0.0)
            pairs = max(threads // 2, 1)
            start = project.start_date or date(2000, 1, 1)
            with engine.connect() as connection:
                taken = set(connection.execute(select(Measurement.period_start).where(
                    Measurement.project_id == project.id, Measurement.indicator_code == indicator.code,
                    Measurement.state == ACTIVE)).scalars())
            periods = [d for d in (start + timedelta(days=k) for k in range(1, 10 * pairs)) if d not in taken][:pairs]
            today = max(date.today(), periods[-1])
            rows = [measurements.record(engine, staff, {"project_id": project.id, "indicator_code": indicator.code,
                                                        "period_start": d, "value": value},
                                        submission_key=f"bench-race-{run_key}-{d}", today=today) for d in periods]
            calls = []
            for row in rows:
                calls.append(lambda row=row: measurements.correct(
                    engine, staff, row.id, {"period_start": row.period_start, "value": value},
                    submission_key=f"bench-race-{run_key}-fix-{row.id}", today=today))
                calls.append(lambda row=row: measurements.retract(engine, staff, row.id, "banc : course"))
            outcomes = at_once(calls)
            wins = [(not isinstance(outcomes[2 * i], Exception)) + (not isinstance(outcomes[2 * i + 1], Exception))
                    for i in range(len(rows))]
            with engine.connect() as connection:
                changes = connection.execute(select(func.count()).select_from(AuditLog).where(
                    AuditLog.user_id == staff.id,
                    AuditLog.action.in_(["measurement.correct", "measurement.retract"]))).scalar_one()
            results.append(_race("correct_vs_retract", 2 * len(rows), len(rows), outcomes,
                                 max(0, sum(wins) - changes), sum(w != 1 for w in wins) + abs(changes - len(rows))))

            # 3. The same assessment submission sent by ``threads`` threads at once, ``trials`` times.
            raw = {"project_id": project.id, "assessed_on": date.today(), "assessor": "banc", "comment": "",
                   "deployment": 1, "commercial_traction": 1, "industrialisation": 1, "operational_ease": 1,
                   "financial_stability": 1}
            outcomes, broken, lost = [], 0, 0
            for trial in range(trials):
                key = f"bench-race-{run_key}-a-{trial}"
                got = at_once([lambda key=key, trial=trial: assessments.record(
                    engine, staff, raw | {"comment": f"banc {trial}"}, submission_key=key)] * threads)
                outcomes += got
                with engine.connect() as connection:
                    stored = connection.execute(select(func.count()).select_from(Assessment)
                                                .where(Assessment.submission_key == key)).scalar_one()
                ids = {o.id for o in got if isinstance(o, Assessment)}
                broken += stored != 1 or len(ids) != 1
                lost += stored == 0 and bool(ids)
            results.append(_race("same_assessment", threads, trials, outcomes, lost, broken))
    finally:
        with write_session(engine) as session:  # leave the store as it was
            session.execute(AuditLog.__table__.delete().where(AuditLog.user_id.in_(user_ids)))
            session.execute(AssessorScore.__table__.delete().where(AssessorScore.assessment_id.in_(
                select(Assessment.id).where(Assessment.created_by_id.in_(user_ids)))))
            session.execute(Assessment.__table__.delete().where(Assessment.created_by_id.in_(user_ids)))
            session.execute(Measurement.__table__.delete().where(Measurement.entered_by_id.in_(user_ids)))
            session.execute(User.__table__.delete().where(User.id.in_(user_ids)))
    return results
