"""The cross-experiment comparison of one indicator: latest values as bars, targets as diamonds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from qmi import palette
from qmi.draw.charts import DEMO_PATTERN, FONT, SEPARATORS, axis_title, readable
from qmi.i18n.formatting import escape

TARGET_COLOR = palette.TEXT


@dataclass(frozen=True)
class Compared:
    """One experiment: ``label`` (its name), ``detail`` (its commune, second line), latest value
    (``text`` already formatted) and its target, if any."""

    label: str
    detail: str
    value: float
    text: str
    color: str
    demo: bool
    target: float | None = None
    target_text: str = ""
    hover: str = ""


def comparison(items: Sequence[Compared], title: str, target_label: str, demo_label: str,
               lang: str = "fr") -> go.Figure:
    """Horizontal bars, first item on top, demo values hatched, a diamond at each experiment's target."""
    rows = [f"<b>{escape(i.label)}</b><br>{escape(i.detail)}" for i in items]
    figure = go.Figure(
        go.Bar(
            y=rows, x=[i.value for i in items], orientation="h", showlegend=False,
            text=[escape(i.text) for i in items], textposition="inside", insidetextanchor="start",
            textfont=dict(size=15, color=[palette.text_on(i.color) for i in items]), cliponaxis=False,
            marker=dict(color=[i.color for i in items],
                        pattern=dict(shape=[DEMO_PATTERN if i.demo else "" for i in items], fgcolor=palette.WHITE,
                                     size=10, solidity=0.15)),
            customdata=[[escape(i.label), escape(i.text), escape(i.hover)] for i in items],
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>",
        )
    )
    with_target = [(row, i) for row, i in zip(rows, items) if i.target is not None]
    if with_target:
        figure.add_trace(
            go.Scatter(
                y=[row for row, _ in with_target], x=[i.target for _, i in with_target], mode="markers",
                name=escape(target_label), showlegend=True,
                marker=dict(symbol="diamond", size=16, color=TARGET_COLOR, line=dict(color=palette.WHITE, width=2)),
                customdata=[[escape(i.label), escape(i.target_text)] for _, i in with_target],
                hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
            )
        )
    top = max([i.value for i in items] + [i.target for i in items if i.target is not None], default=1) or 1
    figure.update_layout(
        font=FONT,
        separators=SEPARATORS.get(lang, ", "),
        height=130 + 62 * len(items),
        margin=dict(l=10, r=30, t=50, b=76 if any(i.demo for i in items) and demo_label else 50),
        bargap=0.35,
        plot_bgcolor=palette.WHITE,
        legend=dict(orientation="h", y=1.0, yanchor="bottom", x=1, xanchor="right"),
        xaxis=dict(title=axis_title(title, demo_label, any(i.demo for i in items)), range=[0, top * 1.2], gridcolor=palette.GRID),
        yaxis=dict(categoryorder="array", categoryarray=rows[::-1], automargin=True, tickfont=dict(size=15)),
    )
    return readable(figure)
