"""The evaluation sheet drawn on a page (``pages/sheet.py``), its PDF download, and the QR code of
« Toutes les évaluations ». Every value people typed is drawn as typed (``ui.literal`` / ``ui.escape``).

Each section of :class:`qmi.queries.sheets.Sheet` is drawn when it holds something and says plainly when
it does not. The texts are the PDF's (``qmi.outputs.sheet_pdf``), so both say the same.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from qmi import ui
from qmi.domain.evidence import assess
from qmi.domain.scoring import criteria, score_text
from qmi.draw import charts
from qmi.i18n.sources import cite
from qmi.outputs import links, pdf, qr, sheet_pdf
from qmi.palette import EDITION_COLORS, TEXT
from qmi.queries.sheets import Sheet
from qmi.ui import changes as ui_changes
from qmi.ui import exports as ui_exports
from qmi.ui import transfers as ui_transfers


def header(sheet: Sheet) -> None:
    """Title, the way back to the list and to the experiment's page, the identity and the PDF."""
    st.caption(ui.t("sheets.kicker"))
    st.title(ui.literal(sheet.name))
    back, record = st.columns(2)
    back.page_link("pages/evaluations.py", label=ui.t("sheets.all_link"), icon=":material/arrow_back:", query_params={})
    record.page_link("pages/projects.py", label=ui.t("sheets.record_link"), icon=":material/science:",
                     query_params={"experimentation": sheet.slug})
    ui.demo_notice(sheet.any_demo)
    identity, description = st.columns([2, 3], gap="large")
    with identity:
        st.subheader(ui.t("sheets.identity"))
        lines = sheet_pdf.identity_lines(sheet, ui.lang())
        st.markdown("\n".join(f"- **{ui.escape(label)}**{ui.colon()}{ui.literal(value)}" for label, value in lines))
        pdf_download(sheet)
    with description:
        st.subheader(ui.t("sheets.description"))
        st.markdown(ui.literal(sheet.description) if sheet.description.strip() else ui.escape(ui.t("sheets.no_description")))
        ui_changes.steps(list(sheet.timeline))


def pdf_download(sheet: Sheet) -> None:
    """« Télécharger la fiche (PDF) », built when clicked."""
    try:
        pdf.font_paths()
    except pdf.PdfFontMissing:
        st.caption(ui.t("exports.no_font"))
        return
    lang, base = ui.lang(), ui_exports.public_base()
    st.download_button(ui.t("sheets.pdf"), data=lambda: sheet_pdf.render(sheet, lang, base=base),
                       file_name=f"{sheet.slug}.pdf", mime="application/pdf", key=f"qmi-sheet-pdf-{sheet.slug}",
                       on_click="ignore", help=ui.t("sheets.pdf_help"), icon=":material/picture_as_pdf:", type="primary")


def replicability(sheet: Sheet) -> None:
    """The latest assessment's radar, its index and each criterion's 0–3 level."""
    assessment = sheet.assessment
    st.header(ui.t("sheets.radar"))
    if assessment is None:
        ui.empty_state(ui.t("sheets.no_assessment"))
        return
    marks = criteria(ui.lang())
    left, right = st.columns([3, 2], gap="large")
    with left:
        figure = ui.figure(charts.radar, [charts.RadarSeries(sheet.name, list(assessment.scores),
                                                             EDITION_COLORS.get(sheet.edition_id, TEXT))], lang=ui.lang())
        ui_exports.chart(figure, f"{sheet.name} — {ui.t('sheets.radar')}", source=cite("edition1_review"),
                         demo=assessment.is_demo, toolbar=False)
    with right:
        badge = " " + ui.demo_badge() if assessment.is_demo else ""
        lang = ui.lang()
        st.markdown(f'<div class="qmi-figure-label" style="font-size:1.3rem"><b>'
                    f'{ui.escape(sheet_pdf.index_text(assessment, lang))}</b>{badge}</div>',
                    unsafe_allow_html=True)
        st.caption(ui.escape(ui.t("sheets.assessed_on", date=ui.day(assessment.assessed_on), n=sheet.assessments))
                   + " · " + ui.escape(sheet_pdf.basis_text(assessment, lang)))
    # Below the radar, the whole width: the levels' words are long, and a side column cut them on a tablet.
    st.table(pd.DataFrame({
        ui.t("sheets.col.criterion"): [c.name for c in marks],
        ui.t("sheets.col.score"): [f"{score_text(s, lang)} / 3" for s in assessment.scores],
        ui.t("sheets.col.level"): [ui.escape(sheet_pdf.level_text(c.code, s, lang))
                                   for c, s in zip(marks, assessment.scores)],
    }), hide_index=True)


def indicators(sheet: Sheet) -> None:
    """The protocol's indicators: baseline → latest → target, progress and status, unit beside the name."""
    st.header(ui.t("sheets.indicators"))
    if not sheet.indicators:
        ui.empty_state(ui.t("sheets.no_protocol"))
        return
    lang = ui.lang()
    rows = [sheet_pdf.indicator_cells(line, lang) for line in sheet.indicators]
    # Four columns, not seven: baseline → latest → target in one, progress with its status in another,
    # so that a phone shows the whole row (the PDF keeps one column each).
    table = pd.DataFrame({
        ui.t("sheets.col.indicator"): [ui.literal(r[0]) for r in rows],
        ui.t("sheets.col.path"): [ui.literal(" → ".join(cell.removesuffix(pdf.STAR) for cell in r[1:4])) for r in rows],
        ui.t("sheets.col.progress"): [ui.literal(f"{r[4]} · {r[5]}") for r in rows],
        ui.t("sheets.col.demo"): [ui.t("catalogue.yes") if line.is_demo else "" for line in sheet.indicators],
    })
    st.table(table, hide_index=True)  # st.table reads Markdown: the names and units are escaped above


def _absent_or(heading: str, items: tuple, absent: str, text=str) -> None:
    st.subheader(ui.t(heading))
    if not items:
        st.caption(ui.t(absent))
        return
    for item in items:
        st.markdown("- " + ui.literal(text(item)))


def assessors(sheet: Sheet) -> None:
    """Each submitted assessor's scores, the spread per criterion and its flag (as the PDF)."""
    st.subheader(ui.t("sheets.assessors"))
    if not sheet.assessors:
        st.caption(sheet_pdf.no_assessors_text(sheet, ui.lang()))
        return
    lang = ui.lang()
    header, rows = sheet_pdf.assessor_table(sheet, lang)
    st.table(pd.DataFrame([[ui.literal(cell) for cell in row] for row in rows], columns=header), hide_index=True)
    st.caption(" · ".join(ui.literal(name) for name in sheet_pdf.assessor_names(sheet, lang)))
    if flag := sheet_pdf.disagreement_text(sheet, lang):
        st.warning(flag, icon=":material/flag:")


def evidence_level(sheet: Sheet) -> None:
    """The level of evidence as the record shows it: its badge and its « pourquoi »."""
    evidence = assess(sheet.evidence, ui.lang())
    st.subheader(ui.t("sheets.evidence"))
    st.markdown(ui_transfers.evidence_badge(evidence), unsafe_allow_html=True)
    st.markdown("\n".join(f"- {ui.literal(reason)}" for reason in evidence.reasons))


def other_sections(sheet: Sheet) -> None:
    """Assessors and spread, lessons, evidence level, transfers: drawn when present, else said absent."""
    first, second = st.columns(2, gap="large")
    with first:
        assessors(sheet)
        _absent_or("sheets.lessons", sheet.lessons, "sheets.no_lessons", lambda line: sheet_pdf.lesson_text(line, ui.lang()))
    with second:
        evidence_level(sheet)
        _absent_or("sheets.transfers", sheet.transfers, "sheets.no_transfers",
                   lambda line: sheet_pdf.transfer_text(line, ui.lang()))


def draw(sheet: Sheet) -> None:
    """The whole sheet, in the PDF's order."""
    header(sheet)
    if not sheet.measured:
        st.info(ui.t("sheets.nothing_measured"), icon=":material/info:")
    else:
        replicability(sheet)
    indicators(sheet)
    other_sections(sheet)
    ui.source_note(*sheet.sources)


def evaluations_qr() -> None:
    """The QR code of « Toutes les évaluations » (no filter), with its PNG and SVG downloads."""
    base = ui_exports.public_base()
    url = links.evaluations_url(base, ui.lang())
    png = qr.png_bytes(url, scale=8)
    with st.popover(ui.t("exports.qr_button"), icon=":material/qr_code_2:", help=ui.t("evaluations.qr_title")):
        st.markdown(f"**{ui.escape(ui.t('evaluations.qr_title'))}**")
        ui_exports.local_address_warning(base)
        st.image(png, width=180)
        st.caption(ui.escape(ui.t("evaluations.qr_caption", url=url)))
        st.download_button(ui.t("exports.qr_png"), data=png, file_name="qr-evaluations.png", mime="image/png",
                           key="qmi-qr-evaluations-png", on_click="ignore", icon=":material/qr_code:")
        st.download_button(ui.t("exports.qr_svg"), data=qr.svg_bytes(url), file_name="qr-evaluations.svg",
                           mime="image/svg+xml", key="qmi-qr-evaluations-svg", on_click="ignore", icon=":material/qr_code:")
