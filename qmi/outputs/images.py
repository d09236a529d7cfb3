"""Plotly figures as PNG or SVG files, through kaleido driving the system's Chromium, offline.

Kaleido loads the plotly.js bundled with plotly.py and, here, no MathJax (its default comes from
a CDN, which an offline projector laptop cannot reach). Each call starts a headless browser: a few
seconds, so callers produce images on demand, never on every page run.
"""

from __future__ import annotations

import functools
import os
import shutil

import kaleido
import plotly.graph_objects as go

from qmi import palette
from qmi.i18n.formatting import escape

FORMATS = ("png", "svg")
# Debian's chromium (scripts/install_system_deps.sh); kaleido's own lookup is the fallback.
SYSTEM_CHROMIUM = ("chromium", "chromium-browser", "google-chrome")


class ImageExportError(RuntimeError):
    """No browser to draw the figure with, or it failed."""


def _browser() -> str | None:
    if os.environ.get("BROWSER_PATH"):
        return os.environ["BROWSER_PATH"]
    return _system_browser()


@functools.cache  # asked by every chart's buttons on every run: a search of the PATH was 0.5 % of a server's time
def _system_browser() -> str | None:
    return next((path for name in SYSTEM_CHROMIUM if (path := shutil.which(name))), None)


def browser_available() -> bool:
    return _browser() is not None


def figure_bytes(figure: go.Figure, fmt: str = "png", width: int = 1200, height: int = 800, scale: float = 2,
                 title: str | None = None, footnote: str | None = None) -> bytes:
    """The figure as an image file's bytes; PNG at ``scale`` × the size for print sharpness.

    ``title`` and ``footnote`` (sources, demo marker; one line per ``\n``) are printed on the image, so
    that a chart pasted into a report still says what it is and where it comes from. Both are plain text.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    browser = _browser()
    if browser is None:
        raise ImageExportError("Chromium not found: install Debian's chromium or set BROWSER_PATH.")
    os.environ.setdefault("BROWSER_PATH", browser)
    exported = go.Figure(figure)
    exported.update_layout(paper_bgcolor="white", plot_bgcolor="white")
    if title:
        exported.update_layout(title=dict(text=escape(title), x=0.02, xanchor="left", font=dict(size=22)))
        exported.update_layout(margin=dict(t=max(90, (exported.layout.margin.t or 0))))
    if footnote:
        lines = [escape(line) for line in footnote.split("\n") if line]
        bottom = exported.layout.margin.b if exported.layout.margin.b is not None else 40
        exported.add_annotation(text="<br>".join(lines), xref="paper", yref="paper", x=0.5, y=0, xanchor="center",
                                yanchor="top", yshift=-bottom + 4, showarrow=False, align="center",
                                font=dict(size=13, color=palette.MUTED_TEXT))
        exported.update_layout(margin=dict(b=bottom + 20 * len(lines) + 8))
    options = {"format": fmt, "width": width, "height": height, "scale": scale if fmt == "png" else 1}
    try:
        return kaleido.calc_fig_sync(exported, opts=options, kopts={"mathjax": False})
    except Exception as error:  # kaleido wraps browser failures in several types
        raise ImageExportError(str(error)) from error
