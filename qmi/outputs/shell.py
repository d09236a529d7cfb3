"""The app's HTML page as the server sends it: charts' code fetched while the page starts.

Streamlit loads plotly (a 4.7 MB chunk of its frontend) only once a chart reaches the page: on a
metropolis's pages that came after the script had run, and parsing it cost a returning visitor
1.2-2.5 s more before the charts showed. A ``<link rel="modulepreload">`` in the page's head lets
the browser fetch and compile it while it opens the websocket and the server runs the page.

Only the pages that draw a chart on first paint (:data:`CHART_PAGES`) ask for it: a phone opening
the home page does not download plotly for nothing.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from importlib.util import find_spec
from pathlib import Path

# Found, not imported: this layer does not run Streamlit (tests/unit/test_layers.py).
STATIC_JS = Path(find_spec("streamlit").origin).parent / "static" / "static" / "js"

# The url paths of app.py whose page draws a plotly chart before anything is clicked (a test holds
# this list against what each page draws).
CHART_PAGES = frozenset({"communes", "thematiques", "evenements", "replicabilite", "experimentations"})


def chart_chunks() -> list[str]:
    """The file names of Streamlit's plotly chunk (empty if a Streamlit release renamed it)."""
    return sorted(path.name for path in STATIC_JS.glob("PlotlyChart.*.js"))


def with_preloads(html: bytes, chunks: Iterable[str]) -> bytes:
    """``html`` with a modulepreload of each chunk at the start of its ``<head>``; relative, like
    Streamlit's own assets, so it resolves under a base URL path."""
    links = "".join(f'<link rel="modulepreload" href="./static/js/{name}" />' for name in chunks)
    return html.replace(b"<head>", b"<head>" + links.encode(), 1) if links else html


class PreloadCharts:
    """ASGI middleware: the HTML page of a :data:`CHART_PAGES` path carries :func:`with_preloads`.

    It sits outside Streamlit's own middleware, so the page may come gzipped: it is unzipped, changed
    and zipped again (7 KB). Every other response passes untouched, streamed as it comes.
    """

    def __init__(self, app, chunks: Iterable[str] | None = None, pages: Iterable[str] = CHART_PAGES) -> None:
        self.app = app
        self.chunks = list(chart_chunks() if chunks is None else chunks)
        self.pages = frozenset(pages)

    async def __call__(self, scope, receive, send) -> None:
        if (scope["type"] != "http" or scope["method"] != "GET" or not self.chunks
                or scope["path"].rstrip("/").rsplit("/", 1)[-1] not in self.pages):
            await self.app(scope, receive, send)
            return
        start: dict | None = None
        body: list[bytes] = []

        async def send_changed(message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                if message["status"] != 200 or not headers.get(b"content-type", b"").startswith(b"text/html"):
                    await send(message)
                    return
                start = message
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body"):
                return
            headers = [(k, v) for k, v in start.get("headers", []) if k != b"content-length"]
            zipped = (b"content-encoding", b"gzip") in headers
            page = b"".join(body)
            page = with_preloads(gzip.decompress(page) if zipped else page, self.chunks)
            page = gzip.compress(page, mtime=0) if zipped else page
            await send({**start, "headers": [*headers, (b"content-length", str(len(page)).encode())]})
            await send({"type": "http.response.body", "body": page})

        await self.app(scope, receive, send_changed)
