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


def test_public_links_start_with_the_configured_base_else_the_address_the_page_was_opened_from():
    assert links.public_base("https://qmi.example.org/tableau/", "http://10.0.0.5:8501/communes") == (
        "https://qmi.example.org/tableau")
    assert links.public_base("", "http://10.0.0.5:8501/communes") == "http://10.0.0.5:8501"
    assert links.public_base("", "https://qmi.example.org/tableau/communes", "/tableau/") == "https://qmi.example.org/tableau"
    assert links.public_base("", None) == links.public_base("  ", "not a url") == "http://localhost:8501"
    assert links.public_url("commune", "92071", "http://10.0.0.5:8501", "en") == (
        "http://10.0.0.5:8501/communes?commune=92071&lang=en")


def test_a_localhost_address_is_told_apart_from_one_others_can_open():
    assert all(links.is_local(base) for base in ("http://localhost:8501", "http://127.0.0.1", "http://[::1]:8501",
                                                 "http://app.localhost"))
    assert not any(links.is_local(base) for base in ("http://10.0.0.5:8501", "https://qmi.example.org",
                                                     "https://localhost.example.org"))
