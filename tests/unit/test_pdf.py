"""The one-page commune summary for council meetings."""

import io

import pytest
from pypdf import PdfReader

from qmi.outputs.pdf import PdfFontMissing, commune_pdf


def _read(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_summary_is_one_page_with_the_commune_its_radar_and_the_demo_marker(demo_engine):
    pages, text = _read(commune_pdf(demo_engine, "93051"))
    assert pages == 1
    assert "Noisy-le-Grand" in text
    assert "Wintics" in text  # the portfolio
    assert "DONNÉES DE DÉMONSTRATION" in text
    assert "Réplicabilité moyenne" in text and "Aucune évaluation" not in text
    assert "doc. 004" in text  # sources, named by their document


def test_public_record_only_has_no_demo_marker(engine):
    pages, text = _read(commune_pdf(engine, "93005"))
    assert pages == 1
    assert "Aulnay-sous-Bois" in text
    assert "Purple Alternative Surface" in text
    assert "DÉMONSTRATION" not in text


def test_english_summary(demo_engine, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")  # the browser path is covered above
    pages, text = _read(commune_pdf(demo_engine, "92048", lang="en"))
    assert pages == 1
    assert "Meudon" in text and "municipality summary" in text and "Experiment portfolio" in text
    assert "Test succeeded" in text
    assert "Portefeuille" not in text


def test_without_a_browser_the_radar_is_drawn_and_the_page_says_so(demo_engine, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    pages, text = _read(commune_pdf(demo_engine, "92071"))
    assert pages == 1
    assert "Sceaux" in text
    assert "Radar dessiné sans navigateur" in text


def test_missing_font_is_a_clear_error(engine, tmp_path):
    with pytest.raises(PdfFontMissing, match="fonts-dejavu-core"):
        commune_pdf(engine, "93005", font_dir=tmp_path)


def test_unknown_commune(engine):
    with pytest.raises(LookupError):
        commune_pdf(engine, "00000")
