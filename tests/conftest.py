"""Shared fixtures: a temporary store per test, empty or filled.

The store fixtures (`engine`, `demo_engine`, `empty_engine`) run every unit test (tests/unit) on
both databases, SQLite and a real PostgreSQL server (ids ``[sqlite]`` / ``[postgresql]``); page and
browser tests use SQLite only. Each kind of store (empty, record, demo) is built once per session and
copied for every test: on SQLite a file filled once and copied with sqlite3's backup API, on PostgreSQL a
template database (``CREATE DATABASE … TEMPLATE``) on a server started once per session (see
qmi/bench/postgres.py). ``-m "not postgres"`` runs the SQLite half only; a test marked ``sqlite_only``
checks SQLite itself and runs once.

The suite runs on several processes (pytest-xdist, ``-n`` in pyproject.toml). Session fixtures are per
worker process: each worker builds its own SQLite templates under its own temporary directory and, if it
runs a PostgreSQL test, starts its own server on a free port. A test marked ``serial`` runs alone: while it
runs no other worker runs a test (see ``_serial_lock``).
"""

from __future__ import annotations

import fcntl
import functools
import gc
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from qmi.bench.postgres import PostgresServer, PostgresUnavailable
from qmi.db import make_engine
from qmi.store.bootstrap import init_store, migrate
from tests import mutation

STORE_FIXTURES = {"old_store", "store_0001", "engine", "demo_engine", "empty_engine"}
BOTH_DATABASES_UNDER = Path(__file__).parent / "unit"
BROWSER_TESTS_UNDER = Path(__file__).parent / "e2e"
# The exit status mutmut reads as "skipped".
MUTMUT_SKIPPED = 34


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: checks SQLite-specific behaviour; not run on PostgreSQL")
    config.addinivalue_line("markers", "serial: runs alone, no other test running on another worker meanwhile")
    if "MUTANT_UNDER_TEST" in os.environ:
        # mutmut runs one pytest session per mutant in a process forked after the app and its libraries were
        # imported; pytest ends each session with full garbage collections (its unraisable-exception check),
        # and walking that heap was 0.25 s of a 0.37 s mutant. Frozen objects are left out of collections.
        gc.freeze()
        if mutation.mutant_under_test() in mutation.skipped_names():
            # judged equivalent, with the reason, in tests/mutation_equivalent.txt, and its code is the code judged:
            # its tests would only confirm it survives, at a survivor's cost (every test reaching its function);
            # mutmut counts it as skipped
            pytest.exit("equivalent mutant: not run", returncode=MUTMUT_SKIPPED)



def _mutation_order(items: list[pytest.Item]) -> None:
    """`make mutation` runs each mutant's tests with ``-x``: run first the tests likeliest to fail soonest (the
    quickest, and those that killed this function's other mutants), so a killed mutant costs one quick test
    instead of every test before its killer (see tests/mutation.py, ``order_key``)."""
    mutant = mutation.mutant_under_test()
    if mutant is None or (durations := _test_durations()) is None:
        return
    key = mutation.order_key(mutant, durations, Path.cwd())
    items.sort(key=lambda item: key(item.nodeid))


# mutmut runs every test unmutated twice in its own process, to learn which test reaches which function
# ("stats") and to check they pass (""), before it forks the mutants' runs from that process.
_UNMUTATED_RUNS = ("stats", "")
_measured: dict[str, float] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Under `make mutation`: each test's whole duration in the unmutated runs, and the test that killed a
    mutant (``-x`` stops at the first failure), for the next mutants of the same function."""
    if os.environ.get("MUTANT_UNDER_TEST") in _UNMUTATED_RUNS:
        _measured[report.nodeid] = _measured.get(report.nodeid, 0.0) + report.duration
    elif (mutant := mutation.mutant_under_test()) and report.failed and report.when != "teardown":
        mutation.record_kill(mutant, report.nodeid, Path.cwd())


def pytest_sessionfinish(session: pytest.Session) -> None:
    if os.environ.get("MUTANT_UNDER_TEST") in _UNMUTATED_RUNS and _measured:
        mutation.save_durations(_measured, Path.cwd())
        _measured.clear()
        _test_durations.cache_clear()
        _test_durations()  # read here, once: the mutants' runs are forked from this process


@functools.cache
def _test_durations() -> dict[str, float] | None:
    """Each test's whole duration as the unmutated runs measured it (mutmut runs pytest from mutants/)."""
    return json.loads(mutation.DURATIONS.read_text()) if mutation.DURATIONS.exists() else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under ``--dist loadgroup`` the PostgreSQL tests run on one worker (one server, one set of templates)
    and so do the browser tests (one app server, one Chromium: two of each on two cores were slower);
    every other test goes to whichever worker is free."""
    _mutation_order(items)
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(pytest.mark.xdist_group("postgres"))
        elif BROWSER_TESTS_UNDER in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.xdist_group("e2e"))


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


# How each kind of store is filled.
FILLS: dict[str, Callable[[Engine], None]] = {
    "empty": migrate,
    "record": lambda engine: init_store(engine, demo=False),
    "demo": lambda engine: init_store(engine, demo=True),
}


class SqliteTemplates:
    """SQLite stores filled once per session (per worker) and copied for each test that asks for one."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._files: dict[str, Path] = {}

    def file(self, kind: str) -> Path:
        if kind not in self._files:
            path = self.folder / f"{kind}.db"
            if not path.exists():  # a kept folder (KEEP_TEMPLATES) may hold it from an earlier process
                building = self.folder / f"{kind}.{os.getpid()}.building"
                engine = make_engine(f"sqlite:///{building}")
                try:
                    FILLS[kind](engine)
                    with engine.connect() as connection:  # fold the WAL into the file before it is copied
                        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                finally:
                    engine.dispose()
                os.replace(building, path)
            self._files[kind] = path
        return self._files[kind]

    def copy(self, kind: str, target: Path) -> None:
        """Copy the ``kind`` store to ``target`` through sqlite3's backup API (consistent whatever the journal)."""
        with closing(sqlite3.connect(self.file(kind))) as source, closing(sqlite3.connect(target)) as copy:
            source.backup(copy)


# A folder where the filled stores outlive the process, for runs of many short pytest processes
# (`make mutation` forks one per mutant): set by the Makefile, never by `make test`.
KEEP_TEMPLATES = "QMI_TEST_STORE_TEMPLATES"


@pytest.fixture(scope="session")
def sqlite_templates(tmp_path_factory) -> SqliteTemplates:
    if os.environ.get(KEEP_TEMPLATES):
        folder = Path(os.environ[KEEP_TEMPLATES])
        folder.mkdir(parents=True, exist_ok=True)
        return SqliteTemplates(folder)
    return SqliteTemplates(tmp_path_factory.mktemp("store_templates"))


def _store(request: pytest.FixtureRequest, backend: str, tmp_path: Path, kind: str) -> Iterator[Engine]:
    if backend == "sqlite":
        path = tmp_path / "qmi.db"
        request.getfixturevalue("sqlite_templates").copy(kind, path)
        engine = make_engine(f"sqlite:///{path}")
        yield engine
        engine.dispose()
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    engine, name = server.engine_from_template(kind, FILLS[kind])
    yield engine
    engine.dispose()
    server.drop_database(name)


@pytest.fixture
def empty_engine(request, db_backend, tmp_path) -> Engine:
    """A migrated store with no rows."""
    yield from _store(request, db_backend, tmp_path, "empty")


@pytest.fixture
def engine(request, db_backend, tmp_path) -> Engine:
    """The public record, without demo data."""
    yield from _store(request, db_backend, tmp_path, "record")


@pytest.fixture
def demo_engine(request, db_backend, tmp_path) -> Engine:
    """The public record and the demo set, as `make run` starts with."""
    yield from _store(request, db_backend, tmp_path, "demo")


@pytest.fixture
def light_hashing(monkeypatch):
    """argon2 with its lightest settings, for tests that create accounts (the app's settings are untouched)."""
    from argon2 import PasswordHasher

    from qmi.services import auth

    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


# --- serial tests -------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def _serial_lock_file(tmp_path_factory) -> Path:
    """A file every worker of this run sees (the parent of the per-worker temporary directories)."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    return root / "serial.lock"


@pytest.fixture(autouse=True)
def _serial_lock(request, _serial_lock_file) -> Iterator[None]:
    """Every test holds the run's lock shared; a ``serial`` test holds it exclusive, so it runs alone."""
    exclusive = request.node.get_closest_marker("serial") is not None
    with open(_serial_lock_file, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
