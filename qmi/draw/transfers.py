"""The chart of a transfer: each shared indicator's progress to target in the original commune and in the
receiving one, side by side (rows of ``qmi.queries.transfers.before_after``)."""

from __future__ import annotations

import plotly.graph_objects as go

from qmi import palette
from qmi.domain.values import is_missing
from qmi.draw.charts import BAR_WRAP, DEMO_PATTERN, FONT, SEPARATORS, _break, axis_title, readable
from qmi.i18n import t
from qmi.i18n.formatting import colon, escape, percent


def paired_progress(table, names: dict[str, str], origin: str, receiving: str, lang: str = "fr") -> go.Figure:
    """Horizontal bars, two per indicator (``names``: code → name in ``lang``): the origin's progress in the
    first edition's colour, the receiving commune's in the second's; demo values hatched. A side not yet
    measured has no bar (the table beside the chart says « pas encore mesuré »)."""
    labels = [_break(escape(names.get(code, code)), BAR_WRAP) for code in table["indicator_code"]]
    figure = go.Figure()
    shown = []
    for side, commune, color in (("a", origin, palette.EDITION_COLORS[1]), ("b", receiving, palette.EDITION_COLORS[2])):
        values = [None if is_missing(v) else float(v) for v in table[f"{side}_progress"]]
        shown += [v for v in values if v is not None]
        demo = [bool(d) for d in table[f"{side}_demo"]]
        name = escape(commune)
        figure.add_trace(go.Bar(
            y=labels, x=values, orientation="h", name=name,
            # one colour per bar: with a single colour and a pattern per bar, Streamlit's plotly.js draws no fill
            marker=dict(color=[color] * len(values), pattern=dict(shape=[DEMO_PATTERN if d else "" for d in demo],
                                                  fgcolor=palette.WHITE, size=8, solidity=0.25)),
            text=[percent(v, lang) if v is not None else "" for v in values], textposition="outside", cliponaxis=False,
            customdata=[[name, percent(v, lang) if v is not None else ""] for v in values],
            hovertemplate="<b>%{y}</b><br>%{customdata[0]}" + colon(lang) + "%{customdata[1]}<extra></extra>",
        ))
    low, high = min([0.0, *shown]), max([1.0, *shown])
    figure.update_layout(
        barmode="group", font=FONT, height=max(300, 110 * len(labels) + 140), bargap=0.3,
        margin=dict(l=10, r=70, t=20, b=90), plot_bgcolor=palette.WHITE, separators=SEPARATORS.get(lang, ", "),
        xaxis=dict(tickformat=".0%", range=[low * 1.15, high * 1.2], gridcolor=palette.GRID, zeroline=True,
                   zerolinecolor=palette.BACKGROUND_LINE,
                   title=axis_title(t("transfers.chart", lang), t("common.demo_badge", lang),
                                    bool(table["a_demo"].any() or table["b_demo"].any()))),
        yaxis=dict(autorange="reversed", tickfont=dict(size=15), automargin=True),
        legend=dict(orientation="h", y=1.0, yanchor="bottom", x=0, font=dict(size=14)),
    )
    return readable(figure)
