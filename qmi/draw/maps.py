"""Folium maps of the Métropole du Grand Paris that draw with no Internet access.

Leaflet and jQuery come from the app itself (``static/vendor/``, served by Streamlit under
``/app/static/``): :class:`OfflineMap` replaces folium's CDN list (Leaflet, jQuery, Bootstrap,
Font Awesome, awesome-markers) with those two local files, and nothing here adds another
resource (no branca colormap, which would load d3 from a CDN). Tiles are optional.

Every text drawn on the map (names, tooltips, popups, legend, labels) is HTML-escaped here,
because folium and Leaflet insert it as raw HTML.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass

import folium
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from qmi import palette
from qmi.domain.values import is_missing
from qmi.files import load_geojson
from qmi.i18n import formatting, t, tn
from qmi.i18n.formatting import escape
from qmi.palette import BACKGROUND_FILL, BACKGROUND_LINE, EDITION_COLORS, SEQUENTIAL, TEXT

VENDOR_URL = "/app/static/vendor"
LEAFLET_JS = f"{VENDOR_URL}/leaflet/leaflet.js"
LEAFLET_CSS = f"{VENDOR_URL}/leaflet/leaflet.css"
JQUERY_JS = f"{VENDOR_URL}/jquery/jquery.min.js"

COLOUR_CHOICES = ("edition", "projects", "replicability", "deployment", "freshness")
NEVER_ENTERED_DASH = "6 4"  # the dashed outline of a commune whose due indicators were never entered
NO_DATA_FILL = palette.WHITE
CANVAS = palette.CANVAS  # the sea of the map when no tiles are drawn
MAP_HEIGHT = 640
LEGEND_WIDTH = 240  # px, the legend box
FIT_PADDING = 12  # px between the Métropole and the map's edge (or the legend)
NARROW_MAP = 560  # px: a map narrower than this writes smaller names and a smaller legend
MAX_NAMES = 30  # commune names written on the map; beyond, they would cover each other


class OfflineMap(folium.Map):
    """A folium map whose scripts and style sheets are the local copies (jQuery serves folium popups)."""

    default_js = [("leaflet", LEAFLET_JS), ("jquery", JQUERY_JS)]
    default_css = [("leaflet_css", LEAFLET_CSS)]


@dataclass(frozen=True)
class Scale:
    """Classes of a sequential colouring: upper bounds (inclusive for the last) and their labels."""

    edges: tuple[float, ...]  # len(colors) + 1 edges
    labels: tuple[str, ...]

    def color(self, value: float | None) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return NO_DATA_FILL
        for position, upper in enumerate(self.edges[1:]):
            if value < upper:
                return SEQUENTIAL[position]
        return SEQUENTIAL[len(self.labels) - 1]


def metric_column(colour_by: str) -> str:
    return {"projects": "projects", "replicability": "mean_index", "deployment": "deployment_rate",
            "freshness": "freshness_share"}[colour_by]


FRESHNESS_COLUMNS = ("freshness_share", "freshness_never", "freshness_due", "freshness_demo")


def with_freshness(stats: pd.DataFrame, by_commune: pd.DataFrame) -> pd.DataFrame:
    """``stats`` with the freshness of each commune's indicators (``qmi.queries.freshness.by_commune``):
    freshness_share (à jour over what is due, None when nothing is due), freshness_never (something is due and
    none of it was ever entered), freshness_due, freshness_demo."""
    fresh = pd.DataFrame({
        "insee_code": by_commune["commune_insee"],
        "freshness_share": by_commune["share_up_to_date"].astype(object),
        "freshness_never": by_commune["never_entered_only"].astype(bool),
        "freshness_due": by_commune["due"].astype(int),
        "freshness_demo": by_commune["is_demo"].astype(bool),
    })
    merged = stats.drop(columns=[c for c in FRESHNESS_COLUMNS if c in stats.columns]).merge(fresh, on="insee_code", how="left")
    merged["freshness_never"] = merged["freshness_never"].astype("boolean").fillna(False).astype(bool)
    merged["freshness_due"] = merged["freshness_due"].fillna(0).astype(int)
    merged["freshness_demo"] = merged["freshness_demo"].astype("boolean").fillna(False).astype(bool)
    merged["freshness_share"] = pd.Series([None if is_missing(v) else float(v) for v in merged["freshness_share"]],
                                          index=merged.index, dtype=object)
    return merged


def freshness_grey(row: pd.Series) -> str | None:
    """« never_entered » or « not_applicable » for a programme commune the freshness colouring draws grey, else None."""
    if bool(row.get("freshness_never", False)):
        return "never_entered"
    return "not_applicable" if is_missing(row.get("freshness_share")) else None


def scale_for(colour_by: str, values: pd.Series, lang: str) -> Scale:
    """Five classes: fixed for the index (0–15) and the rate (0–100 %), integer steps for counts."""
    if colour_by == "replicability":
        edges = (0, 3, 6, 9, 12, 15)
        return Scale(edges, tuple(f"{a}–{b}" for a, b in zip(edges, edges[1:])))
    if colour_by in ("deployment", "freshness"):
        edges = (0, 0.2, 0.4, 0.6, 0.8, 1.0)
        return Scale(edges, tuple(
            f"{formatting.percent(a, lang)} – {formatting.percent(b, lang)}" for a, b in zip(edges, edges[1:])
        ))
    highest = int(values.max()) if len(values) and pd.notna(values.max()) else 0
    step = max(1, math.ceil((highest + 1) / len(SEQUENTIAL)))
    classes = min(len(SEQUENTIAL), math.ceil((highest + 1) / step))
    edges = tuple(i * step for i in range(classes + 1))
    labels = tuple(str(a) if b - 1 == a else f"{a}–{b - 1}" for a, b in zip(edges, edges[1:]))
    return Scale(edges, labels)


def uses_demo(stats: pd.DataFrame, colour_by: str) -> bool:
    """Whether the colouring draws illustrative values (the page then shows the demo notice)."""
    programme = stats[stats["edition_id"].notna()]
    if colour_by == "replicability":
        return bool(programme["assessment_demo"].any())
    if colour_by == "deployment":
        return bool(programme["status_demo"].any())
    if colour_by == "freshness":
        return bool(programme["freshness_demo"].any())
    return bool((programme["projects_demo"] > 0).any())


def _tip(row: pd.Series | None, name: str, lang: str) -> str:
    """The escaped HTML shown on hover and in the popup of one commune."""
    lines = [f"<b>{escape(name)}</b>"]
    if row is None or pd.isna(row["edition_id"]):
        lines.append(escape(t("map.tip.outside", lang)))
        return "<br>".join(lines)
    demo = f" ({escape(t('map.tip.demo', lang))})"
    lines.append(escape(t("common.edition", lang, n=int(row["edition_id"]))))
    lines.append(escape(tn("map.tip.projects", int(row["projects"]), lang))
                 + (demo if row["projects_demo"] > 0 else ""))
    if pd.notna(row["mean_index"]):
        value = formatting.number(float(row["mean_index"]), lang, 1)
        lines.append(escape(t("map.tip.index", lang, value=value)) + (demo if row["assessment_demo"] else ""))
    else:
        lines.append(escape(t("map.tip.no_index", lang)))
    if pd.notna(row["deployment_rate"]):
        value = formatting.percent(float(row["deployment_rate"]), lang)
        lines.append(escape(t("map.tip.deployment", lang, value=value)) + (demo if row["status_demo"] else ""))
    else:
        lines.append(escape(t("map.tip.no_status", lang)))
    if "freshness_share" in row.index:
        grey = freshness_grey(row)
        text = t(f"map.tip.freshness_{grey}", lang) if grey else t(
            "map.tip.freshness", lang, value=formatting.percent(float(row["freshness_share"]), lang))
        lines.append(escape(text) + (demo if row["freshness_demo"] else ""))
    lines.append(f"<i>{escape(t('map.tip.open', lang))}</i>")
    return "<br>".join(lines)


def metropole_bounds() -> list[list[float]]:
    """The south-west and north-east corners ([lat, lon]) of the 130 communes' contours."""
    points = [point for feature in load_geojson()["features"] for point in _points(feature["geometry"]["coordinates"])]
    longitudes, latitudes = zip(*points)
    return [[min(latitudes), min(longitudes)], [max(latitudes), max(longitudes)]]


def _points(coordinates: list) -> list[tuple[float, float]]:
    """The (lon, lat) positions of a GeoJSON geometry's nested coordinate lists."""
    if coordinates and isinstance(coordinates[0], (int, float)):
        return [(coordinates[0], coordinates[1])]
    return [point for part in coordinates for point in _points(part)]


class Labels(MacroElement):
    """Commune names printed on the map (readable without tiles): non-interactive Leaflet div icons.

    ``labels``: (latitude, longitude, escaped HTML name, CSS class) tuples, the most important first.
    Each name joins the map's list (``qmiLabels``) that :class:`FitMetropole`, added before, declutters;
    ``first`` puts these names before those already listed.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
            var names = {{ this.labels | tojson }}.map(function (label) {
                var marker = L.marker([label[0], label[1]], {
                    icon: L.divIcon({html: '<div class="' + label[3] + '">' + label[2] + '</div>',
                                     className: "qmi-label-icon", iconSize: [0, 0]}),
                    interactive: false, keyboard: false,
                }).addTo(map);
                return marker.getElement().firstChild;
            });
            map.qmiLabels = {{ "names.concat(map.qmiLabels || [])" if this.first else "(map.qmiLabels || []).concat(names)" }};
            if (map.qmiWatch) { names.forEach(map.qmiWatch); }
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, labels: list[tuple[float, float, str, str]], first: bool = False) -> None:
        super().__init__()
        self._name = "Labels"
        self.labels = labels
        self.first = first


class FitMetropole(MacroElement):
    """Fits the map to the Métropole whenever its size changes, and keeps the names legible (before
    :class:`Labels`, whose names it then watches).

    The legend (bottom right) takes a column on the right or a band at the bottom, whichever leaves
    the Métropole larger, so it never covers a commune. Names are then shown in order: one that would
    cross the map's edge is slid inside; one that would still cover an earlier name, a control or
    the legend is hidden (its commune's tooltip names it).
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
            var bounds = L.latLngBounds({{ this.bounds | tojson }});
            var pad = {{ this.padding }};
            function box(element) { return element.getBoundingClientRect(); }
            function apart(a, b) { return a.right <= b.left || a.left >= b.right || a.bottom <= b.top || a.top >= b.bottom; }
            map.qmiFit = function () {
                var legend = map.getContainer().querySelector(".qmi-legend");
                var width = legend ? legend.offsetWidth + 10 : 0, height = legend ? legend.offsetHeight + 10 : 0;
                var beside = map.getBoundsZoom(bounds, false, L.point(2 * pad + width, 2 * pad));
                var below = map.getBoundsZoom(bounds, false, L.point(2 * pad, 2 * pad + height));
                map.fitBounds(bounds, {animate: false, paddingTopLeft: [pad, pad],
                    paddingBottomRight: beside >= below ? [pad + width, pad] : [pad, pad + height]});
            };
            map.qmiDeclutter = function () {
                var frame = box(map.getContainer());
                var taken = Array.prototype.map.call(map.getContainer().querySelectorAll(".leaflet-control"), box);
                (map.qmiLabels || []).forEach(function (name) {
                    name.style.visibility = "hidden";
                    name.style.marginLeft = "0px";
                    var r = box(name);
                    var shift = Math.max(0, frame.left + 2 - r.left) - Math.max(0, r.right - frame.right + 2);
                    if (shift) { name.style.marginLeft = shift + "px"; r = box(name); }
                    var shown = r.left >= frame.left && r.right <= frame.right && r.top >= frame.top
                        && r.bottom <= frame.bottom && taken.every(function (other) { return apart(r, other); });
                    if (shown) { name.style.visibility = "visible"; taken.push(r); }
                });
            };
            map.on("zoomend moveend", map.qmiDeclutter);
            map.qmiFit();
            // Again whenever the map, its legend or a name changes size: the frame given its width,
            // a style sheet or a font loaded after this script, a phone turned.
            var watch = new ResizeObserver(function () { map.invalidateSize({pan: false}); map.qmiFit(); map.qmiDeclutter(); });
            watch.observe(map.getContainer());
            map.qmiWatch = function (element) { watch.observe(element); };
            map.getContainer().querySelectorAll(".qmi-legend").forEach(map.qmiWatch);
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, bounds: list[list[float]], padding: int = FIT_PADDING) -> None:
        super().__init__()
        self._name = "FitMetropole"
        self.bounds = bounds
        self.padding = padding


class Legend(MacroElement):
    """A Leaflet control holding already-escaped HTML (passed to JavaScript as a JSON string)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: "bottomright"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "qmi-legend");
                div.innerHTML = {{ this.content | tojson }};
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    def __init__(self, content: str) -> None:
        super().__init__()
        self._name = "Legend"
        self.content = content


_HALO_OFFSETS = ("-2px 0", "2px 0", "0 -2px", "0 2px", "-1px -1px", "1px 1px", "-1px 1px", "1px -1px")
_HALO = ", ".join(f"{offset} {palette.WHITE}" for offset in _HALO_OFFSETS)  # names stay legible on any fill
STYLE = f"""<style>
.leaflet-container {{ background: {CANVAS}; font-family: sans-serif; }}
.qmi-legend {{ background: rgba(255,255,255,0.95); padding: 10px 14px; border-radius: 8px;
  border: 1px solid {BACKGROUND_LINE}; color: {TEXT}; font-size: 14px; line-height: 1.45; width: {LEGEND_WIDTH}px; box-sizing: border-box; }}
.qmi-legend b {{ display: block; margin-bottom: 4px; font-size: 15px; }}
.qmi-legend i.sw {{ display: inline-block; width: 22px; height: 15px; margin-right: 8px; vertical-align: -2px;
  border: 1px solid {BACKGROUND_LINE}; }}
.qmi-legend .demo {{ margin-top: 4px; color: {palette.DEMO_TEXT}; background: {palette.DEMO_FILL}; padding: 0 4px; border-radius: 4px; }}
.qmi-label {{ display: inline-block; transform: translate(-50%, -50%); white-space: nowrap; font-weight: 700; font-size: 15px;
  color: {TEXT}; pointer-events: none;
  text-shadow: {_HALO}; }}
.qmi-label.orient {{ font-weight: 400; font-size: 14px; color: {palette.MUTED_TEXT}; letter-spacing: 0.2em; text-transform: uppercase; }}
.leaflet-tooltip {{ font-size: 15px; pointer-events: none !important; }}  /* never swallows a click on a commune */
@media (max-width: {NARROW_MAP}px) {{
  .qmi-label {{ font-size: 12px; }}
  .qmi-label.orient {{ font-size: 11px; }}
  .qmi-legend {{ font-size: 12px; line-height: 1.35; padding: 6px 10px; width: {LEGEND_WIDTH - 60}px; }}
  .qmi-legend b {{ font-size: 13px; }}
  .qmi-legend i.sw {{ width: 16px; height: 12px; margin-right: 6px; }}
  .leaflet-tooltip {{ font-size: 13px; }}
}}
</style>"""


def _swatch(fill: str, label: str, outline: str | None = None, dashed: bool = False) -> str:
    border = f"border:{'2px dashed' if dashed else '3px solid'} {outline};" if outline else ""
    return f'<div><i class="sw" style="background:{fill};{border}"></i>{escape(label)}</div>'


def _legend_html(colour_by: str, scale: Scale | None, lang: str, demo: bool, editions: list[int],
                 highlight_label: str | None) -> str:
    parts = [f"<b>{escape(t(f'map.legend.{colour_by}', lang))}</b>"]
    if scale is None:
        parts += [_swatch(EDITION_COLORS[e], t("common.edition", lang, n=e)) for e in editions]
    else:
        parts += [_swatch(SEQUENTIAL[i], label) for i, label in enumerate(scale.labels)]
        if colour_by == "freshness":
            parts.append(_swatch(palette.FRESHNESS_NOT_APPLICABLE, t("map.legend.freshness_not_applicable", lang)))
            parts.append(_swatch(palette.FRESHNESS_NEVER_ENTERED, t("map.legend.freshness_never_entered", lang),
                                 TEXT, dashed=True))
        else:
            parts.append(_swatch(NO_DATA_FILL, t("map.legend.no_data", lang), BACKGROUND_LINE, dashed=True))
        parts += [_swatch(palette.WHITE, f"{t('map.legend.outline', lang)} {e}", EDITION_COLORS[e]) for e in editions]
    if highlight_label is not None:
        parts.append(_swatch(BACKGROUND_FILL, highlight_label, TEXT))
    parts.append(_swatch(BACKGROUND_FILL, t("map.legend.other", lang)))
    if demo:
        parts.append(f'<div class="demo">⚠ {escape(t("map.legend.demo", lang))}</div>')
    return "".join(parts)


def metropole_map(
    stats: pd.DataFrame,
    colour_by: str = "edition",
    lang: str = "fr",
    highlight: Collection[str] = frozenset(),
    highlight_label: str | None = None,
    tiles: bool = False,
    height: int = MAP_HEIGHT,
) -> OfflineMap:
    """The 130 communes, the programme ones filled by edition or by a metric, with legend and labels.

    ``stats`` is :func:`qmi.queries.geo.commune_stats` (rows may be missing: such communes are drawn
    as outside the programme). ``highlight``: INSEE codes drawn with a thick dark outline and a
    label (e.g. where a solution spread), named ``highlight_label`` in the legend. ``tiles`` adds
    OpenStreetMap under the contours (needs Internet; the map reads well without).
    Each feature carries ``insee`` and ``programme`` properties, returned when it is clicked.
    """
    if colour_by not in COLOUR_CHOICES:
        raise ValueError(f"unknown colouring {colour_by!r}")
    if colour_by == "freshness" and "freshness_share" not in stats.columns:
        raise ValueError("the freshness colouring needs with_freshness(stats, …)")
    rows = {row["insee_code"]: row for _, row in stats.iterrows()}
    programme = stats[stats["edition_id"].notna()]
    editions = sorted({int(e) for e in programme["edition_id"]})
    scale = None if colour_by == "edition" else scale_for(colour_by, programme[metric_column(colour_by)], lang)
    highlight = frozenset(highlight)

    # keyboard=False: Leaflet focuses the map on mousedown for keyboard panning, which scrolls a
    # half-visible map in the page between mousedown and mouseup, and the click is lost.
    m = OfflineMap(location=[48.85, 2.38], zoom_start=11, tiles=None, height=height, zoom_snap=0.25,
                   control_scale=True, keyboard=False)
    m.get_root().header.add_child(Element(STYLE), name="qmi_style")
    if tiles:
        folium.TileLayer("OpenStreetMap").add_to(m)

    features = []
    for feature in load_geojson()["features"]:
        code = feature["properties"]["insee_code"]
        row = rows.get(code)
        name = row["name"] if row is not None else feature["properties"]["name"]
        in_programme = row is not None and pd.notna(row["edition_id"])
        features.append({
            "type": "Feature",
            "geometry": feature["geometry"],
            "properties": {"insee": code, "programme": in_programme, "tip": _tip(row, name, lang)},
        })

    def style(feature: dict) -> dict:
        code = feature["properties"]["insee"]
        row = rows.get(code)
        base = {"fillColor": BACKGROUND_FILL, "color": BACKGROUND_LINE, "weight": 0.8,
                "fillOpacity": 0.45 if tiles else 1.0, "dashArray": None}
        if feature["properties"]["programme"]:
            edition_color = EDITION_COLORS.get(int(row["edition_id"]), TEXT)
            if scale is None:
                base.update(fillColor=edition_color, color=palette.WHITE, weight=1.5, fillOpacity=0.85)
            elif colour_by == "freshness" and (grey := freshness_grey(row)) is not None:
                never = grey == "never_entered"
                base.update(fillColor=palette.FRESHNESS_NEVER_ENTERED if never else palette.FRESHNESS_NOT_APPLICABLE,
                            color=TEXT if never else edition_color, weight=3.5 if not never else 3,
                            dashArray=NEVER_ENTERED_DASH if never else None, fillOpacity=0.9)
            else:
                value = row[metric_column(colour_by)]
                base.update(fillColor=scale.color(None if pd.isna(value) else float(value)), color=edition_color,
                            weight=3.5, fillOpacity=0.9)
        if code in highlight:
            base.update(color=TEXT, weight=4, dashArray=None)
        return base

    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name="communes",
        style_function=style,
        highlight_function=lambda feature: {"weight": 4, "color": TEXT},
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
        popup=folium.GeoJsonPopup(fields=["tip"], labels=False),
        zoom_on_click=False,
    ).add_to(m)

    named = sorted((code for code, row in rows.items()
                    if (pd.notna(row["edition_id"]) or code in highlight) and pd.notna(row["latitude"])),
                   key=lambda code: code not in highlight)  # the highlighted names first: they keep their place
    if len(named) > MAX_NAMES:  # names would cover each other: keep the highlighted ones, tooltips name the rest
        named = [code for code in named if code in highlight][:MAX_NAMES]
    def label(code: str) -> str:
        grey = freshness_grey(rows[code]) if colour_by == "freshness" and pd.notna(rows[code]["edition_id"]) else None
        return rows[code]["name"] + (f" · {t(f'map.label.freshness_{grey}', lang)}" if grey else "")

    labels = [(float(rows[code]["latitude"]), float(rows[code]["longitude"]), escape(label(code)), "qmi-label")
              for code in named]
    labels.append((48.8566, 2.3425, "Paris", "qmi-label orient"))

    Legend(_legend_html(colour_by, scale, lang, uses_demo(stats, colour_by), editions,
                        highlight_label if highlight else None)).add_to(m)
    FitMetropole(metropole_bounds()).add_to(m)  # after the legend, which it measures
    Labels(labels).add_to(m)
    return m


def clicked_commune(value: dict | None) -> str | None:
    """The INSEE code of the programme commune in an ``st_folium`` value (``last_active_drawing``)."""
    drawing = (value or {}).get("last_active_drawing") or {}
    properties = drawing.get("properties") or {}
    code = properties.get("insee")
    return str(code) if properties.get("programme") and code else None


def map_html(m: folium.Map) -> str:
    """The map as one standalone HTML page (what the tests inspect)."""
    return m.get_root().render()


def shortlist_map(stats: pd.DataFrame, recommendations: list, commune: dict, lang: str = "fr",
                  height: int = MAP_HEIGHT) -> folium.Map:
    """The Métropole with the communes where the listed solutions were tested outlined and named,
    and the chosen commune drawn with a dashed outline (named too when the base map does not name it)."""
    tested = {r.commune_insee for r in recommendations}
    m = metropole_map(stats, "edition", lang, highlight=tested,
                           highlight_label=t("essaimage.map_highlight", lang), height=height)
    feature = next((f for f in load_geojson()["features"] if f["properties"]["insee_code"] == commune["insee_code"]),
                   None)
    if feature is not None:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for polygon in polygons:
            for ring in polygon:
                folium.PolyLine([(lat, lon) for lon, lat in ring], color=TEXT, weight=5, dash_array="10 7",
                                interactive=False).add_to(m)
    named_by_base_map = not is_missing(commune.get("edition_id"))
    if not named_by_base_map and not is_missing(commune.get("latitude")):
        Labels([(float(commune["latitude"]), float(commune["longitude"]), escape(commune["name"]),
                 "qmi-label")], first=True).add_to(m)
    return m
