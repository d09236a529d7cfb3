"""The launcher's warm-up: what it prepares before the server listens."""

from __future__ import annotations

import ast

from qmi import serve
from qmi.config import ROOT
from qmi.db import engine_for
from qmi.queries.programme import LANDING_QUERIES
from qmi.store.bootstrap import is_new


def test_the_warmed_queries_are_the_ones_the_landing_page_reads():
    tree = ast.parse((ROOT / "pages" / "home.py").read_text(encoding="utf-8"))
    read = {node.attr for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "programme"}
    assert read == {query.__name__ for query in LANDING_QUERIES}


def test_warming_the_store_never_prepares_it_nor_stops_the_start(monkeypatch, tmp_path):
    monkeypatch.setenv("QMI_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:9/unreachable")
    serve.warm_store()  # out of reach: the server starts anyway, the pages say what is wrong
    url = f"sqlite:///{tmp_path / 'new.db'}"
    monkeypatch.setenv("QMI_DATABASE_URL", url)
    serve.warm_store()
    assert is_new(engine_for(url))  # a new store is left for the app to fill, as before


def test_warming_a_prepared_store_runs_the_landing_queries(demo_engine, monkeypatch):
    monkeypatch.setenv("QMI_DATABASE_URL", str(demo_engine.url))
    calls = []

    def recorded(query):
        return lambda engine: calls.append((query.__name__, query(engine)))

    monkeypatch.setattr("qmi.queries.programme.LANDING_QUERIES", tuple(recorded(q) for q in LANDING_QUERIES))
    serve.warm_store()
    assert [name for name, _ in calls] == [q.__name__ for q in LANDING_QUERIES]
    assert all(result if isinstance(result, int) else len(result) for _, result in calls)  # each found its rows


def test_the_uploader_shows_the_limit_the_import_applies(monkeypatch):
    monkeypatch.setenv("QMI_MAX_UPLOAD_BYTES", str(2 * 1024 * 1024))
    assert serve.upload_limit_option() == "--server.maxUploadSize=2"
    monkeypatch.setenv("QMI_MAX_UPLOAD_BYTES", str(5 * 1024 * 1024 + 1))  # never shown below what is accepted
    assert serve.upload_limit_option() == "--server.maxUploadSize=6"


def test_the_launcher_reads_the_command_line_as_streamlit_run_does():
    from qmi.serve import streamlit_options

    options = streamlit_options(["--server.maxUploadSize=2", "--server.port", "8620", "--server.maxUploadSize=5",
                                 "--server.headless", "true"])
    # The launcher's own upload limit comes first: one given on the command line wins.
    assert (options["server_maxUploadSize"], options["server_port"], options["server_headless"]) == (5, 8620, True)
    assert options["server_address"] is None  # not given: Streamlit's configuration decides
