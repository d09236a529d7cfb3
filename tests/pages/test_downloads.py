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
