"""Figure and map builders: plotly charts and folium maps, from plain values."""

TRACE_TYPES = ("bar", "pie", "scatter", "scatterpolar", "sunburst")  # every kind of trace a builder draws
