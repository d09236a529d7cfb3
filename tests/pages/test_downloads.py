"""The download buttons are where officials look for them: commune PDF and QR code, tables, charts."""

from tests.pages.conftest import assert_no_exception, open_page


def _downloads(at) -> list[str]:
    return [button.label for button in at.get("download_button")]


def test_commune_view_offers_pdf_qr_chart_and_table_downloads(demo_store):
    at = open_page("pages/communes.py", commune="93051")
    assert_no_exception(at)
    labels = _downloads(at)
    assert "Fiche commune (PDF, 1 page)" in labels
    assert {"QR code (PNG)", "QR code (SVG, impression)"} <= set(labels)
    assert labels.count("Image PNG") >= 2  # thematic mix and mean radar
    assert {"Télécharger (CSV)", "Télécharger (Excel)"} <= set(labels)
    assert any("communes?commune=93051" in caption.value for caption in at.caption)


def test_experiment_view_offers_its_qr_code_in_english(demo_store):
    at = open_page("pages/projects.py", experimentation="pelican", lang="en")
    assert_no_exception(at)
    labels = _downloads(at)
    assert {"QR code (PNG)", "QR code (SVG, print)", "PNG image"} <= set(labels)
    assert any("experimentations?experimentation=pelican&lang=en" in caption.value for caption in at.caption)


def _chart_app():
    import plotly.graph_objects as go

    from qmi.ui import exports as ui_exports

    figure = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))
    ui_exports.chart(figure, "Projets par défi", source="Bilan", key="plain")
    ui_exports.chart(figure, "Projets par commune", toolbar=True, key="with_toolbar")


def test_a_chart_is_drawn_with_its_image_buttons_and_the_toolbar_only_when_asked():
    import json

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_chart_app, default_timeout=60).run()
    assert_no_exception(at)
    charts = at.get("plotly_chart")
    assert len(charts) == 2
    configs = [json.loads(chart.proto.config) for chart in charts]
    assert configs[0].get("displayModeBar") is False and configs[1].get("displaylogo") is False
    assert "displayModeBar" not in configs[1]
    assert _downloads(at).count("Image PNG") == 2 and _downloads(at).count("Image SVG (impression)") == 2


def _qr_app():
    from qmi.ui import exports as ui_exports

    ui_exports.qr_block("commune", "93051", popover=False)


def _qr_run(url: str | None, role: str | None = None, lang: str = "fr"):
    from datetime import UTC, datetime, timedelta

    from streamlit.testing.v1 import AppTest

    from qmi.services.auth import Identity

    at = AppTest.from_function(_qr_app, default_timeout=60)
    at.context = {"url": url}
    at.query_params["lang"] = lang
    if role is not None:
        at.session_state["qmi_identity"] = Identity(1, "s.dupont", "S. Dupont", role, None,
                                                    datetime.now(UTC) + timedelta(hours=1))
    return at.run()


def test_the_qr_code_points_at_the_address_the_page_was_opened_from(monkeypatch):
    monkeypatch.delenv("QMI_PUBLIC_BASE_URL", raising=False)
    at = _qr_run("http://10.0.0.5:8615/communes", role="staff")
    assert_no_exception(at)
    assert any("http://10.0.0.5:8615/communes?commune=93051" in caption.value for caption in at.caption)
    assert not at.warning  # others can open it: nothing to warn about


def test_staff_are_warned_that_a_localhost_code_opens_nowhere_else_and_told_how_to_fix_it(monkeypatch):
    monkeypatch.delenv("QMI_PUBLIC_BASE_URL", raising=False)
    at = _qr_run("http://localhost:8615/communes", role="staff")
    assert [w.value for w in at.warning] and "QMI_PUBLIC_BASE_URL" in at.warning[0].value
    assert "http://localhost:8615" in at.warning[0].value
    english = _qr_run("http://127.0.0.1:8615/communes", role="admin", lang="en")
    assert "will open on this machine only" in english.warning[0].value
    assert not _qr_run("http://localhost:8615/communes", role="viewer").warning
    assert not _qr_run("http://localhost:8615/communes").warning  # signed out: the public never sees it


def test_a_configured_public_address_wins_over_the_one_opened(monkeypatch):
    monkeypatch.setenv("QMI_PUBLIC_BASE_URL", "https://qmi.example.org")
    at = _qr_run("http://localhost:8615/communes", role="staff")
    assert any("https://qmi.example.org/communes?commune=93051" in caption.value for caption in at.caption)
    assert not at.warning
