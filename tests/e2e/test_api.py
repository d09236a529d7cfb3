"""The read-only API tried with a real HTTP client (httpx) against the server ``make run`` starts
(``python -m qmi.serve``): the pages and the API on one port, the export's rows, 304 on a matching
ETag, 400 on nonsense."""

from __future__ import annotations

import io
import re

import httpx
import pandas as pd
import pytest

from qmi.outputs.tables import csv_text, open_data_tables
from tests.e2e.conftest import running_app


@pytest.fixture(scope="module")
def api_server(e2e_store, tmp_path_factory):
    with running_app(e2e_store, tmp_path_factory.mktemp("api_server") / "streamlit.log") as base:
        with httpx.Client(base_url=base, timeout=30) as client:
            yield client


def test_the_pages_and_the_api_share_the_port(api_server):
    assert api_server.get("/_stcore/health").status_code == 200
    page = api_server.get("/experimentations")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert api_server.get("/api/v1/openapi.json").json()["openapi"] == "3.1.0"


def test_a_chart_page_asks_for_plotly_s_chunk_in_its_head_and_the_server_has_it(api_server):
    """The preload a browser follows is a file the server serves, zipped or not; the home page has none."""
    for encoding in ("gzip", "identity"):
        page = api_server.get("/communes", headers={"Accept-Encoding": encoding})
        assert page.status_code == 200
        [chunk] = re.findall(r'<link rel="modulepreload" href="\./(static/js/PlotlyChart\.[^"]+\.js)" />', page.text)
        assert page.text.index(chunk) < page.text.index("</head>")
    script = api_server.get("/" + chunk)
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "PlotlyChart" not in api_server.get("/").text


def test_the_api_serves_the_export_rows(api_server, e2e_engine):
    items, url = [], "/api/v1/experiments"
    while url:
        response = api_server.get(url)
        assert response.status_code == 200 and response.headers["content-type"] == "application/json"
        items += response.json()["items"]
        url = response.json()["next"]
    projects = open_data_tables(e2e_engine)["projects"]
    assert [item["id"] for item in items] == list(projects.loc[~projects["archived"].astype(bool), "id"])
    csv = api_server.get("/api/v1/export/measurements.csv")
    assert csv.status_code == 200
    assert csv.content == csv_text(open_data_tables(e2e_engine)["measurements"]).encode("utf-8")
    assert len(pd.read_csv(io.BytesIO(csv.content))) == len(open_data_tables(e2e_engine)["measurements"])


def test_a_matching_etag_is_304(api_server):
    first = api_server.get("/api/v1/measurements", params={"experiment": "pelican"})
    assert first.status_code == 200 and first.json()["items"]
    again = api_server.get("/api/v1/measurements", params={"experiment": "pelican"},
                           headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


@pytest.mark.parametrize("query", ("page=-3", "per_page=1000", "since=demain", "zzz=1",
                                   "experiment=%27%20OR%201%3D1%20--"))
def test_nonsense_is_400_in_json(api_server, query):
    response = api_server.get(f"/api/v1/measurements?{query}")
    assert response.status_code == 400
    assert set(response.json()) == {"error", "message"}
