"""Shared drawing helpers of qmi.ui, run in a bare Streamlit script."""

from streamlit.testing.v1 import AppTest

from tests.pages.conftest import assert_no_exception


def _grid_app():
    from qmi import ui

    for column, name in ui.grid((f"Fiche {n}" for n in range(1, 8)), 3):
        column.markdown(name)


def test_cards_are_laid_out_row_by_row_a_row_of_columns_for_each_started_row():
    at = AppTest.from_function(_grid_app, default_timeout=60).run()
    assert_no_exception(at)
    assert len(at.columns) == 9  # three rows of three, the last holding one card
    assert [[m.value for m in column.markdown] for column in at.columns] == [
        ["Fiche 1"], ["Fiche 2"], ["Fiche 3"], ["Fiche 4"], ["Fiche 5"], ["Fiche 6"], ["Fiche 7"], [], []]


def test_the_shell_script_survives_st_html_s_sanitizer_and_carries_the_page_s_texts(monkeypatch):
    import re

    from qmi.ui import shell

    monkeypatch.setattr(shell.ui, "lang", lambda: "fr")
    body = shell.script(signed_in=False)
    inner = body.removeprefix("<script>").removesuffix("</script>")
    assert not re.search(r"<[/\w!]", inner)  # DOMPurify would drop the whole script
    assert '"lang": "fr"' in inner and "Aller à la connexion" in inner and "Choisir une date" in inner
    monkeypatch.setattr(shell.ui, "lang", lambda: "en")
    assert '"replacements": []' in shell.script(signed_in=True)  # Streamlit's English stays on an English page
