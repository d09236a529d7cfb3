"""Shared fixtures: a temporary store per test, empty or filled."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from qmi.db import make_engine
from qmi.store import init_store, migrate


@pytest.fixture
def empty_engine(tmp_path) -> Engine:
    """A migrated store with no rows."""
    engine = make_engine(f"sqlite:///{tmp_path / 'qmi.db'}")
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(tmp_path) -> Engine:
    """The public record, without demo data."""
    engine = make_engine(f"sqlite:///{tmp_path / 'qmi.db'}")
    init_store(engine, demo=False)
    yield engine
    engine.dispose()


@pytest.fixture
def demo_engine(tmp_path) -> Engine:
    """The public record and the demo set, as `make run` starts with."""
    engine = make_engine(f"sqlite:///{tmp_path / 'qmi.db'}")
    init_store(engine, demo=True)
    yield engine
    engine.dispose()
