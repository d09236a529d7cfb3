"""Figure builders: what a reader sees (labels, order, demo marking, French numbers), without Streamlit."""

import pandas as pd
import plotly.graph_objects as go
import pytest

from qmi import palette
from qmi.domain.scoring import criteria
from qmi.draw import charts


def test_radar_draws_the_five_criteria_on_the_0_3_scale_with_level_labels():
    figure = charts.radar([charts.RadarSeries("Pelican", [3, 2, 2, 3, 3], "#1F4E9E")])
    trace = figure.data[0]
    assert len(trace.theta) == 6 and trace.theta[0] == trace.theta[-1]  # closed shape
    assert "Traction<br>commerciale" in trace.theta  # long names break instead of being cut off
    assert list(figure.layout.polar.radialaxis.tickvals) == [0, 1, 2, 3]
    assert [row[1] for row in trace.customdata[:5]] == ["Test réussi", "Forte", "Oui mais plafond à l&#x27;entrée",
                                                         "Grande facilité opérationnelle et ressources facilement disponibles",
                                                         "Structure rentable"]
    assert not figure.layout.showlegend


def test_radar_overlay_keeps_every_profile_visible_and_escapes_names():
    names = ["<script>x</script>", "B", "C"]
    figure = charts.radar([charts.RadarSeries(n, [1, 1, 1, 1, 1], c) for n, c in zip(names, ["#0072B2", "#009E73", "#E69F00"])])
    assert figure.layout.showlegend and figure.data[0].name == "&lt;script&gt;x&lt;/script&gt;"
    assert all(trace.fillcolor.endswith("0.12)") for trace in figure.data)  # light fills: shapes stay readable


def test_radar_in_english():
    figure = charts.radar([charts.RadarSeries("P", [0, 0, 0, 0, 0], "#000000")], lang="en")
    assert "Commercial<br>traction" in figure.data[0].theta
    assert figure.data[0].customdata[1][1] == criteria("en")[1].labels[0]


def test_bars_put_the_first_item_on_top_and_hatch_demo_values():
    items = [charts.Bar("Pelican", 13, "13 / 15", "#1F4E9E", "Édition 1", demo=True, hover="Meudon"),
             charts.Bar("Vytal & <b>co</b>", 9, "9 / 15", "#D9661F", "Édition 2")]
    figure = charts.bars(items, "Indice", max_value=15, demo_label="Donnée de démonstration")
    assert list(figure.layout.yaxis.categoryarray) == ["Vytal &amp; &lt;b&gt;co&lt;/b&gt;", "Pelican"]  # top = last
    assert [trace.name for trace in figure.data] == ["Édition 1", "Édition 2"] and figure.layout.showlegend
    assert figure.data[0].marker.pattern.shape == (charts.DEMO_PATTERN,)
    assert figure.data[1].marker.pattern.shape == ("",)
    assert figure.data[0].text == ("13 / 15",) and list(figure.layout.xaxis.range) == [0, 15]
    # The key to the hatching under the axis: as wide as the chart, never cut over the bars.
    assert figure.layout.xaxis.title.text.endswith("▨ Donnée de démonstration</span>")
    assert figure.layout.xaxis.title.text.startswith("Indice<br>") and not figure.layout.annotations


def test_bars_without_demo_have_no_demo_note_and_use_french_separators():
    figure = charts.bars([charts.Bar("Sceaux", 7.5, "7,5 / 15", "#3182BD")], "Indice moyen", max_value=15,
                         demo_label="Donnée de démonstration")
    assert figure.layout.xaxis.title.text == "Indice moyen" and not figure.layout.showlegend
    assert figure.layout.separators == ", "
    assert charts.bars([], "x", lang="en").layout.separators == ".,"


def test_time_series_marks_demo_points_and_shows_the_target():
    points = [charts.Point("octobre 2023", 10.0, "10"), charts.Point("janvier 2024", 12.5, "12,5", demo=True)]
    figure = charts.time_series(points, "#1F4E9E", demo_label="Valeurs illustratives", target=20,
                                target_label="Cible : 20")
    real, demo = figure.data[1], figure.data[2]
    assert real.marker.symbol == "circle" and demo.marker.symbol == "circle-open"
    assert demo.x == ("janvier 2024",) and demo.text == ("12,5",)
    assert figure.data[0].line.dash == "solid"  # not every point is illustrative
    texts = [a.text for a in figure.layout.annotations]
    assert "Cible : 20" in texts and any("Valeurs illustratives" in t for t in texts)
    assert list(figure.layout.xaxis.categoryarray) == ["octobre 2023", "janvier 2024"]


def test_time_series_of_demo_only_values_is_dotted():
    figure = charts.time_series([charts.Point("2024", 1, "1", demo=True), charts.Point("2025", 2, "2", demo=True)],
                                "#000000", demo_label="Démo", y_range=(0, 16))
    assert figure.data[0].line.dash == "dot" and list(figure.layout.yaxis.range) == [0, 16]


def test_replicability_ranking_colours_by_edition_and_writes_the_index_in_french():
    import pandas as pd

    from qmi.draw import replicability as charts_replicability

    top = pd.DataFrame({"name": ["Pelican", "Vytal"], "replicability_index": [13, 9], "edition_id": [1, 2],
                        "assessment_is_demo": [True, False], "commune": ["Meudon", "Sceaux"]})
    figure = charts_replicability.ranking(top, "fr")
    assert [trace.name for trace in figure.data] == ["Édition 1", "Édition 2"]
    assert figure.data[0].text == ("13 / 15",) and figure.data[0].marker.pattern.shape == (charts.DEMO_PATTERN,)
    assert figure.layout.xaxis.title.text.startswith("Indice de réplicabilité (sur 15)<br>")  # then the key to the hatching


def test_replicability_averages_show_one_decimal_and_how_many_were_assessed():
    import pandas as pd

    from qmi.draw import replicability as charts_replicability

    table = pd.DataFrame({"label": ["Meudon"], "mean_index": [9.3], "assessed": [4], "any_demo": [False]})
    figure = charts_replicability.averages(table, "fr")
    assert figure.data[0].text == ("9,3 / 15",)
    assert figure.data[0].customdata[0][2] == "4 expérimentations évaluées"


def test_challenge_bars_keep_the_communes_with_the_most_experiments():
    import pandas as pd

    counts = pd.DataFrame({
        "edition_id": [1, 1, 1, 2], "commune_insee": ["A", "A", "B", "C"], "commune": ["Aulnay", "Aulnay", "Bondy", "Clichy"],
        "challenge_code": ["x", "y", "x", "x"], "challenge": ["X", "Y", "X", "X"], "projects": [2, 1, 1, 2], "proposed": [0, 0, 0, 0],
    })
    busiest = charts.busiest_communes(counts, 2)
    assert sorted(set(busiest["commune"])) == ["Aulnay", "Clichy"] and len(busiest) == 3  # every challenge of a kept commune
    assert charts.busiest_communes(counts, 30).equals(counts)


def test_sunburst_names_the_busiest_communes_and_groups_the_others_with_exact_totals():
    import pandas as pd

    counts = pd.DataFrame({
        "edition_id": [1, 1, 1, 1, 2], "commune_insee": ["A", "A", "B", "D", "C"],
        "commune": ["Aulnay", "Aulnay", "Bondy", "Drancy", "Clichy"],
        "challenge_code": ["x", "y", "x", "x", "x"], "challenge": ["X", "Y", "X", "X", "X"],
        "projects": [3, 1, 1, 2, 2], "proposed": [0, 0, 0, 0, 0],
    })
    every = charts.challenge_sunburst(counts, "fr").data[0]
    assert [label for label in every.labels if label in ("Aulnay", "Bondy", "Drancy", "Clichy")] == \
        ["Aulnay", "Bondy", "Drancy", "Aulnay", "Clichy"]
    trace = charts.challenge_sunburst(counts, "fr", communes_max=2).data[0]  # Aulnay (4) and Clichy (2) keep a sector
    sectors = dict(zip(trace.ids, zip(trace.labels, trace.values)))
    assert sectors["e1/x/+"] == ("2 autres communes", 3)  # Bondy 1 + Drancy 2
    assert "e1/y/+" not in sectors and sectors["e1/y/A"] == ("Aulnay", 1)
    assert "Bondy" not in trace.labels and "Drancy" not in trace.labels
    assert sectors["e1"][1] == 7 and sectors["e1/x"][1] == 6  # the totals are the store's, not the named communes'
    for parent in ("e1", "e1/x", "e2"):
        assert sectors[parent][1] == sum(v for i, p, v in zip(trace.ids, trace.parents, trace.values) if p == parent)
    english = charts.challenge_sunburst(counts.head(3), "en", communes_max=1).data[0]
    assert "1 other municipality" in english.labels


def test_wrapped_bar_labels_get_room_for_every_line():
    families = ["Espace public, végétalisation, citoyenneté, attractivité", "Construction, architecture et infrastructures",
                "Hors catalogue par famille", "Ville intelligente", "Mobilités", "Énergie", "Économie circulaire"]
    figure = charts.bars([charts.Bar(name, 8, "8 / 15", "#1F4E9E") for name in families], "Indice moyen", max_value=15)
    lines = [label.count("<br>") + 1 for label in figure.layout.yaxis.categoryarray]
    assert max(lines) == 2
    pitch = (figure.layout.height - figure.layout.margin.t - figure.layout.margin.b) / len(families)
    # Two neighbouring labels (15 px type, lines 1.3 em apart, centred on their bars) leave a gap between them.
    for upper, lower in zip(lines, lines[1:]):
        assert pitch >= (upper + lower) / 2 * 15 * 1.3 + 6


def test_one_wrapped_name_among_short_ones_does_not_stretch_the_ranking():
    names = ["Atelier de réemploi de baskets", *(f"Solution {i}" for i in range(20))]
    figure = charts.bars([charts.Bar(name, 8, "8 / 15", "#1F4E9E") for name in names], "Indice", max_value=15)
    assert figure.layout.height <= 90 + 40 * len(names)


def _timeline_blocks(figure) -> list[tuple[str, float, float]]:
    """Each marker with its label, as (host, top px, bottom px) from the figure's own layout."""
    low, high = figure.layout.yaxis.range
    plot = figure.layout.height - figure.layout.margin.t - figure.layout.margin.b
    rows = list(figure.layout.yaxis.categoryarray)
    blocks = []
    for trace in figure.data:
        centre = (high - rows.index(trace.y[0])) / (high - low) * plot
        for size, text, position in zip(trace.marker.size, trace.text, trace.textposition):
            radius = size / 2
            label = (text.count("<br>") + 1) * 14 * 1.3  # plotly spaces lines 1.3 em apart
            top, bottom = (centre - radius - label, centre + radius) if position == "top center" else \
                (centre - radius, centre + radius + label)
            blocks.append((trace.y[0], top, bottom))
    return blocks


def test_timeline_labels_never_cover_another_row(engine):
    from qmi.queries import events

    figure = charts.event_timeline(events.meetings(engine))
    blocks = _timeline_blocks(figure)
    plot = figure.layout.height - figure.layout.margin.t - figure.layout.margin.b
    assert all(0 <= top and bottom <= plot for _, top, bottom in blocks)  # inside the chart
    for host, top, bottom in blocks:
        for other, other_top, other_bottom in blocks:
            if other != host:  # apart, with a clear gap: a label is read as its own row's
                assert bottom + 20 <= other_top or top >= other_bottom + 20, (host, other)
    aulnay = next(trace for trace in figure.data if trace.y[0] == "Aulnay-sous-Bois")
    assert aulnay.textposition == ("top center", "bottom center")  # its two dates on either side: never on each other


def test_challenge_legend_sits_above_the_bars_with_room_for_one_challenge_a_line(engine):
    from qmi.queries import themes

    figure = charts.challenge_bars(themes.challenge_counts(engine))
    entries = len({trace.name for trace in figure.data})
    legend = figure.layout.legend
    assert legend.y == 1.0 and legend.yanchor == "bottom"  # never on the axis title under the bars
    # A phone shows one challenge a line (about 31 px each): the margin holds them all, and the legend never scrolls.
    assert figure.layout.margin.t >= 31 * entries and legend.maxheight == figure.layout.margin.t


def test_a_chart_s_data_table_reads_its_labels_as_shown():
    from qmi import palette
    from qmi.draw.charts import Bar, bars, data_rows

    figure = bars([Bar("Kunagi <b>&</b> co", 9, "9 / 15", palette.EDITION_COLORS[1], "Édition 1")], "Indice")
    assert data_rows(figure) == [("Édition 1", "Kunagi <b>&</b> co", 9)]  # the escaped name, as typed


def test_a_label_drawn_on_two_lines_reads_as_one_line_in_the_data_table():
    figure = go.Figure(go.Bar(y=["Économie<br>circulaire", "Issy-les-<br>Moulineaux"], x=[3, 2], orientation="h", name="<b>Part</b>"))
    assert charts.data_rows(figure) == [("Part", "Économie circulaire", 3), ("Part", "Issy-les-Moulineaux", 2)]


def test_challenge_bars_put_long_commune_names_on_lines_so_a_phone_keeps_room_for_the_bars():
    counts = pd.DataFrame({
        "edition_id": [2, 2, 1], "commune_insee": ["92040", "92040", "93005"],
        "commune": ["Issy-les-Moulineaux", "Issy-les-Moulineaux", "<i>Aulnay</i>"],
        "challenge_code": ["x", "y", "x"], "challenge": ["X", "Y", "X"], "projects": [3, 1, 2], "proposed": [0, 0, 0],
    })
    figure = charts.challenge_bars(counts)
    ticks = list(figure.layout.yaxis.categoryarray)
    assert ticks == ["Issy-les-<br>Moulineaux<br>(éd. 2)", "&lt;i&gt;Aulnay&lt;/i&gt;<br>(éd. 1)"]
    assert all(len(line) <= 18 for tick in ticks for line in tick.replace("&lt;", "<").replace("&gt;", ">").split("<br>"))
    drawn = [trace for trace in figure.data if trace.hovertemplate]
    assert {row[2] for trace in drawn for row in trace.customdata} == {
        "Issy-les-Moulineaux (éd. 2)", "&lt;i&gt;Aulnay&lt;/i&gt; (éd. 1)"}  # one line in the tooltip
    assert {label for _, label, _ in charts.data_rows(figure)} == {
        "Issy-les-Moulineaux (éd. 2)", "<i>Aulnay</i> (éd. 1)"}  # and in the data table, as typed
    assert figure.layout.xaxis.dtick == 1  # a tick per experiment while there are few


def test_a_transfer_s_bars_each_carry_their_colour_so_hatched_ones_keep_their_fill():
    import pandas as pd

    from qmi.draw.transfers import paired_progress
    from qmi.palette import EDITION_COLORS

    table = pd.DataFrame({"indicator_code": ["A", "B"], "a_progress": [0.4, 0.8], "b_progress": [0.2, None],
                          "a_demo": [True, False], "b_demo": [True, True]})
    figure = paired_progress(table, {"A": "Km", "B": "Livraisons"}, "Meudon", "Argenteuil")
    origin, receiving = figure.data
    # A single colour beside a pattern per bar left the bars unfilled in Streamlit's plotly.js.
    assert list(origin.marker.color) == [EDITION_COLORS[1]] * 2 and list(receiving.marker.color) == [EDITION_COLORS[2]] * 2
    assert list(origin.marker.pattern.shape)[1] == "" and list(receiving.marker.pattern.shape)[0] != ""


def test_the_target_line_spans_the_whole_chart_at_the_target_with_its_label_above_on_the_left():
    figure = charts.time_series([charts.Point("2024", 10.0, "10"), charts.Point("2025", 30.0, "30")], "#1F4E9E",
                                target=20, target_label="Cible : 20")
    # What plotly's own add_hline draws for that line and label: the chart is built in one go instead.
    expected = go.Figure().add_hline(y=20, line=dict(color=palette.MUTED_TEXT, width=2, dash="dash"),
                                     annotation_text="Cible : 20", annotation_position="top left",
                                     annotation_font=dict(size=13, color=palette.MUTED_TEXT))
    assert [s.to_plotly_json() for s in figure.layout.shapes] == [s.to_plotly_json() for s in expected.layout.shapes]
    assert figure.layout.annotations[0].to_plotly_json() == expected.layout.annotations[0].to_plotly_json()
    assert list(figure.layout.yaxis.range) == [0, 36.0]  # room above the highest value


def test_every_axis_and_legend_text_of_a_chart_is_in_the_text_colour_whatever_its_own_settings():
    figures = [charts.time_series([charts.Point("2024", 1, "1")], "#000000"),
               charts.radar([charts.RadarSeries("A", [1, 2, 3, 2, 1], "#1F4E9E")], lang="en"),
               charts.readable(go.Figure(go.Bar(x=["a"], y=[1])))]
    for figure in figures:
        layout = figure.layout
        assert layout.xaxis.tickfont.color == layout.yaxis.tickfont.color == palette.TEXT
        assert layout.xaxis.title.font.color == layout.legend.font.color == palette.TEXT
        assert layout.polar.radialaxis.tickfont.color == layout.polar.angularaxis.tickfont.color == palette.TEXT
    assert figures[0].layout.xaxis.tickfont.size == 14  # the chart's own size is kept beside the colour
    assert figures[1].layout.polar.angularaxis.tickfont.size == 14 and figures[1].layout.legend.orientation == "h"


def _checked(figure: go.Figure) -> go.Figure:
    """The figure built again by plotly with every property checked: raises on one plotly does not know."""
    return go.Figure(figure.to_dict())


def test_figures_built_in_one_go_hold_only_properties_plotly_knows():
    points = [charts.Point("janv. 2024", 2, "2", False), charts.Point("févr. 2024", 3.5, "3,5", True)]
    for figure in (charts.radar([charts.RadarSeries("A", [3, 2, 2, 3, 3], "#1F4E9E"),
                                 charts.RadarSeries("B", [1, 1, 1, 1, 1], "#D9661F", dashed=True)], title="Titre"),
                   charts.radar([charts.RadarSeries("A", [0, 1.5, 2, 3, 3], "#1F4E9E")], lang="en"),
                   charts.time_series(points, "#1F4E9E", "démo", target=4, target_label="Cible", y_range=(0, 5)),
                   charts.time_series(points[1:], "#1F4E9E", "démo", lang="en")):
        assert _checked(figure).to_plotly_json() == figure.to_plotly_json()
    # built() itself checks nothing, so the check above is what catches a misspelt property.
    misspelt = charts.built([{"type": "scatter", "y": [1], "markr": {"size": 3}}], {})
    with pytest.raises(ValueError, match="markr"):
        _checked(misspelt)

