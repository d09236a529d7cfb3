"""The cross-experiment comparison of one indicator: latest values as bars, targets as marks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from qmi import charts


@dataclass(frozen=True)
class Compared:
    """One experiment's latest value (already formatted in ``text``) and its target, if any."""

    label: str
    value: float
    text: str
    color: str
    demo: bool
    target: float | None = None
    target_text: str = ""
    hover: str = ""


def comparison(items: Sequence[Compared], axis_title: str, target_label: str, demo_label: str,
               lang: str = "fr") -> go.Figure:
    """Horizontal bars (first item on top; demo values hatched) with a diamond at each target."""
    top = max([i.value for i in items] + [i.target for i in items if i.target is not None], default=1)
    figure = charts.bars(
        [charts.Bar(i.label, i.value, i.text, i.color, demo=i.demo, hover=i.hover) for i in items],
        axis_title, max_value=top, demo_label=demo_label, lang=lang,
    )
    with_target = [i for i in items if i.target is not None]
    if with_target:
        figure.add_trace(
            go.Scatter(
                x=[i.target for i in with_target], y=[charts.safe(i.label) for i in with_target], mode="markers",
                name=charts.safe(target_label),
                marker=dict(symbol="diamond", size=16, color="#1B1F24", line=dict(color="#FFFFFF", width=2)),
                customdata=[[charts.safe(i.label), charts.safe(i.target_text)] for i in with_target],
                hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
            )
        )
        figure.update_layout(showlegend=True)
    return figure
