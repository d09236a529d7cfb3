"""The evaluation sheet of one experiment as a PDF of at most 2 A4 pages (fpdf2), in the commune
summary's style (``qmi.outputs.pdf``: its page, fonts, band, radar, demo marker, sources and footer).

Sections flow in order; one that does not fit on page 1 starts page 2, and what would not fit on page 2
is trimmed and says so: the description after :data:`DESCRIPTION_LINES` lines, the timeline to its
:data:`MAX_STEPS` latest steps, the indicators to the first ones that fit (« … et N autres »), each
pointing to the online sheet. Text is printed as typed (fpdf2 reads no Markdown unless asked).
The radar is drawn with fpdf2 lines (no browser: a report of a thousand sheets is built in minutes).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

from fpdf import FontFace
from fpdf.enums import TableBordersLayout, XPos, YPos
from sqlalchemy.engine import Engine

from qmi import palette
from qmi.domain.evidence import assess
from qmi.domain.progress import display_name, shown_decimals
from qmi.domain.scoring import (
    CONSOLIDATED,
    INDEX_MAX,
    MEAN,
    basis_label,
    criteria,
    deployment_label,
    score_level,
    score_text,
)
from qmi.i18n import formatting, t, tn
from qmi.i18n.labels import challenge_name, edition_name, family_name
from qmi.i18n.record import record_text
from qmi.i18n.sources import describe, titles
from qmi.outputs.links import LOCAL_BASE, sheet_url
from qmi.outputs.pdf import (
    ACCENT,
    FONT_DIR,
    STAR,
    Page,
    demo_marker,
    draw_radar_vector,
    font_paths,
    footer,
    metadata,
    rgb,
    sources_block,
    sources_top,
    title_band,
)
from qmi.queries.sheets import IndicatorLine, LessonLine, Scores, Sheet, TransferLine, sheet

MAX_PAGES = 2
DESCRIPTION_LINES = 12
MAX_STEPS = 6
MAX_INDICATORS = 14
TEXT_MAX = 400  # characters of one typed line (a step's note, a lesson) printed before « … »
BODY, LINE = 9.5, 4.6  # pt, mm
RADAR_W, RADAR_H = 94, 68
INDICATOR_WIDTHS = (58, 21, 25, 21, 25, 32)  # indicator, baseline, latest, target, progress, status (mm)


def sheet_pdf(engine: Engine, slug: str, lang: str = "fr", today: date | None = None,
              font_dir: Path = FONT_DIR, base: str = LOCAL_BASE) -> bytes:
    """The sheet of ``slug`` as PDF bytes. Raises ``LookupError`` for an unknown (or archived) experiment."""
    data = sheet(engine, slug)
    if data is None:
        raise LookupError(slug)
    return render(data, lang, today, font_dir, base)


def render(data: Sheet, lang: str = "fr", today: date | None = None, font_dir: Path = FONT_DIR,
           base: str = LOCAL_BASE) -> bytes:
    pdf = Page(font_paths(font_dir))
    url = sheet_url(data.slug, base, lang)
    metadata(pdf, f"{data.name} — {t('nav.sheet', lang)}", t("sheets.subject", lang, name=data.name), lang)
    title_band(pdf, t("sheets.kicker", lang), data.name, size=20)
    _identity(pdf, data, lang)
    if data.any_demo:
        demo_marker(pdf, lang, t("sheets.demo", lang))
    sources_text = t("sheets.sources", lang) + formatting.colon(lang) + " · ".join(titles(data.sources, lang))
    sections: list[Callable[[Page], None]] = [
        lambda p: _description(p, data, lang),
        lambda p: _timeline(p, data, lang),
    ]
    if not data.measured:
        sections.append(lambda p: _nothing_measured(p, lang))
    else:
        sections.append(lambda p: _radar(p, data, lang))
    sections.append(None)  # the indicators: fitted to the room left (see below)
    sections += [lambda p: _assessors(p, data, lang), lambda p: _lessons(p, data, lang),
                 lambda p: _evidence(p, data, lang), lambda p: _transfers(p, data, lang)]
    tail = sections[sections.index(None) + 1:]
    for section in sections:
        if section is None:
            _place_indicators(pdf, data, lang, tail, sources_text)
            continue
        _place(pdf, section, _room(pdf, sources_text))
    pdf.set_text_color(*rgb(palette.TEXT))
    sources_block(pdf, sources_text, max(pdf.get_y() + 2, sources_top(pdf, sources_text)))
    footer(pdf, url, lang, today)
    return bytes(pdf.output())


def _room(pdf: Page, sources_text: str) -> float:
    """The height left on this page, above the sources (page 2) or the page's bottom (page 1)."""
    bottom = sources_top(pdf, sources_text) if pdf.page == MAX_PAGES else pdf.h - 16
    return bottom - pdf.get_y()


_scratch = threading.local()  # a page per thread to measure on (pages are drawn by several sessions at once)
SCRATCH_USES = 400  # measurements drawn over each other on one scratch page before a fresh one


def _scratch_page(pdf: Page) -> Page:
    page = getattr(_scratch, "page", None)
    if page is None or page.fonts_dir != pdf.fonts_dir or _scratch.uses >= SCRATCH_USES:
        page = _scratch.page = Page(font_paths(pdf.fonts_dir))
        _scratch.uses = 0
    _scratch.uses += 1
    return page


def _height(pdf: Page, draw: Callable[[Page], None]) -> float:
    """What ``draw`` would take, measured by drawing it on a scratch page (fpdf2's ``offset_rendering``
    copies the whole document, fonts included, each time: a sheet took a second)."""
    scratch = _scratch_page(pdf)
    scratch.set_y(scratch.t_margin)
    draw(scratch)
    return scratch.get_y() - scratch.t_margin


def _place(pdf: Page, draw: Callable[[Page], None], room: float) -> None:
    """Draw the section here, or at the top of page 2 when it does not fit on page 1."""
    if _height(pdf, draw) > room and pdf.page < MAX_PAGES:
        second_page(pdf)
    draw(pdf)


def second_page(pdf: Page) -> None:
    """Page 2, headed by the experiment's name and the sheet's title in small (the title is on page 1)."""
    pdf.add_page()
    pdf.set_fill_color(*rgb(ACCENT))
    pdf.rect(0, 0, pdf.w, 3, style="F")
    pdf.set_xy(pdf.l_margin, 8)
    pdf.set_font("DejaVu", "", 8.5)
    pdf.set_text_color(*rgb(palette.MUTED_TEXT))
    pdf.cell(pdf.epw, 4, _short(pdf.title or "", 120), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*rgb(palette.TEXT))


def _place_indicators(pdf: Page, data: Sheet, lang: str, tail: list, sources_text: str) -> None:
    """The indicators table, with as many rows as leave room for the sections after it on page 2."""
    after = sum(_height(pdf, s) for s in tail)
    shown = min(len(data.indicators), MAX_INDICATORS)
    def too_tall(rows: int) -> bool:
        return _height(pdf, lambda p: _indicators(p, data, lang, rows)) + after > _room(pdf, sources_text)

    if pdf.page < MAX_PAGES:
        if _height(pdf, lambda p: _indicators(p, data, lang, shown)) <= _room(pdf, sources_text):
            _indicators(pdf, data, lang, shown)  # the whole table on page 1; what follows flows to page 2
            return
        second_page(pdf)
    while shown > 1 and too_tall(shown):
        shown -= 1
    _indicators(pdf, data, lang, shown)


def _short(text: str, limit: int = TEXT_MAX) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _paragraph(pdf: Page, text: str, size: float = BODY, style: str = "", line: float = LINE) -> None:
    pdf.set_font("DejaVu", style, size)
    pdf.multi_cell(pdf.epw, line, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _heading(pdf: Page, text: str) -> None:
    pdf.ln(2.5)
    pdf.heading(text)


def _dates(data: Sheet, lang: str) -> str:
    if data.start_date and data.end_date:
        return t("sheets.from_to", lang, start=formatting.day(data.start_date, lang), end=formatting.day(data.end_date, lang))
    if data.start_date:
        return t("sheets.from", lang, start=formatting.day(data.start_date, lang))
    return t("sheets.no_dates", lang)


def identity_lines(data: Sheet, lang: str) -> list[tuple[str, str]]:
    """The identity as (label, value): organisation, commune and district, edition, family, challenge, type, dates."""
    commune = data.commune + (f" — {t('sheets.district', lang)} {data.district}" if data.district else "")
    lines = [(t("sheets.organisation", lang), data.organisation), (t("sheets.commune", lang), commune),
             (t("sheets.edition", lang), edition_name(data.edition_id, lang))]
    if data.family_code:
        lines.append((t("sheets.family", lang), family_name(data.family_code, lang, data.family)))
    if data.challenge_code:
        challenge = challenge_name(data.challenge_code, lang, data.challenge)
        lines.append((t("sheets.challenge", lang),
                      challenge + (f" ({t('sheets.challenge_proposed', lang)})" if data.challenge_proposed else "")))
    if data.type_tags:
        lines.append((t("sheets.tags", lang), data.type_tags))
    lines.append((t("sheets.dates", lang), _dates(data, lang)))
    status = deployment_label(data.deployment_level, data.abandoned, lang)
    if data.deployment_level is not None and not data.abandoned:
        status = f"{data.deployment_level} · {status}"
    lines.append((t("sheets.status", lang), status + (STAR if data.status_is_demo else "")))
    return lines


def _identity(pdf: Page, data: Sheet, lang: str) -> None:
    pdf.ln(1)
    for label, value in identity_lines(data, lang):
        pdf.set_font("DejaVu", "B", BODY)
        pdf.cell(42, LINE, label)
        pdf.set_font("DejaVu", "", BODY)
        pdf.multi_cell(pdf.epw - 42, LINE, _short(value, 200), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _description(pdf: Page, data: Sheet, lang: str) -> None:
    _heading(pdf, t("sheets.description", lang))
    if not data.description.strip():
        _paragraph(pdf, t("sheets.no_description", lang))
        return
    pdf.set_font("DejaVu", "", BODY)
    lines = pdf.multi_cell(pdf.epw, LINE, data.description, dry_run=True, output="LINES")
    text = data.description
    if len(lines) > DESCRIPTION_LINES:
        text = " ".join(line.strip() for line in lines[:DESCRIPTION_LINES - 1]) + " " + t("sheets.more_text", lang)
    _paragraph(pdf, text)


def step_text(step, lang: str) -> str:
    """« mai 2024 — 3 · Test réussi (source) * », a step of the timeline in one line."""
    status = deployment_label(step.level, step.abandoned, lang)
    if step.level is not None and not step.abandoned:
        status = f"{step.level} · {status}"
    said = [status]
    if step.source and not step.is_demo:
        said.append(f"· {describe(step.source, lang, short=True)}")
    if step.note:
        said.append(f"— {step.note}")
    text = f"{formatting.day(step.changed_on, lang, step.precision)} — " + " ".join(said)
    if step.current:
        text += f" [{t('sheets.current', lang)}]"
    return _short(text) + (STAR if step.is_demo else "")


def _timeline(pdf: Page, data: Sheet, lang: str) -> None:
    _heading(pdf, t("sheets.timeline", lang))
    if not data.timeline:
        _paragraph(pdf, t("sheets.no_timeline", lang))
        return
    shown = data.timeline[-MAX_STEPS:]
    for step in reversed(shown):  # the latest first
        _paragraph(pdf, "• " + step_text(step, lang), style="B" if step.current else "")
    if len(data.timeline) > len(shown):
        _paragraph(pdf, t("sheets.more_steps", lang, n=len(data.timeline) - len(shown)), size=8.5)


def _nothing_measured(pdf: Page, lang: str) -> None:
    pdf.ln(3)
    pdf.set_fill_color(*rgb(palette.EDITION_LIGHT[1]))
    pdf.set_draw_color(*rgb(ACCENT))
    pdf.set_font("DejaVu", "B", BODY)
    pdf.multi_cell(pdf.epw, 5.2, t("sheets.nothing_measured", lang), border=1, fill=True, padding=2, align="L",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _radar(pdf: Page, data: Sheet, lang: str) -> None:
    """The latest assessment: the radar (left), the index and each criterion's level (right)."""
    assessment = data.assessment
    star = STAR if assessment is not None and assessment.is_demo else ""
    _heading(pdf, t("sheets.radar", lang) + star)
    if assessment is None:
        _paragraph(pdf, t("sheets.no_assessment", lang))
        return
    top = pdf.get_y()
    marks = criteria(lang)
    draw_radar_vector(pdf, tuple(float(s) for s in assessment.scores), [c.name for c in marks],
                      pdf.l_margin, top, RADAR_W, RADAR_H)
    x = pdf.l_margin + RADAR_W + 4
    pdf.set_xy(x, top + 2)
    pdf.set_font("DejaVu", "B", 12)
    pdf.set_text_color(*rgb(ACCENT))
    pdf.multi_cell(pdf.epw - RADAR_W - 4, 7, index_text(assessment, lang) + star, align="L",
                   new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_text_color(*rgb(palette.TEXT))
    pdf.set_font("DejaVu", "", 8.5)
    pdf.multi_cell(pdf.epw - RADAR_W - 4, 4.2, t("sheets.assessed_on", lang, date=formatting.day(assessment.assessed_on, lang),
                                        n=data.assessments), align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.multi_cell(pdf.epw - RADAR_W - 4, 4.2, basis_text(assessment, lang), align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.ln(1.5)
    for criterion, score in zip(marks, assessment.scores):
        pdf.set_x(x)
        pdf.set_font("DejaVu", "B", 8.5)
        pdf.multi_cell(pdf.epw - RADAR_W - 4, 4.2, f"{criterion.name} — {score_text(score, lang)} / 3", align="L",
                       new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_font("DejaVu", "", 8.5)
        pdf.multi_cell(pdf.epw - RADAR_W - 4, 4.2, level_text(criterion.code, score, lang), align="L",
                       new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_xy(pdf.l_margin, max(pdf.get_y(), top + RADAR_H) + 1)


SECTION_ITEMS = 4  # lessons, transfers or evidence reasons a section of the PDF lists; the rest is online
FLAG = "⚑"  # beside a spread of more than one point (DejaVu has the glyph)


def index_text(assessment: Scores, lang: str) -> str:
    """« Indice de réplicabilité : 12,5 / 15 » (a mean of assessors may be fractional)."""
    return t("sheets.index", lang, value=score_text(assessment.index, lang), max=INDEX_MAX)


def basis_text(assessment: Scores, lang: str) -> str:
    """Which scores the index uses: « Indice calculé sur : moyenne de 2 évaluateurs. »"""
    return t("assessors.basis_note", lang, basis=basis_label(assessment.basis, assessment.count, lang))


def no_assessors_text(data: Sheet, lang: str) -> str:
    """Why the sheet lists no assessor: several scored but the blind rule waits for consolidation, or
    only one score was recorded per date."""
    if data.assessment is not None and data.assessment.basis == MEAN:
        return tn("assessors.hidden_until_consolidated", data.assessment.count, lang)
    return t("sheets.no_assessors", lang)


def level_text(code: str, score: float | int, lang: str) -> str:
    """A criterion's level for its score: its label, or « entre X et Y » for a mean between two levels."""
    return score_level(code, score, lang).split(" · ", 1)[1]


def assessor_table(data: Sheet, lang: str) -> tuple[list[str], list[list[str]]]:
    """One row per criterion, one column per submitted assessor (numbered, as :func:`assessor_names` lists
    them), then the spread and « ⚑ » where two assessors differ by more than one point."""
    header = [t("sheets.col.criterion", lang), *(t("assessors.col.number", lang, n=n) for n in range(1, len(data.assessors) + 1))]
    if data.spread is not None:
        header.append(t("assessors.col.spread", lang))
    rows = []
    for position, criterion in enumerate(criteria(lang)):
        row = [criterion.name, *(str(line.scores[position]) for line in data.assessors)]
        if data.spread is not None:
            flag = f" {FLAG}" if criterion.code in data.disagreements else ""
            row.append(f"{data.spread[position]}{flag}")
        rows.append(row)
    return header, rows


def assessor_names(data: Sheet, lang: str) -> list[str]:
    """« Évaluateur 1 : Paris&Co (Paris&Co) », one per column of :func:`assessor_table`."""
    return [f"{t('assessors.col.number', lang, n=n)}{formatting.colon(lang)}{record_text(line.assessor, lang)}"
            f" ({t(f'assessors.kind.{line.kind}', lang)})" + (STAR if line.is_demo else "")
            for n, line in enumerate(data.assessors, start=1)]


def disagreement_text(data: Sheet, lang: str) -> str | None:
    """What the flag says, when some criterion has one."""
    if not data.disagreements:
        return None
    names = ", ".join(c.name for c in criteria(lang) if c.code in data.disagreements)
    consolidated = data.assessment is not None and data.assessment.basis == CONSOLIDATED
    return t("sheets.disagreement_consolidated" if consolidated else "sheets.disagreement", lang, flag=FLAG, criteria=names)


def lesson_text(line: LessonLine, lang: str) -> str:
    """« Ce qui a marché — <texte> (preuve : …) »; a story leads with its title."""
    kind = t(f"lessons.kind.{line.kind}", lang)
    head = f"{kind} — {record_text(line.title, lang)}" if line.title else kind
    evidence = f" ({t('sheets.lesson_evidence', lang)}{formatting.colon(lang)}{record_text(line.evidence, lang)})" \
        if line.evidence else ""
    return f"{head}{formatting.colon(lang)}{record_text(line.text, lang)}{evidence}" + (STAR if line.is_demo else "")


def value_text(value: float | None, value_type: str, lang: str) -> str:
    return "–" if value is None else formatting.number(value, lang, shown_decimals(value, value_type))


def indicator_cells(line: IndicatorLine, lang: str) -> list[str]:
    """Indicator (unit), baseline, latest, target, progress, status: one row of the table."""
    star = STAR if line.is_demo else ""
    name = f"{display_name(line.code, line.name, lang)} ({record_text(line.unit, lang)})"
    return [_short(name, 160), value_text(line.baseline, line.value_type, lang),
            value_text(line.latest, line.value_type, lang) + star, value_text(line.target, line.value_type, lang),
            "–" if line.progress is None else formatting.percent(line.progress, lang), t(f"indicators.status.{line.status}", lang)]


def _indicators(pdf: Page, data: Sheet, lang: str, shown: int) -> None:
    _heading(pdf, t("sheets.indicators", lang))
    if not data.indicators:
        _paragraph(pdf, t("sheets.no_protocol", lang))
        return
    pdf.set_font("DejaVu", "", 8.5)
    pdf.set_draw_color(*rgb(palette.GRID))
    pdf.set_fill_color(*rgb(palette.WHITE))
    pdf.set_line_width(0.2)
    heading = FontFace(emphasis="BOLD", color=rgb(palette.MUTED_TEXT), size_pt=7.5)
    with pdf.table(col_widths=INDICATOR_WIDTHS, width=sum(INDICATOR_WIDTHS), align="LEFT", text_align="LEFT",
                   v_align="MIDDLE", borders_layout=TableBordersLayout.HORIZONTAL_LINES, line_height=4.1,
                   padding=(1.0, 1.2, 1.0, 0), headings_style=heading) as table:
        header = table.row()
        for key in ("indicator", "baseline", "latest", "target", "progress"):
            header.cell(t(f"sheets.col.{key}", lang).upper())
        header.cell(t("sheets.status", lang).upper())
        for line in data.indicators[:shown]:
            row = table.row()
            for cell in indicator_cells(line, lang):
                row.cell(cell)
    if len(data.indicators) > shown:
        _paragraph(pdf, t("sheets.more_indicators", lang, n=len(data.indicators) - shown), size=8.5)


def _absent_or(pdf: Page, heading: str, items: tuple, absent: str, lang: str, text: Callable[[object], str]) -> None:
    """A section of the other parts of the evaluation: its items when there are some, else that there are none."""
    _heading(pdf, t(heading, lang))
    if not items:
        _paragraph(pdf, t(absent, lang), size=8.5)
        return
    for item in items[:SECTION_ITEMS]:
        _paragraph(pdf, "• " + _short(text(item), 300), size=8.5, line=4.2)
    _more_online(pdf, len(items) - SECTION_ITEMS, lang)


def _more_online(pdf: Page, left_out: int, lang: str) -> None:
    """Said, not silently dropped: what two pages could not hold is on the online sheet."""
    if left_out > 0:
        _paragraph(pdf, tn("sheets.more_online", left_out, lang), size=8, line=3.8)


def _assessors(pdf: Page, data: Sheet, lang: str) -> None:
    """Each submitted assessor's scores, criterion by criterion, with the spread and its flag."""
    _heading(pdf, t("sheets.assessors", lang))
    if not data.assessors:
        _paragraph(pdf, no_assessors_text(data, lang), size=8.5)
        return
    header, rows = assessor_table(data, lang)
    pdf.set_font("DejaVu", "", 8.5)
    pdf.set_draw_color(*rgb(palette.GRID))
    pdf.set_fill_color(*rgb(palette.WHITE))  # fpdf2's tables fill with the current colour (a heading's band)
    widths = (52, *(22,) * (len(header) - 1))
    heading = FontFace(emphasis="BOLD", color=rgb(palette.MUTED_TEXT), size_pt=7.5)
    with pdf.table(col_widths=widths, width=min(pdf.epw, sum(widths)), align="LEFT", text_align="LEFT",
                   borders_layout=TableBordersLayout.HORIZONTAL_LINES, line_height=4.1, padding=(0.8, 1.2, 0.8, 0),
                   headings_style=heading) as table:
        for cells in (header, *rows):
            row = table.row()
            for cell in cells:
                row.cell(cell)
    for line in (*assessor_names(data, lang), disagreement_text(data, lang)):
        if line:
            _paragraph(pdf, _short(line, 200), size=8, line=3.8)


def _lessons(pdf: Page, data: Sheet, lang: str) -> None:
    _absent_or(pdf, "sheets.lessons", data.lessons, "sheets.no_lessons", lang, lambda line: lesson_text(line, lang))


def _evidence(pdf: Page, data: Sheet, lang: str) -> None:
    """The level of evidence (0–5) and its « pourquoi »."""
    evidence = assess(data.evidence, lang)
    _heading(pdf, t("sheets.evidence", lang) + (STAR if evidence.is_demo else ""))
    _paragraph(pdf, evidence.label(lang), style="B")
    for reason in evidence.reasons[:SECTION_ITEMS]:
        _paragraph(pdf, "• " + _short(reason, 200), size=8.5, line=4.2)
    _more_online(pdf, len(evidence.reasons) - SECTION_ITEMS, lang)


def transfer_text(line: TransferLine, lang: str) -> str:
    """« Essaimé vers Argenteuil — Pelican à Argenteuil : Évalué, Résultats obtenus »."""
    head = (t("transfers.outgoing", lang, commune=line.commune) if line.outgoing
            else t("transfers.incoming", lang, name=record_text(line.name, lang), commune=line.commune))
    stage, outcome = t(f"transfers.stage.{line.stage}", lang), t(f"transfers.outcome.{line.outcome}", lang)
    name = f" — {record_text(line.name, lang)}" if line.outgoing else ""
    return f"{head}{name}{formatting.colon(lang)}{stage}, {outcome.lower()}" + (STAR if line.is_demo else "")


def _transfers(pdf: Page, data: Sheet, lang: str) -> None:
    _absent_or(pdf, "sheets.transfers", data.transfers, "sheets.no_transfers", lang, lambda line: transfer_text(line, lang))


def write_sheets(engine: Engine, outdir: Path, lang: str = "fr", commune_insee: str | None = None,
                 base: str = LOCAL_BASE, today: date | None = None, limit: int | None = None) -> list[Path]:
    """One PDF per public experiment (one commune's, when given) in ``outdir``, named ``<slug>.pdf``;
    ``limit`` stops after that many (the benchmark's sample). Returns the files written."""
    from qmi.queries.sheets import sheet_list

    outdir.mkdir(parents=True, exist_ok=True)
    fonts = font_paths()  # a missing font fails before the first file, not on each one
    written = []
    for slug in list(sheet_list(engine, commune_insee=commune_insee)["slug"])[:limit]:
        data = sheet(engine, slug)
        if data is None:  # archived between the list and now
            continue
        path = outdir / f"{slug}.pdf"
        path.write_bytes(render(data, lang, today, fonts[""].parent, base))
        written.append(path)
    return written
