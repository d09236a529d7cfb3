"""One-page A4 commune summary for council meetings (fpdf2).

Name, edition, district, key figures, the commune's outline (drawn from the GeoJSON), the mean
replicability radar (plotly through kaleido; drawn with fpdf2 lines when no browser is there, and
then said so on the page), the portfolio with statuses, the sources, and a demo marker whenever an
illustrative value is printed.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd
from fpdf import FPDF, FontFace, ViewerPreferences
from fpdf.enums import TableBordersLayout, XPos, YPos
from fpdf.table import Row
from sqlalchemy import select
from sqlalchemy.engine import Engine

from qmi import palette
from qmi.config import GEO_DIR
from qmi.db import frame
from qmi.domain.scoring import INDEX_MAX, criteria, deployment_label, is_deployed
from qmi.draw.charts import RadarSeries, radar
from qmi.files import GEO_SOURCE
from qmi.i18n import formatting, t
from qmi.i18n.labels import edition_name, family_name
from qmi.i18n.sources import SEED_FILE, titles
from qmi.models import CRITERIA, Commune
from qmi.outputs.images import ImageExportError, figure_bytes
from qmi.outputs.links import LOCAL_BASE, public_url
from qmi.palette import EDITION_COLORS, STATUS_COLORS, TEXT
from qmi.queries.projects import projects

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
MAX_ROWS = 12
RADAR_H = 72  # mm on the page, at most
RADAR_MIN_H = 40
RADAR_PX = (1100, 560)  # the image drawn by kaleido (before its 2× scale)
ACCENT = EDITION_COLORS[1]
STAR = " *"  # after an illustrative value
# The portfolio table: name, organisation, family, the status's coloured square, the status (widths in mm).
COLUMN_WIDTHS = (44, 36, 56, 6, 40)
COLUMN_KEYS = ("pdf.col_name", "pdf.col_organisation", "pdf.col_family", "pdf.col_status")
TABLE_FONT, TABLE_LINE = 8.5, 4.1  # pt, mm: long names and families wrap on a second line
SQUARE = "■"
LANGUAGE_TAGS = {"fr": "fr-FR", "en": "en-GB"}


class PdfFontMissing(RuntimeError):
    """The Unicode font the summary is set in is not installed."""


@dataclass(frozen=True)
class Summary:
    """What the page prints, gathered from the store."""

    insee_code: str
    name: str
    departement: str
    edition_id: int | None
    district: str | None
    population: int | None
    sources: tuple[str, ...]
    portfolio: pd.DataFrame
    mean_scores: tuple[float, ...] | None
    any_demo: bool


def rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


def font_paths(font_dir: Path = FONT_DIR) -> dict[str, Path]:
    paths = {style: font_dir / name for style, name in FONT_FILES.items()}
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        raise PdfFontMissing(
            f"Font not found: {', '.join(missing)}. Install Debian's fonts-dejavu-core "
            "(scripts/install_system_deps.sh does)."
        )
    return paths


@lru_cache(maxsize=1)
def _contours() -> dict[str, list[list[tuple[float, float]]]]:
    with open(GEO_DIR / "metropole.geojson", encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    result = {}
    for feature in features:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        result[feature["properties"]["insee_code"]] = [[tuple(p) for p in poly[0]] for poly in polygons]
    return result


def summary(engine: Engine, insee_code: str) -> Summary | None:
    rows = frame(engine, select(Commune).where(Commune.insee_code == insee_code))
    if rows.empty:
        return None
    commune = rows.iloc[0]
    portfolio = projects(engine, commune_insee=insee_code)
    assessed = portfolio.dropna(subset=["replicability_index"])
    means = tuple(float(assessed[c].mean()) for c in CRITERIA) if not assessed.empty else None
    any_demo = bool(portfolio["status_is_demo"].fillna(False).any() or portfolio["is_demo"].fillna(False).any()
                    or assessed["assessment_is_demo"].fillna(False).any())
    # An illustrative status has no document behind it: the demo box says so, the sources do not repeat it.
    real_status = ~portfolio["status_is_demo"].fillna(False).astype(bool)
    sources = [commune["source"], commune["district_source"], *portfolio["source"],
               *portfolio.loc[real_status, "status_source"]]
    if means is not None:
        sources.append(criteria()[0].source)
    sources.append(GEO_SOURCE)
    clean = documents(s for s in sources if isinstance(s, str))
    return Summary(
        insee_code=insee_code,
        name=commune["name"],
        departement=commune["departement"],
        edition_id=None if pd.isna(commune["edition_id"]) else int(commune["edition_id"]),
        district=commune["innovation_district"] if isinstance(commune["innovation_district"], str) else None,
        population=None if pd.isna(commune["population"]) else int(commune["population"]),
        sources=clean,
        portfolio=portfolio,
        mean_scores=means,
        any_demo=any_demo,
    )


def documents(sources: Iterable[str]) -> tuple[str, ...]:
    """Each document cited once: the seed files a source names (a quoted detail after one is left to the
    dashboard), or the source's text when it names none, in the order they first come."""
    cited: dict[str, None] = {}
    for source in sources:
        files = [match.group(0) for match in SEED_FILE.finditer(source)]
        for part in files or [part.strip() for part in source.split(" ; ")]:
            if part:
                cited.setdefault(part)
    return tuple(cited)


class Page(FPDF):
    def __init__(self, fonts: dict[str, Path]) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.fonts_dir = next(iter(fonts.values())).parent
        for style, path in fonts.items():
            self.add_font("DejaVu", style, str(path))
        self.set_auto_page_break(False)
        self.set_margins(14, 12, 14)
        self.add_page()
        self.set_text_color(*rgb(TEXT))

    def heading(self, text: str, y: float | None = None, x: float | None = None, w: float = 0) -> None:
        if y is not None:
            self.set_xy(x if x is not None else self.l_margin, y)
        self.set_font("DejaVu", "B", 12.5)
        self.set_text_color(*rgb(ACCENT))
        self.cell(w, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*rgb(TEXT))


def _draw_outline(pdf: FPDF, rings: list[list[tuple[float, float]]], x: float, y: float, w: float, h: float) -> None:
    """The commune's contour, scaled to fit the box (equirectangular, x shrunk by cos(latitude))."""
    points = [p for ring in rings for p in ring]
    lat0 = sum(lat for _, lat in points) / len(points)
    k = math.cos(math.radians(lat0))
    xs = [lon * k for lon, _ in points]
    ys = [lat for _, lat in points]
    scale = min(w / (max(xs) - min(xs)), h / (max(ys) - min(ys)))
    dx = x + (w - (max(xs) - min(xs)) * scale) / 2
    dy = y + (h - (max(ys) - min(ys)) * scale) / 2
    pdf.set_draw_color(*rgb(ACCENT))
    pdf.set_fill_color(*rgb(palette.EDITION_LIGHT[1]))
    pdf.set_line_width(0.5)
    for ring in rings:
        pdf.polygon([(dx + (lon * k - min(xs)) * scale, dy + (max(ys) - lat) * scale) for lon, lat in ring], style="DF")


def draw_radar_vector(pdf: FPDF, scores: tuple[float, ...], labels: list[str], x: float, y: float, w: float, h: float) -> None:
    """Fallback radar with fpdf2 lines: grid rings 1–3, the five axes, the mean polygon."""
    cx, cy, r = x + w / 2, y + h / 2 + 2, min(w, h) / 2 - 12
    angles = [math.pi / 2 - 2 * math.pi * i / len(scores) for i in range(len(scores))]

    def point(value: float, angle: float) -> tuple[float, float]:
        return cx + r * value / 3 * math.cos(angle), cy - r * value / 3 * math.sin(angle)

    pdf.set_draw_color(*rgb(palette.BACKGROUND_LINE))
    pdf.set_line_width(0.2)
    for level in (1, 2, 3):
        pdf.polygon([point(level, a) for a in angles], style="D")
    for angle, label in zip(angles, labels):
        pdf.line(cx, cy, *point(3, angle))
        lx, ly = point(3.3, angle)
        pdf.set_font("DejaVu", "", 7)
        width = pdf.get_string_width(label)
        # Centred above and below the chart; on the sides, the label runs away from it, never over the polygon.
        side = math.cos(angle)
        pdf.set_xy(lx - width / 2 if abs(side) < 0.3 else lx - width if side < 0 else lx, ly - 2)
        pdf.cell(width, 4, label)
    pdf.set_draw_color(*rgb(ACCENT))
    pdf.set_fill_color(*rgb(palette.EDITION_LIGHT[1]))
    pdf.set_line_width(0.6)
    pdf.polygon([point(v, a) for v, a in zip(scores, angles)], style="DF")


def _radar_png(scores: tuple[float, ...], lang: str) -> bytes:
    figure = radar([RadarSeries("", scores, ACCENT)], height=RADAR_PX[1], lang=lang)
    figure.update_layout(margin=dict(l=230, r=230, t=95, b=75), font=dict(size=24),
                         polar=dict(angularaxis=dict(tickfont=dict(size=24)), radialaxis=dict(tickfont=dict(size=18))))
    return figure_bytes(figure, "png", width=RADAR_PX[0], height=RADAR_PX[1], scale=2)


def commune_pdf(engine: Engine, insee_code: str, lang: str = "fr", radar_png: bytes | None = None,
                today: date | None = None, font_dir: Path = FONT_DIR, base: str = LOCAL_BASE) -> bytes:
    """The one-page summary as PDF bytes. ``radar_png`` skips the browser when the caller has the image;
    ``base`` starts the page's address printed in the footer (``qmi.outputs.links.public_base``).

    Raises ``LookupError`` for an unknown commune and ``PdfFontMissing`` when DejaVu is absent.
    The steps run in page order: each one leaves the pen (font, colours, line width) to the next.
    """
    data = summary(engine, insee_code)
    if data is None:
        raise LookupError(insee_code)
    pdf = Page(font_paths(font_dir))
    _metadata(pdf, data, lang)
    _identity(pdf, data, lang)
    if data.any_demo:
        demo_marker(pdf, lang)
    top = pdf.get_y() + 4
    _outline(pdf, insee_code, top, lang)
    _key_figures(pdf, _cards(data, lang), top, lang)
    sources_text = _sources_text(data, lang)
    bottom = sources_top(pdf, sources_text)
    radar_top = top + 64
    shown, portfolio_h = _portfolio_fit(pdf, data.portfolio, lang, bottom - radar_top - 8 - RADAR_MIN_H - 2)
    radar_h = max(RADAR_MIN_H, min(RADAR_H, bottom - portfolio_h - (radar_top + 8) - 2))
    portfolio_top = _radar(pdf, data, radar_top, radar_h, lang, radar_png)
    _portfolio(pdf, data.portfolio, portfolio_top, lang, shown)
    sources_block(pdf, sources_text, bottom)
    footer(pdf, public_url("commune", insee_code, base, lang), lang, today)
    return bytes(pdf.output())


def _metadata(pdf: FPDF, data: Summary, lang: str) -> None:
    metadata(pdf, f"{data.name} — {t('pdf.subtitle', lang)}", t("pdf.subject", lang, name=data.name), lang)


def metadata(pdf: FPDF, title: str, subject: str, lang: str) -> None:
    """Title, author, subject and language, read by screen readers and shown by PDF viewers."""
    pdf.set_title(title)
    pdf.set_author(t("pdf.author", lang))
    pdf.set_subject(subject)
    pdf.set_creator(t("app.title", lang))
    pdf.set_lang(LANGUAGE_TAGS.get(lang, LANGUAGE_TAGS["fr"]))
    pdf.set_display_mode("fullpage")
    pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)


def _identity(pdf: FPDF, data: Summary, lang: str) -> None:
    """The accent band, then subtitle, name, edition · département · INSEE, and the district if any."""
    title_band(pdf, t("pdf.subtitle", lang), data.name)
    pdf.set_font("DejaVu", "", 10.5)
    pdf.cell(pdf.epw, 6, " · ".join(_facts(data, lang)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if data.district:
        pdf.multi_cell(pdf.epw, 5.5, formatting.label_value(t("pdf.district", lang), data.district, lang), align="L",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def title_band(pdf: FPDF, subtitle: str, name: str, size: float = 24) -> None:
    """The accent band across the top of the page, the subtitle, then the name large (wrapped when long)."""
    pdf.set_fill_color(*rgb(ACCENT))
    pdf.rect(0, 0, pdf.w, 6, style="F")
    pdf.set_xy(pdf.l_margin, 10)
    pdf.set_font("DejaVu", "", 9.5)
    pdf.cell(pdf.epw, 5, subtitle, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("DejaVu", "B", size)
    pdf.multi_cell(pdf.epw, size / 2, name, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _facts(data: Summary, lang: str) -> list[str]:
    facts = [f"{t('pdf.departement', lang)} {data.departement}", f"INSEE {data.insee_code}"]
    if data.edition_id is not None:
        facts.insert(0, edition_name(data.edition_id, lang))
    return facts


def demo_marker(pdf: FPDF, lang: str, text: str | None = None) -> None:
    """The boxed warning that the values marked * are illustrative (``text``, else the summary's)."""
    pdf.ln(1.5)
    pdf.set_fill_color(*rgb(palette.DEMO_FILL))
    pdf.set_draw_color(*rgb(palette.DEMO_BORDER))
    pdf.set_text_color(*rgb(palette.DEMO_TEXT))
    pdf.set_font("DejaVu", "B", 9.5)
    pdf.multi_cell(pdf.epw, 5.5, text or t("pdf.demo", lang), border=1, fill=True, padding=1.5, align="L",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*rgb(TEXT))


def _outline(pdf: Page, insee_code: str, top: float, lang: str) -> None:
    """Left column: the heading and the commune's contour when the GeoJSON has it."""
    pdf.heading(t("pdf.map", lang), y=top)
    rings = _contours().get(insee_code)
    if rings:
        _draw_outline(pdf, rings, pdf.l_margin, top + 9, 58, 50)


def _level(row) -> tuple[int | None, bool]:
    """A portfolio row's deployment level (None when unknown) and whether it was abandoned."""
    return None if pd.isna(row.deployment_level) else int(row.deployment_level), bool(row.abandoned)


def _index_demo(portfolio: pd.DataFrame) -> bool:
    """Whether any printed replicability index is illustrative."""
    index = portfolio["replicability_index"].dropna()
    return bool(portfolio.loc[index.index, "assessment_is_demo"].fillna(False).any())


def _cards(data: Summary, lang: str) -> list[tuple[str, str, bool]]:
    """The key figures as (value, label, illustrative): experiments, deployed, mean index, population."""
    portfolio = data.portfolio
    status_known = portfolio[portfolio["deployment_level"].notna() | portfolio["abandoned"].fillna(False)]
    index = portfolio["replicability_index"].dropna()
    cards = [(formatting.number(len(portfolio), lang, 0), t("pdf.experiments", lang), False)]
    if len(status_known):
        deployed = sum(is_deployed(*_level(r)) for r in status_known.itertuples())
        cards.append((f"{deployed} / {len(status_known)}", t("pdf.deployed", lang),
                      bool(portfolio["status_is_demo"].fillna(False).any())))
    if len(index):
        cards.append((formatting.number(float(index.mean()), lang, 1), t("pdf.mean_index", lang).replace("15", str(INDEX_MAX)),
                      _index_demo(portfolio)))
    if data.population:
        cards.append((formatting.number(data.population, lang, 0), t("pdf.population", lang), False))
    return cards


def _key_figures(pdf: Page, cards: list[tuple[str, str, bool]], top: float, lang: str) -> None:
    """Right column: the heading and the cards, two a row."""
    pdf.heading(t("pdf.key_figures", lang), y=top, x=pdf.l_margin + 68)
    card_w, card_h = (pdf.epw - 68 - 4) / 2, 24
    for i, (value, label, demo) in enumerate(cards):
        x = pdf.l_margin + 68 + (i % 2) * (card_w + 4)
        y = top + 9 + (i // 2) * (card_h + 3)
        _card(pdf, value + (STAR if demo else ""), label, x, y, card_w, card_h)


def _card(pdf: FPDF, value: str, label: str, x: float, y: float, w: float, h: float) -> None:
    """One key figure: a framed box, the value large in the accent colour, its label below."""
    pdf.set_draw_color(*rgb(palette.GRID))
    pdf.set_line_width(0.3)
    pdf.rect(x, y, w, h, style="D")
    pdf.set_xy(x + 3, y + 2)
    pdf.set_font("DejaVu", "B", 20)
    pdf.set_text_color(*rgb(ACCENT))
    pdf.cell(w - 6, 10, value)
    pdf.set_text_color(*rgb(TEXT))
    pdf.set_xy(x + 3, y + 12.5)
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(w - 6, 4.3, label, align="L")


def _sources_text(data: Summary, lang: str) -> str:
    return t("pdf.sources", lang) + formatting.colon(lang) + " · ".join(titles(data.sources, lang))


def sources_top(pdf: FPDF, sources_text: str) -> float:
    """Where the sources start so that they end just above the footer (measured in their font)."""
    pdf.set_font("DejaVu", "", 7.5)
    lines = len(pdf.multi_cell(pdf.epw, 3.6, sources_text, align="L", dry_run=True, output="LINES"))
    return pdf.h - 14 - lines * 3.6 - 1


def _radar(pdf: Page, data: Summary, y: float, h: float, lang: str, radar_png: bytes | None) -> float:
    """The mean radar (image, else drawn with lines, else a sentence); returns the y below it."""
    pdf.heading(t("pdf.radar", lang) + (STAR if _index_demo(data.portfolio) else ""), y=y)
    if data.mean_scores is None:
        pdf.set_font("DejaVu", "", 10)
        pdf.cell(pdf.epw, 8, t("pdf.no_radar", lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        return y + 18
    box = (pdf.l_margin, y + 8, pdf.epw, h)
    image = radar_png if radar_png is not None else radar_image(data.mean_scores, lang)
    if image is not None:
        pdf.image(io.BytesIO(image), x=box[0] + (box[2] - h * RADAR_PX[0] / RADAR_PX[1]) / 2, y=box[1], h=h,
                  alt_text=radar_text(data.mean_scores, lang))
    else:
        _radar_drawn(pdf, data.mean_scores, box, lang)
    return box[1] + box[3] + 2


def radar_text(scores: tuple[float, ...], lang: str) -> str:
    """The radar in words, for a screen reader: each criterion's mean score out of 3."""
    return t("pdf.radar", lang) + formatting.colon(lang) + " ; ".join(
        f"{criterion.name} {formatting.number(score, lang, 1)} / 3" for criterion, score in zip(criteria(lang), scores))


def radar_image(scores: tuple[float, ...], lang: str) -> bytes | None:
    """The radar drawn by the browser, or None when no browser can."""
    try:
        return _radar_png(scores, lang)
    except ImageExportError:
        return None


def _radar_drawn(pdf: FPDF, scores: tuple[float, ...], box: tuple[float, float, float, float], lang: str) -> None:
    """The fallback radar, and the note under it that it was drawn without a browser."""
    draw_radar_vector(pdf, scores, [c.name for c in criteria(lang)], *box)
    pdf.set_xy(pdf.l_margin, box[1] + box[3] - 4)
    pdf.set_font("DejaVu", "", 7.5)
    pdf.cell(pdf.epw, 4, t("pdf.radar_drawn", lang), align="R")


def _portfolio_fit(pdf: Page, portfolio: pd.DataFrame, lang: str, room: float) -> tuple[int, float]:
    """How many experiments the table lists (at most MAX_ROWS, fewer when their wrapped rows would
    leave the radar less than its minimum) and the height the heading and table then take (measured)."""
    shown = min(len(portfolio), MAX_ROWS)
    while True:
        with pdf.offset_rendering() as trial:
            trial.pdf.set_y(pdf.t_margin)
            _portfolio(trial.pdf, portfolio, pdf.t_margin, lang, shown)
            height = trial.pdf.get_y() - pdf.t_margin + 3
        if height <= room or shown <= 1:
            return shown, height
        shown -= 1


def _portfolio(pdf: Page, portfolio: pd.DataFrame, y: float, lang: str, shown: int) -> None:
    """The heading, then the table of the first ``shown`` experiments and how many more there are."""
    pdf.heading(t("pdf.portfolio", lang), y=y)
    if portfolio.empty:
        pdf.set_font("DejaVu", "", 10)
        pdf.cell(pdf.epw, 7, t("pdf.no_projects", lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        return
    pdf.set_font("DejaVu", "", TABLE_FONT)
    pdf.set_draw_color(*rgb(palette.GRID))
    pdf.set_fill_color(*rgb(palette.WHITE))  # fpdf2 fills table cells with the pen's fill colour
    pdf.set_line_width(0.2)
    heading = FontFace(emphasis="BOLD", color=rgb(palette.MUTED_TEXT), size_pt=7.5)
    with pdf.table(col_widths=COLUMN_WIDTHS, width=sum(COLUMN_WIDTHS), align="LEFT", text_align="LEFT",
                   v_align="MIDDLE", borders_layout=TableBordersLayout.HORIZONTAL_LINES, line_height=TABLE_LINE,
                   padding=(1.1, 1.2, 1.1, 0), headings_style=heading) as table:
        header = table.row()
        for key in COLUMN_KEYS:
            header.cell(t(key, lang).upper(), colspan=2 if key == "pdf.col_status" else 1)
        for row in portfolio.head(shown).itertuples():
            _portfolio_row(table.row(), row, lang)
    if len(portfolio) > shown:
        pdf.set_font("DejaVu", "", 9)
        pdf.cell(pdf.epw, 5.2, t("pdf.more", lang, n=len(portfolio) - shown), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _portfolio_row(cells: Row, row, lang: str) -> None:
    """One experiment: name (bold), organisation, family, then the status after its coloured square."""
    level, abandoned = _level(row)
    name, organisation, family = _row_texts(row, lang)
    cells.cell(name, style=FontFace(emphasis="BOLD"))
    cells.cell(organisation)
    cells.cell(family)
    cells.cell(SQUARE, style=FontFace(color=rgb(STATUS_COLORS["abandoned" if abandoned else level])))
    cells.cell(_status_text(level, abandoned, lang) + (STAR if row.status_is_demo else ""))


def _row_texts(row, lang: str) -> list[str]:
    """Name, organisation (the company, also when the experiment bears its name) and solution family."""
    organisation = row.organisation if isinstance(row.organisation, str) else ""
    family = family_name(row.family_code, lang, row.family) if isinstance(row.family_code, str) else ""
    return [row.name, organisation, family]


def _status_text(level: int | None, abandoned: bool, lang: str) -> str:
    """The status label, preceded by its level when the experiment goes on."""
    status = deployment_label(level, abandoned, lang)
    return f"{level} · {status}" if level is not None and not abandoned else status


def sources_block(pdf: FPDF, sources_text: str, top: float) -> None:
    pdf.set_font("DejaVu", "", 7.5)
    pdf.set_xy(pdf.l_margin, top)
    pdf.multi_cell(pdf.epw, 3.6, sources_text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def footer(pdf: FPDF, url: str, lang: str, today: date | None) -> None:
    """The generation date and the page's address, at the bottom, in the sources' font."""
    bottom = pdf.h - 10
    pdf.set_xy(pdf.l_margin, bottom - 4)
    pdf.set_text_color(*rgb(palette.MUTED_TEXT))
    pdf.cell(pdf.epw, 4, t("pdf.generated", lang, day=formatting.day(today or date.today(), lang), url=url))
