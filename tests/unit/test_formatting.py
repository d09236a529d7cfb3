import html
import re
from datetime import date, datetime

import pytest

from qmi.i18n import catalog, tn
from qmi.i18n.formatting import day, number, percent

NBSP, NNBSP = "\u00a0", "\u202f"


def test_french_numbers_dates_and_percentages():
    assert number(1234.5).replace(NNBSP, " ").replace(NBSP, " ") == "1 234,5"
    assert day(date(2023, 6, 14)) == "14 juin 2023"
    assert day(date(2023, 11, 1), precision="month") == "novembre 2023"
    assert percent(0.7) == f"70{NBSP}%"


def test_the_first_of_the_month_is_an_ordinal_in_french_only():
    assert day(date(2026, 12, 1)) == "1er décembre 2026"
    assert day(datetime(2026, 12, 1, 9, 30)) == "1er décembre 2026"
    assert day(date(2026, 12, 1), precision="month") == "décembre 2026"
    assert day(date(2026, 12, 11)) == "11 décembre 2026"
    assert day(date(2026, 12, 1), "en") == "1 December 2026"


def test_english_numbers_dates_and_percentages():
    assert number(1234.5, "en") == "1,234.5"
    assert day(date(2023, 6, 14), "en") == "14 June 2023"
    assert percent(0.7, "en") == "70%"


def test_missing_values_read_as_a_dash():
    assert number(None) == percent(None) == day(None) == "–"


def test_per_row_labels_every_row_once_per_distinct_value_and_passes_missing_cells_as_none():
    from qmi.i18n.formatting import per_row

    calls = []

    def label(code, name):
        calls.append(code)
        return "sans famille" if code is None else f"{name} ({code})"

    labels = per_row(label, ["energie", None, "energie", None], ["Énergie", float("nan"), "Énergie", float("nan")])
    assert labels == ["Énergie (energie)", "sans famille", "Énergie (energie)", "sans famille"]
    assert calls == ["energie", None]


def test_escape_neutralises_markup_ampersands_and_quotes():
    from qmi.i18n.formatting import escape

    hostile = """<script>alert("x")</script> Paris&Co l'atelier"""
    assert escape(hostile) == ("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Paris&amp;Co l&#x27;atelier")
    assert "<" not in escape("<b onmouseover='x'>") and "'" not in escape("<b onmouseover='x'>")
    assert escape(None) == "" and escape(12) == "12"


def test_the_pages_charts_and_maps_share_one_escape():
    from qmi import ui
    from qmi.draw import charts, maps
    from qmi.i18n.formatting import escape

    assert ui.escape is charts.escape is maps.escape is escape


def test_a_label_and_its_value_are_joined_by_the_colon_of_the_language():
    from qmi.i18n.formatting import colon, label_value

    assert colon("fr") == " : " and colon("en") == ": "
    assert label_value("Source", "Bilan de la 1re édition") == "Source : Bilan de la 1re édition"
    assert label_value("Source", "edition-1 review", "en") == "Source: edition-1 review"


def test_frames_read_for_drawing_hold_none_where_a_cell_is_missing():
    import pandas as pd

    from qmi.domain.values import as_float, as_int, records, with_none

    frame = pd.DataFrame({"level": [2.0, float("nan")], "note": ["ok", None], "day": pd.to_datetime(["2024-01-01", None])})
    rows = list(with_none(frame).itertuples())
    assert rows[1].level is None and rows[1].note is None and rows[1].day is None and rows[0].level == 2
    assert records(frame)[1] == {"level": None, "note": None, "day": None}
    assert (as_int(2.0), as_int(float("nan")), as_float(pd.NA), as_float("3.5")) == (2, None, None, 3.5)


@pytest.mark.parametrize("hostile", [
    "![x](http://evil.example/p.png)", "[Connectez-vous](http://evil.example)", "<http://evil.example>",
    "<img src=x onerror=alert(1)>", "**gras** _penché_ ~~barré~~", "`code`", "# Titre", "| a | b |", "$x^2$",
    "\\*échappé", "a\n\n# titre", "&lt;b&gt;",
])
def test_literal_leaves_no_markup_for_markdown_or_html(hostile):
    from qmi.i18n.formatting import MARKUP_CHARACTERS, literal

    shown = literal(hostile)
    assert not set(shown) & (MARKUP_CHARACTERS - {"&", "#"}) and "\n" not in shown
    assert html.unescape(shown).replace("\u200b", "") == " ".join(hostile.splitlines())  # reads as typed


@pytest.mark.parametrize("address", ["http://evil.example", "HTTPS://evil.example/x", "www.evil.example", "chef@evil.example"])
def test_literal_breaks_bare_addresses_that_markdown_would_link(address):
    from qmi.i18n.formatting import literal

    shown = html.unescape(literal(address))
    assert "\u200b" in shown and shown.replace("\u200b", "") == address
    assert "://" not in shown and "www." not in shown.lower() and "@e" not in shown


@pytest.mark.parametrize("typed", ["- un point", "+ un point", "1. un point", "2024. Une année", "---", "  - indenté", "-"])
def test_literal_text_starting_like_a_list_or_a_rule_is_no_list_nor_rule(typed):
    from qmi.i18n.formatting import literal

    shown = literal(typed)
    assert html.unescape(shown) == typed
    assert not re.match(r"\s*(?:[-+]|\d+\.(?:\s|$))", shown)  # what Markdown would open a list or a rule with


def test_ordinary_text_passes_through_literal_unchanged():
    from qmi.i18n.formatting import literal

    assert literal("Quartier d'innovation : Les Blagis, 12,5 % — doc. 004") == "Quartier d'innovation : Les Blagis, 12,5 % — doc. 004"


def test_counts_take_the_languages_real_plural():
    assert [tn("import.done", n, "fr") for n in (0, 1, 2, 1234)] == [
        "0 mesure importée.", "1 mesure importée.", "2 mesures importées.", "1\u202f234 mesures importées."]
    assert [tn("import.done", n, "en") for n in (0, 1, 2)] == [
        "0 measurements imported.", "1 measurement imported.", "2 measurements imported."]


@pytest.mark.parametrize(("key", "n", "lang", "expected"), [
    ("admin.audit_count", 1, "fr", "1 écriture"), ("admin.audit_count", 0, "fr", "0 écriture"),
    ("admin.audit_count", 2, "fr", "2 écritures"), ("admin.audit_count", 0, "en", "0 writes"),
    ("replicability.assessed_count", 1, "fr", "1 expérimentation évaluée"),
    ("replicability.assessed_count", 29, "fr", "29 expérimentations évaluées"),
    ("map.tip.projects", 1, "en", "1 experiment"), ("map.tip.projects", 7, "en", "7 experiments"),
])
def test_every_count_of_the_catalogue_has_a_real_plural(key, n, lang, expected):
    assert tn(key, n, lang) == expected


def test_no_string_of_the_catalogue_writes_a_plural_in_brackets():
    assert [key for key, entry in catalog().items() if any("(s)" in text for text in entry.values())] == []
