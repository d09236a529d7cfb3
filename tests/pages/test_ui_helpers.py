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


def _chart_app():
    import plotly.graph_objects as go
    import streamlit as st

    from qmi.ui import exports

    rows = int(st.query_params["rows"])
    labels = ["**Gras** [lien](https://exemple.org)", *(f"Essai {n}" for n in range(1, rows))]
    exports.chart_table(go.Figure(go.Bar(x=labels, y=list(range(rows)))), key="chart_data")


def _chart_with(rows: int) -> AppTest:
    at = AppTest.from_function(_chart_app, default_timeout=60)
    at.query_params["rows"] = str(rows)
    at.run()
    assert_no_exception(at)
    assert len(at.expander) == 1 and not at.table and not at.dataframe  # collapsed: nothing built, nothing sent
    at.session_state["chart_data"] = True  # what opening it does
    at.run()
    assert_no_exception(at)
    return at


def test_a_chart_s_data_table_is_an_html_table_up_to_100_rows_then_a_data_grid_both_as_typed():
    small = _chart_with(100)
    assert len(small.table) == 1 and not small.dataframe
    cells = small.table[0].value
    assert len(cells) == 100 and "**" not in cells.iloc[0, 0] and "](" not in cells.iloc[0, 0]  # Markdown escaped
    large = _chart_with(101)
    assert len(large.dataframe) == 1 and not large.table
    grid = large.dataframe[0].value
    assert len(grid) == 101 and grid.iloc[0, 0] == "**Gras** [lien](https://exemple.org)"  # a grid draws text, no Markdown to escape
    assert list(grid.iloc[:3, 1]) == ["0", "1", "2"]


def test_charts_of_the_app_carry_streamlit_s_theme_only_for_the_kinds_of_trace_they_draw():
    import re
    from pathlib import Path

    import plotly.io as pio

    from qmi import draw, ui  # noqa: F401  (importing qmi.ui sets the app's template)
    from qmi.draw import charts

    figure = charts.time_series([charts.Point("janv. 2024", 2, "2", False)], "#1F4E9E")
    template, streamlit = figure.layout.template.to_plotly_json(), pio.templates["streamlit"].to_plotly_json()
    # The theme's colours are placeholders the browser replaces: they stay; the colour scales go.
    assert template["layout"] == {"colorway": streamlit["layout"]["colorway"]}
    assert template["data"] and set(template["data"]) <= set(draw.TRACE_TYPES)
    assert all(template["data"][kind] == streamlit["data"][kind] for kind in template["data"])
    assert len(figure.to_json()) < 2_500  # Streamlit's whole template alone is 3.7 KB
    # Each kind of trace the builders draw is one whose defaults the template keeps.
    source = "".join(path.read_text() for path in Path(draw.__file__).parent.glob("*.py"))
    drawn = {name.lower() for name in re.findall(r"\bgo\.(\w+)\(", source)} - {"figure"}
    drawn |= set(re.findall(r'\btype="(\w+)", (?:r|x|y)=', source))
    assert drawn and drawn <= set(draw.TRACE_TYPES), drawn


def test_each_run_reads_the_language_again_even_in_the_thread_of_the_run_before():
    """A server reruns a session's script in the same thread: the language kept for a run
    (``ui.start_run``) is read again at the start of the next one, never carried over."""
    def script():
        import streamlit as st

        from qmi import ui

        st.session_state["lang"] = "fr"
        ui.start_run()
        first = ui.lang()
        st.session_state["lang"] = "en"  # as the menu leaves it for the next run
        still = ui.lang()  # within a run the language stays the one it started with
        ui.start_run()  # the next run, in the same thread
        st.write(f"{first} {still} {ui.lang()}")

    at = AppTest.from_function(script)
    at.run()
    assert_no_exception(at)
    assert at.markdown[0].value == "fr fr en"
