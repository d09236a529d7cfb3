"""Figure and map builders: plotly charts and folium maps, from plain values.

Every plotly figure uses the ``qmi`` template: plotly's own, less what only other kinds of chart read
(3-D scenes, ternary and geographic plots, colour scales, the defaults of trace types none of ours is).
Plotly's full template was 7 KB of a record chart's 8 KB, copied, hashed and sent on every page run.
"""

import plotly.io as pio

TRACE_TYPES = ("bar", "pie", "scatter", "scatterpolar", "sunburst")  # every kind of trace a builder draws
_UNUSED_LAYOUT = ("coloraxis", "colorscale", "geo", "scene", "ternary")


def _template() -> dict:
    plotly = pio.templates["plotly"].to_plotly_json()
    return {"data": {kind: traces for kind, traces in plotly["data"].items() if kind in TRACE_TYPES},
            "layout": {name: value for name, value in plotly["layout"].items() if name not in _UNUSED_LAYOUT}}


pio.templates["qmi"] = _template()
pio.templates.default = "qmi"
