"""The Métropole map (offline assets, shapes, escaping, legend) and the per-commune figures behind it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import xstatic.pkg.jquery
import xstatic.pkg.leaflet
from sqlmodel import Session, select

from qmi.config import ROOT
from qmi.draw import maps
from qmi.i18n import formatting
from qmi.models import Assessment, Commune, Project
from qmi.queries.geo import commune_stats
from tests.values import approve_all

HOSTILE = '<img src=x onerror=alert(1)>'
CDN_MARKERS = ("https://cdn", "jsdelivr", "bootstrapcdn", "cdnjs", "code.jquery.com", "cloudflare", "unpkg",
               "fontawesome", "d3js.org")


@pytest.fixture
def stats(engine):
    return commune_stats(engine)


def rendered(stats, colour_by="edition", **options) -> str:
    return maps.map_html(maps.metropole_map(stats, colour_by, "fr", **options))


def test_map_loads_only_the_local_leaflet_and_jquery(stats):
    page = rendered(stats)
    for marker in CDN_MARKERS:
        assert marker not in page
    sources = set(re.findall(r'(?:src|href)="([^"]+)"', page))
    assert sources == {maps.LEAFLET_JS, maps.LEAFLET_CSS, maps.JQUERY_JS}
    assert "https://" not in page  # no tile layer either unless asked for


def test_local_assets_exist_and_match_the_pinned_packages():
    static = ROOT / "static"
    for url, package, name in [
        (maps.LEAFLET_JS, xstatic.pkg.leaflet, "leaflet.js"),
        (maps.LEAFLET_CSS, xstatic.pkg.leaflet, "leaflet.css"),
        (maps.JQUERY_JS, xstatic.pkg.jquery, "jquery.min.js"),
    ]:
        served = static / url.removeprefix("/app/static/")
        assert served.read_bytes() == (Path(package.BASE_DIR) / name).read_bytes()


def test_tiles_are_an_option(stats):
    assert "tile.openstreetmap.org" in rendered(stats, tiles=True)


def test_all_130_communes_are_drawn_and_the_programme_ones_are_clickable(stats):
    m = maps.metropole_map(stats)
    layer = next(child for child in m._children.values() if child.__class__.__name__ == "GeoJson")
    features = layer.data["features"]
    assert len(features) == 130
    programme = {f["properties"]["insee"] for f in features if f["properties"]["programme"]}
    assert len(programme) == 10 and "92071" in programme


def test_hostile_commune_name_is_escaped_in_tooltip_popup_and_label(engine):
    with Session(engine) as session:
        sceaux = session.get(Commune, "92071")
        sceaux.name = HOSTILE
        session.add(sceaux)
        session.commit()
    page = rendered(commune_stats(engine))
    # Neither as HTML nor as a JavaScript string that Leaflet would insert as HTML (tojson writes < as \u003c).
    assert HOSTILE not in page and "<img" not in page and "\\u003cimg" not in page
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in page  # the label, as inert text
    layer = next(c for c in maps.metropole_map(commune_stats(engine))._children.values()
                 if c.__class__.__name__ == "GeoJson")
    tip = next(f["properties"]["tip"] for f in layer.data["features"] if f["properties"]["insee"] == "92071")
    assert tip.startswith("<b>&lt;img src=x onerror=alert(1)&gt;</b>")
    assert {c.__class__.__name__ for c in layer._children.values()} >= {"GeoJsonTooltip", "GeoJsonPopup"}


def test_legend_follows_the_colouring_choice(stats):
    by_edition = rendered(stats, "edition")
    assert "Communes QMI par \\u00e9dition" in by_edition or "Communes QMI par édition" in by_edition
    by_rate = rendered(stats, "deployment")
    assert "Part des exp" in by_rate and "Communes QMI par" not in by_rate
    assert "Indice de r" in rendered(stats, "replicability")
    assert "Exp\\u00e9rimentations par commune" in rendered(stats, "projects") or "Expérimentations par commune" in rendered(stats, "projects")


def test_highlighted_communes_get_a_legend_entry(stats):
    plain = rendered(stats)
    highlighted = rendered(stats, highlight=frozenset({"94081"}), highlight_label="Essaimage <b>")
    assert "Essaimage &lt;b&gt;" in highlighted.replace("\\u0026", "&").replace("\\u003c", "<").replace("\\u003e", ">")
    assert "Essaimage" not in plain


def test_unknown_colouring_is_refused(stats):
    with pytest.raises(ValueError):
        maps.metropole_map(stats, "population")


def test_scales():
    import pandas as pd

    index = maps.scale_for("replicability", pd.Series([7.5]), "fr")
    assert index.color(0) == maps.SEQUENTIAL[0] and index.color(15) == maps.SEQUENTIAL[-1]
    assert index.color(None) == maps.NO_DATA_FILL
    counts = maps.scale_for("projects", pd.Series([0, 3, 9]), "fr")
    assert counts.color(0) == maps.SEQUENTIAL[0] and counts.color(9) == maps.SEQUENTIAL[len(counts.labels) - 1]
    assert counts.labels[0] == "0–1"
    assert maps.scale_for("deployment", pd.Series([0.5]), "en").labels[-1] == (
        f"{formatting.percent(0.8, 'en')} – {formatting.percent(1.0, 'en')}")


def test_clicked_commune_reads_the_programme_insee_code():
    value = {"last_active_drawing": {"properties": {"insee": "92071", "programme": True}}}
    assert maps.clicked_commune(value) == "92071"
    assert maps.clicked_commune({"last_active_drawing": {"properties": {"insee": "75056", "programme": False}}}) is None
    assert maps.clicked_commune({"last_active_drawing": None}) is None
    assert maps.clicked_commune(None) is None


def _project(session: Session, slug: str, commune: str, level: int | None, abandoned: bool = False,
             demo: bool = False) -> Project:
    project = Project(slug=slug, name=slug, organisation="Org", commune_insee=commune, edition_id=1,
                      deployment_level=level, abandoned=abandoned, status_is_demo=demo, source="test")
    session.add(project)
    session.flush()
    return project


def _assess(session: Session, project: Project, on: date, score: int, demo: bool = False) -> None:
    session.add(Assessment(project_id=project.id, assessed_on=on, deployment=score, commercial_traction=score,
                           industrialisation=score, operational_ease=score, financial_stability=score,
                           assessor="test", is_demo=demo))


def test_commune_stats_aggregate_counts_latest_index_and_deployment(engine):
    commune = "94081"  # Vitry-sur-Seine: outside the programme, no experiment in the record
    with Session(engine) as session:
        a = _project(session, "t-a", commune, 3)
        b = _project(session, "t-b", commune, 2, demo=True)
        c = _project(session, "t-c", commune, 3, abandoned=True)
        _project(session, "t-d", commune, None)
        _assess(session, a, date(2024, 1, 1), 1)
        _assess(session, a, date(2025, 1, 1), 3)  # latest: 15
        _assess(session, b, date(2025, 1, 1), 1, demo=True)  # 5
        _assess(session, c, date(2023, 1, 1), 0)  # 0
        session.commit()
        communes = len(session.exec(select(Commune)).all())
    table = commune_stats(engine)
    assert len(table) == communes == 130
    row = table.set_index("insee_code").loc[commune]
    assert row["projects"] == 4 and row["assessed"] == 3
    assert row["mean_index"] == pytest.approx((15 + 5 + 0) / 3)
    assert row["known_status"] == 3 and row["deployed"] == 2
    assert row["deployment_rate"] == pytest.approx(2 / 3)
    assert bool(row["assessment_demo"]) and bool(row["status_demo"])
    empty = table.set_index("insee_code").loc["75056"]
    assert empty["projects"] == 0 and pd_isna(empty["mean_index"]) and pd_isna(empty["deployment_rate"])


def pd_isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def test_demo_scores_are_flagged(demo_engine):
    assert maps.uses_demo(commune_stats(demo_engine), "replicability")


def test_public_record_is_not_flagged_as_demo(engine):
    record = commune_stats(engine)
    assert not maps.uses_demo(record, "replicability") and not maps.uses_demo(record, "edition")


def label_names(m) -> list[str]:
    layer = next(child for child in m._children.values() if child.__class__.__name__ == "Labels")
    return [label[2] for label in layer.labels]


def test_names_are_written_for_the_programme_communes_but_not_for_hundreds(stats):
    assert len(label_names(maps.metropole_map(stats))) == 11 and "Sceaux" in label_names(maps.metropole_map(stats))
    crowded = stats.assign(edition_id=2)  # every commune of the Métropole in the programme
    names = label_names(maps.metropole_map(crowded, highlight=frozenset({"92071"})))
    assert names == ["Sceaux", "Paris"]  # the highlighted one keeps its name; tooltips name the others


def test_highlighted_names_come_first_so_that_they_keep_their_place_on_a_crowded_map(stats):
    names = label_names(maps.metropole_map(stats, highlight=frozenset({"94081"})))
    assert names[0] == "Vitry-sur-Seine" and names[-1] == "Paris" and "Sceaux" in names


def _contour_points():
    from qmi.files import load_geojson

    def walk(coordinates):
        if isinstance(coordinates[0], (int, float)):
            yield coordinates
        else:
            for part in coordinates:
                yield from walk(part)

    return [point for feature in load_geojson()["features"] for point in walk(feature["geometry"]["coordinates"])]


def test_the_map_fits_the_contours_of_the_130_communes(stats):
    (south, west), (north, east) = maps.metropole_bounds()
    longitudes, latitudes = zip(*_contour_points())
    # Tight: every point inside, and each side touched (the fixed box it replaced cut off Athis-Mons in the south).
    assert (south, west, north, east) == (min(latitudes), min(longitudes), max(latitudes), max(longitudes))
    m = maps.metropole_map(stats)
    fit = next(child for child in m._children.values() if isinstance(child, maps.FitMetropole))
    assert fit.bounds == maps.metropole_bounds()
    page = maps.map_html(m)
    assert page.count(".fitBounds(") == 1 and "ResizeObserver" in page  # refitted whenever the frame changes size


def test_the_legend_is_measured_before_the_names_are_placed(stats):
    kinds = [child.__class__.__name__ for child in maps.metropole_map(stats)._children.values()]
    assert kinds.index("Legend") < kinds.index("FitMetropole") < kinds.index("Labels")


def test_narrow_maps_write_smaller_names_and_a_smaller_legend(stats):
    page = rendered(stats)
    narrow = page[page.index(f"@media (max-width: {maps.NARROW_MAP}px)"):]
    assert ".qmi-label { font-size: 12px; }" in narrow and ".qmi-legend {" in narrow


def readable(page: str) -> str:
    """The map's page as text: the JavaScript strings' \\u escapes and the HTML entities read back."""
    import html

    return html.unescape(re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), page))


def test_the_freshness_colouring_tells_not_applicable_from_never_entered_by_label_outline_and_legend(engine, stats):
    from qmi import palette
    from qmi.queries import freshness

    with pytest.raises(ValueError):
        rendered(stats, "freshness")  # the figures must be added first
    fresh = maps.with_freshness(stats, freshness.by_commune(engine, date(2025, 7, 31)))
    page = readable(rendered(fresh, "freshness"))
    # Noisy-le-Grand: the record's one protocol indicator is due and was never entered; Meudon follows none.
    assert "Noisy-le-Grand · non saisi" in page and "Meudon · non applicable" in page
    assert "Indicateurs : non saisis, aucun attendu n'a été saisi" in page
    assert palette.FRESHNESS_NEVER_ENTERED in page and palette.FRESHNESS_NOT_APPLICABLE in page
    assert f'"{maps.NEVER_ENTERED_DASH}"' in page
    assert "Non applicable : aucun indicateur attendu" in page and "contour en tirets" in page
    assert "Part des indicateurs attendus qui sont à jour" in page
    assert not maps.uses_demo(fresh, "freshness")


def test_a_commune_whose_indicators_are_all_up_to_date_takes_the_darkest_class(engine, stats):
    from qmi import palette
    from qmi.queries import freshness
    from qmi.services import measurements

    with Session(engine, expire_on_commit=False) as session:
        atelier = session.exec(select(Project).where(Project.slug == "atelier-baskets-pinces-a-linge")).one()
        from qmi.models import User
        user = User(username="staff.map", password_hash="-", role="staff")
        session.add(user)
        session.commit()
    measurements.record(engine, user, {"project_id": atelier.id, "indicator_code": "SOC-JOBS",
                                       "period_start": "2025-04-01", "value": "4"}, today=date(2025, 7, 1))
    approve_all(engine)  # a second person approved it: it counts
    fresh = maps.with_freshness(stats, freshness.by_commune(engine, date(2025, 7, 31)))
    noisy = fresh.set_index("insee_code").loc["93051"]
    assert noisy["freshness_share"] == 1.0 and not noisy["freshness_never"]
    page = readable(rendered(fresh, "freshness"))
    assert "Indicateurs à jour : 100\xa0%" in page
    assert "Noisy-le-Grand · non saisi" not in page and palette.SEQUENTIAL[-1] in page
