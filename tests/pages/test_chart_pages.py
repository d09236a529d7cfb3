"""The pages whose HTML asks for plotly's chunk early (``qmi.outputs.shell.CHART_PAGES``) are the ones
that draw a chart as they open: a chart page left out loads plotly late, a page added for nothing
makes a phone download 4.7 MB it does not use."""

import pytest

from qmi.bench.runner import app_pages
from qmi.outputs.shell import CHART_PAGES
from tests.pages.conftest import assert_no_exception, open_page

# How each page is usually opened: a commune's or an experiment's page from a link, a QR code or the map.
OPENED_WITH = {"communes": {"commune": "92071"}, "experimentations": {"experimentation": "pelican"}}


@pytest.mark.parametrize("spec", app_pages(), ids=lambda spec: spec.url_path)
def test_a_page_asks_for_plotly_early_exactly_when_it_opens_on_a_chart(demo_store, spec):
    at = open_page(spec.path, **OPENED_WITH.get(spec.url_path, {}))
    assert_no_exception(at)
    assert bool(at.get("plotly_chart")) == (spec.url_path in CHART_PAGES)
