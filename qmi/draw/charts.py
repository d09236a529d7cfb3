"""Plotly figure builders: one palette (qmi.palette), French labels passed in by the caller.

Hover labels only show text through ``hovertemplate`` placeholders fed by ``customdata``;
user text is HTML-escaped before it reaches a figure, since plotly renders hover and
axis text as HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from qmi import palette
from qmi.domain.scoring import criteria
from qmi.domain.values import is_missing
from qmi.i18n.formatting import colon, escape

FONT = dict(family="DejaVu Sans, Arial, sans-serif", size=16, color=palette.TEXT)


def readable(figure: go.Figure) -> go.Figure:
    """Every axis and legend text of ``figure`` in the palette's text colour: Streamlit's chart theme
    draws the ones a figure leaves unset in a grey that reads at about 3.7:1 on white (WCAG asks 4.5:1)."""
    text = dict(color=palette.TEXT)
    figure.update_xaxes(tickfont=text, title_font=text)
    figure.update_yaxes(tickfont=text, title_font=text)
    figure.update_polars(radialaxis_tickfont=text, angularaxis_tickfont=text)
    figure.update_layout(legend_font=text, legend_title_font=text)
    return figure


def data_rows(figure: go.Figure) -> list[tuple[str, str, object]]:
    """What ``figure`` draws, as (series, label, value) rows: the table beside a chart for people who cannot
    see it. Labels are read as shown (markup removed, escaped text restored); a trace of targets is a series."""
    rows = []
    for trace in figure.data:
        if trace.type in ("pie", "sunburst"):
            pairs = zip(trace.labels or (), trace.values or ())
        elif trace.type == "scatterpolar":
            pairs = zip(trace.theta or (), trace.r or ())
        elif getattr(trace, "orientation", None) == "h":
            pairs = zip(trace.y or (), trace.x or ())
        else:
            pairs = zip(trace.x or (), trace.y or ())
        series = _shown(trace.name or "")
        rows += [(series, _shown(label), value) for label, value in pairs]
    return rows


def _shown(text: object) -> str:
    return html.unescape(re.sub(r"<br\s*/?>", " ", re.sub(r"</?(b|i|span)[^>]*>", "", str(text)))).strip()


def _wrap(label: str, width: int = 16) -> str:
    """Break a long axis label on two lines (at the space nearest its middle) so the radar keeps its size."""
    if len(label) <= width or " " not in label:
        return escape(label)
    middle = len(label) // 2
    cut = min((i for i, ch in enumerate(label) if ch == " "), key=lambda i: abs(i - middle))
    return escape(label[:cut]) + "<br>" + escape(label[cut + 1:])


def _rgba(color: str, alpha: float) -> str:
    red, green, blue = (int(color.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({red}, {green}, {blue}, {alpha})"


@dataclass(frozen=True)
class RadarSeries:
    name: str
    scores: Sequence[float]  # one per criterion, in the order of qmi.domain.scoring.criteria()
    color: str
    dashed: bool = False


def radar(series: Sequence[RadarSeries], height: int = 460, title: str | None = None, lang: str = "fr",
          side_margin: int = 110) -> go.Figure:
    """The five replicability criteria on a 0–3 scale, each level hover-labelled as in seed 004."""
    names = [_wrap(c.name) for c in criteria(lang)]
    figure = go.Figure()
    for s in series:
        values = list(s.scores)
        labels = [c.labels[min(3, max(0, round(v)))] for c, v in zip(criteria(lang), values)]
        figure.add_trace(
            go.Scatterpolar(
                r=values + values[:1],
                theta=names + names[:1],
                name=escape(s.name),
                fill="toself",
                fillcolor=_rgba(s.color, 0.45 if len(series) == 1 else 0.12),
                line=dict(color=s.color, width=3, dash="dash" if s.dashed else "solid"),
                marker=dict(size=8),
                customdata=[[escape(s.name), escape(label)] for label in labels + labels[:1]],
                hovertemplate="<b>%{customdata[0]}</b><br>%{theta}" + colon(lang) + "%{r:.1f} / 3<br>%{customdata[1]}<extra></extra>",
            )
        )
    figure.update_layout(
        polar=dict(
            radialaxis=dict(range=[0, 3], tickvals=[0, 1, 2, 3], tickfont=dict(size=13), angle=126),
            angularaxis=dict(tickfont=dict(size=15), rotation=90, direction="clockwise"),
        ),
        font=FONT,
        height=height,
        margin=dict(l=side_margin, r=side_margin, t=80 if title else 50, b=40),
        showlegend=len(series) > 1,
        legend=dict(orientation="h", y=-0.1),
        title=escape(title) if title else None,
    )
    return readable(figure)


# --- bars, time series (experiments and replicability pages) ----------------------------------

SEPARATORS = {"fr": ", ", "en": ".,"}  # plotly: decimal mark then thousands separator
DEMO_PATTERN = "/"


@dataclass(frozen=True)
class Bar:
    """One horizontal bar. ``text`` is the value already formatted for the reader (« 9,5 / 15 »)."""

    label: str
    value: float
    text: str
    color: str
    group: str = ""  # legend entry (e.g. « Édition 1 »); bars of one group share a trace
    demo: bool = False
    hover: str = ""  # an extra hover line (e.g. the commune)


def bars(items: Sequence[Bar], axis_title: str, max_value: float | None = None, demo_label: str = "",
         height: int | None = None, lang: str = "fr") -> go.Figure:
    """Horizontal bars, first item on top; demo values hatched, with a note naming the hatching."""
    order = [_wrap(item.label, 28) for item in items]
    figure = go.Figure()
    groups = list(dict.fromkeys(item.group for item in items))
    for group in groups:
        members = [item for item in items if item.group == group]
        figure.add_trace(
            go.Bar(
                y=[_wrap(m.label, 28) for m in members],
                x=[m.value for m in members],
                orientation="h",
                name=escape(group),
                text=[escape(m.text) for m in members],
                textposition="outside",
                textfont=dict(size=15),
                cliponaxis=False,
                marker=dict(
                    color=[m.color for m in members],
                    pattern=dict(shape=[DEMO_PATTERN if m.demo else "" for m in members],
                                 fgcolor=palette.WHITE, size=8, solidity=0.25),
                ),
                customdata=[[escape(m.label), escape(m.text), escape(m.hover)] for m in members],
                hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>",
            )
        )
    any_demo = any(item.demo for item in items)
    figure.update_layout(
        font=FONT,
        separators=SEPARATORS.get(lang, ", "),
        height=height or max(260, 90 + 34 * len(items)),
        margin=dict(l=10, r=90, t=30 if any_demo else 10, b=50),
        barmode="overlay",
        bargap=0.25,
        showlegend=len(groups) > 1 or bool(groups and groups[0]),
        legend=dict(orientation="h", y=1.02, yanchor="bottom", x=1, xanchor="right"),
        xaxis=dict(title=escape(axis_title), gridcolor=palette.GRID, dtick=max_value / 5 if max_value else None,
                   range=[0, max_value or max((i.value for i in items), default=1) * 1.12]),
        yaxis=dict(categoryorder="array", categoryarray=order[::-1], automargin=True,
                   tickfont=dict(size=15, color=FONT["color"])),
        plot_bgcolor=palette.WHITE,
    )
    if any_demo and demo_label:
        figure.add_annotation(text=f"▨ {escape(demo_label)}", xref="paper", yref="paper", x=0, y=1.0,
                              xanchor="left", yanchor="bottom", showarrow=False, font=dict(size=14, color=palette.DEMO_TEXT),
                              bgcolor=palette.DEMO_FILL, bordercolor=palette.DEMO_BORDER, borderwidth=1)
    return readable(figure)


@dataclass(frozen=True)
class Point:
    """One dated value. ``label`` is the period already formatted (« janv. 2024 »), ``text`` the value."""

    label: str
    value: float
    text: str
    demo: bool = False


def time_series(points: Sequence[Point], color: str, demo_label: str = "", target: float | None = None,
                target_label: str = "", y_range: Sequence[float] | None = None, y_title: str = "",
                height: int = 320, lang: str = "fr") -> go.Figure:
    """A line over periods; demo points are hollow on a dotted line and the chart says so."""
    labels = [escape(p.label) for p in points]
    all_demo = bool(points) and all(p.demo for p in points)
    figure = go.Figure(
        go.Scatter(x=labels, y=[p.value for p in points], mode="lines", showlegend=False, hoverinfo="skip",
                   line=dict(color=color, width=3, dash="dot" if all_demo else "solid"))
    )
    for demo in (False, True):
        chosen = [p for p in points if p.demo == demo]
        if not chosen:
            continue
        figure.add_trace(
            go.Scatter(
                x=[escape(p.label) for p in chosen], y=[p.value for p in chosen], mode="markers+text",
                name=escape(demo_label) if demo else "",
                showlegend=False,
                text=[escape(p.text) for p in chosen], textposition="top center", textfont=dict(size=14),
                marker=dict(size=13, color=color, line=dict(color=color, width=3),
                            symbol="circle-open" if demo else "circle"),
                customdata=[[escape(p.label), escape(p.text), escape(demo_label) if demo else ""] for p in chosen],
                hovertemplate="%{customdata[0]}" + colon(lang) + "<b>%{customdata[1]}</b><br>%{customdata[2]}<extra></extra>",
            )
        )
    if target is not None:
        figure.add_hline(y=target, line=dict(color=palette.MUTED_TEXT, width=2, dash="dash"),
                         annotation_text=escape(target_label), annotation_position="top left",
                         annotation_font=dict(size=13, color=palette.MUTED_TEXT))
    values = [p.value for p in points] + ([target] if target is not None else [])
    top = max(values, default=1)
    figure.update_layout(
        font=FONT,
        separators=SEPARATORS.get(lang, ", "),
        height=height,
        margin=dict(l=10, r=10, t=40, b=40),
        plot_bgcolor=palette.WHITE,
        xaxis=dict(type="category", categoryorder="array", categoryarray=labels, tickfont=dict(size=14)),
        yaxis=dict(range=list(y_range) if y_range else [0, top * 1.2 if top > 0 else 1], title=escape(y_title),
                   gridcolor=palette.GRID, rangemode="tozero"),
    )
    if any(p.demo for p in points) and demo_label:
        figure.add_annotation(text=f"○ {escape(demo_label)}", xref="paper", yref="paper", x=1, y=1.02,
                              xanchor="right", yanchor="bottom", showarrow=False, font=dict(size=13, color=palette.DEMO_TEXT),
                              bgcolor=palette.DEMO_FILL, bordercolor=palette.DEMO_BORDER, borderwidth=1)
    return readable(figure)


# --- Thématiques, communes, événements (challenge mix, shares, Communauté timeline) ----------

def _challenge_label(code: object, name: object, lang: str) -> str:
    from qmi.i18n import t
    from qmi.i18n.labels import challenge_name

    if code is None or is_missing(code):
        return escape(t("common.unclassified", lang))
    return escape(challenge_name(code, lang, None if is_missing(name) else name))


def _challenge_order(counts) -> list:
    """Challenges in the order of the palette (seed 003's list), the unclassified last."""
    from qmi.palette import CHALLENGE_COLORS

    present = [None if is_missing(c) else c for c in dict.fromkeys(counts["challenge_code"])]
    others = sorted(c for c in present if c is not None and c not in CHALLENGE_COLORS)
    return [c for c in CHALLENGE_COLORS if c in present] + others + ([None] if None in present else [])


def busiest_communes(counts, limit: int):
    """The rows of ``counts`` for the ``limit`` communes with the most experiments (ties by name):
    one bar per commune stays readable for a few dozen communes, not for hundreds."""
    totals = counts.groupby(["commune_insee", "commune"], as_index=False)["projects"].sum()
    kept = totals.sort_values(["projects", "commune"], ascending=[False, True]).head(limit)["commune_insee"]
    return counts[counts["commune_insee"].isin(kept)]


def challenge_bars(counts, lang: str = "fr", height: int | None = None) -> go.Figure:
    """Experiments per commune, stacked by urban challenge; the proposed part of each bar is hatched.

    ``counts``: rows of ``qmi.queries.themes.challenge_counts`` (commune, edition_id,
    challenge_code, challenge, projects, proposed).
    """
    from qmi.i18n import t
    from qmi.palette import challenge_color

    communes = list(dict.fromkeys(
        f"{escape(r.commune)} ({t('themes.edition_short', lang, n=int(r.edition_id))})"
        for r in counts.sort_values(["edition_id", "commune"], ascending=[False, False]).itertuples()
    ))
    figure = go.Figure()
    for code in _challenge_order(counts):
        rows = counts[counts["challenge_code"].isna()] if code is None else counts[counts["challenge_code"] == code]
        name = _challenge_label(code, rows.iloc[0]["challenge"], lang)
        labels = [f"{escape(r.commune)} ({t('themes.edition_short', lang, n=int(r.edition_id))})" for r in rows.itertuples()]
        # legend swatch: a solid, empty trace (a hatched swatch can render blank in browsers)
        figure.add_trace(go.Bar(y=labels[:1], x=[0], orientation="h", name=name, legendgroup=name,
                                marker=dict(color=challenge_color(code)), hoverinfo="skip"))
        for part, column in (("sourced", None), ("proposed", "proposed")):
            values = rows["proposed"] if column else rows["projects"] - rows["proposed"]
            if not (values > 0).any():
                continue
            status = escape(t(f"themes.part_{part}", lang))
            figure.add_trace(go.Bar(
                y=labels, x=values.tolist(), orientation="h", name=name, legendgroup=name, showlegend=False,
                marker=dict(color=challenge_color(code), line=dict(color=palette.WHITE, width=1),
                            pattern=dict(shape="/" if part == "proposed" else "", fgcolor=palette.WHITE, size=8,
                                         fillmode="overlay")),
                customdata=[[name, status] for _ in labels],
                hovertemplate="<b>%{y}</b><br>%{customdata[0]}<br>%{customdata[1]}" + colon(lang) + "%{x}<extra></extra>",
            ))
    figure.update_layout(
        barmode="stack", font=FONT, height=height or max(320, 70 * len(communes) + 140),
        margin=dict(l=10, r=10, t=20, b=10),
        xaxis=dict(title=escape(t("themes.axis_projects", lang)), dtick=1, gridcolor=palette.GRID),
        yaxis=dict(categoryorder="array", categoryarray=communes, tickfont=dict(size=16)),
        legend=dict(orientation="h", y=-0.22, yanchor="top", font=dict(size=14)),
        plot_bgcolor=palette.WHITE,
    )
    return readable(figure)


def challenge_sunburst(counts, lang: str = "fr", height: int = 560) -> go.Figure:
    """Edition → urban challenge → commune, sized by the number of experiments."""
    from qmi.i18n import t
    from qmi.palette import EDITION_COLORS, challenge_color

    ids, labels, parents, values, colors, hover = [], [], [], [], [], []
    for edition_id, edition_rows in counts.groupby("edition_id", sort=True):
        edition = f"e{int(edition_id)}"
        ids.append(edition)
        labels.append(escape(t("common.edition", lang, n=int(edition_id))))
        parents.append("")
        values.append(int(edition_rows["projects"].sum()))
        colors.append(EDITION_COLORS.get(int(edition_id), palette.UNCLASSIFIED_COLOR))
        hover.append(labels[-1])
        for code in _challenge_order(edition_rows):
            rows = edition_rows[edition_rows["challenge_code"].isna()] if code is None else \
                edition_rows[edition_rows["challenge_code"] == code]
            challenge = f"{edition}/{code or '-'}"
            name = _challenge_label(code, rows.iloc[0]["challenge"], lang)
            ids.append(challenge)
            labels.append(name)
            parents.append(edition)
            values.append(int(rows["projects"].sum()))
            colors.append(challenge_color(code))
            hover.append(name)
            for r in rows.itertuples():
                ids.append(f"{challenge}/{r.commune_insee}")
                labels.append(escape(r.commune))
                parents.append(challenge)
                values.append(int(r.projects))
                colors.append(challenge_color(code))
                hover.append(f"{name} — {escape(r.commune)}")
    figure = go.Figure(go.Sunburst(
        ids=ids, labels=labels, parents=parents, values=values, branchvalues="total",
        marker=dict(colors=colors, line=dict(color=palette.WHITE, width=2)), leaf=dict(opacity=1),
        textfont=dict(color=[palette.text_on(c) for c in colors]),
        insidetextorientation="radial", customdata=hover,
        hovertemplate="<b>%{customdata}</b><br>%{value} " + escape(t("themes.axis_projects", lang).lower()) + "<extra></extra>",
    ))
    figure.update_layout(font=FONT, height=height, margin=dict(l=10, r=10, t=10, b=10),
                         uniformtext=dict(minsize=13, mode="hide"))
    return readable(figure)


def share_comparison(table, lang: str = "fr", height: int | None = None) -> go.Figure:
    """Per urban challenge: the report's shares (projects, applications) beside the store's computed share.

    ``table``: rows of ``qmi.queries.themes.share_comparison``. The computed bars are hatched:
    they rest mostly on a proposed classification.
    """
    from qmi.i18n import t
    from qmi.i18n.formatting import percent
    from qmi.palette import EDITION_COLORS, EDITION_LIGHT

    names = [_challenge_label(r.challenge_code, r.challenge, lang) for r in table.itertuples()]
    series = (
        ("published_projects", EDITION_COLORS[1], ""),
        ("published_applications", EDITION_LIGHT[1], ""),
        ("computed", palette.MUTED_TEXT, "/"),
    )
    figure = go.Figure()
    for column, color, pattern in series:
        shares = [None if is_missing(v) else float(v) for v in table[column]]
        label = escape(t(f"themes.series_{column}", lang))
        figure.add_trace(go.Bar(
            y=names, x=shares, orientation="h", name=label,
            marker=dict(color=color, pattern=dict(shape=pattern, fgcolor=palette.WHITE, size=8, fillmode="overlay")),
            text=[percent(s, lang) if s is not None else "" for s in shares], textposition="outside",
            customdata=[[label, percent(s, lang)] for s in shares],
            hovertemplate="<b>%{y}</b><br>%{customdata[0]}" + colon(lang) + "%{customdata[1]}<extra></extra>",
        ))
    top = max([float(v) for c, _, _ in series for v in table[c] if not is_missing(v)] or [0.1])
    figure.update_layout(
        barmode="group", font=FONT, height=height or max(380, 95 * len(names) + 120),
        margin=dict(l=10, r=30, t=20, b=10), bargap=0.25, plot_bgcolor=palette.WHITE,
        xaxis=dict(tickformat=".0%", range=[0, top * 1.25], gridcolor=palette.GRID,
                   title=escape(t("themes.axis_share", lang))),
        yaxis=dict(autorange="reversed", tickfont=dict(size=15)),
        legend=dict(orientation="h", y=-0.12, font=dict(size=14)),
        separators=", " if lang == "fr" else ".,",
    )
    return readable(figure)


def event_timeline(meetings, lang: str = "fr", height: int = 420) -> go.Figure:
    """The Communauté meetings on a time axis, sized by attendance; a meeting the documents date
    twice shows both dates as open markers joined by a dashed line."""
    from datetime import date, timedelta

    from qmi.i18n import t
    from qmi.i18n.formatting import day, number
    from qmi.palette import EDITION_COLORS, TEXT

    figure = go.Figure()
    hosts = list(dict.fromkeys(meetings["host_name"]))
    for _key, rows in meetings.groupby("event_key", sort=False):
        disputed = int(rows["dates"].iloc[0]) > 1
        color = EDITION_COLORS.get(int(rows["host_edition"].iloc[0]), TEXT)
        host = escape(rows["host_name"].iloc[0])
        when = [day(d, lang, p) for d, p in zip(rows["held_on"], rows["date_precision"])]
        people = [t("events.people", lang, n=number(a, lang, 0)) if not is_missing(a) else "–" for a in rows["attendance"]]
        text = [f"{w}<br>{p}" + (f"<br>⚠ {escape(t('events.date_disputed_short', lang))}" if disputed else "")
                for w, p in zip(when, people)]
        figure.add_trace(go.Scatter(
            x=list(rows["held_on"]), y=[host] * len(rows), name=host, showlegend=False,
            mode="lines+markers+text" if disputed else "markers+text",
            line=dict(color=color, dash="dash", width=2),
            marker=dict(size=[18 + 0.25 * (a if not is_missing(a) else 0) for a in rows["attendance"]],
                        color=color, line=dict(color=color, width=4),
                        symbol="circle-open" if disputed else "circle"),
            text=text, textposition="top center", textfont=dict(size=14, color=TEXT),
            customdata=[[host, w, escape(f), p] for w, f, p in zip(when, rows["format"], people)],
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<br>%{customdata[3]}<extra></extra>",
        ))
    first, last = min(meetings["held_on"]), max(meetings["held_on"])
    years = [date(y, 1, 1) for y in range(first.year, last.year + 2)]
    figure.update_layout(
        font=FONT, height=height, margin=dict(l=10, r=30, t=30, b=10), plot_bgcolor=palette.WHITE,
        xaxis=dict(tickvals=years, ticktext=[str(y.year) for y in years], gridcolor=palette.BACKGROUND_LINE, tickfont=dict(size=16),
                   range=[date(first.year, 1, 1) - timedelta(days=20), max(date(last.year, 12, 31), last + timedelta(days=150))]),
        yaxis=dict(categoryorder="array", categoryarray=hosts[::-1], tickfont=dict(size=16),
                   range=[-0.6, len(hosts) - 0.2]),
    )
    return readable(figure)


def challenge_donut(mix, lang: str = "fr", height: int = 440) -> go.Figure:
    """One commune's experiments by urban challenge (rows of ``qmi.queries.communes.thematic_mix``)."""
    from qmi.palette import challenge_color

    codes = _challenge_order(mix)
    rows = [mix[mix["challenge_code"].isna()] if c is None else mix[mix["challenge_code"] == c] for c in codes]
    names = [_challenge_label(c, r.iloc[0]["challenge"], lang) for c, r in zip(codes, rows)]
    figure = go.Figure(go.Pie(
        labels=names, values=[int(r["projects"].sum()) for r in rows], hole=0.45, sort=False, direction="clockwise",
        marker=dict(colors=[challenge_color(c) for c in codes], line=dict(color=palette.WHITE, width=2)),
        textinfo="value", textfont=dict(size=18, color=[palette.text_on(challenge_color(c)) for c in codes]),
        hovertemplate="<b>%{label}</b><br>%{value}<extra></extra>",
    ))
    figure.update_layout(font=FONT, height=height, margin=dict(l=10, r=10, t=10, b=10),
                         legend=dict(orientation="h", y=-0.05, font=dict(size=14)))
    return readable(figure)
