"""Start the app: ``python -m qmi.serve [streamlit options]`` (what ``make run`` does).

Streamlit decides once per process, when the first session starts, whether the app
uses the legacy ``pages/`` folder. While it thinks so, that first run goes through a
page list built from the folder's file names: the sidebar shows raw file names and a
direct link such as ``/carte`` can fall back to "page not found". ``app.py`` lists
its pages with ``st.navigation``, so say so before the server starts.

The pages and the read-only HTTP API (``qmi.outputs.api``, ``/api/v1``) share one port: the launcher
reads Streamlit's command line as ``streamlit run`` does, then serves ``app.py`` as an ``st.App`` with the
API's routes beside it, through the same uvicorn runner ``streamlit run`` uses for an ``st.App`` script.

Before the server listens, the process also imports what the pages and the server import (folium
alone takes over a second), lets :mod:`inspect` index the loaded modules, runs the landing page's
queries once, and moves those long-lived objects out of the garbage collector's sight, so the
first visitor after a start does not pay for them.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import inspect
import linecache
import math
import os
import pkgutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import date
from typing import IO

from streamlit import config as streamlit_config
from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import bootstrap, cli

from qmi.config import ROOT
from qmi.i18n import LANGUAGES, formatting

# Left out: what a running app does not use (the benchmark, the command line, the migrations, this
# launcher) and the Streamlit helpers, which read Streamlit's configuration before the server sets it.
NOT_WARMED = ("qmi.bench", "qmi.cli", "qmi.migrations", "qmi.serve", "qmi.__main__", "qmi.ui")


# What the server or the first page would otherwise import: every folium plugin (the map component
# imports them all), the server itself, the database driver, Streamlit's icon names, and pyarrow's
# pandas conversion (the first dataframe sent).
FIRST_RUN_IMPORTS = ("folium.plugins", "streamlit.web.bootstrap", "streamlit.web.server", "streamlit.material_icon_names",
                     "sqlite3", "pyarrow.pandas_compat", "PIL.ImageChops", "PIL.ImageSequence")


def warmed_modules() -> list[str]:
    """The modules of ``qmi`` the pages use, but the Streamlit helpers."""
    import qmi

    return [m.name for m in pkgutil.walk_packages(qmi.__path__, "qmi.") if not m.name.startswith(NOT_WARMED)]


def warm_store() -> None:
    """Open the store and run the landing page's queries once, so the first visitor finds the
    connection open and the statements compiled (about 0.1 s of the first page). Skipped for a
    store not prepared yet or out of reach: the server starts anyway and the page says what is wrong."""
    from sqlalchemy.exc import SQLAlchemyError

    from qmi.config import get_settings
    from qmi.db import engine_for
    from qmi.queries.programme import LANDING_QUERIES
    from qmi.services.audit import last_write
    from qmi.store.bootstrap import is_new

    engine = engine_for(get_settings().database_url)
    try:
        if is_new(engine):
            return
        last_write(engine)
        for query in LANDING_QUERIES:
            query(engine)
    except SQLAlchemyError:
        return


def warm_up() -> None:
    """Import the app's and the server's modules, load plotly's schema, configure the ORM, index
    the modules for :mod:`inspect`, then freeze what exists into the permanent generation: later
    collections (Streamlit's after every run included) skip it."""
    for name in [*warmed_modules(), *FIRST_RUN_IMPORTS]:
        importlib.import_module(name)
    import plotly.graph_objects as go
    from PIL import Image
    from sqlalchemy.orm import configure_mappers

    go.Figure(go.Bar())
    Image.preinit()  # the image formats Streamlit opens the app's logo and icons with
    configure_mappers()
    # Streamlit's first element of the process checks whether it runs in a REPL with
    # inspect.stack(), which resolves the file of every loaded module once (0.25-0.35 s of the
    # first page); the index it builds is kept, so build it here.
    inspect.stack()
    for lang in LANGUAGES:  # babel unpickles a locale's data on its first date and number
        formatting.day(date(2024, 1, 1), lang, "month")
        formatting.number(1.5, lang)
    for path in (ROOT / "qmi").glob("ui*.py"):  # st.cache_* keys its functions on their source text
        linecache.getlines(str(path))
    warm_store()
    gc.collect()
    gc.freeze()


def upload_limit_option() -> str:
    """Streamlit's own upload limit (whole MB, rounded up), so the uploader shows the limit the import applies."""
    from qmi.config import get_settings

    return f"--server.maxUploadSize={math.ceil(get_settings().max_upload_bytes / 1024 / 1024)}"


def streamlit_options(arguments: list[str]) -> dict[str, object]:
    """``--server.port 8501 …`` read as ``streamlit run`` reads it: {"server_port": 8501, …} (None when not given)."""
    context = cli.main_run.make_context("run", [str(ROOT / "app.py"), *arguments])
    return {name: value for name, value in context.params.items() if name not in ("target", "args")}


def main(argv: list[str] | None = None) -> None:
    import streamlit as st
    from starlette.middleware import Middleware

    from qmi.outputs import api, shell

    PagesManager.uses_pages_directory = False
    warm_up()
    script = str(ROOT / "app.py")
    # Options given on the command line come after, so they win.
    options = streamlit_options([upload_limit_option(), *(sys.argv[1:] if argv is None else argv)])
    # What `streamlit run` does before it serves an st.App script (streamlit/web/cli.py, bootstrap.run_asgi_app),
    # with the app built here: app.py stays the pages' script, run for each session.
    streamlit_config._main_script_path = script
    bootstrap.load_config_options(flag_options=options)
    app = st.App(script, routes=api.routes(), middleware=[Middleware(shell.PreloadCharts)])
    bootstrap._prepare_asgi_app_run_context(script, [], options)
    from streamlit.web.server.starlette.starlette_server import UvicornRunner

    UvicornRunner(app).run()


class AppDidNotStart(RuntimeError):
    pass


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def running(store_url: str, port: int, log: IO | int = subprocess.DEVNULL,
            start_seconds: float = 120) -> Iterator[subprocess.Popen]:
    """The app as ``make run`` starts it, on ``store_url`` at 127.0.0.1:``port``, for the tests and the
    benchmark; stopped when the block ends. No file watcher: the tree may change under it."""
    command = [sys.executable, "-m", "qmi.serve", "--server.port", str(port), "--server.address", "127.0.0.1",
               "--server.headless", "true", "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
    process = subprocess.Popen(command, cwd=ROOT, env=os.environ | {"QMI_DATABASE_URL": store_url},
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + start_seconds
        while not _healthy(f"http://127.0.0.1:{port}"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise AppDidNotStart(f"the app did not start on port {port}")
            time.sleep(0.3)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


if __name__ == "__main__":
    main()
