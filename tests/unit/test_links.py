"""Page addresses: encoded, with no empty parameter, the language only when it is not French."""

from urllib.parse import parse_qs, urlsplit

from qmi.outputs import links


def test_a_page_url_encodes_its_parameters_and_drops_none():
    url = links.page_url("experimentations", experimentation="café & co/1?x=<b>", commune=None)
    assert url == "/experimentations?experimentation=caf%C3%A9+%26+co%2F1%3Fx%3D%3Cb%3E"
    assert parse_qs(urlsplit(url).query) == {"experimentation": ["café & co/1?x=<b>"]}
    assert links.page_url("communes", commune=None) == "/communes"


def test_the_language_is_written_only_when_it_is_not_french():
    assert links.page_url("communes", lang="fr", commune="93051") == "/communes?commune=93051"
    assert links.page_url("communes", lang="en", commune="93051") == "/communes?commune=93051&lang=en"
    assert links.params("en", commune="93051", edition=None) == {"commune": "93051", "lang": "en"}
    assert links.params("fr") == {}


def test_a_public_address_starts_with_its_base_and_lists_repeat_the_parameter():
    url = links.page_url("replicabilite", base="https://qmi.example.org/", experimentation=["pelican", "vytal"])
    assert url == "https://qmi.example.org/replicabilite?experimentation=pelican&experimentation=vytal"


def test_a_link_column_reads_like_one_page_url_per_row():
    slugs = ["pelican", "a b&c"]
    assert links.page_urls("indicateurs", "indicateur", slugs, "en") == [
        links.page_url("indicateurs", lang="en", indicateur=slug) for slug in slugs]
    assert links.page_urls("experimentations", "experimentation", ["pelican"]) == [
        "/experimentations?experimentation=pelican"]
