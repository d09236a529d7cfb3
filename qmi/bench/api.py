"""The read-only API timed at a tier: a page of 100 experiments and one experiment's values (its
first page of 100), each answered through the API's routes (Starlette's TestClient: routing, checks,
the store's version, the query, the JSON) and each beside the same statement run directly in SQL,
in the same run, so the ratio does not depend on how busy the machine is."""

from __future__ import annotations

import dataclasses
import random
import time
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from qmi.config import get_settings
from qmi.models import Measurement, Project
from qmi.outputs import api
from qmi.queries import published
from qmi.queries.shown import PROJECT

PER_PAGE = api.PER_PAGE_MAX
TARGETS_MS = {"experiments_page": 50, "experiment_measurements": 100}  # p95, national tier (issue #19)


def _timed(call: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return samples


def _sql(engine: Engine, statement) -> Callable[[], object]:
    def run() -> object:
        with engine.connect() as connection:
            return connection.execute(statement).fetchall()
    return run


def time_api(engine: Engine, summarise: Callable[[list[float]], dict], repeat: int = 60, seed: int = 19) -> dict:
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    settings = dataclasses.replace(get_settings(), api_burst=10**9, api_rate=10**9)
    with TestClient(Starlette(routes=api.routes(settings, engine))) as client:  # one event loop for every request
        return _time(engine, client, summarise, repeat, random.Random(seed))


def _time(engine: Engine, client, summarise: Callable[[list[float]], dict], repeat: int, rng: random.Random) -> dict:
    with engine.connect() as connection:
        experiments = connection.execute(select(func.count()).select_from(Project).where(PROJECT)).scalar_one()
        measured = connection.execute(
            select(Project.slug, Project.id).where(PROJECT, Project.id.in_(
                select(Measurement.project_id).where(published.PUBLISHED_MEASUREMENT).distinct()))
            .order_by(Project.id)).all()
    pages = max(1, -(-experiments // PER_PAGE))
    result = {}
    jobs = {
        "experiments_page": lambda page: (f"/api/v1/experiments?page={page}",
                                          published.experiments_statement().offset((page - 1) * PER_PAGE).limit(PER_PAGE + 1)),
        "experiment_measurements": lambda pick: (f"/api/v1/measurements?experiment={pick[0]}",
                                                 published.measurements_statement(project_id=pick[1]).limit(PER_PAGE + 1)),
    }
    choices = {"experiments_page": lambda: rng.randint(1, pages), "experiment_measurements": lambda: rng.choice(measured)}
    for name, job in jobs.items():
        if name == "experiment_measurements" and not measured:
            continue
        picks = [choices[name]() for _ in range(repeat)]
        for pick in picks[:3]:  # warm the statement caches of both ways
            url, statement = job(pick)
            client.get(url)
            _sql(engine, statement)()
        api_samples, sql_samples, statuses = [], [], set()
        for pick in picks:
            url, statement = job(pick)
            started = time.perf_counter()
            statuses.add(client.get(url).status_code)
            api_samples.append(time.perf_counter() - started)
            sql_samples += _timed(_sql(engine, statement), 1)
        through_api, direct = summarise(api_samples), summarise(sql_samples)
        result[name] = {"api": through_api, "sql": direct, "statuses": sorted(statuses),
                        "ratio_p95": round(through_api["p95_ms"] / direct["p95_ms"], 1) if direct["p95_ms"] else None,
                        "target_p95_ms": TARGETS_MS[name]}
    return result
