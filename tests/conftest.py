"""Shared fixtures: a temporary store per test, empty or filled.

The store fixtures (`engine`, `demo_engine`, `empty_engine`) run every unit test (tests/unit) on
both databases, SQLite and a real PostgreSQL server (ids ``[sqlite]`` / ``[postgresql]``); page and
browser tests use SQLite only. The PostgreSQL server is started once per session (see qmi/bench/postgres.py)
and each test gets a fresh database copied from a migrated template. ``-m "not postgres"`` runs the
SQLite half only; a test marked ``sqlite_only`` checks SQLite itself and runs once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from qmi.bench.postgres import PostgresServer, PostgresUnavailable
from qmi.db import make_engine
from qmi.store.bootstrap import init_store, migrate

STORE_FIXTURES = {"engine", "demo_engine", "empty_engine"}
BOTH_DATABASES_UNDER = Path(__file__).parent / "unit"

def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: checks SQLite-specific behaviour; not run on PostgreSQL")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "db_backend" not in metafunc.fixturenames or not STORE_FIXTURES & set(metafunc.fixturenames):
        return
    if metafunc.definition.get_closest_marker("sqlite_only"):
        return
    if BOTH_DATABASES_UNDER not in Path(str(metafunc.definition.path)).parents:
        return
    metafunc.parametrize(
        "db_backend",
        ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
        scope="function",
    )


@pytest.fixture
def db_backend() -> str:
    """The database a store fixture uses; unit tests are parametrised over both."""
    return "sqlite"


@pytest.fixture(scope="session")
def postgres_server() -> PostgresServer:
    """One PostgreSQL server for the session, started when none is configured."""
    try:
        server = PostgresServer.start()
    except PostgresUnavailable as error:
        pytest.skip(f"PostgreSQL cannot start on this machine: {error}")
    yield server
    server.stop()


def _store(request: pytest.FixtureRequest, backend: str, tmp_path: Path, kind: str,
           fill: Callable[[Engine], None]):
    if backend == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'qmi.db'}")
        fill(engine)
        yield engine
        engine.dispose()
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    engine, name = server.engine_from_template(kind, fill)
    yield engine
    engine.dispose()
    server.drop_database(name)


@pytest.fixture
def empty_engine(request, db_backend, tmp_path) -> Engine:
    """A migrated store with no rows."""
    yield from _store(request, db_backend, tmp_path, "empty", migrate)


@pytest.fixture
def engine(request, db_backend, tmp_path) -> Engine:
    """The public record, without demo data."""
    yield from _store(request, db_backend, tmp_path, "record", lambda e: init_store(e, demo=False))


@pytest.fixture
def demo_engine(request, db_backend, tmp_path) -> Engine:
    """The public record and the demo set, as `make run` starts with."""
    yield from _store(request, db_backend, tmp_path, "demo", lambda e: init_store(e, demo=True))


@pytest.fixture
def light_hashing(monkeypatch):
    """argon2 with its lightest settings, for tests that create accounts (the app's settings are untouched)."""
    from argon2 import PasswordHasher

    from qmi.services import auth

    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
