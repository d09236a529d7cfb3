"""Every query a page reads through ``ui.q`` declares, with ``qmi.queries.reads``, every kind of data
it reads: each page is run with the cache bypassed and the tables of every statement each query sends
are compared with the kinds it declares (``qmi.domain.scopes.TABLE_KIND``)."""

from __future__ import annotations

import re
import threading
from collections import defaultdict

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from qmi.domain import scopes
from tests.pages.conftest import account, assert_no_exception, open_as

TABLE = re.compile(r'\b(?:FROM|JOIN)\s+"?(\w+)"?', re.IGNORECASE)

# Every page of app.py, with the parameters that open its fullest view on the demo store.
PAGES = (
    ("pages/home.py", {}), ("pages/map.py", {}), ("pages/communes.py", {"commune": "93048"}),
    ("pages/projects.py", {}), ("pages/themes.py", {}), ("pages/events.py", {}), ("pages/open_data.py", {}),
    ("pages/replicability.py", {}), ("pages/indicators.py", {}), ("pages/freshness.py", {}),
    ("pages/essaimage.py", {"commune": "95018"}), ("pages/lessons.py", {}), ("pages/evaluations.py", {}),
    ("pages/worklist.py", {}), ("pages/entry.py", {}), ("pages/catalogue.py", {}), ("pages/review.py", {}),
    ("pages/present.py", {}), ("pages/admin.py", {}),
)


class Tracer:
    """The tables each query read, by (module, name)."""

    def __init__(self) -> None:
        self.current = threading.local()
        self.read: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.functions: dict[tuple[str, str], object] = {}

    def statement(self, _conn, _cursor, statement, *_args) -> None:
        if (key := getattr(self.current, "key", None)) is not None:
            self.read[key].update(name.lower() for name in TABLE.findall(statement))

    def run(self, module: str, name: str, url: str, version, args: tuple, kwargs: tuple):
        import importlib

        from qmi import ui

        function = getattr(importlib.import_module(module), name)
        self.functions[module, name] = function
        outer = getattr(self.current, "key", None)
        self.current.key = (module, name) if outer is None else outer
        try:
            return function(ui._engine(url), *args, **dict(kwargs))
        finally:
            self.current.key = outer


@pytest.fixture
def traced(demo_store, monkeypatch):
    from qmi import ui

    tracer = Tracer()
    monkeypatch.setattr(ui, "_cached_query", tracer.run)
    monkeypatch.setattr(ui, "_shared_query", tracer.run)
    event.listen(Engine, "before_cursor_execute", tracer.statement)
    yield tracer
    event.remove(Engine, "before_cursor_execute", tracer.statement)


def walk(store) -> None:
    """Every page as staff, and the experiment, indicator and sheet views of one demo experiment."""
    from sqlalchemy import select

    from qmi.models import Project, ProtocolIndicator

    with store.connect() as connection:
        slug, code = connection.execute(select(Project.slug, ProtocolIndicator.indicator_code).join(
            ProtocolIndicator, ProtocolIndicator.project_id == Project.id).order_by(Project.id).limit(1)).one()
    staff = account(store, "claire.scopes", "staff")
    views = (("pages/projects.py", {"experimentation": slug}), ("pages/sheet.py", {"experimentation": slug}),
             ("pages/indicators.py", {"indicateur": code}), ("pages/replicability.py", {"experimentation": slug}),
             ("pages/indicators.py", {"vue": "protocoles", "experimentation": slug}))
    for page, params in (*PAGES, *views):
        assert_no_exception(open_as(page, staff, **params))


def test_every_query_of_every_page_declares_every_kind_of_data_it_reads(demo_store, traced):
    walk(demo_store)
    undeclared = {}
    for key, tables in sorted(traced.read.items()):
        declared = getattr(traced.functions[key], "reads", None)
        if declared is None:
            continue
        missing = scopes.kinds_of(tables) - set(declared.kinds) - set(declared.everywhere)
        if missing:
            undeclared[".".join(key)] = sorted(missing)
    assert undeclared == {}
    assert len(traced.read) > 40  # the walk read through the pages' queries

