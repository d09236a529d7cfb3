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
