"""The app's HTML page carries a modulepreload of plotly's chunk on the pages that draw charts."""

from __future__ import annotations

import gzip

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from qmi.outputs import shell

PAGE = "<!DOCTYPE html><html lang=\"en\"><head><title>Streamlit</title></head><body>" + "x" * 2000 + "</body></html>"
PRELOAD = b'<head><link rel="modulepreload" href="./static/js/PlotlyChart.abc.js" />'


def client(zipped: bool) -> TestClient:
    routes = [Route("/{path:path}", lambda request: HTMLResponse(PAGE)),
              Route("/data.txt", lambda request: PlainTextResponse("<head>"))]
    inner = [Middleware(GZipMiddleware, minimum_size=100)] if zipped else []
    app = Starlette(routes=routes[::-1], middleware=[Middleware(shell.PreloadCharts, chunks=["PlotlyChart.abc.js"]), *inner])
    return TestClient(app)


def test_a_chart_page_asks_for_plotly_s_chunk_first_zipped_or_not():
    for zipped in (False, True):
        response = client(zipped).get("/replicabilite", headers={"Accept-Encoding": "gzip" if zipped else "identity"})
        assert response.status_code == 200
        assert response.content.startswith(b"<!DOCTYPE html><html lang=\"en\">" + PRELOAD)  # httpx unzips it
        assert response.content.count(b"modulepreload") == 1 and response.content.endswith(b"</body></html>")
        assert int(response.headers["content-length"]) == len(
            gzip.compress(response.content, mtime=0) if zipped else response.content)
        assert (response.headers.get("content-encoding") == "gzip") is zipped


def test_other_pages_and_other_files_pass_untouched():
    for path in ("/accueil", "/donnees-ouvertes", "/"):
        assert b"modulepreload" not in client(True).get(path).content
    assert client(False).get("/data.txt").text == "<head>"  # not HTML
    assert b"modulepreload" in client(False).get("/base/communes/").content  # under a base URL path


def test_streamlit_ships_one_plotly_chunk_to_preload():
    """A Streamlit release that renames its plotly chunk fails here, not silently on every chart page."""
    [chunk] = shell.chart_chunks()
    assert (shell.STATIC_JS / chunk).stat().st_size > 1_000_000
