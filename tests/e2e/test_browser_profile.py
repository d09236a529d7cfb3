"""The benchmark's look at where the browser's time goes (issue #20 §4), on the served app in Chromium."""

from __future__ import annotations

import pytest

from qmi.bench.runner import _load

pytestmark = pytest.mark.e2e


def test_the_benchmark_counts_what_a_page_drew_and_the_bytes_of_its_charts(browser, app_server):
    context = browser.new_context()
    try:
        elapsed, received, profile = _load(context, f"{app_server}/thematiques", profile=True)
        assert 0 < elapsed < 60 and received > 10_000
        assert profile["charts"] >= 1 and profile["chart_json_bytes"] > 1_000  # the thematic breakdown's charts
        assert profile["skeletons"] == 0  # ready means drawn: no placeholder waits for its chart or grid
        assert received > profile["chart_json_bytes"]
        assert profile["elements"] > 200 and profile["iframes"] >= 0 and profile["tables"] >= 0
        assert profile["ScriptDuration"] > 0 and profile["LayoutCount"] > 0 and profile["Nodes"] > 0
        _, light, nothing = _load(context, f"{app_server}/mentions-legales")
        assert nothing is None and 0 < light < received  # no profile unless asked; a legal page sends less
        _, _, legal = _load(context, f"{app_server}/mentions-legales", profile=True)
        assert (legal["charts"], legal["chart_json_bytes"]) == (0, 0) and legal["elements"] < profile["elements"]
    finally:
        context.close()
