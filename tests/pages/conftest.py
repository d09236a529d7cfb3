"""AppTest harness: run app.py on a temporary store and open one page, with URL parameters."""

from __future__ import annotations

import html
import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from qmi.bench.runner import registered_pages
from qmi.config import ROOT


def open_page(page: str, **params: str) -> AppTest:
    """Run the whole app (navigation, sidebar) on ``page`` (e.g. "pages/map.py") with query params."""
    return open_as(page, None, **params)


def open_as(page: str, identity=None, **params: str) -> AppTest:
    """The whole app on ``page`` for a signed-in ``identity`` (or signed out), in one run.

    The identity is put in the session before the first run, as the sign-in box leaves it; app.py
    draws the sidebar (sign-in box or signed-in card) on every run, whichever page it opens.
    """
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for name, value in params.items():
        at.query_params[name] = value
    if identity is not None:
        at.session_state["qmi_identity"] = identity
    if page != "pages/home.py":
        # Before its first run AppTest resolves a page by file name, which is not the hash st.navigation
        # gives a page with its own url_path (map.py is "carte"): it would run the page without app.py.
        # Give it the pages app.py registers, as a first run would, so the one run is the whole app.
        at._registered_pages = dict(registered_pages())
        at.switch_page(page)
    return at.run()


def account(store, username: str, role: str, commune: str | None = None, password: str = "un mot de passe assez long"):
    """Create an account in ``store`` and sign it in; returns its identity."""
    from qmi.services import auth, users

    users.add_user(store, username, password, role, commune)
    return auth.sign_in(store, username, password)


FILE_NAME = re.compile(r"\d{3}_[0-9a-f]{16}\.txt|SOURCE\.md")  # a source shown as a file, never as its title


def assert_no_file_name(at: AppTest) -> None:
    """No seed file name and no data/geo/SOURCE.md anywhere on the page: sources read as their titles."""
    shown = [text for text in rendered_text(at) if FILE_NAME.search(html.unescape(text))]
    assert not shown, shown


def page_tables(at: AppTest) -> list:
    """The page's own tables (as frames), without the data table under each chart (``ui.exports.chart_table``)."""
    from qmi.i18n import LANGUAGES, t

    chart_columns = {t(f"exports.chart_data.{c}", lang) for lang in LANGUAGES for c in ("series", "label", "value")}
    return [table.value for table in at.table if not set(table.value.columns) <= chart_columns]


def assert_no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


@pytest.fixture
def demo_store(demo_engine, monkeypatch):
    monkeypatch.setenv("QMI_DATABASE_URL", str(demo_engine.url))
    return demo_engine


@pytest.fixture
def record_store(engine, monkeypatch):
    """The public record without demo data (`python -m qmi init --no-demo`)."""
    monkeypatch.setenv("QMI_DATABASE_URL", str(engine.url))
    return engine


LINK = re.compile(r"(https?://|/)\S*")


def rendered_text(at: AppTest) -> list[str]:
    """Every text the run drew, as a person could read it: markdown, captions, alerts, titles, widget
    labels and options, tables' headers and cells, charts' titles, axes, legends and hover texts.
    What a text field holds (typed or prefilled from the store) is left out: it is people's text."""
    from google.protobuf.json_format import MessageToDict

    texts: list[str] = []

    def strings(value) -> None:
        if isinstance(value, str):
            if value.startswith("{") and value.endswith("}"):  # a chart's JSON spec
                try:
                    strings(json.loads(value))
                    return
                except ValueError:
                    pass
            texts.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                strings(item)
        elif isinstance(value, list):
            for item in value:
                strings(item)

    def walk(node) -> None:
        if getattr(node, "type", None) in ("dataframe", "table"):
            table = node.value
            cells = [str(c) for c in table.astype(str).to_numpy().ravel().tolist()]  # pandas 3 keeps NaN as NaN
            # A link column holds the link's address; the page shows its label (in the column's config, read below).
            strings([str(c) for c in table.columns] + [v for v in cells if not LINK.fullmatch(v)])
        elif getattr(node, "proto", None) is not None:
            proto = MessageToDict(node.proto)
            proto.pop("data", None)  # a table's Arrow bytes, read above
            if node.type in ("text_input", "text_area"):  # what a field holds is people's text, not the interface's
                proto.pop("default", None)
                proto.pop("value", None)
            strings(proto)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return texts
