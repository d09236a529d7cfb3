"""The one-page commune summary for council meetings."""

import io
import re
from datetime import date

import pytest
from PIL import Image
from pypdf import PdfReader

from qmi.outputs.pdf import PdfFontMissing, commune_pdf


def _read(data: bytes) -> tuple[int, str]:
    """The page count and the text, its line breaks (wrapped cells) read as spaces."""
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1100, 560), "white").save(buffer, format="PNG")
    return buffer.getvalue()


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


def test_every_portfolio_column_is_filled_and_long_families_wrap_instead_of_being_cut(demo_engine):
    pages, text = _read(commune_pdf(demo_engine, "92071", radar_png=_png()))
    assert pages == 1 and "…" not in text
    assert text.count("Espace public, végétalisation, citoyenneté, attractivité") == 6  # whole, on every row
    assert text.count("Cumulusland") == 2  # the experiment and its company, which bears its name


def test_each_source_document_is_listed_once(demo_engine):
    _, text = _read(commune_pdf(demo_engine, "92071", radar_png=_png()))
    sources = text[text.index("Sources :"):text.index("Document généré")]
    assert sources.count("doc. 004") == 1 and sources.count("doc. 001") == 1
    assert ".txt" not in sources and "Déployé en mai 2024" not in sources  # a status's quote stays on the dashboard


def test_footer_gives_the_public_address_and_a_french_ordinal_date(engine):
    _, text = _read(commune_pdf(engine, "93005", today=date(2026, 12, 1), base="https://qmi.example.org"))
    assert "Document généré le 1er décembre 2026 — https://qmi.example.org/communes?commune=93005" in text
    assert "localhost" not in text


def test_metadata_name_the_document_its_language_and_describe_the_radar(demo_engine):
    reader = PdfReader(io.BytesIO(commune_pdf(demo_engine, "92071", radar_png=_png())))
    assert reader.metadata.title == "Sceaux — Quartiers Métropolitains d'Innovation — fiche commune"
    assert reader.metadata.author and "Sceaux" in reader.metadata.subject
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fr-FR" and root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root  # the radar is a tagged figure
    figure = root["/StructTreeRoot"]["/K"][0]["/K"][0].get_object()
    assert figure["/S"] == "/Figure" and "Expérimentation déployée" in figure["/Alt"]
    english = PdfReader(io.BytesIO(commune_pdf(demo_engine, "92071", lang="en", radar_png=_png())))
    assert english.trailer["/Root"]["/Lang"] == "en-GB" and "municipality summary" in english.metadata.title


def test_typed_markup_emoji_and_scripts_the_font_lacks_neither_crash_nor_render(engine):
    from qmi.services import catalogue
    from tests.unit.store_rows import STAFF, make_user

    typed = "**gras** <img src=x> 🚲 中文 مرحبا \u202e𝔘"
    staff = make_user(engine, "claire", STAFF)
    catalogue.create_project(engine, staff, {"name": typed, "organisation": typed, "commune_insee": "92071",
                                             "edition_id": 1, "source": typed})
    catalogue.join_programme(engine, staff, "92071", {"innovation_district": typed, "mayor": typed})
    pages, text = _read(commune_pdf(engine, "92071", radar_png=_png()))
    assert pages == 1
    assert text.count("**gras** <img src=x>") >= 3  # district, name, organisation: as typed
