"""Browser tests: the real app on a temporary store, driven by Debian's Chromium with no Internet.

Fixtures and helpers other e2e tests reuse:

- ``e2e_store``: the store URL the app runs on (public record + demo data); ``e2e_engine``: an engine
  on it, to add users or rows a test needs. The app caches its reads (``ui.q``, 10 minutes): add
  rows before the first page that reads them is opened, or read them through uncached code.
- ``app_server``: the base URL (``http://127.0.0.1:<port>``) of the app started as ``make run`` starts it
  (``python -m qmi.serve``) on that store,
  shared by the session; ``fresh_app_server``: a newly started one nobody visited yet.
- ``page``: a fresh Chromium page (own browser context, so no session state leaks between tests)
  whose requests to anything but this machine are aborted, and which records what went wrong in
  ``page.problems`` (failed requests, console errors, dialogs). Any dialog (alert, confirm…) fails
  the test at teardown, as do failed local requests; console errors are for the test to assert.
- ``open_app(page, base, path)``: open a URL path directly and wait until Streamlit finished running.
- ``exception_texts(page)``: the text of every Streamlit exception box on the page.

Chromium missing is a failure, not a skip: ``make test`` installs it (scripts/install_system_deps.sh).
"""

from __future__ import annotations

import os
import re
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from qmi.db import make_engine
from qmi.serve import AppDidNotStart, running
from qmi.services import audit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
SERVER_START_SECONDS = 90
PAGE_TIMEOUT_MS = 60_000


@dataclass
class Problems:
    """What went wrong in the browser while a test ran."""

    failed_requests: list[str] = field(default_factory=list)  # local requests that failed or got >= 400
    blocked_requests: list[str] = field(default_factory=list)  # requests to the Internet, aborted
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def e2e_store(tmp_path_factory, sqlite_templates) -> str:
    """URL of the store the app runs on: the public record and the demo data (a copy of the session's demo store)."""
    path = tmp_path_factory.mktemp("e2e") / "qmi.db"
    sqlite_templates.copy("demo", path)
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def e2e_engine(e2e_store) -> Iterator[Engine]:
    """An engine on the app's store, to create users or rows a test needs."""
    engine = make_engine(e2e_store)
    yield engine
    engine.dispose()


@contextmanager
def loaded_rows(engine: Engine, what: str) -> Iterator[Session]:
    """A session whose rows are committed as a data load is (one audit entry, ``audit.record_bulk``), so the
    served app's cached pages see them."""
    with Session(engine) as session:
        with audit.tracked_changes(session) as changes:
            yield session
        audit.record_bulk(session, "load", what, dict(changes))
        session.commit()


@contextmanager
def running_app(store_url: str, log_path: Path) -> Iterator[str]:
    """The app as ``make run`` starts it (``qmi.serve.running``) on ``store_url``; yields its base URL."""
    port = _free_port()
    with log_path.open("w") as log:
        try:
            with running(store_url, port, log=log, start_seconds=SERVER_START_SECONDS):
                yield f"http://127.0.0.1:{port}"
        except AppDidNotStart:
            log.flush()
            pytest.fail(f"the app did not start: {log_path.read_text()[-2000:]}")


@pytest.fixture(scope="session")
def app_server(e2e_store, tmp_path_factory, browser) -> Iterator[str]:
    """The app on the temporary store, already visited once (see ``fresh_app_server`` for a first visit)."""
    with running_app(e2e_store, tmp_path_factory.mktemp("e2e_server") / "streamlit.log") as base:
        context = browser.new_context()
        warm = context.new_page()
        warm.set_default_timeout(PAGE_TIMEOUT_MS)
        open_app(warm, base, "/")
        context.close()
        yield base


@pytest.fixture
def fresh_app_server(e2e_store, tmp_path) -> Iterator[str]:
    """A newly started app nobody has visited yet (the projector case: first link opened after start)."""
    with running_app(e2e_store, tmp_path / "streamlit.log") as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (scripts/install_system_deps.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser) -> Iterator[object]:
    """A page in a fresh context, offline but for this machine; fails the test on a dialog or a failed local request."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    problems = Problems()

    def route(route) -> None:
        if urlparse(route.request.url).hostname in LOCAL_HOSTS or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            problems.blocked_requests.append(route.request.url)
            route.abort("internetdisconnected")

    def on_dialog(dialog) -> None:
        problems.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    # A navigation of the page (``page.goto``) cancels what the previous document was still loading, and
    # a rerun that replaces a component's iframe cancels what the old iframe was loading: the requests
    # started before the page's last navigation, or from a detached frame, are not failures of the app.
    navigations = [0]
    started: dict = {}

    def on_request(request) -> None:
        if request.is_navigation_request() and request.frame == page.main_frame:
            navigations[0] += 1
        started[request] = navigations[0]

    def on_failed(request) -> None:
        if urlparse(request.url).hostname not in LOCAL_HOSTS or _expected_failure(request):
            return
        superseded = request.failure == "net::ERR_ABORTED" and (
            started.get(request, navigations[0]) < navigations[0] or request.frame.is_detached())
        if not superseded:
            problems.failed_requests.append(f"{request.url} ({request.failure})")

    def on_response(response) -> None:
        if (urlparse(response.url).hostname in LOCAL_HOSTS and response.status >= 400
                and not (response.status == 404 and BASE_PATH_PROBE.match(response.url))):
            problems.failed_requests.append(f"{response.url} (HTTP {response.status})")

    context.route("**/*", route)
    page.on("request", on_request)
    page.on("dialog", on_dialog)
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    page.on("console", lambda message: message.type == "error" and not message.text.startswith(RESOURCE_ERROR)
            and problems.console_errors.append(message.text))
    page.problems = problems
    in_flight: set = set()  # local requests not answered yet, judged before the context closes
    page.on("request", lambda request: urlparse(request.url).hostname in LOCAL_HOSTS
            and "/_stcore/" not in request.url and in_flight.add(request))
    page.on("requestfinished", lambda request: in_flight.discard(request))
    page.on("requestfailed", lambda request: in_flight.discard(request))
    yield page
    _wait_for_requests(page, in_flight)
    context.close()
    assert not problems.dialogs, f"a dialog opened: {problems.dialogs}"
    assert not problems.failed_requests, f"local requests failed: {problems.failed_requests}"


# Opened at /carte, Streamlit's frontend first probes /carte/_stcore/... in case the app is served
# under a base path, then falls back to /_stcore/...: those 404s are by design.
BASE_PATH_PROBE = re.compile(r"^https?://[^/]+/[^_][^?]*/_stcore/(health|host-config)$")


# The console's echo of a failed request: those are judged by the request handlers above.
RESOURCE_ERROR = "Failed to load resource"


def _wait_for_requests(page, in_flight: set, seconds: float = 15) -> None:
    """Let the requests the page still has in flight (a component's iframe loading…) finish or fail, so that
    closing the context does not abort them (which would read as a failed request) and each is judged."""
    deadline = time.monotonic() + seconds
    while in_flight and time.monotonic() < deadline:
        page.wait_for_timeout(100)


def _expected_failure(request) -> bool:
    """Requests the browser cancels by design: the websocket and streams closed when the page goes away."""
    return request.failure in ("net::ERR_ABORTED",) and "/_stcore/" in request.url


def open_app(page, base: str, path: str, settle_ms: int = 600) -> None:
    """Open ``base + path`` as a shared link would, and return once Streamlit finished running the page.

    "Finished" = the app reports its script is not running, twice ``settle_ms`` apart (a page may
    rerun right after its first run, e.g. when it writes the URL).
    """
    page.goto(base + path, wait_until="domcontentloaded")
    wait_until_idle(page, settle_ms)


def wait_until_idle(page, settle_ms: int = 600) -> None:
    """Wait until Streamlit is connected and has not been running the script for ``settle_ms``."""
    from playwright.sync_api import Error

    deadline = time.monotonic() + PAGE_TIMEOUT_MS / 1000
    idle_since = None
    while time.monotonic() < deadline:
        try:
            idle = page.evaluate(IDLE_SCRIPT)
        except Error:  # the page is navigating
            idle = False
        now = time.monotonic()
        if not idle:
            idle_since = None
        elif idle_since is None:
            idle_since = now
        elif now - idle_since >= settle_ms / 1000:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"Streamlit kept running {page.url}")


IDLE_SCRIPT = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return !!app && app.getAttribute("data-test-script-state") === "notRunning"
        && app.getAttribute("data-test-connection-state") === "CONNECTED"
        && !document.querySelector('[data-testid="stStatusWidget"]');
}"""


def exception_texts(page) -> list[str]:
    return [box.inner_text() for box in page.query_selector_all('[data-testid="stException"]')]
