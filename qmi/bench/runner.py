"""The benchmark: every page of app.py, run cold and warm at each tier, then in Chromium.

Measured, per tier (synthetic store, see ``synthetic``):
- each page's script run through Streamlit's AppTest: *cold* (caches emptied, as the first run
  after a start, store preparation included), *warm* (caches filled), and *no cache* (every query
  goes to the database: the naive variant of the page);
- one dashboard aggregate in SQL versus in pandas over every row (``workload``): the ratio;
- the time from a submitted measurement to the next run of the experiment's page that shows it;
- the memory of this process.
At the metropolis tier, a real server in headless Chromium (internet blocked): time until each
page is ready, the first page after the server starts, bytes sent to the browser for the map page,
and the server's memory per open session. Then 20 concurrent sessions on SQLite (WAL) and
PostgreSQL (``concurrency``).

Timing happens here and only here: the tests never time anything.
Streamlit is imported inside the functions that drive it (AppTest), the rest stays importable
without it.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import os
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from qmi.bench.api import time_api
from qmi.config import ROOT
from qmi.db import make_engine
from qmi.models import Commune, Measurement, Project, ProtocolIndicator, User
from qmi.serve import running

CHROMIUM = "/usr/bin/chromium"


@dataclass(frozen=True)
class PageSpec:
    path: str  # "pages/map.py"
    url_path: str  # "carte"


def app_pages(app_file: Path = ROOT / "app.py") -> list[PageSpec]:
    """The pages app.py lists, in order, read from its ``page("pages/x.py", key, url_path, …)`` calls."""
    pages = []
    for node in ast.walk(ast.parse(app_file.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "page"
                and len(node.args) >= 3 and all(isinstance(a, ast.Constant) for a in node.args[:3])):
            pages.append(PageSpec(node.args[0].value, node.args[2].value))
    return pages


def summarise(samples: list[float]) -> dict:
    """Median and 95th percentile in milliseconds (nearest-rank percentile)."""
    if not samples:
        return {"n": 0, "median_ms": None, "p95_ms": None}
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(0.95 * len(ordered) + 0.5) - 1))
    return {"n": len(ordered), "median_ms": round(statistics.median(ordered) * 1000, 1),
            "p95_ms": round(ordered[rank] * 1000, 1)}


def rss_mb(pid: int | str = "self") -> float:
    """Resident memory of a process from /proc (Linux), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def cpu_seconds(pid: int | str = "self") -> float:
    """CPU time (user + system) a process has used, from /proc (Linux), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime and stime, fields 14 and 15


def peak_rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


@contextlib.contextmanager
def store_env(url: str) -> Iterator[None]:
    previous = os.environ.get("QMI_DATABASE_URL")
    os.environ["QMI_DATABASE_URL"] = url
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("QMI_DATABASE_URL", None)
        else:
            os.environ["QMI_DATABASE_URL"] = previous


# --- AppTest ------------------------------------------------------------------------------

def _clear_caches() -> None:
    """What a fresh server process starts with: no cached data, no engine, no prepared store, no
    compiled page."""
    import streamlit as st

    from qmi.db import engine_for

    st.cache_data.clear()
    st.cache_resource.clear()
    engine_for.cache_clear()
    _compiled_pages().clear()


@functools.cache
def _compiled_pages():
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    return ScriptCache()


def _compile_pages_once() -> None:
    """A server compiles each page once per process; AppTest would compile on every run (tens of
    milliseconds for a long page), so its runs share one compiled-script cache."""
    from streamlit.testing.v1 import app_test, local_script_runner

    app_test.ScriptCache = local_script_runner.ScriptCache = _compiled_pages


@functools.cache
def registered_pages() -> dict:
    """The pages app.py's st.navigation registers (by script hash), from one run of the app; the page
    tests give them to AppTest too (``tests/pages/conftest.open_as``)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600).run()
    if not at._registered_pages:
        raise RuntimeError("app.py registered no page")
    return dict(at._registered_pages)


def _apptest(page: PageSpec, params: dict[str, str] | None = None, identity=None):
    """An AppTest of the whole app opened on ``page``, as a server runs it: app.py (its sidebar, its
    language menu, its navigation) around the page. Before its first run AppTest resolves a page by
    file name, which is not the hash st.navigation gives it: without the pages app.py registers, it
    ran the page's script alone (as ``tests/pages/conftest.open_as`` says)."""
    from streamlit.testing.v1 import AppTest

    _compile_pages_once()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    for name, value in (params or {}).items():
        at.query_params[name] = value
    if identity is not None:  # signed in, as the sign-in box leaves the session
        at.session_state["qmi_identity"] = identity
    if page.path != "pages/home.py":
        at._registered_pages = dict(registered_pages())
        at.switch_page(page.path)
    return at


def _timed_run(at) -> tuple[float, str | None]:
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    error = "; ".join(str(e.value)[:200] for e in at.exception) if at.exception else None
    return elapsed, error


@contextlib.contextmanager
def _without_cache() -> Iterator[None]:
    """The naive page: every query (``ui.q``, ``ui.shared``) goes to the database, every chart is rebuilt."""
    from qmi import ui

    originals = ui.q, ui.shared, ui.shared_from, ui.figure
    ui.q = ui.shared = lambda function, *args, **kwargs: function(ui.engine(), *args, **kwargs)
    ui.shared_from = lambda function, parts, *args, **kwargs: function(
        *(query(ui.engine(), *part_args) for query, part_args in parts), *args, **kwargs)
    ui.figure = lambda builder, *args, **kwargs: builder(*args, **kwargs)
    try:
        yield
    finally:
        ui.q, ui.shared, ui.shared_from, ui.figure = originals


def time_page(page: PageSpec, repeat: int, params: dict[str, str] | None = None, identity=None) -> dict:
    """Cold, warm and no-cache runs of one page on the store QMI_DATABASE_URL points at (signed in
    as ``identity`` when given)."""
    cold, warm, nocache, errors = [], [], [], set()
    for _ in range(repeat):
        _clear_caches()
        elapsed, error = _timed_run(_apptest(page, params, identity))
        cold.append(elapsed)
        errors.add(error)
    at = _apptest(page, params, identity)
    _timed_run(at)
    for _ in range(repeat):
        elapsed, error = _timed_run(at)
        warm.append(elapsed)
        errors.add(error)
    with _without_cache():
        for _ in range(repeat):
            elapsed, error = _timed_run(at)
            nocache.append(elapsed)
            errors.add(error)
    errors.discard(None)
    return {"page": page.path, "url_path": page.url_path, "cold": summarise(cold), "warm": summarise(warm),
            "nocache": summarise(nocache), "errors": sorted(errors)}


def time_workload(engine: Engine, repeat: int) -> dict:
    """The same aggregate in SQL and in pandas over every row; the ratio of the medians."""
    from qmi.bench.workload import summary_pandas, summary_sql

    sql, naive = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        summary_sql(engine)
        sql.append(time.perf_counter() - started)
        started = time.perf_counter()
        summary_pandas(engine)
        naive.append(time.perf_counter() - started)
    sql_s, naive_s = summarise(sql), summarise(naive)
    return {"sql": sql_s, "pandas_all_rows": naive_s,
            "ratio": round(naive_s["median_ms"] / sql_s["median_ms"], 1) if sql_s["median_ms"] else None}


def _bench_user(engine: Engine, username: str = "bench-staff") -> User:
    """A staff account of the benchmark (``bench-reviewer``: the second person who approves a value)."""
    from qmi.db import write_session

    with write_session(engine) as session:
        user = session.execute(select(User).where(User.username == username)).scalars().first()
        if user is None:
            user = User(username=username, display_name="Banc de performance", password_hash="-", role="staff")
            session.add(user)
            session.flush()
        session.expunge(user)
        return user


def time_submission_visible(engine: Engine, repeat: int) -> dict:
    """From a measurement submitted through the form's service, and approved by a second person (the
    public pages show approved values only), to the end of the next run of the experiment's page, with
    the cache invalidated as the form does; checks the page's query sees it."""
    from qmi import ui
    from qmi.queries import measurements as measurement_queries
    from qmi.services import measurements as service
    from qmi.services import reviews

    user, reviewer = _bench_user(engine), _bench_user(engine, "bench-reviewer")
    with engine.connect() as connection:
        project_id, slug, indicator_code, start = connection.execute(
            select(Project.id, Project.slug, ProtocolIndicator.indicator_code, Project.start_date)
            .join(ProtocolIndicator, ProtocolIndicator.project_id == Project.id)
            .where(Project.is_demo, Project.start_date.is_not(None)).order_by(Project.id).limit(1)
        ).one()
    page = next((p for p in app_pages() if p.url_path == "experimentations"), None)
    if page is None:
        return {"skipped": "no experiments page in app.py"}
    at = _apptest(page, {"experimentation": slug})
    _timed_run(at)
    samples, problems = [], []
    for i in range(repeat):
        period = start + timedelta(days=3 + i)  # a day no generated value uses (they start on the 1st)
        value = 1000.0 + i
        started = time.perf_counter()
        try:
            row = service.record(engine, user, {"project_id": project_id, "indicator_code": indicator_code,
                                                "period_start": period.isoformat(), "value": str(value).replace(".", ",")},
                                 submission_key=f"bench-visible-{time.time_ns()}", today=date.today())
            reviews.approve(engine, reviewer, row.id, version=row.version)
        except Exception as error:
            problems.append(f"{type(error).__name__}: {error}"[:300])
            continue
        ui.invalidate()
        _, error = _timed_run(at)
        elapsed = time.perf_counter() - started
        series = ui.q(measurement_queries.series, project_id)
        if error or not (series["value"] == value).any():
            problems.append(error or "the new value is not in the page's query")
        samples.append(elapsed)
    with engine.begin() as connection:
        connection.execute(Measurement.__table__.delete().where(Measurement.submission_key.like("bench-visible-%")))
    return {"page": page.path, "experiment": slug, **summarise(samples), "problems": problems}


def _experiment_in(engine: Engine, commune: str | None, other_than: str | None = None) -> tuple[int, str, date]:
    """An experiment with a protocol indicator, of ``commune`` (or of any commune but ``other_than``)."""
    statement = (select(Project.id, ProtocolIndicator.indicator_code, Project.start_date)
                 .join(ProtocolIndicator, ProtocolIndicator.project_id == Project.id)
                 .where(Project.start_date.is_not(None)).order_by(Project.id).limit(1))
    if commune is not None:
        statement = statement.where(Project.commune_insee == commune)
    if other_than is not None:
        statement = statement.where(Project.commune_insee != other_than)
    with engine.connect() as connection:
        return connection.execute(statement).one()


def time_after_write(engine: Engine, page: PageSpec, repeat: int, commune: str,
                     params: dict[str, str] | None = None) -> dict:
    """The first run of ``page`` after a measurement written, through the service as the form does, in
    another commune than ``commune`` ("elsewhere") and in ``commune`` ("here"); the warm run for
    comparison. ``engine`` must be the app's (``qmi.db.engine_for``) so that its write listener
    has this process's caches re-read the scopes' versions, as after a form's write."""
    from qmi.services import measurements as service

    user = _bench_user(engine)
    at = _apptest(page, params)
    _timed_run(at)
    warm, samples, problems = [], {"elsewhere": [], "here": []}, []
    for _ in range(repeat):
        elapsed, _error = _timed_run(at)
        warm.append(elapsed)
    targets = {"elsewhere": _experiment_in(engine, None, other_than=commune), "here": _experiment_in(engine, commune)}
    for i in range(repeat):
        for where, (project_id, indicator_code, start) in targets.items():
            period = start + timedelta(days=3 + i)  # a day no generated value uses (they start on the 1st)
            try:
                service.record(engine, user, {"project_id": project_id, "indicator_code": indicator_code,
                                              "period_start": period.isoformat(), "value": str(1 + i % 3)},
                               submission_key=f"bench-scope-{time.time_ns()}", today=date.today())
            except Exception as error:
                problems.append(f"{type(error).__name__}: {error}"[:300])
                continue
            elapsed, error = _timed_run(at)
            samples[where].append(elapsed)
            if error:
                problems.append(error)
    with engine.begin() as connection:
        connection.execute(Measurement.__table__.delete().where(Measurement.submission_key.like("bench-scope-%")))
    return {"page": page.path, "commune": commune, "warm": summarise(warm),
            **{f"after_write_{where}": summarise(values) for where, values in samples.items()}, "problems": problems}


def _guarded(measure: Callable[[], dict]) -> dict:
    """A measurement that failed is reported as such; the rest of the run goes on."""
    try:
        return measure()
    except Exception as error:
        return {"skipped": f"failed: {type(error).__name__}: {error}"[:400]}


# Pages whose content is for a signed-in person: timed as the bench's staff account (signed out,
# they only ask to sign in).
SIGNED_IN_PAGES = ("catalogue", "a-faire", "validation")
SHEETS_SAMPLE = 60  # evaluation-sheet PDFs timed per tier; the rate is extrapolated to every experiment


def page_params(engine: Engine, page: PageSpec) -> dict[str, str] | None:
    """The URL parameters a page is timed with: the evaluation sheet opens one experiment (one that
    follows a protocol, so every section is drawn); other pages open bare."""
    if page.url_path != "fiche":
        return None
    with engine.connect() as connection:
        slug = connection.execute(select(Project.slug).join(ProtocolIndicator, ProtocolIndicator.project_id == Project.id)
                                  .where(Project.archived.is_(False)).order_by(Project.id).limit(1)).scalar()
    return {"experimentation": slug} if slug else None


def time_sheets(engine: Engine, sample: int = SHEETS_SAMPLE) -> dict:
    """``python -m qmi sheets``'s work (query + PDF, written to a temporary folder) on the first
    ``sample`` experiments: PDFs per second, and the time all of them would take at that rate.
    A sample, not the whole tier: 1 000 sheets take minutes on a loaded 2-core machine."""
    import tempfile

    from qmi.outputs.sheet_pdf import write_sheets
    from qmi.queries.sheets import sheet_list

    total = len(sheet_list(engine))
    with tempfile.TemporaryDirectory(prefix="qmi-bench-sheets-") as directory:
        started = time.perf_counter()
        written = write_sheets(engine, Path(directory), limit=sample)
        elapsed = time.perf_counter() - started
    rate = len(written) / elapsed if elapsed else None
    return {"sample": len(written), "experiments": total, "seconds": round(elapsed, 2),
            "pdfs_per_second": round(rate, 2) if rate else None,
            "estimated_all_seconds": round(total / rate, 1) if rate else None}


def time_export(engine: Engine) -> dict:
    """``python -m qmi export``'s work, phase by phase: the tables read from the store, the CSVs and both
    descriptors written (``datapackage.json``, ``catalogue.jsonld``), then ``frictionless`` validating
    every file against its Table Schema with the primary and foreign keys."""
    import tempfile

    from qmi.outputs.datapackage import validate_folder, write_files
    from qmi.outputs.tables import open_data_tables

    with tempfile.TemporaryDirectory(prefix="qmi-bench-export-") as directory:
        started = time.perf_counter()
        tables = open_data_tables(engine)
        read = time.perf_counter()
        written = write_files(engine, Path(directory), tables)
        wrote = time.perf_counter()
        problems = validate_folder(Path(directory))
        validated = time.perf_counter()
        size = sum(path.stat().st_size for path in written)
    return {"rows": sum(len(table) for table in tables.values()), "files": len(written),
            "megabytes": round(size / 1024 / 1024, 1), "read_seconds": round(read - started, 2),
            "write_seconds": round(wrote - read, 2), "validate_seconds": round(validated - wrote, 2),
            "total_seconds": round(validated - started, 2), "problems": len(problems)}


def time_digest(engine: Engine) -> dict:
    """``python -m qmi digest``'s work for every commune of the tier (built and written as ``.eml`` files to
    a temporary folder): seconds, messages and the items they list."""
    import tempfile

    from qmi.outputs import digest

    with tempfile.TemporaryDirectory(prefix="qmi-bench-digest-") as directory:
        started = time.perf_counter()
        digests = digest.build(engine, date.today(), "http://127.0.0.1:8501", {})
        written = digest.write(digests, Path(directory))
        elapsed = time.perf_counter() - started
    with engine.connect() as connection:
        communes = connection.execute(select(func.count()).select_from(Commune)).scalar_one()
    return {"communes": communes, "messages": len(written), "items": sum(len(d.items) for d in digests),
            "seconds": round(elapsed, 2)}


def _staff_identity(engine: Engine):
    from qmi.services.auth import Identity

    user = _bench_user(engine)
    return Identity(user.id, user.username, user.display_name, user.role, None,
                    datetime.now(UTC) + timedelta(hours=12), user.session_version)


# Pages timed on their first run after a write elsewhere and in the commune they show (#20 §3).
AFTER_WRITE_PAGES = ("accueil", "carte", "communes", "experimentations", "thematiques", "replicabilite", "indicateurs",
                     "essaimage", "presentation", "fraicheur")


def time_pages_after_write(url: str, pages: list[PageSpec], repeat: int, say: Callable[[str], None]) -> list[dict]:
    """:func:`time_after_write` for each of :data:`AFTER_WRITE_PAGES`, the communes page opened on the
    commune written "here", on the app's engine (its write listener re-reads the scopes' versions)."""
    from qmi import ui

    engine = ui.engine()
    with engine.connect() as connection:
        commune = connection.execute(select(Project.commune_insee).join(ProtocolIndicator, ProtocolIndicator.project_id == Project.id)
                                     .where(Project.start_date.is_not(None)).order_by(Project.id).limit(1)).scalar_one()
    results = []
    for page in pages:
        if page.url_path not in AFTER_WRITE_PAGES:
            continue
        say(f"  after a write: {page.path}")
        params = {"commune": commune} if page.url_path == "communes" else None
        results.append(_guarded(lambda page=page, params=params: time_after_write(engine, page, repeat, commune, params))
                       | {"page": page.path})
    return results


def run_tier_apptest(url: str, pages: list[PageSpec], repeat: int, say: Callable[[str], None]) -> dict:
    with store_env(url):
        results = []
        engine = make_engine(url)
        staff = _staff_identity(engine)
        for page in pages:
            signed_in = page.url_path in SIGNED_IN_PAGES
            say(f"  {page.path}" + (" (staff)" if signed_in else ""))
            results.append(time_page(page, repeat, page_params(engine, page), identity=staff if signed_in else None)
                           | ({"signed_in_as": "staff"} if signed_in else {}))
        try:
            workload = _guarded(lambda: time_workload(engine, max(3, repeat // 2)))
            visible = _guarded(lambda: time_submission_visible(engine, repeat))
            sheets = _guarded(lambda: time_sheets(engine))
            export = _guarded(lambda: time_export(engine))
            api_times = _guarded(lambda: time_api(engine, summarise))
            digests = _guarded(lambda: time_digest(engine))
            _clear_caches()
            after_write = time_pages_after_write(url, pages, repeat, say)
        finally:
            engine.dispose()
        _clear_caches()
    return {"pages": results, "workload": workload, "submission_visible": visible, "sheets_pdf": sheets,
            "open_data_export": export, "api": api_times, "digest": digests, "after_write": after_write, "process_rss_mb": rss_mb(), "process_peak_rss_mb": peak_rss_mb()}


# --- Chromium -----------------------------------------------------------------------------

PAGE_TIMEOUT_MS = 90_000
MEMORY_PAGES = ("accueil", "carte", "communes")  # what each extra session opens for the memory figure
# Ready: the script finished and the page is drawn, with no placeholder left (Streamlit draws a
# skeleton where a chart or a data grid waits for its lazily loaded code).
READY = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
    && !!document.querySelector('[data-testid="stMain"] [data-testid="stElementContainer"]')
    && !document.querySelector('[data-testid="stMain"] [data-testid="stSkeleton"]');
}"""


def _offline(context, port: int) -> None:
    allowed = (f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}")
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(allowed) else route.abort())


# Chromium's own counters (CDP ``Performance.getMetrics``) kept for where the browser's time goes.
BROWSER_METRICS = ("ScriptDuration", "LayoutDuration", "RecalcStyleDuration", "TaskDuration", "Nodes", "LayoutCount")
DOM_COUNTS = """() => ({
  elements: document.querySelectorAll('*').length,
  iframes: document.querySelectorAll('iframe').length,
  charts: document.querySelectorAll('[data-testid="stPlotlyChart"]').length,
  tables: document.querySelectorAll('[data-testid="stDataFrame"], [data-testid="stTable"]').length,
  blocks: document.querySelectorAll('[data-testid="stElementContainer"]').length,
  skeletons: document.querySelectorAll('[data-testid="stMain"] [data-testid="stSkeleton"]').length,
})"""


def chart_bytes(frame: bytes) -> int:
    """The bytes of plotly figure JSON in one websocket frame of Streamlit (a ``ForwardMsg``)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    message = ForwardMsg()
    try:
        message.ParseFromString(frame)
    except Exception:  # a frame that is not a ForwardMsg holds no chart
        return 0
    if message.WhichOneof("type") != "delta" or message.delta.WhichOneof("type") != "new_element":
        return 0
    element = message.delta.new_element
    return len(element.plotly_chart.spec) if element.WhichOneof("type") == "plotly_chart" else 0


def _load(context, url: str, profile: bool = False) -> tuple[float, int, dict | None]:
    """Seconds until the page at ``url`` is ready in a new tab of ``context``, the bytes it received
    over the websocket and, with ``profile``, where the browser's time went (:data:`BROWSER_METRICS`,
    in ms for durations, the DOM's counts and the bytes of chart JSON)."""
    received, charts = [0], [0]

    def frame(payload) -> None:
        received[0] += len(payload)
        if profile and isinstance(payload, bytes):
            charts[0] += chart_bytes(payload)

    page = context.new_page()
    page.on("websocket", lambda ws: ws.on("framereceived", frame))
    cdp = None
    if profile:
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable")
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_function(READY, timeout=PAGE_TIMEOUT_MS, polling=50)
    elapsed = time.perf_counter() - started
    page.wait_for_timeout(300)  # let late frames (component payloads) arrive
    details = None
    if cdp is not None:
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        details = {name: round(metrics[name] * 1000, 1) if name.endswith("Duration") else int(metrics[name])
                   for name in BROWSER_METRICS if name in metrics}
        details |= page.evaluate(DOM_COUNTS) | {"chart_json_bytes": charts[0]}
    page.close()
    return elapsed, received[0], details


def _first_page_after_start(browser, url: str, path: str, port: int, starts: int) -> list[float]:
    """The first page of a freshly started server, in a browser that has nothing cached, ``starts``
    times (one sample is at the mercy of whatever else the machine does)."""
    samples = []
    for _ in range(starts):
        with running(url, port):
            context = browser.new_context()
            _offline(context, port)
            samples.append(_load(context, f"http://127.0.0.1:{port}/{path}")[0])
            context.close()
    return samples


def run_browser(url: str, pages: list[PageSpec], repeat: int, port: int, say: Callable[[str], None],
                sessions: int = 5, starts: int | None = None) -> dict:
    """Page-ready times in headless Chromium (``repeat`` loads a page), the first page after a start
    (``starts`` starts, ``repeat`` by default), the map's payload, and the server's memory per session."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        return {"skipped": f"{CHROMIUM} not found"}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        starts = starts or repeat
        say(f"  chromium: first page after a start, {starts} starts")
        first = summarise(_first_page_after_start(browser, url, pages[0].url_path, port, starts))
        with running(url, port) as server:
            results = _pages_in_browser(browser, server, pages, repeat, port, say, sessions)
        browser.close()
    results["first_page_after_start"] = first
    results["first_page_after_start_ms"] = first["median_ms"]
    map_page = next((p for p in results["pages"] if p["url_path"] == "carte"), None)
    results["map_payload_bytes"] = map_page.get("websocket_bytes") if map_page else None
    return results


def _pages_in_browser(browser, server, pages: list[PageSpec], repeat: int, port: int,
                      say: Callable[[str], None], sessions: int) -> dict:
    from playwright.sync_api import Error as PlaywrightError

    base = f"http://127.0.0.1:{port}"
    memory_pages = [p for p in pages if p.url_path in MEMORY_PAGES] or pages[:2]
    results: dict = {"pages": [], "server_rss_idle_mb": rss_mb(server.pid)}

    def load(context, path: str, profile: bool = False) -> tuple[float, int, dict | None]:
        return _load(context, f"{base}/{path}", profile)

    # A returning user: the app's static files are in the browser cache; each new tab is a new session.
    returning = browser.new_context()
    _offline(returning, port)
    load(returning, pages[0].url_path)
    for spec in pages:
        say(f"  chromium {spec.url_path}")
        try:
            context = browser.new_context()  # a first visit: nothing cached
            _offline(context, port)
            first_visit, _, _ = load(context, spec.url_path)
            context.close()
            samples, payloads = [], []
            for _ in range(repeat):
                elapsed, size, _ = load(returning, spec.url_path)
                samples.append(elapsed)
                payloads.append(size)
            _, _, profiled = load(returning, spec.url_path, profile=True)  # apart: the CDP session costs time
        except PlaywrightError as error:
            results["pages"].append({"page": spec.path, "url_path": spec.url_path, **summarise([]),
                                     "error": f"{type(error).__name__}: {str(error).splitlines()[0]}"[:200]})
            returning.close()
            returning = browser.new_context()
            _offline(returning, port)
            continue
        results["pages"].append({"page": spec.path, "url_path": spec.url_path, **summarise(samples),
                                 "first_visit_ms": round(first_visit * 1000, 1),
                                 "websocket_bytes": max(payloads), "profile": profiled})
    returning.close()
    before = rss_mb(server.pid)
    contexts = []
    for _ in range(sessions):
        context = browser.new_context()
        _offline(context, port)
        page = context.new_page()
        for spec in memory_pages:
            page.goto(f"{base}/{spec.url_path}", wait_until="commit")
            page.wait_for_function(READY, timeout=PAGE_TIMEOUT_MS, polling=100)
        contexts.append(context)
    after = rss_mb(server.pid)
    results["memory"] = {"sessions": sessions, "pages": [p.path for p in memory_pages],
                         "server_rss_before_mb": before, "server_rss_after_mb": after,
                         "per_session_mb": round((after - before) / sessions, 1),
                         "server_peak_rss_mb": peak_rss_mb(server.pid)}
    for context in contexts:
        context.close()
    return results


def chromium_version() -> str | None:
    if not shutil.which(CHROMIUM):
        return None
    try:
        return subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
