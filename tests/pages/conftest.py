"""AppTest harness: run app.py on a temporary store and open one page, with URL parameters."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from qmi.config import ROOT


def open_page(page: str, **params: str) -> AppTest:
    """Run the whole app (navigation, sidebar) on ``page`` (e.g. "pages/map.py") with query params."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for name, value in params.items():
        at.query_params[name] = value
    at.switch_page(page) if page != "pages/home.py" else None
    return at.run()


def open_as(page: str, identity=None, **params: str) -> AppTest:
    """The whole app on ``page`` for a signed-in ``identity`` (first run on the home page so the sidebar
    with the sign-in box is drawn)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for name, value in params.items():
        at.query_params[name] = value
    if identity is not None:
        at.session_state["qmi_identity"] = identity
    at.run()
    return at.switch_page(page).run()


def account(store, username: str, role: str, commune: str | None = None, password: str = "un mot de passe assez long"):
    """Create an account in ``store`` and sign it in; returns its identity."""
    from qmi.services import auth, users

    users.add_user(store, username, password, role, commune)
    return auth.sign_in(store, username, password)


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
