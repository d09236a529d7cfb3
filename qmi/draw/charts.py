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
from typing import NamedTuple

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
    # One update of nested dicts: plotly's « magic underscore » updates (update_xaxes(title_font=…)) parse
    # each path, and cost a third of building a chart.
    axes = {name: dict(tickfont=text, title=dict(font=text)) for name in figure.layout
            if name.startswith(("xaxis", "yaxis"))}
    polars = {name: dict(radialaxis=dict(tickfont=text), angularaxis=dict(tickfont=text)) for name in figure.layout
              if name.startswith("polar")}
    figure.update_layout(**axes, **polars, legend=dict(font=text, title=dict(font=text)))
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
    one_line = re.sub(r"<br\s*/?>", " ", re.sub(r"-<br\s*/?>", "-", str(text)))  # a name cut after a hyphen joins up
    return html.unescape(re.sub(r"</?(b|i|span)\b[^>]*>", "", one_line)).strip()


def _wrap(label: str, width: int = 16) -> str:
    """Break a long axis label on two lines (at the space nearest its middle) so the radar keeps its size."""
    return _break(escape(label), width) if len(label) > width else escape(label)


def _break(text: str, width: int) -> str:
    """An escaped label longer than ``width`` on two lines, cut at the space nearest its middle."""
    if len(text) <= width or " " not in text:
        return text
    middle = len(text) // 2
    cut = min((i for i, ch in enumerate(text) if ch == " "), key=lambda i: abs(i - middle))
    return text[:cut] + "<br>" + text[cut + 1:]



def built(data: list[dict], layout: dict) -> go.Figure:
    """A figure built in one go from plain dicts, made :func:`readable` as it is built: plotly's
    step-by-step updates (add_trace, add_hline, update_layout) cost several times as much, and a record
    page builds several charts. Plotly does not check the properties here (12 ms a chart, 20× the build
    itself): ``tests/unit/test_charts.py`` checks every figure built this way."""
    text = dict(color=palette.TEXT)
    readable_parts = {"xaxis": dict(tickfont=text, title=dict(font=text)), "yaxis": dict(tickfont=text, title=dict(font=text)),
                      "polar": dict(radialaxis=dict(tickfont=text), angularaxis=dict(tickfont=text)),
                      "legend": dict(font=text, title=dict(font=text))}
    layout = {name: value for name, value in layout.items() if value is not None and value != []}  # unset, as plotly reads them
    return go.Figure(data=data, layout=layout | {name: _merged(layout.get(name) or {}, part)
                                                 for name, part in readable_parts.items()}, _validate=False)


def _merged(base: dict, extra: dict) -> dict:
    """``base`` with ``extra`` set into it, nested dicts merged (as plotly's update does)."""
    merged = dict(base)
    for key, value in extra.items():
        merged[key] = _merged(merged.get(key) or {}, value) if isinstance(value, dict) else value
    return merged

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
    traces = []
    for s in series:
        values = list(s.scores)
        labels = [c.labels[min(3, max(0, round(v)))] for c, v in zip(criteria(lang), values)]
        traces.append(dict(
            type="scatterpolar", r=values + values[:1], theta=names + names[:1], name=escape(s.name), fill="toself",
            fillcolor=_rgba(s.color, 0.45 if len(series) == 1 else 0.12),
            line=dict(color=s.color, width=3, dash="dash" if s.dashed else "solid"), marker=dict(size=8),
            customdata=[[escape(s.name), escape(label)] for label in labels + labels[:1]],
            hovertemplate="<b>%{customdata[0]}</b><br>%{theta}" + colon(lang) + "%{r:.1f} / 3<br>%{customdata[1]}<extra></extra>",
        ))
    layout = dict(
        polar=dict(
            radialaxis=dict(range=[0, 3], tickvals=[0, 1, 2, 3], tickfont=dict(size=13), angle=126),
            angularaxis=dict(tickfont=dict(size=14), rotation=90, direction="clockwise"),
        ),
        font=FONT, height=height, margin=dict(l=side_margin, r=side_margin, t=80 if title else 50, b=40),
        showlegend=len(series) > 1, legend=dict(orientation="h", y=-0.1),
        title=dict(text=escape(title)) if title else None,
    )
    return built(traces, layout)


# --- bars, time series (experiments and replicability pages) ----------------------------------

SEPARATORS = {"fr": ", ", "en": ".,"}  # plotly: decimal mark then thousands separator
DEMO_PATTERN = "/"
DEMO_KEY = "▨"  # the hatching, as the key names it


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


BAR_LINE = 20  # px: one line of a bar's 15 px label (plotly spaces lines 1.3 em apart)
LEGEND_LINE = 32  # px: one line of a 14 px legend (plotly spaces its rows about 31 px apart)
BAR_WRAP = 18  # characters: longer bar labels go on two lines, which leaves the bars room on a phone


def _bar_pitch(labels: Sequence[str]) -> float:
    """Px per bar: 34, or room for two neighbouring labels' lines (half of each is above or below
    its bar) and a gap. Categories are evenly spaced, so the widest pair sets the pitch: labels never touch."""
    lines = [label.count("<br>") + 1 for label in labels]
    pairs = [(upper + lower) / 2 for upper, lower in zip(lines, lines[1:])] or lines or [1]
    return max(34, BAR_LINE * max(pairs) + 8)


def axis_title(title: str, demo_label: str = "", demo: bool = False) -> str:
    """A bar chart's value-axis title, with the key to the hatching on a second line when demo
    values are drawn: under the chart it has the chart's width, where a note over the bars was cut."""
    text = escape(title)
    if demo and demo_label:
        text += f"<br><span style='color:{palette.DEMO_TEXT}'>{DEMO_KEY} {escape(demo_label)}</span>"
    return text


def bars(items: Sequence[Bar], title: str, max_value: float | None = None, demo_label: str = "",
         height: int | None = None, lang: str = "fr") -> go.Figure:
    """Horizontal bars, first item on top; demo values hatched, with a note naming the hatching."""
    order = [_wrap(item.label, BAR_WRAP) for item in items]
    figure = go.Figure()
    groups = list(dict.fromkeys(item.group for item in items))
    for group in groups:
        members = [item for item in items if item.group == group]
        figure.add_trace(
            go.Bar(
                y=[_wrap(m.label, BAR_WRAP) for m in members],
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
        height=height or max(260, round(90 + len(order) * _bar_pitch(order))),
        margin=dict(l=10, r=70, t=10, b=76 if any_demo and demo_label else 50),
        barmode="overlay",
        bargap=0.25,
        showlegend=len(groups) > 1 or bool(groups and groups[0]),
        legend=dict(orientation="h", y=1.02, yanchor="bottom", x=1, xanchor="right"),
        xaxis=dict(title=axis_title(title, demo_label, any_demo), gridcolor=palette.GRID, dtick=max_value / 5 if max_value else None,
                   range=[0, max_value or max((i.value for i in items), default=1) * 1.12]),
        yaxis=dict(categoryorder="array", categoryarray=order[::-1], automargin=True,
                   tickfont=dict(size=15, color=FONT["color"])),
        plot_bgcolor=palette.WHITE,
    )
    return readable(figure)


class Point(NamedTuple):
    """One dated value. ``label`` is the period already formatted (« janv. 2024 »), ``text`` the value.
    A named tuple: a chart's points are its cache key (``qmi.ui.figure``), hashed on every run, and
    Streamlit hashes a tuple in half the time of a dataclass."""

    label: str
    value: float
    text: str
    demo: bool = False


def time_series(points: Sequence[Point], color: str, demo_label: str = "", target: float | None = None,
                target_label: str = "", y_range: Sequence[float] | None = None,
                height: int = 320, lang: str = "fr") -> go.Figure:
    """A line over periods; demo points are hollow on a dotted line and the chart says so."""
    labels = [escape(p.label) for p in points]
    all_demo = bool(points) and all(p.demo for p in points)
    traces = [dict(type="scatter", x=labels, y=[p.value for p in points], mode="lines", showlegend=False,
                   hoverinfo="skip", line=dict(color=color, width=3, dash="dot" if all_demo else "solid"))]
    for demo in (False, True):
        chosen = [p for p in points if p.demo == demo]
        if not chosen:
            continue
        traces.append(dict(
            type="scatter", x=[escape(p.label) for p in chosen], y=[p.value for p in chosen], mode="markers+text",
            name=escape(demo_label) if demo else "", showlegend=False,
            text=[escape(p.text) for p in chosen], textposition="top center", textfont=dict(size=14),
            marker=dict(size=13, color=color, line=dict(color=color, width=3), symbol="circle-open" if demo else "circle"),
            customdata=[[escape(p.label), escape(p.text), escape(demo_label) if demo else ""] for p in chosen],
            hovertemplate="%{customdata[0]}" + colon(lang) + "<b>%{customdata[1]}</b><br>%{customdata[2]}<extra></extra>",
        ))
    shapes, annotations = [], []
    if target is not None:  # what figure.add_hline(y=target, annotation_position="top left") draws
        shapes.append(dict(type="line", xref="x domain", x0=0, x1=1, yref="y", y0=target, y1=target,
                           line=dict(color=palette.MUTED_TEXT, width=2, dash="dash")))
        annotations.append(dict(text=escape(target_label), showarrow=False, xref="x domain", x=0, xanchor="left",
                                yref="y", y=target, yanchor="bottom", font=dict(size=13, color=palette.MUTED_TEXT)))
    if any(p.demo for p in points) and demo_label:
        annotations.append(dict(text=f"○ {escape(demo_label)}", xref="paper", yref="paper", x=1, y=1.02,
                                xanchor="right", yanchor="bottom", showarrow=False,
                                font=dict(size=13, color=palette.DEMO_TEXT), bgcolor=palette.DEMO_FILL,
                                bordercolor=palette.DEMO_BORDER, borderwidth=1))
    values = [p.value for p in points] + ([target] if target is not None else [])
    top = max(values, default=1)
    layout = dict(
        font=FONT, separators=SEPARATORS.get(lang, ", "), height=height, margin=dict(l=10, r=10, t=40, b=40),
        plot_bgcolor=palette.WHITE, shapes=shapes, annotations=annotations,
        xaxis=dict(type="category", categoryorder="array", categoryarray=labels, tickfont=dict(size=14)),
        yaxis=dict(range=list(y_range) if y_range else [0, top * 1.2 if top > 0 else 1],
                   gridcolor=palette.GRID, rangemode="tozero"),
    )
    return built(traces, layout)


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


COMMUNE_TICK_WIDTH = 18  # characters a line of a commune's name on a bar chart's axis


def _commune_tick(commune: str, edition_id: object, lang: str) -> str:
    """A commune's axis label: its name on lines of about :data:`COMMUNE_TICK_WIDTH` characters (at a
    space, else after a hyphen), its edition on the last line, so the bars keep most of a phone's width."""
    from qmi.i18n import t

    words = [escape(part) for part in re.split(r"(?<=-)|\s+", str(commune)) if part]
    lines = [""]
    for word in words:
        joined = lines[-1] + ("" if not lines[-1] or lines[-1].endswith("-") else " ") + word
        if lines[-1] and len(html.unescape(joined)) > COMMUNE_TICK_WIDTH:
            lines.append(word)
        else:
            lines[-1] = joined
    return "<br>".join([*lines, f"({t('themes.edition_short', lang, n=int(edition_id))})"])


def challenge_bars(counts, lang: str = "fr", height: int | None = None) -> go.Figure:
    """Experiments per commune, stacked by urban challenge; the proposed part of each bar is hatched.

    ``counts``: rows of ``qmi.queries.themes.challenge_counts`` (commune, edition_id,
    challenge_code, challenge, projects, proposed).
    """
    from qmi.i18n import t
    from qmi.palette import challenge_color

    counts = counts.assign(tick=[_commune_tick(r.commune, r.edition_id, lang) for r in counts.itertuples()])
    communes = list(dict.fromkeys(counts.sort_values(["edition_id", "commune"], ascending=[False, False])["tick"]))
    figure = go.Figure()
    legend_room = LEGEND_LINE * len(_challenge_order(counts)) + 10
    for code in _challenge_order(counts):
        rows = counts[counts["challenge_code"].isna()] if code is None else counts[counts["challenge_code"] == code]
        name = _challenge_label(code, rows.iloc[0]["challenge"], lang)
        labels = rows["tick"].tolist()
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
                customdata=[[name, status, escape(_shown(label))] for label in labels],
                hovertemplate="<b>%{customdata[2]}</b><br>%{customdata[0]}<br>%{customdata[1]}" + colon(lang) + "%{x}<extra></extra>",
            ))
    figure.update_layout(
        barmode="stack", font=FONT, height=(height or max(320, 70 * len(communes) + 140)) + legend_room,
        margin=dict(l=10, r=10, t=legend_room, b=10),
        xaxis=dict(title=escape(t("themes.axis_projects", lang)), gridcolor=palette.GRID,
                   dtick=1 if counts.groupby("commune_insee")["projects"].sum().max() <= 10 else None),
        yaxis=dict(categoryorder="array", categoryarray=communes, tickfont=dict(size=16)),
        # Above the bars, in a margin that holds one challenge a line (a phone's width): it never
        # scrolls, covers no axis title, and the bars keep their height whatever the width.
        legend=dict(orientation="h", y=1.0, yanchor="bottom", x=0, font=dict(size=14), maxheight=legend_room),
        plot_bgcolor=palette.WHITE,
    )
    return readable(figure)


def challenge_sunburst(counts, lang: str = "fr", height: int = 560, communes_max: int | None = None) -> go.Figure:
    """Edition → urban challenge → commune, sized by the number of experiments.

    With ``communes_max``, only the communes of ``busiest_communes`` get a sector of their own; under
    each challenge the others share one « N autres communes » sector, so every total stays exact while
    a store of hundreds of communes draws tens of sectors, not thousands.
    """
    from qmi.i18n import t, tn
    from qmi.palette import EDITION_COLORS, challenge_color

    named = None if communes_max is None else set(busiest_communes(counts, communes_max)["commune_insee"])
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
            own = rows["commune_insee"].isin(rows["commune_insee"] if named is None else named)
            leaves = [(f"{challenge}/{r.commune_insee}", escape(r.commune), int(r.projects))
                      for r in rows[own].itertuples()]
            others = rows[~own]
            if not others.empty:
                leaves.append((f"{challenge}/+", escape(tn("themes.other_communes", others["commune_insee"].nunique(), lang)),
                               int(others["projects"].sum())))
            for leaf, label, count in leaves:
                ids.append(leaf)
                labels.append(label)
                parents.append(challenge)
                values.append(count)
                colors.append(challenge_color(code))
                hover.append(f"{name} — {label}")
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

    names = [_break(_challenge_label(r.challenge_code, r.challenge, lang), BAR_WRAP) for r in table.itertuples()]
    series = (
        ("published_projects", EDITION_COLORS[1], ""),
        ("published_applications", EDITION_LIGHT[1], ""),
        ("computed", palette.MUTED_TEXT, "/"),
    )
    figure = go.Figure()
    for column, color, pattern in series:
        shares = [None if is_missing(v) else float(v) for v in table[column]]
        label = _break(escape(t(f"themes.series_{column}", lang)), 28)  # a legend line fits a phone
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
        legend=dict(orientation="h", y=1.0, yanchor="bottom", x=0, font=dict(size=14)),  # above: it wraps, never on the axis title
        separators=", " if lang == "fr" else ".,",
    )
    return readable(figure)


TIMELINE_LINE = 20  # px: one line of the timeline's 14 px labels (plotly spaces lines 1.3 em apart)
TIMELINE_GAP = 28  # px between one row's labels and the next row's markers: each label reads as its own row's
TIMELINE_MARGIN = dict(l=10, r=30, t=10, b=40)  # b: the years under the axis


def _timeline_marker(attendance) -> float:
    """Marker diameter (px): larger for a larger meeting."""
    return 18 + 0.25 * (0 if is_missing(attendance) else float(attendance))


def timeline_rows(meetings) -> list[dict]:
    """Per host, bottom row first: its label blocks, each ``above`` or below its marker.

    A host's meetings alternate above and below, so two dates of one host never write on each
    other however narrow the chart. ``above`` / ``below`` are the px each row needs over and under
    its centre line (half the largest marker, plus the lines of text on that side).
    """
    hosts = list(dict.fromkeys(meetings["host_name"]))[::-1]
    rows = []
    for host in hosts:
        meetings_of_host = meetings[meetings["host_name"] == host].sort_values("held_on")
        disputed = int(meetings_of_host["dates"].max()) > 1
        lines = 3 if disputed else 2  # date, attendance (and the disputed-date warning)
        places = ["above" if i % 2 == 0 else "below" for i in range(len(meetings_of_host))]
        radius = max(_timeline_marker(a) for a in meetings_of_host["attendance"]) / 2
        rows.append({
            "host": host, "places": places, "lines": lines,
            "above": radius + (lines * TIMELINE_LINE if "above" in places else 0),
            "below": radius + (lines * TIMELINE_LINE if "below" in places else 0),
        })
    return rows


def _timeline_pitch(rows: list[dict]) -> float:
    """Px between two row centres: the taller of every pair of neighbouring rows' facing blocks."""
    pairs = [lower["above"] + upper["below"] for lower, upper in zip(rows, rows[1:])]
    return max(pairs, default=max((r["above"] + r["below"] for r in rows), default=40)) + TIMELINE_GAP


def event_timeline(meetings, lang: str = "fr") -> go.Figure:
    """The Communauté meetings on a time axis, sized by attendance; a meeting the documents date
    twice shows both dates as open markers joined by a dashed line.

    The height follows the rows (:func:`timeline_rows`), so no label covers another row's marker.
    """
    from datetime import date, timedelta

    from qmi.i18n import t
    from qmi.i18n.formatting import day, number
    from qmi.i18n.record import record_text
    from qmi.palette import EDITION_COLORS, TEXT

    rows = timeline_rows(meetings)
    places = {row["host"]: row["places"] for row in rows}
    figure = go.Figure()
    for _key, group in meetings.sort_values("held_on").groupby("event_key", sort=False):
        disputed = int(group["dates"].iloc[0]) > 1
        color = EDITION_COLORS.get(int(group["host_edition"].iloc[0]), TEXT)
        name = group["host_name"].iloc[0]
        host = escape(name)
        earlier = int((meetings[meetings["host_name"] == name]["held_on"] < group["held_on"].min()).sum())
        when = [day(d, lang, p) for d, p in zip(group["held_on"], group["date_precision"])]
        people = [t("events.people", lang, n=number(a, lang, 0)) if not is_missing(a) else "–" for a in group["attendance"]]
        text = [f"{w}<br>{p}" + (f"<br>⚠ {escape(t('events.date_disputed_short', lang))}" if disputed else "")
                for w, p in zip(when, people)]
        positions = ["top center" if place == "above" else "bottom center"
                     for place in places[name][earlier:earlier + len(group)]]
        figure.add_trace(go.Scatter(
            x=list(group["held_on"]), y=[host] * len(group), name=host, showlegend=False,
            mode="lines+markers+text" if disputed else "markers+text",
            line=dict(color=color, dash="dash", width=2),
            marker=dict(size=[_timeline_marker(a) for a in group["attendance"]],
                        color=color, line=dict(color=color, width=4),
                        symbol="circle-open" if disputed else "circle"),
            text=text, textposition=positions, textfont=dict(size=14, color=TEXT), cliponaxis=False,
            customdata=[[host, w, escape(record_text(f, lang)), p] for w, f, p in zip(when, group["format"], people)],
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<br>%{customdata[3]}<extra></extra>",
        ))
    pitch = _timeline_pitch(rows)
    low = (rows[0]["below"] + TIMELINE_GAP) / pitch  # room under the bottom row, over the top one
    high = (rows[-1]["above"] + TIMELINE_GAP) / pitch
    first, last = min(meetings["held_on"]), max(meetings["held_on"])
    years = [date(y, 1, 1) for y in range(first.year, last.year + 2)]
    reach = timedelta(days=300)  # half a label's width on a phone-wide chart: the first and last labels stay whole
    figure.update_layout(
        font=FONT, height=round((len(rows) - 1 + low + high) * pitch) + TIMELINE_MARGIN["t"] + TIMELINE_MARGIN["b"],
        margin=TIMELINE_MARGIN, plot_bgcolor=palette.WHITE,
        xaxis=dict(tickvals=years, ticktext=[str(y.year) for y in years], gridcolor=palette.BACKGROUND_LINE,
                   tickfont=dict(size=16), range=[first - reach, last + reach]),
        yaxis=dict(categoryorder="array", categoryarray=[escape(r["host"]) for r in rows], tickfont=dict(size=16),
                   range=[-low, len(rows) - 1 + high], automargin=True),
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
