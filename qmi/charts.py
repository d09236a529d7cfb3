"""Plotly figure builders: one palette (qmi.palette), French labels passed in by the caller.

Hover labels only show text through ``hovertemplate`` placeholders fed by ``customdata``;
user text is HTML-escaped before it reaches a figure, since plotly renders hover and
axis text as HTML.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from qmi.scoring import criteria

FONT = dict(family="DejaVu Sans, Arial, sans-serif", size=16, color="#1B1F24")


def safe(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


@dataclass(frozen=True)
class RadarSeries:
    name: str
    scores: Sequence[float]  # one per criterion, in the order of qmi.scoring.criteria()
    color: str
    dashed: bool = False


def radar(series: Sequence[RadarSeries], height: int = 460, title: str | None = None, lang: str = "fr") -> go.Figure:
    """The five replicability criteria on a 0–3 scale, each level hover-labelled as in seed 004."""
    names = [c.name for c in criteria(lang)]
    colon = " :" if lang == "fr" else ":"
    figure = go.Figure()
    for s in series:
        values = list(s.scores)
        labels = [c.labels[min(3, max(0, round(v)))] for c, v in zip(criteria(lang), values)]
        figure.add_trace(
            go.Scatterpolar(
                r=values + values[:1],
                theta=names + names[:1],
                name=safe(s.name),
                fill="toself",
                opacity=0.75,
                line=dict(color=s.color, width=3, dash="dash" if s.dashed else "solid"),
                customdata=[[safe(s.name), safe(label)] for label in labels + labels[:1]],
                hovertemplate="<b>%{customdata[0]}</b><br>%{theta}" + colon + " %{r:.1f} / 3<br>%{customdata[1]}<extra></extra>",
            )
        )
    figure.update_layout(
        polar=dict(
            radialaxis=dict(range=[0, 3], tickvals=[0, 1, 2, 3], tickfont=dict(size=13), angle=90),
            angularaxis=dict(tickfont=dict(size=15)),
        ),
        font=FONT,
        height=height,
        margin=dict(l=70, r=70, t=60 if title else 30, b=30),
        showlegend=len(series) > 1,
        legend=dict(orientation="h", y=-0.1),
        title=safe(title) if title else None,
    )
    return figure
