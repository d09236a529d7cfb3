"""Small hostile files built by hand (zipfile and raw XML): what a crafted upload can hold."""

from __future__ import annotations

import io
import zipfile

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEADER = ("experimentation", "indicateur", "debut_periode", "valeur", "commentaire", "source")


def _parts(sheet: str, shared: list[str] | None, styles: bool) -> dict[str, str]:
    overrides = ('<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                 'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
                 'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
    rels = ('<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/>')
    parts = {}
    if shared is not None:
        overrides += ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                      'officedocument.spreadsheetml.sharedStrings+xml"/>')
        rels += ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                 'sharedStrings" Target="sharedStrings.xml"/>')
        items = "".join(f"<si><t>{s}</t></si>" for s in shared)
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{NS}" count="{len(shared)}" uniqueCount="{len(shared)}">{items}</sst>'
    if styles:
        overrides += ('<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                      'spreadsheetml.styles+xml"/>')
        rels += ('<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                 'styles" Target="styles.xml"/>')
        parts["xl/styles.xml"] = (f'<styleSheet xmlns="{NS}"><cellXfs count="2"><xf numFmtId="0"/>'
                                  '<xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>')  # style 1: a date
    parts["[Content_Types].xml"] = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>')
    parts["_rels/.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>')
    parts["xl/workbook.xml"] = (
        f'<workbook xmlns="{NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="mesures" sheetId="1" r:id="rId1"/></sheets></workbook>')
    parts["xl/_rels/workbook.xml.rels"] = (
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>')
    parts["xl/worksheets/sheet1.xml"] = sheet
    return parts


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_row(header: tuple[str, ...] = HEADER) -> str:
    return '<row r="1">' + "".join(inline(f"{col}1", name) for col, name in zip("ABCDEFGHIJ", header)) + "</row>"


def data_row(n: int, period: str = '<v>45352</v>', period_style: str = ' s="1"', value: str = "<v>12</v>",
             value_type: str = "", slug: str = "kunagi", code: str = "SOC-JOBS") -> str:
    """A measurement row: ``period`` defaults to the date serial of 2024-03-01 with the date style."""
    return (f'<row r="{n}">{inline(f"A{n}", slug)}{inline(f"B{n}", code)}<c r="C{n}"{period_style}>{period}</c>'
            f'<c r="D{n}"{value_type}>{value}</c></row>')


def sheet_xml(rows: str, dimension: str | None = "A1:F2", prolog: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension is not None else ""
    return f'{prolog}<worksheet xmlns="{NS}">{dim}<sheetData>{rows}</sheetData></worksheet>'


def workbook(rows: str = "", dimension: str | None = "A1:F2", shared: list[str] | None = None, styles: bool = True,
             sheet: str | None = None, extra: dict[str, bytes | str] | None = None, truncate: int | None = None,
             header: tuple[str, ...] = HEADER) -> bytes:
    """An .xlsx whose sheet holds ``rows`` (raw ``<row>`` XML) after the ``header`` row (a measurement file's)."""
    parts = _parts(sheet if sheet is not None else sheet_xml(header_row(header) + rows, dimension), shared, styles)
    if truncate is not None:
        parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"][:truncate]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in {**parts, **(extra or {})}.items():
            archive.writestr(name, text)
    return buffer.getvalue()
