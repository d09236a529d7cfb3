"""Every query a page reads through ``ui.q`` declares, with ``qmi.queries.reads``, every kind of data
it reads: each page is run with the cache bypassed and the tables of every statement each query sends
are compared with the kinds it declares (``qmi.domain.scopes.TABLE_KIND``)."""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from datetime import date

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



class Counted:
    """Count the runs of some query functions (a cached read served from the cache is not a run)."""

    def __init__(self, monkeypatch, *targets: tuple[object, str]) -> None:
        import functools

        self.runs: dict[str, int] = defaultdict(int)
        for module, name in targets:
            original = getattr(module, name)

            def counting(*args, _original=original, _name=name, **kwargs):
                self.runs[_name] += 1
                return _original(*args, **kwargs)

            monkeypatch.setattr(module, name, functools.wraps(original)(counting))


def text_of(at) -> str:
    import html

    from tests.pages.conftest import rendered_text

    return html.unescape(" ".join(rendered_text(at))).replace("\u202f", "").replace("\xa0", "")


def shows_value(at, number: str) -> bool:
    """Whether a table the page drew (a chart's data table included, its expander opened as a reader
    would) holds ``number`` in a cell, as written in French (its thin spaces left out)."""
    def plain(cell) -> str:
        return str(cell).replace("\u202f", "").replace("\xa0", "").replace(" ", "")

    closed = [key for key in at.session_state if str(key).startswith("qmi-data-") and not at.session_state[key]]
    if closed:
        for key in closed:
            at.session_state[key] = True
        at.run()
        assert_no_exception(at)
    frames = [t.value for t in at.table] + [d.value for d in at.dataframe]
    return any(plain(cell) == number for frame in frames for column in frame.columns for cell in frame[column])


def _project(store, slug: str):
    from sqlmodel import Session, select

    from qmi.models import Project

    with Session(store) as session:
        row = session.exec(select(Project).where(Project.slug == slug)).one()
        session.expunge(row)
        return row


def test_a_write_in_one_commune_reruns_neither_another_communes_page_nor_the_ranking_and_shows_where_it_belongs(
        demo_store, monkeypatch):
    from qmi.db import engine_for
    from qmi.queries import communes, projects
    from qmi.services import catalogue, measurements, reviews
    from tests.unit.store_rows import make_user

    counted = Counted(monkeypatch, (communes, "profile"), (projects, "projects"), (projects, "ranking"))
    app_store = engine_for(str(demo_store.url))  # the app's engine: its write listener tells this process's caches
    staff = make_user(app_store, "claire.scopes", "staff")
    kunagi = _project(demo_store, "kunagi")
    other = "95018"
    assert kunagi.commune_insee != other
    page_b = open_as("pages/communes.py", None, commune=other)
    ranking = open_as("pages/replicability.py", None)
    assert_no_exception(page_b) and assert_no_exception(ranking)
    record = open_as("pages/projects.py", staff_identity(app_store, staff), experimentation="kunagi")
    assert not shows_value(record, "98765")
    runs = dict(counted.runs)
    assert runs["profile"] >= 1 and runs["ranking"] >= 1

    # A measurement in Kunagi's commune: Argenteuil's page and the ranking run from the cache.
    value = measurements.record(app_store, staff, {"project_id": kunagi.id, "indicator_code": "SOC-USERS",
                                                   "period_start": "2025-04-01", "value": "98765"},
                                today=date(2025, 6, 1))
    page_b.run()
    ranking.run()
    assert_no_exception(page_b) and assert_no_exception(ranking)
    assert dict(counted.runs) == runs
    record.run()
    assert not shows_value(record, "98765")  # it waits for its review
    reviews.approve(app_store, make_user(app_store, "marc.scopes", "staff"), value.id, version=value.version)
    page_b.run()
    ranking.run()
    assert dict(counted.runs) == runs  # nor does its approval
    record.run()
    assert_no_exception(record)
    assert shows_value(record, "98765")  # the experiment's record shows it on its next run

    # An experiment of Argenteuil renamed: its page and the ranking show the new name on their next run.
    target = slug_in(demo_store, other)
    catalogue.update_project(app_store, staff, target, {"name": "Nom neuf de l'essai"}, _project(demo_store, target).version)
    page_b.run()
    ranking.run()
    assert counted.runs["profile"] > runs["profile"] and counted.runs["ranking"] > runs["ranking"]
    assert "Nom neuf de l'essai" in text_of(page_b)
    assert "Nom neuf de l'essai" in text_of(ranking)


def slug_in(store, commune: str) -> str:
    from sqlmodel import Session, select

    from qmi.models import Project

    with Session(store) as session:
        return session.exec(select(Project.slug).where(Project.commune_insee == commune).order_by(Project.id)).first()


def staff_identity(store, user):
    from datetime import UTC, datetime, timedelta

    from qmi.services.auth import Identity

    return Identity(user_id=user.id, username=user.username, display_name="Claire", role="staff", commune_insee=None,
                    expires_at=datetime.now(UTC) + timedelta(hours=1))


def test_a_write_by_another_server_process_shows_once_the_versions_are_read_again(demo_store):
    """Another replica's engine has no listener of this process: its write shows when the scopes'
    versions are next read (their two-second lifetime), and only the pages it touched run again."""
    from qmi import ui
    from qmi.db import make_engine
    from qmi.services import catalogue
    from tests.unit.store_rows import make_user

    other_replica = make_engine(str(demo_store.url))
    staff = make_user(other_replica, "claire.replica", "staff")
    slug = slug_in(demo_store, "95018")
    page = open_as("pages/communes.py", None, commune="95018")
    catalogue.update_project(other_replica, staff, slug, {"name": "Renommé ailleurs"}, _project(demo_store, slug).version)
    ui._store_versions.clear()  # what its half-second lifetime does
    page.run()
    assert_no_exception(page)
    assert "Renommé ailleurs" in text_of(page)


def test_after_a_measurement_essaimage_reads_again_the_results_of_its_group_and_ranks_again_only_if_they_changed(
        demo_store, monkeypatch):
    from qmi.db import engine_for
    from qmi.queries import essaimage
    from qmi.queries import indicators as indicator_queries
    from qmi.services import measurements, reviews
    from tests.unit.store_rows import make_user

    counted = Counted(monkeypatch, (essaimage, "experiments"), (essaimage, "results_by_experiment"),
                      (essaimage, "rank_from"))
    monkeypatch.setattr(indicator_queries, "COMMUNES_PER_PART", 2)  # the demo's five communes in three parts
    app_store = engine_for(str(demo_store.url))
    staff, second = make_user(app_store, "claire.essaimage", "staff"), make_user(app_store, "marc.essaimage", "staff")
    kunagi = _project(demo_store, "kunagi")
    page = open_as("pages/essaimage.py", None, commune="93005")
    assert_no_exception(page)
    assert dict(counted.runs) == {"experiments": 1, "results_by_experiment": 3, "rank_from": 1}
    page.toggle(key="essaimage_show_all").set_value(True).run()  # every candidate, Kunagi among them
    assert dict(counted.runs) == {"experiments": 1, "results_by_experiment": 3, "rank_from": 1}  # warm: nothing runs

    def approved(period: str, value: str) -> None:
        row = measurements.record(app_store, staff, {"project_id": kunagi.id, "indicator_code": "SOC-USERS",
                                                     "period_start": period, "value": value}, today=date(2025, 6, 1))
        reviews.approve(app_store, second, row.id, version=row.version)

    def shortlist() -> list[str]:
        return [m.value for m in page.markdown]

    assert any("Kunagi" in text for text in shortlist())
    before = shortlist()
    approved("2024-03-01", "743")  # an old period: Kunagi's latest value, and so its rank, are as they were
    page.run()
    assert_no_exception(page)
    assert dict(counted.runs) == {"experiments": 1, "results_by_experiment": 4, "rank_from": 1}
    assert shortlist() == before
    approved("2025-04-01", "1216")  # its latest value, at the target: ranked again, with the new progress
    page.run()
    assert_no_exception(page)
    assert dict(counted.runs) == {"experiments": 1, "results_by_experiment": 5, "rank_from": 2}
    assert shortlist() != before


def test_after_a_measurement_indicateurs_counts_again_only_the_communes_of_its_group(demo_store, monkeypatch):
    import functools

    from qmi.db import engine_for
    from qmi.queries import indicators
    from qmi.services import measurements
    from tests.unit.store_rows import make_user

    calls = []
    for name in ("measured_in", "library_usage"):
        original = getattr(indicators, name)

        def counting(engine, *args, _original=original, _name=name, **kwargs):
            calls.append((_name, *args))
            return _original(engine, *args, **kwargs)

        monkeypatch.setattr(indicators, name, functools.wraps(original)(counting))
    monkeypatch.setattr(indicators, "COMMUNES_PER_PART", 2)  # the demo's five communes in three parts
    app_store = engine_for(str(demo_store.url))
    staff = make_user(app_store, "claire.indicateurs", "staff")
    kunagi = _project(demo_store, "kunagi")
    page = open_as("pages/indicators.py", None)
    assert_no_exception(page)
    [group] = [args[0] for name, *args in calls if name == "measured_in" and kunagi.commune_insee in args[0]]
    assert ("library_usage",) in calls and len(calls) == 4 and len(group) <= 2
    calls.clear()
    measurements.record(app_store, staff, {"project_id": kunagi.id, "indicator_code": "SOC-USERS",
                                           "period_start": "2025-04-01", "value": "98765"}, today=date(2025, 6, 1))
    page.run()
    assert_no_exception(page)
    assert calls == [("measured_in", group)]  # Kunagi's group of communes only


def test_an_experiment_s_record_reads_its_protocol_and_draws_its_charts_again_only_after_a_value_of_its_commune(
        demo_store, monkeypatch):
    from qmi.db import engine_for
    from qmi.queries import indicators
    from qmi.services import measurements, reviews
    from qmi.ui import indicator_panels
    from tests.unit.store_rows import make_user

    counted = Counted(monkeypatch, (indicators, "project_protocol"), (indicator_panels, "series_panels"))
    app_store = engine_for(str(demo_store.url))
    staff, second = make_user(app_store, "claire.record", "staff"), make_user(app_store, "marc.record", "staff")
    kunagi = _project(demo_store, "kunagi")
    elsewhere = _project(demo_store, slug_in(demo_store, "95018"))
    assert elsewhere.commune_insee != kunagi.commune_insee
    record = open_as("pages/projects.py", None, experimentation="kunagi")
    assert_no_exception(record)
    runs = dict(counted.runs)
    assert runs == {"project_protocol": 1, "series_panels": 1}

    def approved(project, value: str) -> None:
        row = measurements.record(app_store, staff, {"project_id": project.id, "indicator_code": "SOC-USERS",
                                                     "period_start": "2025-05-01", "value": value},
                                  today=date(2025, 6, 1))
        reviews.approve(app_store, second, row.id, version=row.version)

    approved(elsewhere, "24680")  # a value of another commune: the record runs from its cache
    record.run()
    assert_no_exception(record)
    assert dict(counted.runs) == runs
    approved(kunagi, "13579")  # one of its own: its protocol and its charts again, with the value
    record.run()
    assert_no_exception(record)
    assert dict(counted.runs) == {"project_protocol": 2, "series_panels": 2}
    assert shows_value(record, "13579")


def test_after_a_value_an_experiment_s_record_draws_again_the_chart_of_that_indicator_only(demo_store, monkeypatch):
    import functools

    from qmi import ui
    from qmi.db import engine_for
    from qmi.services import measurements, reviews
    from qmi.ui import indicator_panels
    from tests.unit.store_rows import make_user

    drawn: list[str] = []
    original = indicator_panels.series_panel

    def counting(rows, color):
        drawn.append(str(rows["indicator_code"].iloc[0]))
        return original(rows, color)

    monkeypatch.setattr(indicator_panels, "series_panel", functools.wraps(original)(counting))  # found by its name
    ui._by_content.clear()  # panels are kept by their rows' content, whatever the store: drawn before by other tests
    app_store = engine_for(str(demo_store.url))
    kunagi = _project(demo_store, "kunagi")
    staff, second = make_user(app_store, "claire.chart", "staff"), make_user(app_store, "marc.chart", "staff")
    record = open_as("pages/projects.py", None, experimentation="kunagi")
    assert_no_exception(record)
    charted = sorted(drawn)
    assert len(charted) >= 2 and "SOC-USERS" in charted  # one chart per indicator with values
    drawn.clear()
    row = measurements.record(app_store, staff, {"project_id": kunagi.id, "indicator_code": "SOC-USERS",
                                                 "period_start": "2025-05-01", "value": "24680"}, today=date(2025, 6, 1))
    reviews.approve(app_store, second, row.id, version=row.version)
    record.run()
    assert_no_exception(record)
    assert drawn == ["SOC-USERS"]  # the other indicators keep their chart and its data table
    assert shows_value(record, "24680")


def test_after_a_value_fraicheur_reads_again_only_the_group_of_its_commune_and_shows_it_up_to_date(
        demo_store, monkeypatch):
    import functools

    from qmi.db import engine_for
    from qmi.queries import freshness
    from qmi.queries import indicators as indicator_queries
    from qmi.services import measurements, reviews
    from tests.unit.store_rows import make_user

    calls = []
    original = freshness.by_experiment

    def counting(engine, today, commune_insee=None):
        calls.append(commune_insee)
        return original(engine, today, commune_insee=commune_insee)

    monkeypatch.setattr(freshness, "by_experiment", functools.wraps(original)(counting))
    monkeypatch.setattr(indicator_queries, "COMMUNES_PER_PART", 2)  # the demo's five communes in three parts
    app_store = engine_for(str(demo_store.url))
    staff, second = make_user(app_store, "claire.fraicheur", "staff"), make_user(app_store, "marc.fraicheur", "staff")
    kunagi = _project(demo_store, "kunagi")
    page = open_as("pages/freshness.py", None)
    assert_no_exception(page)
    [group] = [g for g in calls if g is not None and kunagi.commune_insee in g]
    assert len(calls) == 3 and len(group) <= 2  # one read per group of communes, none of the whole programme

    def kunagi_row():
        experiments = page.dataframe[1].value
        return experiments[experiments["Expérimentation"] == "Kunagi"].iloc[0]

    def commune_row():
        communes = page.dataframe[0].value
        return communes[communes["Commune"] == before["Commune"]].iloc[0]

    before = kunagi_row()
    commune_before = commune_row()
    assert before["En retard"] == 2  # its two quarterly indicators wait for a quarter since 2025
    # The quarter before today's: its value is the one awaited now, whatever day the test runs.
    today = date.today()
    quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    previous = date(quarter.year - (quarter.month == 1), (quarter.month - 4) % 12 + 1, 1)
    calls.clear()
    row = measurements.record(app_store, staff, {"project_id": kunagi.id, "indicator_code": "SOC-USERS",
                                                 "period_start": previous.isoformat(), "value": "12"}, today=today)
    reviews.approve(app_store, second, row.id, version=row.version)
    page.run()
    assert_no_exception(page)
    assert calls == [group]  # Kunagi's group of communes only
    after, commune_after = kunagi_row(), commune_row()
    assert (after["En retard"], after["À jour"]) == (1, before["À jour"] + 1)
    assert (commune_after["En retard"], commune_after["À jour"]) == (commune_before["En retard"] - 1,
                                                                     commune_before["À jour"] + 1)
