"""Each record page links to its JSON in the read-only API, at the address the API answers; not when
the API is off."""

from __future__ import annotations

from tests.pages.conftest import assert_no_exception, open_page


def json_links(at) -> list[str]:
    return [c.value for c in at.caption if "/api/v1/" in c.value]


def test_an_experiment_page_links_to_its_json(demo_store):
    at = open_page("pages/projects.py", experimentation="pelican")
    assert_no_exception(at)
    assert json_links(at) == [":material/data_object: [Ces données en JSON (API)](http://localhost:8501/api/v1/experiments/pelican)"]


def test_a_commune_page_links_to_its_json(demo_store):
    at = open_page("pages/communes.py", commune="92071")
    assert_no_exception(at)
    assert [link.rpartition("(")[2] for link in json_links(at)] == ["http://localhost:8501/api/v1/communes/92071)"]


def test_the_catalogue_has_no_record_link(demo_store):
    assert json_links(open_page("pages/projects.py")) == []


def test_no_link_when_the_api_is_off(demo_store, monkeypatch):
    monkeypatch.setenv("QMI_API", "off")
    assert json_links(open_page("pages/projects.py", experimentation="pelican")) == []
    assert json_links(open_page("pages/communes.py", commune="92071")) == []


def test_the_link_is_in_english_on_an_english_page(demo_store):
    at = open_page("pages/projects.py", experimentation="pelican", lang="en")
    assert [link.split("](")[0] for link in json_links(at)] == [":material/data_object: [This data as JSON (API)"]


def page_markdown(at) -> str:
    return " ".join(m.value for m in at.markdown)


def test_the_open_data_page_lists_every_address_and_working_examples(demo_store):
    at = open_page("pages/open_data.py")
    assert_no_exception(at)
    text = page_markdown(at)
    for path in ("/api/v1/communes", "/api/v1/experiments/{slug}", "/api/v1/measurements", "/api/v1/progress",
                 "/api/v1/export/{name}.csv", "/api/v1/indicators"):
        assert f"**{path}**" in text
    assert "cette date). Paramètres : experiment, indicator, since, page, per_page." in text
    assert "(http://localhost:8501/api/v1/experiments?per_page=20)" in text
    assert "(http://localhost:8501/api/v1/measurements?experiment=soy-pv)" in text  # the first experiment
    assert "[openapi.json](http://localhost:8501/api/v1/openapi.json)" in text


def test_the_open_data_page_says_when_the_api_is_off(demo_store, monkeypatch):
    monkeypatch.setenv("QMI_API", "off")
    at = open_page("pages/open_data.py")
    assert [i.value for i in at.info][0].startswith("L'API est désactivée sur ce site")
    assert "/api/v1/measurements" not in page_markdown(at)
