from tests.pages.conftest import assert_no_exception, open_page


def test_home_shows_the_published_figures_with_their_sources(demo_store):
    at = open_page("pages/home.py")
    assert_no_exception(at)
    markdown = " ".join(m.value for m in at.markdown)
    assert "163 / 168 / 170" in markdown  # disagreeing documents side by side
    assert "70 %" in markdown
    captions = " ".join(c.value for c in at.caption)
    assert "Bilan de la 1re édition (doc. 004)" in captions and "Les documents divergent" in captions
    assert "doc. 000" in captions and "doc. 003" in captions  # each disagreeing value with its own document
    assert [h.value for h in at.header][:2] == ["Le programme en chiffres", "Les deux éditions"]


def test_home_in_english(demo_store):
    at = open_page("pages/home.py", lang="en")
    assert_no_exception(at)
    assert at.header[0].value == "The programme in figures"


def test_home_without_demo_data_shows_only_the_record(record_store):
    at = open_page("pages/home.py")
    assert_no_exception(at)
    assert "70 %" in " ".join(m.value for m in at.markdown)
    assert not at.warning  # no demo marker when nothing illustrative is drawn
